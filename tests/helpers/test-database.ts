import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { withDatabase } from '../../scripts/postgres-server.mjs';

/**
 * The database the integration tests run on. `npm test` runs them twice: on SQLite files, then with
 * STUDY_TEST_POSTGRES set to a throw-away PostgreSQL server's URL (scripts/test.mjs starts it), where
 * every test database is a fresh database on that server.
 */
export const testPostgresUrl = process.env.STUDY_TEST_POSTGRES?.trim() || null;
export const testDialect: 'sqlite' | 'postgresql' = testPostgresUrl ? 'postgresql' : 'sqlite';
/** "real SQLite file" or "real PostgreSQL database", for test names. */
export const realDatabase = testPostgresUrl ? 'real PostgreSQL database' : 'real SQLite file';

export interface TestDatabase {
  /** DATABASE_URL of the fresh database. */
  readonly url: string;
  /** The SQLite file (SQLite only). */
  readonly file: string | null;
  /**
   * Rows of a SQL statement with `?` parameters, straight from the database (no app code). Write
   * identifiers in double quotes ("Card"."articleSlug"): PostgreSQL folds unquoted names to lower case.
   * Counts come back as numbers on both databases.
   */
  query<T = Record<string, unknown>>(sql: string, ...params: unknown[]): Promise<T[]>;
  /** Runs statements (SQL with `?` parameters, and the parameters) in one transaction. */
  transaction(statements: readonly (readonly [string, readonly unknown[]])[]): Promise<void>;
  /** Deletes the database. */
  drop(): Promise<void>;
}

// NOTE: PostgreSQL returns count(*) as int8, which pg gives as text; the tests compare numbers. A DateTime
// (`timestamp`, which Prisma keeps in UTC) is read as UTC whatever the process's time zone.
const types = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (value: string) => Number(value) : oid === pg.types.builtins.TIMESTAMP ? (value: string) => new Date(`${value.replace(' ', 'T')}Z`) : pg.types.getTypeParser(oid, format),
};

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, types });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const numbered = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

/**
 * A fresh, empty database (no tables yet: the app's start, or `migrate`, makes them): of the run's kind,
 * or a SQLite file when `kind` says so.
 */
export async function createTestDatabase(kind: 'sqlite' | 'run' = 'run'): Promise<TestDatabase> {
  if (testPostgresUrl && kind === 'run') {
    const name = `study_test_${randomBytes(6).toString('hex')}`;
    await withClient(testPostgresUrl, (client) => client.query(`create database ${name}`));
    const url = withDatabase(testPostgresUrl, name);
    return {
      url,
      file: null,
      query: <T,>(sql: string, ...params: unknown[]) => withClient(url, async (client) => (await client.query(numbered(sql), params)).rows as T[]),
      transaction: (statements) =>
        withClient(url, async (client) => {
          await client.query('begin');
          for (const [sql, params] of statements) await client.query(numbered(sql), [...params]);
          await client.query('commit');
        }),
      drop: () => withClient(testPostgresUrl, (client) => client.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'study-db-'));
  const file = path.join(dir, 'study.db');
  return {
    url: `file:${file}`,
    file,
    async query<T>(sql: string, ...params: unknown[]) {
      const sqlite = new Database(file, { timeout: 10_000 });
      try {
        const statement = sqlite.prepare(sql);
        if (statement.reader) return statement.all(...params) as T[];
        statement.run(...params);
        return [];
      } finally {
        sqlite.close();
      }
    },
    async transaction(statements) {
      const sqlite = new Database(file, { timeout: 10_000 });
      try {
        sqlite.transaction(() => statements.forEach(([sql, params]) => sqlite.prepare(sql).run(...params)))();
      } finally {
        sqlite.close();
      }
    },
    drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** `instant` as a DateTime parameter for raw SQL: Prisma's SQLite text form, or ISO text PostgreSQL casts. */
export function timeParam(instant: Date): string {
  return instant.toISOString().replace('Z', '+00:00');
}
