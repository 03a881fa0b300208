/**
 * The engine's operations on families: generate, solve, check, verify, steps, preview,
 * equivalence. Everything the app and the batch CLI need goes through these functions.
 */
import { Rng, type Seed } from './rng';
import { InvalidParamsError } from './errors';
import { pick, bi, type Bilingual, type Lang } from './i18n';
import { isNoneAnswer, parseExpr, type InvalidReason } from './parse';
import {
  comparePart,
  expectedText,
  parsePart,
  type AnswerKind,
  type AnswerPart,
  type AnswerSpec,
  type GivenAnswer,
  type GivenPart,
  type PartVerdict,
  UNDECIDED_MESSAGE,
} from './answers';
import { equivalentExprs, type EquivalenceMethod } from './equivalence';
import { remainingWork, tryWithBudget, WORK_LIMITS } from './budget';
import { toTex } from './tex';
import type { JsonObject, Level, ProblemFamily, Verification } from './family';
import type { ProgramSetup, TensorProgram } from './tensor-runs/protocol';

/** A generated exercise. A card stores `familyId + version + seed + level` and rebuilds it. */
export interface Instance {
  readonly familyId: string;
  readonly version: number;
  readonly seed: Seed;
  readonly level: Level;
  readonly params: JsonObject;
  /** The question in Markdown + TeX. */
  prompt(lang: Lang): string;
  readonly answerSpec: AnswerSpec;
  /** The answer object of DESIGN.md (do not send it to the learner before they answer). */
  readonly answer: JsonObject;
}

/**
 * A fresh instance, deterministic in (family, seed, level): the family's generator draws from the
 * seed's stream forked by family id and level, so families sharing a seed are independent.
 *
 * @example
 * generateInstance(familyById('random-walk')!, 42, 'easy').params  // same object every run
 */
export function generateInstance(family: ProblemFamily, seed: Seed, level: Level = 'medium'): Instance {
  if (!family.levels.includes(level)) throw new InvalidParamsError(`${family.id} has no level ${String(level)}`);
  const rng = Rng.fromSeed(seed).fork(`${family.id}/${level}`);
  return family.use((def) => {
    const params = def.generate(rng, level);
    const solution = def.solve(params);
    return {
      familyId: def.id,
      version: def.version,
      seed,
      level,
      params,
      prompt: (lang: Lang) => def.prompt(params, lang),
      answerSpec: def.answerSpec(params),
      answer: solution.answer,
    };
  });
}

/** What a learner's stored instance is: a family version, a seed drawn for it, a level. */
export interface StoredInstance {
  readonly version: number;
  readonly seed: Seed;
  readonly level: Level;
}

/**
 * Rebuilds a stored instance — only from the family version its seed was drawn for, since another
 * version's `generate` may give other params for the same seed. Undefined when `family` is another
 * version (or lacks the level): the caller then gives the learner a new instance.
 *
 * @example
 * rebuildInstance(family, { version: 1, seed: 42, level: 'easy' })  // family.version === 1: the instance; else undefined
 */
export function rebuildInstance(family: ProblemFamily, stored: StoredInstance): Instance | undefined {
  return canRebuild(family, stored) ? generateInstance(family, stored.seed, stored.level) : undefined;
}

/** Can `family` rebuild the stored instance (same version, and the level exists)? Cheap: nothing is generated. */
export function canRebuild(family: ProblemFamily, stored: Omit<StoredInstance, 'seed'>): boolean {
  return family.version === stored.version && family.levels.includes(stored.level);
}

/** Validates client params (throws InvalidParamsError) and returns the family's answer object. */
export function solveParams(family: ProblemFamily, params: unknown): JsonObject {
  return family.use((def) => def.solve(def.parseParams(params)).answer);
}

/** The question for given params. */
export function renderPrompt(family: ProblemFamily, params: unknown, lang: Lang = 'en'): string {
  return family.use((def) => def.prompt(def.parseParams(params), lang));
}

