// The Anki import's store on PostgreSQL (lib/anki-import/store.ts): its reads and its one write transaction on a
// node-postgres client of its own (the import worker's), with parameterised statements. Every raw SQL statement
// of the import on PostgreSQL lives here; sqlite-store.ts holds the same on SQLite.
// NOTE: parameters are sent untyped, so PostgreSQL gives each one the type of the column it goes into: the same
// statements write native enum and jsonb columns (prisma/postgres/schema.prisma) as well as text ones. Every
// identifier is quoted: PostgreSQL folds unquoted names to lower case.
import type pg from 'pg';
import { Prisma } from '@prisma/client';
import type { SchedulerSettings } from '@/engine/scheduler';
import { reindexCards } from '../search';
import { lockForTransaction, type RawSql } from '../sql-dialect';
import { chunks, conflicts, positionsOf, settingsOf, storedNoteFields, type ImportStore } from './store';
import type { ExistingCard, ExistingNote, ExistingReview, ExistingState, ImportChanges, ImportLookup } from './types';

/**
 * Rows per INSERT statement (and at most PostgreSQL's 65,535 parameters). NOTE: measured with 100,000 review rows:
 * 50 to 250 rows a statement take about the same time, 1,000 twice as long (planning a statement grows faster than
 * its rows), and one jsonb array parameter unpacked on the server is no faster than 250 rows.
 */
const maxParameters = 60_000;
const maxRowsPerStatement = 250;

