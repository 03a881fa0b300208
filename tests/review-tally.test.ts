/**
 * ReviewTally (prisma/schema.prisma) is derived from Review by triggers in the database itself: whatever SQL
 * writes Review — inserts of many rows at once, undo, re-do, deletes, other changes, a user's deletion —
 * the table holds exactly the reviews that stand (not undone, rating 1–4) counted per user, UTC slot of
 * 900, 3600 and 86400 seconds, and button, as a plain GROUP BY over the rows would give them, and no row
 * of zeros. The migration that makes it counts the reviews already there. Statements here go straight to the
 * database (tests/helpers/test-database.ts), never through the app.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../engine/rng';
import { prepareDatabase } from '../lib/prepare';
import { createTestDatabase, realDatabase, testDialect, timeParam, type TestDatabase } from './helpers/test-database';

const states = ['new', 'learning', 'review', 'relearning'] as const;
const units = [900, 3600, 86400];

interface Row {
  id: string;
  userId: string;
  cardId: string;
  rating: number;
  stateBefore: (typeof states)[number];
  at: number;
  undone: boolean;
}

/** The tally as its definition: a GROUP BY over the rows, in JS. */
function expectedTally(rows: readonly Row[]): string[] {
  const tally = new Map<string, number[]>();
  for (const row of rows) {
    if (row.undone || row.rating < 1 || row.rating > 4) continue;
    for (const unit of units) {
      const key = `${row.userId} ${unit} ${Math.floor(row.at / 1000 / unit)}`;
      const counts = tally.get(key) ?? Array.from({ length: 8 }, () => 0);
      counts[(row.stateBefore === 'review' ? 4 : 0) + row.rating - 1]! += 1;
      tally.set(key, counts);
    }
  }
  return [...tally].map(([key, counts]) => `${key} ${counts.join(' ')}`).sort();
}

async function storedTally(database: TestDatabase): Promise<string[]> {
  const rows = await database.query<Record<string, number | string>>(
    'select "userId", "unit", "slot", "learning1", "learning2", "learning3", "learning4", "review1", "review2", "review3", "review4" from "ReviewTally"',
  );
  const columns = ['unit', 'slot', 'learning1', 'learning2', 'learning3', 'learning4', 'review1', 'review2', 'review3', 'review4'];
  return rows.map((row) => [row.userId, ...columns.map((column) => Number(row[column]))].join(' ')).sort();
}

/** A migration file, run as the migration runs it: all its statements at once. */
async function runScript(database: TestDatabase, script: string): Promise<void> {
  if (database.file === null) {
    await database.query(script);
    return;
  }
  const sqlite = new Database(database.file);
  try {
    sqlite.exec(script);
  } finally {
    sqlite.close();
  }
}

/** Random reviews of `users` on `cards`: times over 60 years from 1965 (so some before 1970), many on a slot's edge. */
function drawRows(rng: Rng, users: readonly string[], cards: readonly string[], count: number, prefix: string): Row[] {
  return Array.from({ length: count }, (_, i) => {
    const kind = rng.int(0, 3);
    // Slot edges: exactly on a quarter-hour, a millisecond before, and random instants; two bursts in one slot.
    const quarter = 900_000 * rng.int(-5 * 35_040, 55 * 35_040);
    const at = kind === 0 ? quarter : kind === 1 ? quarter - 1 : kind === 2 ? Date.UTC(2026, 2, 8, 19, 50) + rng.int(0, 30) * 60_000 : quarter + rng.int(0, 899_999);
    return {
      id: `${prefix}${i}`,
      userId: users[rng.int(0, users.length - 1)]!,
      cardId: cards[rng.int(0, cards.length - 1)]!,
      rating: rng.int(0, 12) === 0 ? rng.int(0, 1) * 5 : rng.int(1, 4),
      stateBefore: states[rng.int(0, 3)]!,
      at,
      undone: rng.chance(0.1),
    };
  });
}

const reviewColumns = '"id", "userId", "cardId", "rating", "stateBefore", "reviewedAt", "prevState", "result", "undoneAt"';

/** One multi-row INSERT per 50 rows (PostgreSQL counts a statement's rows together). */
function insertStatements(rows: readonly Row[]): [string, unknown[]][] {
  const statements: [string, unknown[]][] = [];
  for (let i = 0; i < rows.length; i += 50) {
    const chunk = rows.slice(i, i + 50);
    statements.push([
      `insert into "Review" (${reviewColumns}) values ${chunk.map(() => "(?, ?, ?, ?, ?, ?, 'null', '{}', ?)").join(', ')}`,
      chunk.flatMap((r) => [r.id, r.userId, r.cardId, r.rating, r.stateBefore, timeParam(new Date(r.at)), r.undone ? timeParam(new Date(r.at + 1000)) : null]),
    ]);
  }
  return statements;
}

async function createUsers(database: TestDatabase, ids: readonly string[]): Promise<void> {
  await database.transaction(
    ids.map((id) => ['insert into "User" ("id", "username", "usernameKey", "passwordHash", "createdAt") values (?, ?, ?, ?, ?)', [id, id, id, 'x', timeParam(new Date())]]),
  );
}

let database: TestDatabase;
let cards: string[];
const users = ['ada', 'bo', 'cy'];

beforeAll(async () => {
  database = await createTestDatabase();
  await prepareDatabase(database.url);
  cards = (await database.query<{ id: string }>('select "id" from "Card" order by "id" limit 5')).map((c) => c.id);
  await createUsers(database, users);
}, 120_000);

