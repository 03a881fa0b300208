/**
 * Ball arithmetic: a value is a midpoint m and a radius r, and the true value is guaranteed (up to
 * the stated rounding model) to lie in [m − r, m + r]. Every operation widens the radius by the
 * propagated error plus its own rounding. Two backends share one implementation: IEEE doubles
 * (fast) and decimal.js at any precision (for near-cancellations such as
 * `(19601-13860*sqrt(2))^(7/4)` vs `(5*sqrt(2)-7)^7`).
 *
 * Operations return a `Ball`, or `UNDEFINED` when the argument is certainly outside the real
 * domain (sqrt of a negative, division by an exact zero), or `UNKNOWN` when the ball straddles a
 * domain boundary or overflowed — then a higher precision may decide.
 */
import { decimalClass, type DecimalClass, type DecimalValue } from './mathjs-adapter';
import { Rational } from './rational';
import { charge } from './budget';

export interface Ball<T> {
  readonly m: T;
  readonly r: T;
}
export const UNDEFINED = 'undefined' as const;
export const UNKNOWN = 'unknown' as const;
export type Outcome<T> = Ball<T> | typeof UNDEFINED | typeof UNKNOWN;

/** Integer exponents above this are evaluated as exp(n·ln|a|) (see `BallOps.powInt`). */
const POW_BY_SQUARING = 4096n;

export const isBall = <T>(o: Outcome<T>): o is Ball<T> => typeof o === 'object';

/** The scalar operations a backend provides (rounded to nearest at its precision). */
export interface Arith<T> {
  /** Significant decimal digits of this backend. */
  readonly digits: number;
  /** log10 of the smallest magnitude held at full precision (below it, results are "unknown"). */
  readonly minLog10: number;
  /**
   * Work units (engine/budget.ts, ≈ µs of CPU) one operation costs, measured per backend: `op`
   * for + − × ÷ (√ costs 5·op), `fn` for exp, ln, sinh, cosh, `trig` for sin, cos, tanh, `arc`
   * for atan, asin, acos (decimal.js computes these by slow series: 5× exp).
   */
  readonly cost: { readonly op: number; readonly fn: number; readonly trig: number; readonly arc: number };
  readonly zero: T;
  readonly one: T;
  fromRational(q: Rational): T;
  fromNumber(x: number): T;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  div(a: T, b: T): T;
  neg(a: T): T;
  abs(a: T): T;
  /** Largest integer ≤ a. */
  floor(a: T): T;
  sqrt(a: T): T;
  exp(a: T): T;
  ln(a: T): T;
  pow(a: T, b: T): T;
  sin(a: T): T;
  cos(a: T): T;
  atan(a: T): T;
  asin(a: T): T;
  acos(a: T): T;
  sinh(a: T): T;
  cosh(a: T): T;
  tanh(a: T): T;
  pi(): T;
  e(): T;
  ln2(): T;
  ln10(): T;
  cmp(a: T, b: T): number;
  sign(a: T): number;
  isFinite(a: T): boolean;
  /** k rounding units relative to |a| (plus the smallest positive number for underflow). */
  ulp(a: T, k: number): T;
  /** Approximate log10 |a| (−Infinity for 0). */
  log10(a: T): number;
  toNumber(a: T): number;
  /**
   * Absolute error of a library function at x beyond its relative rounding (0 for correctly
   * rounded backends; double-double reduces arguments at the argument's scale).
   */
  functionError(name: FunctionName, x: T): T;
}

export type FunctionName = 'exp' | 'ln' | 'sin' | 'cos' | 'atan' | 'asin' | 'acos' | 'sinh' | 'cosh' | 'tanh';

const U = 2 ** -52;

export const doubleArith: Arith<number> = {
  digits: 15,
  minLog10: -300,
  cost: { op: 0.05, fn: 0.1, trig: 0.1, arc: 0.1 },
  zero: 0,
  one: 1,
  fromRational: (q) => q.toNumber(),
  fromNumber: (x) => x,
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  neg: (a) => -a,
  abs: Math.abs,
  floor: Math.floor,
  sqrt: Math.sqrt,
  exp: Math.exp,
  ln: Math.log,
  pow: Math.pow,
  sin: Math.sin,
  cos: Math.cos,
  atan: Math.atan,
  asin: Math.asin,
  acos: Math.acos,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  pi: () => Math.PI,
  e: () => Math.E,
  ln2: () => Math.LN2,
  ln10: () => Math.LN10,
  cmp: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
  sign: (a) => (a < 0 ? -1 : a > 0 ? 1 : 0),
  isFinite: Number.isFinite,
  ulp: (a, k) => k * U * Math.abs(a) + Number.MIN_VALUE,
  log10: (a) => Math.log10(Math.abs(a)),
  toNumber: (a) => a,
  functionError: () => 0,
};