/** A DateTime parameter: ISO 8601 in UTC. Prisma keeps UTC in `timestamp(3)` columns, which ignore the `Z`. */
function sqlDate(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Result types as Prisma's $queryRaw gives them (lib/search.ts reads through this client too): `timestamp`
 * columns as UTC instants (node-postgres would read them in the process's time zone), int8 as bigint.
 */
function resultTypes(types: typeof pg.types): pg.CustomTypesConfig {
  return {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
      if (oid === types.builtins.TIMESTAMP) return (value: string) => new Date(`${value.replace(' ', 'T')}Z`);
      if (oid === types.builtins.INT8) return (value: string) => BigInt(value);
      return types.getTypeParser(oid, format ?? 'text');
    }) as pg.CustomTypesConfig['getTypeParser'],
  };
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export class PostgresImportStore implements ImportStore {
  private constructor(private readonly client: pg.Client) {}

  /** Connects one client for the import (loads pg only now: SQLite installs never do). */
  static async connect(url: string): Promise<PostgresImportStore> {
    const { default: driver } = await import('pg');
    const client = new driver.Client({ connectionString: url, types: resultTypes(driver.types), application_name: 'anki-import' });
    await client.connect();
    return new PostgresImportStore(client);
  }

  async close(): Promise<void> {
    await this.client.end();
  }

  private async rows<T>(text: string, values: readonly unknown[] = []): Promise<T[]> {
    return (await this.client.query(text, [...values])).rows as T[];
  }

  async user(userId: string): Promise<{ settings: SchedulerSettings } | null> {
    const [row] = await this.rows<{ desiredRetention: number; fsrsParams: unknown }>('SELECT "desiredRetention", "fsrsParams" FROM "User" WHERE "id" = $1', [userId]);
    return row ? { settings: settingsOf(row.desiredRetention, row.fsrsParams) } : null;
  }

  lookup(userId: string, settings: SchedulerSettings): ImportLookup {
    // NOTE: one array parameter per list (`= ANY($1)`), however long the list.
    const rows = this.rows.bind(this);
    return {
      userId,
      settings,
      async notesByGuid(guids) {
        const found = await rows<{ id: string; articleSlug: string; kind: string; fields: unknown; tags: string; version: number; retired: boolean; guid: string }>(
          'SELECT "id", "articleSlug", "kind", "fields", "tags", "version", "retiredAt" IS NOT NULL AS "retired", "guid" FROM "Note" WHERE "guid" = ANY($1)',
          [guids],
        );
        return new Map(found.map((row) => [row.guid, { id: row.id, articleSlug: row.articleSlug, kind: row.kind as 'basic' | 'cloze', fields: storedNoteFields(row.fields), tags: row.tags, version: row.version, retired: row.retired } satisfies ExistingNote]));
      },
      async cardsOfNotes(noteIds) {
        const out = new Map<string, ExistingCard[]>();
        const found = await rows<{ id: string; noteId: string; contentHash: string; retired: boolean }>(
          'SELECT "id", "noteId", "contentHash", "retiredAt" IS NOT NULL AS "retired" FROM "Card" WHERE "noteId" = ANY($1)',
          [noteIds],
        );
        for (const row of found) out.set(row.noteId, [...(out.get(row.noteId) ?? []), { id: row.id, noteId: row.noteId, contentHash: row.contentHash, retired: row.retired }]);
        return out;
      },
      articleExists: async (slug) => (await rows('SELECT 1 FROM "Article" WHERE "slug" = $1', [slug])).length > 0,
      existingNoteIds: async (ids) => new Set((await rows<{ id: string }>('SELECT "id" FROM "Note" WHERE "id" = ANY($1)', [ids])).map((row) => row.id)),
      async reviewsOf(cardIds) {
        const found = await rows<{ id: string; cardId: string; rating: number; reviewedAt: Date; durationMs: number | null }>(
          'SELECT "id", "cardId", "rating", "reviewedAt", "durationMs" FROM "Review" WHERE "userId" = $1 AND "undoneAt" IS NULL AND "cardId" = ANY($2)',
          [userId, cardIds],
        );
        return found.map((row): ExistingReview => ({ id: row.id, cardId: row.cardId, rating: row.rating as 1 | 2 | 3 | 4, reviewedAtMs: row.reviewedAt.getTime(), durationMs: row.durationMs }));
      },
      async statesOf(cardIds) {
        const found = await rows<{ cardId: string; reps: number }>('SELECT "cardId", "reps" FROM "CardState" WHERE "userId" = $1 AND "cardId" = ANY($2)', [userId, cardIds]);
        return new Map(found.map((row): [string, ExistingState] => [row.cardId, { cardId: row.cardId, reps: row.reps }]));
      },
      async mediaExists(sha256s) {
        return new Set((await rows<{ sha256: string }>('SELECT "sha256" FROM "Media" WHERE "sha256" = ANY($1)', [sha256s])).map((row) => row.sha256));
      },
    };
  }

  /**
   * The import in ONE transaction. It takes the locks the app's other writers take on PostgreSQL (lib/sql-dialect.ts
   * lockForTransaction): 'content-sync' (a content load at start, and every other import, in any process) and
   * `review:<user>` (this user's reviews), in that order; the notes it updates are locked row by row as it checks them.
   */
  async apply(changes: ImportChanges, userId: string, nowMs: number): Promise<void> {
    const now = sqlDate(nowMs);
    const raw = rawSqlOn(this.client);
    await this.client.query('BEGIN');
    try {
      await lockForTransaction(raw, 'content-sync');
      await lockForTransaction(raw, `review:${userId}`);
      await this.checkUnchanged(changes, userId);

      const [{ last } = { last: 0 }] = await this.rows<{ last: number }>('SELECT coalesce(max("position"), 0)::int AS "last" FROM "Article"');
      await this.insertMany(
        'Article',
        ['slug', 'position', 'titleZh', 'titleEn', 'category', 'excerpt', 'summaryZh', 'summaryEn', 'updatedAt', 'origin', 'createdById', 'localEditAt'],
        changes.articles.map((article, index) => [article.slug, last + 1 + index, article.titleZh, article.titleEn, 'Anki', '', article.summaryZh, article.summaryEn, now, 'imported', userId, now]),
      );

      const positions = await positionsOf(changes, async (slug) => {
        const [row] = await this.rows<{ max: number }>('SELECT coalesce(max("position"), -1)::int AS "max" FROM "Card" WHERE "articleSlug" = $1', [slug]);
        return row!.max;
      });
      const newNotes = changes.notes.filter((note) => note.isNew);
      await this.insertMany(
        'Note',
        ['id', 'articleSlug', 'kind', 'position', 'fields', 'tags', 'guid', 'origin', 'version', 'localEditAt', 'createdAt', 'updatedAt'],
        newNotes.map((note) => [note.id, note.articleSlug, note.kind, positions.notes.get(note.id)!, JSON.stringify(note.fields), note.tags, note.guid, 'imported', 1, now, now, now]),
      );
      for (const note of changes.notes) {
        if (note.isNew) continue;
        await this.client.query('UPDATE "Note" SET "fields" = $1, "tags" = $2, "version" = $3, "localEditAt" = $4, "retiredAt" = NULL, "updatedAt" = $4 WHERE "id" = $5', [
          JSON.stringify(note.fields),
          note.tags,
          note.version,
          now,
          note.id,
        ]);
      }
      await this.insertMany(
        'NoteVersion',
        ['noteId', 'version', 'fields', 'tags', 'retired', 'authorId', 'change', 'changed', 'createdAt'],
        changes.notes.map((note) => [note.id, note.version, JSON.stringify(note.fields), note.tags, false, userId, 'imported', JSON.stringify(note.changed), now]),
      );

      const cards = changes.notes.flatMap((note) => note.cards.map((card) => ({ card, note })));
      await this.insertMany(
        'Card',
        ['id', 'articleSlug', 'kind', 'noteId', 'position', 'content', 'contentHash', 'createdAt', 'updatedAt'],
        cards.flatMap(({ card, note }) =>
          card.action === 'create' ? [[card.id, note.articleSlug, card.content.kind, note.id, positions.cards.get(card.id)!, JSON.stringify(card.content), card.contentHash, now, now]] : [],
        ),
      );
      for (const { card } of cards) {
        if (card.action !== 'update') continue;
        await this.client.query('UPDATE "Card" SET "content" = $1, "contentHash" = $2, "kind" = $3, "retiredAt" = NULL, "updatedAt" = $4 WHERE "id" = $5', [
          JSON.stringify(card.content),
          card.contentHash,
          card.content.kind,
          now,
          card.id,
        ]);
      }
      const retired = cards.filter(({ card }) => card.action === 'retire').map(({ card }) => card.id);
      if (retired.length > 0) await this.client.query('UPDATE "Card" SET "retiredAt" = $1, "updatedAt" = $1 WHERE "id" = ANY($2)', [now, retired]);
      // NOTE: the search index is written by lib/search.ts itself, through this client (inside this transaction).
      await reindexCards(raw, cards.map(({ card }) => card.id));

      await this.insertMany(
        'Media',
        ['sha256', 'mimeType', 'bytes', 'size', 'createdById', 'createdAt'],
        changes.media.map((file) => [file.sha256, file.mimeType, Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength), file.bytes.byteLength, userId, now]),
        'ON CONFLICT ("sha256") DO NOTHING',
      );
      await this.insertMany(
        'Review',
        ['id', 'userId', 'cardId', 'rating', 'stateBefore', 'reviewedAt', 'durationMs', 'elapsedDays', 'scheduledDays', 'prevState', 'result'],
        changes.reviews.map((review) => [
          review.id, userId, review.cardId, review.rating, review.stateBefore, sqlDate(review.reviewedAtMs), review.durationMs, review.elapsedDays, review.scheduledDays, review.prevState, review.result,
        ]),
        'ON CONFLICT ("id") DO NOTHING',
      );

      const suspendedAt = (ms: number | null) => (ms === null ? null : sqlDate(ms));
      await this.insertMany(
        'CardState',
        ['userId', 'cardId', 'state', 'due', 'stability', 'difficulty', 'elapsedDays', 'scheduledDays', 'learningSteps', 'reps', 'lapses', 'lastReview', 'suspendedAt', 'updatedAt'],
        changes.states.flatMap(({ cardId, memory, suspendedAtMs }) =>
          memory
            ? [[
                userId, cardId, memory.state, sqlDate(memory.due.getTime()), memory.stability, memory.difficulty, memory.elapsedDays, memory.scheduledDays,
                memory.learningSteps, memory.reps, memory.lapses, memory.lastReview ? sqlDate(memory.lastReview.getTime()) : null, suspendedAt(suspendedAtMs), now,
              ]]
            : [],
        ),
        `ON CONFLICT ("userId", "cardId") DO UPDATE SET "state" = excluded."state", "due" = excluded."due", "stability" = excluded."stability",
           "difficulty" = excluded."difficulty", "elapsedDays" = excluded."elapsedDays", "scheduledDays" = excluded."scheduledDays",
           "learningSteps" = excluded."learningSteps", "reps" = excluded."reps", "lapses" = excluded."lapses", "lastReview" = excluded."lastReview",
           "suspendedAt" = coalesce("CardState"."suspendedAt", excluded."suspendedAt"), "buriedUntil" = NULL, "updatedAt" = excluded."updatedAt"`,
      );
      // A card suspended in Anki with no history to replay: suspended here too, its schedule left as it is.
      await this.insertMany(
        'CardState',
        ['userId', 'cardId', 'state', 'due', 'suspendedAt', 'updatedAt'],
        changes.states.flatMap(({ cardId, memory, suspendedAtMs }) => (memory ? [] : [[userId, cardId, 'new', now, suspendedAt(suspendedAtMs), now]])),
        'ON CONFLICT ("userId", "cardId") DO UPDATE SET "suspendedAt" = coalesce("CardState"."suspendedAt", excluded."suspendedAt"), "updatedAt" = excluded."updatedAt"',
      );
      await this.client.query('COMMIT');
    } catch (error) {
      await this.client.query('ROLLBACK').catch(() => undefined);
      // 23505: unique_violation (an article slug, note id or guid another writer took since planning).
      if ((error as { code?: unknown }).code === '23505') throw conflicts.taken();
      throw error;
    }
  }

  /** Inside the transaction: the notes it updates (locked until it ends) and the user's card states are as planned. */
  private async checkUnchanged(changes: ImportChanges, userId: string): Promise<void> {
    const expectedNotes = changes.expect.noteVersions;
    if (expectedNotes.length > 0) {
      const found = await this.rows<{ id: string; version: number }>('SELECT "id", "version" FROM "Note" WHERE "id" = ANY($1) FOR UPDATE', [expectedNotes.map((note) => note.id)]);
      const versions = new Map(found.map((row) => [row.id, row.version]));
      for (const note of expectedNotes) if (versions.get(note.id) !== note.version) throw conflicts.edited(note.id);
    }
    const expectedStates = changes.expect.states;
    if (expectedStates.length > 0) {
      const found = await this.rows<{ cardId: string; reps: number }>('SELECT "cardId", "reps" FROM "CardState" WHERE "userId" = $1 AND "cardId" = ANY($2)', [
        userId,
        expectedStates.map((state) => state.cardId),
      ]);
      const reps = new Map(found.map((row) => [row.cardId, row.reps]));
      for (const state of expectedStates) if ((reps.get(state.cardId) ?? null) !== state.reps) throw conflicts.reviewed(state.cardId);
    }
  }

  /** `INSERT INTO table (columns) VALUES (…), (…) … suffix`, in as few statements as the parameter limit allows. */
  private async insertMany(table: string, columns: readonly string[], rows: readonly (readonly unknown[])[], suffix = ''): Promise<void> {
    const perStatement = Math.min(maxRowsPerStatement, Math.floor(maxParameters / columns.length));
    const head = `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES `;
    for (const slice of chunks(rows, perStatement)) {
      const values: unknown[] = [];
      const tuples = slice.map((row) => `(${row.map((value) => `$${values.push(value)}`).join(', ')})`);
      await this.client.query(`${head}${tuples.join(', ')} ${suffix}`, values);
    }
  }
}

/**
 * lib/search.ts's and lib/sql-dialect.ts's raw-SQL client (`$executeRaw`/`$queryRaw` with Prisma.sql, PostgreSQL
 * dialect: `$1` parameters) on this worker's own client, so the search index is written inside the import's transaction.
 */
function rawSqlOn(client: pg.Client): RawSql {
  const run = (first: TemplateStringsArray | Prisma.Sql, values: unknown[]) => {
    // NOTE: called as a tag (template strings, values) or with a built Prisma.sql query.
    const query = Array.isArray(first) ? Prisma.sql(first as TemplateStringsArray, ...values) : (first as Prisma.Sql);
    return client.query(query.text, query.values as unknown[]);
  };
  const raw = {
    _activeProvider: 'postgresql',
    $executeRaw: async (first: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) => (await run(first, values)).rowCount ?? 0,
    $queryRaw: async (first: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) => (await run(first, values)).rows,
  };
  return raw as unknown as RawSql;
}
