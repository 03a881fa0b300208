import type { Rating } from '@/engine/scheduler';
import { db, sqlDb } from './db';
import { buttonCounts, reviewStateOf, totalOf, type ButtonCounts } from './review-tally';
import { bool, joinSql, raw, sql, type Statement } from './sql';
import { dialectOf, instantAt, instantList, joinInOrder, periodTable } from './sql-dialect';
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

const num = (value: unknown) => Number(value ?? 0);
export const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
const dialect = () => dialectOf(db);
const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const ratings = [1, 2, 3, 4] as const;

/** The users' review activity over the last year, in the study days of `calendar`: one statement (lib/review-tally.ts). */
export async function reviewActivity(userIds: readonly string[], calendar: StudyCalendar, now: Date): Promise<ReviewActivity> {
  const today = studyDateOf(now, calendar);
  const days = studyDays(now, daysBetween(shiftDate(mondayOf(today), -52 * 7), today), 0, calendar);
  const year = { start: days[0]!.start, end: days.at(-1)!.end };
  // A week or month still running counts up to the end of today.
  const upToToday = (period: Period) => ({ ...period, end: period.end < year.end ? period.end : year.end });
  const weeks = studyWeeks(now, 12, calendar).map(upToToday);
  const months = studyMonths(now, 12, calendar).map(upToToday);
  const counts = await buttonCounts(userIds, [year, ...days, ...weeks, ...months]);
  const yearCounts = counts[0]!;
  const dayCounts = counts.slice(1, 1 + days.length);
  const weekCounts = counts.slice(1 + days.length, 1 + days.length + weeks.length);
  const monthCounts = counts.slice(1 + days.length + weeks.length);
  const retention = (period: Period, of: ButtonCounts): RetentionPeriod => {
    const reviews = sum(reviewStateOf(of));
    const passed = reviews - reviewStateOf(of)[0]!;
    return { start: period.date, reviews, passed, retention: reviews > 0 ? passed / reviews : null };
  };
  return {
    heatmap: days.map((day, i) => ({ date: day.date, count: totalOf(dayCounts[i]!) })),
    buttons: ratings.map((rating, r) => ({ rating, learning: yearCounts[r]!, review: yearCounts[4 + r]! })),
    retention: {
      weeks: weeks.map((week, i) => retention(week, weekCounts[i]!)),
      months: months.map((month, i) => retention(month, monthCounts[i]!)),
    },
  };
}

/** A user and the study days they count in. */
export interface Learner {
  readonly id: string;
  readonly calendar: StudyCalendar;
}

// NOTE: the bounds of a run of study days are a pure function of the calendar and the dates; the streak asks
// for the same runs on every render, so each process keeps the last few (bounded).
const dayBoundsCache = new Map<string, Statement>();

/**
 * The bounds of `length` study days ending `daysAgo` days before today, newest first, as one SQL value
 * (lib/sql-dialect.ts `instantList`): the end of the newest day, then each day's start, so day k (0: the
 * newest) is [bound k + 1, bound k).
 */
function dayBounds(calendar: StudyCalendar, now: Date, daysAgo: number, length: number): Statement {
  const key = `${calendar.timeZone} ${calendar.dayStartHour} ${studyDateOf(now, calendar)} ${daysAgo} ${length}`;
  let bounds = dayBoundsCache.get(key);
  if (bounds === undefined) {
    const days = studyDays(now, daysAgo + length - 1, -daysAgo, calendar).reverse();
    bounds = instantList(dialect(), [days[0]!.end, ...days.map((day) => day.start)]);
    if (dayBoundsCache.size >= 256) dayBoundsCache.clear();
    dayBoundsCache.set(key, bounds);
  }
  return bounds;
}

/**
 * For users of one calendar and a run of `length` study days (newest first), whether the newest day holds a
 * review that stands, and the first later day (k ≥ 1) that holds none (null: none in the run). A recursive walk
 * from day 1 back, one index seek a day, that stops at the first day without a review.
 */
async function dayGaps(userIds: readonly string[], bounds: Statement, length: number): Promise<Map<string, { first: boolean; gap: number | null }>> {
  const d = dialect();
  const inDay = (user: string, day: Statement) =>
    sql`select 1 from "Review" r where r."userId" = ${raw(user)} and r."undoneAt" is null
      and r."reviewedAt" >= ${instantAt(d, sql`t.x`, sql`${day} + 1`)} and r."reviewedAt" < ${instantAt(d, sql`t.x`, day)}`;
  const rows = await sqlDb.query(sql`
    with recursive t(x) as (select ${bounds}), u(id) as (values ${joinSql(userIds.map((id) => sql`(${id})`), ', ')}),
    walk(u, i) as (
      select u.id, 1 from u
      union all
      select w.u, w.i + 1 from walk w cross join t where w.i < ${length} and exists (${inDay('w.u', sql`w.i`)})
    ),
    reached(u, i) as (select w.u, max(w.i) from walk w group by w.u)
    select u.id as u, exists (${inDay('u.id', sql`0`)}) as first, reached.i as reached
    from u cross join t join reached on reached.u = u.id`);
  return new Map(rows.map((row) => [String(row.u), { first: bool(row.first), gap: num(row.reached) < length ? num(row.reached) : null }]));
}

