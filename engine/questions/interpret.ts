/**
 * The evaluator of question-file expressions: exact arithmetic on the engine's AST (rationals
 * over bigint, symbolic expressions in the file's `symbols`), vectors and matrices of those, and
 * certified double enclosures for the few values with no small exact form (γ, H_n for large n).
 * Every step is charged to a `Budget`, and every size (bits, nodes, lengths) is capped, so a hostile
 * file fails with a BudgetError instead of running long. Nothing here calls mathjs.
 */
import { Rational } from '../rational';
import { type Expr, num, variable, isConstant, size, substitute, PI, E, freeVariables } from '../expr';
import { foldExact } from '../evaluate';
import { UNDEFINED } from '../ball';
import { sAdd, sMul, sNeg, sDiv, sPow, derivative, simplify } from '../calculus';
import { equivalentExprs, evaluateConstant } from '../equivalence';
import * as la from '../linear-algebra';
import { toText } from '../tex';
import { BudgetError, QuestionError } from './errors';
import type { Node } from './syntax';
import { type Scalar, type Val, exact, rat, bool, isScalar, rationalOf, enclose, typeName } from './values';
import { msg, type MessageArg, type QuestionMessage } from './messages';

/** Caps on everything an expression can make the evaluator do (documented in docs/QUESTIONS.md). */
export const EVAL_LIMITS = {
  /** Work units per call (generate, solve, check, …); one unit ≈ one node or one 64-bit limb. */
  work: 1_500_000,
  rationalBits: 20_000,
  exprNodes: 4_000,
  vectorLength: 16,
  matrixSize: 8,
  symbolicMatrixSize: 4,
  sumLength: 10_000,
  searchLength: 100_000,
  factorial: 2_000,
  harmonicExact: 500,
  harmonic: 1_000_000,
  power: 10_000,
  intAbs: 10n ** 15n,
} as const;

/** A work counter shared by one call's evaluations. */
export class Budget {
  #used = 0;
  constructor(readonly limit: number = EVAL_LIMITS.work) {}
  /** Charges `units`; `during` names the work in the error (default: evaluation). */
  charge(units: number, during?: MessageArg): void {
    this.#used += units;
    if (this.#used > this.limit) throw new BudgetError(msg('budget-work', { limit: this.limit.toLocaleString('en'), during: during ?? DURING.evaluation }));
  }
  get used(): number {
    return this.#used;
  }
}

export type Env = ReadonlyMap<string, Val>;

const DURING = {
  evaluation: msg('during-evaluation'),
  comparison: msg('during-comparison'),
  simplification: msg('during-simplification'),
  equality: msg('during-equality'),
} as const;

const U = 2 ** -52;
const fail = (message: QuestionMessage): never => {
  throw new QuestionError(message);
};

/** Normalises an exact scalar: folds constants to rationals, enforces size caps. */
export function norm(e: Expr, budget: Budget): Scalar {
  if (e.t === 'num') {
    const bits = e.value.bitSize();
    budget.charge(1 + bits / 64);
    if (bits > EVAL_LIMITS.rationalBits) throw new BudgetError(msg('number-too-large', { max: EVAL_LIMITS.rationalBits }));
    return exact(e);
  }
  const n = size(e);
  budget.charge(n);
  if (n > EVAL_LIMITS.exprNodes) throw new BudgetError(msg('expression-too-large', { max: EVAL_LIMITS.exprNodes }));
  if (isConstant(e)) {
    const q = foldExact(e);
    if (q === UNDEFINED) fail(msg('not-real', { value: toText(e).slice(0, 60) }));
    if (q instanceof Rational) return norm(num(q), budget);
    budget.charge(n * 4, DURING.simplification);
    const folded = simplify(foldDeep(e, budget));
    return exact(tidySurd(folded, budget) ?? folded);
  }
  return exact(e);
}

/** Radicands of √n (n a positive integer) in a constant built from rationals and square roots only; null otherwise. */
function surdRadicands(e: Expr, out: Set<bigint>): boolean {
  switch (e.t) {
    case 'num':
      return true;
    case 'const':
    case 'var':
    case 'vec':
      return false;
    case 'fn':
      if (e.name === 'sqrt' && e.args[0]?.t === 'num' && e.args[0].value.isInteger() && e.args[0].value.sign() > 0) {
        out.add(e.args[0].value.num);
        return true;
      }
      return false;
    case 'pow':
      return e.exp.t === 'num' && e.exp.value.isInteger() && surdRadicands(e.base, out);
    default:
      return (e.t === 'add' ? e.terms : e.t === 'mul' ? e.factors : e.t === 'neg' ? [e.arg] : [e.num, e.den]).every((c) => surdRadicands(c, out));
  }
}

/** A rational p/q with q ≤ 10⁶ within 1e-12 relative of x (continued fractions), or null. */
function nearbyRational(x: number): Rational | null {
  if (!Number.isFinite(x) || Math.abs(x) > 1e12) return null;
  let [h0, h1, k0, k1] = [0n, 1n, 1n, 0n];
  let y = x;
  for (let i = 0; i < 40; i++) {
    const a = Math.floor(y);
    [h0, h1] = [h1, BigInt(a) * h1 + h0];
    [k0, k1] = [k1, BigInt(a) * k1 + k0];
    if (k1 > 1_000_000n) return null;
    const q = Rational.of(h1, k1);
    if (Math.abs(q.toNumber() - x) <= 1e-12 * Math.max(1, Math.abs(x))) return q;
    const frac = y - a;
    if (frac === 0) return null;
    y = 1 / frac;
  }
  return null;
}

/**
 * Writes a constant made of rationals and square roots as c·√r when it is one (checked exactly):
 * `(2*(-4/(2*sqrt(5))) + 3*(2/(2*sqrt(5))))/sqrt(13)` → `-sqrt(65)/65`.
 */
function tidySurd(e: Expr, budget: Budget): Expr | null {
  const radicands = new Set<bigint>();
  if (!surdRadicands(e, radicands) || radicands.size === 0 || radicands.size > 3) return null;
  const list = [...radicands];
  const candidates = new Set<bigint>([1n, ...list]);
  for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) candidates.add((list[i] as bigint) * (list[j] as bigint));
  const value = evaluateConstant(e);
  if (value.kind !== 'value') return null;
  for (const r of candidates) {
    const root = splitSquareRoot(Rational.from(r), budget);
    if (!root || root.t !== 'x') continue;
    const unit = evaluateConstant(root.e);
    if (unit.kind !== 'value' || unit.approx === 0) continue;
    const c = nearbyRational(value.approx / unit.approx);
    if (!c) continue;
    const candidate = c.isZero() ? num(0) : sMul(num(c), root.e);
    budget.charge(500, DURING.simplification);
    if (equivalentExprs(e, candidate).equivalent) return candidate;
  }
  return null;
}

