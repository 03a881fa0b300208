/**
 * Answer kinds: how learner text for one answer part is parsed and compared. This is the only
 * place answers are parsed and judged; families only declare their parts and expected values.
 *
 * Comparison policy, per kind:
 *  - number: parsed as a constant expression (no variables). First compared exactly with the
 *    expected value (rationals exactly; irrational constants to ≥ 30 certified digits by ball
 *    arithmetic). If that fails, an answer is accepted when (a) its value — whether typed as a
 *    decimal (`0.894`) or as an exact expression (`2*sqrt(5)/5`) — has relative error at most
 *    `tolerance.relative` (default 1e-4): a family that accepts decimals judges every answer by
 *    its value; or (b) it is a single decimal literal with at least `tolerance.roundedDigits`
 *    (default 3) significant digits that equals the exact value correctly rounded at the typed
 *    precision (0.894 for 2/√5 = 0.894427…). Any wrong answer within 1% gets the note
 *    `imprecise` (unless the family recognises a specific mistake). `EXACT_ONLY` disables (a)
 *    and (b): then only exact equality counts.
 *  - vector / matrix: the declared shape exactly (a column [[1],[2]] or a single row is read as
 *    a vector), then every entry as a number.
 *  - expression: algebraic equivalence in the declared variables (engine/equivalence.ts).
 *  - choice: one of the declared option ids (case-insensitive) or their labels.
 *  - none: the whole answer `none` (or 无, DNE) where the family allows it.
 */
import { type Expr, hasDecimalLiteral } from './ast';
import { parseExpr, type InvalidReason, type ParseFailure } from './parse';
import { equivalentExprs, evaluateConstant } from './equivalence';
import { Expression, exprOf } from './expression';
import { bi, type Bilingual } from './i18n';
import { WorkLimitExceeded } from './budget';

export type AnswerKind = 'number' | 'vector' | 'matrix' | 'expression' | 'choice';

/** How close a decimal answer must be (see the policy above). */
export interface Tolerance {
  /** Largest accepted relative error; 0 means exact only. */
  readonly relative: number;
  /** Minimum significant digits for the correctly-rounded rule; null disables the rule. */
  readonly roundedDigits: number | null;
}
export const DEFAULT_TOLERANCE: Tolerance = { relative: 1e-4, roundedDigits: 3 };
export const EXACT_ONLY: Tolerance = { relative: 0, roundedDigits: null };

interface PartBase {
  /** Key in the answer object (`{"x": "[1,2]", "value": "3"}`); `value` for single-part answers. */
  readonly name: string;
  readonly label: Bilingual;
}
export type AnswerPart =
  | (PartBase & { readonly kind: 'number'; readonly tolerance?: Tolerance })
  | (PartBase & { readonly kind: 'vector'; readonly length: number; readonly tolerance?: Tolerance })
  | (PartBase & { readonly kind: 'matrix'; readonly rows: number; readonly cols: number; readonly tolerance?: Tolerance })
  | (PartBase & { readonly kind: 'expression'; readonly variables: readonly string[] })
  | (PartBase & { readonly kind: 'choice'; readonly choices: readonly { readonly id: string; readonly label: Bilingual }[] });

/** What a learner is asked to give: the parts, and whether `none` is a possible answer. */
export interface AnswerSpec {
  readonly parts: readonly AnswerPart[];
  readonly noneAllowed: boolean;
}

/** The expected value of one part, exact. */
export type ExpectedPart =
  | { readonly kind: 'number'; readonly value: Expression }
  | { readonly kind: 'vector'; readonly value: readonly Expression[] }
  | { readonly kind: 'matrix'; readonly value: readonly (readonly Expression[])[] }
  | { readonly kind: 'expression'; readonly value: Expression }
  | { readonly kind: 'choice'; readonly value: string };

export type Expected = { readonly kind: 'none' } | { readonly kind: 'parts'; readonly parts: Readonly<Record<string, ExpectedPart>> };

