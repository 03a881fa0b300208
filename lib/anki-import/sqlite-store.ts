// SQLite ONLY: the import's reads and its one write transaction, on a better-sqlite3 connection of its own (the
// import worker's), with prepared statements. Every raw SQL statement of the import lives here; the rows it writes are
// the ones lib/authoring.ts writes for an authored note (Note, NoteVersion, Card, the search index), so imported
// cards show up in versions, search and export like any other. A PostgreSQL deployment needs its own store.
import Database from 'better-sqlite3';
import { Prisma } from '@prisma/client';
import type { SchedulerSettings } from '@/engine/scheduler';
import type { NoteFields } from '../authoring-schema';
import { reindexCards } from '../search';
import type { RawSql } from '../sql-dialect';
import type { ExistingCard, ExistingNote, ExistingReview, ExistingState, ImportChanges, ImportLookup } from './types';

/** The content changed between planning and writing (an edit, a review, another import): nothing was written. */
export class ImportConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportConflictError';
  }
}

/** DateTime as Prisma's SQLite adapter stores it (ISO 8601, `+00:00`), so text comparisons of times stay right. */
function sqlDate(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+00:00');
}

function parseDate(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const ms = typeof value === 'number' ? value : Date.parse(String(value));
  return Number.isFinite(ms) ? ms : null;
}

function chunks<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export class SqliteImportStore {
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = new Database(file, { fileMustExist: true });
    this.db.pragma('busy_timeout = 10000');
    this.db.pragma('foreign_keys = ON');
  }

  close(): void {
    this.db.close();
  }

  /** The importing user's scheduler settings (as lib/study.ts reads them), or null when there is no such user. */
  user(userId: string): { settings: SchedulerSettings } | null {
    const row = this.db.prepare('SELECT desiredRetention, fsrsParams FROM "User" WHERE id = ?').get(userId) as { desiredRetention: number; fsrsParams: string | null } | undefined;
    if (!row) return null;
    const weights = row.fsrsParams ? (JSON.parse(row.fsrsParams) as number[]) : undefined;
    return { settings: { desiredRetention: row.desiredRetention, ...(weights ? { weights } : {}) } };
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
      notesByGuid(guids) {
        const rows = inList<{ id: string; articleSlug: string; kind: string; fields: string; tags: string; version: number; retiredAt: unknown; guid: string }>(
          (marks) => `SELECT id, articleSlug, kind, fields, tags, version, retiredAt, guid FROM "Note" WHERE guid IN (${marks})`,
          guids,
        );
        return new Map(rows.map((row) => [row.guid, { id: row.id, articleSlug: row.articleSlug, kind: row.kind as 'basic' | 'cloze', fields: JSON.parse(row.fields) as NoteFields, tags: row.tags, version: row.version, retired: row.retiredAt !== null } satisfies ExistingNote]));
      },
      cardsOfNotes(noteIds) {
        const out = new Map<string, ExistingCard[]>();
        const rows = inList<{ id: string; noteId: string; contentHash: string; retiredAt: unknown }>((marks) => `SELECT id, noteId, contentHash, retiredAt FROM "Card" WHERE noteId IN (${marks})`, noteIds);
        for (const row of rows) out.set(row.noteId, [...(out.get(row.noteId) ?? []), { id: row.id, noteId: row.noteId, contentHash: row.contentHash, retired: row.retiredAt !== null }]);
        return out;
      },
      articleExists: (slug) => articleExists.get(slug) !== undefined,
      noteExists: (id) => noteExists.get(id) !== undefined,
      reviewsOf(cardIds) {
        const rows = inList<{ id: string; cardId: string; rating: number; reviewedAt: unknown; durationMs: number | null }>(
          (marks) => `SELECT id, cardId, rating, reviewedAt, durationMs FROM "Review" WHERE userId = ? AND undoneAt IS NULL AND cardId IN (${marks})`,
          cardIds,
          userId,
        );
        return rows.map((row): ExistingReview => ({ id: row.id, cardId: row.cardId, rating: row.rating as 1 | 2 | 3 | 4, reviewedAtMs: parseDate(row.reviewedAt) ?? 0, durationMs: row.durationMs }));
      },
      statesOf(cardIds) {
        const rows = inList<{ cardId: string; reps: number }>((marks) => `SELECT cardId, reps FROM "CardState" WHERE userId = ? AND cardId IN (${marks})`, cardIds, userId);
        return new Map(rows.map((row): [string, ExistingState] => [row.cardId, { cardId: row.cardId, reps: row.reps }]));
      },
      mediaExists(sha256s) {
        return new Set(inList<{ sha256: string }>((marks) => `SELECT sha256 FROM "Media" WHERE sha256 IN (${marks})`, sha256s).map((row) => row.sha256));
      },
    };
  }

  /**
   * Writes an import in ONE transaction (BEGIN IMMEDIATE: no other writer starts meanwhile). It first checks that
   * nothing it planned against has moved (note versions, the user's card states); any difference, or any failure,
   * rolls everything back.
   */
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
      // As lib/authoring.ts numbers them: a new note takes the article's next card position, and so does its first card.
      const positions = new Map<string, number>();
      const peekPosition = (slug: string) => positions.get(slug) ?? (maxPosition.get(slug) as number) + 1;
      const takePosition = (slug: string) => {
        const value = peekPosition(slug);
        positions.set(slug, value + 1);
        return value;
      };
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
        if (note.isNew) insertNote.run(note.id, note.articleSlug, note.kind, peekPosition(note.articleSlug), fields, note.tags, note.guid, now, now, now);
        else updateNote.run(fields, note.tags, note.version, now, now, note.id);
        insertVersion.run(note.id, note.version, fields, note.tags, userId, JSON.stringify(note.changed), now);
        for (const card of note.cards) {
          if (card.action === 'create') insertCard.run(card.id, note.articleSlug, card.content.kind, note.id, takePosition(note.articleSlug), JSON.stringify(card.content), card.contentHash, now, now);
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
        throw new ImportConflictError('the content changed while the package was read (another import or an edit took the same names); import again');
      }
      throw error;
    }
  }

  private checkUnchanged(changes: ImportChanges, userId: string): void {
    const version = this.db.prepare('SELECT version FROM "Note" WHERE id = ?').pluck();
    for (const note of changes.expect.noteVersions) {
      if (version.get(note.id) !== note.version) throw new ImportConflictError(`the card ${note.id} was edited while the package was read; import again`);
    }
    const reps = this.db.prepare('SELECT reps FROM "CardState" WHERE userId = ? AND cardId = ?').pluck();
    for (const state of changes.expect.states) {
      if (((reps.get(userId, state.cardId) as number | undefined) ?? null) !== state.reps) throw new ImportConflictError(`the card ${state.cardId} was reviewed while the package was read; import again`);
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