/** Folds every rational-valued subtree of a constant and writes √q as s·√r. */
function foldDeep(e: Expr, budget: Budget): Expr {
  if (e.t === 'num' || e.t === 'const' || e.t === 'var') return e;
  const q = foldExact(e);
  if (q instanceof Rational) return num(q);
  switch (e.t) {
    case 'add':
      return sAdd(...e.terms.map((t) => foldDeep(t, budget)));
    case 'mul':
      return sMul(...e.factors.map((t) => foldDeep(t, budget)));
    case 'neg':
      return sNeg(foldDeep(e.arg, budget));
    case 'div':
      return sDiv(foldDeep(e.num, budget), foldDeep(e.den, budget));
    case 'pow':
      return sPow(foldDeep(e.base, budget), foldDeep(e.exp, budget));
    case 'fn': {
      const args = e.args.map((t) => foldDeep(t, budget));
      const a = args[0];
      if (e.name === 'sqrt' && a?.t === 'num' && a.value.sign() > 0) {
        const surd = splitSquareRoot(a.value, budget);
        if (surd && surd.t === 'x') return surd.e;
      }
      return { t: 'fn', name: e.name, args };
    }
    case 'vec':
      return { t: 'vec', items: e.items.map((t) => foldDeep(t, budget)) };
  }
}

// ---------- certified double enclosures ----------

type Real = { readonly t: 'real'; readonly v: number; readonly err: number };
const real = (v: number, err: number): Real => {
  if (!Number.isFinite(v) || !Number.isFinite(err)) fail(msg('approx-out-of-range'));
  return { t: 'real', v, err: err + Math.abs(v) * U };
};

function realOp(op: '+' | '-' | '*' | '/', a: Scalar, b: Scalar): Real {
  const x = enclose(a);
  const y = enclose(b);
  switch (op) {
    case '+':
      return real(x.v + y.v, x.err + y.err + Math.abs(x.v + y.v) * U);
    case '-':
      return real(x.v - y.v, x.err + y.err + Math.abs(x.v - y.v) * U);
    case '*':
      return real(x.v * y.v, Math.abs(x.v) * y.err + Math.abs(y.v) * x.err + x.err * y.err + Math.abs(x.v * y.v) * U);
    case '/': {
      if (Math.abs(y.v) <= y.err) fail(msg('division-maybe-zero'));
      const v = x.v / y.v;
      return real(v, (x.err + Math.abs(v) * y.err) / (Math.abs(y.v) - y.err) + Math.abs(v) * U);
    }
  }
}

/** A monotone function on an enclosure: the image of the interval's ends, widened by rounding. */
function realMonotone(f: (x: number) => number, a: Scalar, domain: (x: number) => boolean, what: MessageArg): Real {
  const x = enclose(a);
  const lo = x.v - x.err;
  const hi = x.v + x.err;
  if (!domain(lo) || !domain(hi)) fail(msg('not-defined-here', { what }));
  const v = f(x.v);
  const err = Math.max(Math.abs(f(lo) - v), Math.abs(f(hi) - v)) + Math.abs(v) * 4 * U;
  return real(v, err);
}

// ---------- scalar arithmetic ----------

function scalarOp(op: '+' | '-' | '*' | '/', a: Scalar, b: Scalar, budget: Budget): Scalar {
  if (a.t === 'real' || b.t === 'real') return realOp(op, a, b);
  if (op === '/') {
    const q = rationalOf(b);
    if (q?.isZero()) fail(msg('division-by-zero'));
  }
  const e = op === '+' ? sAdd(a.e, b.e) : op === '-' ? sAdd(a.e, sNeg(b.e)) : op === '*' ? sMul(a.e, b.e) : sDiv(a.e, b.e);
  return norm(e, budget);
}

function scalarPow(a: Scalar, b: Scalar, budget: Budget): Scalar {
  const p = rationalOf(b);
  const base = rationalOf(a);
  if (a.t === 'real' || b.t === 'real') {
    const x = enclose(a);
    if (p && p.isInteger() && Math.abs(Number(p.num)) <= EVAL_LIMITS.power) {
      const k = Number(p.num);
      const v = x.v ** k;
      const rel = x.v === 0 ? 0 : (Math.abs(k) * x.err) / Math.abs(x.v);
      if (rel > 0.1) fail(msg('power-approx-near-zero'));
      return real(v, Math.abs(v) * (Math.expm1(rel * 1.2) + Math.abs(k) * U));
    }
    return realMonotone((t) => Math.exp(enclose(b).v * Math.log(t)), a, (t) => t > 0, msg('what-power-of-nonpositive'));
  }
  if (p && base) {
    if (base.isZero() && p.sign() < 0) fail(msg('zero-to-negative-power'));
    if (p.isInteger()) {
      const k = p.num < 0n ? -p.num : p.num;
      const bits = Math.max(1, base.bitSize());
      if (k > BigInt(EVAL_LIMITS.power) || Number(k) * bits > EVAL_LIMITS.rationalBits * 2) {
        throw new BudgetError(msg('power-too-large-of', { base: base.toString().slice(0, 20), exponent: p.toString().slice(0, 20) }));
      }
      budget.charge((Number(k) * bits) / 64);
      return norm(num(base.pow(Number(p.num))), budget);
    }
    if (p.den > 64n || p.num > BigInt(EVAL_LIMITS.power) || -p.num > BigInt(EVAL_LIMITS.power)) throw new BudgetError(msg('power-too-large'));
  } else if (p && !p.isInteger() && p.den > 64n) throw new BudgetError(msg('power-too-large'));
  else if (p && (p.num > BigInt(EVAL_LIMITS.power) || -p.num > BigInt(EVAL_LIMITS.power))) throw new BudgetError(msg('power-too-large'));
  return norm(sPow(a.e, b.e), budget);
}