/** The answer parts for given params. */
export function answerSpecOf(family: ProblemFamily, params: unknown): AnswerSpec {
  return family.use((def) => def.answerSpec(def.parseParams(params)));
}

/**
 * The worked solution in Markdown + TeX for given params.
 *
 * @example
 * renderSteps(familyById('random-walk')!, { n: 4, k: 2, p: '1/2' }, 'en')  // '… \binom{4}{3} …'
 */
export function renderSteps(family: ProblemFamily, params: unknown, lang: Lang = 'en'): string {
  return family.use((def) => {
    const p = def.parseParams(params);
    return def.steps(p, def.solve(p), lang);
  });
}

/** Runs the family's independent verification of its own solution. */
export async function verifyInstance(family: ProblemFamily, params: unknown): Promise<Verification> {
  return family.use(async (def) => {
    const p = def.parseParams(params);
    return def.verify(p, def.solve(p));
  });
}

/** The correct answer as text: `'none'`, or one text per part (`{value: '45/512'}`). */
export function answerTexts(family: ProblemFamily, params: unknown): 'none' | Readonly<Record<string, string>> {
  return family.use((def) => {
    const expected = def.solve(def.parseParams(params)).expected;
    if (expected.kind === 'none') return 'none';
    return Object.fromEntries(Object.entries(expected.parts).map(([k, v]) => [k, expectedText(v)]));
  });
}

/** Does the family have a tensor run (a practice page that runs tensors)? */
export function hasTensorRun(family: ProblemFamily): boolean {
  return family.use((def) => def.tensorRun !== undefined);
}

/** What an instance of a tensor family runs, and how the practice page draws it. */
export interface InstanceRun {
  readonly program: TensorProgram;
  /** The program's setup for the instance (JSON: the browser runs `program` with it). */
  readonly setup: ProgramSetup;
  /** Key of the figure component (the app's figure registry). */
  readonly figure: string;
  /** Instance facts for the figure (JSON). */
  readonly view: JsonObject;
}

/**
 * The tensor run of an instance; params are validated (InvalidParamsError), undefined when the family
 * has no tensor run.
 *
 * @example
 * instanceRun(familyById('walk-monte-carlo')!, params)?.program.run(tf, run.setup, seed)
 */
export function instanceRun(family: ProblemFamily, params: unknown): InstanceRun | undefined {
  return family.use((def) => {
    const run = def.tensorRun;
    if (!run) return undefined;
    const p = def.parseParams(params);
    return { program: run.program, setup: run.setup(p), figure: run.figure ?? run.program.kind, view: run.view?.(p) ?? {} };
  });
}

/** Result of checking an answer: bad input is a value, never an exception. */
export type CheckResult =
  | { readonly kind: 'invalid'; readonly reason: InvalidReason; readonly message: string; readonly part?: string }
  | {
      readonly kind: 'graded';
      readonly correct: boolean;
      /** Stable code: 'correct', 'incorrect', 'imprecise', 'answered-none', 'expected-none' or a family's own. */
      readonly note: string;
      readonly message: string;
      readonly parts: Readonly<Record<string, PartVerdict>>;
    };

export interface CheckOptions {
  readonly lang?: Lang;
}

const MESSAGES = {
  correct: bi('Correct.', '正确。'),
  incorrect: bi('Not correct.', '不正确。'),
  imprecise: bi('Close, but not precise enough: give more digits or an exact value.', '接近，但精度不够：请多给几位有效数字或给出精确值。'),
  answeredNone: bi('A solution exists here; "none" is not right.', '这里存在解，“无”不对。'),
  expectedNone: bi('There is no such value here; the answer is "none".', '这里不存在这样的值，答案是“无”。'),
} as const;

/**
 * Checks a learner's answer: text for a single-part answer (or `none`), or `{part: text}`.
 * Params are validated (InvalidParamsError for bad params — a caller bug, not learner input).
 *
 * @example
 * checkAnswer(familyById('random-walk')!, { n: 4, k: 2, p: '1/2' }, '1/4')
 * // { kind: 'graded', correct: true, note: 'correct', message: 'Correct.', parts: { value: { correct: true } } }
 */
