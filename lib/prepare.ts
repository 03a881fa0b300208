import fs from 'node:fs';
import { families } from '../problems';
import { buildContent, readArticleSources, seedFile } from './content';
import { syncContent, type SyncReport } from './content-sync';
import { createDbClient } from './db-client';
import { databaseKind, normaliseUrl } from './database-url';
import { migrate } from './migrations';

/** Loads the content (seed, article files, problem families) into the database at `url`. */
export async function loadContent(url: string, now: Date = new Date()): Promise<SyncReport> {
  const content = buildContent(fs.readFileSync(seedFile, 'utf8'), readArticleSources(), families);
  // NOTE: a second process starting at the same moment waits for the first one's load, however long.
  const db = createDbClient(url, { sqliteBusyTimeoutMs: 120_000 });
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
