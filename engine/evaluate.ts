/**
 * Evaluation of the engine AST, in two forms:
 *  - `foldExact`: exact rational value of a variable-free expression when it is rational
 *    (`sqrt(9/4)` → 3/2, `8^(2/3)` → 4, `C(10,3)/2^10` → 15/128), bounded in bit size;
 *  - `compileBall`: a closure evaluating the expression in ball arithmetic at a point, with the
 *    real-domain semantics below.
 *
 * Real-domain semantics (documented in engine/README.md):
 *  - x^n for integer n: repeated multiplication, 0^0 = 1, 0^(negative) undefined;
 *  - x^(p/q) for an exact rational exponent in lowest terms with q > 1: for x ≥ 0 the usual
 *    principal root; for x < 0 the real root when q is odd (so (−8)^(1/3) = −2 and
 *    (−8)^(2/3) = 4), undefined when q is even (so (−4)^(1/2) is undefined, not 2i);
 *  - x^y otherwise (variable or irrational exponent): defined for x > 0, and 0^y = 0 for y > 0;
 *  - sqrt, log/ln: x ≥ 0 and x > 0; asin/acos on [−1, 1]; tan/sec/csc/cot undefined at poles;
 *  - factorial and binom only on exact whole numbers (binom(n, k) = 0 for k < 0 or k > n);
 *  - floor/ceil everywhere (a ball straddling an integer is unknown: ⌊·⌋ jumps there);
 *    max/min of 2–8 arguments everywhere their arguments are defined;
 *  - all work is charged to the active budget (engine/budget.ts);
 *  - `log(x)` is the natural logarithm (mathjs convention), `log(x, b)` is base b.
 */
import { Rational, bitLength } from './rational';
import { children, type Expr } from './ast';
import { BallOps, isBall, UNDEFINED, UNKNOWN, type Ball, type Outcome } from './ball';
import { InternalError } from './errors';
import { charge } from './budget';

/** Cap on the size of exact intermediate results, in bits. */
export const MAX_EXACT_BITS = 20_000;

/** A rational, certainly undefined, or "not known exactly" (irrational, too big, or not constant). */
export type Exactly = Rational | typeof UNDEFINED | null;

/** Integer k-th root of n ≥ 0 if n is a perfect k-th power, else null. */
export function exactRoot(n: bigint, k: number): bigint | null {
  if (n < 0n) return null;
  if (n < 2n) return n;
  const K = BigInt(k);
  // Newton's method from an overestimate.
  const bits = bitLength(n);
  let x = 1n << BigInt(Math.ceil(bits / k) + 1);
  for (;;) {
    charge(1 + (bits * bits) / 4e6);
    const y = ((K - 1n) * x + n / x ** (K - 1n)) / K;
    if (y >= x) break;
    x = y;
  }
  return x ** K === n ? x : null;
}

/** q^(1/k) exactly, for q ≥ 0, when numerator and denominator are perfect k-th powers. */
function rationalRoot(q: Rational, k: number): Rational | null {
  const a = exactRoot(q.num, k);
  const b = exactRoot(q.den, k);
  return a !== null && b !== null ? Rational.of(a, b) : null;
}

function factorial(n: number): Rational {
  charge(n);
  let acc = 1n;
  for (let i = 2n; i <= BigInt(n); i++) acc *= i;
  return Rational.from(acc);
}

/** Binomial coefficient C(n, k) for integers (0 outside 0 ≤ k ≤ n). */
export function binomial(n: bigint, k: bigint): bigint {
  if (k < 0n || k > n || n < 0n) return 0n;
  if (k > n - k) k = n - k;
  let acc = 1n;
  for (let i = 1n; i <= k; i++) {
    // Cost of one step grows with the size of acc: ≈ bits/2000 units (44 ms for C(20000, 10000)).
    if ((i & 63n) === 0n) charge((64 * bitLength(acc)) / 2000);
    acc = (acc * (n - k + i)) / i;
  }
  return acc;
}

const isUndefined = (x: Exactly): x is typeof UNDEFINED => x === UNDEFINED;
const tooBig = (q: Rational): boolean => q.bitSize() > MAX_EXACT_BITS;

/** Folds already computed, per node (trees are immutable): every caller shares the work. */
const folded = new WeakMap<Expr, Exactly>();

/**
 * Exact value of a constant expression when it is rational and not too large; memoised per node.
 *
 * @example
 * foldExact(parse('sqrt(9/4) + 8^(2/3)'))   // Rational 11/2
 * foldExact(parse('sqrt(2)'))               // null (irrational)
 */
