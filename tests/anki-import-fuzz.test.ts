/**
 * Fuzz of the whole import (read → plan → one transaction) against a real database (a SQLite file; in npm test's
 * PostgreSQL run a PostgreSQL database): mutated packages (bit flips
 * in the collection's SQLite, in the zip) and generated field contents (HTML, TeX, cloze markup, images). Each
 * import either lands, with every stored note passing the authoring checks, or is refused with a status and a
 * message and leaves the database exactly as it was — never another exception.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusalMessage } from '../lib/anki';
import { ImportRefusedError } from '../lib/anki-import/errors';
import { runImport } from '../lib/anki-import/run';
import { cardProblems, type NoteFields } from '../lib/authoring-schema';
import { prepareDatabase } from '../lib/prepare';
import { packageEntries, sampleData, zipEntries, type FixtureData } from './helpers/anki-fixtures';
import { createTestDatabase, realDatabase, type TestDatabase } from './helpers/test-database';

const RUNS = Number(process.env.ANKI_IMPORT_FUZZ_RUNS ?? 25);
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  await prepareDatabase(database.url);
  await database.query(`INSERT INTO "User" ("id", "username", "passwordHash", "role") VALUES ('fuzzer', 'fuzzer', 'x', 'editor')`);
}, 120_000);

afterAll(async () => {
  await database?.drop();
});

async function snapshot(): Promise<string> {
  const tables = ['Article', 'Note', 'NoteVersion', 'Card', 'CardState', 'Review', 'Media', 'card_search'];
  const counts = await Promise.all(tables.map(async (table) => `${table}:${(await database.query<{ n: number }>(`SELECT count(*) AS n FROM "${table}"`))[0]!.n}`));
  return counts.join(' ');
}

async function importOnce(bytes: Uint8Array): Promise<'ok' | number> {
  const before = await snapshot();
  try {
    await runImport({ bytes, filename: 'fuzz.apkg', history: true, dryRun: false, userId: 'fuzzer', databaseUrl: database.url, nowMs: Date.UTC(2026, 11, 7) });
  } catch (error) {
    if (!(error instanceof ImportRefusedError)) throw error;
    expect(error.message).toBe(refusalMessage(error.code, error.args));
    expect(error.message).not.toMatch(/\{[A-Za-z][A-Za-z0-9]*\}/);
    expect(error.message.length).toBeGreaterThan(10);
    expect(await snapshot()).toBe(before);
    return error.status;
  }
  // Whatever landed is content an editor could have written.
  for (const row of await database.query<{ fields: unknown }>(`SELECT "fields" FROM "Note" WHERE "origin" = 'imported'`)) {
    const fields = (typeof row.fields === 'string' ? JSON.parse(row.fields) : row.fields) as NoteFields;
    expect(cardProblems(fields)).toEqual([]);
  }
  return 'ok';
}

function flip(bytes: Buffer, where: [number, number][]): Buffer {
  const out = Buffer.from(bytes);
  for (const [at, bit] of where) {
    const index = at % Math.max(1, out.length);
    out[index] = (out[index] ?? 0) ^ (1 << bit);
  }
  return out;
}

const flips = fc.array(fc.tuple(fc.integer({ min: 0, max: 2 ** 30 }), fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 8 });
const fragment = fc.oneof(
  fc.constantFrom('<b>', '</b>', '<br>', '<div>', '</div>', '<i>x</i>', '\\(', '\\)', '\\[', '\\]', '$', '$$', '{{c1::', '{{c2::', '}}', '::', '[latex]', '[/latex]', '[$]', '[/$]',
    '<img src="eigen.png">', '<img src="missing.png">', '&lt;', '&amp;', '&#0;', '\\frac{1}{2}', '\\begin{matrix}', '矩阵', '`', '*', '_', '#', '<a href="https://x.example/">l</a>', '<span>', '{', '}'),
  fc.string({ maxLength: 12 }),
);
const fieldText = fc.array(fragment, { maxLength: 12 }).map((parts) => parts.join(''));

describe(`Anki import fuzz (${realDatabase})`, () => {
  it('bit flips in the collection or the zip: the import lands or is refused, and a refusal changes nothing', async () => {
    const data = cleanData();
    const entries = packageEntries(data, 'legacy1');
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.boolean(), flips, async (inCollection, where) => {
        const mutated = inCollection ? entries.map(([name, bytes]): [string, Buffer] => [name, name === 'collection.anki2' ? flip(bytes, where) : bytes]) : entries;
        const zip = await zipEntries(mutated);
        seen.add(String(await importOnce(inCollection ? zip : flip(zip, where))));
      }),
      { numRuns: RUNS, seed: 13 },
    );
    expect([...seen].some((outcome) => outcome === '400')).toBe(true);
  }, 240_000);

  it('generated field contents: only content passing the authoring checks is stored', async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fieldText, fieldText), { minLength: 5, maxLength: 5 }), async (fields) => {
        const data = cleanData();
        data.notes.forEach((note, index) => {
          const [a, b] = fields[index]!;
          note.fields = note.fields.map((value, at) => (at === 0 ? a : at === 1 ? b : value));
        });
        seen.add(String(await importOnce(await zipEntries(packageEntries(data, 'legacy2')))));
      }),
      { numRuns: RUNS, seed: 7 },
    );
    expect(seen.has('ok')).toBe(true);
  }, 240_000);
});

function cleanData(): FixtureData {
  const data = sampleData();
  data.notes[0]!.fields = ['What is an eigenvector of \\(A\\)?', 'A vector \\(v \\neq 0\\)<img src="eigen.png">'];
  data.notes[3]!.fields[1] = 'See more';
  return data;
}
