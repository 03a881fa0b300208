import type { AnkiRevlog } from './model';

/** A review as this app keeps it, taken from one Anki revlog row. */
export interface ImportedReview {
  /** The Anki card the review belongs to. */
  readonly ankiCardId: number;
  /** When it was answered, epoch milliseconds (the revlog id). */
  readonly reviewedAtMs: number;
  /** Anki's button, which is also FSRS's rating: 1 again, 2 hard, 3 good, 4 easy. */
  readonly rating: 1 | 2 | 3 | 4;
  /** Time spent answering, milliseconds. */
  readonly durationMs: number;
  readonly kind: 'learn' | 'review' | 'relearn' | 'filtered';
}

export interface CardHistory {
  /** The rows FSRS uses, oldest first. */
  readonly kept: readonly AnkiRevlog[];
  /**
   * True when the kept rows start with the card's (last) learning steps, so the memory state follows from
   * them alone; false when earlier history is missing (Anki then seeds the state from the card's SM-2 ease
   * and interval).
   */
  readonly complete: boolean;
}

const learning = 0;
const filtered = 3;
const manual = 4;
const rescheduled = 5;

/**
 * The revlog rows of one card that FSRS's memory-state computation keeps, as Anki chooses them
 * (rslib/src/scheduler/fsrs/params.rs `reviews_for_fsrs`, not training, no cut-off date):
 * - cramming in a filtered deck without rescheduling (type 3 with factor 0) is ignored everywhere;
 * - a reset (type 4, manual, with factor 0) ends the history: rows before it are dropped, and when the card
 *   has not been graded since, it has no history at all (null);
 * - history starts at the last run of learning steps (type 0 graded 1–4) or, without one, at the first grade;
 * - manual rows, rows without a button (ease 0) and "rescheduled" rows (type 5) are dropped.
 * `rows` are one card's rows in any order. Example: a learn row, a "set due date" row (type 4, ease 0) and a
 * review row keep the learn and review rows, complete.
 */
export function reviewsForFsrs(rows: readonly AnkiRevlog[]): CardHistory | null {
  const entries = [...rows].sort((a, b) => a.id - b.id);
  let firstOfLastLearn: number | null = null;
  let firstUserGrade: number | null = null;
  let complete = false;
  for (let index = entries.length - 1; index >= 0; index -= 1) {
    const entry = entries[index];
    if (!entry) continue;
    if (entry.type === filtered && entry.factor === 0) continue;
    const graded = entry.ease >= 1 && entry.ease <= 4;
    if (graded) firstUserGrade = index;
    if (graded && entry.type === learning) {
      firstOfLastLearn = index;
      complete = true;
    } else if (firstOfLastLearn !== null) {
      break;
    } else if (entry.type === manual && entry.factor === 0) {
      // A reset: what came before no longer describes the card.
      if (firstUserGrade !== null) {
        complete = false;
        break;
      }
      return null;
    }
  }
  const start = firstOfLastLearn ?? firstUserGrade;
  if (start === null) return null;
  const kept = entries.slice(start).filter(
    (entry) =>
      !(entry.type === manual || entry.ease === 0) &&
      !(entry.type === filtered && entry.factor === 0) &&
      entry.type !== rescheduled,
  );
  return kept.length === 0 ? null : { kept, complete };
}

export interface RevlogConversion {
  readonly reviews: readonly ImportedReview[];
  /** Cards whose whole log was dropped (reset and never graded since, or no graded rows). */
  readonly cardsWithoutHistory: readonly number[];
  /** Rows dropped by the FSRS rules above. */
  readonly droppedRows: number;
  /** Cards whose kept history does not start with learning steps. */
  readonly incompleteCards: readonly number[];
}

/**
 * Turns a package's review log into this app's review rows, card by card, with `reviewsForFsrs`: the rows
 * FSRS would use become reviews (rating, time, duration), the rest are counted as dropped.
 * Example: revlogToReviews([{ id: 1_700_000_000_000, cardId: 7, ease: 3, type: 0, timeMs: 4200, … }])
 * → one review of card 7 rated 3, 4.2 s, kind 'learn'.
 */
export function revlogToReviews(revlog: readonly AnkiRevlog[]): RevlogConversion {
  const byCard = new Map<number, AnkiRevlog[]>();
  for (const row of revlog) {
    const list = byCard.get(row.cardId);
    if (list) list.push(row);
    else byCard.set(row.cardId, [row]);
  }
  const reviews: ImportedReview[] = [];
  const cardsWithoutHistory: number[] = [];
  const incompleteCards: number[] = [];
  let droppedRows = 0;
  for (const [cardId, rows] of byCard) {
    const history = reviewsForFsrs(rows);
    if (!history) {
      cardsWithoutHistory.push(cardId);
      droppedRows += rows.length;
      continue;
    }
    if (!history.complete) incompleteCards.push(cardId);
    droppedRows += rows.length - history.kept.length;
    for (const row of history.kept) {
      reviews.push({
        ankiCardId: cardId,
        reviewedAtMs: row.id,
        rating: row.ease as 1 | 2 | 3 | 4,
        durationMs: row.timeMs,
        kind: row.type === 0 ? 'learn' : row.type === 1 ? 'review' : row.type === 2 ? 'relearn' : 'filtered',
      });
    }
  }
  reviews.sort((a, b) => a.reviewedAtMs - b.reviewedAtMs || a.ankiCardId - b.ankiCardId);
  return { reviews, cardsWithoutHistory, droppedRows, incompleteCards };
}
