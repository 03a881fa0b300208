import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { databaseFile } from './database-url';

/**
 * A consistent copy of the live database through SQLite's online backup API (safe while the app
 * writes; WAL content is included). Returns the bytes of a standalone .db file.
 */
export async function backupDatabase(): Promise<Buffer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'study-backup-'));
  const target = path.join(dir, 'backup.db');
  const source = new Database(databaseFile(), { fileMustExist: true });
  try {
    await source.backup(target);
    return fs.readFileSync(target);
  } finally {
    source.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
