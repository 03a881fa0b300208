// The migration that made closed sets of words Prisma enums and JSON text Prisma Json
// (prisma/migrations/20261207090000_enums_and_json) keeps every stored value as it was, and refuses,
// changing nothing, a database holding a value the new types could not read.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { PrismaClient } from '@prisma/client';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testPostgresUrl } from './helpers/test-database';
import { cardContentSchema, changedPathsSchema, fsrsWeightsSchema, noteFieldsSchema, pendingArticleSchema, pendingNoteSchema, prevStateSchema, readStored, reviewResultSchema } from '../lib/stored-json';

const migrationsDir = path.join(process.cwd(), 'prisma', 'migrations');
const target = '20261207090000_enums_and_json';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migration-enums-json-'));

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function migrationSql(name: string): string {
  return fs.readFileSync(path.join(migrationsDir, name, 'migration.sql'), 'utf8');
}

/** A database at the schema just before the migration, holding one row of every kind of value. */
function olderDatabase(file: string): Database.Database {
  const sqlite = new Database(file);
  for (const name of fs.readdirSync(migrationsDir).filter((n) => n < target).sort()) sqlite.exec(migrationSql(name));
  const t = '2026-11-20T10:00:00.000+00:00';
  const snapshot = JSON.stringify({ state: 'review', due: '2026-11-25T10:00:00.000Z', stability: 4.5, difficulty: 5.1, elapsedDays: 2, scheduledDays: 5, learningSteps: 0, reps: 3, lapses: 1, lastReview: '2026-11-20T10:00:00.000Z', seed: null, suspendedAt: null, buriedUntil: null, leech: false });
  const result = (id: string) => JSON.stringify({ id, cardId: 'lora/core-idea', rating: 3, state: 'review', due: '2026-11-30T10:00:00.000Z', intervalDays: 10, leech: false, reviewedAt: '2026-11-20T10:00:00.000Z' });
  sqlite.exec(`
    INSERT INTO "User" (id, username, usernameKey, passwordHash, role, lang, fsrsParams, createdAt) VALUES
      ('u1', 'ada', 'ada', 'h', 'editor', 'en', '[0.4,1.2,3.1,15.5,7.2,0.5,1.5,0.005,1.5,0.1,1,1.9,0.1,0.3,2.3,0.2,3,0.5,0.7,0.1,0.2]', '${t}'),
      ('u2', 'bo', 'bo', 'h', 'member', 'zh', NULL, '${t}');
    INSERT INTO "Group" (id, name, createdAt) VALUES ('main', 'Study group', '${t}');
    INSERT INTO "Membership" (groupId, userId, role, joinedAt) VALUES ('main', 'u1', 'admin', '${t}'), ('main', 'u2', 'member', '${t}');
    INSERT INTO "Article" (slug, position, titleZh, titleEn, category, excerpt, summaryZh, summaryEn, updatedAt, origin, pendingBundled) VALUES
      ('lora', 1, '低秩', 'LoRA', 'ml', 'x', 's', 's', '${t}', 'bundled', '{"hash":"abc","fields":{"titleZh":"低秩","titleEn":"LoRA 2","category":"ml","date":null,"summaryZh":"s","summaryEn":"s"}}'),
      ('own', 2, '', 'Own', '', '', '', '', '${t}', 'authored', NULL);
    INSERT INTO "Note" (id, articleSlug, kind, position, fields, tags, origin, version, pendingBundled, createdAt, updatedAt) VALUES
      ('lora/core-idea', 'lora', 'basic', 1, '{"kind":"basic","front":{"zh":"问","en":"Q"},"back":{"zh":"答","en":"A"}}', ' t1 ', 'bundled', 2,
       '{"hash":"h2","fields":{"kind":"basic","front":{"en":"Q2"},"back":{"en":"A2"}},"tags":""}', '${t}', '${t}'),
      ('own/c', 'own', 'cloze', 1, '{"kind":"cloze","text":{"en":"{{c1::x}}"}}', '', 'imported', 1, NULL, '${t}', '${t}');
    INSERT INTO "NoteVersion" (noteId, version, fields, tags, change, changed, createdAt) VALUES
      ('lora/core-idea', 1, '{"kind":"basic","front":{"zh":"问"},"back":{"zh":"答"}}', '', 'bundled', '[]', '${t}'),
      ('lora/core-idea', 2, '{"kind":"basic","front":{"zh":"问","en":"Q"},"back":{"zh":"答","en":"A"}}', ' t1 ', 'edited', '["back.en","front.en","tags"]', '${t}'),
      ('own/c', 1, '{"kind":"cloze","text":{"en":"{{c1::x}}"}}', '', 'imported', '["kind","text.en"]', '${t}');
    INSERT INTO "Card" (id, articleSlug, kind, noteId, position, content, familyId, familyVersion, level, contentHash, createdAt, updatedAt) VALUES
      ('lora/core-idea', 'lora', 'basic', 'lora/core-idea', 1, '{"kind":"basic","front":{"zh":"问","en":"Q"},"back":{"zh":"答","en":"A"}}', NULL, NULL, NULL, 'h1', '${t}', '${t}'),
      ('own/c/c1', 'own', 'cloze', 'own/c', 1, '{"kind":"cloze","text":{"en":"{{c1::x}}"},"index":1}', NULL, NULL, NULL, 'h2', '${t}', '${t}'),
      ('lora/problem/lora-params/hard', 'lora', 'problem', 'family:lora-params', 2, '{"kind":"problem","familyId":"lora-params","level":"hard"}', 'lora-params', 1, 'hard', 'h3', '${t}', '${t}');
    INSERT INTO "CardState" (userId, cardId, state, due, stability, difficulty, reps, lapses, lastReview, seed, familyVersion, leech, updatedAt) VALUES
      ('u1', 'lora/core-idea', 'relearning', '${t}', 1.5, 6, 4, 1, '${t}', NULL, NULL, 1, '${t}'),
      ('u1', 'lora/problem/lora-params/hard', 'learning', '${t}', 0.5, 5, 1, 0, '${t}', 77, 1, 0, '${t}');
    INSERT INTO "Review" (id, userId, cardId, rating, stateBefore, reviewedAt, durationMs, prevState, result) VALUES
      ('r1', 'u1', 'lora/core-idea', 3, 'new', '${t}', 4000, 'null', '${result('r1')}'),
      ('r2', 'u1', 'lora/core-idea', 1, 'review', '${t}', NULL, '${snapshot}', '${result('r2')}');
    INSERT INTO "ProblemAttempt" (id, userId, cardId, reviewId, familyId, familyVersion, seed, params, answerText, verdict, note, createdAt) VALUES
      ('a1', 'u1', 'lora/problem/lora-params/hard', 'r1', 'lora-params', 1, 77, '{"d":4096,"k":4096,"r":8}', '65536', 'correct', NULL, '${t}'),
      ('a2', 'u1', NULL, NULL, 'lora-params', 1, 78, '{"d":512,"k":512,"r":4}', 'x', 'invalid', 'unreadable', '${t}');
  `);
  return sqlite;
}