/** A parsed learner part, with double approximations for mistake diagnosis. */
export type GivenPart =
  | { readonly kind: 'number'; readonly value: Expression; readonly approx: number }
  | { readonly kind: 'vector'; readonly value: readonly Expression[]; readonly approx: readonly number[] }
  | { readonly kind: 'matrix'; readonly value: readonly (readonly Expression[])[]; readonly approx: readonly (readonly number[])[] }
  | { readonly kind: 'expression'; readonly value: Expression }
  | { readonly kind: 'choice'; readonly value: string };

export type GivenAnswer = { readonly kind: 'none' } | { readonly kind: 'parts'; readonly parts: Readonly<Record<string, GivenPart>> };

export type PartParse = { readonly ok: true; readonly given: GivenPart; readonly expr?: Expr } | ParseFailure;

/** The message of the `undecided` verdict (budget or precision ran out). */
export const UNDECIDED_MESSAGE: Bilingual = bi(
  "Could not check this answer within the engine's limits; simplify it.",
  '无法在引擎的计算限度内检查这个答案；请化简后再提交。',
);

const failure = (reason: InvalidReason, message: Bilingual): ParseFailure => ({ ok: false, reason, message });

function describeShape(part: AnswerPart): Bilingual {
  switch (part.kind) {
    case 'number':
      return bi('a number', '一个数');
    case 'vector':
      return bi(`a vector of ${part.length} numbers`, `${part.length} 个数组成的向量`);
    case 'matrix':
      return bi(`a ${part.rows}×${part.cols} matrix`, `${part.rows}×${part.cols} 矩阵`);
    case 'expression':
      return bi(`an expression in ${part.variables.join(', ') || 'no variables'}`, `关于 ${part.variables.join(', ') || '（无变量）'} 的表达式`);
    case 'choice':
      return bi(`one of ${part.choices.map((c) => c.id).join(', ')}`, `以下之一：${part.choices.map((c) => c.id).join(', ')}`);
  }
}

function expected(part: AnswerPart): Bilingual {
  const shape = describeShape(part);
  return bi(`expected ${shape.en}`, `应为${shape.zh}`);
}

/** A scalar entry: a defined real constant. */
function scalar(e: Expr, part: AnswerPart): { ok: true; value: Expression; approx: number } | ParseFailure {
  if (e.t === 'vec') return failure('wrong-shape', expected(part));
  const v = evaluateConstant(e);
  if (v.kind === 'undefined') {
    return failure('not-real', bi('the value is not a real number (division by zero, or a root or log of a negative)', '结果不是实数（除以零，或负数开偶次方根、取对数）'));
  }
  if (v.kind === 'unknown') return failure('undecided', UNDECIDED_MESSAGE);
  if (!Number.isFinite(v.approx)) return failure('number-too-large', bi('number too large', '数太大'));
  return { ok: true, value: Expression.of(e), approx: v.approx };
}

/** Rows of a parsed array, as a vector if it is one (plain, a single row, or a single column). */
function asVector(e: Expr): readonly Expr[] | null {
  if (e.t !== 'vec') return null;
  if (e.items.every((i) => i.t !== 'vec')) return e.items;
  if (e.items.length === 1 && e.items[0]?.t === 'vec') return asVector(e.items[0]);
  if (e.items.every((i) => i.t === 'vec' && i.items.length === 1 && i.items[0]?.t !== 'vec')) {
    return e.items.map((i) => (i as Extract<Expr, { t: 'vec' }>).items[0] as Expr);
  }
  return null;
}

/**
 * Parses the learner's text for one part.
 *
 * @example
 * parsePart({ kind: 'vector', name: 'x', label, length: 3 }, '[1, 2]')
 * // { ok: false, reason: 'wrong-shape', message: { en: 'expected a vector of 3 numbers', ... } }
 */
