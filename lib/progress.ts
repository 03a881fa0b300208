import { Prisma, type CardState, type User } from '@prisma/client';
import { retrievability, type CardStateName, type Rating } from '@/engine/scheduler';
import type { Lang } from './accounts';
import { db } from './db';
import { periodBoundsJson, studyDateOf, studyDays, studyMonths, studyWeeks, mondayOf, shiftDate, periodOf, type Period, type StudyCalendar } from './progress-periods';
import { schedulerSettings, toMemory } from './study';

/**
 * One topic (article) of a learner, as `GET /api/v1/progress` reports it. Definitions:
 * - `cards`: live cards of the topic (not retired).
 * - `reviewed`: live cards with at least one review by the learner that was not undone.
 * - `learned`: live cards in the FSRS `review` state (graduated, not currently relearning).
 * - `due` / `dueThisWeek`: studied cards (state not `new`, not suspended) whose next review falls before
 *   the end of today's study day / of the sixth study day after today, in the learner's time zone with
 *   their day-start hour; overdue cards count. Cards never studied are not due.
 * - `recall`: mean FSRS retrievability now over the reviewed cards (0..1, the learner's own weights);
 *   null when none is reviewed.
 * - `accuracy`: share of correct exercise attempts on the topic's problem cards (attempts whose review
 *   was undone left out); null without attempts. `attempts` is its denominator.
 */
