// The study queue (lib/queue.ts, three SQL statements) against its rules written as plain code over every
// row, on a real database (a SQLite file; a PostgreSQL database in npm test's second pass) with the bundled
// content and randomly drawn learner states and reviews.
import type { CardState, PrismaClient, User } from '@prisma/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../engine/rng';
import { prepareDatabase } from '../lib/prepare';
import { nextStudyDayStart, studyDayStart } from '../lib/study-day';
import { createTestDatabase, type TestDatabase } from './helpers/test-database';

let database: TestDatabase;
let db: PrismaClient;
let queue: typeof import('../lib/queue');

beforeAll(async () => {
  database = await createTestDatabase();
  process.env.DATABASE_URL = database.url;
  await prepareDatabase(database.url);
  db = (await import('../lib/db')).db;
  queue = await import('../lib/queue');
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

/** The queue's rules over all rows: what lib/queue.ts computes in SQL. */
async function expected(user: User, now: Date, articleSlug?: string) {
  const dayStart = studyDayStart(now, user.timeZone, user.dayStartHour);
  const dayEnd = nextStudyDayStart(now, user.timeZone, user.dayStartHour);
  const inArticle = articleSlug ? { articleSlug } : {};
  const doneToday = await db.review.findMany({ where: { userId: user.id, reviewedAt: { gte: dayStart }, undoneAt: null }, include: { card: true } });
  const states = await db.cardState.findMany({ where: { userId: user.id, card: { retiredAt: null, ...inArticle } }, include: { card: true } });
  const cards = await db.card.findMany({ where: { retiredAt: null, ...inArticle }, orderBy: [{ article: { position: 'asc' } }, { position: 'asc' }] });
  const available = (s: CardState) => !s.suspendedAt && !(s.buriedUntil && s.buriedUntil > now);
  const newLeft = Math.max(0, user.newPerDay - doneToday.filter((r) => r.stateBefore === 'new').length);
  const reviewsLeft = Math.max(0, user.reviewsPerDay - doneToday.filter((r) => r.stateBefore === 'review').length);
  const byDue = (a: CardState, b: CardState) => a.due.getTime() - b.due.getTime();
  const learningDue = states.filter((s) => (s.state === 'learning' || s.state === 'relearning') && available(s)).sort(byDue);
  const reviews = states.filter((s) => s.state === 'review' && available(s) && s.due < dayEnd).sort(byDue).slice(0, reviewsLeft);
  const stateOf = new Map(states.map((s) => [s.cardId, s]));
  const notesSeen = new Set(doneToday.map((r) => r.card.noteId));
  const fresh: string[] = [];
  for (const card of cards) {
    if (fresh.length >= newLeft) break;
    const state = stateOf.get(card.id);
    if (state && (state.state !== 'new' || !available(state))) continue;
    if (notesSeen.has(card.noteId)) continue;
    notesSeen.add(card.noteId);
    fresh.push(card.id);
  }
  const nothingElse = reviews.length === 0 && fresh.length === 0;
  const learning = learningDue.filter((s) => s.due.getTime() <= now.getTime() + (nothingElse ? 20 * 60_000 : 0));
  return {
    learning: learning.map((s) => s.cardId),
    reviews: reviews.map((s) => s.cardId),
    fresh,
  };
}

describe('the study queue', () => {
  it('follows its rules on random learners: limits, one new card per note, suspended, buried, retired, learn-ahead', async () => {
    const cards = await db.card.findMany({ select: { id: true } });
    const now = new Date('2026-03-10T09:30:00Z');
    const hour = 3_600_000;
    const seen = { learning: 0, reviews: 0, fresh: 0 };
    for (let seed = 1; seed <= 12; seed++) {
      const rng = Rng.fromSeed(seed);
      const pick = <T>(list: readonly T[]) => list[rng.int(0, list.length - 1)]!;
      const user = await db.user.create({
        data: {
          id: `learner-${seed}`,
          username: `learner-${seed}`,
          passwordHash: 'x',
          newPerDay: rng.int(0, 25),
          reviewsPerDay: rng.int(0, 40),
          timeZone: pick(['UTC', 'Asia/Shanghai', 'America/New_York']),
          dayStartHour: rng.int(0, 6),
        },
      });
      const studied = cards.filter(() => rng.int(0, 2) === 0);
      await db.cardState.createMany({
        data: studied.map((card, i) => ({
          userId: user.id,
          cardId: card.id,
          state: pick(['new', 'learning', 'review', 'relearning'] as const),
          // Distinct due times (the order of equal ones is not a rule), from two days back to two days on.
          due: new Date(now.getTime() + (i - studied.length / 2) * (96 * hour) / studied.length + rng.int(0, 1000)),
          suspendedAt: rng.int(0, 9) === 0 ? now : null,
          buriedUntil: rng.int(0, 9) === 0 ? new Date(now.getTime() + pick([-hour, hour])) : null,
        })),
      });
      const reviewed = studied.filter(() => rng.int(0, 3) === 0);
      await db.review.createMany({
        data: reviewed.map((card, i) => ({
          id: `r-${seed}-${i}`,
          userId: user.id,
          cardId: card.id,
          rating: 3,
          stateBefore: pick(['new', 'learning', 'review', 'relearning'] as const),
          reviewedAt: new Date(now.getTime() - rng.int(0, 40) * hour),
          undoneAt: rng.int(0, 5) === 0 ? now : null,
          prevState: {},
          result: {},
        })),
      });
      for (const articleSlug of [undefined, 'lora', 'random-walk']) {
        const selection = await queue.selectQueue(user, now, articleSlug);
        const of = (kind: string) => selection.items.filter((i) => i.queue === kind).map((i) => i.card.id);
        const want = await expected(user, now, articleSlug);
        const where = `learner ${seed}, ${articleSlug ?? 'all articles'}`;
        expect({ learning: of('learning'), reviews: of('review'), fresh: of('new') }, where).toEqual(want);
        expect(selection.counts, where).toEqual({ new: want.fresh.length, learning: want.learning.length, review: want.reviews.length });
        expect(selection.items.map((i) => i.card.id), where).toEqual([...want.learning, ...queue.interleave(want.reviews, want.fresh)]);
        seen.learning += want.learning.length;
        seen.reviews += want.reviews.length;
        seen.fresh += want.fresh.length;
      }
    }
    // The draws exercised every part of the queue.
    expect(Math.min(seen.learning, seen.reviews, seen.fresh)).toBeGreaterThan(20);
  });

  it('leaves out retired cards', async () => {
    const user = await db.user.create({ data: { id: 'retired-check', username: 'retired-check', passwordHash: 'x' } });
    const first = (await queue.selectQueue(user, new Date())).items[0]!.card.id;
    await db.card.update({ where: { id: first }, data: { retiredAt: new Date() } });
    expect((await queue.selectQueue(user, new Date())).items.map((i) => i.card.id)).not.toContain(first);
    await db.card.update({ where: { id: first }, data: { retiredAt: null } });
  });
});
