/**
 * One source schema (prisma/schema.prisma), two databases: the PostgreSQL schema must be what the source
 * derives to, and each database's migrations must build exactly the schema's tables. When this fails after
 * a change of prisma/schema.prisma: write the SQLite migration (README, "Changing the schema"), then run
 * `npm run db:postgres-schema`, which rewrites prisma/postgres/schema.prisma and writes the PostgreSQL migration.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '../lib/migrations';
import { postgresSchemaInStep } from '../scripts/postgres-schema.mjs';
import { createTestDatabase, testPostgresUrl, type TestDatabase } from './helpers/test-database';

const databases: TestDatabase[] = [];
afterAll(async () => {
  await Promise.all(databases.map((database) => database.drop()));
});

function prisma(args: string[], databaseUrl: string) {
  const result = spawnSync(process.execPath, ['--require', './scripts/prisma-cli-preload.cjs', 'node_modules/prisma/build/index.js', ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, output: `${result.stdout}${result.stderr}` };
}

/** A SQLite file's tables as order-free facts: columns (type, null, default, key), indexes, foreign keys. */
function sqliteCatalog(file: string): string[] {
  const sqlite = new Database(file, { readonly: true });
  try {
    const tables = sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name != '_prisma_migrations'").all() as { name: string }[];
    return tables.flatMap(({ name }) => [
      `table ${name}`,
      ...sqlite.prepare(`select * from pragma_table_info(?)`).all(name).map((c) => `column ${name} ${JSON.stringify({ ...(c as object), cid: undefined })}`),
      ...(sqlite.prepare(`select * from pragma_index_list(?)`).all(name) as { name: string; unique: number }[]).map(
        (index) => `index ${name} ${index.name} ${index.unique} ${(sqlite.prepare('select name from pragma_index_info(?) order by seqno').all(index.name) as { name: string }[]).map((c) => c.name).join(',')}`,
      ),
      ...sqlite.prepare(`select * from pragma_foreign_key_list(?)`).all(name).map((k) => `foreign key ${name} ${JSON.stringify({ ...(k as object), id: undefined })}`),
    ]).sort();
  } finally {
    sqlite.close();
  }
}

describe('the PostgreSQL schema and both migration histories follow prisma/schema.prisma', () => {
  it('prisma/postgres/schema.prisma is derived from prisma/schema.prisma (else: npm run db:postgres-schema)', () => {
    expect(postgresSchemaInStep()).toBe(true);
  });

  if (testPostgresUrl) {
    it('the PostgreSQL migrations build the derived schema (prisma migrate diff finds no difference)', async () => {
      const database = await createTestDatabase();
      databases.push(database);
      // NOTE: Prisma applies the migrations to a shadow database it makes on the same server, then compares.
      const diff = prisma(['migrate', 'diff', '--from-migrations', 'prisma/postgres/migrations', '--to-schema-datamodel', 'prisma/postgres/schema.prisma', '--exit-code'], database.url);
      expect(diff.output).toContain('No difference detected');
      expect(diff.status).toBe(0);
    }, 120_000);
  } else {
    it('the SQLite migrations build the same tables as the schema itself', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-sync-'));
      try {
        const migrated = path.join(dir, 'migrated.db');
        await migrate(`file:${migrated}`);
        // NOTE: Prisma's own SQLite shadow database cannot run a migration file (the driver adapter takes one
        // statement at a time), so the schema's tables are made from its script and compared table by table.
        const script = prisma(['migrate', 'diff', '--from-empty', '--to-schema-datamodel', 'prisma/schema.prisma', '--script'], `file:${migrated}`);
        expect(script.status, script.output).toBe(0);
        const direct = new Database(path.join(dir, 'direct.db'));
        direct.exec(script.stdout);
        direct.close();
        expect(sqliteCatalog(migrated)).toEqual(sqliteCatalog(path.join(dir, 'direct.db')));
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }, 120_000);
  }
});
