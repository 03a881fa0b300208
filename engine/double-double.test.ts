import { describe, expect, it } from 'vitest';
import { BallOps, decimalArith, isBall, type FunctionName } from './ball';
import { ddArith, type DD } from './double-double';
import { Rational } from './rational';
import { Rng } from './rng';

/**
 * Every double-double result must lie within the error it claims to the ball layer
 * (4 units of 2⁻¹⁰⁰ relative, plus `functionError`), checked against decimal.js at 60 digits.
 */
const D = decimalArith(60);
/** The exact value of a double in decimal (decimal.js's own conversion goes through 17 digits). */
const exact = (x: number) => D.fromRational(Rational.exactDouble(x));
const value = (x: DD) => D.add(exact(x.hi), exact(x.lo));

function check(name: string, fn: (x: DD) => DD, ref: (x: import('./mathjs-adapter').DecimalValue) => import('./mathjs-adapter').DecimalValue, xs: readonly number[], errorName?: FunctionName) {
  for (const x of xs) {
    const got = fn(ddArith.fromNumber(x));
    const want = ref(exact(x));
    // Every input here is inside the documented safe range: a NaN or infinity is a failure.
    if (!ddArith.isFinite(got)) throw new Error(`${name}(${x}): got ${got.hi} + ${got.lo}, want ${want.toString().slice(0, 20)}`);
    const gotDec = value(got);
    const error = D.toNumber(D.abs(D.sub(gotDec, want)));
    const allowed = 4 * 2 ** -100 * Math.abs(D.toNumber(want)) + (errorName ? ddArith.functionError(errorName, ddArith.fromNumber(x)).hi : 0) + 1e-300;
    if (!(error <= allowed)) throw new Error(`${name}(${x}): error ${error} > allowed ${allowed}`);
  }
}

describe('double-double backend', () => {
  const rng = Rng.fromSeed(99);
  const wide = Array.from({ length: 300 }, () => (rng.chance(0.5) ? -1 : 1) * 10 ** (rng.float() * 8 - 4) * rng.float());
  const unit = Array.from({ length: 300 }, () => 2 * rng.float() - 1);
  const positive = wide.map(Math.abs).filter((x) => x > 0);

  it('basic operations are accurate to about 2⁻¹⁰⁴', () => {
    for (let i = 0; i + 1 < wide.length; i++) {
      const a = wide[i] as number;
      const b = wide[i + 1] as number;
      const A = ddArith.fromNumber(a);
      const B = ddArith.fromNumber(b);
      const cases: Array<[DD, import('./mathjs-adapter').DecimalValue]> = [
        [ddArith.add(A, B), D.add(exact(a), exact(b))],
        [ddArith.mul(A, B), D.mul(exact(a), exact(b))],
        [ddArith.div(A, B), D.div(exact(a), exact(b))],
        [ddArith.sqrt(ddArith.abs(A)), D.sqrt(D.abs(exact(a)))],
      ];
      for (const [got, want] of cases) {
        const error = D.toNumber(D.abs(D.sub(value(got), want)));
        expect(error).toBeLessThanOrEqual(2 ** -100 * Math.abs(D.toNumber(want)) + 1e-300);
      }
    }
  });

  it('library functions stay within their stated error', () => {
    const small = wide.filter((x) => Math.abs(x) < 680); // e^x stays below the safe 2^990
    check('exp', ddArith.exp, (x) => x.exp(), small, 'exp');
    check('ln', ddArith.ln, (x) => x.ln(), positive, 'ln');
    check('ln near 1', ddArith.ln, (x) => x.ln(), unit.map((u) => 1 + u * 1e-6), 'ln');
    check('sin', ddArith.sin, (x) => x.sin(), wide, 'sin');
    check('cos', ddArith.cos, (x) => x.cos(), wide, 'cos');
    check('sin near π', ddArith.sin, (x) => x.sin(), [Math.PI, 2 * Math.PI, 10 * Math.PI, Math.PI / 2], 'sin');
    check('atan', ddArith.atan, (x) => x.atan(), wide, 'atan');
    check('asin', ddArith.asin, (x) => x.asin(), unit, 'asin');
    check('acos', ddArith.acos, (x) => x.acos(), unit, 'acos');
    check('sinh', ddArith.sinh, (x) => x.sinh(), small.filter((x) => Math.abs(x) < 50), 'sinh');
    check('cosh', ddArith.cosh, (x) => x.cosh(), small.filter((x) => Math.abs(x) < 50), 'cosh');
    check('tanh', ddArith.tanh, (x) => x.tanh(), small, 'tanh');
  });

  it('gives NaN only beyond its documented safe range, which the ball layer reports as unknown', () => {
    expect(ddArith.isFinite(ddArith.sin(ddArith.fromNumber(1e4)))).toBe(true);
    expect(ddArith.isFinite(ddArith.sin(ddArith.fromNumber(1e6)))).toBe(false);
    expect(ddArith.isFinite(ddArith.exp(ddArith.fromNumber(600)))).toBe(true);
    expect(ddArith.isFinite(ddArith.exp(ddArith.fromNumber(700)))).toBe(false); // e^700 > 2^990
    const ops = new BallOps(ddArith);
    expect(ops.sin({ m: ddArith.fromNumber(1e6), r: ddArith.zero })).toBe('unknown');
    expect(() => check('deliberately out of range', ddArith.sin, (x) => x.sin(), [1e6])).toThrow(/got NaN/);
  });

  it('reads rationals to double-double precision', () => {
    for (const q of ['1/3', '-2/7', '1/10', '123456789012345678901234567/1000', '1/1024']) {
      const r = Rational.parse(q) as Rational;
      const got = ddArith.fromRational(r);
      const want = D.fromRational(r);
      const error = D.toNumber(D.abs(D.sub(value(got), want)));
      expect(error).toBeLessThanOrEqual(2 ** -104 * Math.abs(D.toNumber(want)));
    }
  });

  it('ball evaluation with the dd backend encloses the true value', () => {
    const ops = new BallOps(ddArith);
    const x = ops.exp({ m: ddArith.fromNumber(-1), r: ddArith.zero });
    expect(isBall(x)).toBe(true);
    if (isBall(x)) {
      const e = D.fromNumber(-1).exp();
      const mid = value(x.m);
      expect(D.toNumber(D.abs(D.sub(mid, e)))).toBeLessThanOrEqual(x.r.hi);
    }
  });
});
