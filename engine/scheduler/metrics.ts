/**
 * How good are recall predictions? The three metrics of open-spaced-repetition's srs-benchmark, so
 * our numbers compare with theirs: log loss, RMSE(bins) and AUC. Pure functions over plain data.
 */

/** One predicted review: the predicted recall probability and what happened, plus what RMSE(bins) bins on. */
export interface ScoredPrediction {
  /** Predicted probability of recall, in [0, 1]. */
  readonly p: number;
  /** 1 if the card was recalled (rating > Again), else 0. */
  readonly y: 0 | 1;
  /** Whole days since the card's previous review. */
  readonly elapsedDays: number;
  /** 1-based position of this review in the card's history (the first prediction is review 2). */
  readonly reviewIndex: number;
  /** Agains after an interval of at least a day, before this review. */
  readonly lapses: number;
}

/** The three metrics plus the number of predictions they cover. */
export interface PredictionMetrics {
  readonly count: number;
  readonly logLoss: number;
  readonly rmseBins: number;
  readonly auc: number;
}

/** Probabilities are clipped to [ε, 1 − ε] before taking logs (as sklearn's `log_loss` does). */
export const LOG_LOSS_EPSILON = 1e-15;

/**
 * Mean binary cross-entropy: −(1/n) Σ [y·ln p + (1−y)·ln(1−p)], with p clipped to [ε, 1−ε].
 * NaN for no predictions.
 *
 * @example
 * logLoss([{ p: 0.9, y: 1 }, { p: 0.9, y: 0 }]); // (−ln 0.9 − ln 0.1)/2 ≈ 1.204
 */
export function logLoss(predictions: readonly Pick<ScoredPrediction, 'p' | 'y'>[]): number {
  if (predictions.length === 0) return Number.NaN;
  let sum = 0;
  for (const { p, y } of predictions) {
    const q = Math.min(Math.max(p, LOG_LOSS_EPSILON), 1 - LOG_LOSS_EPSILON);
    sum -= y === 1 ? Math.log(q) : Math.log(1 - q);
  }
  return sum / predictions.length;
}

/**
 * RMSE(bins) as srs-benchmark computes it: predictions are grouped by
 * (interval bin, review-number bin, lapse bin), where
 * Δt → round(2.48·3.62^⌊ln max(Δt, 10⁻⁶) / ln 3.62⌋, 2), i → round(1.99·1.89^⌊ln i / ln 1.89⌋),
 * lapses → 0 if 0 else round(1.65·1.73^⌊ln l / ln 1.73⌋); then
 * RMSE(bins) = √( Σ_b n_b (ȳ_b − p̄_b)² / Σ_b n_b ). NaN for no predictions.
 *
 * @example
 * rmseBins([
 *   { p: 0.9, y: 1, elapsedDays: 3, reviewIndex: 2, lapses: 0 },
 *   { p: 0.9, y: 0, elapsedDays: 3, reviewIndex: 2, lapses: 0 },
 * ]); // one bin, ȳ = 0.5, p̄ = 0.9 → 0.4
 */
export function rmseBins(predictions: readonly ScoredPrediction[]): number {
  if (predictions.length === 0) return Number.NaN;
  const bins = new Map<string, { y: number; p: number; n: number }>();
  for (const q of predictions) {
    const key = `${intervalBin(q.elapsedDays)}|${reviewIndexBin(q.reviewIndex)}|${lapseBin(q.lapses)}`;
    const bin = bins.get(key);
    if (bin) {
      bin.y += q.y;
      bin.p += q.p;
      bin.n += 1;
    } else bins.set(key, { y: q.y, p: q.p, n: 1 });
  }
  let squared = 0;
  for (const bin of bins.values()) squared += bin.n * ((bin.y - bin.p) / bin.n) ** 2;
  return Math.sqrt(squared / predictions.length);
}

function intervalBin(days: number): number {
  const x = Math.max(days, 1e-6);
  return Math.round(2.48 * 3.62 ** Math.floor(Math.log(x) / Math.log(3.62)) * 100) / 100;
}

function reviewIndexBin(i: number): number {
  return Math.round(1.99 * 1.89 ** Math.floor(Math.log(Math.max(i, 1)) / Math.log(1.89)));
}

function lapseBin(lapses: number): number {
  return lapses <= 0 ? 0 : Math.round(1.65 * 1.73 ** Math.floor(Math.log(lapses) / Math.log(1.73)));
}

/**
 * Area under the ROC curve: the probability that a random recalled review got a higher p than a
 * random forgotten one (ties count ½), computed from average ranks (Mann–Whitney U). NaN when all
 * outcomes are the same.
 *
 * @example
 * auc([{ p: 0.8, y: 1 }, { p: 0.6, y: 0 }, { p: 0.7, y: 1 }]); // 1
 */
export function auc(predictions: readonly Pick<ScoredPrediction, 'p' | 'y'>[]): number {
  const sorted = [...predictions].sort((a, b) => a.p - b.p);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j]?.p === sorted[i]?.p) j++;
    const averageRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) {
      if (sorted[k]?.y === 1) {
        positives++;
        rankSum += averageRank;
      }
    }
    i = j;
  }
  const negatives = sorted.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * All three metrics at once.
 *
 * @example
 * scorePredictions(predictions); // { count, logLoss, rmseBins, auc }
 */
export function scorePredictions(predictions: readonly ScoredPrediction[]): PredictionMetrics {
  return {
    count: predictions.length,
    logLoss: logLoss(predictions),
    rmseBins: rmseBins(predictions),
    auc: auc(predictions),
  };
}
