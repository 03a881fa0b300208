/**
 * Question tests (as in STACK): every test answer, written as an expression of the variables, is
 * checked at many seeds of every level with the engine's own answer checking; each instance must
 * also verify and accept its own canonical answer. A failure names the seed and level.
 */
import { Rng } from '../rng';
import { checkAnswer, answerTexts, type CheckResult } from '../api';
import { EngineError } from '../errors';
import type { Level } from '../family';
import { QuestionError } from './errors';
import { Budget, evaluate } from './interpret';
import { compileQuestionFile, computeAnswer, drawInstance, testAnswerText, type CompiledQuestion } from './compile';
import { typeName } from './values';
import { englishOf, msg, type MessageArgs, type QuestionMessage, type QuestionMessageCode } from './messages';
import { problemAt, type QuestionProblem } from './schema';

export interface TestRunOptions {
  /** Seeds per level (default 20). */
  readonly seeds?: number;
  /** First seed (default 1): seeds firstSeed … firstSeed + seeds − 1. */
  readonly firstSeed?: number;
  /** Stop after this many problems (default 20). */
  readonly maxProblems?: number;
}

export interface TestSummary {
  readonly path: string;
  /** 1-based line of the test in the file, when known. */
  readonly line?: number;
  /** The test's answer as written, the verdict it must get, and where it applies. */
  readonly answer: string;
  readonly correct: boolean;
  readonly note?: string;
  readonly level?: Level;
  readonly passed: number;
  readonly failed: number;
  /** The first failure: seed, level and what happened (a message as data, and in English). */
  readonly firstFailure?: {
    readonly seed: number;
    readonly level: Level;
    readonly code: QuestionMessageCode;
    readonly args?: MessageArgs;
    readonly message: string;
  };
}

export interface TestReport {
  readonly ok: boolean;
  readonly instances: number;
  readonly problems: readonly QuestionProblem[];
  readonly tests: readonly TestSummary[];
}

/** What a check said, as a message; `zh` is the same check's message in Chinese (for an invalid answer). */
function verdictOf(r: CheckResult, zh: () => CheckResult): QuestionMessage {
  if (r.kind === 'graded') return msg(r.correct ? 'verdict-correct' : 'verdict-incorrect', { note: r.note });
  const other = zh();
  return msg('verdict-invalid', { reason: r.reason, message: { en: r.message, zh: other.message } });
}

const wanted = (correct: boolean, note: string | undefined): QuestionMessage =>
  note === undefined ? msg(correct ? 'want-correct' : 'want-incorrect') : msg(correct ? 'want-correct-note' : 'want-incorrect-note', { note });

/** The message of an error raised while running a test: a question-file message, or another engine error's English text. */
const detailOf = (error: QuestionError | EngineError): QuestionMessage =>
  'detail' in error && typeof error.detail === 'object' ? (error.detail as QuestionMessage) : msg('engine-error', { detail: error.message });

/**
 * Runs a compiled file's question tests over `seeds` seeds of every level.
 *
 * @example
 * runQuestionTests(compiled, { seeds: 50 }).ok
 */
