// The progress and group figures (lib/progress.ts, lib/progress-activity.ts, lib/group-progress.ts: SQL
// over covering indexes, counts taken in the database) against the definitions written as plain code over
// every seeded row, on randomly drawn review logs of a group: learners in zones with and without DST and
// with half-hour and quarter-hour offsets, undone reviews, reviews after now and with ratings outside 1–4, exercise attempts with and without a review
// (and of undone ones), retired cards, suspended and never-reviewed card states, streaks as long as and
// longer than the first run of days the streak reads (400), and members who do not share or are disabled.
// After the log is written, SQL undoes, re-does and deletes some reviews (the database's own tally of reviews,
// ReviewTally, follows by triggers); the counts over periods are also checked for bounds on no quarter-hour.
import { randomUUID } from 'node:crypto';
import type { PrismaClient, User } from '@prisma/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../engine/rng';
import { retrievability } from '../engine/scheduler';
import { prepareDatabase } from '../lib/prepare';
import { createTestDatabase, realDatabase, type TestDatabase } from './helpers/test-database';

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
// A Monday morning in Shanghai, the day after New York's clocks went forward; Adelaide is on summer time.
const now = new Date('2026-03-09T01:30:00Z');

interface Calendar {
  readonly timeZone: string;
  readonly dayStartHour: number;
}
interface SeededReview {
  readonly id: string;
  readonly userId: string;
  readonly cardId: string;
  readonly rating: number;
  readonly stateBefore: 'new' | 'learning' | 'review' | 'relearning';
  readonly at: Date;
  undone: boolean;
  /** Not a study day's first review: undoing, re-doing or deleting it changes no streak. */
  readonly extra: boolean;
}
interface SeededAttempt {
  readonly userId: string;
  readonly cardId: string | null;
  readonly reviewId: string | null;
  readonly verdict: 'correct' | 'incorrect' | 'invalid';
}
interface SeededState {
  readonly userId: string;
  readonly cardId: string;
  readonly state: 'new' | 'learning' | 'review' | 'relearning';
  readonly due: Date;
  readonly stability: number;
  readonly difficulty: number;
  readonly lastReview: Date | null;
  readonly suspended: boolean;
}
interface Member extends Calendar {
  readonly username: string;
  readonly share: boolean;
  readonly disabled: boolean;
  /** Days back the history reaches, the share of days off, days since the last study day. */
  readonly days: number;
  readonly daysOff: number;
  readonly idle: number;
}

const members: readonly Member[] = [
  { username: 'viewer', timeZone: 'Asia/Shanghai', dayStartHour: 4, share: true, disabled: false, days: 450, daysOff: 0, idle: 1 },
  { username: 'kolkata', timeZone: 'Asia/Kolkata', dayStartHour: 0, share: true, disabled: false, days: 200, daysOff: 0.3, idle: 0 },
  { username: 'newyork', timeZone: 'America/New_York', dayStartHour: 3, share: true, disabled: false, days: 400, daysOff: 0, idle: 0 },
  { username: 'adelaide', timeZone: 'Australia/Adelaide', dayStartHour: 5, share: true, disabled: false, days: 90, daysOff: 0.5, idle: 3 },
  { username: 'kathmandu', timeZone: 'Asia/Kathmandu', dayStartHour: 2, share: true, disabled: false, days: 120, daysOff: 0.2, idle: 0 },
  { username: 'private', timeZone: 'UTC', dayStartHour: 4, share: false, disabled: false, days: 60, daysOff: 0.2, idle: 0 },
  { username: 'gone', timeZone: 'Europe/Berlin', dayStartHour: 4, share: true, disabled: true, days: 30, daysOff: 0, idle: 0 },
];

let database: TestDatabase;
let db: PrismaClient;
let progress: typeof import('../lib/progress');
let activity: typeof import('../lib/progress-activity');
let group: typeof import('../lib/group-progress');
let users: User[];
let cards: { id: string; articleSlug: string; kind: string; retiredAt: Date | null }[];
let articles: string[];
const reviews: SeededReview[] = [];
const attempts: SeededAttempt[] = [];
const states: SeededState[] = [];

// ---- the definitions, as plain code ----

