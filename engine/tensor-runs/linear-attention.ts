/**
 * Linear attention both ways on seeded Q, K ∈ ℝ^{n×d}, V ∈ ℝ^{n×d_v} (entries N(0,1)):
 * (QKᵀ)V costs 2n²d + 2n²d_v FLOPs, Q(KᵀV) costs 4n·d·d_v; without softmax they are the same matrix.
 *
 * Tolerances (reported against the server's run): sizes and FLOP counts exactly; max|out| and
 * mean|out| within relative 1e-4; the four corner entries within 1e-4·max|out|; the max abs
 * difference of the two orders within 1e-5·max|out| (float32 rounding of a length-n·d sum is ~1e-7
 * relative; a real disagreement is of order max|out|). Timings are the browser's own and are never
 * recomputed: only their ladder of n is checked.
 */
import type { Seed } from '../rng';
import { countFlops, tfOps, type TensorFlow } from '../tensor';
import { InvalidParamsError } from '../errors';
import { dataRng, normalData } from './data';
import { defineTensorProgram, figureComparison, figureReader, type Clock } from './protocol';

export type LinearAttentionSetup = { readonly n: number; readonly d: number; readonly dv: number };

export interface LadderTiming {
  readonly n: number;
  readonly quadraticMs: number;
  readonly linearMs: number;
}

export interface LinearAttentionFigures {
  readonly kind: 'linear-attention';
  readonly n: number;
  readonly d: number;
  readonly dv: number;
  /** FLOPs counted from the shapes of the products that ran, (QKᵀ)V and Q(KᵀV). */
  readonly flopsQuadratic: number;
  readonly flopsLinear: number;
  /** max over entries of |(QKᵀ)V − Q(KᵀV)|. */
  readonly maxAbsDiff: number;
  /** max and mean of |Q(KᵀV)| (the scale the difference is judged against). */
  readonly maxAbs: number;
  readonly meanAbs: number;
  /** The first four entries of the output's first row (they pin down the seeded inputs). */
  readonly corner: readonly number[];
  /** Time of each order at growing n (empty when no clock was given). */
  readonly timings: readonly LadderTiming[];
}

/**
 * The sequence lengths timed for the growth plot: n/8, n/4, n/2, n (each at least 8 but at most n, distinct).
 *
 * @example
 * timingLadder(512)  // [64, 128, 256, 512]
 * timingLadder(4)    // [4]
 */
export function timingLadder(n: number): number[] {
  const rungs = [Math.round(n / 8), Math.round(n / 4), Math.round(n / 2), n].map((m) => Math.min(n, Math.max(8, m)));
  return [...new Set(rungs)];
}

const first = (values: ArrayLike<number>): number => values[0] as number;

/**
 * Both orders on seeded tensors. With a clock, each order is also timed at every n of
 * `timingLadder(n)` (first rows; best of two below n, once at n).
 *
 * @example
 * runLinearAttention(tf, { n: 64, d: 8, dv: 8 }, 7).maxAbsDiff  // ~1e-6: the orders agree
 */
