/**
 * Algebraic equivalence as a teacher judges it (DESIGN.md): `a` and `b` are equivalent when
 *  (i) they are defined on the same real set up to a set of measure zero — isolated points such
 *      as the removable singularity of (x²−1)/(x+1) at −1 do not count, an interval does
 *      (√(x−1)·√(x+1) is defined on x ≥ 1 only, √(x²−1) also on x ≤ −1: not equivalent);
 * (ii) they are equal wherever both are defined (at every such point, isolated or not: ⌊x⌋+1
 *      and ⌈x⌉ differ at the integers, so they are not equivalent); and
 * (iii) there is at least one point where both are defined.
 * Power rules are never assumed: the evaluator implements real powers exactly as defined
 * (engine/evaluate.ts), and negative bases, fractional exponents, both signs are sampled.
 *
 * Decision procedure, cheapest first:
 *  1. shapes: a vector is never a scalar, vectors/matrices compare entry-wise with equal lengths;
 *  2. identical trees;
 *  3. exact: both sides rational expressions → N1·D2 = N2·D1 over ℚ (engine/polynomial.ts); two
 *     rational functions' domains differ only at zeros of denominators (measure zero);
 *  4. numeric, domain-aware: deterministic sample points at many scales and sign patterns
 *     (positive-only when mixed signs leave too few points in the common domain), near and
 *     exactly at breakpoints (zeros of arguments of √, log, |·|, denominators, integer values of
 *     ⌊·⌋/⌈·⌉ arguments, ties of max/min), evaluated in double-precision ball arithmetic. A point
 *     where both sides are certainly defined and their balls are far apart proves
 *     non-equivalence; a point where exactly one side is certainly defined proves different
 *     domains when two small random perturbations of it (relative 10⁻⁶) show the same asymmetry
 *     (the set has interior, so positive measure), and is ignored otherwise (an isolated point).
 *     An undecided point (overlap too wide, domain boundary, overflow) is re-evaluated in
 *     double-double and decimal ball arithmetic at up to 400 digits; finally two agreeing points
 *     are re-confirmed at high precision so differences below double precision (`sqrt(2)` vs
 *     `1.4142135623730951`) are caught.
 * All work is charged to the active budget (engine/budget.ts).
 */
import { Rational } from './rational';
import { children, freeVariables, isConstant, sameTree, type Expr } from './ast';
import { BallOps, decimalArith, doubleArith, isBall, UNDEFINED, type Ball, type Outcome } from './ball';
import { ddArith, type DD } from './double-double';
import { compileBall, foldExact, type BallProgram } from './evaluate';
import { sameRationalFunction, toRationalFunction } from './polynomial';
import { Rng } from './rng';

export type EquivalenceMethod = 'identical' | 'shape' | 'exact' | 'numeric' | 'domain' | 'undecided';

export interface EquivalenceResult {
  readonly equivalent: boolean;
  /** How the verdict was reached. `domain`: no common point found; `undecided`: precision ran out. */
  readonly method: EquivalenceMethod;
}

/**
 * At one point: equal, different, both undefined, only one side defined (`only-a`: a is defined,
 * b is not), or not decidable at this precision.
 */
type PointVerdict = 'agree' | 'differ' | 'neither' | 'only-a' | 'only-b' | 'unknown';

/** Precision of the double-double tier (≈ 31 digits; see double-double.ts). */
const DD_DIGITS = 30;

/** Most sample points re-evaluated in decimal arithmetic per comparison. */
const MAX_ESCALATIONS = 8;

const SCALES = [1, 2, 0.5, 3, 1.5, 5, 0.25, 10, 0.8, 30, 2.5, 100, 0.1, 1000, 4, 1e4, 0.05, 1e5, 7, 1e6];
const DYADIC = 2 ** 20;

/**
 * Decimal precisions tried: enough digits for the largest exact constant in the expressions
 * (literals and folded constant subtrees such as 10^40 + 1), plus 25, at least 30.
 */