export interface TopicProgress {
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

/** A count for one study day (`date` is its local date, YYYY-MM-DD). */
export interface DayCount {
  readonly date: string;
  readonly count: number;
}

/** How often each answer button was pressed, for cards in learning (new, learning, relearning) and in review. */
export interface ButtonCount {
  readonly rating: Rating;
  readonly learning: number;
  readonly review: number;
}

/**
 * True retention over a period starting on study day `start`: of the `reviews` of cards in the review
 * state, how many were `passed` (rating above Again); `retention` is their share, null without reviews.
 */
export interface RetentionPeriod {
  readonly start: string;
  readonly reviews: number;
  readonly passed: number;
  readonly retention: number | null;
}

/** Everything the progress page shows; `GET /api/v1/progress?detail=1`. */
export interface ProgressDetail {
  readonly topics: readonly TopicProgress[];
  /** Today's study date in the learner's time zone. */
  readonly today: string;
  /** Consecutive study days with at least one review, ending today or yesterday. */
  readonly streak: number;
  /** Reviews not undone, all time. */
  readonly totalReviews: number;
  /** Reviews per study day from the Monday 52 weeks before this week's through today. */
  readonly heatmap: readonly DayCount[];
  /** Cards coming due on each of the next 30 study days; today includes overdue cards. */
  readonly forecast: readonly DayCount[];
  readonly buttons: readonly ButtonCount[];
  /** True retention per study week (last 12, Monday first) and per calendar month (last 12). */
  readonly retention: { readonly weeks: readonly RetentionPeriod[]; readonly months: readonly RetentionPeriod[] };
}

/** One card of a learner, for a topic's card list. `recall` is null until reviewed. */
export interface CardProgress {
  readonly id: string;
  readonly slug: string;
  readonly kind: string;
  readonly content: string;
  readonly state: CardStateName;
  readonly reviewed: boolean;
  readonly due: Date | null;
  readonly recall: number | null;
  readonly reps: number;
  readonly lapses: number;
  readonly suspended: boolean;
}

export function calendarOf(user: User): StudyCalendar {
  return { timeZone: user.timeZone, dayStartHour: user.dayStartHour };
}

const num = (value: bigint | number | null) => Number(value ?? 0);

/** The learner's live cards (one topic's, or all) in article and card order, with their state and recall now. */
export async function cardProgress(user: User, now: Date, slug?: string): Promise<CardProgress[]> {
  const topic = slug === undefined ? Prisma.empty : Prisma.sql`and c.articleSlug = ${slug}`;
  const [cards, states] = await Promise.all([
    db.$queryRaw<{ id: string; slug: string; kind: string; content: string; reviewed: bigint }[]>`
      select c.id, c.articleSlug as slug, c.kind, c.content,
        exists(select 1 from Review r where r.userId = ${user.id} and r.cardId = c.id and r.undoneAt is null) as reviewed
      from Card c join Article a on a.slug = c.articleSlug
      where c.retiredAt is null ${topic}
      order by a.position, c.position`,
    db.cardState.findMany({ where: { userId: user.id, card: { retiredAt: null, ...(slug === undefined ? {} : { articleSlug: slug }) } } }),
  ]);
  const stateOf = new Map(states.map((s) => [s.cardId, s]));
  const settings = schedulerSettings(user);
  return cards.map((card) => {
    const state = stateOf.get(card.id);
    const reviewed = num(card.reviewed) > 0;
    return {
      id: card.id,
      slug: card.slug,
      kind: card.kind,
      content: card.content,
      state: (state?.state ?? 'new') as CardStateName,
      reviewed,
      due: state && state.state !== 'new' ? state.due : null,
      recall: reviewed ? recallNow(state, now, settings) : null,
      reps: state?.reps ?? 0,
      lapses: state?.lapses ?? 0,
      suspended: Boolean(state?.suspendedAt),
    };
  });
}

function recallNow(state: CardState | undefined, now: Date, settings: ReturnType<typeof schedulerSettings>): number {
  if (!state) return 0;
  // NOTE: a clock set back must not put `now` before the last review (the scheduler refuses that).
  const at = state.lastReview && state.lastReview > now ? state.lastReview : now;
  return retrievability(toMemory(state, at), at, settings);
}

async function attemptsByTopic(userId: string): Promise<Map<string, { attempts: number; correct: number }>> {
  const rows = await db.$queryRaw<{ slug: string; attempts: bigint; correct: bigint }[]>`
    select c.articleSlug as slug, count(*) as attempts, sum(a.verdict = 'correct') as correct
    from ProblemAttempt a join Card c on c.id = a.cardId left join Review r on r.id = a.reviewId
    where a.userId = ${userId} and (r.id is null or r.undoneAt is null)
    group by c.articleSlug`;
  return new Map(rows.map((row) => [row.slug, { attempts: num(row.attempts), correct: num(row.correct) }]));
}

/** The per-topic figures of `GET /api/v1/progress`, in article order (all twelve topics). */
export async function topicProgress(user: User, now: Date): Promise<TopicProgress[]> {
  const [articles, cards, attempts] = await Promise.all([
    db.article.findMany({ orderBy: { position: 'asc' }, select: { slug: true } }),
    cardProgress(user, now),
    attemptsByTopic(user.id),
  ]);
  const today = studyDateOf(now, calendarOf(user));
  const dayEnd = periodOf(today, 1, calendarOf(user)).end;
  const weekEnd = periodOf(today, 7, calendarOf(user)).end;
  return articles.map(({ slug }) => summarise(slug, cards.filter((card) => card.slug === slug), attempts.get(slug), dayEnd, weekEnd));
}

/** A topic's figures from its cards (see {@link TopicProgress} for the definitions). */
export function summarise(slug: string, cards: readonly CardProgress[], attempts: { attempts: number; correct: number } | undefined, dayEnd: Date, weekEnd: Date): TopicProgress {
  const studied = cards.filter((card) => card.due !== null && !card.suspended);
  const recalls = cards.flatMap((card) => (card.recall === null ? [] : [card.recall]));
  return {
    slug,
    cards: cards.length,
    reviewed: cards.filter((card) => card.reviewed).length,
    due: studied.filter((card) => card.due! < dayEnd).length,
    recall: recalls.length > 0 ? recalls.reduce((a, b) => a + b, 0) / recalls.length : null,
    accuracy: attempts && attempts.attempts > 0 ? attempts.correct / attempts.attempts : null,
    learned: cards.filter((card) => card.state === 'review').length,
    dueThisWeek: studied.filter((card) => card.due! < weekEnd).length,
    attempts: attempts?.attempts ?? 0,
  };
}

const userList = (userIds: readonly string[]) => Prisma.join(userIds.length > 0 ? userIds : ['']);

/** Reviews (not undone) of the users on each study day; one SQL range count per period via the (userId, reviewedAt) index. */
export async function reviewsPerPeriod(userIds: readonly string[], periods: readonly Period[]): Promise<number[]> {
  const rows = await db.$queryRaw<{ i: bigint; n: bigint }[]>`
    with b as (select key as i, value ->> 0 as s, value ->> 1 as e from json_each(${periodBoundsJson(periods)}))
    select b.i, count(*) as n from b join Review r
      on r.userId in (${userList(userIds)}) and r.reviewedAt >= b.s and r.reviewedAt < b.e and r.undoneAt is null
    group by b.i`;
  const counts = periods.map(() => 0);
  for (const row of rows) counts[num(row.i)] = num(row.n);
  return counts;
}

/** Study days `fromDaysAgo` back through `toDaysAgo` back, with each day's review count. */
async function reviewDays(userIds: readonly string[], calendar: StudyCalendar, now: Date, fromDaysAgo: number, toDaysAgo: number): Promise<DayCount[]> {
  const days = studyDays(now, fromDaysAgo, -toDaysAgo, calendar);
  const counts = await reviewsPerPeriod(userIds, days);
  return days.map((day, i) => ({ date: day.date, count: counts[i]! }));
}

/** The heatmap's days: from the Monday 52 weeks before the current study week's through today. */
export async function reviewHeatmap(userIds: readonly string[], calendar: StudyCalendar, now: Date): Promise<DayCount[]> {
  const today = studyDateOf(now, calendar);
  return reviewDays(userIds, calendar, now, daysBetween(shiftDate(mondayOf(today), -52 * 7), today), 0);
}

const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/**
 * Consecutive study days with at least one review, ending today or — while today has none yet —
 * yesterday. `recent` are the latest days, oldest first and ending today; older days are read a year
 * at a time only while the streak covers everything read so far.
 */
export async function studyStreak(userId: string, calendar: StudyCalendar, now: Date, recent: readonly DayCount[]): Promise<number> {
  const today = studyDateOf(now, calendar);
  let newestFirst = [...recent].reverse();
  if (newestFirst[0]?.count === 0) newestFirst = newestFirst.slice(1);
  let streak = 0;
  for (;;) {
    const gap = newestFirst.findIndex((day) => day.count === 0);
    if (gap >= 0 || newestFirst.length === 0) return streak + Math.max(gap, 0);
    streak += newestFirst.length;
    const reachedBack = daysBetween(newestFirst.at(-1)!.date, today);
    newestFirst = (await reviewDays([userId], calendar, now, reachedBack + 365, reachedBack + 1)).reverse();
  }
}

/** Studied, unsuspended live cards of the learner coming due on each of the next 30 study days (overdue ones today). */
async function dueForecast(user: User, now: Date): Promise<DayCount[]> {
  const days = studyDays(now, 0, 29, calendarOf(user));
  // NOTE: the first range starts at '' (before any time text), so overdue cards land on today.
  const bounds = periodBoundsJson(days).replace(/^\[\["[^"]*"/, '[[""');
  const rows = await db.$queryRaw<{ i: bigint; n: bigint }[]>`
    with b as (select key as i, value ->> 0 as s, value ->> 1 as e from json_each(${bounds}))
    select b.i, count(*) as n from b
      join CardState s on s.userId = ${user.id} and s.due >= b.s and s.due < b.e
      join Card c on c.id = s.cardId
    where c.retiredAt is null and s.state != 'new' and s.suspendedAt is null
    group by b.i`;
  const counts = days.map(() => 0);
  for (const row of rows) counts[num(row.i)] = num(row.n);
  return days.map((day, i) => ({ date: day.date, count: counts[i]! }));
}

/** Answer buttons pressed by the users (reviews not undone), split by whether the card was in review. */
export async function buttonCounts(userIds: readonly string[]): Promise<ButtonCount[]> {
  const rows = await db.$queryRaw<{ review: bigint; rating: bigint; n: bigint }[]>`
    select stateBefore = 'review' as review, rating, count(*) as n from Review
    where userId in (${userList(userIds)}) and undoneAt is null
    group by 1, 2`;
  return ([1, 2, 3, 4] as const).map((rating) => {
    const count = (review: boolean) => num(rows.find((row) => num(row.rating) === rating && num(row.review) === Number(review))?.n ?? 0);
    return { rating, learning: count(false), review: count(true) };
  });
}

/** True retention per period: of reviews in the review state (not undone), the share rated above Again. */
export async function retentionPerPeriod(userIds: readonly string[], periods: readonly Period[]): Promise<RetentionPeriod[]> {
  const rows = await db.$queryRaw<{ i: bigint; n: bigint; passed: bigint }[]>`
    with b as (select key as i, value ->> 0 as s, value ->> 1 as e from json_each(${periodBoundsJson(periods)}))
    select b.i, count(*) as n, sum(r.rating > 1) as passed from b join Review r
      on r.userId in (${userList(userIds)}) and r.reviewedAt >= b.s and r.reviewedAt < b.e and r.undoneAt is null
    where r.stateBefore = 'review'
    group by b.i`;
  return periods.map((period, i) => {
    const row = rows.find((r) => num(r.i) === i);
    const reviews = num(row?.n ?? 0);
    const passed = num(row?.passed ?? 0);
    return { start: period.date, reviews, passed, retention: reviews > 0 ? passed / reviews : null };
  });
}

/** The progress page's figures for one learner (`GET /api/v1/progress?detail=1`). */
export async function progressDetail(user: User, now: Date): Promise<ProgressDetail> {
  const calendar = calendarOf(user);
  const [topics, heatmap, forecast, buttons, weeks, months] = await Promise.all([
    topicProgress(user, now),
    reviewHeatmap([user.id], calendar, now),
    dueForecast(user, now),
    buttonCounts([user.id]),
    retentionPerPeriod([user.id], studyWeeks(now, 12, calendar)),
    retentionPerPeriod([user.id], studyMonths(now, 12, calendar)),
  ]);
  return {
    topics,
    today: studyDateOf(now, calendar),
    streak: await studyStreak(user.id, calendar, now, heatmap),
    totalReviews: buttons.reduce((sum, b) => sum + b.learning + b.review, 0),
    heatmap,
    forecast,
    buttons,
    retention: { weeks, months },
  };
}

/** Exercise accuracy of one topic per study week (last 12 weeks): attempts and correct ones. */
export async function topicAccuracyPerWeek(user: User, slug: string, now: Date): Promise<{ start: string; attempts: number; correct: number }[]> {
  const weeks = studyWeeks(now, 12, calendarOf(user));
  const rows = await db.$queryRaw<{ i: bigint; n: bigint; correct: bigint }[]>`
    with b as (select key as i, value ->> 0 as s, value ->> 1 as e from json_each(${periodBoundsJson(weeks)}))
    select b.i, count(*) as n, sum(a.verdict = 'correct') as correct from b
      join ProblemAttempt a on a.userId = ${user.id} and a.createdAt >= b.s and a.createdAt < b.e
      join Card c on c.id = a.cardId
      left join Review r on r.id = a.reviewId
    where c.articleSlug = ${slug} and (r.id is null or r.undoneAt is null)
    group by b.i`;
  return weeks.map((week, i) => {
    const row = rows.find((r) => num(r.i) === i);
    return { start: week.date, attempts: num(row?.n ?? 0), correct: num(row?.correct ?? 0) };
  });
}

/** Article titles in the learner's language, by slug. */
export async function topicTitles(lang: Lang): Promise<Map<string, string>> {
  const articles = await db.article.findMany({ select: { slug: true, titleZh: true, titleEn: true } });
  return new Map(articles.map((a) => [a.slug, lang === 'en' ? a.titleEn : a.titleZh]));
}
