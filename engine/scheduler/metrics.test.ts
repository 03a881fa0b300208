import { describe, expect, it } from 'vitest';
import { auc, logLoss, rmseBins, scorePredictions } from './index';

const at = (p: number, y: 0 | 1, elapsedDays = 3, reviewIndex = 2, lapses = 0) => ({ p, y, elapsedDays, reviewIndex, lapses });

describe('metrics', () => {
  it('doc examples', () => {
    expect(logLoss([at(0.9, 1), at(0.9, 0)])).toBeCloseTo((-Math.log(0.9) - Math.log(0.1)) / 2, 12);
    expect(rmseBins([at(0.9, 1), at(0.9, 0)])).toBeCloseTo(0.4, 12);
    expect(auc([at(0.8, 1), at(0.6, 0), at(0.7, 1)])).toBe(1);
  });

  it('log loss clips 0 and 1 instead of returning Infinity', () => {
    expect(Number.isFinite(logLoss([at(1, 0), at(0, 1)]))).toBe(true);
  });

  it('RMSE(bins) bins by interval, review number and lapses like srs-benchmark', () => {
    // Δt 5 and 8 share a bin (3.62 ≤ Δt < 3.62²), Δt 3 is in the one below; lapses 1 and 2 differ.
    const sameBin = rmseBins([at(0.8, 1, 5), at(0.8, 0, 8)]);
    expect(sameBin).toBeCloseTo(0.3, 12);
    const split = rmseBins([at(0.8, 1, 3), at(0.8, 0, 8)]);
    expect(split).toBeCloseTo(Math.sqrt((0.2 ** 2 + 0.8 ** 2) / 2), 12);
    expect(rmseBins([at(0.8, 1, 3, 2, 1), at(0.8, 0, 3, 2, 2)])).toBeCloseTo(split, 12);
    // review numbers 2 and 3 share a bin (1.99·1.89 ≤ i < 1.99·1.89²), 4 does not.
    expect(rmseBins([at(0.8, 1, 5, 2), at(0.8, 0, 5, 3)])).toBeCloseTo(sameBin, 12);
    expect(rmseBins([at(0.8, 1, 3, 2), at(0.8, 0, 3, 4)])).toBeCloseTo(split, 12);
  });

  it('AUC handles ties (½) and is NaN with one class', () => {
    expect(auc([at(0.5, 1), at(0.5, 0)])).toBe(0.5);
    expect(auc([at(0.2, 1), at(0.9, 0), at(0.5, 1), at(0.4, 0)])).toBe(0.25);
    expect(Number.isNaN(auc([at(0.5, 1)]))).toBe(true);
    expect(scorePredictions([])).toMatchObject({ count: 0 });
  });
});
