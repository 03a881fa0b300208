/**
 * Double-double arithmetic (≈ 31 significant digits: a value is hi + lo with |lo| ≤ ulp(hi)/2),
 * as a ball-arithmetic backend between IEEE doubles and decimal.js: 10–50× faster than decimal
 * at the same precision, so equivalence and answer checks rarely need decimal at all.
 * Algorithms after Hida, Li & Bailey's QD library (Dekker/Knuth error-free transformations).
 *
 * Error model, stated to `BallOps`: + − × ÷ √ have relative error ≤ 2⁻¹⁰⁰ (the algorithms
 * guarantee about 2⁻¹⁰⁴); exp/ln/trigonometric results carry, in addition, the absolute error
 * returned by `functionError` (argument reduction and Newton steps work at the argument's scale).
 * Arguments beyond the safe range (|x| > 2⁹⁹⁰, trigonometric |x| > 10⁵) give NaN, which the ball
 * layer reports as "unknown" so a decimal evaluation takes over.
 */
import type { Arith } from './ball';
import { Rational } from './rational';

export interface DD {
  readonly hi: number;
  readonly lo: number;
}

const dd = (hi: number, lo = 0): DD => ({ hi, lo });
const NAN = dd(NaN, NaN);
const SPLITTER = 134217729; // 2^27 + 1
const SAFE = 2 ** 990;
const U = 2 ** -100;

function twoSum(a: number, b: number): [number, number] {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}

function quickTwoSum(a: number, b: number): DD {
  const s = a + b;
  return { hi: s, lo: b - (s - a) };
}

function split(a: number): [number, number] {
  const t = SPLITTER * a;
  const hi = t - (t - a);
  return [hi, a - hi];
}

function twoProd(a: number, b: number): [number, number] {
  const p = a * b;
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}

export function add(a: DD, b: DD): DD {
  let [s, e] = twoSum(a.hi, b.hi);
  const [t, f] = twoSum(a.lo, b.lo);
  e += t;
  const u = quickTwoSum(s, e);
  s = u.hi;
  e = u.lo + f;
  return quickTwoSum(s, e);
}

export const neg = (a: DD): DD => ({ hi: -a.hi, lo: -a.lo });
export const sub = (a: DD, b: DD): DD => add(a, neg(b));

export function mul(a: DD, b: DD): DD {
  const [p, e] = twoProd(a.hi, b.hi);
  return quickTwoSum(p, e + (a.hi * b.lo + a.lo * b.hi));
}

function mulNumber(a: DD, b: number): DD {
  const [p, e] = twoProd(a.hi, b);
  return quickTwoSum(p, e + a.lo * b);
}

/** a·2^k, exact. */
const scale2 = (a: DD, k: number): DD => ({ hi: a.hi * 2 ** k, lo: a.lo * 2 ** k });

export function div(a: DD, b: DD): DD {
  const q1 = a.hi / b.hi;
  let r = sub(a, mulNumber(b, q1));
  const q2 = r.hi / b.hi;
  r = sub(r, mulNumber(b, q2));
  const q3 = r.hi / b.hi;
  return add(quickTwoSum(q1, q2), dd(q3));
}

export function sqrt(a: DD): DD {
  if (a.hi === 0) return dd(0);
  if (a.hi < 0) return NAN;
  const q = Math.sqrt(a.hi);
  const r = sub(a, mulNumber(dd(q), q));
  return add(dd(q), dd(r.hi / (2 * q)));
}

export const cmp = (a: DD, b: DD): number => {
  const d = sub(a, b);
  return d.hi < 0 ? -1 : d.hi > 0 ? 1 : d.lo < 0 ? -1 : d.lo > 0 ? 1 : 0;
};

const abs = (a: DD): DD => (a.hi < 0 || (a.hi === 0 && a.lo < 0) ? neg(a) : a);

/** Exact-enough decimal constants: π, ln 2, ln 10, e as double-doubles. */
const PI = dd(3.141592653589793, 1.2246467991473532e-16);
const HALF_PI = dd(1.5707963267948966, 6.123233995736766e-17);
const LN2 = dd(0.6931471805599453, 2.3190468138462996e-17);
const LN10 = dd(2.302585092994046, -2.1707562233822494e-16);
const E = dd(2.718281828459045, 1.4456468917292502e-16);

/** e^a: a = k·ln2 + r, r/2^10 by Taylor, then squared back (in expm1 form to keep accuracy). */
export function exp(a: DD): DD {
  if (a.hi > 709) return dd(Infinity);
  if (a.hi < -745) return dd(0);
  if (!Number.isFinite(a.hi)) return NAN;
  const k = Math.round(a.hi / LN2.hi);
  const r = scale2(sub(a, mulNumber(LN2, k)), -10);
  // s = e^r − 1 by Taylor
  let term = r;
  let s = r;
  for (let i = 2; i < 30; i++) {
    term = div(mul(term, r), dd(i));
    s = add(s, term);
    if (Math.abs(term.hi) < 1e-36 * Math.max(1e-300, Math.abs(s.hi))) break;
  }
  for (let i = 0; i < 10; i++) s = add(scale2(s, 1), mul(s, s)); // (1+s)² − 1 = 2s + s²
  return scale2(add(s, dd(1)), k);
}

/** ln a by one Newton step on e^x = a from the double logarithm. */
export function ln(a: DD): DD {
  if (!(a.hi > 0)) return NAN;
  const x = dd(Math.log(a.hi));
  return sub(add(x, mul(a, exp(neg(x)))), dd(1));
}

