// Prepared statements of a better-sqlite3 connection, kept by SQL text and used again. Preparing costs more
// than running most statements (0.05–0.2 ms; ≈ 8% of a queue request), and both the Prisma adapter (through
// lib/db-client.ts) and lib/sql.ts would prepare every statement anew. A statement keeps the columns it had
// when prepared (`SELECT *` would miss a column added since), so a connection's statements are dropped
// whenever the schema changed, here or in another process (SQLite's schema_version).
import type BetterSqlite3 from 'better-sqlite3';

type Prepare = (source: string) => BetterSqlite3.Statement;
/** A connection (better-sqlite3 Database) as far as this module needs it. */
export interface SqliteConnection {
  prepare(source: string): unknown;
}

interface Cache {
  readonly prepare: Prepare;
  readonly schemaVersion: BetterSqlite3.Statement;
  version: unknown;
  readonly statements: Map<string, BetterSqlite3.Statement>;
}

const caches = new WeakMap<SqliteConnection, Cache>();
/** Statements kept per connection (least recently used first out). */
const maxStatements = 500;

/**
 * Starts keeping the statements of `connection`, with its `prepare` as it is now: lib/db-client.ts calls this
 * before it puts its own `prepare` in front for the adapter.
 */
export function keepStatements(connection: SqliteConnection): void {
  if (caches.has(connection)) return;
  const prepare = (connection.prepare as Prepare).bind(connection);
  const schemaVersion = prepare('PRAGMA schema_version').pluck();
  caches.set(connection, { prepare, schemaVersion, version: schemaVersion.get(), statements: new Map() });
}

/**
 * The connection's prepared statement for `source`. NOTE: the statement is shared: set its modes (`raw`,
 * `safeIntegers`) at each use, pass the arguments to each run (never `bind`), and run it to its end (`all`,
 * `run`, `get`; better-sqlite3 runs those synchronously, so two uses never overlap).
 */
export function cachedStatement(connection: SqliteConnection, source: string): BetterSqlite3.Statement {
  keepStatements(connection);
  const cache = caches.get(connection)!;
  const version = cache.schemaVersion.get();
  if (version !== cache.version) {
    cache.statements.clear();
    cache.version = version;
  }
  let statement = cache.statements.get(source);
  if (statement) cache.statements.delete(source);
  else statement = cache.prepare(source);
  cache.statements.set(source, statement);
  if (cache.statements.size > maxStatements) cache.statements.delete(cache.statements.keys().next().value!);
  return statement;
}
