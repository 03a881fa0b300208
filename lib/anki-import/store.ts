// The database side of an Anki import: what the planner reads (ImportLookup) and the one transaction that writes
// the plan. One store per database, each with all of its raw SQL in its own file: sqlite-store.ts (better-sqlite3)
// and postgres-store.ts (node-postgres). Both run in the import worker thread on a connection of their own and
// write the rows lib/authoring.ts writes for an authored note (Note, NoteVersion, Card, the search index), so
// imported cards show up in versions, search and export like any other.
import type { SchedulerSettings } from '@/engine/scheduler';
import type { NoteFields } from '../authoring-schema';
import { refusalMessage, type AnkiRefusalArgs } from '../anki/refusals';
import { databaseFile, databaseKind } from '../database-url';
import { fsrsWeightsSchema, noteFieldsSchema, readStored } from '../stored-json';
import type { ImportChanges, ImportLookup } from './types';

export interface ImportStore {
  /** The importing user's scheduler settings (as lib/study.ts reads them), or null when there is no such user. */
  user(userId: string): Promise<{ settings: SchedulerSettings } | null>;
  lookup(userId: string, settings: SchedulerSettings): ImportLookup;
  /**
   * Writes an import in ONE transaction that no other import, content load or review of this user interleaves
   * with. It first checks that nothing it planned against has moved (note versions, the user's card states); any
   * difference (ImportConflictError), or any failure, rolls everything back.
   */
  apply(changes: ImportChanges, userId: string, nowMs: number): Promise<void>;
  close(): Promise<void>;
}

type ConflictCode = 'conflict-names-taken' | 'conflict-note-edited' | 'conflict-card-reviewed';

/** The content changed between planning and writing (an edit, a review, another import): nothing was written. */
export class ImportConflictError extends Error {
  constructor(
    readonly code: ConflictCode,
    readonly args: AnkiRefusalArgs = {},
  ) {
    super(refusalMessage(code, args));
    this.name = 'ImportConflictError';
  }
}

/** The conflicts a store finds, as errors (templates: lib/anki/refusals.ts). */
export const conflicts = {
  taken: () => new ImportConflictError('conflict-names-taken'),
  edited: (noteId: string) => new ImportConflictError('conflict-note-edited', { note: noteId }),
  reviewed: (cardId: string) => new ImportConflictError('conflict-card-reviewed', { card: cardId }),
};

/** The store for the database `databaseUrl` names (`file:…` SQLite, `postgresql://…` PostgreSQL). */
export async function openImportStore(databaseUrl: string): Promise<ImportStore> {
  // NOTE: loaded on demand, so a SQLite install never loads pg, and a PostgreSQL one never opens a SQLite file.
  if (databaseKind(databaseUrl) === 'postgresql') return (await import('./postgres-store')).PostgresImportStore.connect(databaseUrl);
  return new (await import('./sqlite-store')).SqliteImportStore(databaseFile(databaseUrl));
}

/** A Json column as a driver hands it over: JSON text (SQLite), or already parsed (PostgreSQL jsonb). */
function jsonColumn(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

/** `Note.fields` as a driver hands it over, checked (lib/stored-json.ts). */
export function storedNoteFields(value: unknown): NoteFields {
  return readStored(noteFieldsSchema, jsonColumn(value), 'Note.fields');
}

/** Scheduler settings from the User row's columns (fsrsParams: the fitted FSRS weights, or null). */
export function settingsOf(desiredRetention: number, fsrsParams: unknown): SchedulerSettings {
  const weights = fsrsParams === null || fsrsParams === undefined ? null : readStored(fsrsWeightsSchema.nullable(), jsonColumn(fsrsParams), 'User.fsrsParams');
  return { desiredRetention, ...(weights ? { weights } : {}) };
}

/**
 * Card positions as lib/authoring.ts numbers them: a new note takes its article's next card position, and so does
 * its first card; each created card takes the next one. `maxPosition` answers an article's largest card position
 * (-1 for none) as the database holds it.
 */
export async function positionsOf(
  changes: ImportChanges,
  maxPosition: (slug: string) => Promise<number>,
): Promise<{ notes: Map<string, number>; cards: Map<string, number> }> {
  const next = new Map<string, number>();
  const peek = async (slug: string) => next.get(slug) ?? (await maxPosition(slug)) + 1;
  const notes = new Map<string, number>();
  const cards = new Map<string, number>();
  for (const note of changes.notes) {
    if (note.isNew) notes.set(note.id, await peek(note.articleSlug));
    for (const card of note.cards) {
      if (card.action !== 'create') continue;
      const position = await peek(note.articleSlug);
      cards.set(card.id, position);
      next.set(note.articleSlug, position + 1);
    }
  }
  return { notes, cards };
}

/** `items` in slices of at most `size`. */
export function chunks<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
