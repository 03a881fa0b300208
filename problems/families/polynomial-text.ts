/**
 * Random polynomial text for families that generate functions of x, y[, z] (directional-derivative,
 * gradient-steepest). The Rng calls are part of each family's generate: changing their order changes
 * every instance, so it needs a version bump in every family that uses this module.
 */
import type { Rng } from '../../engine';

/** A nonzero coefficient in [-max, max], negative with probability 0.3. */
export function coefficient(rng: Rng, max: number): number {
  const c = rng.int(1, max);
  return rng.chance(0.3) ? -c : c;
}

/** `c·body` as text: `x`, `-x`, `3*x`, or the constant when body is empty. */
export function term(c: number, body: string): string {
  if (body === '') return String(c);
  return c === 1 ? body : c === -1 ? `-${body}` : `${c}*${body}`;
}

/** Terms joined with + and −: ['x', '-2*y'] → 'x - 2*y'. */
export function joinTerms(terms: readonly string[]): string {
  return terms.reduce((acc, t) => (acc === '' ? t : t.startsWith('-') ? `${acc} - ${t.slice(1)}` : `${acc} + ${t}`), '');
}

/** `count` of the monomials, shuffled, each with a random coefficient up to `max`. */
export function polynomial(rng: Rng, monomials: readonly string[], count: number, max: number): string {
  return joinTerms(rng.shuffle(monomials).slice(0, count).map((m) => term(coefficient(rng, max), m)));
}
