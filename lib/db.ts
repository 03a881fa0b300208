import { PrismaClient } from '@prisma/client';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { databaseUrl } from './database-url';

// NOTE: one client per process. In development Next re-evaluates modules on every change,
// so the client is kept on globalThis to avoid opening a new SQLite handle each time.
const globalForDb = globalThis as unknown as { studyDb?: PrismaClient };

function createClient(): PrismaClient {
  const adapter = new PrismaBetterSQLite3({ url: databaseUrl(), timeout: 5000 });
  return new PrismaClient({ adapter });
}

export const db: PrismaClient = globalForDb.studyDb ?? createClient();
if (process.env.NODE_ENV !== 'production') globalForDb.studyDb = db;
