/**
 * Predicting recall for a review log: FSRS-6's retrievability, optionally corrected by boosted trees
 * learnt from the same learner's history (lib/fsrs-optimizer.ts fits them; this file only applies
 * them, so the browser can too).
 *
 * For each review of a card that has an earlier review, the prediction uses only that card's earlier
 * reviews: memory (S, D) is replayed through FSRS from the first review (a reset starts it afresh, see
 * `startsNewHistory`), and
 *   p = R(t, S)                                    (plain FSRS), or
 *   p = σ(logit R(t, S) + Σₖ fₖ(features))         (with the fitted correction),
 * clipped to [10⁻⁴, 1 − 10⁻⁴]. t is whole UTC calendar days since the previous review, or the fraction
 * of a day when both fall on the same day (FSRS would say R = 1 there, which no one should bet on).
 */
import { boostedMargin, checkBoostedTrees, type BoostedTrees } from './boosted-trees';
import { SchedulerError } from './errors';
import {
  DEFAULT_WEIGHTS,
  FSRS6_WEIGHT_COUNT,
  calendarDaysBetween,
  createMemoryModel,
  startsNewHistory,
  type FsrsMemoryModel,
  type MemoryState,
  type Rating,
  type ReviewEvent,
} from './fsrs';
import type { ScoredPrediction } from './metrics';
import { groupRevlogByCard, type RevlogRow } from './revlog';

/**
 * Names of the features the correction sees, in order. All come from the card's own earlier reviews:
 * logit of FSRS's R, ln S, D, ln t (days, ≥ 1 minute), the last and second-to-last ratings (0 if
 * none), the review's position in the history, the shares of Again/Hard/Easy so far,
 * ln(t / previous interval) (−20 when there is none) and the first rating.
 */
export const RECALL_FEATURES = Object.freeze([
  'logitR',
  'lnStability',
  'difficulty',
  'lnElapsedDays',
  'lastRating',
  'previousRating',
  'reviewIndex',
  'againShare',
  'hardShare',
  'easyShare',
  'lnIntervalRatio',
  'firstRating',
] as const);

/** Clip for every published probability: never 0 or 1. */
export const MIN_RECALL_PROBABILITY = 1e-4;
const NO_PREVIOUS_INTERVAL = -20;
const DAY_MS = 86_400_000;

/**
 * One review that can be predicted (it has an earlier review in the same history), with what the
 * prediction needs and what happened.
 */
export interface RecallCase extends ScoredPrediction {
  /** Index of the review in the array given to {@link recallCases}. */
  readonly index: number;
  /** Plain FSRS: R(t, S), before clipping. */
  readonly fsrsRecall: number;
  /** Values for {@link RECALL_FEATURES}. */
  readonly features: readonly number[];
}

/**
 * Walks one card's reviews in time order (ties keep the given order) and returns a case for every
 * review after the first of its history, with `p` = FSRS's R clipped to [10⁻⁴, 1 − 10⁻⁴]. The first
 * review (and the first after a reset) only initialises memory.
 *
 * @example
 * const day = (d: number) => new Date(Date.UTC(2025, 0, 1 + d));
 * const cases = recallCases([
 *   { reviewedAt: day(0), rating: 3 },
 *   { reviewedAt: day(3), rating: 3 },
 *   { reviewedAt: day(12), rating: 1 },
 * ], createMemoryModel());
 * cases.length;         // 2
 * cases[0].elapsedDays; // 3
 * cases[1].y;           // 0 (Again)
 */
export function recallCases(reviews: readonly ReviewEvent[], model: FsrsMemoryModel): RecallCase[] {
  const order = reviews.map((_, i) => i);
  order.sort((a, b) => (reviews[a]?.reviewedAt.getTime() ?? 0) - (reviews[b]?.reviewedAt.getTime() ?? 0));
  const cases: RecallCase[] = [];
  let memory: MemoryState | null = null;
  let previous: ReviewEvent | null = null;
  let ratings: Rating[] = [];
  let lapses = 0;
  let previousInterval = 0;
  for (const index of order) {
    const review = reviews[index] as ReviewEvent;
    if (memory === null || previous === null) {
      memory = model.initial(review.rating);
      ratings = [review.rating];
      previous = review;
      continue;
    }
    const days = calendarDaysBetween(previous.reviewedAt, review.reviewedAt);
    const t = days >= 1 ? days : Math.max(0, review.reviewedAt.getTime() - previous.reviewedAt.getTime()) / DAY_MS;
    const fsrsRecall = model.retrievability(t, memory.stability);
    const count = ratings.length;
    const share = (r: Rating) => ratings.filter((x) => x === r).length / count;
    const features = [
      logit(fsrsRecall),
      Math.log(memory.stability),
      memory.difficulty,
      Math.log(Math.max(t, 1 / 1440)),
      ratings[count - 1] ?? 0,
      ratings[count - 2] ?? 0,
      count + 1,
      share(1),
      share(2),
      share(4),
      previousInterval > 0 ? Math.log(Math.max(t, 1 / 1440) / previousInterval) : NO_PREVIOUS_INTERVAL,
      ratings[0] ?? 0,
    ];
    cases.push({
      index,
      p: clipProbability(fsrsRecall),
      y: review.rating > 1 ? 1 : 0,
      elapsedDays: Math.max(0, days),
      reviewIndex: count + 1,
      lapses,
      fsrsRecall,
      features,
    });
    if (startsNewHistory(previous.state, review.state)) {
      memory = model.initial(review.rating);
      ratings = [review.rating];
      lapses = 0;
      previousInterval = 0;
    } else {
      memory = model.next(memory, Math.max(0, days), review.rating);
      ratings.push(review.rating);
      if (review.rating === 1 && days > 0) lapses++;
      previousInterval = Math.max(t, 1 / 1440);
    }
    previous = review;
  }
  return cases;
}

