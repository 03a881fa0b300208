import fs from 'node:fs';
import path from 'node:path';
import { createEmptyCard, fsrs, State, type Card, type Grade } from 'ts-fsrs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CARD_STATES,
  stateCode,
  stateOfCode,
  DEFAULT_SCHEDULER_SETTINGS,
  DEFAULT_WEIGHTS,
  RATINGS,
  SchedulerError,
  applyReview,
  calendarDaysBetween,
  createMemoryModel,
  forgettingCurve,
  groupRevlogByCard,
  newCardMemory,
  nextStates,
  parseRevlogCsv,
  replay,
  replaySteps,
  resolveSchedulerSettings,
  retrievability,
  retrievabilityWith,
  startsNewHistory,
  type CardMemory,
  type SchedulerSettings,
} from './index';

const DAY_MS = 86_400_000;
const at = (iso: string) => new Date(iso);
// NOTE: the dev log lives beside the project (../shared), in CI too; FSRS_DEV_LOG overrides it.
const DEV_LOG = process.env.FSRS_DEV_LOG ?? path.resolve(import.meta.dirname, '../../../shared/data/revlog-dev.csv');

// FSRS-6 weights fitted by fsrs-rs on the dev log: realistic and far from the defaults.
const FITTED = [
  1.0518, 1.0799, 7.148, 14.2738, 6.8738, 0.6565, 3.3498, 0.0084, 1.5618, 0.0723, 0.5342, 1.7356, 0.0086, 0.3743,
  1.4136, 0, 2.5382, 0.541, 0.0891, 0.0658, 0.2429,
];

afterEach(() => {
  vi.restoreAllMocks();
});

