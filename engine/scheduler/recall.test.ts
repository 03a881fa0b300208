import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WEIGHTS,
  RECALL_FEATURES,
  SchedulerError,
  checkRecallModel,
  createMemoryModel,
  forgettingCurve,
  parseRevlogCsv,
  plainRecallModel,
  predictRecall,
  predictRevlog,
  recallCases,
  type RecallModel,
  type ReviewEvent,
} from './index';

const day = (d: number, minutes = 0) => new Date(Date.UTC(2025, 0, 1 + d, 9, minutes));
const HEADER = 'card_id,review_time,review_rating,review_state,review_duration';

describe('recallCases', () => {
  it('doc example: one case per review after the first', () => {
    const cases = recallCases(
      [
        { reviewedAt: day(0), rating: 3 },
        { reviewedAt: day(3), rating: 3 },
        { reviewedAt: day(12), rating: 1 },
      ],
      createMemoryModel(),
    );
    expect(cases).toHaveLength(2);
    expect(cases[0]).toMatchObject({ index: 1, elapsedDays: 3, reviewIndex: 2, lapses: 0, y: 1 });
    expect(cases[1]).toMatchObject({ index: 2, elapsedDays: 9, reviewIndex: 3, y: 0 });
    expect(cases[0]?.fsrsRecall).toBe(forgettingCurve(DEFAULT_WEIGHTS, 3, 2.3065));
    expect(cases[0]?.features).toHaveLength(RECALL_FEATURES.length);
  });

  it('same-day reviews get R at the fraction of a day, never 1', () => {
    const cases = recallCases([{ reviewedAt: day(0), rating: 1 }, { reviewedAt: day(0, 10), rating: 3 }], createMemoryModel());
    expect(cases[0]?.elapsedDays).toBe(0);
    expect(cases[0]?.fsrsRecall).toBeLessThan(1);
    expect(cases[0]?.p).toBeLessThan(1);
    const identical = recallCases([{ reviewedAt: day(0), rating: 3 }, { reviewedAt: day(0), rating: 3 }], createMemoryModel());
    expect(identical[0]?.p).toBe(1 - 1e-4);
  });

  it('sorts by time, reports input indices, counts lapses after long gaps, and restarts at a reset', () => {
    const reviews: ReviewEvent[] = [
      { reviewedAt: day(10), rating: 1, state: 'review' },
      { reviewedAt: day(0), rating: 3, state: 'new' },
      { reviewedAt: day(4), rating: 3, state: 'review' },
      { reviewedAt: day(30), rating: 3, state: 'new' }, // reset: predicted, then memory starts afresh
      { reviewedAt: day(33), rating: 3, state: 'learning' },
    ];
    const cases = recallCases(reviews, createMemoryModel());
    expect(cases.map((c) => c.index)).toEqual([2, 0, 3, 4]);
    expect(cases.map((c) => c.lapses)).toEqual([0, 0, 1, 0]);
    expect(cases[3]).toMatchObject({ reviewIndex: 2, elapsedDays: 3 });
    expect(cases[3]?.fsrsRecall).toBe(forgettingCurve(DEFAULT_WEIGHTS, 3, 2.3065));
  });
});

describe('predictRevlog', () => {
  const text = [
    HEADER,
    'b,1600000000000,3,0,0',
    'a,1600172800000,3,2,0', // a's second review, listed before its first
    'a,1600000000000,4,0,0',
    'c,1600000000000,3,0,0', // only one review: no prediction
    'b,1600432000000,1,2,0',
  ].join('\n');
  const parsed = parseRevlogCsv(text);
  if (parsed.kind !== 'parsed') throw new Error('fixture');

  it('predicts every row with an earlier row of its card, in file order', () => {
    const predictions = predictRevlog(parsed.rows, plainRecallModel());
    expect(predictions.map((p) => [p.row.cardId, p.row.line])).toEqual([
      ['a', 3],
      ['b', 6],
    ]);
    expect(predictions[0]?.pRecall).toBe(forgettingCurve(DEFAULT_WEIGHTS, 2, DEFAULT_WEIGHTS[3] ?? 0));
    for (const p of predictions) {
      expect(p.pRecall).toBeGreaterThan(0);
      expect(p.pRecall).toBeLessThan(1);
    }
  });

  it('applies a correction on the logit scale', () => {
    const nudge: RecallModel = {
      ...plainRecallModel(),
      correction: { featureCount: RECALL_FEATURES.length, trees: [{ feature: [-1], threshold: [0], left: [0], right: [0], value: [-1] }] },
    };
    const plain = predictRevlog(parsed.rows, plainRecallModel());
    const nudged = predictRevlog(parsed.rows, checkRecallModel(JSON.parse(JSON.stringify(nudge))));
    nudged.forEach((p, i) => {
      const r = plain[i]?.pRecall ?? 0;
      expect(p.pRecall).toBeCloseTo(1 / (1 + Math.exp(-(Math.log(r / (1 - r)) - 1))), 6);
      expect(predictRecall(nudge, p.case)).toBe(p.pRecall);
    });
  });

  it('refuses malformed models', () => {
    expect(() => checkRecallModel({ ...plainRecallModel(), weights: [1, 2] })).toThrow(SchedulerError);
    expect(() => checkRecallModel({ ...plainRecallModel(), version: 2 })).toThrow(SchedulerError);
    expect(() =>
      checkRecallModel({ ...plainRecallModel(), correction: { featureCount: 3, trees: [] } }),
    ).toThrow(/features/);
  });
});
