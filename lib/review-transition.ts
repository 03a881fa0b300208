// The review transition as a pure function: a card's stored state, the review, the time and the
// learner's policy in; the new state, the log entry and the effects on other cards out. No database, no
// clock, no randomness (the next exercise seed comes in): lib/study.ts loads, calls this, and saves.

import { applyReview, newCardMemory, type CardMemory, type CardStateName, type Rating, type SchedulerSettings } from '@/engine/scheduler';
import { z } from 'zod';
import { problemRating } from './review-rating';
import { nextStudyDayStart } from './study-day';
import type { ReviewResult } from './study-types';

/** A learner's stored state of one card (the `CardState` row without its keys). */
export interface StoredCardState extends CardMemory {
  readonly seed: number | null;
  readonly familyVersion: number | null;
  readonly suspendedAt: Date | null;
  readonly buriedUntil: Date | null;
  readonly leech: boolean;
}

export interface ReviewedCard {
  readonly id: string;
  readonly kind: 'basic' | 'cloze' | 'problem';
  /** The family version a problem card draws from now (null for other cards). */
  readonly familyVersion: number | null;
  /** Live cards of the same note or family besides this one. */
  readonly siblings: number;
}

/** A review as the client sent it. */
export interface ReviewRequest {
  readonly id: string;
  readonly rating?: Rating;
  readonly durationMs?: number;
  /** When the learner graded the card by their own clock (reviews sent later from the offline outbox). */
  readonly reviewedAt?: Date;
}

/** The server's verdict on the answer sent with an exercise review. */
export interface CheckedAnswer {
  readonly correct: boolean;
  readonly note: string | null;
  readonly message: string;
}

export interface ReviewPolicy {
  readonly scheduler: SchedulerSettings;
  /** Lapses at which a card becomes a leech and is suspended. */
  readonly leechLapses: number;
  readonly timeZone: string;
  readonly dayStartHour: number;
  /** How far back a client's review time is believed; older times count as this old. */
  readonly maxReviewAgeMs: number;
}

export const defaultLeechLapses = 8;
export const maxReviewAgeMs = 30 * 86_400_000;

/** The part of a card state a review changes, as stored with the review, so undo can put it back exactly. */
export const stateSnapshotSchema = z.object({
  state: z.enum(['new', 'learning', 'review', 'relearning']),
  due: z.string(),
  stability: z.number(),
  difficulty: z.number(),
  elapsedDays: z.number(),
  scheduledDays: z.number(),
  learningSteps: z.number().int(),
  reps: z.number().int(),
  lapses: z.number().int(),
  lastReview: z.string().nullable(),
  seed: z.number().int().nullable(),
  // NOTE: absent from snapshots written before it was kept; undo then leaves the column as it is.
  familyVersion: z.number().int().nullable().optional(),
  suspendedAt: z.string().nullable(),
  buriedUntil: z.string().nullable(),
  leech: z.boolean(),
});
export type StateSnapshot = z.infer<typeof stateSnapshotSchema>;

/** The review log row (the `Review` table without its keys). */
export interface ReviewLogEntry {
  readonly id: string;
  readonly rating: Rating;
  readonly stateBefore: CardStateName;
  readonly reviewedAt: Date;
  readonly durationMs: number | null;
  readonly elapsedDays: number;
  readonly scheduledDays: number;
  /** The card state before the review (null: the learner had none), for undo. */
  readonly prevState: StateSnapshot | null;
  /** The answer sent to the client, kept so a repeat of the request returns it unchanged. */
  readonly result: ReviewResult;
}

export interface ReviewTransitionInput {
  readonly card: ReviewedCard;
  readonly state: StoredCardState | null;
  readonly request: ReviewRequest;
  /** The checked answer of an exercise review (absent when only a rating was sent). */
  readonly answer?: CheckedAnswer;
  /** The server's clock. */
  readonly now: Date;
  /** The seed of the exercise instance shown at the card's next review (a fresh one each time). */
  readonly nextSeed: number;
  readonly policy: ReviewPolicy;
}

export type ReviewTransition =
  | { readonly kind: 'invalid'; readonly message: string }
  | {
      readonly kind: 'recorded';
      readonly state: StoredCardState;
      readonly log: ReviewLogEntry;
      readonly result: ReviewResult;
      /**
       * Sibling cards (same note or family) wait until `buryUntil` (null: the card has none);
       * `becameLeech`: this review suspended the card.
       */
      readonly effects: { readonly buryUntil: Date | null; readonly becameLeech: boolean };
    };

const DAY_MS = 86_400_000;

/**
 * When a review counts as made: the client's time when it sent one, else `now`; never later than `now`
 * (a clock ahead of the server's counts as now), never before the card's last review (the log keeps the
 * order the scheduler saw) and never more than `maxReviewAgeMs` before `now`.
 *
 * @example
 * const now = new Date('2026-01-10T12:00:00Z');
 * reviewTime(null, now, new Date('2026-01-10T09:00:00Z'), maxReviewAgeMs); // 09:00, made offline
 * reviewTime(null, now, new Date('2026-01-10T12:05:00Z'), maxReviewAgeMs); // 12:00, clock ahead
 */