/** Sign of a − b for constant scalars; throws when it cannot be decided. */
function compare(a: Scalar, b: Scalar, budget: Budget): -1 | 0 | 1 {
  const qa = rationalOf(a);
  const qb = rationalOf(b);
  if (qa && qb) return qa.cmp(qb);
  budget.charge(200, DURING.comparison);
  if (a.t === 'x' && b.t === 'x') {
    if (!isConstant(a.e) || !isConstant(b.e)) fail(msg('compare-symbols'));
    const d = evaluateConstant(sAdd(a.e, sNeg(b.e)));
    if (d.kind === 'undefined') return fail(msg('compare-not-real'));
    if (d.kind === 'unknown') return fail(msg('compare-cannot-evaluate'));
    if (d.approx !== 0) return d.approx < 0 ? -1 : 1;
    return equivalentExprs(a.e, b.e).equivalent ? 0 : fail(msg('compare-undecided-exact'));
  }
  const x = enclose(a);
  const y = enclose(b);
  const d = x.v - y.v;
  const err = x.err + y.err + Math.abs(d) * U;
  if (Math.abs(d) > err) return d < 0 ? -1 : 1;
  return fail(msg('compare-undecided-approx'));
}

/** Equality as a teacher means it: exact values by value, expressions by equivalence, approximations within their error. */
export function valuesEqual(a: Val, b: Val, budget: Budget): boolean {
  if (isScalar(a) && isScalar(b)) {
    if (a.t === 'x' && b.t === 'x') {
      const qa = rationalOf(a);
      const qb = rationalOf(b);
      if (qa && qb) return qa.equals(qb);
      budget.charge(500, DURING.equality);
      return equivalentExprs(a.e, b.e).equivalent;
    }
    const x = enclose(a);
    const y = enclose(b);
    return Math.abs(x.v - y.v) <= x.err + y.err + Math.abs(x.v) * 1e-12;
  }
  if (a.t === 'vec' && b.t === 'vec') return a.items.length === b.items.length && a.items.every((x, i) => valuesEqual(x, b.items[i] as Scalar, budget));
  if (a.t === 'mat' && b.t === 'mat') {
    return a.rows.length === b.rows.length && a.rows.every((r, i) => r.length === (b.rows[i]?.length ?? -1) && r.every((x, j) => valuesEqual(x, b.rows[i]?.[j] as Scalar, budget)));
  }
  if (a.t === 'bool' && b.t === 'bool') return a.b === b.b;
  if (a.t === 'str' && b.t === 'str') return a.s === b.s;
  return false;
}

// ---------- vectors and matrices ----------

function vec(items: readonly Scalar[]): Val {
  if (items.length > EVAL_LIMITS.vectorLength) throw new BudgetError(msg('vector-too-long', { max: EVAL_LIMITS.vectorLength }));
  return { t: 'vec', items };
}
function mat(rows: readonly (readonly Scalar[])[]): Val {
  if (rows.length > EVAL_LIMITS.matrixSize || (rows[0]?.length ?? 0) > EVAL_LIMITS.matrixSize) {
    throw new BudgetError(msg('matrix-too-large', { max: EVAL_LIMITS.matrixSize }));
  }
  return { t: 'mat', rows };
}

const rowsOf = (m: Val & { t: 'mat' }) => m.rows;

function matMul(a: readonly (readonly Scalar[])[], b: readonly (readonly Scalar[])[], budget: Budget): Scalar[][] {
  const inner = b.length;
  if ((a[0]?.length ?? 0) !== inner) fail(msg('matmul-shapes', { left: `${a.length}×${a[0]?.length}`, right: `${b.length}×${b[0]?.length}` }));
  return a.map((row) =>
    (b[0] ?? []).map((_, j) => row.reduce<Scalar>((s, x, k) => scalarOp('+', s, scalarOp('*', x, (b[k] as Scalar[])[j] as Scalar, budget), budget), rat(0))),
  );
}

/** + − * / on any values, with the shapes of linear algebra. */
export function arith(op: '+' | '-' | '*' | '/', a: Val, b: Val, budget: Budget): Val {
  if (isScalar(a) && isScalar(b)) return scalarOp(op, a, b, budget);
  if (op === '+' || op === '-') {
    if (a.t === 'vec' && b.t === 'vec') {
      if (a.items.length !== b.items.length) fail(msg('add-vector-lengths', { left: a.items.length, right: b.items.length }));
      return vec(a.items.map((x, i) => scalarOp(op, x, b.items[i] as Scalar, budget)));
    }
    if (a.t === 'mat' && b.t === 'mat') {
      if (a.rows.length !== b.rows.length || a.rows[0]?.length !== b.rows[0]?.length) fail(msg('add-matrix-shapes'));
      return mat(a.rows.map((r, i) => r.map((x, j) => scalarOp(op, x, (b.rows[i] as Scalar[])[j] as Scalar, budget))));
    }
    return fail(msg(op === '+' ? 'cannot-add' : 'cannot-subtract', { left: typeName(a), right: typeName(b) }));
  }
  if (op === '*' && isScalar(a) && b.t === 'vec') return vec(b.items.map((x) => scalarOp('*', a, x, budget)));
  if (isScalar(b) && a.t === 'vec') return vec(a.items.map((x) => scalarOp(op, x, b, budget)));
  if (op === '*' && isScalar(a) && b.t === 'mat') return mat(b.rows.map((r) => r.map((x) => scalarOp('*', a, x, budget))));
  if (isScalar(b) && a.t === 'mat') return mat(a.rows.map((r) => r.map((x) => scalarOp(op, x, b, budget))));
  if (op === '*' && a.t === 'mat' && b.t === 'mat') return mat(matMul(rowsOf(a), rowsOf(b), budget));
  if (op === '*' && a.t === 'mat' && b.t === 'vec') return vec(matMul(rowsOf(a), b.items.map((x) => [x]), budget).map((r) => r[0] as Scalar));
  if (op === '*' && a.t === 'vec' && b.t === 'mat') return vec((matMul([a.items], rowsOf(b), budget)[0] ?? []) as Scalar[]);
  if (op === '*' && a.t === 'vec' && b.t === 'vec') return fail(msg('multiply-vectors'));
  return fail(msg(op === '*' ? 'cannot-multiply' : 'cannot-divide', { left: typeName(a), right: typeName(b) }));
}

