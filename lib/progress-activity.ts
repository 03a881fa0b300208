import { Prisma } from '@prisma/client';
import type { Rating } from '@/engine/scheduler';
import { db } from './db';
import { dialectOf, joinInOrder, periodTable } from './sql-dialect';
import { mondayOf, periodBoundsJson, shiftDate, studyDateOf, studyDays, studyMonths, studyWeeks, type Period, type StudyCalendar } from './progress-periods';

/** A count for one study day (`date` is its local date, YYYY-MM-DD). */
export interface DayCount {
  readonly date: string;
  readonly count: number;
}

/** How often each answer button was pressed, on cards in learning (new, learning, relearning) and in review. */
export interface ButtonCount {
  readonly rating: Rating;
  readonly learning: number;
  readonly review: number;
}

/**
 * True retention over the period starting on study day `start`: of the `reviews` of cards in the
 * review state, how many were `passed` (rated above Again); `retention` is their share, null without reviews.
 */
export interface RetentionPeriod {
  readonly start: string;
  readonly reviews: number;
  readonly passed: number;
  readonly retention: number | null;
}

/** Review activity over the last year, from the review log (undone reviews left out). */
export interface ReviewActivity {
  /** Reviews per study day, from the Monday 52 weeks before the current week's through today. */
  readonly heatmap: readonly DayCount[];
  /** Answer buttons over the heatmap's days. */
  readonly buttons: readonly ButtonCount[];
  /** True retention per study week (last 12, Monday to Sunday) and per calendar month (last 12). */
  readonly retention: { readonly weeks: readonly RetentionPeriod[]; readonly months: readonly RetentionPeriod[] };
}

const num = (value: bigint | number | boolean | null | undefined) => Number(value ?? 0);
export const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
const userList = (userIds: readonly string[]) => Prisma.join(userIds.length > 0 ? userIds : ['']);

// NOTE: the CTE `b(i, s, e)` of periods (lib/sql-dialect.ts `periodTable`) comes first in each query
// (`b <joinInOrder> …`), so each period is one range scan of an index on (userId, time), not one pass
// over every row per period.
const dialect = () => dialectOf(db);

interface DayRatings extends Period {
  readonly learning: number[];
  readonly review: number[];
}