export function checkAnswer(family: ProblemFamily, params: unknown, answer: unknown, options: CheckOptions = {}): CheckResult {
  const lang = options.lang ?? 'en';
  return family.use((def) => {
    const p = def.parseParams(params);
    const spec = def.answerSpec(p);
    const solution = def.solve(p);
    const invalid = (reason: InvalidReason, message: Bilingual, part?: string): CheckResult =>
      part === undefined ? { kind: 'invalid', reason, message: pick(message, lang) } : { kind: 'invalid', reason, message: pick(message, lang), part };

    // Everything that depends on the learner's text runs within the work budget: running out is
    // the verdict 'undecided', not a guess and not an exception.
    const judged = tryWithBudget(WORK_LIMITS.check, (): CheckResult => {
      const texts = answerTextsFrom(answer, spec);
      if (texts.kind === 'invalid') return invalid(texts.reason, texts.message);
      let given: GivenAnswer;
      if (texts.kind === 'none') given = { kind: 'none' };
      else {
        const parts: Record<string, GivenPart> = {};
        for (const part of spec.parts) {
          const r = parsePart(part, texts.parts.get(part.name));
          if (!r.ok) {
            const prefix = spec.parts.length > 1 ? `${part.name}: ` : '';
            return invalid(r.reason, bi(prefix + r.message.en, prefix + r.message.zh), part.name);
          }
          parts[part.name] = r.given;
        }
        given = { kind: 'parts', parts };
      }

      const expected = solution.expected;
      const verdicts: Record<string, PartVerdict> = {};
      let correct: boolean;
      let fallback: keyof typeof MESSAGES = 'incorrect';
      let note = 'incorrect';
      if (expected.kind === 'none') {
        correct = given.kind === 'none';
        if (!correct) [note, fallback] = ['expected-none', 'expectedNone'];
      } else if (given.kind === 'none') {
        correct = false;
        [note, fallback] = ['answered-none', 'answeredNone'];
      } else {
        for (const part of spec.parts) {
          const want = expected.parts[part.name];
          const got = given.parts[part.name];
          verdicts[part.name] = want && got ? comparePart(part, want, got) : { correct: false };
        }
        const all = Object.values(verdicts);
        correct = all.every((v) => v.correct);
        if (!correct && all.every((v) => v.correct || v.note === 'imprecise')) [note, fallback] = ['imprecise', 'imprecise'];
      }
      if (correct) return { kind: 'graded', correct, note: 'correct', message: pick(MESSAGES.correct, lang), parts: verdicts };
      // A diagnosis is a courtesy: it gets half of what is left, and the verdict stands without it.
      const diagnosed = def.diagnose ? tryWithBudget(remainingWork() / 2, () => def.diagnose?.(p, solution, given)) : undefined;
      const diagnosis = diagnosed?.ok ? diagnosed.value : undefined;
      if (diagnosis) return { kind: 'graded', correct, note: diagnosis.note, message: pick(diagnosis.message, lang), parts: verdicts };
      return { kind: 'graded', correct, note, message: pick(MESSAGES[fallback], lang), parts: verdicts };
    });
    return judged.ok ? judged.value : invalid('undecided', UNDECIDED_MESSAGE);
  });
}

type AnswerTexts =
  | { readonly kind: 'none' }
  | { readonly kind: 'parts'; readonly parts: ReadonlyMap<string, unknown> }
  | { readonly kind: 'invalid'; readonly reason: InvalidReason; readonly message: Bilingual };