export function runLinearAttention(tf: TensorFlow, shape: LinearAttentionSetup, seed: Seed, clock?: Clock): LinearAttentionFigures {
  const { n, d, dv } = shape;
  const rng = dataRng(seed, 'linear-attention');
  const qData = normalData(rng.fork('q'), n * d);
  const kData = normalData(rng.fork('k'), n * d);
  const vData = normalData(rng.fork('v'), n * dv);
  let figures: LinearAttentionFigures | undefined;
  tf.tidy(() => {
    const q = tf.tensor2d(qData, [n, d]);
    const k = tf.tensor2d(kData, [n, d]);
    const v = tf.tensor2d(vData, [n, dv]);
    const timings: LadderTiming[] = [];
    if (clock) {
      // NOTE: one small untimed product first, so kernel set-up is not charged to the smallest rung.
      tf.matMul(q.slice([0, 0], [Math.min(n, 8), d]), k.slice([0, 0], [Math.min(n, 8), d]), false, true).dataSync();
      for (const m of timingLadder(n).slice(0, -1)) {
        const [qm, km, vm] = [q.slice([0, 0], [m, d]), k.slice([0, 0], [m, d]), v.slice([0, 0], [m, dv])];
        // Best of two: the smaller rungs take a few ms, where one hiccup would bend the curve.
        let quadraticMs = Infinity;
        let linearMs = Infinity;
        for (let repeat = 0; repeat < 2; repeat++) {
          const t0 = clock();
          tf.matMul(tf.matMul(qm, km, false, true), vm).dataSync();
          const t1 = clock();
          tf.matMul(qm, tf.matMul(km, vm, true, false)).dataSync();
          const t2 = clock();
          quadraticMs = Math.min(quadraticMs, t1 - t0);
          linearMs = Math.min(linearMs, t2 - t1);
        }
        timings.push({ n: m, quadraticMs, linearMs });
      }
    }
    const quadraticCounter = countFlops(tfOps(tf));
    const linearCounter = countFlops(tfOps(tf));
    const t0 = clock?.() ?? 0;
    const quadratic = quadraticCounter.ops.matMul(quadraticCounter.ops.matMul(q, k, false, true), v);
    quadratic.dataSync();
    const t1 = clock?.() ?? 0;
    const linear = linearCounter.ops.matMul(q, linearCounter.ops.matMul(k, v, true, false));
    linear.dataSync();
    const t2 = clock?.() ?? 0;
    if (clock) timings.push({ n, quadraticMs: t1 - t0, linearMs: t2 - t1 });
    const absolute = tf.abs(linear);
    figures = {
      kind: 'linear-attention',
      n,
      d,
      dv,
      flopsQuadratic: Number(quadraticCounter.total()),
      flopsLinear: Number(linearCounter.total()),
      maxAbsDiff: first(tf.max(tf.abs(tf.sub(quadratic, linear))).dataSync()),
      maxAbs: first(tf.max(absolute).dataSync()),
      meanAbs: first(tf.mean(absolute).dataSync()),
      corner: Array.from(linear.slice([0, 0], [1, Math.min(4, dv)]).dataSync()),
      timings,
    };
  });
  return figures as LinearAttentionFigures;
}

/**
 * The program. Cost: n²(d + d_v) + 2n·d·d_v multiply–adds.
 *
 * @example
 * linearAttentionProgram.cost({ n: 512, d: 64, dv: 64 })  // 37748736
 */
export const linearAttentionProgram = defineTensorProgram<LinearAttentionSetup, LinearAttentionFigures>({
  kind: 'linear-attention',
  run: runLinearAttention,
  cost: ({ n, d, dv }) => n * n * (d + dv) + 2 * n * d * dv,
  parseFigures(raw, setup) {
    const keys = ['n', 'd', 'dv', 'flopsQuadratic', 'flopsLinear', 'maxAbsDiff', 'maxAbs', 'meanAbs', 'corner', 'timings'];
    const r = figureReader(raw, 'linear-attention', keys);
    const timings = r.list('timings', 8, (value, name) =>
      r.object(value, name, (t) => ({ n: r.countValue(t.n, `${name}.n`), quadraticMs: r.finiteValue(t.quadraticMs, `${name}.quadraticMs`, 0), linearMs: r.finiteValue(t.linearMs, `${name}.linearMs`, 0) })),
    );
    const ladder = timingLadder(setup.n);
    if (timings.length > 0 && timings.map((t) => t.n).join() !== ladder.join()) throw new InvalidParamsError(`timings must be for n = ${ladder.join(', ')}`);
    return {
      kind: 'linear-attention',
      n: r.count('n'),
      d: r.count('d'),
      dv: r.count('dv'),
      flopsQuadratic: r.count('flopsQuadratic'),
      flopsLinear: r.count('flopsLinear'),
      maxAbsDiff: r.finite('maxAbsDiff', 0),
      maxAbs: r.finite('maxAbs', 0),
      meanAbs: r.finite('meanAbs', 0),
      corner: r.list('corner', 4, (x, name) => r.finiteValue(x, name)),
      timings,
    };
  },
  compare(server, reported) {
    const c = figureComparison();
    for (const key of ['n', 'd', 'dv', 'flopsQuadratic', 'flopsLinear'] as const) c.exact(key, reported[key], server[key]);
    c.relative('maxAbs', reported.maxAbs, server.maxAbs, 1e-4);
    c.relative('meanAbs', reported.meanAbs, server.meanAbs, 1e-4);
    c.list('corner', reported.corner, server.corner, (name, a, b) => c.within(name, a, b, 1e-4 * server.maxAbs, 'within 1e-4·max|out|'));
    c.within('maxAbsDiff', reported.maxAbsDiff, server.maxAbsDiff, 1e-5 * server.maxAbs, 'within 1e-5·max|out| (float32 rounding)');
    return c.mismatches;
  },
});