function negate(a: Val, budget: Budget): Val {
  if (a.t === 'x') return norm(sNeg(a.e), budget);
  if (a.t === 'real') return { t: 'real', v: -a.v, err: a.err };
  if (a.t === 'vec') return vec(a.items.map((x) => negate(x, budget) as Scalar));
  if (a.t === 'mat') return mat(a.rows.map((r) => r.map((x) => negate(x, budget) as Scalar)));
  return fail(msg('cannot-negate', { value: typeName(a) }));
}

function power(a: Val, b: Val, budget: Budget): Val {
  if (isScalar(a) && isScalar(b)) return scalarPow(a, b, budget);
  if (a.t === 'mat' && isScalar(b)) {
    const k = rationalOf(b);
    const n = a.rows.length;
    if (n !== a.rows[0]?.length) fail(msg('matrix-power-square'));
    if (!k || !k.isInteger() || k.sign() < 0 || k.num > 64n) fail(msg('matrix-power-exponent'));
    let acc: Scalar[][] = a.rows.map((_, i) => a.rows.map((__, j) => rat(i === j ? 1 : 0)));
    for (let i = 0n; i < (k as Rational).num; i++) acc = matMul(acc, a.rows, budget);
    return mat(acc);
  }
  return fail(msg('cannot-power', { value: typeName(a) }));
}

function asVectorItems(v: Val, what: MessageArg): readonly Scalar[] {
  if (v.t === 'vec') return v.items;
  return fail(msg('must-be-vector', { what, got: typeName(v) }));
}

function asMatrix(v: Val, what: MessageArg): readonly (readonly Scalar[])[] {
  if (v.t === 'mat') return v.rows;
  return fail(msg('must-be-matrix', { what, got: typeName(v) }));
}

function asScalar(v: Val, what: MessageArg): Scalar {
  if (isScalar(v)) return v;
  return fail(msg('must-be-number', { what, got: typeName(v) }));
}

/** A whole number within ±limit. */
export function asInt(v: Val, what: MessageArg, limit: bigint = EVAL_LIMITS.intAbs): bigint {
  const q = rationalOf(v);
  if (!q || !q.isInteger()) fail(msg('must-be-whole', { what, got: v.t === 'x' ? toText(v.e).slice(0, 40) : typeName(v) }));
  const n = (q as Rational).num;
  if (n > limit || -n > limit) throw new BudgetError(msg('int-too-large', { what, limit: limit.toString() }));
  return n;
}

/** True or false, else a QuestionError naming `what`. */
export function asBool(v: Val, what: MessageArg): boolean {
  if (v.t === 'bool') return v.b;
  return fail(msg('must-be-bool', { what, got: typeName(v) }));
}

/** `{name}: {part}`, e.g. "sum: from". */
export const partOf = (name: MessageArg, part: QuestionMessage['code']): QuestionMessage => msg('what-part', { name, part: msg(part) });

function rationalMatrix(rows: readonly (readonly Scalar[])[]): la.Matrix | null {
  const out: Rational[][] = [];
  for (const r of rows) {
    const row: Rational[] = [];
    for (const x of r) {
      const q = rationalOf(x);
      if (!q) return null;
      row.push(q);
    }
    out.push(row);
  }
  return out;
}

function symbolicDet(rows: readonly (readonly Scalar[])[], budget: Budget): Scalar {
  const n = rows.length;
  if (n === 1) return (rows[0] as Scalar[])[0] as Scalar;
  let acc: Scalar = rat(0);
  for (let j = 0; j < n; j++) {
    const minor = rows.slice(1).map((r) => r.filter((_, c) => c !== j));
    const term = scalarOp('*', (rows[0] as Scalar[])[j] as Scalar, symbolicDet(minor, budget), budget);
    acc = scalarOp(j % 2 === 0 ? '+' : '-', acc, term, budget);
  }
  return acc;
}

function determinant(rows: readonly (readonly Scalar[])[], budget: Budget): Scalar {
  const n = rows.length;
  if (n === 0 || rows.some((r) => r.length !== n)) fail(msg('det-square'));
  const q = rationalMatrix(rows);
  if (q) {
    budget.charge(n * n * n * 4);
    return norm(num(la.determinant(q)), budget);
  }
  if (n > EVAL_LIMITS.symbolicMatrixSize) throw new BudgetError(msg('det-symbolic-size', { max: EVAL_LIMITS.symbolicMatrixSize }));
  return symbolicDet(rows, budget);
}