/** Reviews per study day by kind (learning/review) and rating: one grouped SQL aggregate. */
async function ratingsPerDay(userIds: readonly string[], days: readonly Period[]): Promise<DayRatings[]> {
  const rows = await db.$queryRaw<{ i: bigint | number; review: bigint | boolean; rating: bigint | number; n: bigint }[]>`
    ${periodTable(dialect(), periodBoundsJson(days))}
    select b.i as i, r."stateBefore" = 'review' as review, r."rating" as rating, count(*) as n from b ${joinInOrder(dialect())} "Review" r
      on r."userId" in (${userList(userIds)}) and r."reviewedAt" >= b.s and r."reviewedAt" < b.e and r."undoneAt" is null
    group by b.i, r."stateBefore" = 'review', r."rating"`;
  const out = days.map((day) => ({ ...day, learning: [0, 0, 0, 0], review: [0, 0, 0, 0] }));
  for (const row of rows) {
    const counts = out[num(row.i)]?.[num(row.review) ? 'review' : 'learning'];
    if (counts && num(row.rating) >= 1 && num(row.rating) <= 4) counts[num(row.rating) - 1]! += num(row.n);
  }
  return out;
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

function retentionOf(days: readonly DayRatings[], periods: readonly Period[]): RetentionPeriod[] {
  return periods.map((period) => {
    const inside = days.filter((day) => day.start >= period.start && day.start < period.end);
    const reviews = sum(inside.map((day) => sum(day.review)));
    const passed = sum(inside.map((day) => sum(day.review.slice(1))));
    return { start: period.date, reviews, passed, retention: reviews > 0 ? passed / reviews : null };
  });
}

/** The users' review activity over the last year, in the study days of `calendar`. */
export async function reviewActivity(userIds: readonly string[], calendar: StudyCalendar, now: Date): Promise<ReviewActivity> {
  const today = studyDateOf(now, calendar);
  const heatmapFirst = shiftDate(mondayOf(today), -52 * 7);
  const weeks = studyWeeks(now, 12, calendar);
  const months = studyMonths(now, 12, calendar);
  const first = months[0]!.date < heatmapFirst ? months[0]!.date : heatmapFirst;
  const days = await ratingsPerDay(userIds, studyDays(now, daysBetween(first, today), 0, calendar));
  const year = days.filter((day) => day.date >= heatmapFirst);
  return {
    heatmap: year.map((day) => ({ date: day.date, count: sum(day.learning) + sum(day.review) })),
    buttons: ([1, 2, 3, 4] as const).map((rating) => ({
      rating,
      learning: sum(year.map((day) => day.learning[rating - 1]!)),
      review: sum(year.map((day) => day.review[rating - 1]!)),
    })),
    retention: { weeks: retentionOf(days, weeks), months: retentionOf(days, months) },
  };
}

/** Which of the periods hold at least one review (not undone) of the user: one index seek per period. */
async function activePeriods(userId: string, periods: readonly Period[]): Promise<boolean[]> {
  const rows = await db.$queryRaw<{ i: bigint | number }[]>`
    ${periodTable(dialect(), periodBoundsJson(periods))}
    select b.i as i from b
    where exists (select 1 from "Review" r where r."userId" = ${userId} and r."reviewedAt" >= b.s and r."reviewedAt" < b.e and r."undoneAt" is null)`;
  const active = periods.map(() => false);
  for (const row of rows) active[num(row.i)] = true;
  return active;
}

/**
 * Consecutive study days with at least one review (not undone), ending today or — while today has
 * none yet — yesterday. Reads a year of days at a time, only as far back as the streak goes.
 */
export async function studyStreak(userId: string, calendar: StudyCalendar, now: Date): Promise<number> {
  let streak = 0;
  for (let daysAgo = 0; ; daysAgo += 365) {
    const newestFirst = (await activePeriods(userId, studyDays(now, daysAgo + 364, -daysAgo, calendar))).reverse();
    const skip = daysAgo === 0 && !newestFirst[0] ? 1 : 0;
    const gap = newestFirst.indexOf(false, skip);
    if (gap >= 0) return streak + gap - skip;
    streak += newestFirst.length - skip;
  }
}

/** Reviews (not undone) of the user in one period: a single index range count. */
export async function reviewsIn(userId: string, period: Period): Promise<number> {
  return db.review.count({ where: { userId, undoneAt: null, reviewedAt: { gte: period.start, lt: period.end } } });
}

/** Studied, unsuspended live cards of the user coming due on each of the next 30 study days; today includes overdue ones. */
export async function dueForecast(userId: string, calendar: StudyCalendar, now: Date): Promise<DayCount[]> {
  const days = studyDays(now, 0, 29, calendar);
  // NOTE: the first range starts at the year 1, so overdue cards land on today.
  const bounds = periodBoundsJson([{ ...days[0]!, start: new Date('0001-01-01T00:00:00Z') }, ...days.slice(1)]);
  const rows = await db.$queryRaw<{ i: bigint | number; n: bigint }[]>`
    ${periodTable(dialect(), bounds)}
    select b.i as i, count(*) as n from b
      ${joinInOrder(dialect())} "CardState" s on s."userId" = ${userId} and s."due" >= b.s and s."due" < b.e
      join "Card" c on c."id" = s."cardId"
    where c."retiredAt" is null and s."state" != 'new' and s."suspendedAt" is null
    group by b.i`;
  const counts = days.map(() => 0);
  for (const row of rows) counts[num(row.i)] = num(row.n);
  return days.map((day, i) => ({ date: day.date, count: counts[i]! }));
}

/** Exercise attempts on one topic per study week (last 12): how many, and how many correct (undone reviews' attempts left out). */
export async function topicAttemptsPerWeek(userId: string, slug: string, calendar: StudyCalendar, now: Date): Promise<{ start: string; attempts: number; correct: number }[]> {
  const weeks = studyWeeks(now, 12, calendar);
  const rows = await db.$queryRaw<{ i: bigint | number; n: bigint; correct: bigint }[]>`
    ${periodTable(dialect(), periodBoundsJson(weeks))}
    select b.i as i, count(*) as n, sum(case when a."verdict" = 'correct' then 1 else 0 end) as correct from b
      ${joinInOrder(dialect())} "ProblemAttempt" a on a."userId" = ${userId} and a."createdAt" >= b.s and a."createdAt" < b.e
      join "Card" c on c."id" = a."cardId"
      left join "Review" r on r."id" = a."reviewId"
    where c."articleSlug" = ${slug} and (r."id" is null or r."undoneAt" is null)
    group by b.i`;
  return weeks.map((week, i) => {
    const row = rows.find((r) => num(r.i) === i);
    return { start: week.date, attempts: num(row?.n), correct: num(row?.correct) };
  });
}
