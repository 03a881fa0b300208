import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { PrismaClient } from '@prisma/client';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { families } from '../problems';
import { buildContent, readArticleSources, seedFile } from './content';
import { syncContent, type SyncReport } from './content-sync';
import { databaseFile } from './database-url';

/** Applies the Prisma migrations to the SQLite file at `url` (created if missing) and turns on WAL. */
export function migrate(url: string): void {
  const file = databaseFile(url);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const prismaCli = path.join(process.cwd(), 'node_modules', 'prisma', 'build', 'index.js');
  const result = spawnSync(process.execPath, [prismaCli, 'migrate', 'deploy'], {
    env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`prisma migrate deploy failed:\n${result.stdout}\n${result.stderr}`);
  const sqlite = new Database(file);
  // NOTE: WAL is stored in the file, so every later connection (the app's adapter too) uses it.
  sqlite.pragma('journal_mode = WAL');
  sqlite.close();
}

/** Loads the content (seed, article files, problem families) into the database at `url`. */
export async function loadContent(url: string, now: Date = new Date()): Promise<SyncReport> {
  const content = buildContent(fs.readFileSync(seedFile, 'utf8'), readArticleSources(), families);
  const db = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }) });
  try {
    return await syncContent(db, content, now);
  } finally {
    await db.$disconnect();
  }
}

/** What `npm start` does before serving: migrations, then content. */
export async function prepareDatabase(url: string): Promise<SyncReport> {
  migrate(url);
  return loadContent(url);
}
