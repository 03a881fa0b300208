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
import type { QuestionProblem } from './schema';

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
  readonly passed: number;
  readonly failed: number;
  /** The first failure: seed, level and what happened. */
  readonly firstFailure?: { readonly seed: number; readonly level: Level; readonly message: string };
}

export interface TestReport {
  readonly ok: boolean;
  readonly instances: number;
  readonly problems: readonly QuestionProblem[];
  readonly tests: readonly TestSummary[];
}

const verdictText = (r: CheckResult): string => (r.kind === 'invalid' ? `invalid (${r.reason}: ${r.message})` : `${r.correct ? 'correct' : 'incorrect'} (note ${r.note})`);

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
  const add = (path: string, message: string) => {
    if (problems.length >= maxProblems) return;
    const line = spec.lineOf(path);
    problems.push(line === undefined ? { path, message } : { path, line, message });
  };
  let instances = 0;
  for (const level of spec.levels) {
    for (let seed = first; seed < first + seeds && problems.length < maxProblems; seed++) {
      let drawn;
      try {
        drawn = drawInstance(spec, Rng.fromSeed(seed).fork(`${family.id}/${level}`), level);
      } catch (error) {
        if (error instanceof QuestionError) {
          add(error.path.join('.'), `seed ${seed}, level ${level}: ${error.message}`);
          continue;
        }
        throw error;
      }
      instances++;
      for (const f of drawn.verifyFailures) add(f.path, `seed ${seed}, level ${level}: verify failed on draw ${f.attempt} (redrawn, not shown): ${f.condition}`);
      const params = drawn.params;
      try {
        const canonical = answerTexts(family, params);
        const own = checkAnswer(family, params, canonical);
        if (own.kind !== 'graded' || !own.correct) add('answer', `seed ${seed}, level ${level}: the canonical answer ${JSON.stringify(canonical).slice(0, 120)} is judged ${verdictText(own)}`);
        const computed = computeAnswer(spec, drawn.env, new Budget());
        spec.tests.forEach((t, i) => {
          if (t.level !== undefined && t.level !== level) return;
          const summary = summaries[i] as (typeof summaries)[number];
          let message: string | undefined;
          try {
            if (t.when !== undefined) {
              const w = evaluate(t.when, drawn.env, new Budget());
              if (w.t !== 'bool') throw new QuestionError('a test\'s when must be true or false');
              if (!w.b) return;
            }
            const answer = testAnswerText(t.answer, computed, drawn.env, new Budget());
            const got = checkAnswer(family, params, answer);
            const ok =
              got.kind === 'graded'
                ? got.correct === t.correct && (t.note === undefined || got.note === t.note)
                : !t.correct && (t.note === undefined || t.note === got.reason);
            if (!ok) message = `answer ${JSON.stringify(answer).slice(0, 120)} should be ${t.correct ? 'correct' : 'incorrect'}${t.note ? ` (note ${t.note})` : ''} but is ${verdictText(got)}`;
          } catch (error) {
            if (!(error instanceof QuestionError || error instanceof EngineError)) throw error;
            message = error.message;
          }
          if (message === undefined) summary.passed++;
          else {
            summary.failed++;
            if (!summary.firstFailure) {
              summary.firstFailure = { seed, level, message };
              add(t.path, `test fails at seed ${seed}, level ${level}: ${message}`);
            }
          }
        });
      } catch (error) {
        if (error instanceof EngineError) add('', `seed ${seed}, level ${level}: ${error.message}`);
        else throw error;
      }
    }
  }
  return {
    ok: problems.length === 0,
    instances,
    problems,
    tests: summaries.map((s) => (s.firstFailure ? s : { path: s.path, passed: s.passed, failed: s.failed })),
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
    if (error instanceof EngineError) return { ok: false, problems: [{ path: '', message: error.message }] };
    throw error;
  }
  if (!compiled.ok) return { ok: false, problems: compiled.problems };
  const report = runQuestionTests(compiled, options);
  if (!report.ok) return { ok: false, problems: report.problems, report, compiled };
  return { ...compiled, report };
}
