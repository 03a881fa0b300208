/**
 * Seeded tensor programs, run by TensorFlow.js in the learner's browser (wasm or cpu backend) and
 * again by the server (cpu backend in Node), plus the rules for comparing what the two saw.
 *
 * Both sides build identical inputs: every tensor's data comes from the engine's `Rng` (32-bit
 * integer arithmetic) into a Float32Array, then `tf.tensor(...)`. Uniforms are exact 24-bit
 * fractions; normals use Marsaglia's polar method (only `Math.log` and `Math.sqrt`, rounded to
 * float32). What differs between backends is the order of floating-point sums, so figures are
 * compared with tolerances (`compareFigures`, policy below) — or exactly where the program only
 * compares and counts (walk histograms, top-k loads).
 *
 * This module is imported by the practice page's client code on its own (not through the engine's
 * index, which would pull the whole answer machinery into the browser bundle); it never imports
 * TensorFlow.js itself — the caller passes in `tf` with its backend already chosen.
 *
 * Tolerance policy (`compareFigures`), reported figures against the server's:
 *  - sizes, FLOP counts, histogram counts, expert loads, capacity, dropped tokens: exactly equal;
 *  - linear attention: max|out| and mean|out| within relative 1e-4; the four corner entries within
 *    1e-4·max|out|; the max abs difference of the two orders within 1e-5·max|out| (float32
 *    rounding of a length-n·d sum is ~1e-7 relative; a real disagreement is of order max|out|);
 *  - √d scaling: variances within relative 1e-3; mean max softmax weights within 1e-4 absolute;
 *    saturated fractions within 2/queries (a row at the 0.99 threshold may round either way);
 *  - MoE: mean gate probabilities within 1e-5 absolute;
 *  - timings are the browser's own and are never recomputed: only their shape is checked.
 */
import { Rng, type Seed } from './rng';
import { countFlops, tfOps, type TensorFlow } from './tensor';

type Tensor = import('@tensorflow/tfjs').Tensor;
type Tensor1D = import('@tensorflow/tfjs').Tensor1D;
type Tensor2D = import('@tensorflow/tfjs').Tensor2D;

/** Milliseconds from some origin (`performance.now` in the browser). Programs time only what they are given a clock for. */
export type Clock = () => number;

// ---------------------------------------------------------------------------------------------
// Seeded data

/**
 * `count` uniforms on [0, 1), each an exact multiple of 2⁻²⁴ (so exactly a float32): u = ⌊x/2⁸⌋/2²⁴
 * for a 32-bit draw x.
 *
 * @example
 * uniformData(Rng.fromSeed(1), 3)  // Float32Array(3), the same three numbers on every platform
 */
export function uniformData(rng: Rng, count: number): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = (rng.uint32() >>> 8) / 16777216;
  return out;
}

/**
 * `count` normals N(0, sd²), rounded to float32: Marsaglia's polar method, z = u·√(−2 ln s / s)
 * with (u, v) uniform in the unit disc and s = u² + v².
 *
 * @example
 * normalData(Rng.fromSeed(1), 4, 2)  // four draws from N(0, 4)
 */
export function normalData(rng: Rng, count: number, sd = 1): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i += 2) {
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * rng.float() - 1;
      v = 2 * rng.float() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = sd * Math.sqrt((-2 * Math.log(s)) / s);
    out[i] = u * f;
    if (i + 1 < count) out[i + 1] = v * f;
  }
  return out;
}

/**
 * A rows×cols matrix of N(0, 1) float32 values with no two equal within a row (a repeated value
 * is redrawn), so any top-k of a row is unambiguous on every backend.
 *
 * @example
 * distinctRowsData(Rng.fromSeed(1), 2, 8)  // 16 values; the 8 of each row all differ
 */
