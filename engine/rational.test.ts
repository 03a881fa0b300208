import { describe, expect, it } from 'vitest';
import { Rational } from './index';

describe('Rational', () => {
  it('keeps lowest terms with a positive denominator', () => {
    expect(Rational.of(6n, -4n).toString()).toBe('-3/2');
    expect(Rational.parse('3/5')?.add(Rational.from(1)).toString()).toBe('8/5');
    expect(Rational.parse(' 7 / -14 ')?.toString()).toBe('-1/2');
    expect(Rational.parse('1/0')).toBeUndefined();
  });

  it('reads decimals exactly, and doubles as their shortest decimal', () => {
    expect(Rational.parseDecimal('-12.5')?.toString()).toBe('-25/2');
    expect(Rational.parseDecimal('3e-2')?.toString()).toBe('3/100');
    expect(Rational.parseDecimal('.5')?.toString()).toBe('1/2');
    expect(Rational.parseDecimal('1e999999999')).toBeUndefined();
    expect(Rational.fromNumber(0.1).toString()).toBe('1/10');
    expect(Rational.fromNumber(1e300).num).toBe(10n ** 300n);
  });

  it('converts huge values to the nearest double without overflow', () => {
    const huge = Rational.of(10n ** 400n + 1n, 10n ** 399n);
    expect(huge.toNumber()).toBeCloseTo(10, 12);
    expect(Rational.of(1n, 3n ** 1000n).toNumber()).toBe(0);
    expect(Rational.of(2n ** 2000n, 1n).toNumber()).toBe(Infinity);
    expect(Rational.of(-1n, 3n).toNumber()).toBe(-1 / 3);
  });

  it('compares, powers and prints TeX', () => {
    expect(Rational.parse('2/3')?.cmp(Rational.parse('3/4') as Rational)).toBe(-1);
    expect(Rational.parse('2/3')?.pow(-2).toString()).toBe('9/4');
    expect(Rational.parse('-2/3')?.toTex()).toBe('-\\frac{2}{3}');
    expect(() => Rational.from(0).pow(-1)).toThrow(RangeError);
  });
});