export function reviewTime(state: Pick<CardMemory, 'lastReview'> | null, now: Date, clientTime: Date | undefined, maxAgeMs: number): Date {
  const claimed = Math.min(clientTime?.getTime() ?? now.getTime(), now.getTime());
  const floor = Math.max(state?.lastReview?.getTime() ?? -Infinity, now.getTime() - maxAgeMs);
  return new Date(Math.max(claimed, floor));
}

/** The stored state as JSON for the review log. */
export function snapshotOf(state: StoredCardState | null): StateSnapshot | null {
  if (!state) return null;
  const iso = (date: Date | null) => date?.toISOString() ?? null;
  return {
    state: state.state,
    due: state.due.toISOString(),
    stability: state.stability,
    difficulty: state.difficulty,
    elapsedDays: state.elapsedDays,
    scheduledDays: state.scheduledDays,
    learningSteps: state.learningSteps,
    reps: state.reps,
    lapses: state.lapses,
    lastReview: iso(state.lastReview),
    seed: state.seed,
    familyVersion: state.familyVersion,
    suspendedAt: iso(state.suspendedAt),
    buriedUntil: iso(state.buriedUntil),
    leech: state.leech,
  };
}

/** The card-state columns a snapshot puts back (undo). */
export function restoredState(snapshot: StateSnapshot): Partial<StoredCardState> {
  const date = (value: string | null) => (value === null ? null : new Date(value));
  const { familyVersion, ...rest } = snapshot;
  return {
    ...rest,
    due: new Date(snapshot.due),
    lastReview: date(snapshot.lastReview),
    suspendedAt: date(snapshot.suspendedAt),
    buriedUntil: date(snapshot.buriedUntil),
    ...(familyVersion === undefined ? {} : { familyVersion }),
  };
}

/** The scheduling memory of a stored state, or of a new card when the learner has none. */
export function memoryOf(state: CardMemory | null, now: Date): CardMemory {
  if (!state) return newCardMemory(now);
  const { state: name, due, stability, difficulty, elapsedDays, scheduledDays, learningSteps, reps, lapses, lastReview } = state;
  return { state: name, due, stability, difficulty, elapsedDays, scheduledDays, learningSteps, reps, lapses, lastReview };
}

/**
 * One review: the rating (an exercise's follows lib/review-rating.ts: wrong or unanswered is Again), the
 * FSRS step at the review's time (see {@link reviewTime}), the leech rule (the `leechLapses`-th lapse
 * tags and suspends the card; a tag stays until the learner unsuspends it), the next exercise seed, and
 * the siblings' bury until the next study day after the review.
 */
export function reviewTransition(input: ReviewTransitionInput): ReviewTransition {
  const { card, state, request, answer, now, policy } = input;
  let rating = request.rating;
  if (card.kind === 'problem') {
    rating = problemRating({ correct: answer?.correct ?? false, attempts: 1, solutionShown: false }, rating);
  }
  if (rating === undefined) return { kind: 'invalid', message: 'rating is required (1 Again, 2 Hard, 3 Good, 4 Easy)' };
  const at = reviewTime(state, now, request.reviewedAt, policy.maxReviewAgeMs);
  const before = memoryOf(state, at);
  const after = applyReview(before, rating, at, policy.scheduler, card.id);
  const leech = (state?.leech ?? false) || (after.lapses >= policy.leechLapses && after.lapses > before.lapses);
  const becameLeech = leech && !state?.leech;
  const result: ReviewResult = {
    id: request.id,
    cardId: card.id,
    rating,
    ...(answer ?? {}),
    state: after.state,
    due: after.due.toISOString(),
    intervalDays: (after.due.getTime() - at.getTime()) / DAY_MS,
    leech,
    reviewedAt: at.toISOString(),
  };
  const problem = card.kind === 'problem';
  return {
    kind: 'recorded',
    state: {
      ...after,
      // NOTE: a fresh instance at every review: the next time this card comes, it is a new problem.
      seed: problem ? input.nextSeed : null,
      familyVersion: problem ? card.familyVersion : null,
      leech,
      suspendedAt: becameLeech ? at : (state?.suspendedAt ?? null),
      buriedUntil: null,
    },
    log: {
      id: request.id,
      rating,
      stateBefore: before.state,
      reviewedAt: at,
      durationMs: request.durationMs ?? null,
      elapsedDays: after.elapsedDays,
      scheduledDays: after.scheduledDays,
      prevState: snapshotOf(state),
      result,
    },
    result,
    // NOTE: the study day's end is worked out only when there is a sibling to bury (time-zone arithmetic is
    // a fair share of a review's own work).
    effects: { buryUntil: card.siblings > 0 ? nextStudyDayStart(at, policy.timeZone, policy.dayStartHour) : null, becameLeech },
  };
}
