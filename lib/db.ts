import type { PrismaClient } from '@prisma/client';
import { createDbClient } from './db-client';
import { databaseUrl } from './database-url';

// NOTE: one client per process, kept on globalThis: Next may evaluate this module more than once (route
// bundles, development reloads), and on PostgreSQL every client is a pool of connections.
const globalForDb = globalThis as unknown as { studyDb?: PrismaClient };

export const db: PrismaClient = (globalForDb.studyDb ??= createDbClient(databaseUrl()));