export function runQuestionTests(compiled: CompiledQuestion, options: TestRunOptions = {}): TestReport {
  const { family, spec } = compiled;
  const seeds = options.seeds ?? 20;
  const first = options.firstSeed ?? 1;
  const maxProblems = options.maxProblems ?? 20;
  const problems: QuestionProblem[] = [];
  const summaries = spec.tests.map((t) => ({ path: t.path, passed: 0, failed: 0, firstFailure: undefined as TestSummary['firstFailure'] }));
  const add = (path: string, detail: QuestionMessage) => {
    if (problems.length >= maxProblems) return;
    problems.push(problemAt(path, spec.lineOf(path), detail));
  };
  const atSeed = (seed: number, level: Level, detail: QuestionMessage) => msg('at-seed', { seed, level, detail });
  let instances = 0;
  for (const level of spec.levels) {
    for (let seed = first; seed < first + seeds && problems.length < maxProblems; seed++) {
      let drawn;
      try {
        drawn = drawInstance(spec, Rng.fromSeed(seed).fork(`${family.id}/${level}`), level);
      } catch (error) {
        if (error instanceof QuestionError) {
          add(error.path.join('.'), atSeed(seed, level, error.detail));
          continue;
        }
        throw error;
      }
      instances++;
      for (const f of drawn.verifyFailures) add(f.path, atSeed(seed, level, msg('verify-redrawn', { attempt: f.attempt, condition: f.condition })));
      const params = drawn.params;
      try {
        const canonical = answerTexts(family, params);
        const own = checkAnswer(family, params, canonical);
        if (own.kind !== 'graded' || !own.correct) {
          const verdict = verdictOf(own, () => checkAnswer(family, params, canonical, { lang: 'zh' }));
          add('answer', atSeed(seed, level, msg('canonical-wrong', { answer: JSON.stringify(canonical).slice(0, 120), verdict })));
        }
        const computed = computeAnswer(spec, drawn.env, new Budget());
        spec.tests.forEach((t, i) => {
          if (t.level !== undefined && t.level !== level) return;
          const summary = summaries[i] as (typeof summaries)[number];
          let failure: QuestionMessage | undefined;
          try {
            if (t.when !== undefined) {
              const w = evaluate(t.when, drawn.env, new Budget());
              if (w.t !== 'bool') throw new QuestionError(msg('must-be-bool', { what: `${t.path}.when`, got: typeName(w) }));
              if (!w.b) return;
            }
            const answer = testAnswerText(t.answer, computed, drawn.env, new Budget());
            const got = checkAnswer(family, params, answer);
            const ok =
              got.kind === 'graded'
                ? got.correct === t.correct && (t.note === undefined || got.note === t.note)
                : !t.correct && (t.note === undefined || t.note === got.reason);
            if (!ok) {
              const verdict = verdictOf(got, () => checkAnswer(family, params, answer, { lang: 'zh' }));
              failure = msg('test-mismatch', { answer: JSON.stringify(answer).slice(0, 120), want: wanted(t.correct, t.note), got: verdict });
            }
          } catch (error) {
            if (!(error instanceof QuestionError || error instanceof EngineError)) throw error;
            failure = detailOf(error);
          }
          if (failure === undefined) summary.passed++;
          else {
            summary.failed++;
            if (!summary.firstFailure) {
              summary.firstFailure = { seed, level, code: failure.code, ...(failure.args ? { args: failure.args } : {}), message: englishOf(failure) };
              add(t.path, msg('test-fails', { seed, level, detail: failure }));
            }
          }
        });
      } catch (error) {
        if (error instanceof EngineError) add('', atSeed(seed, level, detailOf(error)));
        else throw error;
      }
    }
  }
  return {
    ok: problems.length === 0,
    instances,
    problems,
    tests: summaries.map((s, i) => {
      const t = spec.tests[i] as (typeof spec.tests)[number];
      const line = spec.lineOf(t.path);
      return {
        path: s.path,
        ...(line !== undefined ? { line } : {}),
        answer: t.source,
        correct: t.correct,
        ...(t.note !== undefined ? { note: t.note } : {}),
        ...(t.level !== undefined ? { level: t.level } : {}),
        passed: s.passed,
        failed: s.failed,
        ...(s.firstFailure ? { firstFailure: s.firstFailure } : {}),
      };
    }),
  };
}

export type AcceptResult =
  | ({ readonly ok: true; readonly report: TestReport } & CompiledQuestion)
  | { readonly ok: false; readonly problems: readonly QuestionProblem[]; readonly report?: TestReport; readonly compiled?: CompiledQuestion };

/**
 * Compiles a file and runs its tests: what must pass before a family is accepted (published).
 *
 * @example
 * const r = acceptQuestionFile(text, { seeds: 20 });
 * if (!r.ok) r.problems  // [{ path: 'tests[1]', line: 40, message: 'test fails at seed 3, level easy: …' }]
 */
export function acceptQuestionFile(text: unknown, options: TestRunOptions = {}): AcceptResult {
  let compiled;
  try {
    compiled = compileQuestionFile(text);
  } catch (error) {
    if (error instanceof EngineError) return { ok: false, problems: [problemAt('', undefined, detailOf(error))] };
    throw error;
  }
  if (!compiled.ok) return { ok: false, problems: compiled.problems };
  const report = runQuestionTests(compiled, options);
  if (!report.ok) return { ok: false, problems: report.problems, report, compiled };
  return { ...compiled, report };
}
