/**
 * Values of the question-file language. Scalars are engine expressions (exact: rationals, roots,
 * π, e, functions of the file's `symbols`) or certified approximations (`real`: a double and an
 * error bound, for values such as γ or H_n at large n that have no small exact form).
 */
import { Rational } from '../rational';
import { type Expr, num, isConstant, size } from '../expr';
import { foldExact } from '../evaluate';
import { evaluateConstant } from '../equivalence';
import { UNDEFINED } from '../ball';
import { toTex, toText } from '../tex';
import { texNumber } from '../format';
import { QuestionError } from './errors';
import { msg, type MessageArg, type QuestionMessage } from './messages';

export type Scalar = { readonly t: 'x'; readonly e: Expr } | { readonly t: 'real'; readonly v: number; readonly err: number };
export type Val =
  | Scalar
  | { readonly t: 'vec'; readonly items: readonly Scalar[] }
  | { readonly t: 'mat'; readonly rows: readonly (readonly Scalar[])[] }
  | { readonly t: 'bool'; readonly b: boolean }
  | { readonly t: 'str'; readonly s: string };

export const exact = (e: Expr): Scalar => ({ t: 'x', e });
export const rat = (q: Rational | number | bigint): Scalar => ({ t: 'x', e: num(Rational.from(q)) });
export const bool = (b: boolean): Val => ({ t: 'bool', b });

export const isScalar = (v: Val): v is Scalar => v.t === 'x' || v.t === 'real';

/** What kind of value `v` is, for messages ("vector of 3"). */
export function typeName(v: Val): QuestionMessage {
  switch (v.t) {
    case 'x':
      return msg(isConstant(v.e) ? 'type-number' : 'type-expression');
    case 'real':
      return msg('type-number');
    case 'vec':
      return msg('type-vector', { size: v.items.length });
    case 'mat':
      return msg('type-matrix', { rows: v.rows.length, cols: v.rows[0]?.length ?? 0 });
    case 'bool':
      return msg('type-bool');
    case 'str':
      return msg('type-text');
  }
}

/** The exact rational value of a scalar, if it has one. */
export function rationalOf(v: Val): Rational | undefined {
  if (v.t !== 'x') return undefined;
  if (v.e.t === 'num') return v.e.value;
  if (!isConstant(v.e)) return undefined;
  const q = foldExact(v.e);
  return q instanceof Rational ? q : undefined;
}

const WHAT_VALUE = msg('what-value');

/** A double enclosure of a constant scalar: [v − err, v + err]. */
export function enclose(v: Scalar, what: MessageArg = WHAT_VALUE): { v: number; err: number } {
  if (v.t === 'real') return { v: v.v, err: v.err };
  if (v.e.t === 'num') {
    const x = v.e.value.toNumber();
    return { v: x, err: Math.abs(x) * 2 ** -52 };
  }
  if (!isConstant(v.e)) throw new QuestionError(msg('enclose-symbolic', { what, expr: toText(v.e).slice(0, 40) }));
  const q = foldExact(v.e);
  if (q === UNDEFINED) throw new QuestionError(msg('enclose-not-real', { what, expr: toText(v.e).slice(0, 60) }));
  const c = evaluateConstant(v.e);
  if (c.kind !== 'value') throw new QuestionError(msg('enclose-unevaluable', { what, expr: toText(v.e).slice(0, 60) }));
  // evaluateConstant certifies at least 12 significant digits.
  return { v: c.approx, err: Math.abs(c.approx) * 1e-12 + Number.MIN_VALUE };
}

/** The learner-style text of a value (parses back with the engine's answer parser). */
export function valueText(v: Val): string {
  switch (v.t) {
    case 'x':
      return toText(v.e);
    case 'real':
      return realText(v.v);
    case 'vec':
      return `[${v.items.map(valueText).join(', ')}]`;
    case 'mat':
      return `[${v.rows.map((r) => `[${r.map(valueText).join(', ')}]`).join(', ')}]`;
    case 'bool':
      return v.b ? 'true' : 'false';
    case 'str':
      return v.s;
  }
}

function realText(x: number): string {
  const s = x.toPrecision(15);
  return s.includes('e') ? String(Number(s)) : String(Number(s));
}

/** TeX of a value for prompts and steps; `digits` formats numbers as decimals. */
export function valueTex(v: Val, digits?: number): string {
  switch (v.t) {
    case 'x':
      if (digits !== undefined) return texNumber(enclose(v).v, digits);
      return toTex(v.e);
    case 'real':
      return texNumber(v.v, digits ?? 6);
    case 'vec':
      return `\\left(${v.items.map((i) => valueTex(i, digits)).join(',\\ ')}\\right)`;
    case 'mat':
      return `\\begin{pmatrix}${v.rows.map((r) => r.map((i) => valueTex(i, digits)).join(' & ')).join(' \\\\ ')}\\end{pmatrix}`;
    case 'bool':
      return v.b ? '\\text{true}' : '\\text{false}';
    case 'str':
      return `\\text{${v.s.replace(/[^A-Za-z0-9 .-]/g, '')}}`;
  }
}

/** The JSON of a param value (numbers where exact integers fit, "p/q" text otherwise). */
export function valueJson(v: Val): number | string | boolean | (number | string)[] | (number | string)[][] {
  switch (v.t) {
    case 'x': {
      const q = rationalOf(v);
      if (q && q.isInteger() && Number.isSafeInteger(Number(q.num))) return Number(q.num);
      return q ? q.toString() : toText(v.e);
    }
    case 'real':
      return v.v;
    case 'vec':
      return v.items.map((i) => valueJson(i) as number | string);
    case 'mat':
      return v.rows.map((r) => r.map((i) => valueJson(i) as number | string));
    case 'bool':
      return v.b;
    case 'str':
      return v.s;
  }
}

/** A double for answer objects (NaN never: throws instead). */
export function approxJson(v: Val): number | string | boolean | number[] | number[][] {
  switch (v.t) {
    case 'x':
      return isConstant(v.e) ? enclose(v).v : toText(v.e);
    case 'real':
      return v.v;
    case 'vec':
      return v.items.map((i) => enclose(i).v);
    case 'mat':
      return v.rows.map((r) => r.map((i) => enclose(i).v));
    case 'bool':
      return v.b;
    case 'str':
      return v.s;
  }
}

export const nodeCount = (v: Scalar): number => (v.t === 'x' ? size(v.e) : 1);