const shift = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
const mondayOf = (date: string) => shift(date, -((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7));

const clocks = new Map<string, Intl.DateTimeFormat>();

/** The study day of an instant: its local date, or the day before while the local clock is before the day-start hour. */
function studyDate(instant: Date, calendar: Calendar): string {
  let clock = clocks.get(calendar.timeZone);
  if (!clock) {
    clock = new Intl.DateTimeFormat('en-CA', { timeZone: calendar.timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' });
    clocks.set(calendar.timeZone, clock);
  }
  const parts = Object.fromEntries(clock.formatToParts(instant).map((part) => [part.type, part.value]));
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  return Number(parts.hour) < calendar.dayStartHour ? shift(date, -1) : date;
}

const standing = (userIds: readonly string[]) => reviews.filter((r) => userIds.includes(r.userId) && !r.undone);
const calendarOf = (user: User): Calendar => ({ timeZone: user.timeZone, dayStartHour: user.dayStartHour });

function expectedTopics(user: User) {
  const calendar = calendarOf(user);
  const today = studyDate(now, calendar);
  return articles.map((slug) => {
    const live = cards.filter((c) => c.articleSlug === slug && !c.retiredAt).map((c) => c.id);
    const reviewed = live.filter((id) => standing([user.id]).some((r) => r.cardId === id));
    const stateOf = (id: string) => states.find((s) => s.userId === user.id && s.cardId === id);
    const studied = live.map(stateOf).filter((s): s is SeededState => s !== undefined && s.state !== 'new' && !s.suspended);
    const recalls = reviewed.map((id) => {
      const s = stateOf(id);
      if (!s) return 0;
      const at = s.lastReview && s.lastReview > now ? s.lastReview : now;
      const memory = { state: s.state, due: s.due, stability: s.stability, difficulty: s.difficulty, elapsedDays: 0, scheduledDays: 0, learningSteps: 0, reps: 1, lapses: 0, lastReview: s.lastReview };
      return retrievability(memory, at, { desiredRetention: user.desiredRetention });
    });
    const ofTopic = new Set(cards.filter((c) => c.articleSlug === slug).map((c) => c.id));
    const counted = attempts.filter((a) => a.userId === user.id && a.cardId !== null && ofTopic.has(a.cardId) && !reviews.find((r) => r.id === a.reviewId)?.undone);
    return {
      slug,
      cards: live.length,
      reviewed: reviewed.length,
      due: studied.filter((s) => studyDate(s.due, calendar) <= today).length,
      recall: recalls.length > 0 ? recalls.reduce((a, b) => a + b, 0) / recalls.length : null,
      accuracy: counted.length > 0 ? counted.filter((a) => a.verdict === 'correct').length / counted.length : null,
      learned: live.filter((id) => stateOf(id)?.state === 'review').length,
      dueThisWeek: studied.filter((s) => studyDate(s.due, calendar) <= shift(today, 6)).length,
      attempts: counted.length,
    };
  });
}

function expectedStreak(user: User): number {
  const calendar = calendarOf(user);
  const active = new Set(standing([user.id]).map((r) => studyDate(r.at, calendar)));
  let day = studyDate(now, calendar);
  if (!active.has(day)) day = shift(day, -1);
  let streak = 0;
  for (; active.has(day); day = shift(day, -1)) streak++;
  return streak;
}

function expectedActivity(userIds: readonly string[], calendar: Calendar) {
  const today = studyDate(now, calendar);
  const first = shift(mondayOf(today), -52 * 7);
  const dated = standing(userIds)
    .filter((r) => r.rating >= 1 && r.rating <= 4)
    .map((r) => ({ ...r, date: studyDate(r.at, calendar) }))
    .filter((r) => r.date <= today);
  const heatmap = [];
  for (let date = first; date <= today; date = shift(date, 1)) heatmap.push({ date, count: dated.filter((r) => r.date === date).length });
  const year = dated.filter((r) => r.date >= first);
  const buttons = [1, 2, 3, 4].map((rating) => ({
    rating,
    learning: year.filter((r) => r.rating === rating && r.stateBefore !== 'review').length,
    review: year.filter((r) => r.rating === rating && r.stateBefore === 'review').length,
  }));
  const retention = (start: string, inPeriod: (date: string) => boolean) => {
    const inside = dated.filter((r) => r.stateBefore === 'review' && inPeriod(r.date));
    const passed = inside.filter((r) => r.rating > 1).length;
    return { start, reviews: inside.length, passed, retention: inside.length > 0 ? passed / inside.length : null };
  };
  const weeks = Array.from({ length: 12 }, (_, i) => shift(mondayOf(today), -7 * (11 - i))).map((start) => retention(start, (date) => date >= start && date <= shift(start, 6)));
  const [year0, month0] = today.split('-').map(Number) as [number, number];
  const months = Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(year0, month0 - 1 - (11 - i), 1)).toISOString().slice(0, 10)).map((start) =>
    retention(start, (date) => date.slice(0, 7) === start.slice(0, 7)),
  );
  return { heatmap, buttons, retention: { weeks, months } };
}

// ---- the seed ----

/** Instants (every 20 minutes, up to now) on the study day `daysAgo` days before today's. */
function timesOnStudyDay(daysAgo: number, calendar: Calendar): Date[] {
  const target = shift(studyDate(now, calendar), -daysAgo);
  const times: Date[] = [];
  for (let t = Math.min(now.getTime() - 5_000, now.getTime() - daysAgo * dayMs + 14 * hourMs); t > now.getTime() - (daysAgo + 2) * dayMs; t -= 20 * 60_000) {
    if (studyDate(new Date(t), calendar) === target) times.push(new Date(t));
  }
  return times;
}

function seed(rng: Rng, userIds: readonly string[]): void {
  const live = cards.filter((c) => !c.retiredAt);
  const retired = cards.filter((c) => c.retiredAt);
  members.forEach((member, m) => {
    const userId = userIds[m]!;
    const pool = [...live.filter((_, i) => (i + m) % 3 !== 0), ...retired];
    for (let daysAgo = member.idle; daysAgo < member.days; daysAgo++) {
      const times = timesOnStudyDay(daysAgo, member);
      // A day off holds no review, or only undone ones; a study day's first review stands.
      const off = member.daysOff > 0 && rng.chance(member.daysOff);
      if (off && !rng.chance(0.2)) continue;
      for (let k = 0, count = rng.int(1, 3); k < count; k++) {
        const at = times[rng.int(0, times.length - 1)]!;
        const card = pool[rng.int(0, pool.length - 1)]!;
        const stateBefore = (['new', 'learning', 'review', 'review', 'relearning'] as const)[rng.int(0, 4)]!;
        const row = { id: randomUUID(), userId, cardId: card.id, rating: rng.int(1, 4), stateBefore, at, undone: off || (k > 0 && rng.chance(0.1)), extra: !off && k > 0 };
        reviews.push(row);
        if (card.kind === 'problem') attempts.push({ userId, cardId: card.id, reviewId: row.id, verdict: (['correct', 'incorrect', 'invalid'] as const)[rng.int(0, 2)]! });
      }
    }
    // Reviews after now: within today's and tomorrow's study day.
    if (m === 1) for (const hours of [2, 30]) reviews.push({ id: randomUUID(), userId, cardId: live[m]!.id, rating: 3, stateBefore: 'review', at: new Date(now.getTime() + hours * hourMs), undone: false, extra: false });
    // Ratings that are not answers (never written by the app): they count as reviews, but on no button.
    if (m === 3) for (const rating of [0, 5]) reviews.push({ id: randomUUID(), userId, cardId: live[m]!.id, rating, stateBefore: 'review', at: timesOnStudyDay(rating + 3, member)[0]!, undone: false, extra: false });
    // Attempts without a review (and one without a card).
    const problems = live.filter((c) => c.kind === 'problem');
    for (let k = 0; k < 3; k++) attempts.push({ userId, cardId: problems[(m + k) % problems.length]!.id, reviewId: null, verdict: k === 0 ? 'correct' : 'incorrect' });
    attempts.push({ userId, cardId: null, reviewId: null, verdict: 'correct' });
    // A state for every card with a review that stands, some for cards without one (new, or suspended before study).
    const reviewed = [...new Set(reviews.filter((r) => r.userId === userId && !r.undone).map((r) => r.cardId))];
    for (const cardId of reviewed) {
      const last = reviews.filter((r) => r.userId === userId && r.cardId === cardId && !r.undone).reduce((a, b) => (a.at > b.at ? a : b));
      const state = (['learning', 'review', 'review', 'relearning'] as const)[rng.int(0, 3)]!;
      states.push({ userId, cardId, state, due: new Date(now.getTime() + rng.int(-20 * 24, 40 * 24) * hourMs), stability: 0.5 + rng.float() * 90, difficulty: 1 + rng.float() * 9, lastReview: last.at, suspended: rng.chance(0.1) });
    }
    for (const card of live.filter((c) => !reviewed.includes(c.id)).slice(0, 4)) {
      states.push({ userId, cardId: card.id, state: 'new', due: now, stability: 0, difficulty: 0, lastReview: null, suspended: rng.chance(0.5) });
    }
  });
}

/**
 * After the log is written, raw SQL (no app code) undoes some reviews that stand, re-does some undone ones and
 * deletes some (with their attempts), each by its own statement, as a learner's undo, a repair or an import
 * would. Only reviews that are not a study day's first: every streak stays as seeded.
 */
async function changeLog(rng: Rng): Promise<void> {
  const extra = reviews.filter((r) => r.extra);
  const undo = extra.filter((r) => !r.undone && rng.chance(0.15));
  const redo = extra.filter((r) => r.undone && rng.chance(0.5));
  const gone = extra.filter((r) => !undo.includes(r) && !redo.includes(r) && rng.chance(0.05));
  for (const review of undo) await db.$executeRaw`update "Review" set "undoneAt" = ${now} where "id" = ${review.id}`;
  for (const review of redo) await db.$executeRaw`update "Review" set "undoneAt" = null where "id" = ${review.id}`;
  for (const review of gone) {
    await db.$executeRaw`delete from "ProblemAttempt" where "reviewId" = ${review.id}`;
    await db.$executeRaw`delete from "Review" where "id" = ${review.id}`;
  }
  for (const review of undo) review.undone = true;
  for (const review of redo) review.undone = false;
  const goneIds = new Set(gone.map((r) => r.id));
  reviews.splice(0, reviews.length, ...reviews.filter((r) => !goneIds.has(r.id)));
  attempts.splice(0, attempts.length, ...attempts.filter((a) => a.reviewId === null || !goneIds.has(a.reviewId)));
  expect(undo.length > 10 && redo.length > 3 && gone.length > 3).toBe(true);
}

beforeAll(async () => {
  database = await createTestDatabase();
  await prepareDatabase(database.url);
  process.env.DATABASE_URL = database.url;
  db = (await import('../lib/db')).db;
  progress = await import('../lib/progress');
  activity = await import('../lib/progress-activity');
  group = await import('../lib/group-progress');

  // Two retired cards (one an exercise): their reviews no longer count as cards, their attempts still count.
  const problem = await db.card.findFirstOrThrow({ where: { kind: 'problem', articleSlug: 'random-walk' }, orderBy: { position: 'desc' } });
  const basic = await db.card.findFirstOrThrow({ where: { kind: 'basic', articleSlug: 'lora' }, orderBy: { position: 'desc' } });
  await db.card.updateMany({ where: { id: { in: [problem.id, basic.id] } }, data: { retiredAt: new Date(now.getTime() - 5 * dayMs) } });
  cards = await db.card.findMany({ select: { id: true, articleSlug: true, kind: true, retiredAt: true } });
  articles = (await db.article.findMany({ orderBy: { position: 'asc' }, select: { slug: true } })).map((a) => a.slug);

  await db.group.upsert({ where: { id: 'main' }, create: { id: 'main', name: 'Study group', createdAt: now }, update: {} });
  const userIds: string[] = members.map(() => randomUUID());
  for (const [m, member] of members.entries()) {
    await db.user.create({
      data: {
        id: userIds[m]!,
        username: member.username,
        usernameKey: member.username,
        passwordHash: 'x',
        createdAt: new Date(now.getTime() - 900 * dayMs),
        timeZone: member.timeZone,
        dayStartHour: member.dayStartHour,
        shareProgress: member.share,
        disabledAt: member.disabled ? now : null,
        desiredRetention: 0.85 + m * 0.01,
      },
    });
    await db.membership.create({ data: { groupId: 'main', userId: userIds[m]!, role: 'member', joinedAt: new Date(now.getTime() - (900 - m) * dayMs) } });
  }
  seed(Rng.fromSeed(20261207), userIds);
  const json = { note: 'seeded' };
  await db.review.createMany({
    data: reviews.map((r) => ({ id: r.id, userId: r.userId, cardId: r.cardId, rating: r.rating, stateBefore: r.stateBefore, reviewedAt: r.at, prevState: json, result: json, undoneAt: r.undone ? new Date(r.at.getTime() + 1000) : null })),
  });
  await db.problemAttempt.createMany({
    data: attempts.map((a) => ({ id: randomUUID(), userId: a.userId, cardId: a.cardId, reviewId: a.reviewId, familyId: 'random-walk', familyVersion: 1, seed: 1, params: {}, answerText: '1', verdict: a.verdict, createdAt: now })),
  });
  await changeLog(Rng.fromSeed(8));
  await db.cardState.createMany({
    data: states.map((s) => ({ userId: s.userId, cardId: s.cardId, state: s.state, due: s.due, stability: s.stability, difficulty: s.difficulty, reps: 1, lastReview: s.lastReview, suspendedAt: s.suspended ? now : null })),
  });
  users = await db.user.findMany({ where: { id: { in: userIds } } });
  users.sort((a, b) => userIds.indexOf(a.id) - userIds.indexOf(b.id));
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

function expectTopics(actual: readonly { slug: string; recall: number | null }[], expected: readonly { slug: string; recall: number | null }[]): void {
  expect(actual.map((t) => ({ ...t, recall: null }))).toEqual(expected.map((t) => ({ ...t, recall: null })));
  actual.forEach((topic, i) => {
    if (expected[i]!.recall === null) expect(topic.recall, topic.slug).toBeNull();
    else expect(topic.recall, topic.slug).toBeCloseTo(expected[i]!.recall!, 9);
  });
}

describe(`progress and group figures against their definitions (random logs in a ${realDatabase})`, () => {
  it('seeds what the definitions need: long streaks, undone reviews and attempts, reviews after now', () => {
    expect(expectedStreak(users[0]!)).toBeGreaterThan(400);
    // Exactly the first run of days: the streak ends where the second run begins.
    expect(expectedStreak(users[2]!)).toBe(400);
    expect(reviews.filter((r) => r.undone).length).toBeGreaterThan(20);
    expect(attempts.filter((a) => reviews.find((r) => r.id === a.reviewId)?.undone).length).toBeGreaterThan(0);
    expect(reviews.some((r) => r.at > now)).toBe(true);
  });

  it('gives each learner’s topics, streak and activity as the definitions do', async () => {
    for (const user of users.slice(0, 6)) {
      const detail = await progress.progressDetail(user, now);
      expectTopics(detail.topics, expectedTopics(user));
      expect(detail.streak, user.username).toBe(expectedStreak(user));
      const want = expectedActivity([user.id], calendarOf(user));
      expect(detail.heatmap, user.username).toEqual(want.heatmap);
      expect(detail.buttons, user.username).toEqual(want.buttons);
      expect(detail.retention, user.username).toEqual(want.retention);
    }
  });

  it('gives every streak of a group at once as one by one', async () => {
    const streaks = await activity.studyStreaks(users.map((user) => ({ id: user.id, calendar: calendarOf(user) })), now);
    for (const user of users) expect(streaks.get(user.id), user.username).toBe(expectedStreak(user));
  });

  it('gives the group: active members in joining order, figures of the sharing ones only, activity in the viewer’s days', async () => {
    const viewer = users[0]!;
    const result = await group.groupProgress(viewer, now);
    expect(result.members.map((m) => m.username)).toEqual(members.filter((m) => !m.disabled).map((m) => m.username));
    for (const member of result.members) {
      const user = users.find((u) => u.username === member.username)!;
      expect(member.shared, member.username).toBe(user.shareProgress);
      if (!member.shared) continue;
      expect(member.streak, member.username).toBe(expectedStreak(user));
      const calendar = calendarOf(user);
      const monday = mondayOf(studyDate(now, calendar));
      expect(member.reviewsThisWeek, member.username).toBe(standing([user.id]).filter((r) => studyDate(r.at, calendar) >= monday && studyDate(r.at, calendar) <= shift(monday, 6)).length);
      expectTopics(member.topics, expectedTopics(user));
    }
    const sharing = users.filter((u) => u.shareProgress && !u.disabledAt).map((u) => u.id);
    const want = expectedActivity(sharing, calendarOf(viewer));
    const got = await group.groupActivity(viewer, now);
    expect(got.heatmap).toEqual(want.heatmap);
    expect(got.buttons).toEqual(want.buttons);
    expect(got.retention).toEqual(want.retention);
    // The same group in the days of a viewer whose days begin on a quarter-hour (UTC+5:45).
    const kathmandu = users.find((u) => u.username === 'kathmandu')!;
    expect(await group.groupActivity(kathmandu, now)).toEqual(expectedActivity(sharing, calendarOf(kathmandu)));
  });

  it('counts reviews by button over any periods, bounds on no quarter-hour included', async () => {
    const { buttonCounts } = await import('../lib/review-tally');
    const rng = Rng.fromSeed(42);
    const ids = users.map((u) => u.id);
    const ats = reviews.map((r) => r.at.getTime());
    const instant = () => {
      const kind = rng.int(0, 4);
      const base = ats[rng.int(0, ats.length - 1)]!;
      // A review's own instant or a millisecond after it, its quarter-hour, hour or UTC day, or any millisecond.
      if (kind === 0) return base + rng.int(0, 1);
      if (kind === 1) return Math.floor(base / 900_000) * 900_000;
      if (kind === 2) return Math.floor(base / hourMs) * hourMs;
      if (kind === 3) return Math.floor(base / dayMs) * dayMs;
      return now.getTime() - rng.int(0, 500 * dayMs);
    };
    const periods = Array.from({ length: 300 }, () => {
      const [a, b] = [instant(), instant()].sort((x, y) => x - y);
      return { start: new Date(a!), end: new Date(rng.chance(0.05) ? a! : b!) };
    });
    // Periods of one review each: [its instant, a millisecond later).
    periods.push(...reviews.filter((_, i) => i % 9 === 0).map((r) => ({ start: r.at, end: new Date(r.at.getTime() + 1) })));
    for (const who of [ids, [ids[0]!], [ids[3]!, ids[4]!]]) {
      const want = periods.map(({ start, end }) => {
        const inside = standing(who).filter((r) => r.rating >= 1 && r.rating <= 4 && r.at >= start && r.at < end);
        return [false, true].flatMap((review) => [1, 2, 3, 4].map((rating) => inside.filter((r) => r.rating === rating && (r.stateBefore === 'review') === review).length));
      });
      expect(await buttonCounts(who, periods)).toEqual(want);
    }
    expect(periods.some(({ start }) => start.getTime() % 900_000 !== 0) && periods.some(({ end }) => end.getTime() % dayMs === 0)).toBe(true);
  });

  it('counts a topic’s exercise attempts per week, leaving out those of undone reviews', async () => {
    for (const user of users.slice(0, 4)) {
      const calendar = calendarOf(user);
      const monday = mondayOf(studyDate(now, calendar));
      const got = await activity.topicAttemptsPerWeek(user.id, 'random-walk', calendar, now);
      // Every attempt here was made at `now`: all of them fall in the current week.
      const ofTopic = new Set(cards.filter((c) => c.articleSlug === 'random-walk').map((c) => c.id));
      const counted = attempts.filter((a) => a.userId === user.id && a.cardId !== null && ofTopic.has(a.cardId) && !reviews.find((r) => r.id === a.reviewId)?.undone);
      expect(got.at(-1)).toEqual({ start: monday, attempts: counted.length, correct: counted.filter((a) => a.verdict === 'correct').length });
      expect(got.slice(0, -1).every((week) => week.attempts === 0)).toBe(true);
    }
  });
});
