// Review history → card states: an imported review log replayed through our FSRS scheduler, review by review,
// so each review row carries the state before it (for undo) and the card ends in the state the history leads to.
import { createHash } from 'node:crypto';
import { newCardMemory, replaySteps, type CardMemory, type SchedulerSettings } from '@/engine/scheduler';
import type { ReviewWrite } from './types';

export interface HistoryEvent {
  readonly id: string;
  readonly rating: 1 | 2 | 3 | 4;
  readonly reviewedAtMs: number;
  readonly durationMs: number | null;
  /** False for a review already in the log (kept as it is; it only moves the state along). */
  readonly isNew: boolean;
}

const dayMs = 86_400_000;

/**
 * The id of an imported review: the same user, card and answer time always give the same id, so importing
 * the same history twice records it once (the review log's idempotency key).
 */
export function importedReviewId(userId: string, cardId: string, reviewedAtMs: number): string {
  return `anki-${createHash('sha256').update(`${userId}\u0000${cardId}\u0000${reviewedAtMs}`).digest('hex').slice(0, 32)}`;
}

/** A card state as lib/study.ts snapshots it before a review (so undo puts it back). */
function snapshot(memory: CardMemory | null): string {
  if (!memory) return 'null';
  return JSON.stringify({
    state: memory.state,
    due: memory.due.toISOString(),
    stability: memory.stability,
    difficulty: memory.difficulty,
    elapsedDays: memory.elapsedDays,
    scheduledDays: memory.scheduledDays,
    learningSteps: memory.learningSteps,
    reps: memory.reps,
    lapses: memory.lapses,
    lastReview: memory.lastReview?.toISOString() ?? null,
    seed: null,
    suspendedAt: null,
    buriedUntil: null,
    leech: false,
  });
}

/**
 * Replays one card's history (any order; sorted by time here) from a new card through the scheduler (replaySteps:
 * M₀ = new, Mₖ = the review of Mₖ₋₁ with ratingₖ at timeₖ). Returns the rows to write for the new events and the final memory.
 * Example: two Good answers ten minutes apart → the card graduates to 'review' after the second.
 */
export function replayHistory(
  cardId: string,
  events: readonly HistoryEvent[],
  settings: SchedulerSettings,
): { rows: ReviewWrite[]; memory: CardMemory | null } {
  const ordered = [...events].sort((a, b) => a.reviewedAtMs - b.reviewedAtMs || a.id.localeCompare(b.id));
  if (ordered.length === 0) return { rows: [], memory: null };
  const steps = replaySteps(ordered.map((event) => ({ reviewedAt: new Date(event.reviewedAtMs), rating: event.rating })), settings, cardId);
  const rows: ReviewWrite[] = [];
  ordered.forEach((event, index) => {
    if (!event.isNew) return;
    const previous = index > 0 ? steps[index - 1]! : null;
    const before = previous ?? newCardMemory(new Date(event.reviewedAtMs));
    const after = steps[index]!;
    rows.push({
      id: event.id,
      cardId,
      rating: event.rating,
      stateBefore: before.state,
      reviewedAtMs: event.reviewedAtMs,
      durationMs: Math.max(0, Math.round(event.durationMs ?? 0)),
      elapsedDays: after.elapsedDays,
      scheduledDays: after.scheduledDays,
      prevState: snapshot(previous),
      result: JSON.stringify({
        id: event.id,
        cardId,
        rating: event.rating,
        state: after.state,
        due: after.due.toISOString(),
        intervalDays: (after.due.getTime() - event.reviewedAtMs) / dayMs,
        leech: false,
        reviewedAt: new Date(event.reviewedAtMs).toISOString(),
      }),
    });
  });
  return { rows, memory: steps[steps.length - 1] ?? null };
}
