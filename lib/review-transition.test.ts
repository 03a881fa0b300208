import { describe, expect, it } from 'vitest';
import { applyReview, newCardMemory } from '@/engine/scheduler';
import {
  defaultLeechLapses,
  maxReviewAgeMs,
  restoredState,
  reviewTime,
  reviewTransition,
  snapshotOf,
  stateSnapshotSchema,
  type ReviewPolicy,
  type ReviewTransitionInput,
  type StoredCardState,
} from './review-transition';

const now = new Date('2026-01-10T02:00:00Z'); // 10:00 in Shanghai
const policy: ReviewPolicy = { scheduler: { desiredRetention: 0.9 }, leechLapses: defaultLeechLapses, timeZone: 'Asia/Shanghai', dayStartHour: 4, maxReviewAgeMs };
const basic = { id: 'lora/core-idea', kind: 'basic', familyVersion: null, siblings: 1 } as const;
const problem = { id: 'lora/problem/lora-params/easy', kind: 'problem', familyVersion: 3, siblings: 2 } as const;
const hour = 3_600_000;

function input(over: Partial<ReviewTransitionInput>): ReviewTransitionInput {
  return { card: basic, state: null, request: { id: 'r1', rating: 3 }, now, nextSeed: 12345, policy, ...over };
}

function stored(over: Partial<StoredCardState>): StoredCardState {
  const at = new Date(now.getTime() - 10 * 86_400_000);
  return { ...applyReview(newCardMemory(at), 4, at), seed: null, familyVersion: null, suspendedAt: null, buriedUntil: null, leech: false, ...over };
}

function recorded(transition: ReturnType<typeof reviewTransition>) {
  if (transition.kind !== 'recorded') throw new Error(`expected a recorded review, got ${transition.message}`);
  return transition;
}

