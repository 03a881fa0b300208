// What differs between SQLite and PostgreSQL in the app's raw SQL, in one place. The app's queries go
// through Prisma where they can (both databases); the raw statements that remain quote every identifier
// ("Card"."articleSlug": PostgreSQL folds unquoted names to lower case) and build their parameters with
// Prisma.sql or lib/sql.ts `sql` (each writes `?` or `$1` as the database needs; the pieces below are lib/sql.ts
// statements, for the progress pages' SQL). Full-text search keeps both of its forms in lib/search.ts.
import { Prisma } from '@prisma/client';
import type { DatabaseKind } from './database-url';
import { raw, sql, type Statement } from './sql';

/** Anything that runs raw SQL: the client or a transaction client. */
export type RawSql = Pick<Prisma.TransactionClient, '$executeRaw' | '$queryRaw'>;

/**
 * The database behind a client or transaction client.
 * NOTE: `_activeProvider` is the provider the client was generated for ('sqlite' or 'postgresql'); the
 * integration suite runs on both databases, so a change of this internal name fails loudly there.
 */
export function dialectOf(client: RawSql): DatabaseKind {
  const provider = (client as { _activeProvider?: unknown })._activeProvider;
  if (provider === 'sqlite') return 'sqlite';
  if (provider === 'postgresql') return 'postgresql';
  throw new Error(`unknown database provider ${String(provider)}`);
}

/**
 * A CTE `b(i, s, e, u)` of [start, end) instants from a JSON text of pairs (lib/progress-periods.ts
 * `periodBoundsJson`), `i` counting from 0, `u` the period's user (null when the JSON gives none). SQLite
 * compares the stored text form of DateTime columns; PostgreSQL casts the bounds to `timestamp` (Prisma keeps
 * UTC in `timestamp(3)` columns, so the `+00:00` of the bounds is dropped without changing the instant).
 */
export function periodTable(dialect: DatabaseKind, boundsJson: string): Statement {
  return sql`with ${periodRows(dialect, boundsJson)}`;
}

/** The CTE of {@link periodTable} without its `with`, to stand beside others. */
export function periodRows(dialect: DatabaseKind, boundsJson: string): Statement {
  if (dialect === 'postgresql') {
    return sql`b as materialized (select (t.n - 1)::int as i, (t.v ->> 0)::timestamp as s, (t.v ->> 1)::timestamp as e, t.v ->> 2 as u
      from jsonb_array_elements(${boundsJson}::jsonb) with ordinality as t(v, n))`;
  }
  return sql`b as materialized (select key as i, value ->> 0 as s, value ->> 1 as e, value ->> 2 as u from json_each(${boundsJson}))`;
}

/**
 * A CTE `name(c1, c2, …)` of integers from a JSON text of equally long arrays of integers (one array a row),
 * e.g. `intRows(dialect, 'p', ['k', 'lo'], '[[0, 5], [1, 7]]')`.
 */
export function intRows(dialect: DatabaseKind, name: string, columns: readonly string[], json: string): Statement {
  if (dialect === 'postgresql') {
    const picked = columns.map((column, i) => `(t.v ->> ${i})::int as ${column}`).join(', ');
    return sql`${raw(name)} as materialized (select ${raw(picked)} from jsonb_array_elements(${json}::jsonb) as t(v))`;
  }
  const picked = columns.map((column, i) => `value ->> ${i} as ${column}`).join(', ');
  return sql`${raw(name)} as materialized (select ${raw(picked)} from json_each(${json}))`;
}

/** Width of one instant in SQLite's {@link instantList}: `2026-11-28T20:00:00.000+00:00`. */
const stampWidth = 29;

/**
 * A list of instants as one SQL value, to read the k-th (from 0) with {@link instantAt} in O(1): a long run of
 * study days in one parameter, of which a query reads only the days it reaches. SQLite: a blob of fixed-width
 * stamps in the stored text form of DateTime columns (lib/progress-periods.ts `sqliteTime`), cut with `substr`
 * (by bytes on a blob; on text it would count characters from the start each time). PostgreSQL: an array of
 * `timestamp`, parsed once.
 */
export function instantList(dialect: DatabaseKind, instants: readonly Date[]): Statement {
  const stamps = instants.map((instant) => instant.toISOString().replace('Z', '+00:00'));
  if (dialect === 'postgresql') return sql`string_to_array(${stamps.join(',')}::text, ',')::timestamp[]`;
  if (stamps.some((stamp) => stamp.length !== stampWidth)) throw new Error('an instant outside the years 0000–9999');
  return sql`${Buffer.from(stamps.join(''), 'latin1')}`;
}

/** The `k`-th instant (from 0) of an {@link instantList} value, comparable with DateTime columns (see {@link periodTable}). */
export function instantAt(dialect: DatabaseKind, list: Statement, k: Statement): Statement {
  if (dialect === 'postgresql') return sql`(${list})[(${k}) + 1]`;
  return sql`cast(substr(${list}, (${k}) * ${raw(String(stampWidth))} + 1, ${raw(String(stampWidth))}) as text)`;
}

/**
 * An inner join that keeps the left table outside: SQLite's CROSS JOIN (its planner hint to keep the join
 * order, so each period is one index range scan); PostgreSQL plans that itself and allows no ON after CROSS JOIN.
 */
export function joinInOrder(dialect: DatabaseKind): Statement {
  return raw(dialect === 'sqlite' ? 'cross join' : 'join');
}

/**
 * Serialises a transaction with every other one that takes the same `name`, across app processes, until
 * it ends: PostgreSQL's transaction-level advisory lock. SQLite needs nothing here: every transaction
 * starts with BEGIN IMMEDIATE (lib/db-client.ts), so it holds the database's write lock already.
 */
export async function lockForTransaction(tx: RawSql, name: string): Promise<void> {
  if (dialectOf(tx) === 'postgresql') await tx.$queryRaw`select pg_advisory_xact_lock(hashtextextended(${name}, 0))::text as locked`;
}
