import { tzOffset } from '@date-fns/tz';

/** Where a learner's study days begin: `dayStartHour` o'clock on the local clock of `timeZone`. */
export interface StudyCalendar {
  readonly timeZone: string;
  readonly dayStartHour: number;
}

/**
 * A run of whole study days, [start, end). `date` (YYYY-MM-DD) is the local date of its first study day:
 * the study day named D runs from D `dayStartHour`:00 to D+1 `dayStartHour`:00 local time, so it lasts
 * 23 or 25 hours across a DST change.
 */
export interface Period {
  readonly date: string;
  readonly start: Date;
  readonly end: Date;
}

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

function offsetMs(instantMs: number, timeZone: string): number {
  return tzOffset(timeZone, new Date(instantMs)) * 60_000;
}

/**
 * The instant at which the local clock shows `dayStartHour`:00 on local date `date` + `addDays`.
 * NOTE: at most one DST change falls within half a day of it, so the start is wall time minus the offset
 * before or after; a repeated hour takes its first pass, a skipped hour starts the day when the clock
 * jumps past it — the same days `studyDateOf` sees.
 */
function studyDayStartOn(date: string, addDays: number, calendar: StudyCalendar): Date {
  const wall = Date.parse(`${date}T00:00:00Z`) + addDays * dayMs + calendar.dayStartHour * hourMs;
  const key = `${calendar.timeZone} ${calendar.dayStartHour} ${wall}`;
  let start = dayStarts.get(key);
  if (start === undefined) {
    const candidates = [offsetMs(wall - dayMs / 2, calendar.timeZone), offsetMs(wall + dayMs / 2, calendar.timeZone)].map((offset) => ({
      instant: wall - offset,
      valid: offsetMs(wall - offset, calendar.timeZone) === offset,
    }));
    const valid = candidates.filter((c) => c.valid).map((c) => c.instant);
    start = valid.length > 0 ? Math.min(...valid) : Math.max(...candidates.map((c) => c.instant));
    if (dayStarts.size >= maxDayStarts) dayStarts.clear();
    dayStarts.set(key, start);
  }
  return new Date(start);
}

// NOTE: a study day's start is a pure function of (zone, day-start hour, date), and working it out asks the
// time-zone database four times (≈ 15 µs); the progress pages ask for the same few hundred days of each member
// on every render, so each process keeps the answers (bounded: ≈ 100 bytes an entry, cleared when full).
const dayStarts = new Map<string, number>();
const maxDayStarts = 200_000;

/** `date` (YYYY-MM-DD) shifted by whole days. */
export function shiftDate(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
}

/**
 * The study day an instant belongs to: its local date, or the day before while the local clock is
 * before `dayStartHour`.
 *
 * @example
 * const shanghai = { timeZone: 'Asia/Shanghai', dayStartHour: 4 };
 * studyDateOf(new Date('2026-11-28T19:30:00Z'), shanghai); // '2026-11-28' (03:30 on the 29th locally)
 * studyDateOf(new Date('2026-11-28T20:30:00Z'), shanghai); // '2026-11-29' (04:30 locally)
 */
export function studyDateOf(instant: Date, calendar: StudyCalendar): string {
  const wall = instant.getTime() + offsetMs(instant.getTime(), calendar.timeZone) - calendar.dayStartHour * hourMs;
  return new Date(wall).toISOString().slice(0, 10);
}

/** The period from study day `date` through `days` study days, i.e. [start of date, start of date + days). */
export function periodOf(date: string, days: number, calendar: StudyCalendar): Period {
  return { date, start: studyDayStartOn(date, 0, calendar), end: studyDayStartOn(date, days, calendar) };
}

/** Consecutive study days from `daysAgo` days back through `daysAhead` days ahead of today (inclusive). */
export function studyDays(now: Date, daysAgo: number, daysAhead: number, calendar: StudyCalendar): Period[] {
  const today = studyDateOf(now, calendar);
  const starts = Array.from({ length: daysAgo + daysAhead + 2 }, (_, i) => studyDayStartOn(today, i - daysAgo, calendar));
  return starts.slice(0, -1).map((start, i) => ({ date: shiftDate(today, i - daysAgo), start, end: starts[i + 1]! }));
}

/** The Monday that begins the study week containing study day `date`. */
export function mondayOf(date: string): string {
  return shiftDate(date, -((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7));
}

/** The last `count` study weeks (Monday to Sunday), oldest first; the last one is the current week. */
export function studyWeeks(now: Date, count: number, calendar: StudyCalendar): Period[] {
  const monday = mondayOf(studyDateOf(now, calendar));
  return Array.from({ length: count }, (_, i) => periodOf(shiftDate(monday, -7 * (count - 1 - i)), 7, calendar));
}

/** The last `count` local calendar months as study-day periods, oldest first; the last is the current month. */
export function studyMonths(now: Date, count: number, calendar: StudyCalendar): Period[] {
  const [year, month] = studyDateOf(now, calendar).split('-').map(Number) as [number, number];
  const firstOf = (k: number) => new Date(Date.UTC(year, month - 1 - k, 1)).toISOString().slice(0, 10);
  return Array.from({ length: count }, (_, i) => {
    const date = firstOf(count - 1 - i);
    const next = firstOf(count - 2 - i);
    return { date, start: studyDayStartOn(date, 0, calendar), end: studyDayStartOn(next, 0, calendar) };
  });
}

/**
 * Periods as one JSON text of [start, end) pairs — [start, end, userId] for a period of one user — for
 * bucketing rows in SQL with `json_each`.
 * NOTE: Prisma's better-sqlite3 adapter stores DateTime columns as ISO-8601 text with a `+00:00` suffix
 * ('2026-11-28T20:53:34.880+00:00'); the bounds use the same fixed-width form, so comparing text compares
 * instants and the (userId, reviewedAt) index serves each range.
 */
export function periodBoundsJson(periods: readonly (Period & { readonly userId?: string })[]): string {
  return JSON.stringify(periods.map((p) => (p.userId === undefined ? [sqliteTime(p.start), sqliteTime(p.end)] : [sqliteTime(p.start), sqliteTime(p.end), p.userId])));
}

/** An instant in the text form the SQLite adapter stores DateTime columns in. */
export function sqliteTime(instant: Date): string {
  return instant.toISOString().replace('Z', '+00:00');
}
