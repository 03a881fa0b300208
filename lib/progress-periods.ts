import { TZDate } from '@date-fns/tz';
import { studyDayStart } from './study-day';

/** Where a learner's study days begin: `dayStartHour` o'clock in `timeZone`. */
export interface StudyCalendar {
  readonly timeZone: string;
  readonly dayStartHour: number;
}

/**
 * A run of study days: [start, end). `date` is the local calendar date (YYYY-MM-DD) on which it starts,
 * which names the study day (or the first day of a week or month).
 */
export interface Period {
  readonly date: string;
  readonly start: Date;
  readonly end: Date;
}

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

function dayStart(instant: Date, calendar: StudyCalendar): Date {
  return studyDayStart(instant, calendar.timeZone, calendar.dayStartHour);
}

/** The local calendar date on which the study day starting at `start` begins. */
function localDate(start: Date, calendar: StudyCalendar): string {
  const local = new TZDate(start.getTime(), calendar.timeZone);
  return `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, '0')}-${String(local.getDate()).padStart(2, '0')}`;
}

/**
 * The start of the study day `daysAgo` days before the one containing `now` (negative: after it).
 * NOTE: a study day lasts 23–25 hours across DST changes, so stepping whole 24-hour days from the middle
 * of today always lands inside the wanted day; its start then comes from `studyDayStart`, the same rule
 * the queue uses.
 */
export function studyDayStartAgo(now: Date, daysAgo: number, calendar: StudyCalendar): Date {
  const middleOfToday = dayStart(now, calendar).getTime() + 12 * hourMs;
  return dayStart(new Date(middleOfToday - daysAgo * dayMs), calendar);
}

/** Consecutive study days from `daysAgo` days back through `daysAhead` days ahead of today (inclusive). */
export function studyDays(now: Date, daysAgo: number, daysAhead: number, calendar: StudyCalendar): Period[] {
  const starts = Array.from({ length: daysAgo + daysAhead + 2 }, (_, i) => studyDayStartAgo(now, daysAgo - i, calendar));
  return starts.slice(0, -1).map((start, i) => ({ date: localDate(start, calendar), start, end: starts[i + 1]! }));
}

/** Days since the Monday that starts the current study week (0 on a Monday). */
export function daysSinceMonday(now: Date, calendar: StudyCalendar): number {
  const today = localDate(dayStart(now, calendar), calendar);
  return (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/** The last `count` study weeks (Monday to Sunday), oldest first; the last one is the current week. */
export function studyWeeks(now: Date, count: number, calendar: StudyCalendar): Period[] {
  const monday = daysSinceMonday(now, calendar);
  return Array.from({ length: count }, (_, i) => {
    const weeksAgo = count - 1 - i;
    const start = studyDayStartAgo(now, monday + 7 * weeksAgo, calendar);
    return { date: localDate(start, calendar), start, end: studyDayStartAgo(now, monday + 7 * weeksAgo - 7, calendar) };
  });
}

/** The study day on which the local calendar month `month` (0–11, may overflow) of `year` begins. */
function monthStart(year: number, month: number, calendar: StudyCalendar): Date {
  const rollover = new TZDate(year, month, 1, calendar.dayStartHour, 0, 0, calendar.timeZone);
  return dayStart(new Date(rollover.getTime() + 12 * hourMs), calendar);
}

/** The last `count` local calendar months as study-day periods, oldest first; the last is the current month. */
export function studyMonths(now: Date, count: number, calendar: StudyCalendar): Period[] {
  const today = new TZDate(dayStart(now, calendar).getTime(), calendar.timeZone);
  return Array.from({ length: count }, (_, i) => {
    const month = today.getMonth() - (count - 1 - i);
    const start = monthStart(today.getFullYear(), month, calendar);
    return { date: localDate(start, calendar), start, end: monthStart(today.getFullYear(), month + 1, calendar) };
  });
}

/**
 * Periods as one JSON text of [start, end) pairs, for bucketing rows in SQL with `json_each`.
 * NOTE: Prisma's better-sqlite3 adapter stores DateTime columns as ISO-8601 text with a `+00:00` suffix
 * ('2026-11-28T20:53:34.880+00:00'); the bounds use the same fixed-width form, so comparing text compares
 * instants and the (userId, reviewedAt) index serves each range.
 */
export function periodBoundsJson(periods: readonly Period[]): string {
  return JSON.stringify(periods.map((p) => [sqliteTime(p.start), sqliteTime(p.end)]));
}

/** An instant in the text form the SQLite adapter stores DateTime columns in. */
export function sqliteTime(instant: Date): string {
  return instant.toISOString().replace('Z', '+00:00');
}
