/**
 * Counting and its logarithms: exact binomials over bigint, and log-factorials that stay finite
 * for n in the millions (so probabilities like C(n,k)pᵏqⁿ⁻ᵏ never overflow).
 */
export { binomial } from './evaluate';

const SMALL = 256;
let table: number[] | undefined;

/**
 * ln n! — exact summation below 256, Stirling's series above (relative error < 1e-15).
 *
 * @example
 * Math.exp(logFactorial(5))  // 120 (to rounding)
 */
export function logFactorial(n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`logFactorial of ${n}`);
  if (n < SMALL) {
    if (!table) {
      table = [0];
      for (let i = 1; i < SMALL; i++) table.push((table[i - 1] as number) + Math.log(i));
    }
    return table[n] as number;
  }
  const x = n + 1;
  const inv = 1 / x;
  const inv2 = inv * inv;
  const series = inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680))));
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + series;
}

/** ln C(n, k) for 0 ≤ k ≤ n. */
export function logBinomial(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}