/**
 * Everything needed to predict recall for one learner: FSRS-6 weights and, optionally, the fitted
 * correction. Plain data — store it as JSON, check it with {@link checkRecallModel} when loading.
 */
export interface RecallModel {
  readonly version: 1;
  readonly weights: readonly number[];
  readonly enableShortTerm: boolean;
  /** Trees over {@link RECALL_FEATURES}; null means plain FSRS. */
  readonly correction: BoostedTrees | null;
}

/**
 * Plain FSRS-6 with the given weights (default: ts-fsrs's defaults) and no correction.
 *
 * @example
 * plainRecallModel().correction; // null
 */
export function plainRecallModel(weights: readonly number[] = DEFAULT_WEIGHTS, enableShortTerm = true): RecallModel {
  return { version: 1, weights: [...weights], enableShortTerm, correction: null };
}

/**
 * Validates a {@link RecallModel} (e.g. parsed from JSON); throws {@link SchedulerError} (reason
 * `'model'`) if it is malformed.
 *
 * @example
 * checkRecallModel(JSON.parse(JSON.stringify(plainRecallModel()))).version; // 1
 */
export function checkRecallModel(value: unknown): RecallModel {
  const v = value as Partial<RecallModel> | null;
  if (typeof v !== 'object' || v === null || v.version !== 1) throw new SchedulerError('model', 'recall model: unknown version');
  if (!Array.isArray(v.weights) || v.weights.length !== FSRS6_WEIGHT_COUNT || !v.weights.every((w) => Number.isFinite(w))) {
    throw new SchedulerError('model', `recall model: weights must be ${FSRS6_WEIGHT_COUNT} finite numbers`);
  }
  if (typeof v.enableShortTerm !== 'boolean') throw new SchedulerError('model', 'recall model: enableShortTerm must be a boolean');
  if (v.correction !== null) {
    const trees = checkBoostedTrees(v.correction);
    if (trees.featureCount !== RECALL_FEATURES.length) {
      throw new SchedulerError('model', `recall model: correction expects ${trees.featureCount} features, not ${RECALL_FEATURES.length}`);
    }
  }
  return v as RecallModel;
}

/**
 * The model's probability for one case: σ(logit R + Σ trees) with the correction, else R; clipped to
 * [10⁻⁴, 1 − 10⁻⁴].
 *
 * @example
 * predictRecall(plainRecallModel(), cases[0]); // = cases[0].p
 */
export function predictRecall(model: RecallModel, recallCase: Pick<RecallCase, 'fsrsRecall' | 'features'>): number {
  if (model.correction === null) return clipProbability(recallCase.fsrsRecall);
  return clipProbability(sigmoid(logit(recallCase.fsrsRecall) + boostedMargin(model.correction, recallCase.features)));
}

/** One prediction for a revlog row. */
export interface RevlogPrediction {
  readonly row: RevlogRow;
  readonly pRecall: number;
  readonly case: RecallCase;
}

/**
 * Predicts every row of a review log that has an earlier review of the same card, from that card's
 * earlier rows only, and returns the predictions in the rows' original order. Rows of a card with the
 * same timestamp keep file order (the earlier line counts as earlier).
 *
 * @example
 * const parsed = parseRevlogCsv(text);
 * if (parsed.kind === 'parsed') predictRevlog(parsed.rows, plainRecallModel(weights)).map((x) => x.pRecall);
 */
export function predictRevlog(rows: readonly RevlogRow[], model: RecallModel): RevlogPrediction[] {
  const memoryModel = createMemoryModel(model.weights, { enableShortTerm: model.enableShortTerm });
  const position = new Map<RevlogRow, number>();
  rows.forEach((row, i) => position.set(row, i));
  const out: { at: number; prediction: RevlogPrediction }[] = [];
  for (const card of groupRevlogByCard(rows)) {
    for (const c of recallCases(card.reviews, memoryModel)) {
      const row = card.rows[c.index] as RevlogRow;
      out.push({ at: position.get(row) ?? 0, prediction: { row, pRecall: predictRecall(model, c), case: c } });
    }
  }
  out.sort((a, b) => a.at - b.at);
  return out.map((x) => x.prediction);
}

/**
 * log(p / (1 − p)) with p clipped to [10⁻⁶, 1 − 10⁻⁶], so R = 1 stays finite.
 *
 * @example
 * logit(0.5); // 0
 */
export function logit(p: number): number {
  const q = Math.min(Math.max(p, 1e-6), 1 - 1e-6);
  return Math.log(q / (1 - q));
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

function clipProbability(p: number): number {
  return Math.min(Math.max(p, MIN_RECALL_PROBABILITY), 1 - MIN_RECALL_PROBABILITY);
}
