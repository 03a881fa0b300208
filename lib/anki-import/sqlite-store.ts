// The Anki import's store on SQLite (lib/anki-import/store.ts): its reads and its one write transaction on a
// better-sqlite3 connection of its own (the import worker's), with prepared statements. Every raw SQL statement
// of the import on SQLite lives here; postgres-store.ts holds the same on PostgreSQL.
import Database from 'better-sqlite3';
import { Prisma } from '@prisma/client';
import type { SchedulerSettings } from '@/engine/scheduler';
import { reindexCards } from '../search';
import type { RawSql } from '../sql-dialect';
import { chunks, conflicts, positionsOf, settingsOf, storedNoteFields, type ImportStore } from './store';
import type { ExistingCard, ExistingNote, ExistingReview, ExistingState, ImportChanges, ImportLookup } from './types';

/** DateTime as Prisma's SQLite adapter stores it (ISO 8601, `+00:00`), so text comparisons of times stay right. */
function sqlDate(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+00:00');
}

function parseDate(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const ms = typeof value === 'number' ? value : Date.parse(String(value));
  return Number.isFinite(ms) ? ms : null;
}

export class SqliteImportStore implements ImportStore {
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = new Database(file, { fileMustExist: true });
    this.db.pragma('busy_timeout = 10000');
    this.db.pragma('foreign_keys = ON');
  }

  async close(): Promise<void> {
    this.db.close();
  }

  async user(userId: string): Promise<{ settings: SchedulerSettings } | null> {
    const row = this.db.prepare('SELECT desiredRetention, fsrsParams FROM "User" WHERE id = ?').get(userId) as { desiredRetention: number; fsrsParams: string | null } | undefined;
    return row ? { settings: settingsOf(row.desiredRetention, row.fsrsParams) } : null;
  }

  lookup(userId: string, settings: SchedulerSettings): ImportLookup {
    const db = this.db;
    const inList = <T>(sql: (marks: string) => string, ids: readonly string[], ...before: unknown[]): T[] =>
      chunks(ids).flatMap((chunk) => db.prepare(sql(chunk.map(() => '?').join(','))).all(...before, ...chunk) as T[]);
    const articleExists = db.prepare('SELECT 1 FROM "Article" WHERE slug = ?').pluck();
    const noteExists = db.prepare('SELECT 1 FROM "Note" WHERE id = ?').pluck();
    return {
      userId,
      settings,
      async notesByGuid(guids) {
        const rows = inList<{ id: string; articleSlug: string; kind: string; fields: string; tags: string; version: number; retiredAt: unknown; guid: string }>(
          (marks) => `SELECT id, articleSlug, kind, fields, tags, version, retiredAt, guid FROM "Note" WHERE guid IN (${marks})`,
          guids,
        );
        return new Map(rows.map((row) => [row.guid, { id: row.id, articleSlug: row.articleSlug, kind: row.kind as 'basic' | 'cloze', fields: storedNoteFields(row.fields), tags: row.tags, version: row.version, retired: row.retiredAt !== null } satisfies ExistingNote]));
      },
      async cardsOfNotes(noteIds) {
        const out = new Map<string, ExistingCard[]>();
        const rows = inList<{ id: string; noteId: string; contentHash: string; retiredAt: unknown }>((marks) => `SELECT id, noteId, contentHash, retiredAt FROM "Card" WHERE noteId IN (${marks})`, noteIds);
        for (const row of rows) out.set(row.noteId, [...(out.get(row.noteId) ?? []), { id: row.id, noteId: row.noteId, contentHash: row.contentHash, retired: row.retiredAt !== null }]);
        return out;
      },
      articleExists: async (slug) => articleExists.get(slug) !== undefined,
      existingNoteIds: async (ids) => new Set(ids.filter((id) => noteExists.get(id) !== undefined)),
      async reviewsOf(cardIds) {
        const rows = inList<{ id: string; cardId: string; rating: number; reviewedAt: unknown; durationMs: number | null }>(
          (marks) => `SELECT id, cardId, rating, reviewedAt, durationMs FROM "Review" WHERE userId = ? AND undoneAt IS NULL AND cardId IN (${marks})`,
          cardIds,
          userId,
        );
        return rows.map((row): ExistingReview => ({ id: row.id, cardId: row.cardId, rating: row.rating as 1 | 2 | 3 | 4, reviewedAtMs: parseDate(row.reviewedAt) ?? 0, durationMs: row.durationMs }));
      },
      async statesOf(cardIds) {
        const rows = inList<{ cardId: string; reps: number }>((marks) => `SELECT cardId, reps FROM "CardState" WHERE userId = ? AND cardId IN (${marks})`, cardIds, userId);
        return new Map(rows.map((row): [string, ExistingState] => [row.cardId, { cardId: row.cardId, reps: row.reps }]));
      },
      async mediaExists(sha256s) {
        return new Set(inList<{ sha256: string }>((marks) => `SELECT sha256 FROM "Media" WHERE sha256 IN (${marks})`, sha256s).map((row) => row.sha256));
      },
    };
  }

  /** The import in ONE transaction, BEGIN IMMEDIATE: no other writer, in any process, starts meanwhile. */
  async apply(changes: ImportChanges, userId: string, nowMs: number): Promise<void> {
    const db = this.db;
    const now = sqlDate(nowMs);
    db.exec('BEGIN IMMEDIATE');
    try {
      this.checkUnchanged(changes, userId);
      const articlePosition = ((db.prepare('SELECT coalesce(max(position), 0) FROM "Article"').pluck().get() as number) ?? 0) + 1;
      const insertArticle = db.prepare(
        `INSERT INTO "Article" (slug, position, titleZh, titleEn, category, date, excerpt, summaryZh, summaryEn, updatedAt, sourceUrl, origin, createdById, localEditAt)
         VALUES (?, ?, ?, ?, 'Anki', NULL, '', ?, ?, ?, NULL, 'imported', ?, ?)`,
      );
      changes.articles.forEach((article, index) => {
        insertArticle.run(article.slug, articlePosition + index, article.titleZh, article.titleEn, article.summaryZh, article.summaryEn, now, userId, now);
      });

      const maxPosition = db.prepare('SELECT coalesce(max(position), -1) FROM "Card" WHERE articleSlug = ?').pluck();
      const positions = await positionsOf(changes, async (slug) => maxPosition.get(slug) as number);
      const insertNote = db.prepare(
        `INSERT INTO "Note" (id, articleSlug, kind, position, fields, tags, guid, origin, version, localEditAt, createdAt, updatedAt)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'imported', 1, ?, ?, ?)`,
      );
      const updateNote = db.prepare('UPDATE "Note" SET fields = ?, tags = ?, version = ?, localEditAt = ?, retiredAt = NULL, updatedAt = ? WHERE id = ?');
      const insertVersion = db.prepare(
        `INSERT INTO "NoteVersion" (noteId, version, fields, tags, retired, authorId, change, changed, createdAt) VALUES (?, ?, ?, ?, 0, ?, 'imported', ?, ?)`,
      );
      const insertCard = db.prepare(
        `INSERT INTO "Card" (id, articleSlug, kind, noteId, position, content, contentHash, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const updateCard = db.prepare('UPDATE "Card" SET content = ?, contentHash = ?, kind = ?, retiredAt = NULL, updatedAt = ? WHERE id = ?');
      const retireCard = db.prepare('UPDATE "Card" SET retiredAt = ?, updatedAt = ? WHERE id = ?');
      const touched: string[] = [];
      for (const note of changes.notes) {
        const fields = JSON.stringify(note.fields);
        if (note.isNew) insertNote.run(note.id, note.articleSlug, note.kind, positions.notes.get(note.id)!, fields, note.tags, note.guid, now, now, now);
        else updateNote.run(fields, note.tags, note.version, now, now, note.id);
        insertVersion.run(note.id, note.version, fields, note.tags, userId, JSON.stringify(note.changed), now);
        for (const card of note.cards) {
          if (card.action === 'create') insertCard.run(card.id, note.articleSlug, card.content.kind, note.id, positions.cards.get(card.id)!, JSON.stringify(card.content), card.contentHash, now, now);
          else if (card.action === 'update') updateCard.run(JSON.stringify(card.content), card.contentHash, card.content.kind, now, card.id);
          else retireCard.run(now, now, card.id);
          touched.push(card.id);
        }
      }
      // NOTE: the search index is written by lib/search.ts itself, through this connection.
      await reindexCards(rawSqlOn(db), touched);

      const insertMedia = db.prepare('INSERT INTO "Media" (sha256, mimeType, bytes, size, createdById, createdAt) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING');
      for (const file of changes.media) insertMedia.run(file.sha256, file.mimeType, Buffer.from(file.bytes), file.bytes.byteLength, userId, now);

      const insertReview = db.prepare(
        `INSERT INTO "Review" (id, userId, cardId, rating, stateBefore, reviewedAt, durationMs, elapsedDays, scheduledDays, prevState, result)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      );
      for (const review of changes.reviews) {
        insertReview.run(review.id, userId, review.cardId, review.rating, review.stateBefore, sqlDate(review.reviewedAtMs), review.durationMs, review.elapsedDays, review.scheduledDays, review.prevState, review.result);
      }
      const upsertState = db.prepare(
        `INSERT INTO "CardState" (userId, cardId, state, due, stability, difficulty, elapsedDays, scheduledDays, learningSteps, reps, lapses, lastReview, suspendedAt, updatedAt)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (userId, cardId) DO UPDATE SET state = excluded.state, due = excluded.due, stability = excluded.stability,
           difficulty = excluded.difficulty, elapsedDays = excluded.elapsedDays, scheduledDays = excluded.scheduledDays,
           learningSteps = excluded.learningSteps, reps = excluded.reps, lapses = excluded.lapses, lastReview = excluded.lastReview,
           suspendedAt = coalesce("CardState".suspendedAt, excluded.suspendedAt), buriedUntil = NULL, updatedAt = excluded.updatedAt`,
      );
      const suspendOnly = db.prepare(
        `INSERT INTO "CardState" (userId, cardId, state, due, suspendedAt, updatedAt) VALUES (?, ?, 'new', ?, ?, ?)
         ON CONFLICT (userId, cardId) DO UPDATE SET suspendedAt = coalesce("CardState".suspendedAt, excluded.suspendedAt), updatedAt = excluded.updatedAt`,
      );
      for (const state of changes.states) {
        const suspendedAt = state.suspendedAtMs === null ? null : sqlDate(state.suspendedAtMs);
        const memory = state.memory;
        if (!memory) {
          suspendOnly.run(userId, state.cardId, now, suspendedAt, now);
          continue;
        }
        upsertState.run(
          userId, state.cardId, memory.state, sqlDate(memory.due.getTime()), memory.stability, memory.difficulty, memory.elapsedDays, memory.scheduledDays,
          memory.learningSteps, memory.reps, memory.lapses, memory.lastReview ? sqlDate(memory.lastReview.getTime()) : null, suspendedAt, now,
        );
      }
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      if (error instanceof Error && /UNIQUE constraint failed|PRIMARY KEY/.test(error.message)) {
        throw conflicts.taken();
      }
      throw error;
    }
  }

  private checkUnchanged(changes: ImportChanges, userId: string): void {
    const version = this.db.prepare('SELECT version FROM "Note" WHERE id = ?').pluck();
    for (const note of changes.expect.noteVersions) {
      if (version.get(note.id) !== note.version) throw conflicts.edited(note.id);
    }
    const reps = this.db.prepare('SELECT reps FROM "CardState" WHERE userId = ? AND cardId = ?').pluck();
    for (const state of changes.expect.states) {
      if (((reps.get(userId, state.cardId) as number | undefined) ?? null) !== state.reps) throw conflicts.reviewed(state.cardId);
    }
  }
}

/**
 * lib/search.ts's raw-SQL client (`$executeRaw`/`$queryRaw` with Prisma.sql, SQLite dialect) on this worker's
 * own better-sqlite3 connection, so the index is written inside the import's transaction.
 */
function rawSqlOn(db: Database.Database): RawSql {
  const statement = (first: TemplateStringsArray | Prisma.Sql, values: unknown[]) => {
    // NOTE: called as a tag (template strings, values) or with a built Prisma.sql query.
    const query = Array.isArray(first) ? Prisma.sql(first as TemplateStringsArray, ...values) : (first as Prisma.Sql);
    return { sql: db.prepare(query.sql), values: query.values };
  };
  const client = {
    _activeProvider: 'sqlite',
    $executeRaw: async (first: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) => {
      const q = statement(first, values);
      return q.sql.run(...q.values).changes;
    },
    $queryRaw: async (first: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) => {
      const q = statement(first, values);
      return q.sql.all(...q.values);
    },
  };
  return client as unknown as RawSql;
}
