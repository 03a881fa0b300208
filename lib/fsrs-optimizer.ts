/**
 * Server-side (Node only): fitting FSRS-6 weights to a learner's own review history with fsrs-rs
 * (fsrs-rs through lib/fsrs-binding.ts, a native module — which is why this is not in engine/), scoring
 * weights on a history, and fitting the recall model the scheduler CLI predicts with.
 */
import { computeParameters, FSRSBindingItem, FSRSBindingReview, type TrainingConfig } from './fsrs-binding';
import {
  DEFAULT_WEIGHTS,
  RECALL_FEATURES,
  calendarDaysBetween,
  createMemoryModel,
  fitBoostedTrees,
  logit,
  plainRecallModel,
  recallCases,
  scorePredictions,
  startsNewHistory,
  type BoostingData,
  type PredictionMetrics,
  type RecallCase,
  type RecallModel,
  type ReviewEvent,
} from '../engine/scheduler';

/** A learner's history: each card's reviews (any order; they are sorted by time here). */
export type ReviewsByCard = ReadonlyMap<string, readonly ReviewEvent[]>;

/** Options for {@link optimizeParameters}. */
export interface OptimizeOptions {
  /** Fit FSRS-6's same-day terms w₁₇–w₁₉ (default true, as fsrs-rs and ts-fsrs do). */
  readonly enableShortTerm?: boolean;
  /** Relearning steps the learner uses (fsrs-rs bounds w₁₇, w₁₈ with it when > 1). */
  readonly numRelearningSteps?: number;
  /** fsrs-rs training hyper-parameters; omitted means fsrs-rs's defaults. */
  readonly trainingConfig?: TrainingConfig;
}

function byTime(reviews: readonly ReviewEvent[]): ReviewEvent[] {
  return [...reviews].sort((a, b) => a.reviewedAt.getTime() - b.reviewedAt.getTime());
}

/**
 * Splits one card's reviews into the learning histories fsrs-rs would train on: a reset (see
 * `startsNewHistory`) starts a new history, and a history whose first review is known to be a
 * `'review'`/`'relearning'` one is dropped (its start was never logged, so its first rating would
 * be misread as a first impression).
 *
 * @example
 * // logged mid-way (review, review), then reset and learnt again (new, learning, review):
 * trainingHistories(reviews).map((h) => h.length); // [3] — only the second history
 */
export function trainingHistories(reviews: readonly ReviewEvent[]): ReviewEvent[][] {
  const histories: ReviewEvent[][] = [];
  let current: ReviewEvent[] = [];
  let previous: ReviewEvent | undefined;
  for (const review of byTime(reviews)) {
    if (previous && startsNewHistory(previous.state, review.state)) {
      histories.push(current);
      current = [];
    }
    current.push(review);
    previous = review;
  }
  histories.push(current);
  return histories.filter((h) => h.length > 0 && h[0]?.state !== 'review' && h[0]?.state !== 'relearning');
}

/**
 * fsrs-rs training items, built the way the binding's `convertCsvToFsrsItems` builds them: for every
 * review k ≥ 1 of a history, the item holds reviews 0…k with Δt in whole UTC calendar days (0 for the
 * first), kept when some Δt > 0.
 *
 * @example
 * toFsrsItems(new Map([['c1', reviews]])).length; // one item per later review with a long-term gap
 */
export function toFsrsItems(reviewsByCard: ReviewsByCard): FSRSBindingItem[] {
  const items: FSRSBindingItem[] = [];
  for (const reviews of reviewsByCard.values()) {
    for (const history of trainingHistories(reviews)) {
      const bindingReviews: FSRSBindingReview[] = [];
      let longTerm = false;
      history.forEach((review, k) => {
        const deltaT = k === 0 ? 0 : Math.max(0, calendarDaysBetween((history[k - 1] as ReviewEvent).reviewedAt, review.reviewedAt));
        if (deltaT > 0) longTerm = true;
        bindingReviews.push(new FSRSBindingReview(review.rating, deltaT));
        if (k > 0 && longTerm) items.push(new FSRSBindingItem(bindingReviews.slice()));
      });
    }
  }
  return items;
}

