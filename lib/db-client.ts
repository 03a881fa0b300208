import { createRequire } from 'node:module';
import path from 'node:path';
import { PrismaClient } from '@prisma/client';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import { databaseFile, databaseKind, normaliseUrl } from './database-url';
import { sharedAdapter, sqlOn, type SqlDb } from './sql';
import { cachedStatement, keepStatements } from './sqlite-statements';

// NOTE: requests wait this long for a transaction (PostgreSQL: for a pooled connection; SQLite: for the
// adapter's one connection) before failing; Prisma's default of 2 s is too short for a busy group.
const transactionOptions = { maxWait: 15_000, timeout: 20_000 };

/** Connections each app process keeps to PostgreSQL (DATABASE_POOL_SIZE, default 10). */
export function poolSize(env: NodeJS.ProcessEnv = process.env): number {
  const size = Number(env.DATABASE_POOL_SIZE ?? 10);
  return Number.isInteger(size) && size > 0 && size <= 200 ? size : 10;
}

/**
 * The PostgreSQL client: Prisma's client generated from prisma/postgres/schema.prisma (into
 * node_modules/.prisma/postgres) with the pg driver adapter. Both clients come from one data model, so the
 * PostgreSQL one is typed as the SQLite one; Prisma's error classes and `Prisma.sql` are shared by both
 * (one runtime, @prisma/client/runtime).
 * NOTE: loaded with a require from the project root at run time, so that Next never bundles it (a bundled
 * client would look for its query compiler next to the bundle) and SQLite installs never load pg.
 */
function createPostgresConnection(url: string): DbConnection {
  const load = createRequire(path.join(/*turbopackIgnore: true*/ process.cwd(), 'package.json'));
  const generated = load(/*turbopackIgnore: true*/ path.join(process.cwd(), 'node_modules', '.prisma', 'postgres', 'index.js')) as { PrismaClient: new (options: object) => unknown };
  const { PrismaPg } = load('@prisma/adapter-pg') as typeof import('@prisma/adapter-pg');
  const adapter = sharedAdapter(new PrismaPg({ connectionString: url, max: poolSize(), connectionTimeoutMillis: transactionOptions.maxWait }));
  return { client: new generated.PrismaClient({ adapter, transactionOptions }) as PrismaClient, sql: sqlOn(adapter.adapter) };
}

// NOTE: SQLite's page cache for the one connection of a process: 64 MiB (better-sqlite3's default is 16). The
// progress and group pages read a few tens of MiB of index pages at 100,000 reviews; with 16 MiB their
// statements evicted each other's pages and took twice as long (docs/BENCHMARKS.md, "Progress"). The cache fills
// only with pages actually read.
const sqliteCacheKiB = 64 * 1024;

/**
 * The better-sqlite3 adapter, with transactions that start with BEGIN IMMEDIATE, and a larger page cache.
 * NOTE: the adapter begins with a plain (deferred) BEGIN. When another process (a second `npm start` on the
 * file, `npm run db:copy`) commits between a transaction's first read and its first write, SQLite fails
 * that write at once (SQLITE_BUSY_SNAPSHOT) instead of waiting. BEGIN IMMEDIATE takes the write lock first,
 * waiting for it up to the busy timeout. Within one process the adapter runs one transaction at a time
 * anyway, so this costs nothing there.
 */
function sqliteAdapter(file: string, busyTimeoutMs: number): PrismaBetterSQLite3 {
  const factory = new PrismaBetterSQLite3({ url: `file:${file}`, timeout: busyTimeoutMs });
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const sqlite = (adapter as unknown as { client: BetterSqlite3.Database }).client;
    sqlite.pragma(`cache_size = -${sqliteCacheKiB}`);
    keepStatements(sqlite);
    sqlite.prepare = ((source: string) => adapterStatement(sqlite, source === 'BEGIN' ? 'BEGIN IMMEDIATE' : source)) as unknown as typeof sqlite.prepare;
    return adapter;
  };
  return factory;
}

/**
 * The adapter's `prepare`, on statements kept by lib/sqlite-statements.ts. NOTE: a better-sqlite3 statement
 * binds its arguments only once, so what the adapter gets is a view of the kept statement that passes its
 * arguments at each run — the only methods the adapter uses (`bind`, `reader`, `run`, `columns`,
 * `raw().all`), with the adapter's big-integer reads.
 */
function adapterStatement(sqlite: BetterSqlite3.Database, source: string) {
  const statement = cachedStatement(sqlite, source);
  const bound = (args: unknown[]) => ({
    reader: statement.reader,
    run: () => statement.run(args),
    columns: () => statement.columns(),
    raw: () => ({ all: () => statement.raw(true).safeIntegers(true).all(args) }),
  });
  return { ...bound([]), bind: bound };
}

/**
 * A Prisma client for the database `url` names (`file:…` SQLite, `postgresql://…` PostgreSQL).
 * `sqliteBusyTimeoutMs`: how long a SQLite statement waits for another process's write lock.
 */
export function createDbClient(url: string, options: { sqliteBusyTimeoutMs?: number } = {}): PrismaClient {
  return createDbConnection(url, options).client;
}

/** The Prisma client, and SQL statements (lib/sql.ts) on the very connection (SQLite) or pool (PostgreSQL) it uses. */
export interface DbConnection {
  readonly client: PrismaClient;
  readonly sql: SqlDb;
}

/** A Prisma client for the database `url` names, with lib/sql.ts statements sharing its driver adapter. */
export function createDbConnection(url: string, options: { sqliteBusyTimeoutMs?: number } = {}): DbConnection {
  const normalised = normaliseUrl(url);
  if (databaseKind(normalised) === 'postgresql') return createPostgresConnection(normalised);
  const adapter = sharedAdapter(sqliteAdapter(databaseFile(normalised), options.sqliteBusyTimeoutMs ?? 5000));
  return { client: new PrismaClient({ adapter, transactionOptions }), sql: sqlOn(adapter.adapter) };
}
