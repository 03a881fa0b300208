// The PostgreSQL schema is derived from the one source schema, prisma/schema.prisma (SQLite):
//   npm run db:postgres-schema            rewrites prisma/postgres/schema.prisma, and when its data model changed,
//                                         writes the PostgreSQL migration that goes from the old to the new one
//                                         (prisma/postgres/migrations/<timestamp>_<name>), then generates its client
//   npm run db:postgres-schema -- --check exits 1 when prisma/postgres/schema.prisma is not derived from the source
//   npm run db:postgres-schema -- --generate  only generates the PostgreSQL client (npm install does this)
// Run it after every change of prisma/schema.prisma (with the SQLite migration for the change).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgres } from './postgres-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const sourceSchemaFile = path.join(root, 'prisma', 'schema.prisma');
export const postgresSchemaFile = path.join(root, 'prisma', 'postgres', 'schema.prisma');
export const postgresMigrationsDir = path.join(root, 'prisma', 'postgres', 'migrations');
const sqliteMigrationsDir = path.join(root, 'prisma', 'migrations');

const header = `// GENERATED from prisma/schema.prisma by scripts/postgres-schema.mjs (npm run db:postgres-schema): do not edit.
// The same data model on PostgreSQL, with its own generated client and its own migrations (prisma/postgres/migrations).
`;

const generator = `generator client {
  provider   = "prisma-client-js"
  engineType = "client"
  output     = "../../node_modules/.prisma/postgres"
}`;

// NOTE: the URL here is never used: the app and the Prisma CLI connect through the pg driver adapter with DATABASE_URL.
const datasource = `datasource db {
  provider = "postgresql"
  url      = "postgresql://localhost/study"
}`;

/** The PostgreSQL schema for a source schema: the same models, another generator output and datasource. */
export function derivePostgresSchema(source) {
  const blocks = { generator: /^generator\s+client\s*\{[^}]*\}/m, datasource: /^datasource\s+db\s*\{[^}]*\}/m };
  for (const [name, pattern] of Object.entries(blocks)) {
    if (!pattern.test(source)) throw new Error(`prisma/schema.prisma has no ${name} block to replace`);
  }
  if (/@db\./.test(source)) throw new Error('prisma/schema.prisma uses a native type (@db.…): derive a PostgreSQL type for it in scripts/postgres-schema.mjs');
  return header + source.replace(blocks.generator, generator).replace(blocks.datasource, datasource);
}

/** The text between the header and the first model (comments, generator, datasource) is not the data model. */
function dataModel(schema) {
  const start = schema.search(/^(model|enum|type|view)\s/m);
  return start < 0 ? '' : schema.slice(start);
}