/**
 * Fits FSRS-6 weights (21 numbers) to a history with fsrs-rs by minimising the log loss of
 * R(Δt, S) against recall over every review with a long-term gap. With too little history fsrs-rs
 * returns its defaults; with none at all this returns {@link DEFAULT_WEIGHTS} without calling it.
 *
 * @example
 * const weights = await optimizeParameters(reviewsByCard, { enableShortTerm: true });
 * nextStates(memory, now, { weights });
 */
export async function optimizeParameters(reviewsByCard: ReviewsByCard, options: OptimizeOptions = {}): Promise<number[]> {
  const items = toFsrsItems(reviewsByCard);
  if (items.length === 0) return [...DEFAULT_WEIGHTS];
  const weights = await computeParameters(items, {
    enableShortTerm: options.enableShortTerm ?? true,
    ...(options.numRelearningSteps !== undefined ? { numRelearningSteps: options.numRelearningSteps } : {}),
    ...(options.trainingConfig ? { trainingConfig: options.trainingConfig } : {}),
  });
  return weights.length === DEFAULT_WEIGHTS.length && weights.every(Number.isFinite) ? weights : [...DEFAULT_WEIGHTS];
}

/** Every review of the history that has an earlier one, predicted by plain FSRS with `weights`. */
function fsrsCases(weights: readonly number[], reviewsByCard: ReviewsByCard, enableShortTerm = true): RecallCase[] {
  const model = createMemoryModel(weights, { enableShortTerm });
  const cases: RecallCase[] = [];
  for (const reviews of reviewsByCard.values()) cases.push(...recallCases(reviews, model));
  return cases;
}

/**
 * How well `weights` predict a history: each review with an earlier review of its card is predicted
 * as R(t, S) from the card's earlier reviews, and scored by log loss, RMSE(bins) and AUC
 * (srs-benchmark's definitions, see engine/scheduler/metrics.ts). In-sample when the weights were
 * fitted to the same history.
 *
 * @example
 * evaluateParameters(weights, reviewsByCard); // { count: 8345, logLoss: 0.307, rmseBins: 0.040, auc: 0.72 }
 */
export function evaluateParameters(weights: readonly number[], reviewsByCard: ReviewsByCard, enableShortTerm = true): PredictionMetrics {
  return scorePredictions(fsrsCases(weights, reviewsByCard, enableShortTerm));
}

/**
 * Log loss of `weights` on a history: −(1/n) Σ [y ln p + (1−y) ln(1−p)] over the predicted reviews.
 *
 * @example
 * logLoss(DEFAULT_WEIGHTS, reviewsByCard) > logLoss(fitted, reviewsByCard); // usually
 */
export function logLoss(weights: readonly number[], reviewsByCard: ReviewsByCard): number {
  return evaluateParameters(weights, reviewsByCard).logLoss;
}

/**
 * Before/after figures for showing a learner what re-fitting changed, on the same history.
 *
 * @example
 * const { before, after } = compareParameters(current, await optimizeParameters(history), history);
 * `${before.logLoss.toFixed(3)} → ${after.logLoss.toFixed(3)}`;
 */
export function compareParameters(
  before: readonly number[],
  after: readonly number[],
  reviewsByCard: ReviewsByCard,
): { readonly before: PredictionMetrics; readonly after: PredictionMetrics } {
  return { before: evaluateParameters(before, reviewsByCard), after: evaluateParameters(after, reviewsByCard) };
}

/** Options for {@link fitRecallModel}. */
export interface RecallFitOptions extends OptimizeOptions {
  /** Cross-fitting folds for the correction (default 5). */
  readonly folds?: number;
  /** Fit the boosted correction at all (default true). */
  readonly correction?: boolean;
  /** Fewest out-of-fold cases to try a correction on (default 2000). */
  readonly minCases?: number;
}

