import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { families } from '../problems';
import { buildContent, readArticleSources, seedFile } from './content';
import { syncContent, type SyncReport } from './content-sync';
import { createDbClient } from './db-client';
import { databaseFile, databaseKind, normaliseUrl } from './database-url';
import { deployMigrations, pendingMigrations } from './migrations';

/**
 * Applies the Prisma migrations of the database `url` names: prisma/migrations to a SQLite file (created if
 * missing, then WAL turned on), prisma/postgres/migrations to a PostgreSQL database. The Prisma CLI runs only
 * when a migration is pending: a start with nothing to apply never touches Prisma's migration lock.
 * NOTE: Prisma's migrate takes SQLite's file in exclusive locking mode, so it cannot run while another app
 * process has the file open; with nothing pending, a second process on the same file starts normally.
 */
export async function migrate(url: string): Promise<void> {
  const normalised = normaliseUrl(url);
  const sqlite = databaseKind(normalised) === 'sqlite';
  if (sqlite) fs.mkdirSync(path.dirname(databaseFile(normalised)), { recursive: true });
  const pending = await pendingMigrations(normalised);
  if (pending.length > 0) {
    const result = deployMigrations(normalised);
    // NOTE: another process starting at the same moment may have applied them meanwhile.
    if (!result.ok && (await pendingMigrations(normalised)).length > 0) {
      const busy = sqlite && /SQLITE_BUSY|SocketTimeout|database is locked/i.test(result.output);
      throw new Error(
        busy
          ? `The migrations ${pending.join(', ')} cannot be applied while another process has ${databaseFile(normalised)} open ` +
              '(Prisma migrates a SQLite file with an exclusive lock). Stop the running app, then start again.'
          : `prisma migrate deploy failed:\n${result.output}`,
      );
    }
  }
  if (!sqlite) return;
  const db = new Database(databaseFile(normalised), { timeout: 10_000 });
  // NOTE: WAL is stored in the file, so every later connection (the app's adapter too) uses it.
  if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
  db.close();
}

/** Loads the content (seed, article files, problem families) into the database at `url`. */
export async function loadContent(url: string, now: Date = new Date()): Promise<SyncReport> {
  const content = buildContent(fs.readFileSync(seedFile, 'utf8'), readArticleSources(), families);
  const db = createDbClient(url);
  try {
    return await syncContent(db, content, now);
  } finally {
    await db.$disconnect();
  }
}

/**
 * Runs `work` while no other app process prepares the same database: on PostgreSQL a session advisory
 * lock (processes starting together take turns; the later ones find everything done). SQLite needs none:
 * Prisma's migrate locks the file, and the content load is one transaction that takes the write lock first.
 */
async function oneAtATime<T>(url: string, work: () => Promise<T>): Promise<T> {
  if (databaseKind(url) !== 'postgresql') return work();
  const { Client } = (await import('pg')).default;
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock(hashtextextended('ml-study.prepare', 0))");
    return await work();
  } finally {
    await client.end();
  }
}

/** What `npm start` does before serving: migrations, then content. */
export async function prepareDatabase(url: string): Promise<SyncReport> {
  const normalised = normaliseUrl(url);
  return oneAtATime(normalised, async () => {
    await migrate(normalised);
    return loadContent(normalised);
  });
}