export function foldExact(e: Expr): Exactly {
  switch (e.t) {
    case 'num':
      return e.value;
    case 'const':
    case 'var':
    case 'vec':
      return null;
    default: {
      const known = folded.get(e);
      if (known !== undefined) return known;
      charge(0.05);
      const value = foldNode(e, children(e).map(foldExact));
      folded.set(e, value);
      return value;
    }
  }
}

/** One folding step, given the folds of the children (so a tree is folded in one pass). */
export function foldNode(e: Expr, folds: readonly Exactly[]): Exactly {
  if (folds.some(isUndefined)) return UNDEFINED;
  try {
    switch (e.t) {
      case 'num':
        return e.value;
      case 'const':
      case 'var':
      case 'vec':
        return null;
      case 'add': {
        let acc = Rational.zero;
        for (const f of folds) {
          if (f === null) return null;
          acc = acc.add(f as Rational);
        }
        return tooBig(acc) ? null : acc;
      }
      case 'mul': {
        let acc = Rational.one;
        for (const f of folds) {
          if (f === null) return null;
          acc = acc.mul(f as Rational);
        }
        return tooBig(acc) ? null : acc;
      }
      case 'neg': {
        const [a] = folds;
        return a ? (a as Rational).neg() : null;
      }
      case 'div': {
        const [a, b] = folds as [Exactly, Exactly];
        if (b instanceof Rational && b.isZero()) return UNDEFINED;
        if (!(a instanceof Rational) || !(b instanceof Rational)) return null;
        const q = a.div(b);
        return tooBig(q) ? null : q;
      }
      case 'pow':
        return foldPow(e, folds[0] ?? null, folds[1] ?? null);
      case 'fn':
        return foldFunction(e, folds);
    }
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}

function foldPow(e: Extract<Expr, { t: 'pow' }>, base: Exactly, exponent: Exactly): Exactly {
  if (!(exponent instanceof Rational)) return null;
  if (!(base instanceof Rational)) {
    // (sqrt(q))^(2m) = q^m for rational q ≥ 0.
    if (e.base.t === 'fn' && e.base.name === 'sqrt' && exponent.isInteger() && exponent.num % 2n === 0n) {
      const inner = foldExact(e.base.args[0] as Expr);
      if (inner instanceof Rational && inner.sign() >= 0) return foldPow(e, inner, Rational.of(exponent.num / 2n));
      if (inner === UNDEFINED) return UNDEFINED;
    }
    return null;
  }
  const p = exponent.num;
  const q = exponent.den;
  if (base.isZero()) {
    if (p === 0n) return Rational.one;
    return p > 0n ? Rational.zero : UNDEFINED;
  }
  if (q > 64n) return null;
  const abs = base.abs();
  let root: Rational | null = abs;
  if (q > 1n) {
    if (base.sign() < 0 && q % 2n === 0n) return UNDEFINED;
    root = rationalRoot(abs, Number(q));
    if (!root) return null;
  }
  const magnitude = p < 0n ? -p : p;
  if (Number(magnitude) * Math.max(bitLength(root.num), bitLength(root.den)) > MAX_EXACT_BITS) return null;
  let value = root.pow(Number(magnitude));
  if (p < 0n) value = Rational.one.div(value);
  const negative = base.sign() < 0 && p % 2n !== 0n;
  return negative ? value.neg() : value;
}

/** ⌊q⌋ for a rational q (bigint division truncates towards zero, so adjust negatives). */
function floorRational(q: Rational): Rational {
  const t = q.num / q.den;
  return Rational.from(q.num < 0n && t * q.den !== q.num ? t - 1n : t);
}

function foldFunction(e: Extract<Expr, { t: 'fn' }>, folds: readonly Exactly[]): Exactly {
  const [a, b] = folds as [Exactly, Exactly | undefined];
  if (e.name === 'max' || e.name === 'min') {
    if (!folds.every((f): f is Rational => f instanceof Rational)) return null;
    return folds.reduce((best, f) => ((e.name === 'max' ? f.cmp(best) > 0 : f.cmp(best) < 0) ? f : best));
  }
  if (!(a instanceof Rational)) return null;
  switch (e.name) {
    case 'floor':
      return floorRational(a);
    case 'ceil':
      return floorRational(a.neg()).neg();
    case 'sqrt':
      if (a.sign() < 0) return UNDEFINED;
      return rationalRoot(a, 2);
    case 'cbrt': {
      const r = rationalRoot(a.abs(), 3);
      return r ? (a.sign() < 0 ? r.neg() : r) : null;
    }
    case 'nthroot': {
      if (!(b instanceof Rational)) return null;
      if (!b.isInteger() || b.num < 1n) return UNDEFINED;
      if (b.num > 64n) return null;
      if (a.sign() < 0 && b.num % 2n === 0n) return UNDEFINED;
      const r = rationalRoot(a.abs(), Number(b.num));
      return r ? (a.sign() < 0 ? r.neg() : r) : null;
    }
    case 'abs':
      return a.abs();
    case 'sign':
      return a.isZero() ? UNDEFINED : Rational.from(a.sign());
    case 'factorial':
      if (!a.isInteger() || a.num < 0n) return UNDEFINED;
      return a.num > 1000n ? null : factorial(Number(a.num));
    case 'binom': {
      if (!(b instanceof Rational)) return null;
      if (!a.isInteger() || !b.isInteger()) return UNDEFINED;
      if (a.num > 20000n) return null;
      return Rational.from(binomial(a.num, b.num));
    }
    case 'exp':
    case 'cosh':
      return a.isZero() ? Rational.one : null;
    case 'cos':
      return a.isZero() ? Rational.one : null;
    case 'sin':
    case 'tan':
    case 'atan':
    case 'asin':
    case 'sinh':
    case 'tanh':
      return a.isZero() ? Rational.zero : null;
    case 'ln':
    case 'log':
    case 'log10':
    case 'log2': {
      if (a.sign() <= 0) return UNDEFINED;
      if (e.name === 'log' && b !== undefined) {
        if (!(b instanceof Rational)) return null;
        if (b.sign() <= 0 || b.equals(Rational.one)) return UNDEFINED;
        return a.equals(Rational.one) ? Rational.zero : null;
      }
      if (a.equals(Rational.one)) return Rational.zero;
      const base = e.name === 'log10' ? 10n : e.name === 'log2' ? 2n : 0n;
      if (base === 0n || a.den !== 1n) return null;
      let k = 0n;
      let x = a.num;
      while (x % base === 0n) {
        x /= base;
        k++;
      }
      return x === 1n ? Rational.from(k) : null;
    }
    case 'acos':
      return a.equals(Rational.one) ? Rational.zero : null;
    default:
      return null;
  }
}

/** A compiled expression: evaluate at a point given as balls, one per variable (in index order). */
export type BallProgram<T> = (vars: readonly Ball<T>[]) => Outcome<T>;

interface Compiled<T> {
  readonly run: BallProgram<T>;
  readonly exact: Exactly;
  readonly constant: boolean;
}

/**
 * Compiles an expression to a ball-arithmetic closure over `ops`. Variable-free subtrees are folded
 * exactly once at compile time. Throws InternalError on vectors (callers compare them entry-wise).
 */
export function compileBall<T>(e: Expr, ops: BallOps<T>, varIndex: ReadonlyMap<string, number>): BallProgram<T> {
  return compile(e, ops, varIndex).run;
}

/** A constant's program: its magnitude counts towards the scale of the computation (π in sin(π)). */
function constantRun<T>(ops: BallOps<T>, value: Outcome<T>): BallProgram<T> {
  const magnitude = isBall(value) ? ops.A.log10(value.m) : -Infinity;
  return () => {
    if (magnitude > ops.scale) ops.scale = magnitude;
    return value;
  };
}

/**
 * 1/q as a ball for a root index q, or UNKNOWN when 1/q underflows the backend (a learner can type
 * `x^(1/10^400)`): then every root with that index is unknown, never an exception.
 */
function unitFraction<T>(ops: BallOps<T>, q: bigint): Ball<T> | typeof UNKNOWN {
  return constantBall(ops, Rational.of(1n, q));
}

function constantBall<T>(ops: BallOps<T>, q: Rational): Ball<T> | typeof UNKNOWN {
  const A = ops.A;
  const m = A.fromRational(q);
  if (!A.isFinite(m) || (!q.isZero() && (A.sign(m) === 0 || A.log10(m) < A.minLog10))) return UNKNOWN;
  const exactInteger = q.isInteger() && (A.digits > 20 ? q.num.toString().length < A.digits : bitLength(q.num) <= 53);
  return { m, r: exactInteger ? A.zero : A.ulp(m, 1) };
}

function compile<T>(e: Expr, ops: BallOps<T>, varIndex: ReadonlyMap<string, number>): Compiled<T> {
  const A = ops.A;
  if (e.t === 'var') {
    const index = varIndex.get(e.name);
    if (index === undefined) throw new InternalError(`unbound variable ${e.name}`);
    return { run: (vars) => vars[index] ?? UNKNOWN, exact: null, constant: false };
  }
  if (e.t === 'vec') throw new InternalError('cannot evaluate a vector as a scalar');
  if (e.t === 'const') {
    const m = e.name === 'pi' ? A.pi() : A.e();
    return { run: constantRun(ops, { m, r: A.ulp(m, 1) }), exact: null, constant: true };
  }
  if (e.t === 'num') {
    return { run: constantRun(ops, constantBall(ops, e.value)), exact: e.value, constant: true };
  }
  const kids = children(e).map((c) => compile(c, ops, varIndex));
  const constant = kids.every((k) => k.constant);
  const exact = constant ? foldNode(e, kids.map((k) => k.exact)) : null;
  if (exact instanceof Rational) {
    return { run: constantRun(ops, constantBall(ops, exact)), exact, constant };
  }
  if (exact === UNDEFINED) return { run: () => UNDEFINED, exact, constant };
  const run = build(e, kids, ops);
  return { run: constant ? once(run, ops) : run, exact, constant };
}

/**
 * A variable-free subtree (π/4, 9^9^9) is evaluated once per compiled program, not at every
 * sample point; the scale it reached is replayed so later comparisons see the same scale.
 */
function once<T>(run: BallProgram<T>, ops: BallOps<T>): BallProgram<T> {
  let cached: { readonly value: Outcome<T>; readonly scale: number } | undefined;
  return (vars) => {
    if (!cached) {
      const before = ops.scale;
      ops.scale = -Infinity;
      const value = run(vars);
      cached = { value, scale: ops.scale };
      ops.scale = Math.max(before, cached.scale);
    } else if (cached.scale > ops.scale) ops.scale = cached.scale;
    return cached.value;
  };
}

function build<T>(e: Expr, kids: readonly Compiled<T>[], ops: BallOps<T>): BallProgram<T> {
  const runs = kids.map((k) => k.run);
  const [r0, r1] = runs as [BallProgram<T>, BallProgram<T>];
  switch (e.t) {
    case 'add':
    case 'mul': {
      const combine = e.t === 'add' ? (x: Ball<T>, y: Ball<T>) => ops.add(x, y) : (x: Ball<T>, y: Ball<T>) => ops.mul(x, y);
      return (vars) => {
        let acc: Ball<T> | null = null;
        let unknown = false;
        for (const run of runs) {
          const v = run(vars);
          if (v === UNDEFINED) return UNDEFINED;
          if (v === UNKNOWN) unknown = true;
          else if (!unknown) {
            const next: Outcome<T> = acc === null ? v : combine(acc, v);
            if (isBall(next)) acc = next;
            else unknown = true;
          }
        }
        return unknown || acc === null ? UNKNOWN : acc;
      };
    }
    case 'neg':
      return (vars) => {
        const v = r0(vars);
        return isBall(v) ? ops.neg(v) : v;
      };
    case 'div':
      return (vars) => {
        const a = r0(vars);
        const b = r1(vars);
        if (a === UNDEFINED || b === UNDEFINED) return UNDEFINED;
        if (!isBall(a) || !isBall(b)) return UNKNOWN;
        return ops.div(a, b);
      };
    case 'pow':
      return buildPow(e, kids, ops);
    case 'fn':
      return buildFunction(e, kids, ops);
    default:
      throw new InternalError(`unexpected node ${e.t}`);
  }
}

/** Both operands, or the undefined/unknown verdict. */
function both<T>(a: Outcome<T>, b: Outcome<T>): [Ball<T>, Ball<T>] | typeof UNDEFINED | typeof UNKNOWN {
  if (a === UNDEFINED || b === UNDEFINED) return UNDEFINED;
  if (!isBall(a) || !isBall(b)) return UNKNOWN;
  return [a, b];
}

/** x^(p/q) with real-root semantics (q > 0, lowest terms). */
function rationalPower<T>(ops: BallOps<T>, x: Ball<T>, p: bigint, q: bigint, qInverse: Ball<T> | typeof UNKNOWN): Outcome<T> {
  if (q === 1n) return ops.powInt(x, p);
  const s = ops.signOf(x);
  if (s === 'zero') return p > 0n ? x : p === 0n ? ops.exact(ops.A.one) : UNDEFINED;
  if (s === 'neg' && q % 2n === 0n) return UNDEFINED;
  if (s === 'straddle') {
    if (q % 2n === 0n || p < 0n || !isBall(qInverse)) return UNKNOWN;
    charge(ops.A.cost.fn);
    // Odd root of a ball around 0: every value lies within ±(|m| + r)^(p/q).
    const top = ops.A.add(ops.A.abs(x.m), x.r);
    const bound = ops.A.pow(top, ops.A.div(ops.A.fromRational(Rational.of(p)), ops.A.fromRational(Rational.of(q))));
    return ops.make(ops.A.zero, ops.A.mul(bound, ops.A.fromNumber(1.0001)), 0);
  }
  const magnitude = s === 'neg' ? ops.abs(x) : x;
  let root: Outcome<T>;
  if (q === 2n) root = ops.sqrt(magnitude);
  else {
    if (!isBall(qInverse)) return UNKNOWN;
    const l = ops.ln(magnitude);
    if (!isBall(l)) return l;
    const scaled = ops.mul(l, qInverse);
    if (!isBall(scaled)) return scaled;
    root = ops.exp(scaled);
  }
  if (!isBall(root)) return root;
  const value = ops.powInt(root, p);
  if (!isBall(value)) return value;
  return s === 'neg' && p % 2n !== 0n ? ops.neg(value) : value;
}

function buildPow<T>(e: Extract<Expr, { t: 'pow' }>, kids: readonly Compiled<T>[], ops: BallOps<T>): BallProgram<T> {
  const [base, exponent] = kids as [Compiled<T>, Compiled<T>];
  if (exponent.exact instanceof Rational) {
    const { num: p, den: q } = exponent.exact;
    const qInverse = unitFraction(ops, q);
    return (vars) => {
      const x = base.run(vars);
      return isBall(x) ? rationalPower(ops, x, p, q, qInverse) : x;
    };
  }
  const baseIsE = e.base.t === 'const' && e.base.name === 'e';
  return (vars) => {
    const pair = both(base.run(vars), exponent.run(vars));
    if (!Array.isArray(pair)) return pair;
    const [x, y] = pair;
    if (baseIsE) return ops.exp(y);
    const s = ops.signOf(x);
    if (s === 'zero') {
      const t = ops.signOf(y);
      if (t === 'pos') return x;
      if (t === 'zero') return ops.exact(ops.A.one);
      return t === 'neg' ? UNDEFINED : UNKNOWN;
    }
    if (s === 'neg') return UNDEFINED;
    if (s === 'straddle') return UNKNOWN;
    const l = ops.ln(x);
    if (!isBall(l)) return l;
    const prod = ops.mul(y, l);
    return isBall(prod) ? ops.exp(prod) : prod;
  };
}

function buildFunction<T>(e: Extract<Expr, { t: 'fn' }>, kids: readonly Compiled<T>[], ops: BallOps<T>): BallProgram<T> {
  const A = ops.A;
  const [k0, k1] = kids as [Compiled<T>, Compiled<T> | undefined];
  const a = k0.run;
  const unary = (f: (x: Ball<T>) => Outcome<T>): BallProgram<T> => (vars) => {
    const x = a(vars);
    return isBall(x) ? f(x) : x;
  };
  const ln10: Ball<T> = { m: A.ln10(), r: A.ulp(A.ln10(), 1) };
  const ln2: Ball<T> = { m: A.ln2(), r: A.ulp(A.ln2(), 1) };
  const third = unitFraction(ops, 3n);
  switch (e.name) {
    case 'sqrt':
      return unary((x) => ops.sqrt(x));
    case 'cbrt':
      return unary((x) => rationalPower(ops, x, 1n, 3n, third));
    case 'nthroot': {
      const n = k1?.exact;
      if (!(n instanceof Rational)) return () => (n === UNDEFINED ? UNDEFINED : UNKNOWN);
      if (!n.isInteger() || n.num < 1n) return () => UNDEFINED;
      const inverse = unitFraction(ops, n.num);
      return unary((x) => rationalPower(ops, x, 1n, n.num, inverse));
    }
    case 'abs':
      return unary((x) => ops.abs(x));
    case 'sign':
      return unary((x) => {
        const s = ops.signOf(x);
        if (s === 'zero') return UNDEFINED;
        if (s === 'straddle') return UNKNOWN;
        return ops.exact(s === 'pos' ? A.one : A.neg(A.one));
      });
    case 'exp':
      return unary((x) => ops.exp(x));
    case 'ln':
      return unary((x) => ops.ln(x));
    case 'log':
      if (k1) {
        const b = k1.run;
        return (vars) => {
          const pair = both(a(vars), b(vars));
          if (!Array.isArray(pair)) return pair;
          const la = ops.ln(pair[0]);
          const lb = ops.ln(pair[1]);
          const lp = both(la, lb);
          return Array.isArray(lp) ? ops.div(lp[0], lp[1]) : lp;
        };
      }
      return unary((x) => ops.ln(x));
    case 'log10':
      return unary((x) => {
        const l = ops.ln(x);
        return isBall(l) ? ops.div(l, ln10) : l;
      });
    case 'log2':
      return unary((x) => {
        const l = ops.ln(x);
        return isBall(l) ? ops.div(l, ln2) : l;
      });
    case 'sin':
      return unary((x) => ops.sin(x));
    case 'cos':
      return unary((x) => ops.cos(x));
    case 'tan':
    case 'cot':
    case 'sec':
    case 'csc':
      return unary((x) => {
        const s = ops.sin(x);
        const c = ops.cos(x);
        const pair = both(s, c);
        if (!Array.isArray(pair)) return pair;
        const one = ops.exact(A.one);
        if (e.name === 'tan') return ops.div(pair[0], pair[1]);
        if (e.name === 'cot') return ops.div(pair[1], pair[0]);
        return ops.div(one, e.name === 'sec' ? pair[1] : pair[0]);
      });
    case 'asin':
      return unary((x) => ops.arc(x, 'asin'));
    case 'acos':
      return unary((x) => ops.arc(x, 'acos'));
    case 'atan':
      return unary((x) => ops.atan(x));
    case 'sinh':
      return unary((x) => ops.sinh(x));
    case 'cosh':
      return unary((x) => ops.cosh(x));
    case 'tanh':
      return unary((x) => ops.tanh(x));
    case 'factorial':
    case 'binom':
      // Folded exactly at compile time when the arguments are whole numbers; otherwise too large.
      return () => UNKNOWN;
    case 'floor':
      return unary((x) => floorBall(ops, x));
    case 'ceil':
      return unary((x) => {
        const f = floorBall(ops, ops.neg(x));
        return isBall(f) ? ops.neg(f) : f;
      });
    case 'max':
    case 'min': {
      const runs = kids.map((k) => k.run);
      const larger = e.name === 'max';
      return (vars) => {
        let acc: Ball<T> | null = null;
        let unknown = false;
        for (const run of runs) {
          const v = run(vars);
          if (v === UNDEFINED) return UNDEFINED;
          if (v === UNKNOWN) unknown = true;
          else acc = acc === null ? v : extremum(ops, acc, v, larger);
        }
        return unknown || acc === null ? UNKNOWN : acc;
      };
    }
  }
}

/**
 * ⌊x⌋ of a ball: an exact integer when the whole ball (widened by two rounding units) lies in
 * one [k, k+1); unknown when it straddles an integer (⌊·⌋ jumps there).
 *
 * @example
 * floorBall(ops, { m: 2.5, r: 0.1 })   // { m: 2, r: 0 }
 * floorBall(ops, { m: 3, r: 0.1 })     // 'unknown'
 */
function floorBall<T>(ops: BallOps<T>, x: Ball<T>): Outcome<T> {
  const A = ops.A;
  charge(A.cost.op);
  if (A.sign(x.r) === 0) return ops.exact(A.floor(x.m));
  const slack = A.add(x.r, A.ulp(x.m, 2));
  const lo = A.floor(A.sub(x.m, slack));
  const hi = A.floor(A.add(x.m, slack));
  return A.cmp(lo, hi) === 0 ? ops.exact(lo) : UNKNOWN;
}

/**
 * max(a, b) (or min) of balls: max is 1-Lipschitz in each argument, so
 * |max(a, b) − max(m_a, m_b)| ≤ max(r_a, r_b): the ball (max(m_a, m_b), max(r_a, r_b)).
 *
 * @example
 * extremum(ops, { m: 1, r: 0.1 }, { m: 2, r: 0.3 }, true)   // { m: 2, r: 0.3 }
 */
function extremum<T>(ops: BallOps<T>, a: Ball<T>, b: Ball<T>, larger: boolean): Ball<T> {
  const A = ops.A;
  charge(A.cost.op);
  const c = A.cmp(a.m, b.m);
  const m = (larger ? c >= 0 : c <= 0) ? a.m : b.m;
  return { m, r: A.cmp(a.r, b.r) >= 0 ? a.r : b.r };
}
