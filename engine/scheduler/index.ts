/**
 * Scheduling: the ts-fsrs adapter, review-log parsing, recall prediction and its metrics.
 * Everything here is pure TypeScript and safe for the browser bundle; parameter fitting, which needs
 * the native fsrs-rs binding, lives in lib/fsrs-optimizer.ts.
 */
export {
  DEFAULT_SCHEDULER_SETTINGS,
  DEFAULT_WEIGHTS,
  FSRS6_WEIGHT_COUNT,
  RATINGS,
  applyReview,
  calendarDaysBetween,
  createMemoryModel,
  forgettingCurve,
  newCardMemory,
  nextStates,
  replay,
  replaySteps,
  resolveSchedulerSettings,
  retrievability,
  retrievabilityWith,
  startsNewHistory,
  CARD_STATES,
  stateCode,
  stateOfCode,
} from './fsrs';
export type {
  CardMemory,
  CardStateName,
  FsrsMemoryModel,
  LearningStep,
  MemoryState,
  NextStates,
  Rating,
  ResolvedSchedulerSettings,
  ReviewEvent,
  ScheduledOutcome,
  SchedulerSettings,
} from './fsrs';
export { SchedulerError } from './errors';
export type { SchedulerErrorReason } from './errors';
export { REVLOG_COLUMNS, groupRevlogByCard, parseRevlogCsv, revlogReviewsByCard } from './revlog';
export type { CardReviews, RevlogParseResult, RevlogRow, RevlogWarning } from './revlog';
export { LOG_LOSS_EPSILON, auc, logLoss, rmseBins, scorePredictions } from './metrics';
export type { PredictionMetrics, ScoredPrediction } from './metrics';
export { DEFAULT_BOOSTING_OPTIONS, boostedMargin, checkBoostedTrees, fitBoostedTrees } from './boosted-trees';
export type { BoostedTrees, BoostingData, BoostingFit, BoostingOptions, RegressionTree } from './boosted-trees';
export {
  MIN_RECALL_PROBABILITY,
  RECALL_FEATURES,
  checkRecallModel,
  logit,
  plainRecallModel,
  predictRecall,
  predictRevlog,
  recallCases,
} from './recall';
export type { RecallCase, RecallModel, RevlogPrediction } from './recall';
