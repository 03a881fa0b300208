// SQL beside Prisma for the requests people wait on (the review round trip, the queue, the session lookup).
// A Prisma query pays for compiling it to a plan in WebAssembly and interpreting that plan (≈ 1.5 ms a
// query here, docs/BENCHMARKS.md); a statement sent straight to the driver adapter costs ≈ 0.1 ms. The
// statements go through the very adapter the Prisma client uses (lib/db.ts: one connection for SQLite, one
// pool for PostgreSQL), so both see the same data and transactions. Prisma stays the owner of the schema
// and its migrations; the SQL here is the dialect SQLite and PostgreSQL share (quoted identifiers,
// `INSERT … ON CONFLICT … DO UPDATE`, `excluded`), with placeholders written per database.

import type { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { cachedStatement, type SqliteConnection } from './sqlite-statements';

/** The driver adapter of the Prisma client (SQLite: better-sqlite3; PostgreSQL: pg). */
export type SqlAdapter = Awaited<ReturnType<PrismaBetterSQLite3['connect']>>;
type SqlQueryable = Pick<SqlAdapter, 'queryRaw' | 'executeRaw' | 'provider'>;
type AdapterFactory = { readonly provider: string; readonly adapterName: string; connect(): Promise<SqlAdapter> };
type ArgType = Parameters<SqlAdapter['queryRaw']>[0]['argTypes'][number];

/** A statement: text with its values kept apart (never spliced into the text). */
export interface Statement {
  readonly chunks: readonly (string | { readonly value: unknown })[];
}

/**
 * `sql\`SELECT … WHERE "id" = ${id}\``: each `${…}` becomes a placeholder (`?` or `$n`); a nested
 * Statement is spliced in as SQL.
 */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): Statement {
  const chunks: Statement['chunks'][number][] = [];
  strings.forEach((text, i) => {
    chunks.push(text);
    if (i < values.length) {
      const value = values[i];
      if (isStatement(value)) chunks.push(...value.chunks);
      else chunks.push({ value });
    }
  });
  return { chunks };
}

/** Statements joined by `separator` (e.g. the rows of a multi-row VALUES). */
export function joinSql(parts: readonly Statement[], separator: string): Statement {
  return { chunks: parts.flatMap((part, i) => (i === 0 ? part.chunks : [separator, ...part.chunks])) };
}

/** SQL text from the code itself (never from input). */
export function raw(text: string): Statement {
  return { chunks: [text] };
}

function isStatement(value: unknown): value is Statement {
  return typeof value === 'object' && value !== null && 'chunks' in value && Array.isArray((value as Statement).chunks);
}

function argType(value: unknown): ArgType {
  if (typeof value === 'string') return { scalarType: 'string', arity: 'scalar' };
  if (typeof value === 'number') return { scalarType: Number.isInteger(value) ? 'int' : 'float', arity: 'scalar' };
  if (typeof value === 'boolean') return { scalarType: 'boolean', arity: 'scalar' };
  if (value instanceof Date) return { scalarType: 'datetime', arity: 'scalar' };
  return { scalarType: 'unknown', arity: 'scalar' };
}

function render(statement: Statement, provider: string) {
  let text = '';
  const args: unknown[] = [];
  for (const chunk of statement.chunks) {
    if (typeof chunk === 'string') text += chunk;
    else {
      args.push(chunk.value);
      text += provider === 'postgres' ? `$${args.length}` : '?';
    }
  }
  return { sql: text, args, argTypes: args.map(argType) };
}

/** A row as column name → value; values as the driver gives them (decode with the helpers below). */
export type Row = Readonly<Record<string, unknown>>;

/** Something statements run on: the shared connection, or an open transaction. */
export interface SqlRunner {
  query(statement: Statement): Promise<Row[]>;
  execute(statement: Statement): Promise<number>;
}

/** The better-sqlite3 connection under a SQLite adapter or transaction (null on PostgreSQL). */
function sqliteConnection(target: SqlQueryable): SqliteConnection | null {
  const client = target.provider === 'sqlite' ? (target as unknown as { client?: SqliteConnection }).client : undefined;
  return typeof client?.prepare === 'function' ? client : null;
}

// NOTE: on SQLite, statements run on the adapter's own better-sqlite3 connection (the same one, so the same
// transactions), prepared once per text (lib/sqlite-statements.ts), with integers read as numbers. Through the
// adapter each run read every integer as a BigInt, then copied every row converting each value
// (docs/BENCHMARKS.md, "Progress and group": /group ≈ 10 ms less). Values come out
// as the decoding helpers below read them from either database; errors still pass the adapter's translation
// (a unique-key violation stays recognisable, {@link isUniqueViolation}).
const columnsOf = new WeakMap<object, string[]>();

function prepared(connection: SqliteConnection, source: string) {
  const statement = cachedStatement(connection, source);
  if (!statement.reader) return { statement, columns: null };
  let columns = columnsOf.get(statement);
  if (!columns) columnsOf.set(statement, (columns = statement.columns().map((column) => column.name)));
  return { statement: statement.raw(true).safeIntegers(false), columns };
}

/** A value as the SQLite adapter writes it: instants in its text form, booleans as 0/1. */
function sqliteArg(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().replace('Z', '+00:00');
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value === undefined ? null : value;
}