function answerTextsFrom(answer: unknown, spec: AnswerSpec): AnswerTexts {
  const names = spec.parts.map((p) => p.name);
  if (typeof answer === 'number') answer = String(answer);
  if (typeof answer === 'string') {
    if (spec.noneAllowed && answer.length < 40 && isNoneAnswer(answer)) return { kind: 'none' };
    if (names.length === 1) return { kind: 'parts', parts: new Map([[names[0] as string, answer]]) };
    const trimmed = answer.trim();
    if (trimmed.startsWith('{') && trimmed.length <= 20_000) {
      try {
        return answerTextsFrom(JSON.parse(trimmed) as unknown, spec);
      } catch {
        // fall through to the message below
      }
    }
    return { kind: 'invalid', reason: 'missing-part', message: bi(`answer the parts ${names.join(', ')}`, `请分别回答：${names.join(', ')}`) };
  }
  if (typeof answer === 'object' && answer !== null && !Array.isArray(answer)) {
    // {"x": "none", "value": "none"} or {"answer": "none"}: every part given says none.
    const values = Object.values(answer as Record<string, unknown>);
    if (spec.noneAllowed && values.length > 0 && values.every((v) => typeof v === 'string' && v.length < 40 && isNoneAnswer(v))) {
      return { kind: 'none' };
    }
    const parts = new Map<string, unknown>();
    for (const name of names) {
      if (!Object.hasOwn(answer, name)) {
        return { kind: 'invalid', reason: 'missing-part', message: bi(`missing part ${name}`, `缺少部分 ${name}`) };
      }
      parts.set(name, (answer as Record<string, unknown>)[name]);
    }
    return { kind: 'parts', parts };
  }
  return { kind: 'invalid', reason: 'not-text', message: bi('the answer must be text', '答案必须是文本') };
}

/** A TeX preview of what was understood, or why the text cannot be read. */
export type Preview =
  | { readonly ok: true; readonly tex: string }
  | { readonly ok: false; readonly reason: InvalidReason; readonly message: string };

/**
 * Preview of an answer before it is submitted: the parsed answer as TeX (for KaTeX), or the
 * reason it cannot be read. `kind` alone allows any vector length / matrix shape and, for
 * expressions, any variable names; pass a family's `AnswerPart` for its exact rules.
 *
 * @example
 * previewAnswer('1/2x', 'expression')  // { ok: true, tex: '\frac{1}{2} \cdot x' }
 * previewAnswer('1:9', 'number')       // { ok: false, reason: 'bad-character', message: 'unexpected character ":"' }
 */
export function previewAnswer(text: unknown, kind: AnswerKind | AnswerPart, options: { lang?: Lang; noneAllowed?: boolean } = {}): Preview {
  const lang = options.lang ?? 'en';
  const r = tryWithBudget(WORK_LIMITS.check, () => previewWithin(text, kind, options, lang));
  return r.ok ? r.value : { ok: false, reason: 'undecided', message: pick(UNDECIDED_MESSAGE, lang) };
}

function previewWithin(text: unknown, kind: AnswerKind | AnswerPart, options: { noneAllowed?: boolean }, lang: Lang): Preview {
  if (options.noneAllowed && typeof text === 'string' && text.length < 40 && isNoneAnswer(text)) {
    return { ok: true, tex: lang === 'zh' ? '\\text{无}' : '\\text{none}' };
  }
  if (typeof kind === 'string') {
    if (kind === 'choice') {
      return typeof text === 'string' ? { ok: true, tex: `\\text{${text.replace(/[^A-Za-z0-9 -]/g, '').slice(0, 60)}}` } : { ok: false, reason: 'not-text', message: 'the answer must be text' };
    }
    const r = parseExpr(text, { variables: kind === 'expression' ? 'any' : [] });
    if (!r.ok) return { ok: false, reason: r.reason, message: pick(r.message, lang) };
    const isVec = r.expr.t === 'vec';
    if ((kind === 'number' || kind === 'expression') && isVec) {
      return { ok: false, reason: 'wrong-shape', message: pick(bi(`expected ${kind === 'number' ? 'a number' : 'an expression'}, not a list`, kind === 'number' ? '应为一个数，而不是列表' : '应为表达式，而不是列表'), lang) };
    }
    if ((kind === 'vector' || kind === 'matrix') && !isVec) {
      return { ok: false, reason: 'wrong-shape', message: pick(bi(`expected a ${kind} in brackets, e.g. [1, 2]`, '应为方括号中的向量或矩阵，例如 [1, 2]'), lang) };
    }
    return { ok: true, tex: toTex(r.expr) };
  }
  const r = parsePart(kind, text);
  if (!r.ok) return { ok: false, reason: r.reason, message: pick(r.message, lang) };
  return { ok: true, tex: r.expr ? toTex(r.expr) : `\\text{${r.given.kind === 'choice' ? r.given.value : ''}}` };
}

