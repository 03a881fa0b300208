// Counts of the reviews that stand (not undone, rating 1–4) over any periods, read from ReviewTally: the
// database's own per-user counts per UTC quarter-hour, hour and day, by answer button (prisma/schema.prisma;
// triggers on Review keep them). A period costs a few rows per user instead of an index entry per review.
import { db, sqlDb } from './db';
import { periodBoundsJson } from './progress-periods';
import { joinSql, raw, sql, type Statement } from './sql';
import { dialectOf, intRows, periodRows } from './sql-dialect';

/**
 * Reviews by answer button: index `rating - 1` counts ratings on cards in learning (stateBefore new, learning
 * or relearning), index `4 + rating - 1` on cards in review. See {@link totalOf}, {@link reviewStateOf}.
 */
export type ButtonCounts = readonly number[];

/** A span of time [start, end). */
export interface Span {
  readonly start: Date;
  readonly end: Date;
}

const quarterMs = 900_000;
const hourMs = 3_600_000;
const dayMs = 86_400_000;
const columns = ['learning1', 'learning2', 'learning3', 'learning4', 'review1', 'review2', 'review3', 'review4'] as const;
const zero = (): number[] => columns.map(() => 0);

/** All reviews of a {@link ButtonCounts}. */
export const totalOf = (counts: ButtonCounts) => counts.reduce((a, b) => a + b, 0);
/** The ratings 1–4 on cards in review. */
export const reviewStateOf = (counts: ButtonCounts) => counts.slice(4);

/** Signed tally rows: `sign` × the slots [lo, hi) of `unitMs`, for instant number `k`. */
interface Piece {
  readonly k: number;
  readonly sign: 1 | -1;
  readonly unitMs: number;
  readonly lo: number;
  readonly hi: number;
}

/**
 * How to count the reviews from the first day's start to the quarter-hour `quarterStart` (of instant number
 * `k`): the whole UTC days before its day (`wholeDays`: the days before `quarterStart`'s, or through it), and
 * signed tally rows — hours then quarter-hours forward from the day's start or, past noon, the quarter-hours
 * and hours back from the day's end taken away from the whole day. At most 12 hours and 3 quarter-hours.
 */
function countTo(k: number, quarterStart: number): { throughDay: number; pieces: Piece[] } {
  const dayStart = Math.floor(quarterStart / dayMs) * dayMs;
  const slots = (sign: 1 | -1, unitMs: number, from: number, to: number): Piece[] => (from < to ? [{ k, sign, unitMs, lo: from / unitMs, hi: to / unitMs }] : []);
  if (quarterStart - dayStart <= dayMs / 2) {
    const hourStart = Math.floor(quarterStart / hourMs) * hourMs;
    return { throughDay: dayStart / dayMs, pieces: [...slots(1, hourMs, dayStart, hourStart), ...slots(1, quarterMs, hourStart, quarterStart)] };
  }
  const hourEnd = Math.ceil(quarterStart / hourMs) * hourMs;
  return { throughDay: dayStart / dayMs + 1, pieces: [...slots(-1, quarterMs, quarterStart, hourEnd), ...slots(-1, hourMs, hourEnd, dayStart + dayMs)] };
}

/** `in (…)` of user ids, never empty. */
function userList(userIds: readonly string[]): Statement {
  return sql`(${joinSql((userIds.length > 0 ? userIds : ['']).map((id) => sql`${id}`), ', ')})`;
}

const sums = (term: (column: string) => string) => raw(columns.map((column) => `sum(${term(column)}) as ${column}`).join(', '));

/**
 * For each period [start, end), the users' reviews that stand, by button (ratings outside 1–4 count nowhere).
 * Exact for any bounds. Every bound t is a running count C(t) from an origin: whole UTC days and the hours and
 * quarter-hours up to t's quarter-hour (see {@link countTo}), plus the reviews themselves from that
 * quarter-hour to t — an empty range for every study-day bound (all time zones' offsets are whole
 * quarter-hours), read from Review only when some bound is not on a quarter-hour. A period is C(end) − C(start).
 * One statement.
 */
