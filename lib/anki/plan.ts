import { mapNote, type StudyCardDraft } from './mapping';
import type { AnkiCollection, AnkiMedia, AnkiSkip } from './model';
import { revlogToReviews, type ImportedReview } from './revlog';
import { ankiSkip } from './skips';

/** A card to create, with what re-importing needs to find it again (the note's guid and the card's ord). */
export type PlannedCard = StudyCardDraft & { readonly noteGuid: string; readonly ankiNoteId: number; readonly ord: number; readonly tags: readonly string[] };

export interface PlannedDeck {
  readonly ankiDeckId: number;
  /** The Anki deck's full name (`Parent::Child`): the article's title. */
  readonly name: string;
  readonly description: string;
  readonly notes: number;
  readonly cards: readonly PlannedCard[];
}

/** What an import will create, and what it leaves out with why: the summary the import page shows. */
export interface ImportPlan {
  readonly decks: readonly PlannedDeck[];
  readonly notes: number;
  readonly cards: number;
  /** Media files some card shows. */
  readonly media: readonly AnkiMedia[];
  /** Reviews of planned cards, by Anki's FSRS rules (empty unless history was asked for). */
  readonly reviews: readonly ImportedReview[];
  readonly skipped: readonly AnkiSkip[];
}

/**
 * Plans an import: every note mapped to this app's cards (`mapNote`), grouped into one article per Anki deck
 * that holds cards (a card goes to its own home deck, so siblings may land in different articles), the media
 * those cards show, and with `history` the review log turned into reviews of the planned cards.
 */
export function planImport(collection: AnkiCollection, options: { history: boolean }): ImportPlan {
  const skipped: AnkiSkip[] = [...collection.skipped];
  const mediaNames = new Set(collection.media.map((file) => file.name));
  const notetypes = new Map(collection.notetypes.map((notetype) => [notetype.id, notetype]));
  const cardsByNote = new Map<number, (typeof collection.cards)[number][]>();
  for (const card of collection.cards) {
    const list = cardsByNote.get(card.noteId);
    if (list) list.push(card);
    else cardsByNote.set(card.noteId, [card]);
  }
  const deckOf = new Map(collection.cards.map((card) => [card.id, card.deckId]));
  const ordOf = new Map(collection.cards.map((card) => [card.id, card.ord]));
  const byDeck = new Map<number, { cards: PlannedCard[]; notes: Set<number> }>();
  const usedMedia = new Set<string>();
  let notes = 0;
  for (const note of collection.notes) {
    const notetype = notetypes.get(note.notetypeId);
    const noteCards = cardsByNote.get(note.id) ?? [];
    if (!notetype) continue; // already reported by the reader
    if (noteCards.length === 0) {
      skipped.push(ankiSkip('note', String(note.id), 'note-no-cards'));
      continue;
    }
    const mapped = mapNote(note, notetype, noteCards, mediaNames);
    for (const skip of mapped.skipped) skipped.push(ankiSkip('card', String(skip.ankiCardId), skip.code, skip.args));
    if (mapped.cards.length > 0) notes += 1;
    for (const card of mapped.cards) {
      const deckId = deckOf.get(card.ankiCardId) ?? 0;
      const entry = byDeck.get(deckId) ?? { cards: [], notes: new Set<number>() };
      entry.cards.push({ ...card, noteGuid: note.guid, ankiNoteId: note.id, ord: ordOf.get(card.ankiCardId) ?? 0, tags: note.tags });
      entry.notes.add(note.id);
      byDeck.set(deckId, entry);
      for (const name of card.media) usedMedia.add(name);
    }
  }
  const decks: PlannedDeck[] = [];
  for (const deck of collection.decks) {
    const entry = byDeck.get(deck.id);
    if (!entry) {
      if (!deck.filtered) skipped.push(ankiSkip('deck', deck.name, 'deck-no-cards'));
      continue;
    }
    decks.push({ ankiDeckId: deck.id, name: deck.name, description: deck.description, notes: entry.notes.size, cards: entry.cards });
  }
  for (const file of collection.media) if (!usedMedia.has(file.name)) skipped.push(ankiSkip('media', file.name, 'media-unused'));
  const planned = new Set(decks.flatMap((deck) => deck.cards.map((card) => card.ankiCardId)));
  let reviews: readonly ImportedReview[] = [];
  if (options.history) {
    const rows = collection.revlog.filter((row) => planned.has(row.cardId));
    const converted = revlogToReviews(rows);
    reviews = converted.reviews;
    const notImported = collection.revlog.length - rows.length;
    if (notImported > 0) skipped.push(ankiSkip('revlog', `${notImported} rows`, 'revlog-cards-not-imported', { rows: notImported }));
    if (converted.droppedRows > 0) skipped.push(ankiSkip('revlog', `${converted.droppedRows} rows`, 'revlog-ignored-by-fsrs', { rows: converted.droppedRows }));
  } else if (collection.revlog.length > 0) {
    skipped.push(ankiSkip('revlog', `${collection.revlog.length} rows`, 'revlog-not-asked', { rows: collection.revlog.length }));
  }
  return {
    decks,
    notes,
    cards: decks.reduce((sum, deck) => sum + deck.cards.length, 0),
    media: collection.media.filter((file) => usedMedia.has(file.name)),
    reviews,
    skipped,
  };
}
