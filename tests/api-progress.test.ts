import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WEIGHTS } from '../engine/scheduler';
import { ApiClient, startAppServer, type AppServer } from './helpers/app-server';
import { realDatabase, timeParam } from './helpers/test-database';

// The progress API against a known review log written straight into the database. Every expected
// figure is recomputed here from the seeded rows, with this file's own study-day rule (the local wall
// clock of the learner's zone, the day changing at `dayStartHour`), not with the app's code.

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

interface Calendar {
  readonly timeZone: string;
  readonly dayStartHour: number;
}
const newYork: Calendar = { timeZone: 'America/New_York', dayStartHour: 4 };
const utc: Calendar = { timeZone: 'UTC', dayStartHour: 4 };

interface SeededReview {
  readonly id: string;
  readonly userId: string;
  readonly cardId: string;
  readonly rating: number;
  readonly stateBefore: string;
  readonly at: Date;
  readonly undone: boolean;
}
interface SeededState {
  readonly userId: string;
  readonly cardId: string;
  readonly state: string;
  readonly due: Date;
  readonly stability: number;
  readonly lastReview: Date | null;
  readonly suspended: boolean;
}
interface SeededAttempt {
  readonly userId: string;
  readonly cardId: string;
  readonly reviewId: string;
  readonly verdict: 'correct' | 'incorrect' | 'invalid';
}
interface CardRow {
  readonly id: string;
  readonly articleSlug: string;
  readonly kind: string;
  readonly familyId: string | null;
}
interface Topic {
  readonly slug: string;
  readonly cards: number;
  readonly reviewed: number;
  readonly due: number;
  readonly recall: number | null;
  readonly accuracy: number | null;
  readonly learned: number;
  readonly dueThisWeek: number;
  readonly attempts: number;
}

const shift = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
const mondayOf = (date: string) => shift(date, -((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7));
const daysFrom = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / dayMs);

function wallClock(instant: Date, timeZone: string): { date: string; hour: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
}

function studyDate(instant: Date, calendar: Calendar): string {
  const { date, hour } = wallClock(instant, calendar.timeZone);
  return hour < calendar.dayStartHour ? shift(date, -1) : date;
}

let server: AppServer;
let admin: ApiClient;
let sharer: ApiClient;
let hider: ApiClient;
let ids: { admin: string; sharer: string; hider: string };
let now: Date;
let cards: CardRow[];
let retiredCard: string;
const reviews: SeededReview[] = [];
const states: SeededState[] = [];
const attempts: SeededAttempt[] = [];

/** An instant on the study day `daysAgo` days before today (in `calendar`), a few seconds before `now` at the latest. */
function onStudyDay(daysAgo: number, calendar: Calendar, slot = 0): Date {
  const target = shift(studyDate(now, calendar), -daysAgo);
  const latest = now.getTime() - 5_000 - slot * 1_000;
  for (let candidate = Math.min(latest, now.getTime() - daysAgo * dayMs + 12 * hourMs); candidate > latest - (daysAgo + 2) * dayMs; candidate -= 20 * 60_000) {
    if (studyDate(new Date(candidate), calendar) === target) return new Date(candidate);
  }
  throw new Error(`no seed time on study day -${daysAgo}`);
}

const fromNow = (hours: number) => new Date(now.getTime() + hours * hourMs);

function review(userId: string, cardId: string, at: Date, rating: number, stateBefore: string, undone = false): SeededReview {
  const row = { id: randomUUID(), userId, cardId, rating, stateBefore, at, undone };
  reviews.push(row);
  return row;
}

