import { describe, expect, it } from 'vitest';
import { Rational, surds } from './index';

describe('surds', () => {
  it('splits n = k²·m with m square-free, as brute force finds it', () => {
    for (let n = 1n; n <= 1000n; n++) {
      const [k, m] = surds.splitSquare(n);
      expect(k * k * m).toBe(n);
      for (let f = 2n; f * f <= m; f++) expect(m % (f * f), `${n}`).not.toBe(0n);
    }
    expect(surds.splitSquare(72n)).toEqual([6n, 2n]);
    expect(surds.splitSquare(0n)).toEqual([1n, 0n]);
  });

  it('stops trial division at the bound, and reports each trial', () => {
    let trials = 0;
    expect(surds.splitSquare(49n * 3n, 7n, () => trials++)).toEqual([1n, 147n]);
    expect(trials).toBe(5);
    expect(surds.splitSquare(49n * 3n, 8n)).toEqual([7n, 3n]);
  });

  it('writes √q as s·√r', () => {
    expect(surds.sqrtSplit(Rational.of(9n, 8n))).toEqual([Rational.of(3n, 4n), 2n]);
    expect(surds.sqrtSplit(Rational.of(4n, 9n))).toEqual([Rational.of(2n, 3n), 1n]);
    expect(surds.sqrtSplit(Rational.from(20))).toEqual([Rational.from(2), 5n]);
  });
});
