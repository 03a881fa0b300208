/**
 * √d scaling: `samples` pairs q, k ∈ ℝ^d with entries N(0, varQ) and N(0, varK). Then
 * Var(q·k) = d·varQ·varK and Var(q·k/√d) = varQ·varK; the softmax of a query's logits over
 * `SATURATION.keys` keys is nearly one-hot without the scaling once d is large.
 *
 * Tolerances: sizes exactly; variances within relative 1e-3; mean max softmax weights within 1e-4
 * absolute; saturated fractions within 2/queries (a row at the 0.99 threshold may round either way).
 */
import type { Seed } from '../rng';
import type { TensorFlow } from '../tensor';
import { dataRng, normalData } from './data';
import { defineTensorProgram, figureComparison, figureReader } from './protocol';

type Tensor = import('@tensorflow/tfjs').Tensor;

export type QkVarianceSetup = { readonly d: number; readonly samples: number; readonly varQ: number; readonly varK: number };

export interface QkVarianceFigures {
  readonly kind: 'qk-variance';
  readonly d: number;
  readonly samples: number;
  /** Sample variance (population form) of q·k and of q·k/√d over the sampled pairs. */
  readonly varRaw: number;
  readonly varScaled: number;
  /** Queries × keys of the softmax experiment. */
  readonly queries: number;
  readonly keys: number;
  /** Mean over queries of the largest softmax weight, without and with the 1/√d scaling. */
  readonly maxWeightRaw: number;
  readonly maxWeightScaled: number;
  /** Share of queries whose largest weight exceeds 0.99 (a saturated, nearly one-hot softmax). */
  readonly saturatedRaw: number;
  readonly saturatedScaled: number;
}

/** Queries and keys of the softmax-saturation experiment. */
export const SATURATION = { queries: 256, keys: 16, threshold: 0.99 } as const;

const first = (values: ArrayLike<number>): number => values[0] as number;

/**
 * Samples the pairs, measures both variances and the softmax saturation.
 *
 * @example
 * runQkVariance(tf, { d: 64, samples: 4096, varQ: 1, varK: 1 }, 7).varRaw  // ≈ 64
 */
export function runQkVariance(tf: TensorFlow, setup: QkVarianceSetup, seed: Seed): QkVarianceFigures {
  const { d, samples, varQ, varK } = setup;
  const rng = dataRng(seed, 'qk-variance');
  const qData = normalData(rng.fork('q'), samples * d, Math.sqrt(varQ));
  const kData = normalData(rng.fork('k'), samples * d, Math.sqrt(varK));
  const queries = Math.min(samples, SATURATION.queries);
  const keys = Math.min(samples, SATURATION.keys);
  let figures: QkVarianceFigures | undefined;
  tf.tidy(() => {
    const q = tf.tensor2d(qData, [samples, d]);
    const k = tf.tensor2d(kData, [samples, d]);
    const scale = 1 / Math.sqrt(d);
    const dots = tf.sum(tf.mul(q, k), 1);
    const raw = tf.moments(dots);
    const scaled = tf.moments(tf.mul(dots, scale));
    const logits = tf.matMul(q.slice([0, 0], [queries, d]), k.slice([0, 0], [keys, d]), false, true);
    const maxRaw = tf.max(tf.softmax(logits), 1);
    const maxScaled = tf.max(tf.softmax(tf.mul(logits, scale)), 1);
    const saturated = (w: Tensor) => first(tf.mean(tf.cast(tf.greater(w, SATURATION.threshold), 'float32')).dataSync());
    figures = {
      kind: 'qk-variance',
      d,
      samples,
      varRaw: first(raw.variance.dataSync()),
      varScaled: first(scaled.variance.dataSync()),
      queries,
      keys,
      maxWeightRaw: first(tf.mean(maxRaw).dataSync()),
      maxWeightScaled: first(tf.mean(maxScaled).dataSync()),
      saturatedRaw: saturated(maxRaw),
      saturatedScaled: saturated(maxScaled),
    };
  });
  return figures as QkVarianceFigures;
}

/** The program. Cost: 2·samples·d + queries·keys·d multiply–adds. */
export const qkVarianceProgram = defineTensorProgram<QkVarianceSetup, QkVarianceFigures>({
  kind: 'qk-variance',
  run: (tf, setup, seed) => runQkVariance(tf, setup, seed),
  cost: ({ samples, d }) => 2 * samples * d + Math.min(samples, SATURATION.queries) * SATURATION.keys * d,
  parseFigures(raw) {
    const keys = ['d', 'samples', 'queries', 'keys', 'varRaw', 'varScaled', 'maxWeightRaw', 'maxWeightScaled', 'saturatedRaw', 'saturatedScaled'];
    const r = figureReader(raw, 'qk-variance', keys);
    return {
      kind: 'qk-variance',
      d: r.count('d'),
      samples: r.count('samples'),
      queries: r.count('queries'),
      keys: r.count('keys'),
      varRaw: r.finite('varRaw', 0),
      varScaled: r.finite('varScaled', 0),
      maxWeightRaw: r.finite('maxWeightRaw', 0, 1),
      maxWeightScaled: r.finite('maxWeightScaled', 0, 1),
      saturatedRaw: r.finite('saturatedRaw', 0, 1),
      saturatedScaled: r.finite('saturatedScaled', 0, 1),
    };
  },
  compare(server, reported) {
    const c = figureComparison();
    for (const key of ['d', 'samples', 'queries', 'keys'] as const) c.exact(key, reported[key], server[key]);
    c.relative('varRaw', reported.varRaw, server.varRaw, 1e-3);
    c.relative('varScaled', reported.varScaled, server.varScaled, 1e-3);
    c.within('maxWeightRaw', reported.maxWeightRaw, server.maxWeightRaw, 1e-4, 'within 1e-4');
    c.within('maxWeightScaled', reported.maxWeightScaled, server.maxWeightScaled, 1e-4, 'within 1e-4');
    const rows = 2 / server.queries + 1e-9;
    c.within('saturatedRaw', reported.saturatedRaw, server.saturatedRaw, rows, 'within 2 queries');
    c.within('saturatedScaled', reported.saturatedScaled, server.saturatedScaled, rows, 'within 2 queries');
    return c.mismatches;
  },
});