const tables = ['User', 'Group', 'Membership', 'Article', 'Note', 'NoteVersion', 'Card', 'CardState', 'Review', 'ProblemAttempt'];

/** Every row of every table, each value with its SQLite storage class. */
function contents(sqlite: Database.Database): Record<string, unknown[]> {
  return Object.fromEntries(
    tables.map((table) => {
      const columns = (sqlite.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((c) => c.name).sort();
      const select = columns.map((c) => `"${c}", typeof("${c}") AS "${c}:type"`).join(', ');
      return [table, sqlite.prepare(`SELECT ${select} FROM "${table}" ORDER BY rowid`).all()];
    }),
  );
}

describe('migration 20261207090000_enums_and_json', () => {
  it('keeps every value of an existing database, which Prisma then reads as enums and checked Json', async () => {
    const file = path.join(dir, 'kept.db');
    const sqlite = olderDatabase(file);
    const before = contents(sqlite);
    sqlite.exec(migrationSql(target));
    expect(contents(sqlite)).toEqual(before);
    const columnType = (table: string, column: string) => (sqlite.prepare(`PRAGMA table_info("${table}")`).all() as { name: string; type: string }[]).find((c) => c.name === column)?.type;
    expect(columnType('Card', 'content')).toBe('JSONB');
    expect(columnType('Card', 'kind')).toBe('TEXT');
    expect(sqlite.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    sqlite.close();

    const db = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: `file:${file}` }) });
    try {
      const users = await db.user.findMany({ orderBy: { id: 'asc' } });
      expect(users.map((u) => [u.role, u.lang])).toEqual([
        ['editor', 'en'],
        ['member', 'zh'],
      ]);
      expect(readStored(fsrsWeightsSchema, users[0]!.fsrsParams, 'User.fsrsParams')).toHaveLength(21);
      expect(users[1]!.fsrsParams).toBeNull();
      expect((await db.membership.findMany()).map((m) => m.role).sort()).toEqual(['admin', 'member']);
      const articles = await db.article.findMany({ orderBy: { position: 'asc' } });
      expect(articles.map((a) => a.origin)).toEqual(['bundled', 'authored']);
      expect(readStored(pendingArticleSchema, articles[0]!.pendingBundled, 'Article.pendingBundled').fields.titleEn).toBe('LoRA 2');
      expect(articles[1]!.pendingBundled).toBeNull();
      const notes = await db.note.findMany({ orderBy: { id: 'asc' } });
      expect(notes.map((n) => [n.kind, n.origin])).toEqual([
        ['basic', 'bundled'],
        ['cloze', 'imported'],
      ]);
      for (const note of notes) readStored(noteFieldsSchema, note.fields, 'Note.fields');
      expect(readStored(pendingNoteSchema, notes[0]!.pendingBundled, 'Note.pendingBundled').fields).toEqual({ kind: 'basic', front: { en: 'Q2' }, back: { en: 'A2' } });
      const versions = await db.noteVersion.findMany({ orderBy: [{ noteId: 'asc' }, { version: 'asc' }] });
      expect(versions.map((v) => [v.change, readStored(changedPathsSchema, v.changed, 'NoteVersion.changed')])).toEqual([
        ['bundled', []],
        ['edited', ['back.en', 'front.en', 'tags']],
        ['imported', ['kind', 'text.en']],
      ]);
      const cards = await db.card.findMany({ orderBy: { id: 'asc' } });
      expect(cards.map((c) => [c.kind, c.level, readStored(cardContentSchema, c.content, 'Card.content').kind])).toEqual([
        ['basic', null, 'basic'],
        ['problem', 'hard', 'problem'],
        ['cloze', null, 'cloze'],
      ]);
      expect((await db.cardState.findMany({ orderBy: { cardId: 'asc' } })).map((s) => [s.state, s.leech])).toEqual([
        ['relearning', true],
        ['learning', false],
      ]);
      const reviews = await db.review.findMany({ orderBy: { id: 'asc' } });
      expect(reviews.map((r) => r.stateBefore)).toEqual(['new', 'review']);
      expect(readStored(prevStateSchema, reviews[0]!.prevState, 'Review.prevState')).toBeNull();
      expect(readStored(prevStateSchema, reviews[1]!.prevState, 'Review.prevState')).toMatchObject({ state: 'review', reps: 3 });
      expect(readStored(reviewResultSchema, reviews[1]!.result, 'Review.result')).toMatchObject({ id: 'r2', intervalDays: 10 });
      const attempts = await db.problemAttempt.findMany({ orderBy: { id: 'asc' } });
      expect(attempts.map((a) => [a.verdict, a.params])).toEqual([
        ['correct', { d: 4096, k: 4096, r: 8 }],
        ['invalid', { d: 512, k: 512, r: 4 }],
      ]);
    } finally {
      await db.$disconnect();
    }
  });

  it('refuses a database holding a word outside its enum or text that is not JSON, and changes nothing', () => {
    for (const [damage, message] of [
      [`UPDATE "Card" SET kind = 'flashcard' WHERE id = 'lora/core-idea'`, 'Card.kind is basic, cloze or problem'],
      [`UPDATE "Review" SET result = 'not json' WHERE id = 'r1'`, 'Review.result is JSON'],
    ] as const) {
      const file = path.join(dir, `refused-${message.length}.db`);
      const sqlite = olderDatabase(file);
      sqlite.exec(damage);
      const before = contents(sqlite);
      expect(() => sqlite.exec(migrationSql(target))).toThrow(message);
      expect(contents(sqlite)).toEqual(before);
      sqlite.close();
    }
  });
});

