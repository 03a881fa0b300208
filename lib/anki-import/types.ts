// Shapes of an Anki import: what the database holds before it (read by the store), what the import writes,
// and the summary the route answers with. Plain data: the worker thread sends the summary to the server.
import type { CardMemory, SchedulerSettings } from '@/engine/scheduler';
import type { AnkiSkip } from '../anki';
import type { NoteFields } from '../authoring-schema';
import type { CardContent } from '../note-cards';

/** One thing left out, and why: a code with its arguments (the import page shows it in zh or en) and `reason` in English. */
export type ImportSkip = AnkiSkip;

export interface ImportDeckSummary {
  readonly name: string;
  readonly slug: string;
  /** The article is created by this import (false: the deck's notes already live there). */
  readonly newArticle: boolean;
  readonly notes: number;
  readonly cards: number;
}

/**
 * The answer of `POST /import`: DESIGN's `{articles, cards, media, reviews}` (articles touched; cards, media
 * files and reviews created), plus what a person needs to decide on a dry run.
 */
export interface ImportSummary {
  readonly dryRun: boolean;
  readonly articles: readonly string[];
  readonly cards: number;
  readonly media: number;
  readonly reviews: number;
  readonly decks: readonly ImportDeckSummary[];
  readonly notes: { readonly created: number; readonly updated: number; readonly unchanged: number };
  readonly cardsUpdated: number;
  /** Cards whose FSRS state was replayed from the review history. */
  readonly statesReplayed: number;
  readonly skipped: readonly ImportSkip[];
  /** How many items were skipped in all (`skipped` lists at most `maxListedSkips`). */
  readonly skippedTotal: number;
  readonly elapsedMs: number;
}

export const maxListedSkips = 200;

/** A note of ours as the import finds it (matched by its Anki guid). */
export interface ExistingNote {
  readonly id: string;
  readonly articleSlug: string;
  readonly kind: 'basic' | 'cloze';
  readonly fields: NoteFields;
  readonly tags: string;
  readonly version: number;
  readonly retired: boolean;
}

export interface ExistingCard {
  readonly id: string;
  readonly noteId: string;
  readonly contentHash: string;
  readonly retired: boolean;
}

/** A review already in the log (for cards the import gives history to). */
export interface ExistingReview {
  readonly id: string;
  readonly cardId: string;
  readonly rating: 1 | 2 | 3 | 4;
  readonly reviewedAtMs: number;
  readonly durationMs: number | null;
}

export interface ExistingState {
  readonly cardId: string;
  readonly reps: number;
}

/** What the import reads from the database before it plans (the store answers; tests can fake it). */
export interface ImportLookup {
  readonly userId: string;
  readonly settings: SchedulerSettings;
  notesByGuid(guids: readonly string[]): Promise<Map<string, ExistingNote>>;
  cardsOfNotes(noteIds: readonly string[]): Promise<Map<string, ExistingCard[]>>;
  articleExists(slug: string): Promise<boolean>;
  /** Which of these note ids are taken. */
  existingNoteIds(ids: readonly string[]): Promise<Set<string>>;
  reviewsOf(cardIds: readonly string[]): Promise<ExistingReview[]>;
  statesOf(cardIds: readonly string[]): Promise<Map<string, ExistingState>>;
  mediaExists(sha256s: readonly string[]): Promise<Set<string>>;
}

export interface NewArticle {
  readonly slug: string;
  readonly titleZh: string;
  readonly titleEn: string;
  readonly summaryZh: string;
  readonly summaryEn: string;
}

/** create: a new card; update: new content (or un-retired); retire: its deletion is gone from the text. */
export type CardWrite =
  | { readonly action: 'create' | 'update'; readonly id: string; readonly content: CardContent; readonly contentHash: string }
  | { readonly action: 'retire'; readonly id: string };

export interface NoteWrite {
  readonly id: string;
  readonly articleSlug: string;
  readonly kind: 'basic' | 'cloze';
  readonly fields: NoteFields;
  readonly tags: string;
  readonly guid: string;
  /** 1 for a new note; the next version for an updated one. */
  readonly version: number;
  readonly changed: readonly string[];
  readonly isNew: boolean;
  readonly cards: readonly CardWrite[];
}

export interface MediaWrite {
  readonly sha256: string;
  readonly mimeType: string;
  readonly bytes: Uint8Array;
}

export interface ReviewWrite {
  readonly id: string;
  readonly cardId: string;
  readonly rating: 1 | 2 | 3 | 4;
  readonly stateBefore: CardMemory['state'];
  readonly reviewedAtMs: number;
  readonly durationMs: number;
  readonly elapsedDays: number;
  readonly scheduledDays: number;
  /** JSON of the card state before the review (as lib/study.ts keeps it for undo), 'null' for none. */
  readonly prevState: string;
  /** JSON of the review result (as lib/study.ts answers a review). */
  readonly result: string;
}

export interface StateWrite {
  readonly cardId: string;
  readonly memory: CardMemory | null;
  /** Epoch ms when the card was suspended in Anki (imported with history), else null. */
  readonly suspendedAtMs: number | null;
}

/** Everything an import writes, in one transaction, with what it checks first (nothing moved since planning). */
export interface ImportChanges {
  readonly articles: readonly NewArticle[];
  readonly notes: readonly NoteWrite[];
  readonly media: readonly MediaWrite[];
  readonly reviews: readonly ReviewWrite[];
  readonly states: readonly StateWrite[];
  readonly expect: {
    readonly noteVersions: readonly { readonly id: string; readonly version: number }[];
    readonly states: readonly { readonly cardId: string; readonly reps: number | null }[];
  };
}