const decimalAriths = new Map<number, Arith<DecimalValue>>();

/** decimal.js backend with `precision` significant digits (cached per precision). */
export function decimalArith(precision: number): Arith<DecimalValue> {
  const cached = decimalAriths.get(precision);
  if (cached) return cached;
  const D: DecimalClass = decimalClass(precision);
  const unit = new D(10).pow(1 - precision);
  const zero = new D(0);
  let pi: DecimalValue | undefined;
  let e: DecimalValue | undefined;
  let ln2: DecimalValue | undefined;
  let ln10: DecimalValue | undefined;
  const arith: Arith<DecimalValue> = {
    digits: precision,
    minLog10: -9e15,
    // Measured (CPU) at 400 digits: × 45 µs, exp/ln ≈ 13 ms, sin/cos ≈ 20 ms, atan/asin ≈ 70 ms.
    cost: { op: 3 + (precision / 60) ** 2, fn: 300 + precision ** 2 / 10, trig: 1.5 * (300 + precision ** 2 / 10), arc: 5 * (300 + precision ** 2 / 10) },
    zero: new D(0),
    one: new D(1),
    fromRational: (q) => new D(q.num.toString()).div(q.den.toString()),
    fromNumber: (x) => new D(x),
    add: (a, b) => a.plus(b),
    sub: (a, b) => a.minus(b),
    mul: (a, b) => a.times(b),
    div: (a, b) => a.div(b),
    neg: (a) => a.neg(),
    abs: (a) => a.abs(),
    floor: (a) => a.floor(),
    sqrt: (a) => a.sqrt(),
    exp: (a) => a.exp(),
    ln: (a) => a.ln(),
    pow: (a, b) => a.pow(b),
    sin: (a) => a.sin(),
    cos: (a) => a.cos(),
    atan: (a) => a.atan(),
    asin: (a) => a.asin(),
    acos: (a) => a.acos(),
    sinh: (a) => a.sinh(),
    cosh: (a) => a.cosh(),
    tanh: (a) => a.tanh(),
    pi: () => (pi ??= D.acos(-1)),
    e: () => (e ??= new D(1).exp()),
    ln2: () => (ln2 ??= new D(2).ln()),
    ln10: () => (ln10 ??= new D(10).ln()),
    cmp: (a, b) => a.cmp(b),
    sign: (a) => (a.isZero() ? 0 : a.isNeg() ? -1 : 1),
    isFinite: (a) => a.isFinite(),
    ulp: (a, k) => a.abs().times(unit).times(k),
    log10: (a) => (a.isZero() ? -Infinity : a.e + Math.log10(Number(a.d?.[0] ?? 1)) - Math.floor(Math.log10(Number(a.d?.[0] ?? 1)))),
    toNumber: (a) => a.toNumber(),
    functionError: () => zero,
  };
  decimalAriths.set(precision, arith);
  return arith;
}

/**
 * Ball operations over a backend. Radii are first-order-plus-product bounds, widened by the
 * rounding of each result (1 unit for + − × ÷ √, 4 units for library functions).
 */
export class BallOps<T> {
  readonly A: Arith<T>;
  /** Largest log10 magnitude of any intermediate midpoint: the scale of the computation. */
  scale = -Infinity;

  constructor(arith: Arith<T>) {
    this.A = arith;
  }

  exact(m: T): Ball<T> {
    return { m, r: this.A.zero };
  }

  make(m: T, r: T, k: number): Outcome<T> {
    const A = this.A;
    if (!A.isFinite(m) || !A.isFinite(r)) return UNKNOWN;
    const lg = A.log10(m);
    if (lg > this.scale) this.scale = lg;
    return { m, r: A.add(r, A.ulp(m, k)) };
  }

  lo(b: Ball<T>): T {
    return this.A.sub(b.m, b.r);
  }
  hi(b: Ball<T>): T {
    return this.A.add(b.m, b.r);
  }
  /** Certainly > 0, certainly < 0, exactly 0, or straddling. */
  signOf(b: Ball<T>): 'pos' | 'neg' | 'zero' | 'straddle' {
    const A = this.A;
    if (A.sign(b.r) === 0 && A.sign(b.m) === 0) return 'zero';
    if (A.cmp(A.abs(b.m), b.r) > 0) return A.sign(b.m) > 0 ? 'pos' : 'neg';
    return 'straddle';
  }
  isExactZero(b: Ball<T>): boolean {
    return this.A.sign(b.m) === 0 && this.A.sign(b.r) === 0;
  }