export async function buttonCounts(userIds: readonly string[], periods: readonly Span[]): Promise<ButtonCounts[]> {
  if (periods.length === 0) return [];
  const instants = [...new Set(periods.flatMap((period) => [period.start.getTime(), period.end.getTime()]))].sort((a, b) => a - b);
  const index = new Map(instants.map((t, k) => [t, k]));
  const quarters = instants.map((t) => Math.floor(t / quarterMs) * quarterMs);
  const counted = quarters.map((quarter, k) => countTo(k, quarter));
  const pieces = counted.flatMap((count) => count.pieces);
  const heads = instants.flatMap((t, k) => (quarters[k]! < t ? [{ k, date: '', start: new Date(quarters[k]!), end: new Date(t) }] : []));
  const firstDay = Math.min(...counted.map((count) => count.throughDay));
  const lastDay = Math.max(...counted.map((count) => count.throughDay));

  const dialect = dialectOf(db);
  const users = userList(userIds);
  const ctes = [intRows(dialect, 'p', ['k', 'sg', 'un', 'lo', 'hi'], JSON.stringify(pieces.map((p) => [p.k, p.sign, p.unitMs / 1000, p.lo, p.hi])))];
  if (heads.length > 0) ctes.push(periodRows(dialect, periodBoundsJson(heads)));
  const button = (rating: number, review: boolean) => `r."rating" = ${rating} and r."stateBefore" ${review ? '=' : '<>'} 'review'`;
  const headRows = sql`
    union all
    select 2 as part, b.i as i, ${raw(
      columns.map((column, c) => `sum(case when ${button((c % 4) + 1, c >= 4)} then 1 else 0 end) as ${column}`).join(', '),
    )}
    from b cross join "Review" r
    where r."userId" in ${users} and r."undoneAt" is null and r."reviewedAt" >= b.s and r."reviewedAt" < b.e
    group by b.i`;
  // NOTE: each piece must be a range of the tally's primary key per user: SQLite walks the CTE's rows first (a
  // cross join keeps that order); PostgreSQL is told so with a lateral subquery that sums its piece (joined
  // plainly, it hashed the pieces and compared each with every tally row of the users: seconds).
  const range = sql`"ReviewTally" t where t."userId" in ${users} and t."unit" = p.un and t."slot" >= p.lo and t."slot" < p.hi`;
  const pieceRows =
    dialect === 'postgresql'
      ? sql`p cross join lateral (select ${sums((column) => `t."${column}"`)} from ${range}) t`
      : sql`p cross join ${range}`;
  const rows = await sqlDb.query(sql`
    with ${joinSql(ctes, ', ')}
    select 0 as part, t."slot" as i, ${sums((column) => `t."${column}"`)}
    from "ReviewTally" t
    where t."userId" in ${users} and t."unit" = 86400 and t."slot" >= ${firstDay} and t."slot" < ${lastDay}
    group by t."slot"
    union all
    select 1 as part, p.k as i, ${sums((column) => `p.sg * t."${column}"`)}
    from ${pieceRows}
    group by p.k
    ${heads.length > 0 ? headRows : raw('')}`);

  const days: { day: number; counts: number[] }[] = [];
  const before = instants.map(zero);
  for (const row of rows) {
    const counts = columns.map((column) => Number(row[column] ?? 0));
    const part = Number(row.part);
    if (part === 0) days.push({ day: Number(row.i), counts });
    else {
      const k = part === 1 ? Number(row.i) : heads[Number(row.i)]!.k;
      before[k] = before[k]!.map((n, c) => n + counts[c]!);
    }
  }
  // Running totals of the whole days, then each instant's count from the origin (the first day's start).
  days.sort((a, b) => a.day - b.day);
  const running = [zero()];
  for (const { counts } of days) running.push(running.at(-1)!.map((n, c) => n + counts[c]!));
  const daysBefore = (day: number) => {
    let low = 0;
    for (let high = days.length; low < high; ) {
      const mid = (low + high) >> 1;
      if (days[mid]!.day < day) low = mid + 1;
      else high = mid;
    }
    return running[low]!;
  };
  const at = counted.map((count, k) => daysBefore(count.throughDay).map((n, c) => n + before[k]![c]!));
  return periods.map((period) => {
    const end = at[index.get(period.end.getTime())!]!;
    const start = at[index.get(period.start.getTime())!]!;
    return end.map((n, c) => n - start[c]!);
  });
}
