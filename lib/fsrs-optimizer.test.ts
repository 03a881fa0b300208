import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WEIGHTS,
  checkRecallModel,
  parseRevlogCsv,
  plainRecallModel,
  predictRevlog,
  revlogReviewsByCard,
  scorePredictions,
  type ReviewEvent,
  type RevlogRow,
} from '../engine/scheduler';
import {
  compareParameters,
  evaluateParameters,
  fitRecallModel,
  logLoss,
  optimizeParameters,
  toFsrsItems,
  trainingHistories,
} from './fsrs-optimizer';

const DEV_LOG = process.env.FSRS_DEV_LOG ?? path.resolve(import.meta.dirname, '../../shared/data/revlog-dev.csv');
const parsed = parseRevlogCsv(fs.readFileSync(DEV_LOG, 'utf8'));
if (parsed.kind !== 'parsed') throw new Error(`cannot read ${DEV_LOG}`);
const cardIds = [...new Set(parsed.rows.map((r) => r.cardId))];
// A slice of the dev log: 900 cards to fit on, the next 300 to check on (about 9k + 3k reviews).
const rowsOf = (ids: readonly string[]): RevlogRow[] => {
  const wanted = new Set(ids);
  return parsed.rows.filter((r) => wanted.has(r.cardId));
};
const trainRows = rowsOf(cardIds.slice(0, 900));
const heldOutRows = rowsOf(cardIds.slice(900, 1200));
const train = revlogReviewsByCard(trainRows);
const heldOut = revlogReviewsByCard(heldOutRows);

const r = (day: number, rating: 1 | 2 | 3 | 4, state?: ReviewEvent['state']): ReviewEvent => ({
  reviewedAt: new Date(Date.UTC(2025, 0, 1 + day, 9)),
  rating,
  state,
});

describe('training items', () => {
  it('split at resets and drop histories whose start was not logged', () => {
    const histories = trainingHistories([
      r(5, 3, 'review'), // truncated start …
      r(9, 1, 'review'),
      r(20, 3, 'new'), // … then a reset: only this history is kept
      r(20, 3, 'learning'),
      r(23, 3, 'review'),
    ]);
    expect(histories.map((h) => h.map((x) => x.rating))).toEqual([[3, 3, 3]]);
    expect(trainingHistories([r(2, 3), r(0, 4)]).map((h) => h.map((x) => x.rating))).toEqual([[4, 3]]);
  });

  it('one item per later review once a long-term gap exists, as the binding converts a CSV', () => {
    const items = toFsrsItems(new Map([['x', [r(0, 3, 'new'), r(0, 3, 'learning'), r(2, 3, 'review'), r(2, 1, 'review'), r(9, 3, 'relearning')]]]));
    expect(items.map((item) => item.reviews.map((v) => [v.rating, v.deltaT]))).toEqual([
      [[3, 0], [3, 0], [3, 2]],
      [[3, 0], [3, 0], [3, 2], [1, 0]],
      [[3, 0], [3, 0], [3, 2], [1, 0], [3, 7]],
    ]);
    const reviews = trainRows.length;
    expect(toFsrsItems(train).length).toBe(reviews - train.size);
  });
});

describe('optimizeParameters and evaluation', () => {
  it('fits 21 weights that beat the defaults on the history they were fitted to', async () => {
    const fitted = await optimizeParameters(train, { enableShortTerm: true });
    expect(fitted).toHaveLength(21);
    expect(fitted.every(Number.isFinite)).toBe(true);
    expect(fitted).not.toEqual([...DEFAULT_WEIGHTS]);
    expect(logLoss(fitted, train)).toBeLessThan(logLoss(DEFAULT_WEIGHTS, train));
    const { before, after } = compareParameters(DEFAULT_WEIGHTS, fitted, heldOut);
    expect(before.count).toBe(after.count);
    expect(after.logLoss).toBeLessThan(before.logLoss);
    expect(evaluateParameters(fitted, heldOut)).toEqual(after);
    expect(after.rmseBins).toBeGreaterThan(0);
    expect(after.auc).toBeGreaterThan(0.5);
  });

  it('falls back to the defaults for an empty or one-review history', async () => {
    expect(await optimizeParameters(new Map())).toEqual([...DEFAULT_WEIGHTS]);
    expect(await optimizeParameters(new Map([['x', [r(0, 3)]]]))).toEqual([...DEFAULT_WEIGHTS]);
  });
});

describe('fitRecallModel', () => {
  it('fits a valid model that predicts held-out cards no worse than plain FSRS with the same weights', async () => {
    const { model, report } = await fitRecallModel(train);
    expect(checkRecallModel(JSON.parse(JSON.stringify(model)))).toEqual(model);
    expect(report.cards).toBe(900);
    expect(report.outOfFoldCases).toBe(trainRows.length - 900);
    const score = (m: typeof model) => scorePredictions(predictRevlog(heldOutRows, m).map((x) => ({ ...x.case, p: x.pRecall })));
    const corrected = score(model);
    const plain = score(plainRecallModel(model.weights));
    expect(corrected.count).toBe(heldOutRows.length - 300);
    expect(corrected.logLoss).toBeLessThan(plain.logLoss + 0.002);
  });

  it('gives plain FSRS when there is too little to learn a correction from', async () => {
    const few = new Map([...train].slice(0, 30));
    const { model, report } = await fitRecallModel(few);
    expect(model.correction).toBeNull();
    expect(report.trees).toBe(0);
  });
});