/** The seeded history: who reviewed what when, card states and exercise attempts, all written as plain rows. */
function seedHistory(): void {
  const live = (slug: string, kind?: string) => cards.filter((c) => c.articleSlug === slug && (kind ? c.kind === kind : c.kind !== 'problem')).map((c) => c.id);
  const walk = live('random-walk');
  const lora = live('lora');
  const walkProblems = live('random-walk', 'problem');
  const quadraticProblems = live('quadratic-minimum', 'problem');

  // Admin: a streak of five study days (today and the four before), a gap on day 5 holding only an
  // undone review, then scattered days back to 400 days ago (outside the heatmap's year).
  const days = [0, 1, 2, 3, 4, 6, 8, 9, 15, 22, 30, 45, 61, 90, 140, 200, 300, 363, 400];
  const kinds = ['review', 'review', 'learning', 'new', 'review', 'relearning'];
  days.forEach((daysAgo, d) => {
    for (let j = 0; j < 1 + (d % 3); j++) {
      const cardId = [...walk, ...lora][(d * 3 + j) % (walk.length + lora.length)]!;
      review(ids.admin, cardId, onStudyDay(daysAgo, newYork, j), 1 + ((d + j * 3) % 4), kinds[(d + j) % kinds.length]!);
    }
  });
  review(ids.admin, walk[0]!, onStudyDay(5, newYork), 3, 'review', true);
  const neverReviewed = lora.find((cardId) => !reviews.some((r) => r.cardId === cardId))!;
  review(ids.admin, neverReviewed, onStudyDay(2, newYork, 3), 4, 'new', true);
  review(ids.admin, retiredCard, onStudyDay(1, newYork, 4), 3, 'review');

  // Exercises: graded attempts (one unreadable), and one whose review was undone.
  const verdicts = ['correct', 'incorrect', 'correct', 'invalid', 'correct'] as const;
  [...walkProblems, ...quadraticProblems].forEach((cardId, i) => {
    for (let k = 0; k <= i % 3; k++) {
      const verdict = verdicts[(i + k) % verdicts.length]!;
      const row = review(ids.admin, cardId, onStudyDay(8 + 7 * k + i, newYork, k), verdict === 'correct' ? 3 : 1, 'review');
      attempts.push({ userId: ids.admin, cardId, reviewId: row.id, verdict });
    }
  });
  const undoneAttempt = review(ids.admin, walkProblems[0]!, onStudyDay(0, newYork, 2), 3, 'review', true);
  attempts.push({ userId: ids.admin, cardId: walkProblems[0]!, reviewId: undoneAttempt.id, verdict: 'correct' });

  // Card states of every card the admin reviewed (live reviews), due at assorted times from overdue to
  // weeks ahead, plus a suspended card, a never-studied 'new' row (a buried sibling) and the retired card.
  const reviewedCards = [...new Set(reviews.filter((r) => r.userId === ids.admin && !r.undone).map((r) => r.cardId))];
  const dueInHours = [-50, 2, 20, 30, 70, 100, 150, 200, 400, 700, 1000, -5];
  const stateNames = ['review', 'review', 'learning', 'review', 'relearning'];
  reviewedCards.forEach((cardId, i) => {
    const last = reviews.filter((r) => r.userId === ids.admin && r.cardId === cardId && !r.undone).reduce((a, b) => (a.at > b.at ? a : b));
    states.push({
      userId: ids.admin,
      cardId,
      state: stateNames[i % stateNames.length]!,
      due: fromNow(dueInHours[i % dueInHours.length]!),
      stability: 1.5 + i * 2.25,
      lastReview: last.at,
      suspended: i === 4,
    });
  });
  states.push({ userId: ids.admin, cardId: neverReviewed, state: 'new', due: fromNow(-1), stability: 0, lastReview: null, suspended: false });

  // The sharer (UTC) reviewed on the three days before today, not today: a streak of 3.
  for (const daysAgo of [1, 2, 3, 10]) review(ids.sharer, lora[daysAgo % lora.length]!, onStudyDay(daysAgo, utc), 3, 'review');
  for (const cardId of new Set(reviews.filter((r) => r.userId === ids.sharer).map((r) => r.cardId))) {
    states.push({ userId: ids.sharer, cardId, state: 'review', due: fromNow(48), stability: 5, lastReview: onStudyDay(1, utc), suspended: false });
  }
  // The hider reviews too; none of it may show to anyone else.
  for (const daysAgo of [0, 1, 2]) review(ids.hider, walk[daysAgo]!, onStudyDay(daysAgo, utc), 2, 'review');
}

async function writeRows(app: AppServer): Promise<void> {
  const insertReview =
    'insert into "Review" ("id", "userId", "cardId", "rating", "stateBefore", "reviewedAt", "durationMs", "elapsedDays", "scheduledDays", "prevState", "result", "undoneAt") values (?, ?, ?, ?, ?, ?, 3000, 1, 1, ?, ?, ?)';
  const insertState =
    'insert into "CardState" ("userId", "cardId", "state", "due", "stability", "difficulty", "reps", "lapses", "lastReview", "suspendedAt", "updatedAt") values (?, ?, ?, ?, ?, 5, 3, 1, ?, ?, ?)';
  const insertAttempt =
    `insert into "ProblemAttempt" ("id", "userId", "cardId", "reviewId", "familyId", "familyVersion", "seed", "params", "answerText", "verdict", "createdAt") values (?, ?, ?, ?, ?, 1, 7, '{}', '42', ?, ?)`;
  const time = (instant: Date | null) => (instant ? timeParam(instant) : null);
  await app.database.transaction([
    ...reviews.map((r) => [insertReview, [r.id, r.userId, r.cardId, r.rating, r.stateBefore, time(r.at), 'null', JSON.stringify({ intervalDays: 1 }), r.undone ? time(new Date(r.at.getTime() + 1000)) : null]] as const),
    ...states.map((s) => [insertState, [s.userId, s.cardId, s.state, time(s.due), s.stability, time(s.lastReview), s.suspended ? time(now) : null, time(now)]] as const),
    ...attempts.map((a) => {
      const card = cards.find((c) => c.id === a.cardId)!;
      const at = reviews.find((r) => r.id === a.reviewId)!.at;
      return [insertAttempt, [randomUUID(), a.userId, a.cardId, a.reviewId, card.familyId, a.verdict, time(at)]] as const;
    }),
    ['update "Card" set "retiredAt" = ? where "id" = ?', [time(now), retiredCard]],
  ]);
}