/**
 * Each user's streak: consecutive study days with at least one review (not undone), ending today or — while
 * today has none yet — yesterday. Walks back from today, one index seek a day, to the first day without a
 * review: a run of 400 days, then four times as many further back for the users whose streak goes on; one
 * statement per calendar and run.
 */
export async function studyStreaks(users: readonly Learner[], now: Date): Promise<Map<string, number>> {
  const streaks = new Map<string, number>();
  let open = users.map((user) => ({ user, streak: 0 }));
  for (let daysAgo = 0, length = 400; open.length > 0; daysAgo += length, length *= 4) {
    const byCalendar = new Map<string, Learner[]>();
    for (const { user } of open) {
      const key = `${user.calendar.timeZone} ${user.calendar.dayStartHour}`;
      byCalendar.set(key, [...(byCalendar.get(key) ?? []), user]);
    }
    const gaps = await Promise.all(
      [...byCalendar.values()].map((group) => dayGaps(group.map((user) => user.id), dayBounds(group[0]!.calendar, now, daysAgo, length), length)),
    );
    const found = new Map(gaps.flatMap((map) => [...map]));
    const next: typeof open = [];
    for (const entry of open) {
      const { first, gap } = found.get(entry.user.id)!;
      // Today without a review yet does not end the streak; an earlier day without one does.
      const skip = daysAgo === 0 && !first ? 1 : 0;
      const end = daysAgo > 0 && !first ? 0 : gap;
      if (end !== null) streaks.set(entry.user.id, entry.streak + end - skip);
      else next.push({ user: entry.user, streak: entry.streak + length - skip });
    }
    open = next;
  }
  return streaks;
}

/** A user's streak (see {@link studyStreaks}). */
export async function studyStreak(userId: string, calendar: StudyCalendar, now: Date): Promise<number> {
  return (await studyStreaks([{ id: userId, calendar }], now)).get(userId)!;
}

/** Each user's reviews (not undone) since the start of their current study week (Monday): one statement. */
export async function reviewsThisWeek(users: readonly Learner[], now: Date): Promise<Map<string, number>> {
  const weeks = users.map((user) => ({ ...studyWeeks(now, 1, user.calendar)[0]!, userId: user.id }));
  const rows = await sqlDb.query(sql`
    ${periodTable(dialect(), periodBoundsJson(weeks))}
    select b.i as i, (select count(*) from "Review" r where r."userId" = b.u and r."undoneAt" is null and r."reviewedAt" >= b.s and r."reviewedAt" < b.e) as n from b`);
  const counts = new Map(users.map((user) => [user.id, 0]));
  for (const row of rows) counts.set(users[num(row.i)]!.id, num(row.n));
  return counts;
}

/** Studied, unsuspended live cards of the user coming due on each of the next 30 study days; today includes overdue ones. */
export async function dueForecast(userId: string, calendar: StudyCalendar, now: Date): Promise<DayCount[]> {
  const days = studyDays(now, 0, 29, calendar);
  // NOTE: the first range starts at the year 1, so overdue cards land on today.
  const bounds = periodBoundsJson([{ ...days[0]!, start: new Date('0001-01-01T00:00:00Z') }, ...days.slice(1)]);
  const rows = await sqlDb.query(sql`
    ${periodTable(dialect(), bounds)}
    select b.i as i, count(*) as n from b
      ${joinInOrder(dialect())} "CardState" s on s."userId" = ${userId} and s."due" >= b.s and s."due" < b.e
      join "Card" c on c."id" = s."cardId"
    where c."retiredAt" is null and s."state" != 'new' and s."suspendedAt" is null
    group by b.i`);
  const counts = days.map(() => 0);
  for (const row of rows) counts[num(row.i)] = num(row.n);
  return days.map((day, i) => ({ date: day.date, count: counts[i]! }));
}

/**
 * Exercise attempts on one topic per study week (last 12): how many, and how many correct (undone reviews'
 * attempts left out). Each week and card of the topic is one range of the index ProblemAttempt (userId,
 * cardId, createdAt, verdict).
 */
export async function topicAttemptsPerWeek(userId: string, slug: string, calendar: StudyCalendar, now: Date): Promise<{ start: string; attempts: number; correct: number }[]> {
  const weeks = studyWeeks(now, 12, calendar);
  const rows = await sqlDb.query(sql`
    ${periodTable(dialect(), periodBoundsJson(weeks))}
    select b.i as i, count(*) as n, sum(case when a."verdict" = 'correct' then 1 else 0 end) as correct from b
      ${joinInOrder(dialect())} "Card" c on c."articleSlug" = ${slug}
      ${joinInOrder(dialect())} "ProblemAttempt" a on a."userId" = ${userId} and a."cardId" = c."id" and a."createdAt" >= b.s and a."createdAt" < b.e
    where not exists (select 1 from "Review" r where r."id" = a."reviewId" and r."undoneAt" is not null)
    group by b.i`);
  return weeks.map((week, i) => {
    const row = rows.find((r) => num(r.i) === i);
    return { start: week.date, attempts: num(row?.n), correct: num(row?.correct) };
  });
}