function prisma(args, url = 'postgresql://localhost/unused') {
  const cli = path.join(root, 'node_modules', 'prisma', 'build', 'index.js');
  // NOTE: a PostgreSQL URL makes prisma.config.ts choose the PostgreSQL schema.
  const env = { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: '1' };
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`prisma ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

function timestamp(now) {
  return now.toISOString().replace(/\D/g, '').slice(0, 14);
}

const migrationNames = (dir) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => /^\d{14}_/.test(name)).sort() : []);

/**
 * The name of the new PostgreSQL migration: the first one is `<newest SQLite timestamp>_init`; a later one
 * takes the newest SQLite migration's name when that one is newer than every PostgreSQL migration.
 */
function migrationName(now, first) {
  const newest = migrationNames(sqliteMigrationsDir).at(-1);
  if (first) return `${newest?.slice(0, 14) ?? timestamp(now)}_init`;
  const latestPostgres = migrationNames(postgresMigrationsDir).at(-1) ?? '';
  if (newest && newest.slice(0, 14) > latestPostgres.slice(0, 14)) return newest;
  return `${timestamp(now)}_schema`;
}

/**
 * Writes the derived schema and, when the data model changed, the migration to it. Returns what it wrote.
 * NOTE: Prisma's WebAssembly schema engine diffs even two schema files through a live connection, so the
 * migration is computed on a throw-away PostgreSQL server (scripts/postgres-server.mjs).
 */
export async function syncPostgresSchema(now = new Date()) {
  const next = derivePostgresSchema(fs.readFileSync(sourceSchemaFile, 'utf8'));
  const previous = fs.existsSync(postgresSchemaFile) ? fs.readFileSync(postgresSchemaFile, 'utf8') : null;
  const written = [];
  if (previous === next) return written;
  // NOTE: the schema file first: the Prisma CLI reads the configured schema (this file) before it runs anything.
  fs.mkdirSync(path.dirname(postgresSchemaFile), { recursive: true });
  fs.writeFileSync(postgresSchemaFile, next);
  written.push(path.relative(root, postgresSchemaFile));
  if (previous !== null && dataModel(previous) === dataModel(next)) return written;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'study-schema-'));
  const server = await startPostgres({ settings: { fsync: 'off' } });
  try {
    let from = ['--from-empty'];
    if (previous !== null) {
      fs.writeFileSync(path.join(dir, 'previous.prisma'), previous);
      from = ['--from-schema-datamodel', path.join(dir, 'previous.prisma')];
    }
    const sql = prisma(['migrate', 'diff', ...from, '--to-schema-datamodel', postgresSchemaFile, '--script'], server.url);
    const name = migrationName(now, previous === null);
    fs.mkdirSync(path.join(postgresMigrationsDir, name), { recursive: true });
    fs.writeFileSync(path.join(postgresMigrationsDir, name, 'migration.sql'), sql);
    fs.writeFileSync(path.join(postgresMigrationsDir, 'migration_lock.toml'), '# Please do not edit this file manually\nprovider = "postgresql"\n');
    written.push(path.relative(root, path.join(postgresMigrationsDir, name, 'migration.sql')));
  } catch (error) {
    // NOTE: put the old schema back, so that the next run sees the change again and writes its migration.
    if (previous === null) fs.rmSync(postgresSchemaFile);
    else fs.writeFileSync(postgresSchemaFile, previous);
    throw error;
  } finally {
    server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return written;
}

const postgresClientDir = path.join(root, 'node_modules', '.prisma', 'postgres');

/**
 * Generates the PostgreSQL client into node_modules/.prisma/postgres.
 * NOTE: Prisma gives a client generated to another place its own copy of the runtime, and with it its own
 * classes: `instanceof Prisma.PrismaClientKnownRequestError` would fail for its errors, and a `Prisma.sql`
 * fragment nested in its raw queries would become a parameter. The generated files are therefore pointed at
 * the runtime of @prisma/client, which is the same version (both pinned in package.json; checked here).
 */
export function generatePostgresClient() {
  prisma(['generate', '--schema', postgresSchemaFile]);
  const clientVersion = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', '@prisma', 'client', 'package.json'), 'utf8')).version;
  const generated = fs.readFileSync(path.join(postgresClientDir, 'index.js'), 'utf8').match(/"clientVersion": "([^"]+)"/)?.[1];
  if (generated !== clientVersion) throw new Error(`the generated PostgreSQL client is ${generated}, @prisma/client is ${clientVersion}: pin both to one version`);
  for (const name of fs.readdirSync(postgresClientDir)) {
    if (!/\.(js|d\.ts)$/.test(name)) continue;
    const file = path.join(postgresClientDir, name);
    const text = fs.readFileSync(file, 'utf8');
    const shared = text.replace(/(require\(|from )'\.\/runtime\//g, "$1'@prisma/client/runtime/");
    if (shared !== text) fs.writeFileSync(file, shared);
  }
  fs.rmSync(path.join(postgresClientDir, 'runtime'), { recursive: true, force: true });
}

/** Whether prisma/postgres/schema.prisma is what the source schema derives to now. */
export function postgresSchemaInStep() {
  const expected = derivePostgresSchema(fs.readFileSync(sourceSchemaFile, 'utf8'));
  return fs.existsSync(postgresSchemaFile) && fs.readFileSync(postgresSchemaFile, 'utf8') === expected;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    if (postgresSchemaInStep()) process.exit(0);
    console.error('prisma/postgres/schema.prisma is not derived from prisma/schema.prisma: run `npm run db:postgres-schema` and commit what it writes.');
    process.exit(1);
  }
  if (!process.argv.includes('--generate')) {
    const written = await syncPostgresSchema();
    for (const file of written) console.log(`wrote ${file}`);
    if (written.length === 0) console.log('prisma/postgres is in step with prisma/schema.prisma');
  }
  generatePostgresClient();
}
