import { InvalidSeedError } from './errors';

/** A seed: any integer (a JSON integer arrives as a `number`; `bigint` and decimal-integer text also work). */
export type Seed = number | bigint | string;

/**
 * Deterministic pseudo-random numbers from a seed: the same seed gives the same sequence on every
 * platform (only 32-bit integer arithmetic is used). Generator: sfc32, state from a 128-bit hash
 * (cyrb128) of the seed's canonical decimal text, so seeds `7`, `7n` and `'7'` are the same stream.
 *
 * @example
 * const rng = Rng.fromSeed(42);
 * rng.int(1, 6); // a die roll, the same one every run
 */
export class Rng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;
  readonly #key: string;

  private constructor(key: string) {
    this.#key = key;
    [this.#a, this.#b, this.#c, this.#d] = cyrb128(key);
    for (let i = 0; i < 15; i++) this.uint32();
  }

  /** The stream for a seed. Throws `InvalidSeedError` unless the seed is an integer. */
  static fromSeed(seed: Seed): Rng {
    return new Rng(canonicalSeed(seed));
  }

  /** An independent stream derived from this one's seed and a label (does not advance this stream). */
  fork(label: string): Rng {
    return new Rng(`${this.#key}/${label}`);
  }

  /** Next 32-bit unsigned integer, uniform on [0, 2^32). */
  uint32(): number {
    const a = this.#a, b = this.#b, c = this.#c, d = this.#d;
    const t = (((a + b) | 0) + d) | 0;
    this.#d = (d + 1) | 0;
    this.#a = b ^ (b >>> 9);
    this.#b = (c + (c << 3)) | 0;
    const r = (c << 21) | (c >>> 11);
    this.#c = (r + t) | 0;
    return t >>> 0;
  }

  /** Uniform float in [0, 1) with 53 random bits. */
  float(): number {
    const hi = this.uint32() >>> 5; // 27 bits
    const lo = this.uint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform integer in [min, max] (both inclusive, safe integers), without modulo bias. */
  int(min: number, max: number): number {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max < min) {
      throw new RangeError(`Rng.int needs safe integers min <= max, got ${min}, ${max}`);
    }
    const range = max - min + 1;
    if (range <= 4294967296) {
      const limit = Math.floor(4294967296 / range) * range;
      for (;;) {
        const x = this.uint32();
        if (x < limit) return min + (x % range);
      }
    }
    const limit = Math.floor(9007199254740992 / range) * range;
    for (;;) {
      const x = Math.floor(this.float() * 9007199254740992);
      if (x < limit) return min + (x % range);
    }
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** One element, uniformly. Throws on an empty list. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Rng.pick of an empty list');
    return items[this.int(0, items.length - 1)] as T;
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const tmp = out[i] as T;
      out[i] = out[j] as T;
      out[j] = tmp;
    }
    return out;
  }
}

/** The canonical decimal text of an integer seed. */
export function canonicalSeed(seed: Seed): string {
  if (typeof seed === 'bigint') return seed.toString();
  if (typeof seed === 'number') {
    if (!Number.isInteger(seed)) throw new InvalidSeedError(`seed must be an integer, got ${String(seed)}`);
    return BigInt(seed).toString();
  }
  if (typeof seed === 'string' && /^-?\d{1,400}$/.test(seed)) return BigInt(seed).toString();
  throw new InvalidSeedError('seed must be an integer');
}

function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}