function sinTaylor(r: DD): DD {
  const r2 = mul(r, r);
  let term = r;
  let s = r;
  for (let i = 1; i < 30; i++) {
    term = div(mul(term, neg(r2)), dd((2 * i) * (2 * i + 1)));
    s = add(s, term);
    if (Math.abs(term.hi) < 1e-36) break;
  }
  return s;
}

function cosTaylor(r: DD): DD {
  const r2 = mul(r, r);
  let term = dd(1);
  let s = dd(1);
  for (let i = 1; i < 30; i++) {
    term = div(mul(term, neg(r2)), dd((2 * i - 1) * (2 * i)));
    s = add(s, term);
    if (Math.abs(term.hi) < 1e-36) break;
  }
  return s;
}

const TRIG_LIMIT = 1e5;

function sinCos(a: DD): [DD, DD] {
  if (!(Math.abs(a.hi) <= TRIG_LIMIT)) return [NAN, NAN];
  const k = Math.round(a.hi / HALF_PI.hi);
  const r = sub(a, mulNumber(HALF_PI, k));
  const s = sinTaylor(r);
  const c = cosTaylor(r);
  switch (((k % 4) + 4) % 4) {
    case 0:
      return [s, c];
    case 1:
      return [c, neg(s)];
    case 2:
      return [neg(s), neg(c)];
    default:
      return [neg(c), s];
  }
}

export const sin = (a: DD): DD => sinCos(a)[0];
export const cos = (a: DD): DD => sinCos(a)[1];

/** atan by one Newton step on tan(y) = x from the double arctangent. */
export function atan(a: DD): DD {
  if (!Number.isFinite(a.hi)) return NAN;
  const y = dd(Math.atan(a.hi));
  const [s, c] = sinCos(y);
  return add(y, mul(sub(mul(a, c), s), c));
}

export function asin(a: DD): DD {
  const one = dd(1);
  if (cmp(abs(a), one) > 0) return NAN;
  if (cmp(abs(a), one) === 0) return a.hi > 0 ? HALF_PI : neg(HALF_PI);
  return atan(div(a, sqrt(sub(one, mul(a, a)))));
}

export const acos = (a: DD): DD => sub(HALF_PI, asin(a));

export function sinh(a: DD): DD {
  const e = exp(a);
  return scale2(sub(e, div(dd(1), e)), -1);
}
export function cosh(a: DD): DD {
  const e = exp(a);
  return scale2(add(e, div(dd(1), e)), -1);
}
export function tanh(a: DD): DD {
  if (Math.abs(a.hi) > 40) return dd(Math.sign(a.hi));
  const e = exp(scale2(a, 1));
  return div(sub(e, dd(1)), add(e, dd(1)));
}

/** The double-double nearest a rational (hi = nearest double, lo = the rest; huge values give NaN). */
function fromRational(q: Rational): DD {
  const hi = q.toNumber();
  if (!Number.isFinite(hi) || Math.abs(hi) > SAFE) return NAN;
  if (hi === 0 || q.isInteger() && Math.abs(hi) < 2 ** 53) return dd(hi);
  return quickTwoSum(hi, q.sub(Rational.exactDouble(hi)).toNumber());
}

const isFiniteDD = (a: DD): boolean => Number.isFinite(a.hi) && Number.isFinite(a.lo) && Math.abs(a.hi) < SAFE;

/** The double-double backend for `BallOps`. */
export const ddArith: Arith<DD> = {
  digits: 30,
  minLog10: -290,
  cost: { op: 0.2, fn: 4, trig: 6, arc: 20 },
  zero: dd(0),
  one: dd(1),
  fromRational,
  fromNumber: (x) => dd(x),
  add,
  sub,
  mul,
  div,
  neg,
  abs,
  floor: (a) => {
    const hi = Math.floor(a.hi);
    return hi === a.hi ? quickTwoSum(hi, Math.floor(a.lo)) : dd(hi);
  },
  sqrt,
  exp,
  ln,
  pow: (a, b) => (a.hi > 0 ? exp(mul(b, ln(a))) : NAN),
  sin,
  cos,
  atan,
  asin,
  acos,
  sinh,
  cosh,
  tanh,
  pi: () => PI,
  e: () => E,
  ln2: () => LN2,
  ln10: () => LN10,
  cmp,
  sign: (a) => (a.hi < 0 ? -1 : a.hi > 0 ? 1 : a.lo < 0 ? -1 : a.lo > 0 ? 1 : 0),
  isFinite: isFiniteDD,
  ulp: (a, k) => dd(k * U * Math.abs(a.hi) + Number.MIN_VALUE),
  log10: (a) => Math.log10(Math.abs(a.hi)),
  toNumber: (a) => a.hi + a.lo,
  functionError: (name, x) => {
    const a = Math.abs(x.hi);
    switch (name) {
      case 'sin':
      case 'cos':
      case 'atan':
      case 'ln':
      case 'tanh':
        return dd(64 * U * Math.max(1, a));
      case 'asin':
      case 'acos':
        return dd((64 * U) / Math.sqrt(Math.max(0, 1 - a * a)));
      case 'sinh':
      case 'cosh':
        return dd(64 * U * Math.max(1, a) * Math.exp(Math.min(a, 709)));
      case 'exp':
        // k·ln 2 is subtracted with ln 2 good to ~2⁻¹⁰⁷: the error grows with |x|.
        return dd(64 * U * Math.max(1, a) * Math.exp(Math.min(x.hi, 709)));
      default:
        return dd(0);
    }
  },
};
