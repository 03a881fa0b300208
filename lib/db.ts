import { PrismaClient } from '@prisma/client';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { databaseUrl } from './database-url';
import { sharedAdapter, sqlOn } from './sql';

// NOTE: one client per process. In development Next re-evaluates modules on every change,
// so the client is kept on globalThis to avoid opening a new SQLite handle each time.
const globalForDb = globalThis as unknown as { studyDb?: { client: PrismaClient; sql: ReturnType<typeof sqlOn> } };

function createClient() {
  const adapter = sharedAdapter(new PrismaBetterSQLite3({ url: databaseUrl(), timeout: 5000 }));
  return { client: new PrismaClient({ adapter }), sql: sqlOn(adapter.adapter) };
}

const shared = globalForDb.studyDb ?? createClient();
if (process.env.NODE_ENV !== 'production') globalForDb.studyDb = shared;

/** The Prisma client: every query but the few hot ones. */
export const db: PrismaClient = shared.client;

/** SQL on the Prisma client's own connection (lib/sql.ts), for the hot paths. */
export const sqlDb = shared.sql;
