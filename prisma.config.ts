import fs from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { databaseFile, databaseKind, databaseUrl } from './lib/database-url';
import { migrationAdapter } from './lib/postgres-migrate-adapter';

// NOTE: the WebAssembly schema engine ("engine: js" with an adapter) is what lets
// `prisma migrate deploy` run offline; the native engine would be downloaded.
// DATABASE_URL picks the database, and with it the schema and migrations: prisma/ for SQLite,
// prisma/postgres/ (derived from prisma/schema.prisma by scripts/postgres-schema.mjs) for PostgreSQL.
const url = databaseUrl();
const postgres = databaseKind(url) === 'postgresql';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: postgres ? path.join('prisma', 'postgres', 'schema.prisma') : path.join('prisma', 'schema.prisma'),
  migrations: { path: postgres ? path.join('prisma', 'postgres', 'migrations') : path.join('prisma', 'migrations') },
  adapter: async () => {
    if (postgres) return migrationAdapter(url);
    fs.mkdirSync(path.dirname(databaseFile(url)), { recursive: true });
    return new PrismaBetterSQLite3({ url, timeout: 10_000 });
  },
});