  add(a: Ball<T>, b: Ball<T>): Outcome<T> {
    const A = this.A;
    charge(A.cost.op);
    return this.make(A.add(a.m, b.m), A.add(a.r, b.r), 1);
  }
  sub(a: Ball<T>, b: Ball<T>): Outcome<T> {
    const A = this.A;
    charge(A.cost.op);
    return this.make(A.sub(a.m, b.m), A.add(a.r, b.r), 1);
  }
  neg(a: Ball<T>): Ball<T> {
    return { m: this.A.neg(a.m), r: a.r };
  }
  abs(a: Ball<T>): Ball<T> {
    return { m: this.A.abs(a.m), r: a.r };
  }
  /** A non-zero result that underflowed the backend's range: let a wider backend decide. */
  private underflow(m: T, ...operands: T[]): boolean {
    const A = this.A;
    if (operands.some((x) => A.sign(x) === 0)) return false;
    return A.sign(m) === 0 || A.log10(m) < A.minLog10;
  }

  mul(a: Ball<T>, b: Ball<T>): Outcome<T> {
    const A = this.A;
    charge(4 * A.cost.op);
    const m = A.mul(a.m, b.m);
    if (this.underflow(m, a.m, b.m)) return UNKNOWN;
    const r = A.add(A.add(A.mul(A.abs(a.m), b.r), A.mul(A.abs(b.m), a.r)), A.mul(a.r, b.r));
    return this.make(m, r, 1);
  }
  div(a: Ball<T>, b: Ball<T>): Outcome<T> {
    const A = this.A;
    charge(4 * A.cost.op);
    const s = this.signOf(b);
    if (s === 'zero') return UNDEFINED;
    if (s === 'straddle') return UNKNOWN;
    const bm = A.abs(b.m);
    const m = A.div(a.m, b.m);
    if (this.underflow(m, a.m)) return UNKNOWN;
    const r = A.div(A.add(A.mul(A.abs(a.m), b.r), A.mul(bm, a.r)), A.mul(bm, A.sub(bm, b.r)));
    return this.make(m, r, 1);
  }
  inv(b: Ball<T>): Outcome<T> {
    return this.div(this.exact(this.A.one), b);
  }
  /**
   * Integer power a^n; 0^0 = 1; 0^negative is undefined. Repeated squaring for |n| ≤ 2^12
   * (≤ 24 multiplications); beyond, a^n = ±exp(n·ln|a|) (sign (−1)^n for a < 0), so
   * `(1+10^-300)^(10^300)` costs two function calls, not a thousand squarings.
   *
   * @example
   * ops.powInt({ m: 3, r: 0 }, 4n)   // { m: 81, r: 0 }
   */
  powInt(a: Ball<T>, n: bigint): Outcome<T> {
    if (n === 0n) return this.exact(this.A.one);
    if (n < 0n) {
      const p = this.powInt(a, -n);
      return isBall(p) ? this.inv(p) : p;
    }
    if (n > POW_BY_SQUARING) {
      const s = this.signOf(a);
      if (s === 'zero') return a;
      if (s === 'straddle') return UNKNOWN;
      const l = this.ln(this.abs(a));
      if (!isBall(l)) return l;
      const big = this.A.fromRational(Rational.from(n));
      const e = this.exp({ m: this.A.mul(l.m, big), r: this.A.add(this.A.mul(l.r, big), this.A.ulp(this.A.mul(l.m, big), 1)) });
      return isBall(e) && s === 'neg' && n % 2n === 1n ? this.neg(e) : e;
    }
    let result: Outcome<T> = this.exact(this.A.one);
    let base: Outcome<T> = a;
    let e = n;
    while (e > 0n) {
      if (!isBall(base) || !isBall(result)) return UNKNOWN;
      if (e & 1n) result = this.mul(result, base);
      e >>= 1n;
      if (e > 0n) base = this.mul(base, base);
    }
    return result;
  }
  sqrt(a: Ball<T>): Outcome<T> {
    const A = this.A;
    charge(5 * A.cost.op);
    const s = this.signOf(a);
    if (s === 'zero') return a;
    if (s === 'neg') return UNDEFINED;
    if (s === 'straddle') return UNKNOWN;
    const m = A.sqrt(a.m);
    return this.make(m, A.div(a.r, m), 1);
  }
  /**
   * Upper bound of e^t as a backend number, for a small non-negative t known as a double: radius
   * factors such as e^r are computed in doubles (a second full-precision exp costs as much as the
   * value itself), rounded up generously.
   */
  private growth(t: number): T {
    return this.A.fromNumber(t === Infinity ? Infinity : Math.exp(t) * (1 + 1e-12) + 1e-300);
  }