export function distinctRowsData(rng: Rng, rows: number, cols: number): Float32Array {
  const out = normalData(rng, rows * cols);
  const seen = new Set<number>();
  for (let r = 0; r < rows; r++) {
    seen.clear();
    for (let c = 0; c < cols; c++) {
      let x = out[r * cols + c] as number;
      while (seen.has(x)) x = normalData(rng, 1)[0] as number;
      out[r * cols + c] = x;
      seen.add(x);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Programs

/** A tensor program and its sizes: what a family's instance runs. */
export type TensorProgram =
  | { readonly kind: 'linear-attention'; readonly n: number; readonly d: number; readonly dv: number }
  | { readonly kind: 'qk-variance'; readonly d: number; readonly samples: number; readonly varQ: number; readonly varK: number }
  | { readonly kind: 'walk'; readonly n: number; readonly walks: number; readonly p: number }
  | { readonly kind: 'moe'; readonly tokens: number; readonly experts: number; readonly k: number; readonly capacityFactor: number };

export type ProgramKind = TensorProgram['kind'];

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

export interface MoeFigures {
  readonly kind: 'moe';
  readonly tokens: number;
  readonly experts: number;
  readonly k: number;
  /** ⌈capacityFactor · tokens · k / experts⌉ token slots per expert. */
  readonly capacity: number;
  /** Tokens routed to each expert by top-k of the router logits. */
  readonly loads: readonly number[];
  /** Σ max(0, load − capacity): routed slots an expert at capacity would drop. */
  readonly dropped: number;
  /** Mean softmax gate probability of each expert over the tokens. */
  readonly gateShare: readonly number[];
}

export type TensorFigures = LinearAttentionFigures | QkVarianceFigures | WalkFigures | MoeFigures;

/** Queries and keys of the softmax-saturation experiment. */
export const SATURATION = { queries: 256, keys: 16, threshold: 0.99 } as const;

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

/**
 * Multiply–adds of a program, a rough cost used to cap what a server run may cost.
 *
 * @example
 * programCost({ kind: 'linear-attention', n: 512, d: 64, dv: 64 })  // 2·512²·64 + 2·512·64² = 37748736
 */
export function programCost(program: TensorProgram): number {
  switch (program.kind) {
    case 'linear-attention':
      return program.n * program.n * (program.d + program.dv) + 2 * program.n * program.d * program.dv;
    case 'qk-variance':
      return 2 * program.samples * program.d + Math.min(program.samples, SATURATION.queries) * SATURATION.keys * program.d;
    case 'walk':
      return program.walks * (program.n + 1) * 2;
    case 'moe':
      return program.tokens * program.experts * 4;
  }
}

/** The data stream of a program for a seed (independent of the stream that generated the instance). */
function dataRng(seed: Seed, kind: ProgramKind): Rng {
  return Rng.fromSeed(seed).fork(`tensor-run/${kind}`);
}

const first = (values: ArrayLike<number>): number => values[0] as number;

/**
 * Linear attention both ways on seeded Q, K ∈ ℝ^{n×d}, V ∈ ℝ^{n×d_v} (entries N(0,1)):
 * (QKᵀ)V costs 2n²d + 2n²d_v FLOPs, Q(KᵀV) costs 4n·d·d_v; without softmax they are the same
 * matrix. With a clock, each order is also timed at every n of `timingLadder(n)` (first rows;
 * best of two below n, once at n).
 *
 * @example
 * runLinearAttention(tf, { n: 64, d: 8, dv: 8 }, 7).maxAbsDiff  // ~1e-6: the orders agree
 */
export function runLinearAttention(tf: TensorFlow, shape: { readonly n: number; readonly d: number; readonly dv: number }, seed: Seed, clock?: Clock): LinearAttentionFigures {
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
 * √d scaling: `samples` pairs q, k ∈ ℝ^d with entries N(0, varQ) and N(0, varK). Then
 * Var(q·k) = d·varQ·varK and Var(q·k/√d) = varQ·varK; the softmax of a query's logits over
 * `SATURATION.keys` keys is nearly one-hot without the scaling once d is large.
 *
 * @example
 * runQkVariance(tf, { d: 64, samples: 4096, varQ: 1, varK: 1 }, 7).varRaw  // ≈ 64
 */
export function runQkVariance(
  tf: TensorFlow,
  setup: { readonly d: number; readonly samples: number; readonly varQ: number; readonly varK: number },
  seed: Seed,
): QkVarianceFigures {
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

/**
 * Monte Carlo of `walks` random walks of n steps, +1 with probability p: a walks×n tensor of
 * uniforms u, steps up where u < p, up-steps summed per walk and histogrammed (one-hot, summed).
 * Only comparisons and integer sums: the counts are the same on every backend.
 *
 * @example
 * runWalks(tf, { n: 10, walks: 10000, p: 0.5 }, 7).counts  // 11 counts summing to 10000, ≈ 10000·C(10,j)/2¹⁰
 */
export function runWalks(tf: TensorFlow, setup: { readonly n: number; readonly walks: number; readonly p: number }, seed: Seed): WalkFigures {
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
 * Top-k routing of `tokens` tokens over `experts` experts with i.i.d. N(0,1) router logits (no
 * ties within a token): each expert's load, the slots over capacity ⌈c·T·k/E⌉, and the mean
 * softmax gate probability per expert. Each load is Binomial(T, k/E): mean T·k/E, variance
 * T·(k/E)(1 − k/E).
 *
 * @example
 * runMoe(tf, { tokens: 1024, experts: 8, k: 2, capacityFactor: 1.25 }, 7).loads  // 8 loads summing to 2048
 */
export function runMoe(
  tf: TensorFlow,
  setup: { readonly tokens: number; readonly experts: number; readonly k: number; readonly capacityFactor: number },
  seed: Seed,
): MoeFigures {
  const { tokens, experts, k, capacityFactor } = setup;
  const logitsData = distinctRowsData(dataRng(seed, 'moe'), tokens, experts);
  const capacity = moeCapacity(setup);
  let loads: number[] = [];
  let gateShare: number[] = [];
  tf.tidy(() => {
    const logits = tf.tensor2d(logitsData, [tokens, experts]);
    const chosen = tf.topk(logits, k).indices.reshape([tokens * k]) as Tensor1D;
    loads = Array.from(tf.sum(tf.oneHot(chosen, experts), 0).dataSync());
    gateShare = Array.from(tf.mean(tf.softmax(logits as Tensor2D), 0).dataSync());
  });
  const dropped = loads.reduce((s, load) => s + Math.max(0, load - capacity), 0);
  return { kind: 'moe', tokens, experts, k, capacity, loads, dropped, gateShare };
}

/**
 * Slots per expert: ⌈c·T·k/E⌉.
 *
 * @example
 * moeCapacity({ tokens: 1024, experts: 8, k: 2, capacityFactor: 1.25 })  // 320
 */
export function moeCapacity(setup: { readonly tokens: number; readonly experts: number; readonly k: number; readonly capacityFactor: number }): number {
  return Math.ceil((setup.capacityFactor * setup.tokens * setup.k) / setup.experts - 1e-9);
}

/**
 * Runs a program on whatever backend `tf` has (timings only for linear attention, and only with a clock).
 *
 * @example
 * runTensorProgram(tf, { kind: 'walk', n: 10, walks: 1000, p: 0.5 }, 42)  // WalkFigures
 */
export function runTensorProgram(tf: TensorFlow, program: TensorProgram, seed: Seed, clock?: Clock): TensorFigures {
  switch (program.kind) {
    case 'linear-attention':
      return runLinearAttention(tf, program, seed, clock);
    case 'qk-variance':
      return runQkVariance(tf, program, seed);
    case 'walk':
      return runWalks(tf, program, seed);
    case 'moe':
      return runMoe(tf, program, seed);
  }
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

// ---------------------------------------------------------------------------------------------
// Comparison

/** One reported figure that does not match the server's run. */
export interface FigureMismatch {
  readonly figure: string;
  readonly reported: number | string;
  readonly expected: number | string;
  /** The rule it broke, in words ("exactly", "within 1e-4 relative"). */
  readonly rule: string;
}

/**
 * Compares figures a browser reported with the server's run of the same program and seed, under the
 * tolerance policy at the top of this module. Returns the mismatches (empty: accepted). Timings are
 * not compared.
 *
 * @example
 * compareFigures(server, { ...server, maxAbsDiff: 0.5 })  // [{ figure: 'maxAbsDiff', ... }]
 */
export function compareFigures(server: TensorFigures, reported: TensorFigures): FigureMismatch[] {
  const out: FigureMismatch[] = [];
  const exact = (figure: string, r: number, e: number) => {
    if (r !== e) out.push({ figure, reported: r, expected: e, rule: 'exactly' });
  };
  const within = (figure: string, r: number, e: number, allowed: number, rule: string) => {
    if (!(Math.abs(r - e) <= allowed)) out.push({ figure, reported: r, expected: e, rule });
  };
  const relative = (figure: string, r: number, e: number, rel: number) => within(figure, r, e, rel * Math.abs(e), `within ${rel} relative`);
  const list = (figure: string, r: readonly number[], e: readonly number[], check: (name: string, a: number, b: number) => void) => {
    if (r.length !== e.length) out.push({ figure: `${figure}.length`, reported: r.length, expected: e.length, rule: 'exactly' });
    else e.forEach((value, i) => check(`${figure}[${i}]`, r[i] as number, value));
  };
  if (server.kind !== reported.kind) return [{ figure: 'kind', reported: reported.kind, expected: server.kind, rule: 'exactly' }];
  switch (server.kind) {
    case 'linear-attention': {
      const r = reported as LinearAttentionFigures;
      for (const key of ['n', 'd', 'dv', 'flopsQuadratic', 'flopsLinear'] as const) exact(key, r[key], server[key]);
      relative('maxAbs', r.maxAbs, server.maxAbs, 1e-4);
      relative('meanAbs', r.meanAbs, server.meanAbs, 1e-4);
      list('corner', r.corner, server.corner, (name, a, b) => within(name, a, b, 1e-4 * server.maxAbs, 'within 1e-4·max|out|'));
      within('maxAbsDiff', r.maxAbsDiff, server.maxAbsDiff, 1e-5 * server.maxAbs, 'within 1e-5·max|out| (float32 rounding)');
      break;
    }
    case 'qk-variance': {
      const r = reported as QkVarianceFigures;
      for (const key of ['d', 'samples', 'queries', 'keys'] as const) exact(key, r[key], server[key]);
      relative('varRaw', r.varRaw, server.varRaw, 1e-3);
      relative('varScaled', r.varScaled, server.varScaled, 1e-3);
      within('maxWeightRaw', r.maxWeightRaw, server.maxWeightRaw, 1e-4, 'within 1e-4');
      within('maxWeightScaled', r.maxWeightScaled, server.maxWeightScaled, 1e-4, 'within 1e-4');
      const rows = 2 / server.queries + 1e-9;
      within('saturatedRaw', r.saturatedRaw, server.saturatedRaw, rows, 'within 2 queries');
      within('saturatedScaled', r.saturatedScaled, server.saturatedScaled, rows, 'within 2 queries');
      break;
    }
    case 'walk': {
      const r = reported as WalkFigures;
      exact('n', r.n, server.n);
      exact('walks', r.walks, server.walks);
      list('counts', r.counts, server.counts, exact);
      // NOTE: both are derived from the counts by walkMoments; only the last bits may differ.
      within('mean', r.mean, server.mean, 1e-9 * Math.max(1, Math.abs(server.mean)), 'from the counts');
      within('variance', r.variance, server.variance, 1e-9 * Math.max(1, server.variance), 'from the counts');
      break;
    }
    case 'moe': {
      const r = reported as MoeFigures;
      for (const key of ['tokens', 'experts', 'k', 'capacity', 'dropped'] as const) exact(key, r[key], server[key]);
      list('loads', r.loads, server.loads, exact);
      list('gateShare', r.gateShare, server.gateShare, (name, a, b) => within(name, a, b, 1e-5, 'within 1e-5'));
      break;
    }
  }
  return out;
}