/** Result of comparing two expressions given as text. */
export type EquivalenceCheck =
  | { readonly kind: 'invalid'; readonly side: 'a' | 'b'; readonly reason: InvalidReason; readonly message: string }
  | { readonly kind: 'decided'; readonly equivalent: boolean; readonly method: Exclude<EquivalenceMethod, 'undecided'> }
  /** Neither proved nor refuted within the work budget or the precision limits: not a verdict. */
  | { readonly kind: 'undecided'; readonly equivalent: false; readonly reason: 'undecided'; readonly message: string };

/**
 * Algebraic equivalence of two texts in any variables (DESIGN.md): defined on the same real set
 * up to a set of measure zero (isolated points), and equal wherever both are defined — see
 * engine/equivalence.ts for the procedure and engine/evaluate.ts for the real-domain semantics.
 * Runs within `WORK_LIMITS.equivalence` units (engine/budget.ts); when the budget or the
 * precision runs out the answer is `kind: 'undecided'`, never a guess.
 *
 * @example
 * compareExpressions('cos(x)^2+sin(x)^2', '1')              // { kind: 'decided', equivalent: true, method: 'numeric' }
 * compareExpressions('sqrt(x-1)*sqrt(x+1)', 'sqrt(x^2-1)')  // { kind: 'decided', equivalent: false, method: 'domain' }
 * compareExpressions('(1+1e-300)^(1e300)+…', 'x')           // { kind: 'undecided', equivalent: false, reason: 'undecided', … }
 */
export function compareExpressions(a: unknown, b: unknown): EquivalenceCheck {
  const pa = parseExpr(a, { variables: 'any' });
  if (!pa.ok) return { kind: 'invalid', side: 'a', reason: pa.reason, message: pa.message.en };
  const pb = parseExpr(b, { variables: 'any' });
  if (!pb.ok) return { kind: 'invalid', side: 'b', reason: pb.reason, message: pb.message.en };
  const r = tryWithBudget(WORK_LIMITS.equivalence, () => equivalentExprs(pa.expr, pb.expr));
  if (!r.ok || r.value.method === 'undecided') {
    return { kind: 'undecided', equivalent: false, reason: 'undecided', message: UNDECIDED_MESSAGE.en };
  }
  return { kind: 'decided', equivalent: r.value.equivalent, method: r.value.method };
}

/**
 * `true` iff both texts parse and are algebraically equivalent.
 *
 * @example
 * equivalent('sqrt(x^2)', 'abs(x)')  // true
 * equivalent('sqrt(x^2)', 'x')       // false
 */
export function equivalent(a: string, b: string): boolean {
  const r = compareExpressions(a, b);
  return r.kind === 'decided' && r.equivalent;
}

/** One example answer of a family, run. */
export interface ExampleOutcome {
  readonly index: number;
  readonly ok: boolean;
  readonly expected: { readonly correct: boolean; readonly note?: string };
  readonly got: CheckResult;
}

/** Runs a family's example answers and reports each against its stated verdict. */
export function checkExamples(family: ProblemFamily): ExampleOutcome[] {
  return family.use((def) =>
    def.examples.map((example, index) => {
      const got = checkAnswer(family, example.params, example.answer);
      const ok =
        got.kind === 'graded'
          ? got.correct === example.correct && (example.note === undefined || got.note === example.note)
          : !example.correct && (example.note === undefined || example.note === got.reason);
      return { index, ok, expected: { correct: example.correct, ...(example.note ? { note: example.note } : {}) }, got };
    }),
  );
}
