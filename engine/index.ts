/**
 * Public entry point of the engine — the only module `problems/` and the app import.
 * Pure TypeScript: no framework, database, file system, clock or Math.random (see purity.test.ts).
 */
export { Rng, canonicalSeed, type Seed } from './rng';
export { Rational } from './rational';
export { Expression, type ExactLike } from './expression';
export {
  EngineError,
  InvalidParamsError,
  InvalidSeedError,
  UnknownFamilyError,
  ContentError,
  InternalError,
  type EngineErrorCode,
} from './errors';
export { bi, same, pick, asLang, type Bilingual, type Lang } from './i18n';
export { template, fill, fillSteps, type Template, type TextValue, type TextValues, type StepLine } from './text';
export type { InvalidReason } from './parse';
export {
  DEFAULT_TOLERANCE,
  EXACT_ONLY,
  type AnswerKind,
  type AnswerPart,
  type AnswerSpec,
  type Expected,
  type ExpectedPart,
  type GivenAnswer,
  type GivenPart,
  type PartVerdict,
  type Tolerance,
} from './answers';
export {
  defineFamily,
  defineTensorRun,
  defineNotes,
  createRegistry,
  memoByParams,
  LEVELS,
  type Level,
  type JsonValue,
  type JsonObject,
  type Solution,
  type Verification,
  type Diagnosis,
  type FamilyExample,
  type FamilyDefinition,
  type ProblemFamily,
  type FamilyRegistry,
  type TensorRun,
  type FamilyTask,
  type FamilyIdentity,
} from './family';
export { defineTaskFamily, type TaskFamilyDefinition, type TaskMap, type TaskParams } from './family-tasks';
export {
  generateInstance,
  rebuildInstance,
  canRebuild,
  type StoredInstance,
  solveParams,
  renderPrompt,
  answerSpecOf,
  renderSteps,
  verifyInstance,
  answerTexts,
  checkAnswer,
  previewAnswer,
  compareExpressions,
  equivalent,
  checkExamples,
  hasTensorRun,
  instanceRun,
  type InstanceRun,
  type Instance,
  type CheckResult,
  type CheckOptions,
  type Preview,
  type EquivalenceCheck,
  type ExampleOutcome,
} from './api';
export type { EquivalenceMethod } from './equivalence';
export * as params from './params';
export * as la from './linear-algebra';
export * as combinatorics from './combinatorics';
export * as tensor from './tensor';
export * as surds from './surds';
export { centralDifference, richardsonDifference, type NumericFunction } from './differences';
export * as tensorRuns from './tensor-runs';
export { near, fmt, texNumber, texInteger, numberedSteps } from './format';
export { createBatchHandler, MAX_LINE_LENGTH, type BatchHandler } from './batch';