function inverse(rows: readonly (readonly Scalar[])[], budget: Budget): Val {
  const n = rows.length;
  if (n === 0 || rows.some((r) => r.length !== n)) fail(msg('inv-square'));
  const q = rationalMatrix(rows);
  if (q) {
    budget.charge(n * n * n * 8);
    const cols: Rational[][] = [];
    for (let j = 0; j < n; j++) {
      const x = la.solve(q, q.map((_, i) => (i === j ? Rational.one : Rational.zero)));
      if (!x) return fail(msg('inv-singular'));
      cols.push(x);
    }
    return mat(q.map((_, i) => cols.map((c) => norm(num(c[i] as Rational), budget))));
  }
  if (n > EVAL_LIMITS.symbolicMatrixSize) throw new BudgetError(msg('inv-symbolic-size', { max: EVAL_LIMITS.symbolicMatrixSize }));
  const d = determinant(rows, budget);
  if (rationalOf(d)?.isZero()) fail(msg('inv-singular'));
  const cof = (i: number, j: number) => {
    const minor = rows.filter((_, r) => r !== i).map((r) => r.filter((_, c) => c !== j));
    const m = n === 1 ? rat(1) : determinant(minor, budget);
    return (i + j) % 2 === 0 ? m : (negate(m, budget) as Scalar);
  };
  return mat(rows.map((_, i) => rows.map((__, j) => scalarOp('/', cof(j, i), d, budget))));
}

function leadingMinors(rows: readonly (readonly Scalar[])[], budget: Budget): Scalar[] {
  return rows.map((_, k) => determinant(rows.slice(0, k + 1).map((r) => r.slice(0, k + 1)), budget));
}

function floorOf(v: Scalar, mode: 'floor' | 'ceil' | 'round', budget: Budget): Scalar {
  const apply = (q: Rational): bigint => {
    const f = q.num >= 0n ? q.num / q.den : -((-q.num + q.den - 1n) / q.den);
    if (mode === 'floor') return f;
    if (mode === 'ceil') return q.isInteger() ? q.num : f + 1n;
    const twice = q.add(q).add(Rational.one);
    const g = twice.num >= 0n ? twice.num / (twice.den * 2n) : -((-twice.num + twice.den * 2n - 1n) / (twice.den * 2n));
    return g;
  };
  const q = rationalOf(v);
  if (q) return rat(apply(q));
  const x = enclose(v, mode);
  const shift = mode === 'round' ? 0.5 : 0;
  const fn = mode === 'ceil' ? Math.ceil : Math.floor;
  const lo = fn(x.v - x.err + shift);
  const hi = fn(x.v + x.err + shift);
  if (Number.isSafeInteger(lo) && lo === hi) return rat(lo);
  if (v.t === 'x' && Number.isSafeInteger(hi)) {
    // An irrational constant this close to an integer: decide exactly.
    budget.charge(500);
    const k = mode === 'round' ? hi : mode === 'floor' ? hi : lo;
    if (equivalentExprs(v.e, num(Rational.from(mode === 'round' ? k : mode === 'floor' ? hi : lo))).equivalent) return rat(k);
    return rat(mode === 'ceil' ? hi : lo);
  }
  return fail(msg('rounding-undecided', { mode }));
}

function harmonic(n: bigint, budget: Budget): Scalar {
  if (n < 0n) fail(msg('harmonic-negative'));
  if (n > BigInt(EVAL_LIMITS.harmonic)) throw new BudgetError(msg('harmonic-limit', { max: EVAL_LIMITS.harmonic }));
  const k = Number(n);
  budget.charge(k * (k <= EVAL_LIMITS.harmonicExact ? 20 : 1), 'harmonic');
  if (k <= EVAL_LIMITS.harmonicExact) {
    const pair = (a: number, b: number): Rational => (a > b ? Rational.zero : a === b ? Rational.of(1n, BigInt(a)) : pair(a, (a + b) >> 1).add(pair(((a + b) >> 1) + 1, b)));
    return norm(num(pair(1, k)), budget);
  }
  // Neumaier-compensated sum from the small end: error below 4u·H_n + n·u² (u = 2^-53).
  let sum = 0;
  let c = 0;
  for (let i = k; i >= 1; i--) {
    const term = 1 / i;
    const next = sum + term;
    c += Math.abs(sum) >= term ? sum - next + term : term - next + sum;
    sum = next;
  }
  const v = sum + c;
  return { t: 'real', v, err: 4 * U * v + k * U * U };
}

const EULER_GAMMA: Scalar = { t: 'real', v: 0.5772156649015329, err: 1e-16 };

/** Names the evaluator itself defines (not usable as variable names). */
export const CONSTANTS: ReadonlyMap<string, Val> = new Map<string, Val>([
  ['pi', exact(PI)],
  ['e', exact(E)],
  ['true', bool(true)],
  ['false', bool(false)],
  ['euler_gamma', EULER_GAMMA],
]);

/** The function names of the language (DESIGN's set and the extensions in docs/QUESTIONS.md). */
export const FUNCTION_NAMES = new Set([
  'sqrt', 'exp', 'log', 'ln', 'sin', 'cos', 'tan', 'abs', 'floor', 'ceil', 'round', 'min', 'max', 'binomial', 'factorial',
  'harmonic', 'sum', 'prod', 'dot', 'cross', 'norm', 'transpose', 'det', 'inv', 'diff', 'grad', 'subs', 'if', 'first', 'len',
  'minors', 'posdef', 'simplify', 'defined', 'approx', 'mod', 'gcd', 'lcm', 'near', 'eye', 'sign', 'all', 'any', 'is_int',
]);

