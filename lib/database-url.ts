import path from 'node:path';

/** The two databases the app runs on (DESIGN.md, "Storage"). */
export type DatabaseKind = 'sqlite' | 'postgresql';

/** Which database a URL names: `file:…` is SQLite, `postgresql://…` (or `postgres://…`) is PostgreSQL. */
export function databaseKind(url: string): DatabaseKind {
  if (url.startsWith('file:')) return 'sqlite';
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgresql';
  throw new Error(`DATABASE_URL must be a SQLite file URL (file:...) or a PostgreSQL URL (postgresql://...), got ${redactUrl(url)}`);
}

/**
 * The database to use: DATABASE_URL, or `./data/study.db` under the working directory. A SQLite URL comes
 * back with an absolute path (`file:/abs/study.db`), a PostgreSQL URL as it is.
 */
export function databaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return normaliseUrl(env.DATABASE_URL?.trim() || 'file:./data/study.db');
}

/** `url` with a SQLite path made absolute; any other URL unchanged (throws for an unknown kind). */
export function normaliseUrl(url: string): string {
  return databaseKind(url) === 'sqlite' ? `file:${databaseFile(url)}` : url;
}

/** The absolute path of the SQLite file named by a `file:` URL. */
export function databaseFile(url: string = databaseUrl()): string {
  if (databaseKind(url) !== 'sqlite') throw new Error('the database is not a SQLite file');
  const file = url.replace(/^file:(\/\/)?/, '').split('?')[0] ?? '';
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), file);
}

/** A URL fit for logs and messages: the password, if any, replaced by `***`. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}
