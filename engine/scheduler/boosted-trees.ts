/**
 * Gradient-boosted regression trees for a binary outcome, small enough to read: the model behind
 * the recall predictor's correction of FSRS (see recall.ts). Deterministic (no sampling, ties go to
 * the first candidate), pure, and the fitted model is plain JSON-able data.
 *
 * Model: P(y = 1 | x) = σ(m₀ + Σₖ fₖ(x)), where m₀ is a per-row base margin (here logit of FSRS's R)
 * and each fₖ is a depth-limited tree fitted by one Newton step on the log loss: with gradients
 * gᵢ = pᵢ − yᵢ and Hessians hᵢ = pᵢ(1 − pᵢ), a split's gain is G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)
 * and a leaf's value is −η·G/(H + λ). Features are cut at up to `maxBins` quantiles.
 */
import { SchedulerError } from './errors';

/** One tree as parallel arrays over its nodes; node 0 is the root. */
export interface RegressionTree {
  /** Feature index a node splits on, or −1 for a leaf. */
  readonly feature: readonly number[];
  /** Go left when `x[feature] <= threshold`. */
  readonly threshold: readonly number[];
  readonly left: readonly number[];
  readonly right: readonly number[];
  /** A leaf's contribution to the margin (learning rate already applied); 0 for inner nodes. */
  readonly value: readonly number[];
}

/** A fitted ensemble: add every tree's leaf value to the base margin. */
export interface BoostedTrees {
  readonly featureCount: number;
  readonly trees: readonly RegressionTree[];
}

/** Training hyper-parameters. */
export interface BoostingOptions {
  /** Most trees to grow (fewer when validation stops early). */
  readonly maxRounds: number;
  /** Shrinkage η applied to every leaf. */
  readonly learningRate: number;
  readonly maxDepth: number;
  /** Fewest rows a leaf may hold. */
  readonly minLeafSize: number;
  /** L2 penalty λ on leaf values. */
  readonly l2: number;
  /** Quantile cut points per feature (at most 255). */
  readonly maxBins: number;
  /** Stop after this many rounds without a better validation log loss. */
  readonly patience: number;
}

/**
 * The defaults, chosen on the training side of the dev log only (depth 3, η = 0.05, leaves ≥ 100
 * rows, λ = 10; rounds by early stopping).
 */
export const DEFAULT_BOOSTING_OPTIONS: BoostingOptions = Object.freeze({
  maxRounds: 300,
  learningRate: 0.05,
  maxDepth: 3,
  minLeafSize: 100,
  l2: 10,
  maxBins: 32,
  patience: 30,
});

/** Rows to learn from: features, 0/1 labels and a base margin per row. */
export interface BoostingData {
  readonly features: readonly (readonly number[])[];
  readonly labels: readonly (0 | 1)[];
  readonly baseMargins: readonly number[];
}

/** A fit and how it went. `rounds` is the number of trees kept (0 when no tree helped on validation). */
export interface BoostingFit {
  readonly model: BoostedTrees;
  readonly rounds: number;
  /** Validation log loss with the base margins alone, and with the kept trees (null without validation). */
  readonly validationLogLoss: { readonly base: number; readonly boosted: number } | null;
}

/**
 * Fits trees to `train`. With `validation`, trees are grown while its log loss keeps improving
 * (patience `options.patience`) and the ensemble is cut back to its best round.
 *
 * @example
 * const fit = fitBoostedTrees(
 *   { features: [[0], [1], [2], [3]], labels: [0, 0, 1, 1], baseMargins: [0, 0, 0, 0] },
 *   { minLeafSize: 1, maxRounds: 20 },
 * );
 * boostedMargin(fit.model, [3]) > boostedMargin(fit.model, [0]); // true
 */