function precisions(exprs: readonly Expr[]): number[] {
  let digits = 0;
  const stack = [...exprs];
  while (stack.length > 0) {
    const e = stack.pop() as Expr;
    if (e.t === 'var' || e.t === 'const') continue;
    if (e.t !== 'vec' && isConstant(e)) {
      const q = foldExact(e);
      if (q instanceof Rational) {
        digits = Math.max(digits, q.num.toString().length + q.den.toString().length);
        continue;
      }
    }
    stack.push(...children(e));
  }
  const first = Math.min(300, Math.max(DD_DIGITS, 25 + digits));
  // NOTE: 400 digits of exp/ln cost milliseconds each; only huge literals ask for them.
  // The first tier at 30 digits runs in double-double, the others in decimal.js.
  return first > 100 ? [first, 400] : [first, Math.round(first * 2.5)];
}

/** One side compiled for one backend. */
interface Side<T> {
  readonly ops: BallOps<T>;
  readonly run: BallProgram<T>;
}

function compareAt<T>(a: Side<T>, b: Side<T>, vars: readonly Ball<T>[], agreeDigits: number, strict: number): PointVerdict {
  const A = a.ops.A;
  // The natural scale of the computation: the largest input or intermediate magnitude.
  const inputScale = vars.reduce((s, v) => Math.max(s, A.log10(v.m)), -Infinity);
  a.ops.scale = inputScale;
  b.ops.scale = inputScale;
  const va: Outcome<T> = a.run(vars);
  const vb: Outcome<T> = b.run(vars);
  if (va === UNDEFINED && vb === UNDEFINED) return 'neither';
  if (va === UNDEFINED) return isBall(vb) ? 'only-b' : 'unknown';
  if (vb === UNDEFINED) return isBall(va) ? 'only-a' : 'unknown';
  if (!isBall(va) || !isBall(vb)) return 'unknown';
  const diff = A.abs(A.sub(va.m, vb.m));
  const radius = A.add(va.r, vb.r);
  if (A.sign(diff) === 0 && A.sign(radius) === 0) return 'agree';
  if (A.cmp(diff, A.mul(radius, A.fromNumber(strict))) > 0) return 'differ';
  const scale = Math.max(a.ops.scale, b.ops.scale, A.log10(va.m), A.log10(vb.m));
  const width = A.log10(A.mul(radius, A.fromNumber(strict)));
  if (A.sign(radius) === 0 || width <= scale - agreeDigits) return 'agree';
  return 'unknown';
}

class ScalarComparison {
  readonly variables: readonly string[];
  readonly #a: Expr;
  readonly #b: Expr;
  readonly #index: Map<string, number>;
  readonly #double: [Side<number>, Side<number>];
  readonly #decimal = new Map<number, [Side<import('./mathjs-adapter').DecimalValue>, Side<import('./mathjs-adapter').DecimalValue>]>();
  readonly #precisions: number[];