beforeAll(async () => {
  server = await startAppServer();
  admin = new ApiClient(server.baseUrl);
  expect((await admin.call('POST', '/setup', { username: 'admin', password: 'correct horse' })).status).toBe(201);
  expect((await admin.call('PATCH', '/settings', { timeZone: newYork.timeZone, dayStartHour: newYork.dayStartHour })).status).toBe(200);
  const invite = await admin.call('POST', '/invites', { maxUses: 2 });
  sharer = new ApiClient(server.baseUrl);
  hider = new ApiClient(server.baseUrl);
  expect((await sharer.call('POST', '/users', { invite: invite.body.code, username: 'sharer', password: 'sharer pass' })).status).toBe(201);
  expect((await hider.call('POST', '/users', { invite: invite.body.code, username: 'hider', password: 'hider pass' })).status).toBe(201);
  expect((await hider.call('PATCH', '/settings', { shareProgress: false })).status).toBe(200);
  ids = {
    admin: String((await admin.call('GET', '/me')).body.id),
    sharer: String((await sharer.call('GET', '/me')).body.id),
    hider: String((await hider.call('GET', '/me')).body.id),
  };
  const allCards = await server.database.query<CardRow>('select "id", "articleSlug", "kind", "familyId" from "Card" where "retiredAt" is null order by "id"');
  retiredCard = allCards.find((c) => c.articleSlug === 'moe' && c.kind !== 'problem')!.id;
  cards = allCards.filter((c) => c.id !== retiredCard);
  now = new Date();
  seedHistory();
  await writeRows(server);
});

afterAll(async () => {
  await server?.stop();
});

const liveOf = (userId: string) => reviews.filter((r) => r.userId === userId && !r.undone);
const countBy = <T,>(items: readonly T[], key: (item: T) => string) => items.reduce((map, item) => map.set(key(item), (map.get(key(item)) ?? 0) + 1), new Map<string, number>());

/** R = (1 + f·t/S)^(−w₂₀), f = 0.9^(−1/w₂₀) − 1, t = whole UTC calendar days since the last review (FSRS-6). */
function expectedRecall(stability: number, lastReview: Date, at: Date): number {
  const decay = DEFAULT_WEIGHTS[20]!;
  const factor = Math.pow(0.9, -1 / decay) - 1;
  const t = daysFrom(lastReview.toISOString().slice(0, 10), at.toISOString().slice(0, 10));
  return Math.pow(1 + (factor * t) / stability, -decay);
}

function expectedTopics(userId: string, calendar: Calendar): Topic[] {
  const today = studyDate(now, calendar);
  const live = liveOf(userId);
  const liveIds = new Set(cards.map((c) => c.id));
  const slugs = [...new Set(cards.map((c) => c.articleSlug))];
  return slugs.map((slug) => {
    const ofTopic = new Set(cards.filter((c) => c.articleSlug === slug).map((c) => c.id));
    const reviewed = new Set(live.filter((r) => ofTopic.has(r.cardId)).map((r) => r.cardId));
    const topicStates = states.filter((s) => s.userId === userId && ofTopic.has(s.cardId) && liveIds.has(s.cardId));
    const studied = topicStates.filter((s) => s.state !== 'new' && !s.suspended);
    const recalls = [...reviewed].map((cardId) => {
      const s = topicStates.find((state) => state.cardId === cardId)!;
      return expectedRecall(s.stability, s.lastReview!, now);
    });
    const topicAttempts = attempts.filter((a) => a.userId === userId && ofTopic.has(a.cardId) && !reviews.find((r) => r.id === a.reviewId)!.undone);
    return {
      slug,
      cards: ofTopic.size,
      reviewed: reviewed.size,
      due: studied.filter((s) => studyDate(s.due, calendar) <= today).length,
      recall: recalls.length > 0 ? recalls.reduce((a, b) => a + b, 0) / recalls.length : null,
      accuracy: topicAttempts.length > 0 ? topicAttempts.filter((a) => a.verdict === 'correct').length / topicAttempts.length : null,
      learned: topicStates.filter((s) => s.state === 'review').length,
      dueThisWeek: studied.filter((s) => studyDate(s.due, calendar) <= shift(today, 6)).length,
      attempts: topicAttempts.length,
    };
  });
}

