import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { databaseFile, databaseKind, databaseUrl } from './database-url';
import { copyDatabase } from './db-copy';
import { migrate } from './migrations';

/**
 * A consistent copy of the live database as the bytes of a standalone SQLite .db file. On SQLite through
 * its online backup API (safe while the app writes; WAL content is included); on PostgreSQL by copying
 * every table from one snapshot into a fresh SQLite file (lib/db-copy.ts). Either file restores with
 * `npm run db:copy -- --from file:backup.db --to …`; pg_dump remains the tool for a PostgreSQL-native backup.
 */
export async function backupDatabase(): Promise<Buffer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'study-backup-'));
  const target = path.join(dir, 'backup.db');
  try {
    if (databaseKind(databaseUrl()) === 'postgresql') {
      await migrate(`file:${target}`);
      await copyDatabase(databaseUrl(), `file:${target}`);
      const sqlite = new Database(target);
      // NOTE: one self-contained file: the WAL folded in and switched off.
      sqlite.pragma('journal_mode = DELETE');
      sqlite.close();
      return fs.readFileSync(target);
    }
    const source = new Database(databaseFile(), { fileMustExist: true });
    try {
      await source.backup(target);
    } finally {
      source.close();
    }
    return fs.readFileSync(target);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