describe('doc examples', () => {
  const now = at('2025-01-01T09:00:00Z');

  it('newCardMemory', () => {
    const memory = newCardMemory(now);
    expect(memory).toEqual({
      state: 'new', due: now, stability: 0, difficulty: 0, elapsedDays: 0, scheduledDays: 0,
      learningSteps: 0, reps: 0, lapses: 0, lastReview: null,
    });
  });

  it('nextStates on a new card', () => {
    const outcomes = nextStates(newCardMemory(now), now);
    expect(outcomes[1].memory.state).toBe('learning');
    expect(outcomes[1].intervalDays).toBeCloseTo(1 / 1440, 12);
    expect(outcomes[4].memory.state).toBe('review');
    expect(outcomes[4].intervalDays).toBe(9);
    expect(nextStates(newCardMemory(now), now, { enableFuzz: false })[4].intervalDays).toBe(8);
  });

  it('applyReview, retrievability, replay', () => {
    const after = applyReview(newCardMemory(now), 3, now);
    expect(after.state).toBe('learning');
    expect(after.stability).toBe(DEFAULT_WEIGHTS[2]);

    const t1 = at('2025-01-01T09:10:00Z');
    const m = applyReview(after, 3, t1);
    expect(retrievability(m, at('2025-01-01T20:00:00Z'))).toBe(1);
    expect(retrievability(m, at('2025-01-03T09:10:00Z'))).toBeCloseTo(0.909, 3);
    expect(retrievability(newCardMemory(now), now)).toBe(0);
    const custom = { desiredRetention: 0.85, weights: DEFAULT_WEIGHTS.map((w, i) => (i === 20 ? w * 1.5 : w)) };
    const recall = retrievabilityWith(custom);
    for (const day of [0, 1, 2, 5, 30]) {
      const when = new Date(t1.getTime() + day * 86_400_000);
      expect(recall(m, when)).toBe(retrievability(m, when, custom));
    }
    expect(recall(m, at('2025-01-03T09:10:00Z'))).not.toBe(retrievability(m, at('2025-01-03T09:10:00Z')));
    expect(() => retrievabilityWith({ desiredRetention: 1.5 })).toThrow(/desiredRetention/);
    expect(() => recall(m, now)).toThrow(/before the card's last review/);

    const replayed = replay([
      { reviewedAt: now, rating: 3 },
      { reviewedAt: t1, rating: 3 },
      { reviewedAt: at('2025-01-04T09:00:00Z'), rating: 1 },
    ]);
    expect(replayed.state).toBe('relearning');
    expect(replayed.lapses).toBe(1);
  });

  it('replaySteps gives the memory after every review, the same as applyReview one by one', () => {
    const history = [
      { reviewedAt: at('2025-01-04T09:00:00Z'), rating: 1 as const },
      { reviewedAt: now, rating: 3 as const },
      { reviewedAt: at('2025-01-01T09:10:00Z'), rating: 3 as const },
    ];
    const steps = replaySteps(history, { desiredRetention: 0.85 }, 'card-7');
    expect(steps.map((m) => m.state)).toEqual(['learning', 'review', 'relearning']);
    let memory = newCardMemory(now);
    [...history].sort((a, b) => a.reviewedAt.getTime() - b.reviewedAt.getTime()).forEach((review, index) => {
      memory = applyReview(memory, review.rating, review.reviewedAt, { desiredRetention: 0.85 }, 'card-7');
      expect(steps[index]).toEqual(memory);
    });
    expect(replay(history, { desiredRetention: 0.85 }, 'card-7')).toEqual(steps[2]);
    expect(() => replaySteps([])).toThrow(/at least one review/);
  });

  it('memory model, forgetting curve, calendar days', () => {
    const model = createMemoryModel();
    const m1 = model.initial(3);
    expect(m1.stability).toBe(2.3065);
    expect(model.next(m1, 3, 3).stability).toBeGreaterThan(m1.stability);
    expect(model.retrievability(3, m1.stability)).toBeCloseTo(0.88, 2);
    expect(forgettingCurve(DEFAULT_WEIGHTS, 10, 10)).toBe(0.9);
    expect(forgettingCurve(DEFAULT_WEIGHTS, 0, 10)).toBe(1);
    expect(calendarDaysBetween(at('2025-01-01T23:00:00Z'), at('2025-01-02T01:00:00Z'))).toBe(1);
    expect(calendarDaysBetween(at('2025-01-01T01:00:00Z'), at('2025-01-01T23:00:00Z'))).toBe(0);
    expect(startsNewHistory('review', 'new')).toBe(true);
    expect(startsNewHistory('learning', 'learning')).toBe(false);
    expect(startsNewHistory(undefined, 'new')).toBe(false);
  });
});

describe('card state numbers', () => {
  it('are those of ts-fsrs, fsrs-rs revlogs and Anki card types: 0 new, 1 learning, 2 review, 3 relearning', () => {
    expect(CARD_STATES.map(stateCode)).toEqual([State.New, State.Learning, State.Review, State.Relearning]);
    expect([0, 1, 2, 3].map(stateOfCode)).toEqual(['new', 'learning', 'review', 'relearning']);
    expect([stateCode('suspended'), stateCode(undefined), stateOfCode(4), stateOfCode(1.5), stateOfCode(-1)]).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
});

describe('nextStates', () => {
  const start = at('2025-03-01T08:00:00Z');
  const graduated = (): CardMemory => {
    let m = applyReview(newCardMemory(start), 3, start);
    m = applyReview(m, 3, new Date(start.getTime() + 10 * 60_000));
    return m;
  };

  it('gives every rating, each equal to applyReview with that rating', () => {
    const memory = graduated();
    const now = new Date(memory.due.getTime() + DAY_MS);
    const outcomes = nextStates(memory, now, {}, 'card-7');
    for (const rating of RATINGS) {
      expect(outcomes[rating].memory).toEqual(applyReview(memory, rating, now, {}, 'card-7'));
      expect(outcomes[rating].due).toEqual(outcomes[rating].memory.due);
      expect(outcomes[rating].intervalDays).toBeCloseTo((outcomes[rating].due.getTime() - now.getTime()) / DAY_MS, 12);
    }
  });

  it('orders a review card\'s intervals Again < Hard < Good < Easy and counts a lapse on Again', () => {
    const memory = graduated();
    const now = new Date(memory.due.getTime());
    const outcomes = nextStates(memory, now);
    const days = RATINGS.map((r) => outcomes[r].intervalDays);
    expect([...days].sort((a, b) => a - b)).toEqual(days);
    expect(new Set(days).size).toBe(4);
    expect(outcomes[1].memory).toMatchObject({ state: 'relearning', lapses: memory.lapses + 1 });
    expect(outcomes[3].memory).toMatchObject({ state: 'review', lapses: memory.lapses, reps: memory.reps + 1 });
  });

  it('fuzzes deterministically: same inputs, same answer; other card ids spread; never Math.random or the clock', () => {
    const random = vi.spyOn(Math, 'random');
    const clock = vi.spyOn(Date, 'now');
    let memory = graduated();
    for (let k = 0; k < 3; k++) memory = applyReview(memory, 3, new Date(memory.due.getTime()));
    const now = new Date(memory.due.getTime());
    const goodDays = (cardId?: string) => nextStates(memory, now, {}, cardId)[3].intervalDays;
    expect(goodDays('a')).toBe(goodDays('a'));
    expect(goodDays()).toBe(goodDays());
    const spread = new Set(Array.from({ length: 30 }, (_, i) => goodDays(`card-${i}`)));
    expect(spread.size).toBeGreaterThan(1);
    const unfuzzed = nextStates(memory, now, { enableFuzz: false })[3].intervalDays;
    for (const d of spread) expect(Math.abs(d - unfuzzed)).toBeLessThanOrEqual(Math.max(2, unfuzzed * 0.15));
    expect(random).not.toHaveBeenCalled();
    expect(clock).not.toHaveBeenCalled();
  });

  it('honours desired retention and the maximum interval', () => {
    const memory = graduated();
    const now = new Date(memory.due.getTime());
    const days = (settings: SchedulerSettings) => nextStates(memory, now, { enableFuzz: false, ...settings });
    expect(days({ desiredRetention: 0.8 })[4].intervalDays).toBeGreaterThan(days({ desiredRetention: 0.95 })[4].intervalDays);
    // ts-fsrs keeps Hard < Good < Easy a day apart even past the cap, so only Hard is capped exactly.
    const capped = days({ maximumIntervalDays: 3 });
    expect(capped[2].intervalDays).toBeLessThanOrEqual(3);
    expect(capped[4].intervalDays).toBeLessThanOrEqual(5);
  });

  it('accepts a CardState row as stored (Prisma columns plus extra fields)', () => {
    const memory = graduated();
    const row = { ...memory, userId: 'u1', cardId: 'c1', seed: 12, leech: false };
    expect(nextStates(row, new Date(memory.due.getTime()))[3].memory.state).toBe('review');
  });
});

describe('retrievability', () => {
  it('is 1 on the review day, 0.9 after S days, and falls with time', () => {
    const t0 = at('2025-02-01T10:00:00Z');
    let memory = applyReview(newCardMemory(t0), 4, t0, { weights: FITTED });
    expect(retrievability(memory, t0, { weights: FITTED })).toBe(1);
    const s = memory.stability;
    const afterS = new Date(t0.getTime() + s * DAY_MS);
    expect(Number.isInteger(s)).toBe(false);
    const values = [1, 5, 20, 100].map((d) => retrievability(memory, new Date(t0.getTime() + d * DAY_MS), { weights: FITTED }));
    expect([...values].sort((a, b) => b - a)).toEqual(values);
    expect(retrievability(memory, afterS, { weights: FITTED })).toBeCloseTo(
      forgettingCurve(FITTED, Math.floor(s), s),
      10,
    );
    memory = { ...memory, stability: 10 };
    expect(retrievability(memory, new Date(t0.getTime() + 10 * DAY_MS), { weights: FITTED })).toBe(0.9);
  });
});

describe('validation (bugs throw SchedulerError with a reason)', () => {
  const now = at('2025-01-01T00:00:00Z');
  const memory = newCardMemory(now);
  const cases: [string, () => unknown, string][] = [
    ['retention 0', () => resolveSchedulerSettings({ desiredRetention: 0 }), 'desired-retention'],
    ['retention 1', () => resolveSchedulerSettings({ desiredRetention: 1 }), 'desired-retention'],
    ['retention NaN', () => resolveSchedulerSettings({ desiredRetention: Number.NaN }), 'desired-retention'],
    ['19 weights', () => nextStates(memory, now, { weights: DEFAULT_WEIGHTS.slice(0, 19) }), 'weights'],
    ['NaN weight', () => nextStates(memory, now, { weights: [...DEFAULT_WEIGHTS.slice(0, 20), Number.NaN] }), 'weights'],
    ['bad step', () => nextStates(memory, now, { learningSteps: ['5x' as '5m'] }), 'steps'],
    ['max interval 0', () => resolveSchedulerSettings({ maximumIntervalDays: 0 }), 'maximum-interval'],
    ['rating 5', () => applyReview(memory, 5 as 1, now), 'rating'],
    ['invalid date', () => newCardMemory(new Date('nope')), 'date'],
    [
      'now before the last review',
      () => nextStates(applyReview(memory, 3, at('2025-01-02T00:00:00Z')), now),
      'date',
    ],
    ['unknown state', () => nextStates({ ...memory, state: 'toString' as 'new' }, now), 'memory'],
    ['review card without stability', () => nextStates({ ...memory, state: 'review', lastReview: now }, now), 'memory'],
    ['empty replay', () => replay([]), 'reviews'],
  ];
  it.each(cases)('%s', (_name, run, reason) => {
    let caught: unknown;
    try {
      run();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SchedulerError);
    expect((caught as SchedulerError).reason).toBe(reason);
    expect((caught as SchedulerError).code).toBe('invalid-params');
  });

  it('defaults are what the docs say', () => {
    expect(resolveSchedulerSettings()).toEqual(DEFAULT_SCHEDULER_SETTINGS);
    expect(DEFAULT_SCHEDULER_SETTINGS).toMatchObject({ desiredRetention: 0.9, learningSteps: ['1m', '10m'], relearningSteps: ['10m'], enableFuzz: true });
  });
});

describe('replay', () => {
  it('sorts by time and starts afresh at a reset', () => {
    const r = (iso: string, rating: 1 | 2 | 3 | 4, state?: 'new' | 'learning' | 'review' | 'relearning') => ({
      reviewedAt: at(iso),
      rating,
      state,
    });
    const history = [r('2025-01-05T09:00:00Z', 3, 'review'), r('2025-01-01T09:00:00Z', 3, 'new')];
    expect(replay(history)).toEqual(replay([...history].reverse()));
    const reset = replay([...history, r('2025-02-01T09:00:00Z', 4, 'new')]);
    expect(reset).toEqual(applyReview(newCardMemory(at('2025-02-01T09:00:00Z')), 4, at('2025-02-01T09:00:00Z')));
  });
});

describe('a real review log through the adapter', () => {
  // A few hundred reviews of the dev log (day-granular), replayed review by review through our
  // adapter and through ts-fsrs called directly with the same settings.
  const parsed = parseRevlogCsv(fs.readFileSync(DEV_LOG, 'utf8'));
  if (parsed.kind !== 'parsed') throw new Error(`cannot read ${DEV_LOG}`);
  const cards = groupRevlogByCard(parsed.rows).slice(0, 45);
  const reviewCount = cards.reduce((n, c) => n + c.reviews.length, 0);

  it('uses a few hundred reviews', () => {
    expect(reviewCount).toBeGreaterThan(300);
    expect(reviewCount).toBeLessThan(600);
  });

  it.each([
    ['default settings', {}],
    ['fitted weights, r = 0.85, no short-term', { weights: FITTED, desiredRetention: 0.85, enableShortTerm: false }],
    ['fitted weights, fuzz off, custom steps', { weights: FITTED, enableFuzz: false, learningSteps: ['5m'], relearningSteps: ['1h'] }],
  ] as [string, SchedulerSettings][])('matches ts-fsrs step by step: %s', (_name, settings) => {
    const s = resolveSchedulerSettings(settings);
    const reference = fsrs({
      w: [...s.weights],
      request_retention: s.desiredRetention,
      maximum_interval: s.maximumIntervalDays,
      enable_fuzz: s.enableFuzz,
      enable_short_term: s.enableShortTerm,
      learning_steps: [...s.learningSteps],
      relearning_steps: [...s.relearningSteps],
    });
    let steps = 0;
    for (const card of cards) {
      const first = card.reviews[0];
      if (!first) continue;
      let ours = newCardMemory(first.reviewedAt);
      let theirs: Card = createEmptyCard(first.reviewedAt);
      for (const review of card.reviews) {
        const rBefore = retrievability(ours, review.reviewedAt, settings);
        const rTheirs = theirs.last_review ? reference.get_retrievability(theirs, review.reviewedAt, false) : 0;
        expect(rBefore).toBeCloseTo(rTheirs, 8);
        const outcomes = nextStates(ours, review.reviewedAt, settings);
        ours = applyReview(ours, review.rating, review.reviewedAt, settings);
        theirs = reference.next(theirs, review.reviewedAt, review.rating as Grade).card;
        expect(outcomes[review.rating].memory).toEqual(ours);
        expect({ due: ours.due, stability: ours.stability, difficulty: ours.difficulty, reps: ours.reps, lapses: ours.lapses })
          .toEqual({ due: theirs.due, stability: theirs.stability, difficulty: theirs.difficulty, reps: theirs.reps, lapses: theirs.lapses });
        expect(ours.scheduledDays).toBe(theirs.scheduled_days);
        steps++;
      }
      expect(replay(card.reviews, settings)).toEqual(ours);
    }
    expect(steps).toBe(reviewCount);
  });

  it('the memory model gives the scheduler\'s S and D', () => {
    const model = createMemoryModel(FITTED);
    for (const card of cards.slice(0, 10)) {
      let memory = model.initial(card.reviews[0]?.rating ?? 3);
      for (let k = 1; k < card.reviews.length; k++) {
        const prev = card.reviews[k - 1];
        const cur = card.reviews[k];
        if (!prev || !cur) continue;
        memory = model.next(memory, calendarDaysBetween(prev.reviewedAt, cur.reviewedAt), cur.rating);
      }
      const scheduled = replay(card.reviews, { weights: FITTED });
      expect(memory.stability).toBeCloseTo(scheduled.stability, 8);
      expect(memory.difficulty).toBeCloseTo(scheduled.difficulty, 8);
    }
  });
});