function expectTopicsToMatch(actual: readonly Topic[], expected: readonly Topic[]): void {
  expect(actual.map((t) => t.slug).sort()).toEqual(expected.map((t) => t.slug).sort());
  for (const want of expected) {
    const got = actual.find((t) => t.slug === want.slug)!;
    expect({ ...got, recall: null }, want.slug).toEqual({ ...want, recall: null });
    if (want.recall === null) expect(got.recall, want.slug).toBeNull();
    else expect(got.recall, want.slug).toBeCloseTo(want.recall, 6);
  }
}

/** Consecutive study days with a live review, ending today or yesterday. */
function expectedStreak(userId: string, calendar: Calendar): number {
  const active = new Set(liveOf(userId).map((r) => studyDate(r.at, calendar)));
  let day = studyDate(now, calendar);
  if (!active.has(day)) day = shift(day, -1);
  let streak = 0;
  while (active.has(day)) {
    streak++;
    day = shift(day, -1);
  }
  return streak;
}

describe(`GET /api/v1/progress (real server, log seeded into a ${realDatabase})`, () => {
  it('answers 401 without a session and 400 for a bad detail flag', async () => {
    const anonymous = new ApiClient(server.baseUrl);
    expect((await anonymous.call('GET', '/progress')).status).toBe(401);
    expect((await anonymous.call('GET', '/progress?detail=1')).status).toBe(401);
    expect((await anonymous.call('GET', '/group/progress')).status).toBe(401);
    expect((await admin.call('GET', '/progress?detail=yes')).status).toBe(400);
  });

  it('reports every topic figure as recomputed from the seeded rows', async () => {
    const response = await admin.call('GET', '/progress');
    expect(response.status).toBe(200);
    const topics = (response.body as unknown as { topics: Topic[] }).topics;
    expect(topics).toHaveLength(12);
    expectTopicsToMatch(topics, expectedTopics(ids.admin, newYork));
    // The seed really exercises the definitions: some of each figure is non-trivial.
    const walk = topics.find((t) => t.slug === 'random-walk')!;
    expect(walk.reviewed).toBeGreaterThan(3);
    expect(walk.accuracy).not.toBeNull();
    expect(topics.find((t) => t.slug === 'moe')!.cards).toBe(cards.filter((c) => c.articleSlug === 'moe').length);
    expect(topics.reduce((sum, t) => sum + t.due, 0)).toBeGreaterThan(0);
    expect(topics.reduce((sum, t) => sum + t.dueThisWeek, 0)).toBeGreaterThan(topics.reduce((sum, t) => sum + t.due, 0));
  });

  it('reports streak, heatmap, forecast, buttons and true retention in the learner’s study days', async () => {
    const response = await admin.call('GET', '/progress?detail=1');
    expect(response.status).toBe(200);
    type Detail = {
      today: string;
      streak: number;
      topics: Topic[];
      heatmap: { date: string; count: number }[];
      forecast: { date: string; count: number }[];
      buttons: { rating: number; learning: number; review: number }[];
      retention: { weeks: { start: string; reviews: number; passed: number; retention: number | null }[]; months: { start: string; reviews: number; passed: number; retention: number | null }[] };
    };
    const detail = response.body as unknown as Detail;
    const today = studyDate(now, newYork);
    expect(detail.today).toBe(today);
    expect(detail.streak).toBe(expectedStreak(ids.admin, newYork));
    expect(detail.streak).toBe(5);
    expectTopicsToMatch(detail.topics, expectedTopics(ids.admin, newYork));

    const live = liveOf(ids.admin);
    const first = shift(mondayOf(today), -52 * 7);
    const perDay = countBy(live, (r) => studyDate(r.at, newYork));
    expect(detail.heatmap).toEqual(Array.from({ length: daysFrom(first, today) + 1 }, (_, i) => ({ date: shift(first, i), count: perDay.get(shift(first, i)) ?? 0 })));

    const year = live.filter((r) => studyDate(r.at, newYork) >= first);
    expect(year.length).toBeLessThan(live.length);
    expect(detail.buttons).toEqual(
      [1, 2, 3, 4].map((rating) => ({
        rating,
        learning: year.filter((r) => r.rating === rating && r.stateBefore !== 'review').length,
        review: year.filter((r) => r.rating === rating && r.stateBefore === 'review').length,
      })),
    );

    const forecast = Array.from({ length: 30 }, (_, i) => ({ date: shift(today, i), count: 0 }));
    const liveIds = new Set(cards.map((c) => c.id));
    for (const s of states.filter((s) => s.userId === ids.admin && s.state !== 'new' && !s.suspended && liveIds.has(s.cardId))) {
      const day = Math.max(0, daysFrom(today, studyDate(s.due, newYork)));
      if (day < 30) forecast[day]!.count++;
    }
    expect(detail.forecast).toEqual(forecast);
    expect(forecast[0]!.count).toBeGreaterThan(0);

    const retention = (start: string, end: string) => {
      const inside = live.filter((r) => r.stateBefore === 'review' && studyDate(r.at, newYork) >= start && studyDate(r.at, newYork) < end);
      const passed = inside.filter((r) => r.rating > 1).length;
      return { start, reviews: inside.length, passed, retention: inside.length > 0 ? passed / inside.length : null };
    };
    expect(detail.retention.weeks).toEqual(Array.from({ length: 12 }, (_, i) => shift(mondayOf(today), -7 * (11 - i))).map((start) => retention(start, shift(start, 7))));
    const monthStart = (k: number) => new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 1 - k, 1)).toISOString().slice(0, 10);
    expect(detail.retention.months).toEqual(Array.from({ length: 12 }, (_, i) => retention(monthStart(11 - i), monthStart(10 - i))));
    expect(detail.retention.months.some((m) => m.reviews > 0 && m.passed < m.reviews)).toBe(true);
  });
});