function sqliteRunner(target: SqlQueryable, connection: SqliteConnection): SqlRunner {
  const run = <T>(statement: Statement, work: (entry: ReturnType<typeof prepared>, args: unknown[]) => T): T => {
    const { sql: source, args } = render(statement, 'sqlite');
    try {
      return work(prepared(connection, source), args.map(sqliteArg));
    } catch (error) {
      return (target as unknown as { onError(error: unknown): never }).onError(error);
    }
  };
  return {
    query: async (statement) =>
      run(statement, ({ statement: prepared, columns }, args) => {
        if (columns === null) {
          prepared.run(...args);
          return [];
        }
        return (prepared.all(...args) as unknown[][]).map((values) => {
          const row: Record<string, unknown> = {};
          for (let i = 0; i < columns.length; i++) row[columns[i]!] = values[i];
          return row;
        });
      }),
    execute: async (statement) => run(statement, ({ statement: prepared }, args) => prepared.run(...args).changes),
  };
}

function runner(target: SqlQueryable): SqlRunner {
  const connection = sqliteConnection(target);
  if (connection) return sqliteRunner(target, connection);
  return {
    async query(statement) {
      const { columnNames, rows } = await target.queryRaw(render(statement, target.provider));
      // NOTE: a plain loop, not Object.fromEntries: ≈ 8× faster on the thousands of rows a progress page reads.
      return rows.map((values) => {
        const row: Record<string, unknown> = {};
        for (let i = 0; i < columnNames.length; i++) row[columnNames[i]!] = values[i];
        return row;
      });
    },
    execute: (statement) => target.executeRaw(render(statement, target.provider)),
  };
}

/**
 * A factory for the Prisma client that connects once and hands the same adapter to this module, so Prisma's
 * queries and these statements share one SQLite connection (and its transaction lock) or one pg pool.
 */
export function sharedAdapter<F extends AdapterFactory>(factory: F): Pick<F, 'provider' | 'adapterName'> & { connect(): Promise<SqlAdapter>; adapter(): Promise<SqlAdapter> } {
  let connected: Promise<SqlAdapter> | undefined;
  const adapter = () => {
    connected ??= factory.connect().then((connection) => {
      const dispose = connection.dispose.bind(connection);
      // NOTE: after Prisma's $disconnect the next use connects again.
      connection.dispose = async () => {
        connected = undefined;
        await dispose();
      };
      return connection;
    });
    return connected;
  };
  return { provider: factory.provider, adapterName: factory.adapterName, connect: adapter, adapter };
}

/** An open transaction: statements, and a lock held until it ends. */
export interface SqlTransaction extends SqlRunner {
  /**
   * Serialises this transaction with every other one that takes the same `name`, across app processes
   * (lib/sql-dialect.ts `lockForTransaction`, for the Prisma client's transactions): PostgreSQL's
   * transaction-level advisory lock. SQLite needs nothing: its transactions begin IMMEDIATE (lib/db-client.ts).
   */
  lock(name: string): Promise<void>;
}

/** Statements on a shared connection, and transactions of them. */
export type SqlDb = SqlRunner & { transaction<T>(work: (tx: SqlTransaction) => Promise<T>): Promise<T> };

/** Statements on the shared connection, outside any transaction. */
export function sqlOn(adapter: () => Promise<SqlAdapter>): SqlDb {
  return {
    query: async (statement) => runner(await adapter()).query(statement),
    execute: async (statement) => runner(await adapter()).execute(statement),
    /** Runs `work` in one transaction: committed when it returns, rolled back when it throws. */
    async transaction(work) {
      const tx = await (await adapter()).startTransaction();
      const control = (command: 'COMMIT' | 'ROLLBACK') => tx.executeRaw({ sql: command, args: [], argTypes: [] });
      let result: Awaited<ReturnType<typeof work>>;
      try {
        const lock = async (name: string) => {
          if (tx.provider === 'postgres') await runner(tx).execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${name}, 0))`);
        };
        result = await work({ ...runner(tx), lock });
        await control('COMMIT');
      } catch (error) {
        try {
          await control('ROLLBACK');
        } finally {
          await tx.rollback();
        }
        throw error;
      }
      await tx.commit();
      return result;
    },
  };
}

/** Whether a driver error is a unique-key violation (a second insert of the same id). */
export function isUniqueViolation(error: unknown): boolean {
  const cause = (error as { cause?: { kind?: unknown } } | null)?.cause;
  return cause?.kind === 'UniqueConstraintViolation';
}

// Decoding: SQLite gives integers as numbers, booleans as 0/1 and JSON as text; PostgreSQL gives numbers,
// booleans and JSON text. Times are ISO text from both.

export function int(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

export function intOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : int(value);
}

export function bool(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 1n;
}

export function date(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}

export function dateOrNull(value: unknown): Date | null {
  return value === null || value === undefined ? null : date(value);
}

/** A Json column's value (checked by the caller with lib/stored-json.ts). */
export function json(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

/** A Json column's value to write. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value);
}

/** One of an enum's words, or an error naming the column. */
export function word<const T extends string>(value: unknown, words: readonly T[], where: string): T {
  if (typeof value === 'string' && (words as readonly string[]).includes(value)) return value as T;
  throw new Error(`${where} holds ${JSON.stringify(value)}, not one of ${words.join(', ')}`);
}