export function fitBoostedTrees(
  train: BoostingData,
  options: Partial<BoostingOptions> = {},
  validation?: BoostingData,
): BoostingFit {
  const o: BoostingOptions = { ...DEFAULT_BOOSTING_OPTIONS, ...options };
  const n = train.features.length;
  const d = n > 0 ? (train.features[0]?.length ?? 0) : 0;
  checkData(train, d, 'train');
  if (validation) checkData(validation, d, 'validation');
  if (n === 0 || d === 0 || o.maxRounds <= 0) {
    return { model: { featureCount: d, trees: [] }, rounds: 0, validationLogLoss: null };
  }

  const cuts = quantileCuts(train.features, d, Math.min(255, Math.max(2, o.maxBins)));
  // Row-major bins: a row's features sit together, which keeps the histogram pass cache-friendly.
  const binned = new Uint8Array(n * d);
  for (let i = 0; i < n; i++) {
    const row = train.features[i]!;
    for (let j = 0; j < d; j++) binned[i * d + j] = binOf(cuts[j]!, row[j]!);
  }

  const margin = Float64Array.from(train.baseMargins);
  const gradient = new Float64Array(n);
  const hessian = new Float64Array(n);
  const validationMargin = validation ? Float64Array.from(validation.baseMargins) : null;
  const baseValidationLoss = validation ? meanLogLoss(validationMargin as Float64Array, validation.labels) : Number.NaN;
  let bestLoss = baseValidationLoss;
  let bestRounds = 0;
  const trees: RegressionTree[] = [];
  const all = new Int32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;

  for (let round = 0; round < o.maxRounds; round++) {
    for (let i = 0; i < n; i++) {
      const p = sigmoid(margin[i]!);
      gradient[i] = p - train.labels[i]!;
      hessian[i] = p * (1 - p);
    }
    const tree = growTree(all, binned, cuts, gradient, hessian, margin, o);
    trees.push(tree);
    if (validation && validationMargin) {
      for (let i = 0; i < validationMargin.length; i++) {
        validationMargin[i] = (validationMargin[i] ?? 0) + treeValue(tree, validation.features[i] ?? []);
      }
      const loss = meanLogLoss(validationMargin, validation.labels);
      if (loss < bestLoss - 1e-12) {
        bestLoss = loss;
        bestRounds = trees.length;
      } else if (trees.length - bestRounds >= o.patience) break;
    }
  }
  const kept = validation ? trees.slice(0, bestRounds) : trees;
  return {
    model: { featureCount: d, trees: kept },
    rounds: kept.length,
    validationLogLoss: validation ? { base: baseValidationLoss, boosted: bestLoss } : null,
  };
}

/**
 * The ensemble's contribution to the margin: Σₖ fₖ(x). Add the base margin and apply σ for a probability.
 *
 * @example
 * boostedMargin({ featureCount: 1, trees: [] }, [0.5]); // 0
 */
export function boostedMargin(model: BoostedTrees, features: readonly number[]): number {
  let sum = 0;
  for (const tree of model.trees) sum += treeValue(tree, features);
  return sum;
}

/**
 * Checks that `value` (e.g. parsed JSON) is a well-formed {@link BoostedTrees}; throws
 * {@link SchedulerError} (reason `'model'`) otherwise.
 *
 * @example
 * checkBoostedTrees(JSON.parse(JSON.stringify(fit.model))); // the same model back
 */
export function checkBoostedTrees(value: unknown): BoostedTrees {
  const bad = (why: string): never => {
    throw new SchedulerError('model', `malformed boosted trees: ${why}`);
  };
  if (typeof value !== 'object' || value === null) return bad('not an object');
  const { featureCount, trees } = value as { featureCount?: unknown; trees?: unknown };
  if (!Number.isInteger(featureCount) || (featureCount as number) < 0) return bad('featureCount');
  if (!Array.isArray(trees)) return bad('trees is not an array');
  for (const tree of trees as unknown[]) {
    const t = tree as Record<string, unknown>;
    const arrays = ['feature', 'threshold', 'left', 'right', 'value'].map((k) => t?.[k]);
    if (!arrays.every((a) => Array.isArray(a) && a.every((x) => typeof x === 'number' && Number.isFinite(x)))) {
      return bad('tree arrays must hold finite numbers');
    }
    const [feature, , left, right] = arrays as number[][];
    const size = (feature as number[]).length;
    if (size === 0 || !arrays.every((a) => (a as number[]).length === size)) return bad('tree arrays differ in length');
    for (let k = 0; k < size; k++) {
      const f = feature?.[k] ?? -1;
      if (f === -1) continue;
      const l = left?.[k] ?? 0;
      const r = right?.[k] ?? 0;
      // Children come after their parent, so walking a tree always terminates.
      if (!Number.isInteger(f) || f < 0 || f >= (featureCount as number) || !(l > k && l < size) || !(r > k && r < size)) {
        return bad(`node ${k} points outside the tree`);
      }
    }
  }
  return value as BoostedTrees;
}

