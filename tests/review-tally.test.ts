/**
 * ReviewTally and CardTally (prisma/schema.prisma) are derived from Review and ProblemAttempt by triggers in the
 * database itself. Whatever SQL writes those tables — inserts of many rows at once, undo, re-do, deletes, other
 * changes, a card's new id or its deletion, a user's deletion (foreign-key cascades) — ReviewTally holds exactly
 * the reviews that stand (not undone, rating 1–4) per user, UTC slot of 900, 3600 and 86400 seconds and
 * button, and CardTally per user and card the reviews that stand and the attempts (correct ones apart), as a plain
 * GROUP BY over the rows would give them, and no row of zeros. The migration that makes them counts what is
 * already there. Statements here go straight to the database (tests/helpers/test-database.ts), never through
 * the app.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../engine/rng';
import { prepareDatabase } from '../lib/prepare';
import { createTestDatabase, realDatabase, testDialect, timeParam, type TestDatabase } from './helpers/test-database';

const states = ['new', 'learning', 'review', 'relearning'] as const;
const verdicts = ['correct', 'incorrect', 'invalid'] as const;
const units = [900, 3600, 86400];

interface Review {
  id: string;
  userId: string;
  cardId: string;
  rating: number;
  stateBefore: (typeof states)[number];
  at: number;
  undone: boolean;
}

interface Attempt {
  id: string;
  userId: string;
  cardId: string | null;
  reviewId: string | null;
  verdict: (typeof verdicts)[number];
}

interface Log {
  reviews: Review[];
  attempts: Attempt[];
}

/** Both tallies as their definitions: GROUP BYs over the rows, in JS, as sorted lines. */
function expected(log: Log): { slots: string[]; cards: string[] } {
  const slots = new Map<string, number[]>();
  const cards = new Map<string, number[]>();
  const add = (map: Map<string, number[]>, key: string, size: number, at: number, by = 1) => {
    const counts = map.get(key) ?? Array.from({ length: size }, () => 0);
    counts[at]! += by;
    map.set(key, counts);
  };
  for (const review of log.reviews) {
    if (review.undone) continue;
    add(cards, `${review.userId} ${review.cardId}`, 3, 0);
    if (review.rating < 1 || review.rating > 4) continue;
    for (const unit of units) add(slots, `${review.userId} ${unit} ${Math.floor(review.at / 1000 / unit)}`, 8, (review.stateBefore === 'review' ? 4 : 0) + review.rating - 1);
  }
  for (const attempt of log.attempts) {
    if (attempt.cardId === null) continue;
    add(cards, `${attempt.userId} ${attempt.cardId}`, 3, 1);
    add(cards, `${attempt.userId} ${attempt.cardId}`, 3, 2, attempt.verdict === 'correct' ? 1 : 0);
  }
  const lines = (map: Map<string, number[]>) => [...map].map(([key, counts]) => `${key} ${counts.join(' ')}`).sort();
  return { slots: lines(slots), cards: lines(cards) };
}

