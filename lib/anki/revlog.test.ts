import { describe, expect, it } from 'vitest';
import type { AnkiRevlog } from './model';
import { reviewsForFsrs, revlogToReviews } from './revlog';

const day = 86_400_000;
const t0 = 1_700_000_000_000;
let next = 0;
function row(dayOffset: number, type: AnkiRevlog['type'], ease: number, factor = 2500, cardId = 1): AnkiRevlog {
  next += 1;
  return { id: t0 + dayOffset * day + next, cardId, ease, ivl: 1, lastIvl: 0, factor, timeMs: 4000, type };
}

describe('reviewsForFsrs (Anki: rslib/src/scheduler/fsrs/params.rs reviews_for_fsrs)', () => {
  it('keeps learning and review rows, complete when they start with learning', () => {
    const rows = [row(0, 0, 1), row(0, 0, 3), row(1, 1, 3), row(5, 1, 4)];
    expect(reviewsForFsrs(rows)).toEqual({ kept: rows, complete: true });
  });

  it('ignores cramming in a filtered deck without rescheduling (type 3, factor 0) but keeps rescheduling filtered reviews', () => {
    const cram = row(2, 3, 3, 0);
    const filtered = row(3, 3, 3, 2500);
    const rows = [row(0, 0, 3), row(1, 1, 3), cram, filtered];
    expect(reviewsForFsrs(rows)?.kept).toEqual([rows[0], rows[1], filtered]);
  });

  it('drops a "set due date" row (type 4, ease 0, factor kept) and keeps the history around it', () => {
    const rows = [row(0, 0, 3), row(1, 4, 0, 2500), row(4, 1, 3)];
    expect(reviewsForFsrs(rows)).toEqual({ kept: [rows[0], rows[2]], complete: true });
  });

  it('starts after a reset (type 4, factor 0): new learning steps make the history complete', () => {
    const rows = [row(0, 0, 3), row(3, 1, 1), row(5, 4, 0, 0), row(6, 0, 1), row(6, 0, 3), row(8, 1, 3)];
    expect(reviewsForFsrs(rows)).toEqual({ kept: rows.slice(3), complete: true });
  });

  it('starts after a reset at the first grade when no learning followed, and says the history is incomplete', () => {
    const rows = [row(0, 0, 3), row(5, 4, 0, 0), row(9, 1, 3), row(20, 1, 2)];
    expect(reviewsForFsrs(rows)).toEqual({ kept: rows.slice(2), complete: false });
  });

  it('has no history when the card was reset and never graded since', () => {
    expect(reviewsForFsrs([row(0, 0, 3), row(1, 1, 3), row(5, 4, 0, 0)])).toBeNull();
  });

  it('starts at the last run of learning steps (a card relearned from new after forgetting)', () => {
    const rows = [row(0, 0, 3), row(2, 1, 3), row(30, 0, 3), row(31, 1, 3)];
    expect(reviewsForFsrs(rows)).toEqual({ kept: rows.slice(2), complete: true });
  });

  it('without learning rows keeps everything from the first grade, incomplete; drops rescheduled rows (type 5)', () => {
    const rows = [row(0, 1, 3), row(3, 5, 0, 2500), row(4, 2, 1), row(5, 1, 3)];
    expect(reviewsForFsrs(rows)).toEqual({ kept: [rows[0], rows[2], rows[3]], complete: false });
  });

  it('sorts rows by time first', () => {
    const rows = [row(0, 0, 3), row(1, 1, 3)];
    expect(reviewsForFsrs([rows[1]!, rows[0]!])?.kept).toEqual(rows);
  });
});

describe('revlogToReviews', () => {
  it('turns kept rows into reviews with rating, time and duration, and counts what it dropped', () => {
    const a = [row(0, 0, 3, 2500, 7), row(1, 3, 2, 0, 7), row(2, 1, 4, 2500, 7)];
    const b = [row(0, 0, 3, 2500, 8), row(1, 4, 0, 0, 8)];
    const result = revlogToReviews([...a, ...b]);
    expect(result.reviews).toEqual([
      { ankiCardId: 7, reviewedAtMs: a[0]!.id, rating: 3, durationMs: 4000, kind: 'learn' },
      { ankiCardId: 7, reviewedAtMs: a[2]!.id, rating: 4, durationMs: 4000, kind: 'review' },
    ]);
    expect(result.cardsWithoutHistory).toEqual([8]);
    expect(result.droppedRows).toBe(3);
    expect(result.incompleteCards).toEqual([]);
  });
});