function checkData(data: BoostingData, d: number, name: string): void {
  const n = data.features.length;
  if (data.labels.length !== n || data.baseMargins.length !== n) {
    throw new SchedulerError('model', `${name}: features, labels and baseMargins differ in length`);
  }
  for (const row of data.features) {
    if (row.length !== d || !row.every((x) => Number.isFinite(x))) {
      throw new SchedulerError('model', `${name}: every row needs ${d} finite features`);
    }
  }
  if (!data.baseMargins.every((m) => Number.isFinite(m))) throw new SchedulerError('model', `${name}: non-finite base margin`);
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

function meanLogLoss(margins: Float64Array, labels: readonly (0 | 1)[]): number {
  let sum = 0;
  for (let i = 0; i < margins.length; i++) {
    const z = margins[i] ?? 0;
    // −ln σ(z) = ln(1 + e^{−z}), computed stably.
    const softplus = (x: number) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
    sum += labels[i] === 1 ? softplus(-z) : softplus(z);
  }
  return margins.length > 0 ? sum / margins.length : Number.NaN;
}

function quantileCuts(features: readonly (readonly number[])[], d: number, bins: number): number[][] {
  const n = features.length;
  const cuts: number[][] = [];
  const column = new Float64Array(n);
  for (let j = 0; j < d; j++) {
    for (let i = 0; i < n; i++) column[i] = features[i]?.[j] ?? 0;
    column.sort();
    const c: number[] = [];
    for (let b = 1; b < bins; b++) {
      const q = column[Math.min(n - 1, Math.floor((b * n) / bins))] ?? 0;
      if (c.length === 0 || q > (c[c.length - 1] ?? -Infinity)) c.push(q);
    }
    // The largest value never needs a cut: everything is ≤ it.
    while (c.length > 0 && (c[c.length - 1] ?? 0) >= (column[n - 1] ?? 0)) c.pop();
    cuts.push(c);
  }
  return cuts;
}

/** Index of the first cut ≥ x (so bin b holds cuts[b−1] < x ≤ cuts[b]). */
function binOf(cuts: readonly number[], x: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x <= (cuts[mid] ?? 0)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function treeValue(tree: RegressionTree, x: readonly number[]): number {
  let node = 0;
  for (;;) {
    const f = tree.feature[node] ?? -1;
    if (f < 0) return tree.value[node] ?? 0;
    node = (x[f] ?? 0) <= (tree.threshold[node] ?? 0) ? (tree.left[node] ?? 0) : (tree.right[node] ?? 0);
  }
}

function growTree(
  rows: Int32Array,
  binned: Uint8Array,
  cuts: readonly (readonly number[])[],
  gradient: Float64Array,
  hessian: Float64Array,
  margin: Float64Array,
  o: BoostingOptions,
): RegressionTree {
  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const value: number[] = [];
  const d = cuts.length;
  const stride = Math.max(...cuts.map((c) => c.length + 1));
  const gHist = new Float64Array(d * stride);
  const hHist = new Float64Array(d * stride);
  const nHist = new Int32Array(d * stride);

  const grow = (idx: Int32Array, depth: number): number => {
    const count = idx.length;
    let G = 0;
    let H = 0;
    for (let k = 0; k < count; k++) {
      const i = idx[k]!;
      G += gradient[i]!;
      H += hessian[i]!;
    }
    const id = feature.length;
    feature.push(-1);
    threshold.push(0);
    left.push(0);
    right.push(0);
    value.push(0);
    let bestGain = 1e-9;
    let bestFeature = -1;
    let bestBin = -1;
    if (depth < o.maxDepth && count >= 2 * o.minLeafSize) {
      const parentScore = (G * G) / (H + o.l2);
      gHist.fill(0);
      hHist.fill(0);
      nHist.fill(0);
      for (let k = 0; k < count; k++) {
        const i = idx[k]!;
        const g = gradient[i]!;
        const h = hessian[i]!;
        const base = i * d;
        for (let j = 0; j < d; j++) {
          const slot = j * stride + binned[base + j]!;
          gHist[slot]! += g;
          hHist[slot]! += h;
          nHist[slot]! += 1;
        }
      }
      for (let j = 0; j < d; j++) {
        const bins = cuts[j]!.length + 1;
        let gl = 0;
        let hl = 0;
        let nl = 0;
        for (let b = 0; b < bins - 1; b++) {
          const slot = j * stride + b;
          gl += gHist[slot]!;
          hl += hHist[slot]!;
          nl += nHist[slot]!;
          if (nl < o.minLeafSize) continue;
          if (count - nl < o.minLeafSize) break;
          const gr = G - gl;
          const hr = H - hl;
          const gain = (gl * gl) / (hl + o.l2) + (gr * gr) / (hr + o.l2) - parentScore;
          if (gain > bestGain) {
            bestGain = gain;
            bestFeature = j;
            bestBin = b;
          }
        }
      }
    }
    if (bestFeature < 0) {
      const leaf = (-G / (H + o.l2)) * o.learningRate;
      value[id] = leaf;
      for (let k = 0; k < count; k++) margin[idx[k]!]! += leaf;
      return id;
    }
    let nLeft = 0;
    for (let k = 0; k < count; k++) if (binned[idx[k]! * d + bestFeature]! <= bestBin) nLeft++;
    const leftRows = new Int32Array(nLeft);
    const rightRows = new Int32Array(count - nLeft);
    let a = 0;
    let b = 0;
    for (let k = 0; k < count; k++) {
      const i = idx[k]!;
      if (binned[i * d + bestFeature]! <= bestBin) leftRows[a++] = i;
      else rightRows[b++] = i;
    }
    feature[id] = bestFeature;
    threshold[id] = cuts[bestFeature]![bestBin]!;
    left[id] = grow(leftRows, depth + 1);
    right[id] = grow(rightRows, depth + 1);
    return id;
  };
  grow(rows, 0);
  return { feature, threshold, left, right, value };
}