describe('GET /api/v1/group/progress', () => {
  type Member = { username: string; you: boolean; shared: boolean; streak?: number; reviewsThisWeek?: number; topics?: Topic[] };
  type Group = { group: { id: string }; members: Member[]; topics: { slug: string; cards: number; members: number; reviewed: number; learned: number }[] };

  it('shows sharing members’ figures and only the name of a member who does not share', async () => {
    const response = await admin.call('GET', '/group/progress');
    expect(response.status).toBe(200);
    const body = response.body as unknown as Group;
    expect(body.group.id).toBe('main');
    expect(body.members.map((m) => m.username)).toEqual(['admin', 'sharer', 'hider']);
    const [me, shared, hidden] = body.members as [Member, Member, Member];
    expect(me).toMatchObject({ you: true, shared: true, streak: 5 });
    expectTopicsToMatch(me.topics!, expectedTopics(ids.admin, newYork));
    expect(hidden).toEqual({ username: 'hider', you: false, shared: false });

    const sharerToday = studyDate(now, utc);
    expect(shared).toMatchObject({ you: false, shared: true, streak: expectedStreak(ids.sharer, utc) });
    expect(shared.streak).toBe(3);
    expect(shared.reviewsThisWeek).toBe(liveOf(ids.sharer).filter((r) => studyDate(r.at, utc) >= mondayOf(sharerToday)).length);
    expectTopicsToMatch(shared.topics!, expectedTopics(ids.sharer, utc));

    const lora = body.topics.find((t) => t.slug === 'lora')!;
    expect(lora).toMatchObject({
      members: 2,
      reviewed: me.topics!.find((t) => t.slug === 'lora')!.reviewed + shared.topics!.find((t) => t.slug === 'lora')!.reviewed,
    });
  });

  it('aggregates the activity of sharing members only, in the viewer’s study days', async () => {
    const response = await admin.call('GET', '/group/progress?detail=1');
    const activity = (response.body as unknown as { activity: { heatmap: { date: string; count: number }[] } }).activity;
    const counted = [...liveOf(ids.admin), ...liveOf(ids.sharer)];
    const perDay = countBy(counted, (r) => studyDate(r.at, newYork));
    for (const day of activity.heatmap) expect(day.count, day.date).toBe(perDay.get(day.date) ?? 0);
    expect(activity.heatmap.reduce((sum, day) => sum + day.count, 0)).toBe(counted.filter((r) => studyDate(r.at, newYork) >= activity.heatmap[0]!.date).length);
  });

  it('keeps a non-sharing member’s own figures out of what they see of the group too', async () => {
    const body = (await hider.call('GET', '/group/progress')).body as unknown as Group;
    expect(body.members.find((m) => m.username === 'hider')).toEqual({ username: 'hider', you: true, shared: false });
    expect(body.members.find((m) => m.username === 'admin')).toMatchObject({ shared: true, streak: 5 });
    expect(JSON.stringify(body)).not.toContain(ids.hider);
  });
});