afterAll(async () => {
  await database?.drop();
});

describe(`ReviewTally follows every write of Review (${realDatabase})`, () => {
  it('counts inserts, undo, re-do, deletes, changes of any column it reads, and a user’s deletion', async () => {
    const rng = Rng.fromSeed(20261207);
    const rows = drawRows(rng, users, cards, 1200, 'r');
    await database.transaction(insertStatements(rows));
    expect(rows.some((r) => r.at < 0) && rows.some((r) => r.rating === 0) && rows.some((r) => r.undone)).toBe(true);
    expect(await storedTally(database)).toEqual(expectedTally(rows));

    // Undo some that stand, re-do some undone, one statement for many rows and one per row.
    const standing = rows.filter((r) => !r.undone);
    const undo = standing.filter((_, i) => i % 5 === 0);
    await database.query(`update "Review" set "undoneAt" = "reviewedAt" where "id" in (${undo.map(() => '?').join(', ')})`, ...undo.map((r) => r.id));
    for (const row of undo) row.undone = true;
    const redo = rows.filter((r) => r.undone).filter((_, i) => i % 3 === 0);
    await database.transaction(redo.map((r) => ['update "Review" set "undoneAt" = null where "id" = ?', [r.id]]));
    for (const row of redo) row.undone = false;
    expect(await storedTally(database)).toEqual(expectedTally(rows));

    // Deletes, and changes of the rating, state, time and user of some rows (standing or not).
    const gone = rows.filter((_, i) => i % 7 === 3);
    await database.query(`delete from "Review" where "id" in (${gone.map(() => '?').join(', ')})`, ...gone.map((r) => r.id));
    const kept = rows.filter((r) => !gone.includes(r));
    for (const [i, row] of kept.filter((_, i) => i % 11 === 5).entries()) {
      const change = i % 4;
      if (change === 0) row.rating = row.rating === 4 ? 0 : row.rating + 1;
      if (change === 1) row.stateBefore = states[(states.indexOf(row.stateBefore) + 1) % 4]!;
      if (change === 2) row.at += 37 * 60_000;
      if (change === 3) row.userId = users[(users.indexOf(row.userId) + 1) % users.length]!;
      await database.query(
        'update "Review" set "rating" = ?, "stateBefore" = ?, "reviewedAt" = ?, "userId" = ? where "id" = ?',
        row.rating,
        row.stateBefore,
        timeParam(new Date(row.at)),
        row.userId,
        row.id,
      );
    }
    expect(await storedTally(database)).toEqual(expectedTally(kept));

    // A user's deletion takes their reviews and their tally (foreign keys, ON DELETE CASCADE).
    await database.query('delete from "User" where "id" = ?', 'bo');
    const left = kept.filter((r) => r.userId !== 'bo');
    expect(await storedTally(database)).toEqual(expectedTally(left));
    expect(await database.query('select 1 from "ReviewTally" where "userId" = ?', 'bo')).toEqual([]);
  });

  if (testDialect === 'sqlite') {
    it('refuses a review whose time is not a date, writing nothing', async () => {
      const before = await storedTally(database);
      await expect(database.query(`insert into "Review" (${reviewColumns}) values ('bad', 'ada', ?, 3, 'review', 'yesterday', 'null', '{}', null)`, cards[0])).rejects.toThrow(
        /NOT NULL constraint failed: ReviewTally\.slot/,
      );
      expect(await database.query('select 1 from "Review" where "id" = ?', 'bad')).toEqual([]);
      expect(await storedTally(database)).toEqual(before);
    });
  }
});

const migration = '20261207150000_review_tally';

describe(`migration ${migration} on a database with reviews (${realDatabase})`, () => {
  it('counts the reviews already there, then keeps counting', async () => {
    const older = await createTestDatabase();
    try {
      const dir = path.join(process.cwd(), 'prisma', ...(testDialect === 'postgresql' ? ['postgres'] : []), 'migrations');
      const names = fs.readdirSync(dir).filter((name) => /^\d{14}_/.test(name)).sort();
      const script = (name: string) => fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      for (const name of names.filter((n) => n < migration)) await runScript(older, script(name));
      await older.query(`insert into "Article" ("slug", "position", "titleZh", "titleEn", "category", "excerpt", "summaryZh", "summaryEn", "updatedAt", "origin") values ('a', 1, 'A', 'A', '', '', '', '', ?, 'authored')`, timeParam(new Date()));
      await older.query(`insert into "Note" ("id", "articleSlug", "kind", "position", "fields", "tags", "origin", "version", "createdAt", "updatedAt") values ('n', 'a', 'basic', 1, '{}', '', 'authored', 1, ?, ?)`, timeParam(new Date()), timeParam(new Date()));
      await older.query(`insert into "Card" ("id", "articleSlug", "kind", "noteId", "position", "content", "contentHash", "createdAt", "updatedAt") values ('c', 'a', 'basic', 'n', 1, '{}', 'h', ?, ?)`, timeParam(new Date()), timeParam(new Date()));
      await createUsers(older, users);
      const rows = drawRows(Rng.fromSeed(7), users, ['c'], 400, 'm');
      await older.transaction(insertStatements(rows));
      await runScript(older, script(migration));
      expect(await storedTally(older)).toEqual(expectedTally(rows));
      const more = drawRows(Rng.fromSeed(8), users, ['c'], 100, 'n');
      await older.transaction(insertStatements(more));
      expect(await storedTally(older)).toEqual(expectedTally([...rows, ...more]));
    } finally {
      await older.drop();
    }
  }, 120_000);
});