  constructor(a: Expr, b: Expr, variables: readonly string[]) {
    this.#a = a;
    this.#b = b;
    this.variables = variables;
    this.#index = new Map(variables.map((v, i) => [v, i] as const));
    const opsA = new BallOps(doubleArith);
    const opsB = new BallOps(doubleArith);
    this.#double = [
      { ops: opsA, run: compileBall(a, opsA, this.#index) },
      { ops: opsB, run: compileBall(b, opsB, this.#index) },
    ];
    this.#precisions = precisions([a, b]);
  }

  #dd: [Side<DD>, Side<DD>] | undefined;

  #ddSides(): [Side<DD>, Side<DD>] {
    if (!this.#dd) {
      const opsA = new BallOps(ddArith);
      const opsB = new BallOps(ddArith);
      this.#dd = [
        { ops: opsA, run: compileBall(this.#a, opsA, this.#index) },
        { ops: opsB, run: compileBall(this.#b, opsB, this.#index) },
      ];
    }
    return this.#dd;
  }

  #decimalSides(precision: number) {
    let sides = this.#decimal.get(precision);
    if (!sides) {
      const arith = decimalArith(precision);
      const opsA = new BallOps(arith);
      const opsB = new BallOps(arith);
      sides = [
        { ops: opsA, run: compileBall(this.#a, opsA, this.#index) },
        { ops: opsB, run: compileBall(this.#b, opsB, this.#index) },
      ];
      this.#decimal.set(precision, sides);
    }
    return sides;
  }

  /** Point values are dyadic rationals k/2^20: exact in both backends. */
  atDouble(point: readonly number[]): PointVerdict {
    const vars = point.map((k) => ({ m: k / DYADIC, r: 0 }));
    return compareAt(this.#double[0], this.#double[1], vars, 9, 64);
  }

  atHighPrecision(point: readonly number[]): PointVerdict {
    if (this.#precisions[0] === DD_DIGITS) {
      const [a, b] = this.#ddSides();
      const A = a.ops.A;
      const vars = point.map((k) => ({ m: A.div(A.fromNumber(k), A.fromNumber(DYADIC)), r: A.zero }));
      const verdict = compareAt(a, b, vars, Math.floor(DD_DIGITS * 0.75), 2);
      if (verdict !== 'unknown') return verdict;
    }
    // NOTE: double-double has the range of doubles; a point where a side leaves it (e^7000) is tried
    // at the same 30 digits in decimal.js first (≈ 4× cheaper than the next tier), then at more.
    for (const precision of this.#precisions) {
      const [a, b] = this.#decimalSides(precision);
      const A = a.ops.A;
      const vars = point.map((k) => ({ m: A.div(A.fromNumber(k), A.fromNumber(DYADIC)), r: A.zero }));
      const verdict = compareAt(a, b, vars, Math.floor(precision * 0.75), 2);
      if (verdict !== 'unknown') return verdict;
    }
    return 'unknown';
  }
}

/**
 * Breakpoints of the domain and of |·|, per variable: real roots of arguments of abs, sqrt, log,
 * asin/acos, of denominators and of bases of fractional powers, when such an argument is a
 * polynomial of degree ≤ 2 in a single variable (`abs(x+1000)` → x = −1000). Points are sampled
 * on both sides of them, so piecewise differences far from the origin are not missed.
 */
function breakpoints(exprs: readonly Expr[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const consider = (g: Expr) => {
    const vs = freeVariables(g);
    if (vs.length !== 1) return;
    const v = vs[0] as string;
    const f = toRationalFunction(g, [v]);
    if (!f || f === 'nowhere' || f.den.size !== 1) return;
    const [d] = f.den.values();
    if (!d || d.exps[0] !== 0) return;
    const coef = [0, 0, 0];
    for (const t of f.num.values()) {
      const k = t.exps[0] ?? 0;
      if (k > 2) return;
      coef[k] = t.coef.div(d.coef).toNumber();
    }
    const [c, b, a] = coef as [number, number, number];
    const roots: number[] = [];
    if (a === 0 && b !== 0) roots.push(-c / b);
    else if (a !== 0) {
      const disc = b * b - 4 * a * c;
      if (disc >= 0) roots.push((-b + Math.sqrt(disc)) / (2 * a), (-b - Math.sqrt(disc)) / (2 * a));
    }
    const list = out.get(v) ?? [];
    for (const r of roots) if (Number.isFinite(r) && Math.abs(r) < 1e12 && list.length < 16 && !list.includes(r)) list.push(r);
    out.set(v, list);
  };
  const stack = [...exprs];
  while (stack.length > 0) {
    const e = stack.pop() as Expr;
    switch (e.t) {
      case 'fn':
        if (['abs', 'sqrt', 'ln', 'log', 'log10', 'log2', 'asin', 'acos', 'sign'].includes(e.name)) consider(e.args[0] as Expr);
        if (e.name === 'floor' || e.name === 'ceil') {
          for (const k of [0, 1, -1, 2]) consider({ t: 'add', terms: [e.args[0] as Expr, { t: 'num', value: Rational.from(-k) }] });
        }
        if (e.name === 'max' || e.name === 'min') {
          for (let i = 0; i < e.args.length; i++) {
            for (let j = i + 1; j < e.args.length; j++) consider({ t: 'add', terms: [e.args[i] as Expr, { t: 'neg', arg: e.args[j] as Expr }] });
          }
        }
        if (e.name === 'asin' || e.name === 'acos') {
          consider({ t: 'add', terms: [e.args[0] as Expr, { t: 'num', value: Rational.one }] });
          consider({ t: 'add', terms: [e.args[0] as Expr, { t: 'num', value: Rational.one.neg() }] });
        }
        stack.push(...e.args);
        break;
      case 'div':
        consider(e.den);
        stack.push(e.num, e.den);
        break;
      case 'pow':
        if (!(e.exp.t === 'num' && e.exp.value.isInteger())) consider(e.base);
        stack.push(e.base, e.exp);
        break;
      case 'add':
        stack.push(...e.terms);
        break;
      case 'mul':
        stack.push(...e.factors);
        break;
      case 'neg':
        stack.push(e.arg);
        break;
      default:
        break;
    }
  }
  return out;
}

const OFFSETS = [0.01, 0.3, 1, 10, 100, 3];

/** Deterministic sample points (integers k, meaning k/2^20) for attempt i. */
function samplePoint(
  rng: Rng,
  variables: readonly string[],
  anchors: ReadonlyMap<string, readonly number[]>,
  attempt: number,
  positiveOnly: boolean,
): number[] {
  const point: number[] = [];
  variables.forEach((name, v) => {
    const near = anchors.get(name);
    if (near && near.length > 0 && attempt % 6 === 5) {
      // Exactly at a breakpoint (0 included): isolated points where values or domains differ.
      point.push(Math.round(rng.pick(near) * DYADIC));
      return;
    }
    let value: number;
    if (near && near.length > 0 && attempt % 3 === 2) {
      const offset = (OFFSETS[(attempt + v) % OFFSETS.length] as number) * (0.2 + 0.8 * rng.float());
      value = rng.pick(near) + (rng.chance(0.5) ? offset : -offset);
    } else {
      const scale = SCALES[(attempt + 3 * v + rng.int(0, 2)) % SCALES.length] as number;
      const magnitude = scale * (0.07 + 0.93 * rng.float());
      value = positiveOnly || rng.chance(0.5) ? magnitude : -magnitude;
    }
    point.push(Math.round(value * DYADIC) || 1);
  });
  return point;
}

/**
 * A point near `point`: every coordinate moved by a random relative 10⁻⁶ (at least one unit of
 * 2⁻²⁰), either way.
 */
function perturb(rng: Rng, point: readonly number[]): number[] {
  return point.map((k) => {
    const step = Math.max(1, Math.round((Math.abs(k) + DYADIC) * 1e-6 * (1 + rng.float())));
    return k + (rng.chance(0.5) ? step : -step);
  });
}

/** Fewest sample points tried before an agreement is accepted (so breakpoints get their turn). */
const MIN_ATTEMPTS = 24;

function equivalentScalars(a: Expr, b: Expr): EquivalenceResult {
  if (sameTree(a, b)) return { equivalent: true, method: 'identical' };
  const variables = [...new Set([...freeVariables(a), ...freeVariables(b)])].sort();

  const fa = toRationalFunction(a, variables);
  const fb = toRationalFunction(b, variables);
  if (fa === 'nowhere' || fb === 'nowhere') return { equivalent: false, method: 'domain' };
  if (fa && fb) {
    const same = sameRationalFunction(fa, fb);
    if (same !== null) return { equivalent: same, method: 'exact' };
  }

  const constantA = variables.length === 0 ? foldExact(a) : null;
  const constantB = variables.length === 0 ? foldExact(b) : null;
  if (constantA === UNDEFINED || constantB === UNDEFINED) return { equivalent: false, method: 'domain' };
  if (constantA instanceof Rational && constantB instanceof Rational) {
    return { equivalent: constantA.equals(constantB), method: 'exact' };
  }

  const comparison = new ScalarComparison(a, b, variables);
  const anchors = variables.length > 0 ? breakpoints([a, b]) : new Map<string, number[]>();
  const rng = Rng.fromSeed(20240611);
  const jitter = Rng.fromSeed(7);
  const needed = variables.length === 0 ? 1 : 10;
  const attempts = variables.length === 0 ? 1 : 64;
  const agreed: Array<{ point: number[]; confirmed: boolean }> = [];
  let unknown = 0;
  // Decimal re-evaluations are the expensive step: a fixed number per call keeps hostile input
  // (towers like 2^2^2^2^x) fast, deterministically; the work budget bounds the rest.
  let escalations = 0;
  const decide = (point: readonly number[], escalate: boolean): { verdict: PointVerdict; confirmed: boolean } => {
    const verdict = comparison.atDouble(point);
    if (verdict !== 'unknown' || !escalate || escalations >= MAX_ESCALATIONS) return { verdict, confirmed: false };
    escalations++;
    return { verdict: comparison.atHighPrecision(point), confirmed: true };
  };
  for (let attempt = 0; attempt < attempts && (agreed.length < needed || attempt < MIN_ATTEMPTS); attempt++) {
    const positiveOnly = attempt >= 16 && agreed.length < 3 && attempt % 2 === 0;
    const point = samplePoint(rng, variables, anchors, attempt, positiveOnly);
    const exactAnchor = attempt % 6 === 5 && variables.some((v) => (anchors.get(v)?.length ?? 0) > 0);
    const { verdict, confirmed } = decide(point, !exactAnchor);
    if (verdict === 'differ') return { equivalent: false, method: 'numeric' };
    if (verdict === 'only-a' || verdict === 'only-b') {
      // Positive measure (the asymmetry survives small moves) or an isolated point (ignored)?
      const persistent = [0, 1].every(() => decide(perturb(jitter, point), true).verdict === verdict);
      if (persistent) return { equivalent: false, method: 'domain' };
    }
    if (verdict === 'agree') agreed.push({ point, confirmed });
    if (verdict === 'unknown') unknown++;
    if (unknown >= 8 && agreed.length === 0) break;
  }
  if (agreed.length === 0 || (variables.length > 0 && agreed.length < 3)) {
    return { equivalent: false, method: unknown > 0 ? 'undecided' : 'domain' };
  }
  let confirmations = agreed.filter((p) => p.confirmed).length;
  for (const entry of agreed) {
    if (confirmations >= 2) break;
    if (entry.confirmed) continue;
    const verdict = comparison.atHighPrecision(entry.point);
    if (verdict === 'differ') return { equivalent: false, method: 'numeric' };
    if (verdict === 'agree') confirmations++;
  }
  return { equivalent: true, method: 'numeric' };
}

/**
 * Are two parsed expressions (scalars, vectors or matrices) equivalent?
 *
 * @example
 * equivalentExprs(parse('(x-1)^2'), parse('x^2-2*x+1'))    // { equivalent: true, method: 'exact' }
 * equivalentExprs(parse('sqrt(x^2)'), parse('x'))          // { equivalent: false, method: 'numeric' }
 */
export function equivalentExprs(a: Expr, b: Expr): EquivalenceResult {
  if (a.t === 'vec' || b.t === 'vec') {
    if (a.t !== 'vec' || b.t !== 'vec' || a.items.length !== b.items.length) return { equivalent: false, method: 'shape' };
    let method: EquivalenceMethod = 'identical';
    for (let i = 0; i < a.items.length; i++) {
      const r = equivalentExprs(a.items[i] as Expr, b.items[i] as Expr);
      if (!r.equivalent) return r;
      if (r.method !== 'identical') method = r.method;
    }
    return { equivalent: true, method };
  }
  return equivalentScalars(a, b);
}

/** Value of a constant expression: a double approximation, undefined (not a real number), or unknown. */
export type ConstantValue = { readonly kind: 'value'; readonly approx: number } | { readonly kind: 'undefined' } | { readonly kind: 'unknown' };

/**
 * Evaluates a variable-free expression: exactly when rational, else in ball arithmetic with
 * increasing precision until the double nearest to the value is certain enough.
 *
 * @example
 * evaluateConstant(parse('2*sqrt(5)'))  // { kind: 'value', approx: 4.47213595499958 }
 * evaluateConstant(parse('sqrt(-1)'))   // { kind: 'undefined' }
 */
export function evaluateConstant(e: Expr): ConstantValue {
  if (e.t === 'vec' || freeVariables(e).length > 0) return { kind: 'unknown' };
  const exact = foldExact(e);
  if (exact === UNDEFINED) return { kind: 'undefined' };
  if (exact instanceof Rational) return { kind: 'value', approx: exact.toNumber() };
  const none = new Map<string, number>();
  const ops = new BallOps(doubleArith);
  const v = compileBall(e, ops, none)([]);
  if (v === UNDEFINED) return { kind: 'undefined' };
  if (isBall(v)) {
    if (v.r <= Math.abs(v.m) * 1e-12) return { kind: 'value', approx: v.m };
    // Zero up to rounding at the scale of the computation (e.g. e − e): no need for 400 digits.
    if (Math.abs(v.m) <= v.r && v.r <= 10 ** ops.scale * 1e-13) return { kind: 'value', approx: 0 };
  }
  const ddOps = new BallOps(ddArith);
  const dv = compileBall(e, ddOps, none)([]);
  if (dv === UNDEFINED) return { kind: 'undefined' };
  if (isBall(dv)) {
    const m = dv.m.hi + dv.m.lo;
    const r = dv.r.hi;
    if (r <= Math.abs(m) * 1e-17) return { kind: 'value', approx: m };
    if (Math.abs(m) <= r && r <= 10 ** ddOps.scale * 1e-25) return { kind: 'value', approx: 0 };
  }
  for (const precision of [40, 100, 400]) {
    const dops = new BallOps(decimalArith(precision));
    const d = compileBall(e, dops, none)([]);
    if (d === UNDEFINED) return { kind: 'undefined' };
    if (isBall(d)) {
      const A = dops.A;
      const m = A.toNumber(d.m);
      const lr = A.log10(d.r);
      if (A.sign(d.r) === 0 || lr <= A.log10(d.m) - 17 || (m === 0 && lr < -300)) return { kind: 'value', approx: m };
      if (A.cmp(A.abs(d.m), d.r) <= 0 && lr <= dops.scale - precision / 2) return { kind: 'value', approx: 0 };
    }
  }
  return { kind: 'unknown' };
}

/**
 * Evaluates an expression at a point in double precision (ball-checked): undefined outside the real
 * domain or when the value cannot be trusted to about 12 digits.
 */
export function compileNumeric(e: Expr, variables: readonly string[]): (values: readonly number[]) => number | undefined {
  const index = new Map(variables.map((v, i) => [v, i] as const));
  const ops = new BallOps(doubleArith);
  const run = compileBall(e, ops, index);
  return (values) => {
    ops.scale = Math.log10(Math.max(1e-300, ...values.map(Math.abs)));
    const v = run(values.map((m) => ({ m, r: Math.abs(m) * 2 ** -53 })));
    if (!isBall(v)) return undefined;
    return v.r <= Math.max(Math.abs(v.m), 10 ** ops.scale) * 1e-9 ? v.m : undefined;
  };
}