/** Evaluates a parsed expression in an environment; throws QuestionError / BudgetError. */
export function evaluate(node: Node, env: Env, budget: Budget): Val {
  budget.charge(1);
  switch (node.k) {
    case 'num':
      return norm(num(node.value), budget);
    case 'str':
      return { t: 'str', s: node.value };
    case 'name': {
      const v = env.get(node.name) ?? CONSTANTS.get(node.name);
      if (!v) return fail(msg('unknown-name', { name: node.name }));
      return v;
    }
    case 'list': {
      const items = node.items.map((i) => evaluate(i, env, budget));
      if (items.every(isScalar)) return vec(items as Scalar[]);
      if (items.every((i) => i.t === 'vec')) {
        const rows = items.map((i) => (i as Val & { t: 'vec' }).items);
        if (rows.some((r) => r.length !== rows[0]?.length)) fail(msg('matrix-rows'));
        return mat(rows);
      }
      return fail(msg('list-shape'));
    }
    case 'unary': {
      const a = evaluate(node.arg, env, budget);
      return node.op === '-' ? negate(a, budget) : bool(!asBool(a, msg('what-not-operand')));
    }
    case 'factorial':
      return factorial(evaluate(node.arg, env, budget), budget);
    case 'index': {
      const target = evaluate(node.target, env, budget);
      const i = Number(asInt(evaluate(node.index, env, budget), msg('what-index'), 1000n));
      if (target.t === 'vec') {
        const item = target.items[i - 1];
        return item ?? fail(msg('index-range', { index: i, size: target.items.length }));
      }
      if (target.t === 'mat') {
        const row = target.rows[i - 1];
        return row ? vec(row) : fail(msg('row-range', { index: i, size: target.rows.length }));
      }
      return fail(msg('cannot-index', { value: typeName(target) }));
    }
    case 'binary': {
      if (node.op === 'and' || node.op === 'or') {
        const left = asBool(evaluate(node.left, env, budget), msg('what-left-side', { op: node.op }));
        if (node.op === 'and' ? !left : left) return bool(left);
        return bool(asBool(evaluate(node.right, env, budget), msg('what-right-side', { op: node.op })));
      }
      const a = evaluate(node.left, env, budget);
      const b = evaluate(node.right, env, budget);
      switch (node.op) {
        case '+':
        case '-':
        case '*':
        case '/':
          return arith(node.op, a, b, budget);
        case '^':
          return power(a, b, budget);
        case '==':
          return bool(valuesEqual(a, b, budget));
        case '!=':
          return bool(!valuesEqual(a, b, budget));
        default: {
          const c = compare(asScalar(a, msg('what-compared')), asScalar(b, msg('what-compared')), budget);
          const op = node.op;
          return bool(op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0);
        }
      }
    }
    case 'call':
      return call(node.name, node.args, env, budget);
  }
}

function factorial(v: Val, budget: Budget): Val {
  const n = asInt(v, 'factorial(n)', BigInt(EVAL_LIMITS.factorial));
  if (n < 0n) fail(msg('factorial-negative'));
  budget.charge(Number(n) * Number(n) / 64 + 1, 'factorial');
  let f = 1n;
  for (let i = 2n; i <= n; i++) f *= i;
  return norm(num(Rational.from(f)), budget);
}

function arity(name: string, args: readonly Node[], ...counts: number[]): void {
  if (!counts.includes(args.length)) fail(counts.length === 1 ? msg('arity', { name, count: counts[0] as number, got: args.length }) : msg('arity-either', { name, count: counts[0] as number, other: counts[1] as number, got: args.length }));
}

function boundName(node: Node | undefined, fnName: string): string {
  if (node?.k !== 'name') return fail(msg('bound-name', { name: fnName }));
  return node.name;
}

function unaryFn(name: string, v: Val, budget: Budget): Val {
  if (v.t === 'vec' && name !== 'abs') return fail(msg('vector-function', { name }));
  const s = asScalar(v, msg('what-argument-of', { name }));
  if (s.t === 'real') {
    switch (name) {
      case 'sqrt':
        return realMonotone(Math.sqrt, s, (x) => x >= 0, msg('what-sqrt-of-negative'));
      case 'exp':
        return realMonotone(Math.exp, s, () => true, 'exp');
      case 'log':
      case 'ln':
        return realMonotone(Math.log, s, (x) => x > 0, msg('what-log-of-nonpositive'));
      case 'abs':
        return { t: 'real', v: Math.abs(s.v), err: s.err };
      case 'sin':
      case 'cos':
      case 'tan': {
        const f = name === 'sin' ? Math.sin : name === 'cos' ? Math.cos : Math.tan;
        if (name === 'tan') return realMonotone(f, s, (x) => Math.abs(Math.cos(x)) > 1e-9, 'tan');
        return real(f(s.v), s.err + 4 * U);
      }
    }
  }
  const e = (s as Scalar & { t: 'x' }).e;
  if (name === 'sqrt' && e.t === 'num' && e.value.sign() > 0) {
    const surd = splitSquareRoot(e.value, budget);
    if (surd) return surd;
  }
  const fnName = name === 'log' ? 'ln' : name;
  return norm({ t: 'fn', name: fnName as 'ln', args: [e] }, budget);
}