describe('reviewTransition', () => {
  it('records a first review of a basic card: FSRS step, log entry with no earlier state, siblings buried to the next study day', () => {
    const t = recorded(reviewTransition(input({})));
    expect(t.state).toMatchObject({ state: 'learning', reps: 1, lapses: 0, lastReview: now, seed: null, familyVersion: null, leech: false, suspendedAt: null, buriedUntil: null });
    expect(t.log).toMatchObject({ id: 'r1', rating: 3, stateBefore: 'new', reviewedAt: now, durationMs: null, prevState: null });
    expect(t.log.result).toBe(t.result);
    expect(t.result).toEqual({
      id: 'r1',
      cardId: basic.id,
      rating: 3,
      state: 'learning',
      due: t.state.due.toISOString(),
      intervalDays: (t.state.due.getTime() - now.getTime()) / 86_400_000,
      leech: false,
      reviewedAt: now.toISOString(),
    });
    // 04:00 the next morning in Shanghai (UTC+8).
    expect(t.effects).toEqual({ buryUntil: new Date('2026-01-10T20:00:00Z'), becameLeech: false });
    // A card without siblings buries nothing.
    expect(recorded(reviewTransition(input({ card: { ...basic, siblings: 0 } }))).effects.buryUntil).toBeNull();
  });

  it('refuses a basic review without a rating, recording nothing', () => {
    expect(reviewTransition(input({ request: { id: 'r1' } }))).toEqual({ kind: 'invalid', message: 'rating is required (1 Again, 2 Hard, 3 Good, 4 Easy)' });
  });

  it('rates a wrong or missing exercise answer Again whatever the client chose, and keeps the choice for a right one', () => {
    const wrong = recorded(reviewTransition(input({ card: problem, request: { id: 'r1', rating: 4 }, answer: { correct: false, note: 'sign', message: 'Check the sign.' } })));
    expect(wrong.result).toMatchObject({ rating: 1, correct: false, note: 'sign', message: 'Check the sign.' });
    const unanswered = recorded(reviewTransition(input({ card: problem, request: { id: 'r1', rating: 3 } })));
    expect(unanswered.result.rating).toBe(1);
    expect(unanswered.result).not.toHaveProperty('correct');
    const right = recorded(reviewTransition(input({ card: problem, request: { id: 'r1', rating: 4 }, answer: { correct: true, note: null, message: 'Right.' } })));
    expect(right.result.rating).toBe(4);
    const byDefault = recorded(reviewTransition(input({ card: problem, request: { id: 'r1' }, answer: { correct: true, note: null, message: 'Right.' } })));
    expect(byDefault.result.rating).toBe(3);
  });

  it('gives an exercise card the next seed and the family version it is drawn for', () => {
    const t = recorded(reviewTransition(input({ card: problem, state: stored({ seed: 7, familyVersion: 2 }), answer: { correct: true, note: null, message: '' } })));
    expect(t.state).toMatchObject({ seed: 12345, familyVersion: 3 });
    expect(t.log.prevState).toMatchObject({ seed: 7, familyVersion: 2 });
  });

  it('tags and suspends a card at its eighth lapse, once', () => {
    const lapsing = stored({ lapses: defaultLeechLapses - 1 });
    expect(lapsing.state).toBe('review');
    const t = recorded(reviewTransition(input({ state: lapsing, request: { id: 'r1', rating: 1 } })));
    expect(t.state).toMatchObject({ lapses: defaultLeechLapses, leech: true, suspendedAt: now });
    expect(t.effects.becameLeech).toBe(true);
    expect(t.result.leech).toBe(true);
    const earlier = new Date(now.getTime() - 86_400_000);
    const again = recorded(reviewTransition(input({ state: { ...t.state, suspendedAt: earlier }, request: { id: 'r2', rating: 3 } })));
    expect(again.state).toMatchObject({ leech: true, suspendedAt: earlier });
    expect(again.effects.becameLeech).toBe(false);
  });

  it('schedules an offline review from the time it was made', () => {
    const madeAt = new Date(now.getTime() - 3 * hour);
    const t = recorded(reviewTransition(input({ request: { id: 'r1', rating: 4, reviewedAt: madeAt } })));
    expect(t.log.reviewedAt).toEqual(madeAt);
    expect(t.state.lastReview).toEqual(madeAt);
    expect(t.result.reviewedAt).toBe(madeAt.toISOString());
    const online = recorded(reviewTransition(input({ request: { id: 'r1', rating: 4 }, now: madeAt })));
    expect(t.state.due).toEqual(online.state.due);
    // Made the evening before (study day of 9 January in Shanghai): siblings wait until 04:00 on the 10th only.
    const lastNight = recorded(reviewTransition(input({ request: { id: 'r1', rating: 3, reviewedAt: new Date('2026-01-09T14:00:00Z') } })));
    expect(lastNight.effects.buryUntil).toEqual(new Date('2026-01-09T20:00:00Z'));
  });

  it('bounds the client time: never after now, never before the last review, never older than the cut-off', () => {
    const last = new Date(now.getTime() - 2 * hour);
    expect(reviewTime(null, now, new Date(now.getTime() + hour), maxReviewAgeMs)).toEqual(now);
    expect(reviewTime({ lastReview: last }, now, new Date(now.getTime() - 5 * hour), maxReviewAgeMs)).toEqual(last);
    expect(reviewTime(null, now, new Date('2020-01-01T00:00:00Z'), maxReviewAgeMs)).toEqual(new Date(now.getTime() - maxReviewAgeMs));
    expect(reviewTime(null, now, undefined, maxReviewAgeMs)).toEqual(now);
    // A server clock that went back: the review counts at the last review, so time never runs backwards.
    const future = new Date(now.getTime() + hour);
    expect(reviewTime({ lastReview: future }, now, undefined, maxReviewAgeMs)).toEqual(future);
    const t = recorded(reviewTransition(input({ state: stored({ lastReview: future }), request: { id: 'r1', rating: 3 } })));
    expect(t.log.reviewedAt).toEqual(future);
  });

  it('keeps in its log entry exactly the state undo puts back', () => {
    const before = stored({ seed: 99, familyVersion: 1, buriedUntil: new Date(now.getTime() + hour), leech: true, suspendedAt: new Date(now.getTime() - hour) });
    const t = recorded(reviewTransition(input({ state: before, request: { id: 'r1', rating: 2, durationMs: 4200 } })));
    const snapshot = stateSnapshotSchema.parse(JSON.parse(JSON.stringify(t.log.prevState)));
    expect(restoredState(snapshot)).toEqual(before);
    expect(t.log.durationMs).toBe(4200);
    expect(t.log.stateBefore).toBe('review');
    expect(snapshotOf(null)).toBeNull();
  });

  it('puts back a snapshot written before family versions were kept without touching that column', () => {
    const old = { ...snapshotOf(stored({ seed: 5 }))! };
    delete (old as { familyVersion?: unknown }).familyVersion;
    expect(restoredState(stateSnapshotSchema.parse(old))).not.toHaveProperty('familyVersion');
  });
});
