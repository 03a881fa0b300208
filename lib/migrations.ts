import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { databaseFile, databaseKind, normaliseUrl } from './database-url';

/** The migrations folder of a database kind: prisma/migrations (SQLite), prisma/postgres/migrations (PostgreSQL). */
export function migrationsDir(url: string): string {
  const postgres = databaseKind(normaliseUrl(url)) === 'postgresql';
  return path.join(process.cwd(), 'prisma', ...(postgres ? ['postgres'] : []), 'migrations');
}

/** The migrations of the folder, in the order Prisma applies them (by name). */
export function migrationNames(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort();
}

interface MigrationRow {
  migration_name: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

/**
 * What `prisma migrate deploy` still has to do: the migrations not recorded as applied in Prisma's table
 * `_prisma_migrations`, plus any recorded as started and never finished (a failed one, which deploy reports).
 */
function pendingOf(dir: string, rows: readonly MigrationRow[] | null): string[] {
  const applied = new Set((rows ?? []).filter((row) => row.finished_at !== null && row.rolled_back_at === null).map((row) => row.migration_name));
  const failed = (rows ?? []).filter((row) => row.finished_at === null && row.rolled_back_at === null).map((row) => row.migration_name);
  return [...new Set([...failed, ...migrationNames(dir).filter((name) => !applied.has(name))])];
}

/** The migrations `prisma migrate deploy` would apply to the database `url` names (reads only). */
export async function pendingMigrations(url: string): Promise<string[]> {
  const normalised = normaliseUrl(url);
  const dir = migrationsDir(normalised);
  const query = 'select migration_name, finished_at, rolled_back_at from _prisma_migrations';
  if (databaseKind(normalised) === 'sqlite') {
    const file = databaseFile(normalised);
    if (!fs.existsSync(file)) return migrationNames(dir);
    const sqlite = new Database(file, { readonly: true, timeout: 10_000 });
    try {
      const table = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = '_prisma_migrations'").get();
      return pendingOf(dir, table ? (sqlite.prepare(query).all() as MigrationRow[]) : null);
    } finally {
      sqlite.close();
    }
  }
  const { Client } = (await import('pg')).default;
  const client = new Client({ connectionString: normalised });
  await client.connect();
  try {
    const table = await client.query("select to_regclass('_prisma_migrations') is not null as present");
    return pendingOf(dir, table.rows[0]?.present ? ((await client.query(query)).rows as MigrationRow[]) : null);
  } finally {
    await client.end();
  }
}

/**
 * Runs `prisma migrate deploy` on the database `url` names (prisma.config.ts picks schema and migrations).
 * The caller checks {@link pendingMigrations} afterwards: scripts/prisma-cli-preload.cjs lets the CLI exit
 * as soon as its work is done.
 */
export function deployMigrations(url: string): { output: string } {
  const prismaCli = path.join(process.cwd(), 'node_modules', 'prisma', 'build', 'index.js');
  const preload = path.join(process.cwd(), 'scripts', 'prisma-cli-preload.cjs');
  const result = spawnSync(process.execPath, ['--require', preload, prismaCli, 'migrate', 'deploy'], {
    env: { ...process.env, DATABASE_URL: normaliseUrl(url), PRISMA_HIDE_UPDATE_MESSAGE: '1' },
    encoding: 'utf8',
  });
  return { output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

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
  // NOTE: on SQLite another process starting at the same moment may hold the file while it migrates: then
  // the CLI gives up after its busy timeout (10 s), and the next try finds the work done or does it.
  for (let attempt = 1; pending.length > 0; attempt++) {
    const result = deployMigrations(normalised);
    // NOTE: checked whatever the CLI said: another process starting at the same moment may have applied them.
    if ((await pendingMigrations(normalised)).length === 0) break;
    const busy = sqlite && /SQLITE_BUSY|SocketTimeout|database is locked/i.test(result.output);
    if (busy && attempt < 3) continue;
    throw new Error(
      busy
        ? `The migrations ${pending.join(', ')} cannot be applied while another process has ${databaseFile(normalised)} open ` +
            '(Prisma migrates a SQLite file with an exclusive lock). Stop the running app, then start again.'
        : `prisma migrate deploy left migrations unapplied:\n${result.output}`,
    );
  }
  if (!sqlite) return;
  const db = new Database(databaseFile(normalised), { timeout: 10_000 });
  // NOTE: WAL is stored in the file, so every later connection (the app's adapter too) uses it.
  if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
  db.close();
}
