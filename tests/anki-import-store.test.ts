/**
 * The import's one write transaction on a real database (a SQLite file; in npm test's PostgreSQL run a PostgreSQL
 * database), through lib/anki-import/store.ts: a plan is written only when nothing it was made against has moved
 * since. Plans are made here first and written afterwards, so what another writer does in between is certain
 * (through the HTTP API that is a race: tests/api-anki.test.ts runs one between two app processes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAnkiPackage } from '@/lib/anki';
import { buildImport } from '@/lib/anki-import/plan';
import { ImportConflictError, openImportStore } from '@/lib/anki-import/store';
import type { ImportChanges } from '@/lib/anki-import/types';
import { prepareDatabase } from '@/lib/prepare';
import { buildPackage, sampleData, type FixtureData } from './helpers/anki-fixtures';
import { createTestDatabase, realDatabase, type TestDatabase } from './helpers/test-database';

const userId = 'importer';
const nowMs = Date.UTC(2026, 11, 7);
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  await prepareDatabase(database.url);
  await database.query(`INSERT INTO "User" ("id", "username", "passwordHash", "role") VALUES (?, 'importer', 'x', 'editor')`, userId);
}, 120_000);

afterAll(async () => {
  await database?.drop();
});

function cleanData(): FixtureData {
  const data = sampleData();
  data.notes[0]!.fields = ['What is an eigenvector of \\(A\\)?', 'A vector \\(v \\neq 0\\)<img src="eigen.png">'];
  data.notes[3]!.fields[1] = 'See more';
  return data;
}

/** Plans an import of `data` against the database as it is now (nothing written). */
async function plan(data: FixtureData, history = true): Promise<ImportChanges> {
  const collection = await readAnkiPackage(await buildPackage(data, 'legacy2'));
  const store = await openImportStore(database.url);
  try {
    const user = await store.user(userId);
    return (await buildImport(collection, { history, nowMs, lookup: store.lookup(userId, user!.settings) })).changes;
  } finally {
    await store.close();
  }
}

async function write(changes: ImportChanges): Promise<void> {
  const store = await openImportStore(database.url);
  try {
    await store.apply(changes, userId, nowMs);
  } finally {
    await store.close();
  }
}

async function snapshot(): Promise<string> {
  const tables = ['Article', 'Note', 'NoteVersion', 'Card', 'CardState', 'Review', 'Media', 'card_search'];
  const rows = await Promise.all(tables.map(async (table) => `${table}:${(await database.query<{ n: number }>(`SELECT count(*) AS n FROM "${table}"`))[0]!.n}`));
  const versions = await database.query<{ id: string; version: number }>(`SELECT "id", "version" FROM "Note" WHERE "origin" = 'imported' ORDER BY "id"`);
  const reps = await database.query<{ cardId: string; reps: number }>(`SELECT "cardId", "reps" FROM "CardState" ORDER BY "cardId"`);
  return JSON.stringify([rows, versions, reps]);
}

describe(`Anki import store (${realDatabase})`, () => {
  it('refuses a plan whose new articles and notes another import wrote in the meantime, writing nothing', async () => {
    // Without history: the first check (card states) would refuse it before the names are tried.
    const first = await plan(cleanData(), false);
    const second = await plan(cleanData(), false);
    expect(second.notes.filter((note) => note.isNew)).toHaveLength(6);
    await write(first);
    const before = await snapshot();
    expect(await database.query(`SELECT "id" FROM "Note" WHERE "guid" LIKE 'anki:%'`)).toHaveLength(6);
    await expect(write(second)).rejects.toThrow(ImportConflictError);
    await expect(write(second)).rejects.toThrow(/took the same names\); import again/);
    expect(await snapshot()).toBe(before);
  });

  it('refuses a plan that updates a note an editor changed in the meantime, writing nothing', async () => {
    const data = cleanData();
    data.notes[1]!.fields = ['trace of a matrix', 'sum of the diagonal entries'];
    const changes = await plan(data);
    const updated = changes.notes.filter((note) => !note.isNew);
    expect(updated.length).toBeGreaterThan(0);
    await database.query('UPDATE "Note" SET "version" = "version" + 1 WHERE "id" = ?', updated[0]!.id);
    const before = await snapshot();
    await expect(write(changes)).rejects.toThrow(new RegExp(`the card ${updated[0]!.id.replace(/[/-]/g, '.')} was edited while the package was read`));
    expect(await snapshot()).toBe(before);
  });

  it('refuses a plan whose history replays a card the user reviewed in the meantime, and writes it once nothing moved', async () => {
    await write(await plan(cleanData()));
    const data = cleanData();
    // One more review in Anki of the eigenvector card (revlog type 1: review), after those imported before.
    data.revlog.push([1_700_000_000_000 + 9000, 1_700_000_000_200, 3, 20, 12, 2300, 3000, 1]);
    const changes = await plan(data);
    expect(changes.reviews).toHaveLength(1);
    const [expected] = changes.expect.states;
    expect(expected?.reps).toBeGreaterThan(0);
    await database.query('UPDATE "CardState" SET "reps" = "reps" + 1 WHERE "userId" = ? AND "cardId" = ?', userId, expected!.cardId);
    const before = await snapshot();
    await expect(write(changes)).rejects.toThrow(/was reviewed \(or another import brought its history\) while the package was read; import again/);
    expect(await snapshot()).toBe(before);

    await database.query('UPDATE "CardState" SET "reps" = "reps" - 1 WHERE "userId" = ? AND "cardId" = ?', userId, expected!.cardId);
    await write(await plan(data));
    const [state] = await database.query<{ reps: number }>('SELECT "reps" FROM "CardState" WHERE "userId" = ? AND "cardId" = ?', userId, expected!.cardId);
    expect(state!.reps).toBe(expected!.reps! + 1);
  });
});