function call(name: string, args: readonly Node[], env: Env, budget: Budget): Val {
  const ev = (i: number) => evaluate(args[i] as Node, env, budget);
  switch (name) {
    case 'if': {
      arity(name, args, 3);
      return asBool(ev(0), msg('what-condition-of', { name: 'if' })) ? ev(1) : ev(2);
    }
    case 'sum':
    case 'prod': {
      arity(name, args, 4);
      const i = boundName(args[1], name);
      const from = asInt(ev(2), partOf(name, 'part-from'));
      const to = asInt(ev(3), partOf(name, 'part-to'));
      if (to - from + 1n > BigInt(EVAL_LIMITS.sumLength)) throw new BudgetError(msg('sum-too-long', { name, max: EVAL_LIMITS.sumLength }));
      let acc: Val = rat(name === 'sum' ? 0 : 1);
      const local = new Map(env);
      for (let k = from; k <= to; k++) {
        local.set(i, rat(k));
        const term = evaluate(args[0] as Node, local, budget);
        acc = arith(name === 'sum' ? '+' : '*', acc, term, budget);
      }
      return acc;
    }
    case 'defined': {
      arity(name, args, 1);
      try {
        ev(0);
        return bool(true);
      } catch (error) {
        if (error instanceof BudgetError || !(error instanceof QuestionError)) throw error;
        return bool(false);
      }
    }
    case 'first': {
      arity(name, args, 3);
      const i = boundName(args[1], name);
      const from = asInt(ev(0 + 2), partOf('first', 'part-from'));
      const local = new Map(env);
      for (let k = from; k < from + BigInt(EVAL_LIMITS.searchLength); k++) {
        local.set(i, rat(k));
        budget.charge(1, 'first');
        if (asBool(evaluate(args[0] as Node, local, budget), msg('what-condition-of', { name: 'first' }))) return rat(k);
      }
      throw new BudgetError(msg('first-not-found', { name: i, max: EVAL_LIMITS.searchLength, from: from.toString() }));
    }
  }
  if (!FUNCTION_NAMES.has(name)) fail(msg('unknown-function', { name }));
  const vals = args.map((_, i) => ev(i));
  const one = (): Val => {
    arity(name, args, 1);
    return vals[0] as Val;
  };
  switch (name) {
    case 'sqrt':
    case 'exp':
    case 'ln':
    case 'sin':
    case 'cos':
    case 'tan':
      return unaryFn(name, one(), budget);
    case 'log': {
      arity(name, args, 1, 2);
      if (vals.length === 1) return unaryFn('log', vals[0] as Val, budget);
      return arith('/', unaryFn('log', vals[0] as Val, budget), unaryFn('log', vals[1] as Val, budget), budget);
    }
    case 'abs': {
      const v = one();
      if (v.t === 'vec') return call('norm', args, env, budget);
      const q = rationalOf(v);
      if (q) return rat(q.abs());
      return unaryFn('abs', v, budget);
    }
    case 'sign': {
      const s = asScalar(one(), 'sign');
      return rat(compare(s, rat(0), budget));
    }
    case 'floor':
    case 'ceil':
    case 'round':
      return floorOf(asScalar(one(), name), name, budget);
    case 'min':
    case 'max': {
      const items: Scalar[] = vals.length === 1 && vals[0]?.t === 'vec' ? [...vals[0].items] : vals.map((v) => asScalar(v, msg('what-an-argument-of', { name })));
      if (items.length === 0) fail(msg('min-max-empty', { name }));
      return items.reduce((best, x) => {
        const c = compare(x, best, budget);
        return (name === 'min' ? c < 0 : c > 0) ? x : best;
      });
    }
    case 'binomial': {
      arity(name, args, 2);
      const n = asInt(vals[0] as Val, 'binomial(n, k): n', 100_000n);
      const k = asInt(vals[1] as Val, 'binomial(n, k): k', 100_000n);
      if (k < 0n || k > n) return rat(0);
      const kk = k > n - k ? n - k : k;
      budget.charge(Number(kk) * (Number(kk) / 32 + 1), 'binomial');
      let r = 1n;
      for (let i = 1n; i <= kk; i++) r = (r * (n - kk + i)) / i;
      return norm(num(Rational.from(r)), budget);
    }
    case 'factorial':
      return factorial(one(), budget);
    case 'harmonic':
      return harmonic(asInt(one(), 'harmonic(n)', BigInt(EVAL_LIMITS.harmonic) * 10n), budget);
    case 'dot': {
      arity(name, args, 2);
      const a = asVectorItems(vals[0] as Val, msg('what-first-argument', { name: 'dot' }));
      const b = asVectorItems(vals[1] as Val, msg('what-second-argument', { name: 'dot' }));
      if (a.length !== b.length) fail(msg('dot-lengths', { left: a.length, right: b.length }));
      return a.reduce<Scalar>((s, x, i) => scalarOp('+', s, scalarOp('*', x, b[i] as Scalar, budget), budget), rat(0));
    }
    case 'cross': {
      arity(name, args, 2);
      const a = asVectorItems(vals[0] as Val, msg('what-first-argument', { name: 'cross' }));
      const b = asVectorItems(vals[1] as Val, msg('what-second-argument', { name: 'cross' }));
      if (a.length !== 3 || b.length !== 3) fail(msg('cross-length'));
      const m = (x: Scalar, y: Scalar) => scalarOp('*', x, y, budget);
      const [a1, a2, a3] = a as [Scalar, Scalar, Scalar];
      const [b1, b2, b3] = b as [Scalar, Scalar, Scalar];
      return vec([scalarOp('-', m(a2, b3), m(a3, b2), budget), scalarOp('-', m(a3, b1), m(a1, b3), budget), scalarOp('-', m(a1, b2), m(a2, b1), budget)]);
    }
    case 'norm': {
      const a = asVectorItems(one(), 'norm');
      const sq = a.reduce<Scalar>((s, x) => scalarOp('+', s, scalarOp('*', x, x, budget), budget), rat(0));
      return unaryFn('sqrt', sq, budget);
    }
    case 'len': {
      const v = one();
      if (v.t === 'vec') return rat(v.items.length);
      if (v.t === 'mat') return rat(v.rows.length);
      return fail(msg('len-of', { value: typeName(v) }));
    }
    case 'transpose': {
      const v = one();
      if (v.t === 'vec') return mat([v.items]);
      const rows = asMatrix(v, 'transpose');
      return mat((rows[0] ?? []).map((_, j) => rows.map((r) => r[j] as Scalar)));
    }
    case 'det':
      return determinant(asMatrix(one(), 'det'), budget);
    case 'inv':
      return inverse(asMatrix(one(), 'inv'), budget);
    case 'minors':
      return vec(leadingMinors(asMatrix(one(), 'minors'), budget));
    case 'posdef': {
      const rows = asMatrix(one(), 'posdef');
      const symmetric = rows.every((r, i) => r.every((x, j) => valuesEqual(x, rows[j]?.[i] as Scalar, budget)));
      if (!symmetric) return bool(false);
      return bool(leadingMinors(rows, budget).every((m) => compare(m, rat(0), budget) > 0));
    }
    case 'eye': {
      const n = Number(asInt(one(), 'eye(n)', BigInt(EVAL_LIMITS.matrixSize)));
      if (n < 1) fail(msg('eye-size'));
      return mat(Array.from({ length: n }, (_, i) => Array.from({ length: n }, (__, j) => rat(i === j ? 1 : 0))));
    }
    case 'diff': {
      arity(name, args, 2, 3);
      const x = symbolName(vals[1] as Val, partOf('diff', 'part-second-argument'));
      const times = vals.length === 3 ? Number(asInt(vals[2] as Val, partOf('diff', 'part-order'), 8n)) : 1;
      return mapScalars(vals[0] as Val, (s) => {
        let e = exactExpr(s, 'diff');
        for (let i = 0; i < times; i++) e = simplify(derivative(e, x));
        return norm(e, budget);
      });
    }
    case 'grad': {
      arity(name, args, 2);
      const f = exactExpr(asScalar(vals[0] as Val, partOf('grad', 'part-the-function')), 'grad');
      const names = asVectorItems(vals[1] as Val, partOf('grad', 'part-the-variables')).map((v) => symbolName(v, partOf('grad', 'part-each-variable')));
      return vec(names.map((x) => norm(simplify(derivative(f, x)), budget)));
    }
    case 'subs': {
      arity(name, args, 3);
      const target = vals[1] as Val;
      const value = vals[2] as Val;
      const names = target.t === 'vec' ? target.items.map((v) => symbolName(v, partOf('subs', 'part-each-variable'))) : [symbolName(target, partOf('subs', 'part-the-variable'))];
      const values = value.t === 'vec' && target.t === 'vec' ? value.items : [asScalar(value, partOf('subs', 'part-the-value'))];
      if (values.length !== names.length) fail(msg('subs-count', { names: names.length, values: values.length }));
      const map = new Map<string, Expr>(names.map((n, i) => [n, exactExpr(values[i] as Scalar, 'subs')]));
      return mapScalars(vals[0] as Val, (s) => {
        const e = substitute(exactExpr(s, 'subs'), map);
        const r = norm(e, budget);
        return r.t === 'x' && !isConstant(r.e) ? norm(simplify(r.e), budget) : r;
      });
    }
    case 'simplify':
      return mapScalars(one(), (s) => (s.t === 'x' ? norm(simplify(s.e), budget) : s));
    case 'approx':
      return mapScalars(one(), (s) => {
        const x = enclose(s);
        return { t: 'real', v: x.v, err: x.err };
      });
    case 'mod': {
      arity(name, args, 2);
      const a = asInt(vals[0] as Val, 'mod: a');
      const b = asInt(vals[1] as Val, 'mod: b');
      if (b === 0n) fail(msg('mod-zero'));
      return rat(((a % b) + b) % b);
    }
    case 'gcd':
    case 'lcm': {
      arity(name, args, 2);
      const a = asInt(vals[0] as Val, `${name}: a`);
      const b = asInt(vals[1] as Val, `${name}: b`);
      let [x, y] = [a < 0n ? -a : a, b < 0n ? -b : b];
      const prodAb = x * y;
      while (y !== 0n) [x, y] = [y, x % y];
      return rat(name === 'gcd' ? x : x === 0n ? 0n : prodAb / x);
    }
    case 'near': {
      arity(name, args, 2, 3);
      const a = enclose(asScalar(vals[0] as Val, 'near: a'));
      const b = enclose(asScalar(vals[1] as Val, 'near: b'));
      const rel = vals[2] ? enclose(asScalar(vals[2], partOf('near', 'part-tolerance'))).v : 1e-9;
      return bool(Math.abs(a.v - b.v) <= rel * Math.max(Math.abs(a.v), Math.abs(b.v)) + 1e-300);
    }
    case 'all':
    case 'any': {
      const items = vals.length === 1 && vals[0]?.t === 'vec' ? vals[0].items.map((x) => compare(x, rat(0), budget) !== 0) : vals.map((v) => asBool(v, name));
      return bool(name === 'all' ? items.every(Boolean) : items.some(Boolean));
    }
    case 'is_int': {
      const q = rationalOf(one());
      return bool(!!q && q.isInteger());
    }
  }
  return fail(msg('unknown-function', { name }));
}