export function parsePart(part: AnswerPart, answer: unknown): PartParse {
  let text = typeof answer === 'number' && Number.isFinite(answer) ? String(answer) : answer;
  if (part.kind === 'choice') {
    if (typeof text !== 'string') return failure('not-text', bi('the answer must be text', '答案必须是文本'));
    const trimmed = text.trim();
    const t = trimmed.toLowerCase();
    const hit = part.choices.find((c) => c.id.toLowerCase() === t || c.label.en.toLowerCase() === t || c.label.zh === trimmed);
    return hit ? { ok: true, given: { kind: 'choice', value: hit.id } } : failure('not-allowed', expected(part));
  }
  // Digit grouping in a single number: 268,435,456 or 268 435 456.
  if (part.kind === 'number' && typeof text === 'string' && /^\s*-?\d{1,3}([, ]\d{3})+(\.\d+)?\s*$/.test(text)) {
    text = text.replace(/[, ]/g, '');
  }
  const r = parseExpr(text, { variables: part.kind === 'expression' ? part.variables : [] });
  if (!r.ok) return r;
  const e = r.expr;
  switch (part.kind) {
    case 'number': {
      const s = scalar(e, part);
      return s.ok ? { ok: true, given: { kind: 'number', value: s.value, approx: s.approx }, expr: e } : s;
    }
    case 'expression':
      if (e.t === 'vec') return failure('wrong-shape', expected(part));
      return { ok: true, given: { kind: 'expression', value: Expression.of(e) }, expr: e };
    case 'vector': {
      const items = part.length === 1 && e.t !== 'vec' ? [e] : asVector(e);
      if (!items || items.length !== part.length) return failure('wrong-shape', expected(part));
      const values: Expression[] = [];
      const approx: number[] = [];
      for (const item of items) {
        const s = scalar(item, part);
        if (!s.ok) return s;
        values.push(s.value);
        approx.push(s.approx);
      }
      return { ok: true, given: { kind: 'vector', value: values, approx }, expr: e };
    }
    case 'matrix': {
      if (e.t !== 'vec' || e.items.length !== part.rows) return failure('wrong-shape', expected(part));
      const values: Expression[][] = [];
      const approx: number[][] = [];
      for (const row of e.items) {
        if (row.t !== 'vec' || row.items.length !== part.cols) return failure('wrong-shape', expected(part));
        const rv: Expression[] = [];
        const ra: number[] = [];
        for (const item of row.items) {
          const s = scalar(item, part);
          if (!s.ok) return s;
          rv.push(s.value);
          ra.push(s.approx);
        }
        values.push(rv);
        approx.push(ra);
      }
      return { ok: true, given: { kind: 'matrix', value: values, approx }, expr: e };
    }
  }
}

/** Verdict on one part. */
export interface PartVerdict {
  readonly correct: boolean;
  /** `imprecise`: a decimal within 1% that the tolerance does not accept. */
  readonly note?: 'imprecise';
}

/**
 * Compares a number answer with the exact expected value under `tolerance` (policy above).
 *
 * @example
 * compareNumber(Expression.parse('2/sqrt(5)'), Expression.parse('0.894'), DEFAULT_TOLERANCE)  // { correct: true }
 * compareNumber(Expression.parse('2/sqrt(5)'), Expression.parse('0.89'), DEFAULT_TOLERANCE)   // { correct: false, note: 'imprecise' }
 * compareNumber(Expression.parse('0.894427191'), Expression.parse('2*sqrt(5)/5'), DEFAULT_TOLERANCE)  // { correct: true } (by value)
 * compareNumber(Expression.parse('1/3'), Expression.parse('0.3333'), EXACT_ONLY)             // { correct: false, note: 'imprecise' }
 */