async function stored(database: TestDatabase): Promise<{ slots: string[]; cards: string[] }> {
  const line = (row: Record<string, unknown>, key: string[], counts: string[]) => [...key.map((c) => row[c]), ...counts.map((c) => Number(row[c]))].join(' ');
  const slotCounts = ['learning1', 'learning2', 'learning3', 'learning4', 'review1', 'review2', 'review3', 'review4'];
  const slots = await database.query<Record<string, unknown>>('select * from "ReviewTally"');
  const cards = await database.query<Record<string, unknown>>('select * from "CardTally"');
  return {
    slots: slots.map((row) => line(row, ['userId'], ['unit', 'slot', ...slotCounts])).sort(),
    cards: cards.map((row) => line(row, ['userId', 'cardId'], ['reviews', 'attempts', 'correct'])).sort(),
  };
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
function drawReviews(rng: Rng, users: readonly string[], cards: readonly string[], count: number, prefix: string): Review[] {
  return Array.from({ length: count }, (_, i) => {
    const kind = rng.int(0, 3);
    // Slot edges: exactly on a quarter-hour, a millisecond before, and random instants; a burst in one half-hour.
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

/** Attempts: most of a review (its user and card), some without a review, some without a card. */
function drawAttempts(rng: Rng, reviews: readonly Review[], users: readonly string[], cards: readonly string[], prefix: string): Attempt[] {
  const ofReviews = reviews.filter(() => rng.chance(0.4)).map((review, i) => ({ id: `${prefix}r${i}`, userId: review.userId, cardId: review.cardId, reviewId: review.id, verdict: verdicts[rng.int(0, 2)]! }));
  const loose = Array.from({ length: 60 }, (_, i) => ({
    id: `${prefix}l${i}`,
    userId: users[rng.int(0, users.length - 1)]!,
    cardId: rng.chance(0.2) ? null : cards[rng.int(0, cards.length - 1)]!,
    reviewId: null,
    verdict: verdicts[rng.int(0, 2)]!,
  }));
  return [...ofReviews, ...loose];
}

/** Multi-row INSERTs of 50 rows (PostgreSQL counts a statement's rows together). */
function insertStatements(log: Log): [string, unknown[]][] {
  const statements: [string, unknown[]][] = [];
  const chunks = <T,>(rows: readonly T[]) => Array.from({ length: Math.ceil(rows.length / 50) }, (_, i) => rows.slice(i * 50, i * 50 + 50));
  for (const chunk of chunks(log.reviews)) {
    statements.push([
      `insert into "Review" ("id", "userId", "cardId", "rating", "stateBefore", "reviewedAt", "prevState", "result", "undoneAt") values ${chunk.map(() => "(?, ?, ?, ?, ?, ?, 'null', '{}', ?)").join(', ')}`,
      chunk.flatMap((r) => [r.id, r.userId, r.cardId, r.rating, r.stateBefore, timeParam(new Date(r.at)), r.undone ? timeParam(new Date(r.at + 1000)) : null]),
    ]);
  }
  for (const chunk of chunks(log.attempts)) {
    statements.push([
      `insert into "ProblemAttempt" ("id", "userId", "cardId", "reviewId", "familyId", "familyVersion", "seed", "params", "answerText", "verdict", "createdAt") values ${chunk
        .map(() => "(?, ?, ?, ?, 'random-walk', 1, 1, '{}', '1', ?, ?)")
        .join(', ')}`,
      chunk.flatMap((a) => [a.id, a.userId, a.cardId, a.reviewId, a.verdict, timeParam(new Date())]),
    ]);
  }
  return statements;
}

async function createUsers(database: TestDatabase, ids: readonly string[]): Promise<void> {
  await database.transaction(
    ids.map((id) => ['insert into "User" ("id", "username", "usernameKey", "passwordHash", "createdAt") values (?, ?, ?, ?, ?)', [id, id, id, 'x', timeParam(new Date())]]),
  );
}

const inList = (values: readonly unknown[]) => values.map(() => '?').join(', ');

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

describe(`ReviewTally and CardTally follow every write of Review and ProblemAttempt (${realDatabase})`, () => {
  it('count inserts, undo, re-do, deletes, changes of any column they read, a card’s new id and deletion, and a user’s deletion', async () => {
    const rng = Rng.fromSeed(20261207);
    const reviews = drawReviews(rng, users, cards, 1200, 'r');
    const log: Log = { reviews, attempts: drawAttempts(rng, reviews, users, cards, 'a') };
    await database.transaction(insertStatements(log));
    expect(reviews.some((r) => r.at < 0) && reviews.some((r) => r.rating === 0) && reviews.some((r) => r.undone)).toBe(true);
    expect(await stored(database)).toEqual(expected(log));

    // Undo some that stand, re-do some undone: one statement for many rows, and one per row.
    const undo = reviews.filter((r) => !r.undone).filter((_, i) => i % 5 === 0);
    await database.query(`update "Review" set "undoneAt" = "reviewedAt" where "id" in (${inList(undo)})`, ...undo.map((r) => r.id));
    for (const review of undo) review.undone = true;
    const redo = reviews.filter((r) => r.undone).filter((_, i) => i % 3 === 0);
    await database.transaction(redo.map((r) => ['update "Review" set "undoneAt" = null where "id" = ?', [r.id]]));
    for (const review of redo) review.undone = false;
    expect(await stored(database)).toEqual(expected(log));

    // Deletes (an attempt's review too: the attempt stays, without it), and changes of some rows.
    const gone = reviews.filter((_, i) => i % 7 === 3);
    await database.query(`delete from "Review" where "id" in (${inList(gone)})`, ...gone.map((r) => r.id));
    log.reviews = reviews.filter((r) => !gone.includes(r));
    for (const attempt of log.attempts) if (gone.some((r) => r.id === attempt.reviewId)) attempt.reviewId = null;
    const goneAttempts = log.attempts.filter((_, i) => i % 9 === 4);
    await database.query(`delete from "ProblemAttempt" where "id" in (${inList(goneAttempts)})`, ...goneAttempts.map((a) => a.id));
    log.attempts = log.attempts.filter((a) => !goneAttempts.includes(a));
    for (const [i, review] of log.reviews.filter((_, i) => i % 11 === 5).entries()) {
      const change = i % 5;
      if (change === 0) review.rating = review.rating === 4 ? 0 : review.rating + 1;
      if (change === 1) review.stateBefore = states[(states.indexOf(review.stateBefore) + 1) % 4]!;
      if (change === 2) review.at += 37 * 60_000;
      if (change === 3) review.userId = users[(users.indexOf(review.userId) + 1) % users.length]!;
      if (change === 4) review.cardId = cards[(cards.indexOf(review.cardId) + 1) % cards.length]!;
      await database.query(
        'update "Review" set "rating" = ?, "stateBefore" = ?, "reviewedAt" = ?, "userId" = ?, "cardId" = ? where "id" = ?',
        ...[review.rating, review.stateBefore, timeParam(new Date(review.at)), review.userId, review.cardId, review.id],
      );
    }
    for (const [i, attempt] of log.attempts.filter((_, i) => i % 13 === 6).entries()) {
      const change = i % 3;
      if (change === 0) attempt.verdict = verdicts[(verdicts.indexOf(attempt.verdict) + 1) % 3]!;
      if (change === 1) attempt.cardId = attempt.cardId === null ? cards[0]! : i % 2 === 0 ? null : cards[(cards.indexOf(attempt.cardId) + 1) % cards.length]!;
      if (change === 2) attempt.userId = users[(users.indexOf(attempt.userId) + 1) % users.length]!;
      await database.query('update "ProblemAttempt" set "verdict" = ?, "cardId" = ?, "userId" = ? where "id" = ?', attempt.verdict, attempt.cardId, attempt.userId, attempt.id);
    }
    expect(await stored(database)).toEqual(expected(log));

    // A card's new id reaches its reviews and attempts (ON UPDATE CASCADE); a card without reviews is deleted, and
    // its attempts lose their card (ON DELETE SET NULL).
    const renamed = cards[1]!;
    await database.query('update "Card" set "id" = ? where "id" = ?', `${renamed}-renamed`, renamed);
    for (const row of [...log.reviews, ...log.attempts]) if (row.cardId === renamed) row.cardId = `${renamed}-renamed`;
    const bare = (await database.query<{ id: string }>(`select "id" from "Card" where "id" not in (${inList(cards)}) and "kind" = 'basic' order by "id" limit 1`, ...cards))[0]!.id;
    await database.transaction(['ada', 'bo'].map((user, i) => [`insert into "ProblemAttempt" ("id", "userId", "cardId", "familyId", "familyVersion", "seed", "params", "answerText", "verdict", "createdAt") values (?, ?, ?, 'random-walk', 1, 1, '{}', '1', 'correct', ?)`, [`bare${i}`, user, bare, timeParam(new Date())]]));
    log.attempts.push(...['ada', 'bo'].map((userId, i) => ({ id: `bare${i}`, userId, cardId: bare, reviewId: null, verdict: 'correct' as const })));
    expect(await stored(database)).toEqual(expected(log));
    await database.query('delete from "Card" where "id" = ?', bare);
    for (const attempt of log.attempts) if (attempt.cardId === bare) attempt.cardId = null;
    expect(await stored(database)).toEqual(expected(log));

    // A user's deletion takes their reviews, attempts and tallies (ON DELETE CASCADE).
    await database.query('delete from "User" where "id" = ?', 'bo');
    log.reviews = log.reviews.filter((r) => r.userId !== 'bo');
    log.attempts = log.attempts.filter((a) => a.userId !== 'bo');
    expect(await stored(database)).toEqual(expected(log));
    expect(await database.query('select 1 from "ReviewTally" where "userId" = ? union all select 1 from "CardTally" where "userId" = ?', 'bo', 'bo')).toEqual([]);
  });

  if (testDialect === 'sqlite') {
    it('refuses a review whose time is not a date, writing nothing', async () => {
      const before = await stored(database);
      await expect(
        database.query(`insert into "Review" ("id", "userId", "cardId", "rating", "stateBefore", "reviewedAt", "prevState", "result") values ('bad', 'ada', ?, 3, 'review', 'yesterday', 'null', '{}')`, cards[0]),
      ).rejects.toThrow(/NOT NULL constraint failed: ReviewTally\.slot/);
      expect(await database.query('select 1 from "Review" where "id" = ?', 'bad')).toEqual([]);
      expect(await stored(database)).toEqual(before);
    });
  }
});

const migration = '20261207150000_tallies';

describe(`migration ${migration} on a database with reviews and attempts (${realDatabase})`, () => {
  it('counts what is already there, then keeps counting', async () => {
    const older = await createTestDatabase();
    try {
      const dir = path.join(process.cwd(), 'prisma', ...(testDialect === 'postgresql' ? ['postgres'] : []), 'migrations');
      const names = fs.readdirSync(dir).filter((name) => /^\d{14}_/.test(name)).sort();
      const script = (name: string) => fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      for (const name of names.filter((n) => n < migration)) await runScript(older, script(name));
      const now = timeParam(new Date());
      await older.query(`insert into "Article" ("slug", "position", "titleZh", "titleEn", "category", "excerpt", "summaryZh", "summaryEn", "updatedAt", "origin") values ('a', 1, 'A', 'A', '', '', '', '', ?, 'authored')`, now);
      await older.query(`insert into "Note" ("id", "articleSlug", "kind", "position", "fields", "tags", "origin", "version", "createdAt", "updatedAt") values ('n', 'a', 'basic', 1, '{}', '', 'authored', 1, ?, ?)`, now, now);
      for (const card of ['c1', 'c2']) {
        await older.query(`insert into "Card" ("id", "articleSlug", "kind", "noteId", "position", "content", "contentHash", "createdAt", "updatedAt") values (?, 'a', 'basic', 'n', 1, '{}', 'h', ?, ?)`, card, now, now);
      }
      await createUsers(older, users);
      const rng = Rng.fromSeed(7);
      const reviews = drawReviews(rng, users, ['c1', 'c2'], 400, 'm');
      const log: Log = { reviews, attempts: drawAttempts(rng, reviews, users, ['c1', 'c2'], 'a') };
      await older.transaction(insertStatements(log));
      await runScript(older, script(migration));
      expect(await stored(older)).toEqual(expected(log));
      const moreReviews = drawReviews(rng, users, ['c1', 'c2'], 100, 'n');
      const more: Log = { reviews: moreReviews, attempts: drawAttempts(rng, moreReviews, users, ['c1', 'c2'], 'b') };
      await older.transaction(insertStatements(more));
      expect(await stored(older)).toEqual(expected({ reviews: [...log.reviews, ...more.reviews], attempts: [...log.attempts, ...more.attempts] }));
    } finally {
      await older.drop();
    }
  }, 120_000);
});
