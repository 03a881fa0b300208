// fsrs-rs for Node (MIT, open-spaced-repetition), loaded from its linux-x64 platform package directly.
// NOTE: the meta package `@open-spaced-repetition/binding` lists optional packages for every platform,
// and the registry these machines use lacks most of them, so `npm ci` rejects any lock file that names
// it. The platform package is all the meta package loads on linux-x64 anyway. The types below are the
// part of its generated index.d.ts that this project uses.
import { createRequire } from 'node:module';

export interface FSRSBindingReview {
  readonly rating: number;
  readonly deltaT: number;
}

export interface FSRSBindingItem {
  readonly reviews: FSRSBindingReview[];
  longTermReviewCnt(): number;
  includeLongTermReviews(): boolean;
}

export interface BindingMemoryState {
  readonly stability: number;
  readonly difficulty: number;
}

interface BindingItemState {
  readonly memory: BindingMemoryState;
  readonly interval: number;
}

export interface FSRSBinding {
  nextStates(
    current: BindingMemoryState | undefined | null,
    desiredRetention: number,
    daysElapsed: number,
  ): { readonly again: BindingItemState; readonly hard: BindingItemState; readonly good: BindingItemState; readonly easy: BindingItemState };
}

export interface TrainingConfig {
  numEpochs: number;
  batchSize: number;
  seed: number;
  maxSeqLen: number;
  learningRate: number;
  gamma: number;
}

export interface ComputeParametersOptions {
  enableShortTerm: boolean;
  numRelearningSteps?: number;
  trainingConfig?: TrainingConfig;
  timeout?: number;
}

interface Binding {
  FSRSBindingReview: new (rating: number, deltaT: number) => FSRSBindingReview;
  FSRSBindingItem: new (reviews: FSRSBindingReview[]) => FSRSBindingItem;
  BindingMemoryState: new (stability: number, difficulty: number) => BindingMemoryState;
  FSRSBinding: new (parameters?: number[]) => FSRSBinding;
  computeParameters(trainSet: FSRSBindingItem[], options?: ComputeParametersOptions): Promise<number[]>;
}

function load(): Binding {
  try {
    return createRequire(import.meta.url)('@open-spaced-repetition/binding-linux-x64-gnu') as Binding;
  } catch (error) {
    throw new Error(`the FSRS optimiser (fsrs-rs) needs linux-x64 with glibc: ${String(error)}`);
  }
}

const binding = load();

export const FSRSBindingReview = binding.FSRSBindingReview;
export const FSRSBindingItem = binding.FSRSBindingItem;
export const BindingMemoryState = binding.BindingMemoryState;
export const FSRSBinding = binding.FSRSBinding;
export const computeParameters = binding.computeParameters;
