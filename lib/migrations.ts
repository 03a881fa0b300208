import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type pg from 'pg';
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
export async function pendingMigrations(url: string, client?: pg.ClientBase): Promise<string[]> {
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
  const run = async (pgClient: pg.ClientBase) => {
    const table = await pgClient.query("select to_regclass('_prisma_migrations') is not null as present");
    return pendingOf(dir, table.rows[0]?.present ? ((await pgClient.query(query)).rows as MigrationRow[]) : null);
  };
  if (client) return run(client);
  const { Client } = (await import('pg')).default;
  const own = new Client({ connectionString: normalised });
  await own.connect();
  try {
    return await run(own);
  } finally {
    await own.end();
  }
}

/** Runs `prisma migrate deploy` on the database `url` names (prisma.config.ts picks schema and migrations). */
export function deployMigrations(url: string): { ok: boolean; output: string } {
  const prismaCli = path.join(process.cwd(), 'node_modules', 'prisma', 'build', 'index.js');
  const result = spawnSync(process.execPath, [prismaCli, 'migrate', 'deploy'], {
    env: { ...process.env, DATABASE_URL: normaliseUrl(url), PRISMA_HIDE_UPDATE_MESSAGE: '1' },
    encoding: 'utf8',
  });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}