  exp(a: Ball<T>): Outcome<T> {
    const A = this.A;
    charge(A.cost.fn);
    // e^(±10^12) is far outside every backend's useful range; decimal.js would still try.
    if (A.log10(a.m) > 12) return UNKNOWN;
    const m = A.exp(a.m);
    if (this.underflow(m)) return UNKNOWN;
    // |e^x − e^m| ≤ e^m·r·e^r
    return this.make(m, this.withError('exp', a.m, A.mul(A.mul(m, a.r), this.growth(A.toNumber(a.r)))), 4);
  }
  /** Radius r plus the backend's own absolute error for `name` at the midpoint. */
  private withError(name: FunctionName, at: T, r: T): T {
    return this.A.add(r, this.A.functionError(name, at));
  }

  ln(a: Ball<T>): Outcome<T> {
    const A = this.A;
    charge(A.cost.fn);
    const s = this.signOf(a);
    if (s === 'zero' || s === 'neg') return UNDEFINED;
    if (s === 'straddle') return UNKNOWN;
    return this.make(A.ln(a.m), this.withError('ln', a.m, A.div(a.r, this.lo(a))), 4);
  }
  /**
   * Trigonometric argument check: reducing x mod 2π needs log10|x| + digits digits of π
   * (decimal.js holds ~1000); beyond that, or when the radius exceeds π, the result is unknown.
   */
  private trigArgument(a: Ball<T>): boolean {
    const A = this.A;
    charge(A.cost.trig);
    return A.log10(a.m) + A.digits < 900 && A.log10(a.r) < 0.5;
  }
  sin(a: Ball<T>): Outcome<T> {
    if (!this.trigArgument(a)) return UNKNOWN;
    return this.make(this.A.sin(a.m), this.withError('sin', a.m, a.r), 4);
  }
  cos(a: Ball<T>): Outcome<T> {
    if (!this.trigArgument(a)) return UNKNOWN;
    return this.make(this.A.cos(a.m), this.withError('cos', a.m, a.r), 4);
  }
  atan(a: Ball<T>): Outcome<T> {
    charge(this.A.cost.arc);
    return this.make(this.A.atan(a.m), this.withError('atan', a.m, a.r), 4);
  }
  tanh(a: Ball<T>): Outcome<T> {
    const A = this.A;
    charge(A.cost.trig);
    // NOTE: decimal.js computes tanh through e^x, which never ends for x = 1e299. Beyond |x| = 10^4,
    // 1 − |tanh x| < 2e^(−2·10^4) ≈ 10^(−8686), far below every backend's precision, so tanh is ±1 within an ulp.
    const far = A.fromNumber(1e4);
    if (A.cmp(A.sub(A.abs(a.m), a.r), far) > 0) return this.make(A.sign(a.m) > 0 ? A.one : A.neg(A.one), A.ulp(A.one, 1), 4);
    if (A.cmp(A.abs(a.m), far) > 0) return UNKNOWN;
    return this.make(A.tanh(a.m), this.withError('tanh', a.m, a.r), 4);
  }
  sinh(a: Ball<T>): Outcome<T> {
    const A = this.A;
    charge(2 * A.cost.fn);
    if (A.log10(a.m) > 12) return UNKNOWN;
    const slope = A.mul(A.cosh(a.m), this.growth(A.toNumber(a.r)));
    return this.make(A.sinh(a.m), this.withError('sinh', a.m, A.mul(slope, a.r)), 4);
  }
  cosh(a: Ball<T>): Outcome<T> {
    const A = this.A;
    charge(A.cost.fn);
    if (A.log10(a.m) > 12) return UNKNOWN;
    const value = A.cosh(a.m);
    return this.make(value, this.withError('cosh', a.m, A.mul(A.mul(value, this.growth(A.toNumber(a.r))), a.r)), 4);
  }
  /** asin / acos: domain [−1, 1]; the derivative bound 1/√(1−x²) needs the ball strictly inside. */
  arc(a: Ball<T>, which: 'asin' | 'acos'): Outcome<T> {
    const A = this.A;
    charge(A.cost.arc);
    const top = A.add(A.abs(a.m), a.r);
    const one = A.one;
    if (A.cmp(A.sub(A.abs(a.m), a.r), one) > 0) return UNDEFINED;
    if (A.cmp(top, one) >= 0) {
      if (A.sign(a.r) === 0 && A.cmp(A.abs(a.m), one) === 0) return this.make(which === 'asin' ? A.asin(a.m) : A.acos(a.m), A.zero, 4);
      return UNKNOWN;
    }
    const slope = A.div(one, A.sqrt(A.sub(one, A.mul(top, top))));
    return this.make(which === 'asin' ? A.asin(a.m) : A.acos(a.m), this.withError(which, a.m, A.mul(slope, a.r)), 4);
  }
}