export function compareNumber(expectedValue: Expression, given: Expression, tolerance: Tolerance = DEFAULT_TOLERANCE): PartVerdict {
  const e = exprOf(expectedValue);
  const g = exprOf(given);
  const decimal = hasDecimalLiteral(g);
  const ev = evaluateConstant(e);
  const gv = evaluateConstant(g);
  const error = ev.kind === 'value' && gv.kind === 'value' ? Math.abs(gv.approx - ev.approx) : NaN;
  const relative = error / Math.max(Math.abs(ev.kind === 'value' ? ev.approx : 0), Number.MIN_VALUE);
  // Within tolerance is right whatever was typed (0.8944, 2*sqrt(5)/5): judged by its value.
  if (tolerance.relative > 0 && relative <= tolerance.relative) return { correct: true };
  const same = equivalentExprs(e, g);
  if (same.equivalent) return { correct: true };
  if (Number.isNaN(relative)) {
    if (same.method === 'undecided') throw new WorkLimitExceeded();
    return { correct: false };
  }
  if (!decimal) return relative <= 1e-2 ? { correct: false, note: 'imprecise' } : { correct: false };
  if (tolerance.roundedDigits !== null) {
    const literal = g.t === 'neg' && g.arg.t === 'num' ? g.arg : g.t === 'num' ? g : null;
    if (literal?.decimal && literal.decimal.digits >= tolerance.roundedDigits) {
      const halfUnit = 0.5 * 10 ** -literal.decimal.places;
      if (error <= halfUnit * (1 + 1e-9)) return { correct: true };
    }
  }
  return relative <= 1e-2 ? { correct: false, note: 'imprecise' } : { correct: false };
}

/** Compares one parsed part with its expected value. */
export function comparePart(part: AnswerPart, want: ExpectedPart, given: GivenPart): PartVerdict {
  const tolerance = 'tolerance' in part && part.tolerance ? part.tolerance : DEFAULT_TOLERANCE;
  const all = (verdicts: PartVerdict[]): PartVerdict => {
    if (verdicts.every((v) => v.correct)) return { correct: true };
    const nearly = verdicts.every((v) => v.correct || v.note === 'imprecise');
    return nearly ? { correct: false, note: 'imprecise' } : { correct: false };
  };
  if (want.kind === 'number' && given.kind === 'number') return compareNumber(want.value, given.value, tolerance);
  if (want.kind === 'vector' && given.kind === 'vector' && want.value.length === given.value.length) {
    return all(want.value.map((w, i) => compareNumber(w, given.value[i] as Expression, tolerance)));
  }
  if (want.kind === 'matrix' && given.kind === 'matrix' && want.value.length === given.value.length) {
    const verdicts: PartVerdict[] = [];
    want.value.forEach((row, i) => {
      const grow = given.value[i] ?? [];
      if (grow.length !== row.length) verdicts.push({ correct: false });
      else row.forEach((w, j) => verdicts.push(compareNumber(w, grow[j] as Expression, tolerance)));
    });
    return all(verdicts);
  }
  if (want.kind === 'expression' && given.kind === 'expression') {
    const r = equivalentExprs(exprOf(want.value), exprOf(given.value));
    // Precision ran out before a verdict: say so (checkAnswer answers 'undecided'), do not guess.
    if (r.method === 'undecided') throw new WorkLimitExceeded();
    return { correct: r.equivalent };
  }
  if (want.kind === 'choice' && given.kind === 'choice') return { correct: want.value === given.value };
  return { correct: false };
}

/** Canonical answer text for an expected part (parses back to an equal value). */
export function expectedText(want: ExpectedPart): string {
  switch (want.kind) {
    case 'number':
    case 'expression':
      return want.value.toString();
    case 'vector':
      return `[${want.value.map((v) => v.toString()).join(', ')}]`;
    case 'matrix':
      return `[${want.value.map((row) => `[${row.map((v) => v.toString()).join(', ')}]`).join(', ')}]`;
    case 'choice':
      return want.value;
  }
}
