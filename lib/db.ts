import type { PrismaClient } from '@prisma/client';
import { createDbConnection, type DbConnection } from './db-client';
import { databaseUrl } from './database-url';
import type { SqlDb } from './sql';

// NOTE: one client per process, kept on globalThis: Next may evaluate this module more than once (route
// bundles, development reloads), and on PostgreSQL every client is a pool of connections.
const globalForDb = globalThis as unknown as { studyDb?: DbConnection };
const connection = (globalForDb.studyDb ??= createDbConnection(databaseUrl()));

/** The Prisma client: every query but the few hot ones. */
export const db: PrismaClient = connection.client;

/** SQL on the Prisma client's own connection or pool (lib/sql.ts), for the requests people wait on. */
export const sqlDb: SqlDb = connection.sql;