/** √q = s·√r with r square-free (trial division below 10⁴): `sqrt(20)` → `2*sqrt(5)`. */
function splitSquareRoot(q: Rational, budget: Budget): Scalar | null {
  let n = q.num * q.den;
  if (n > 10n ** 30n) return null;
  let outside = 1n;
  for (let f = 2n; f * f <= n && f < 10_000n; f++) {
    budget.charge(1);
    while (n % (f * f) === 0n) {
      n /= f * f;
      outside *= f;
    }
  }
  const coefficient = Rational.of(outside, q.den);
  if (n === 1n) return exact(num(coefficient));
  const root: Expr = { t: 'fn', name: 'sqrt', args: [num(Rational.from(n))] };
  return exact(coefficient.equals(Rational.one) ? root : sMul(num(coefficient), root));
}

function mapScalars(v: Val, f: (s: Scalar) => Scalar): Val {
  if (isScalar(v)) return f(v);
  if (v.t === 'vec') return vec(v.items.map(f));
  if (v.t === 'mat') return mat(v.rows.map((r) => r.map(f)));
  return fail(msg('expected-numeric', { got: typeName(v) }));
}

function exactExpr(s: Scalar, what: string): Expr {
  if (s.t === 'real') return fail(msg('needs-exact', { what }));
  return s.e;
}

function symbolName(v: Val, what: MessageArg): string {
  if (v.t === 'x' && v.e.t === 'var') return v.e.name;
  return fail(msg('must-be-symbol', { what }));
}

/** The free symbols of a value (for checks that an answer is a number). */
export function symbolsOf(v: Val): string[] {
  if (v.t === 'x') return freeVariables(v.e);
  if (v.t === 'vec') return [...new Set(v.items.flatMap(symbolsOf))];
  if (v.t === 'mat') return [...new Set(v.rows.flat().flatMap(symbolsOf))];
  return [];
}

export const symbolValue = (name: string): Val => exact(variable(name));