// The same migration on PostgreSQL (prisma/postgres/migrations), in the run of `npm test` on a PostgreSQL server.
if (testPostgresUrl) {
  const postgresDir = path.join(process.cwd(), 'prisma', 'postgres', 'migrations');
  const postgresSql = (name: string) => fs.readFileSync(path.join(postgresDir, name, 'migration.sql'), 'utf8');
  const jsonColumns: Record<string, string[]> = {
    User: ['fsrsParams'],
    Article: ['pendingBundled'],
    Note: ['fields', 'pendingBundled'],
    NoteVersion: ['fields', 'changed'],
    Card: ['content'],
    Review: ['prevState', 'result'],
    ProblemAttempt: ['params'],
  };

  async function olderPostgres(client: pg.Client): Promise<void> {
    for (const name of fs.readdirSync(postgresDir).filter((n) => /^\d{14}_/.test(n) && n < target).sort()) await client.query(postgresSql(name));
    const t = '2026-11-20 10:00:00';
    const weights = '[0.4,1.2,3.1,15.5,7.2,0.5,1.5,0.005,1.5,0.1,1,1.9,0.1,0.3,2.3,0.2,3,0.5,0.7,0.1,0.2]';
    await client.query(`
      INSERT INTO "User" (id, username, "usernameKey", "passwordHash", role, lang, "fsrsParams", "createdAt") VALUES
        ('u1', 'ada', 'ada', 'h', 'editor', 'en', '${weights}', '${t}'), ('u2', 'bo', 'bo', 'h', 'member', 'zh', NULL, '${t}');
      INSERT INTO "Group" (id, name, "createdAt") VALUES ('main', 'Study group', '${t}');
      INSERT INTO "Membership" ("groupId", "userId", role, "joinedAt") VALUES ('main', 'u1', 'admin', '${t}'), ('main', 'u2', 'member', '${t}');
      INSERT INTO "Article" (slug, position, "titleZh", "titleEn", category, excerpt, "summaryZh", "summaryEn", "updatedAt", origin, "pendingBundled") VALUES
        ('lora', 1, '低秩', 'LoRA', 'ml', 'x', 's', 's', '${t}', 'bundled', '{"hash":"abc","fields":{"titleEn":"LoRA 2"}}');
      INSERT INTO "Note" (id, "articleSlug", kind, position, fields, tags, origin, version, "createdAt", "updatedAt") VALUES
        ('lora/core-idea', 'lora', 'basic', 1, '{"kind":"basic","front":{"zh":"问","en":"Q"},"back":{"zh":"答","en":"A"}}', ' t1 ', 'imported', 2, '${t}', '${t}');
      INSERT INTO "NoteVersion" ("noteId", version, fields, tags, change, changed, "createdAt") VALUES
        ('lora/core-idea', 1, '{"kind":"basic","front":{"zh":"问"},"back":{"zh":"答"}}', '', 'edited', '["front.en","tags"]', '${t}');
      INSERT INTO "Card" (id, "articleSlug", kind, "noteId", position, content, "familyId", "familyVersion", level, "contentHash", "createdAt", "updatedAt") VALUES
        ('lora/core-idea', 'lora', 'basic', 'lora/core-idea', 1, '{"kind":"basic","front":{"en":"Q"},"back":{"en":"A"}}', NULL, NULL, NULL, 'h1', '${t}', '${t}'),
        ('lora/p', 'lora', 'problem', 'family:lora-params', 2, '{"kind":"problem","familyId":"lora-params","level":"hard"}', 'lora-params', 1, 'hard', 'h3', '${t}', '${t}');
      INSERT INTO "CardState" ("userId", "cardId", state, due, stability, difficulty, reps, lapses, leech, "updatedAt") VALUES
        ('u1', 'lora/core-idea', 'relearning', '${t}', 1.5, 6, 4, 1, true, '${t}');
      INSERT INTO "Review" (id, "userId", "cardId", rating, "stateBefore", "reviewedAt", "prevState", result) VALUES
        ('r1', 'u1', 'lora/core-idea', 3, 'new', '${t}', 'null', '{"id":"r1","intervalDays":10}');
      INSERT INTO "ProblemAttempt" (id, "userId", "cardId", "reviewId", "familyId", "familyVersion", seed, params, "answerText", verdict, "createdAt") VALUES
        ('a1', 'u1', 'lora/p', 'r1', 'lora-params', 1, 77, '{"d":4096,"r":8}', '65536', 'correct', '${t}');`);
  }

  /** Every row of every table, JSON text parsed (as jsonb gives it) when `parseJson`. */
  async function postgresContents(client: pg.Client, parseJson: boolean): Promise<Record<string, unknown[]>> {
    const out: Record<string, unknown[]> = {};
    for (const table of tables) {
      const { rows } = await client.query(`SELECT * FROM "${table}" ORDER BY 1, 2`);
      out[table] = rows.map((row: Record<string, unknown>) =>
        Object.fromEntries(Object.entries(row).map(([k, v]) => [k, parseJson && jsonColumns[table]?.includes(k) && typeof v === 'string' ? JSON.parse(v) : v])),
      );
    }
    return out;
  }

  const withPostgres = async (work: (client: pg.Client) => Promise<void>) => {
    const database = await createTestDatabase();
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await work(client);
    } finally {
      await client.end();
      await database.drop();
    }
  };
  // NOTE: Prisma's migrate (through the pg driver adapter) runs a migration's statements one by one.
  const statements = (text: string) => text.split(';').map((s) => s.trim()).filter((s) => s.replace(/--[^\n]*/g, '').trim().length > 0);

  describe('migration 20261207090000_enums_and_json on PostgreSQL', () => {
    it('keeps every value, now in enum and jsonb columns', async () => {
      await withPostgres(async (client) => {
        await olderPostgres(client);
        const before = await postgresContents(client, true);
        for (const statement of statements(postgresSql(target))) await client.query(statement);
        expect(await postgresContents(client, false)).toEqual(before);
        const type = async (table: string, column: string) =>
          (await client.query('SELECT data_type, udt_name FROM information_schema.columns WHERE table_name = $1 AND column_name = $2', [table, column])).rows[0];
        expect(await type('Card', 'content')).toEqual({ data_type: 'jsonb', udt_name: 'jsonb' });
        expect(await type('CardState', 'state')).toEqual({ data_type: 'USER-DEFINED', udt_name: 'LearningState' });
        await client.query(`INSERT INTO "User" (id, username, "passwordHash") VALUES ('u3', 'cy', 'h')`);
        expect((await client.query(`SELECT role::text, lang::text FROM "User" WHERE id = 'u3'`)).rows[0]).toEqual({ role: 'member', lang: 'zh' });
      });
    });

    it('refuses a word outside its enum, or text that is not JSON, before changing anything', async () => {
      for (const [damage, message] of [
        [`UPDATE "Card" SET kind = 'flashcard' WHERE id = 'lora/core-idea'`, 'Card.kind is basic, cloze or problem, not flashcard'],
        [`UPDATE "Review" SET result = 'not json' WHERE id = 'r1'`, 'invalid input syntax for type json'],
      ] as const) {
        await withPostgres(async (client) => {
          await olderPostgres(client);
          await client.query(damage);
          const before = await postgresContents(client, false);
          const run = async () => {
            for (const statement of statements(postgresSql(target))) await client.query(statement);
          };
          await expect(run()).rejects.toThrow(message);
          expect(await postgresContents(client, false)).toEqual(before);
          expect((await client.query(`SELECT count(*)::int AS n FROM pg_type WHERE typname = 'CardKind'`)).rows[0]).toEqual({ n: 0 });
        });
      }
    });
  });
}
