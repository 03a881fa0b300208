import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDbConnection, type DbConnection } from '../lib/db-client';
import { migrate } from '../lib/migrations';
import { sql } from '../lib/sql';
import { createTestDatabase, type TestDatabase } from './helpers/test-database';

// lib/db-client.ts keeps SQLite's prepared statements and uses them again (the adapter would prepare each
// anew); each use must still see its own arguments, the current data and the current schema.
describe('prepared statements used again (SQLite)', () => {
  let database: TestDatabase;
  let connection: DbConnection;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    await migrate(database.url);
    connection = createDbConnection(database.url);
  });

  afterAll(async () => {
    await connection.client.$disconnect();
    await database.drop();
  });

  it('runs one statement with different arguments, inside and outside transactions, through SQL and Prisma alike', async () => {
    const { client, sql: sqlDb } = connection;
    for (const name of ['ada', 'brian', 'chen']) {
      await client.user.create({ data: { id: `id-${name}`, username: name, passwordHash: 'x' } });
    }
    const byName = (name: string) => sqlDb.query(sql`SELECT "username" AS u FROM "User" WHERE "username" = ${name}`);
    expect(await byName('ada')).toEqual([{ u: 'ada' }]);
    expect(await byName('brian')).toEqual([{ u: 'brian' }]);
    expect(await byName('nobody')).toEqual([]);
    await sqlDb.transaction(async (tx) => {
      await tx.execute(sql`UPDATE "User" SET "username" = ${'chen2'} WHERE "username" = ${'chen'}`);
      expect(await tx.query(sql`SELECT "username" AS u FROM "User" WHERE "username" = ${'chen2'}`)).toEqual([{ u: 'chen2' }]);
    });
    await expect(
      sqlDb.transaction(async (tx) => {
        await tx.execute(sql`UPDATE "User" SET "username" = ${'ada2'} WHERE "username" = ${'ada'}`);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect((await client.user.findMany({ orderBy: { username: 'asc' } })).map((u) => u.username)).toEqual(['ada', 'brian', 'chen2']);
    expect(await client.user.findUnique({ where: { username: 'brian' } })).toMatchObject({ username: 'brian' });
    expect(await client.user.findUnique({ where: { username: 'ada' } })).toMatchObject({ username: 'ada' });
  });

  it('sees a column added after the statement was first prepared', async () => {
    await connection.sql.execute(sql`CREATE TABLE "Scratch" ("k" TEXT PRIMARY KEY)`);
    await connection.sql.execute(sql`INSERT INTO "Scratch" ("k") VALUES (${'a'})`);
    const all = () => connection.sql.query(sql`SELECT * FROM "Scratch"`);
    expect(await all()).toEqual([{ k: 'a' }]);
    await connection.sql.execute(sql`ALTER TABLE "Scratch" ADD COLUMN "extra" TEXT DEFAULT 'added'`);
    expect(await all()).toEqual([{ k: 'a', extra: 'added' }]);
  });
});
