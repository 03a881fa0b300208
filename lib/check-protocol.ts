/**
 * Messages between the app and its check workers (lib/check-worker.ts, bundled to dist/check-worker.mjs).
 * Everything here crosses a worker boundary by structured clone: plain data only.
 */
import type { AnswerKind, CheckResult, JsonObject, Lang, Level, Preview, tensorRuns } from '@/engine';
import type { QuestionMessage } from '@/engine/questions';
import type { QuestionFileReport, RawPreview } from './question-work';

/** A published question file: the worker compiles it (once per id@version) instead of looking the family up. */
export interface QuestionSource {
  readonly version: number;
  readonly yaml: string;
}

/**
 * Work a worker does for a request: an answer check, a rerun of a tensor program, an answer preview, a
 * question file's checks (compile, tests over `seeds` seeds per level, optional instance previews), or
 * one instance of a family for the authoring preview.
 */
export type CheckTask =
  | {
      readonly op: 'check';
      readonly family: string;
      readonly params: JsonObject;
      /** The question file of a family authored in the app (built-in families are in the bundle). */
      readonly question?: QuestionSource;
      readonly answer: unknown;
      readonly lang: Lang;
      /** Worked solution wanted: never, only when the answer is right, or always (the learner asked for it). */
      readonly steps: 'never' | 'if-correct' | 'always';
    }
  | { readonly op: 'tensor-run'; readonly program: tensorRuns.TensorProgram; readonly seed: number }
  | { readonly op: 'preview'; readonly text: string; readonly kind: AnswerKind; readonly lang: Lang }
  | { readonly op: 'question-file'; readonly yaml: string; readonly seeds: number; readonly preview?: { readonly seed: number; readonly lang: Lang } }
  | { readonly op: 'family-preview'; readonly family: string; readonly question?: QuestionSource; readonly seed: number; readonly level: Level; readonly lang: Lang };

export type CheckTaskValue =
  | { readonly op: 'check'; readonly result: CheckResult; readonly steps?: string }
  | { readonly op: 'tensor-run'; readonly figures: tensorRuns.TensorFigures; readonly ms: number }
  | { readonly op: 'preview'; readonly preview: Preview }
  | { readonly op: 'question-file'; readonly report: QuestionFileReport }
  | { readonly op: 'family-preview'; readonly result: { readonly ok: true; readonly preview: RawPreview } | { readonly ok: false; readonly detail: QuestionMessage } };

/** An error thrown inside a worker, sent back by name so the app can map client-caused ones to 4xx. */
export interface WorkerError {
  readonly name: string;
  readonly code?: string;
  readonly message: string;
}

export type WorkerRequest = { readonly id: number; readonly task: CheckTask };
export type WorkerReply =
  | { readonly kind: 'ready' }
  | { readonly kind: 'done'; readonly id: number; readonly value: CheckTaskValue }
  | { readonly kind: 'failed'; readonly id: number; readonly error: WorkerError };