/** How {@link fitRecallModel} went. */
export interface RecallFitReport {
  readonly cards: number;
  readonly outOfFoldCases: number;
  readonly trees: number;
  /** Log loss on the early-stopping fold: plain FSRS vs corrected (null when no correction was tried). */
  readonly validationLogLoss: { readonly base: number; readonly boosted: number } | null;
}

/**
 * A stable fold for a card id: FNV-1a of the id with a salt, so the folds do not line up with a
 * train/test split made by hashing the same ids.
 */
function foldOf(cardId: string, folds: number): number {
  const key = `fold:${cardId}`;
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0) % folds;
}

/**
 * Fits a {@link RecallModel} to a training history:
 * 1. FSRS-6 weights with fsrs-rs on all of it;
 * 2. cross-fitting: cards are split into `folds` folds by a hash of their id; for each fold, weights
 *    are fitted on the other folds and the fold's reviews are predicted (so every training review gets
 *    an honest out-of-fold R and features);
 * 3. boosted trees learn σ(logit R + Σ trees) from those out-of-fold cases, with the number of trees
 *    chosen by early stopping on the largest fold and then refitted on all folds. No trees are kept
 *    unless they beat plain FSRS on that fold, so small or odd histories get plain FSRS.
 *
 * @example
 * const { model } = await fitRecallModel(trainHistory);
 * predictRevlog(testRows, model);
 */
export async function fitRecallModel(
  reviewsByCard: ReviewsByCard,
  options: RecallFitOptions = {},
): Promise<{ readonly model: RecallModel; readonly report: RecallFitReport }> {
  const enableShortTerm = options.enableShortTerm ?? true;
  const folds = Math.max(2, Math.floor(options.folds ?? 5));
  const cardIds = [...reviewsByCard.keys()];
  const wantCorrection = (options.correction ?? true) && cardIds.length >= 2 * folds;
  const foldOfCard = new Map(cardIds.map((id) => [id, foldOf(id, folds)]));
  const part = (k: number, inFold: boolean): ReviewsByCard =>
    new Map([...reviewsByCard].filter(([id]) => (foldOfCard.get(id) === k) === inFold));
  // NOTE: fsrs-rs trains off the main thread, so the fits run side by side.
  const [weights = [...DEFAULT_WEIGHTS], ...foldWeights] = await Promise.all([
    optimizeParameters(reviewsByCard, options),
    ...(wantCorrection ? Array.from({ length: folds }, (_, k) => optimizeParameters(part(k, false), options)) : []),
  ]);
  const foldCases = foldWeights.map((w, k) => fsrsCases(w, part(k, true), enableShortTerm));
  const outOfFoldCases = foldCases.reduce((n, c) => n + c.length, 0);
  const plain = { model: plainRecallModel(weights, enableShortTerm), report: { cards: cardIds.length, outOfFoldCases, trees: 0, validationLogLoss: null } };
  if (!wantCorrection || outOfFoldCases < (options.minCases ?? 2000)) return plain;

  const data = (cases: readonly RecallCase[]): BoostingData => ({
    features: cases.map((c) => c.features),
    labels: cases.map((c) => c.y),
    baseMargins: cases.map((c) => logit(c.fsrsRecall)),
  });
  // Early stopping watches the largest fold; the others train.
  const largest = foldCases.reduce((best, c, k) => (c.length > (foldCases[best]?.length ?? 0) ? k : best), 0);
  const validation = foldCases[largest] ?? [];
  const rest = foldCases.filter((_, k) => k !== largest).flat();
  const early = fitBoostedTrees(data(rest), {}, data(validation));
  const report = { cards: cardIds.length, outOfFoldCases, trees: early.rounds, validationLogLoss: early.validationLogLoss };
  if (early.rounds === 0) return { model: plain.model, report };
  const final = fitBoostedTrees(data(foldCases.flat()), { maxRounds: early.rounds });
  if (final.model.featureCount !== RECALL_FEATURES.length) return { model: plain.model, report };
  return { model: { version: 1, weights, enableShortTerm, correction: final.model }, report };
}
