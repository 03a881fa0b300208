import { createRequire } from 'node:module';
import path from 'node:path';
import { PrismaClient } from '@prisma/client';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { databaseFile, databaseKind, normaliseUrl } from './database-url';

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
function createPostgresClient(url: string): PrismaClient {
  const load = createRequire(path.join(/*turbopackIgnore: true*/ process.cwd(), 'package.json'));
  const generated = load(/*turbopackIgnore: true*/ path.join(process.cwd(), 'node_modules', '.prisma', 'postgres', 'index.js')) as { PrismaClient: new (options: object) => unknown };
  const { PrismaPg } = load('@prisma/adapter-pg') as typeof import('@prisma/adapter-pg');
  const adapter = new PrismaPg({ connectionString: url, max: poolSize(), connectionTimeoutMillis: transactionOptions.maxWait });
  return new generated.PrismaClient({ adapter, transactionOptions }) as PrismaClient;
}

/** A Prisma client for the database `url` names (`file:…` SQLite, `postgresql://…` PostgreSQL). */
export function createDbClient(url: string): PrismaClient {
  const normalised = normaliseUrl(url);
  if (databaseKind(normalised) === 'postgresql') return createPostgresClient(normalised);
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: `file:${databaseFile(normalised)}`, timeout: 5000 }), transactionOptions });
}
