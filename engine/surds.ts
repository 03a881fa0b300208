/**
 * Square roots in simplest form: n = k²·m with k as large as trial division finds, and √q for a
 * rational q as s·√r with r an integer.
 */
import { Rational } from './rational';

/**
 * n = k²·m by trial division with every f in 2 … trialBelow − 1 while f² ≤ m (`onTrial` is called
 * once per f, to charge a work budget). m is square-free when n < trialBelow² (every square factor
 * is found); beyond that, squares of larger primes may stay in m. Returns [k, m].
 *
 * @example
 * splitSquare(72n)  // [6n, 2n]: 72 = 6²·2
 */
export function splitSquare(n: bigint, trialBelow = 100_000n, onTrial?: () => void): [bigint, bigint] {
  let inside = n;
  let outside = 1n;
  for (let f = 2n; f * f <= inside && f < trialBelow; f++) {
    onTrial?.();
    while (inside % (f * f) === 0n) {
      inside /= f * f;
      outside *= f;
    }
  }
  return [outside, inside];
}

/**
 * √q = s·√r for q ≥ 0 with r an integer (square-free below `trialBelow`²): √(P/Q) = √(P·Q)/Q.
 * Returns [s, r].
 *
 * @example
 * sqrtSplit(Rational.of(9n, 8n))  // [3/4, 2n]: √(9/8) = (3/4)·√2
 */
export function sqrtSplit(q: Rational, trialBelow = 100_000n, onTrial?: () => void): [Rational, bigint] {
  const [outside, inside] = splitSquare(q.num * q.den, trialBelow, onTrial);
  return [Rational.of(outside, q.den), inside];
}
