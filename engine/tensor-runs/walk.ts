/**
 * Monte Carlo of `walks` random walks of n steps, +1 with probability p: a walks×n tensor of
 * uniforms u, steps up where u < p, up-steps summed per walk and histogrammed (one-hot, summed).
 * Only comparisons and integer sums: the counts are the same on every backend, so they are
 * compared exactly (the mean and variance follow from them).
 */
import type { Seed } from '../rng';
import type { TensorFlow } from '../tensor';
import { dataRng, uniformData } from './data';
import { defineTensorProgram, figureComparison, figureReader } from './protocol';

type Tensor1D = import('@tensorflow/tfjs').Tensor1D;

export type WalkSetup = { readonly n: number; readonly walks: number; readonly p: number };

export interface WalkFigures {
  readonly kind: 'walk';
  readonly n: number;
  readonly walks: number;
  /** counts[j] = number of walks with j up-steps, i.e. ending at S_n = 2j − n. */
  readonly counts: readonly number[];
  /** Sample mean and variance (population form) of S_n, from the counts. */
  readonly mean: number;
  readonly variance: number;
}

/**
 * The walks, histogrammed.
 *
 * @example
 * runWalks(tf, { n: 10, walks: 10000, p: 0.5 }, 7).counts  // 11 counts summing to 10000, ≈ 10000·C(10,j)/2¹⁰
 */
export function runWalks(tf: TensorFlow, setup: WalkSetup, seed: Seed): WalkFigures {
  const { n, walks, p } = setup;
  const uniforms = uniformData(dataRng(seed, 'walk'), walks * n);
  let counts: number[] = [];
  tf.tidy(() => {
    const u = tf.tensor2d(uniforms, [walks, n]);
    const ups = tf.sum(tf.cast(tf.less(u, tf.scalar(p, 'float32')), 'int32'), 1) as Tensor1D;
    counts = Array.from(tf.sum(tf.oneHot(ups, n + 1), 0).dataSync());
  });
  return { kind: 'walk', n, walks, counts, ...walkMoments(n, counts) };
}

/**
 * Mean and variance (population form) of S_n = 2j − n over histogram counts of j.
 *
 * @example
 * walkMoments(2, [1, 2, 1])  // { mean: 0, variance: 2 }
 */
export function walkMoments(n: number, counts: readonly number[]): { mean: number; variance: number } {
  let total = 0;
  let sum = 0;
  for (const [j, c] of counts.entries()) {
    total += c;
    sum += c * (2 * j - n);
  }
  const mean = total > 0 ? sum / total : 0;
  let squares = 0;
  for (const [j, c] of counts.entries()) squares += c * (2 * j - n - mean) ** 2;
  return { mean, variance: total > 0 ? squares / total : 0 };
}

/**
 * The law of S_n for a walk from 0 with up-probability p: law[j] = C(n,j)pʲ(1−p)ⁿ⁻ʲ = P(S_n = 2j − n),
 * in doubles (for plots; the families compute exact values).
 *
 * @example
 * binomialLaw(2, 0.5)  // [0.25, 0.5, 0.25]
 */
export function binomialLaw(n: number, p: number): number[] {
  const law: number[] = [];
  let logC = 0;
  for (let j = 0; j <= n; j++) {
    if (j > 0) logC += Math.log((n - j + 1) / j);
    const up = j === 0 ? 0 : p === 0 ? -Infinity : j * Math.log(p);
    const down = j === n ? 0 : p === 1 ? -Infinity : (n - j) * Math.log(1 - p);
    law.push(Math.exp(logC + up + down));
  }
  return law;
}

/** The program. Cost: 2·walks·(n + 1). */
export const walkProgram = defineTensorProgram<WalkSetup, WalkFigures>({
  kind: 'walk',
  run: (tf, setup, seed) => runWalks(tf, setup, seed),
  cost: ({ walks, n }) => walks * (n + 1) * 2,
  parseFigures(raw) {
    const r = figureReader(raw, 'walk', ['n', 'walks', 'counts', 'mean', 'variance']);
    return {
      kind: 'walk',
      n: r.count('n'),
      walks: r.count('walks'),
      counts: r.list('counts', 201, r.countValue),
      mean: r.finite('mean'),
      variance: r.finite('variance', 0),
    };
  },
  compare(server, reported) {
    const c = figureComparison();
    c.exact('n', reported.n, server.n);
    c.exact('walks', reported.walks, server.walks);
    c.list('counts', reported.counts, server.counts, c.exact);
    // NOTE: both are derived from the counts by walkMoments; only the last bits may differ.
    c.within('mean', reported.mean, server.mean, 1e-9 * Math.max(1, Math.abs(server.mean)), 'from the counts');
    c.within('variance', reported.variance, server.variance, 1e-9 * Math.max(1, server.variance), 'from the counts');
    return c.mismatches;
  },
});
