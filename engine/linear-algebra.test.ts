import { describe, expect, it } from 'vitest';
import { la, Rational, Rng } from './index';

describe('unimodular', () => {
  it('has determinant 1, is seeded, and starts from the identity', () => {
    for (let seed = 0; seed < 50; seed++) {
      const m = la.unimodular(Rng.fromSeed(seed), 3, 4);
      expect(la.determinant(m.map((row) => row.map((x) => Rational.of(x, 1n)))).equals(Rational.one)).toBe(true);
      expect(la.unimodular(Rng.fromSeed(seed), 3, 4)).toEqual(m);
    }
    expect(la.unimodular(Rng.fromSeed(1), 2, 0)).toEqual([[1n, 0n], [0n, 1n]]);
  });
});
