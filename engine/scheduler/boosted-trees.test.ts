import { describe, expect, it } from 'vitest';
import { SchedulerError, boostedMargin, checkBoostedTrees, fitBoostedTrees, logLoss, type BoostingData } from './index';

/** A stream of numbers in [0, 1) from a fixed linear congruential generator (tests only). */
function numbers(seed: number) {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

function synthetic(n: number, seed: number): BoostingData {
  const next = numbers(seed);
  const features: number[][] = [];
  const labels: (0 | 1)[] = [];
  for (let i = 0; i < n; i++) {
    const x = [next(), next(), next()];
    // Recall depends on x0 (a step) and x1 (a slope); x2 is noise. The base margin knows nothing.
    const z = ((x[0] ?? 0) > 0.5 ? 1.5 : -0.5) + 2 * ((x[1] ?? 0) - 0.5);
    labels.push(next() < 1 / (1 + Math.exp(-z)) ? 1 : 0);
    features.push(x);
  }
  return { features, labels, baseMargins: features.map(() => 0) };
}

const probability = (data: BoostingData, margin: (x: readonly number[]) => number) =>
  data.features.map((x, i) => ({ p: 1 / (1 + Math.exp(-((data.baseMargins[i] ?? 0) + margin(x)))), y: data.labels[i] ?? 0 }));

describe('fitBoostedTrees', () => {
  it('doc example: learns a monotone signal', () => {
    const fit = fitBoostedTrees({ features: [[0], [1], [2], [3]], labels: [0, 0, 1, 1], baseMargins: [0, 0, 0, 0] }, { minLeafSize: 1, maxRounds: 20 });
    expect(boostedMargin(fit.model, [3])).toBeGreaterThan(boostedMargin(fit.model, [0]));
  });

  it('beats the base margin on held-out data, stops early, and is deterministic', () => {
    const train = synthetic(4000, 1);
    const validation = synthetic(2000, 2);
    const fit = fitBoostedTrees(train, {}, validation);
    expect(fit.rounds).toBeGreaterThan(0);
    expect(fit.rounds).toBeLessThan(300);
    expect(fit.validationLogLoss?.boosted).toBeLessThan(fit.validationLogLoss?.base ?? 0);
    const test = synthetic(2000, 3);
    expect(logLoss(probability(test, (x) => boostedMargin(fit.model, x)))).toBeLessThan(logLoss(probability(test, () => 0)) - 0.03);
    expect(fitBoostedTrees(train, {}, validation)).toEqual(fit);
  });

  it('does not invent a signal in noise', () => {
    // Labels shuffled away from their features; the base margin already knows the overall rate.
    const shuffle = (data: BoostingData): BoostingData => {
      const labels = data.labels.map((_, i) => data.labels[(i * 7919) % data.labels.length] ?? 0);
      const rate = labels.reduce<number>((n, y) => n + y, 0) / labels.length;
      return { ...data, labels, baseMargins: labels.map(() => Math.log(rate / (1 - rate))) };
    };
    const fit = fitBoostedTrees(shuffle(synthetic(3000, 4)), { patience: 10 }, shuffle(synthetic(1500, 5)));
    const test = shuffle(synthetic(3000, 7));
    const gain = logLoss(probability(test, () => 0)) - logLoss(probability(test, (x) => boostedMargin(fit.model, x)));
    expect(Math.abs(gain)).toBeLessThan(0.01);
  });

  it('models survive JSON and malformed ones are refused', () => {
    const fit = fitBoostedTrees(synthetic(1000, 6), { maxRounds: 5 });
    expect(checkBoostedTrees(JSON.parse(JSON.stringify(fit.model)))).toEqual(fit.model);
    const bad = { featureCount: 3, trees: [{ feature: [0], threshold: [0.5], left: [0], right: [0], value: [0] }] };
    expect(() => checkBoostedTrees(bad)).toThrow(SchedulerError);
    expect(() => fitBoostedTrees({ features: [[1, 2]], labels: [1], baseMargins: [] })).toThrow(SchedulerError);
  });
});
