/**
 * Answer checks and tensor reruns for requests, run in the check pool (lib/check-pool.ts) with a
 * deadline. An answer the engine cannot decide in its budget, or that overruns the deadline, gets
 * `{kind: 'invalid', reason: 'undecided', message}` — never an attempt counted against the learner.
 */
import { pick, type AnswerKind, type CheckResult, type JsonObject, type Lang, type Preview, type tensorRuns } from '@/engine';
import { checkPool } from './check-pool';
import type { CheckTask, QuestionSource } from './check-protocol';
import { HttpError } from './http';
import { renderRich } from './rich-text';
import type { CheckResponse } from './study-types';

/** How long one answer check may run (worked solution included); ordinary checks take milliseconds. */
export const checkDeadlineMs = 1_000;
/** How long one server rerun of a tensor program may run (programs are capped at `maxServerCost`). */
export const tensorRunDeadlineMs = 10_000;

export const undecidedMessage = {
  en: 'Could not check this answer within the time limit; simplify it.',
  zh: '无法在时限内检查这个答案，请化简后再试。',
} as const;

/** What a check gives: the engine's result, or undecided (the engine's own budget or the deadline). */
export type CheckVerdict = CheckResult | { readonly kind: 'invalid'; readonly reason: 'undecided'; readonly message: string };

export interface CheckedAnswer {
  readonly verdict: CheckVerdict;
  /** The worked solution (Markdown + TeX), when asked for and the check finished. */
  readonly steps?: string;
}

/** 503 with Retry-After: every check worker is taken and the queue is full. */
export function busy(): HttpError {
  return new HttpError(503, 'the server is busy checking other answers; try again in a moment', { 'Retry-After': '2' });
}

const clientCaused = ['InvalidParamsError', 'QuestionParamsError', 'InvalidSeedError', 'UnknownFamilyError'];

/** Errors a client caused inside a worker (bad params, unknown family) become 400s; others are bugs. */
export function fromWorker(error: { name: string; message: string }): Error {
  if (clientCaused.includes(error.name)) return new HttpError(400, error.message);
  return new Error(`check worker: ${error.name}: ${error.message}`);
}

/**
 * A learner's answer that makes the engine throw (a bug, e.g. an InternalError on an extreme power) is
 * logged and answered like one that could not be checked in time: never a 500, never an attempt.
 */
function checkerBug(error: { name: string; message: string }, lang: Lang): { readonly kind: 'invalid'; readonly reason: 'undecided'; readonly message: string } | undefined {
  if (clientCaused.includes(error.name)) return undefined;
  console.error(`answer check failed inside the engine: ${error.name}: ${error.message.slice(0, 300)}`);
  return { kind: 'invalid', reason: 'undecided', message: pick(undecidedMessage, lang) };
}

/** What a check is about: a family's instance, and the question file when the family was authored in the app. */
export interface CheckTarget {
  readonly family: string;
  readonly params: JsonObject;
  readonly question?: QuestionSource;
}

/** Checks an answer to a family instance in a worker, within `checkDeadlineMs`. */
export async function checkInWorker(target: CheckTarget, answer: unknown, lang: Lang, steps: Extract<CheckTask, { op: 'check' }>['steps']): Promise<CheckedAnswer> {
  const outcome = await checkPool().run({ op: 'check', ...target, answer, lang, steps }, checkDeadlineMs);
  if (outcome.kind === 'busy') throw busy();
  if (outcome.kind === 'failed') {
    const verdict = checkerBug(outcome.error, lang);
    if (verdict) return { verdict };
    throw fromWorker(outcome.error);
  }
  if (outcome.kind === 'timeout') return { verdict: { kind: 'invalid', reason: 'undecided', message: pick(undecidedMessage, lang) } };
  if (outcome.value.op !== 'check') throw new Error('check worker answered another task');
  return { verdict: outcome.value.result, ...(outcome.value.steps !== undefined ? { steps: outcome.value.steps } : {}) };
}

/** Reruns a tensor program in a worker (cpu backend), within `tensorRunDeadlineMs`. */
export async function tensorRunInWorker(program: tensorRuns.TensorProgram, seed: number): Promise<{ figures: tensorRuns.TensorFigures; ms: number }> {
  const outcome = await checkPool().run({ op: 'tensor-run', program, seed }, tensorRunDeadlineMs);
  if (outcome.kind === 'busy') throw busy();
  if (outcome.kind === 'failed') throw fromWorker(outcome.error);
  if (outcome.kind === 'timeout') throw new HttpError(503, 'the server could not rerun this program in time; try again later', { 'Retry-After': '10' });
  if (outcome.value.op !== 'tensor-run') throw new Error('check worker answered another task');
  return { figures: outcome.value.figures, ms: outcome.value.ms };
}

/**
 * The check API's answer shape for a worker's verdict. When the learner asked for the solution but the
 * check of their answer did not finish, the solution is fetched on its own (it does not depend on the answer).
 */
export async function checkResponse(checked: CheckedAnswer, target: CheckTarget, lang: Lang, reveal: boolean): Promise<CheckResponse> {
  const { verdict } = checked;
  let steps = checked.steps;
  if (reveal && steps === undefined) steps = (await checkInWorker(target, '', lang, 'always')).steps;
  return {
    kind: verdict.kind,
    correct: verdict.kind === 'graded' && verdict.correct,
    note: verdict.kind === 'graded' ? verdict.note : verdict.reason,
    message: verdict.message,
    ...(steps !== undefined ? { solutionHtml: renderRich(steps) } : {}),
  };
}

/** Parses an answer for its live preview in a worker (parsing is size-capped, but 4000 characters still take ~0.5 s). */
export async function previewInWorker(text: string, kind: AnswerKind, lang: Lang): Promise<Preview | { readonly ok: false; readonly reason: 'undecided'; readonly message: string }> {
  const outcome = await checkPool().run({ op: 'preview', text, kind, lang }, checkDeadlineMs);
  if (outcome.kind === 'busy') throw busy();
  if (outcome.kind === 'failed') {
    const undecided = checkerBug(outcome.error, lang);
    if (undecided) return { ok: false, reason: 'undecided', message: undecided.message };
    throw fromWorker(outcome.error);
  }
  if (outcome.kind === 'timeout') return { ok: false, reason: 'undecided', message: pick(undecidedMessage, lang) };
  if (outcome.value.op !== 'preview') throw new Error('check worker answered another task');
  return outcome.value.preview;
}
