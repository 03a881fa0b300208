import path from 'node:path';

/** Where the SQLite file lives: DATABASE_URL (`file:...`) or `./data/study.db` under the working directory. */
export function databaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  const url = env.DATABASE_URL?.trim() || 'file:./data/study.db';
  if (!url.startsWith('file:')) throw new Error(`DATABASE_URL must be a SQLite file URL (file:...), got ${url}`);
  return `file:${databaseFile(url)}`;
}

/** The absolute path of the SQLite file named by a `file:` URL. */
export function databaseFile(url: string = databaseUrl()): string {
  const file = url.replace(/^file:(\/\/)?/, '').split('?')[0] ?? '';
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), file);
}
