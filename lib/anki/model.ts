/**
 * The intermediate model of an Anki collection: what lib/anki reads out of `.apkg`/`.colpkg` packages and text
 * exports, and what it writes into an `.apkg`. Ids are Anki's own (milliseconds-since-epoch integers, all safe
 * JavaScript integers); field HTML is already sanitised.
 */
import type { AnkiSkip } from './skips';

export type { AnkiSkip } from './skips';

export type AnkiPackageVersion = 'legacy1' | 'legacy2' | 'latest';

export interface AnkiDeck {
  readonly id: number;
  /** The full name; nested decks use `::` (`Maths::Linear algebra`). */
  readonly name: string;
  /** A filtered ("dynamic") deck only borrows cards; their home deck is `AnkiCard.deckId`. */
  readonly filtered: boolean;
  readonly description: string;
}

export interface AnkiTemplate {
  readonly name: string;
  readonly ord: number;
  /** Question and answer templates (`{{Front}}`, `{{FrontSide}}`, `{{cloze:Text}}`). */
  readonly qfmt: string;
  readonly afmt: string;
}

export type AnkiNotetypeKind = 'standard' | 'cloze';

export interface AnkiNotetype {
  readonly id: number;
  readonly name: string;
  readonly kind: AnkiNotetypeKind;
  /** Field names in order (ord 0, 1, …). */
  readonly fields: readonly string[];
  readonly templates: readonly AnkiTemplate[];
  readonly css: string;
}

export interface AnkiNote {
  readonly id: number;
  /** Stable across exports and re-imports: re-importing matches notes by guid. */
  readonly guid: string;
  readonly notetypeId: number;
  /** Field values in the note type's order, as sanitised HTML. */
  readonly fields: readonly string[];
  readonly tags: readonly string[];
  /** Last modification, seconds since the epoch. */
  readonly modSecs: number;
}

/** Anki's card type: 0 new, 1 learning, 2 review, 3 relearning. */
export type AnkiCardType = 0 | 1 | 2 | 3;

export interface AnkiCard {
  readonly id: number;
  readonly noteId: number;
  /** The card's home deck (for a card sitting in a filtered deck, its original deck). */
  readonly deckId: number;
  /** Template ordinal (standard note types) or cloze number − 1 (cloze note types). */
  readonly ord: number;
  readonly type: AnkiCardType;
  /** -3..-1 buried/suspended, 0 new, 1 learning, 2 review, 3 day-learning, 4 preview. */
  readonly queue: number;
  /** New: position; review: day number since the collection's creation; learning: epoch seconds. */
  readonly due: number;
  /** Interval in days (negative: seconds, for learning cards in old collections). */
  readonly ivl: number;
  /** Ease factor in permille (2500 = 250 %); 0 for new cards. */
  readonly factor: number;
  readonly reps: number;
  readonly lapses: number;
}

/** Anki's revlog `type`: 0 learn, 1 review, 2 relearn, 3 filtered (cram), 4 manual (reset / set due date), 5 rescheduled. */
export type AnkiRevlogType = 0 | 1 | 2 | 3 | 4 | 5;

export interface AnkiRevlog {
  /** When the answer was given, milliseconds since the epoch (Anki's revlog id). */
  readonly id: number;
  readonly cardId: number;
  /** The button: 1 again, 2 hard, 3 good, 4 easy; 0 for manual entries. */
  readonly ease: number;
  /** New interval: days if positive, seconds if negative. */
  readonly ivl: number;
  readonly lastIvl: number;
  /** Ease factor after the answer, permille (FSRS collections store difficulty here). */
  readonly factor: number;
  /** Time spent answering, milliseconds (Anki caps it at the deck's limit, 60 s by default). */
  readonly timeMs: number;
  readonly type: AnkiRevlogType;
}

export interface AnkiMedia {
  /** An opaque key: checked to be a plain file name, never used as a path. */
  readonly name: string;
  readonly bytes: Uint8Array;
}


export interface AnkiCollection {
  readonly source: 'apkg' | 'colpkg' | 'text';
  /** Package version (`meta`), or null for a text export. */
  readonly version: AnkiPackageVersion | null;
  /** The collection's schema version (`col.ver`: 11 legacy … 18 current), or null for a text export. */
  readonly schemaVersion: number | null;
  /** Collection creation, epoch seconds (review-card `due` counts days from it), or null. */
  readonly createdSecs: number | null;
  readonly decks: readonly AnkiDeck[];
  readonly notetypes: readonly AnkiNotetype[];
  readonly notes: readonly AnkiNote[];
  readonly cards: readonly AnkiCard[];
  readonly revlog: readonly AnkiRevlog[];
  readonly media: readonly AnkiMedia[];
  readonly skipped: readonly AnkiSkip[];
  /** Notes whose raw fields carried script (removed by the sanitiser): `id` is the note's guid, `reason` says where. */
  readonly activeContent: readonly AnkiSkip[];
}
