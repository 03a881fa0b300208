/**
 * Seeded tensor data, the same on every platform: every tensor's data comes from the engine's `Rng`
 * (32-bit integer arithmetic) into a Float32Array, then `tf.tensor(...)`. Uniforms are exact 24-bit
 * fractions; normals use Marsaglia's polar method (only `Math.log` and `Math.sqrt`, rounded to
 * float32).
 */
import { Rng, type Seed } from '../rng';

/** The data stream of a program for a seed (independent of the stream that generated the instance). */
export function dataRng(seed: Seed, kind: string): Rng {
  return Rng.fromSeed(seed).fork(`tensor-run/${kind}`);
}

/**
 * `count` uniforms on [0, 1), each an exact multiple of 2⁻²⁴ (so exactly a float32): u = ⌊x/2⁸⌋/2²⁴
 * for a 32-bit draw x.
 *
 * @example
 * uniformData(Rng.fromSeed(1), 3)  // Float32Array(3), the same three numbers on every platform
 */
export function uniformData(rng: Rng, count: number): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = (rng.uint32() >>> 8) / 16777216;
  return out;
}

/**
 * `count` normals N(0, sd²), rounded to float32: Marsaglia's polar method, z = u·√(−2 ln s / s)
 * with (u, v) uniform in the unit disc and s = u² + v².
 *
 * @example
 * normalData(Rng.fromSeed(1), 4, 2)  // four draws from N(0, 4)
 */
export function normalData(rng: Rng, count: number, sd = 1): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i += 2) {
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * rng.float() - 1;
      v = 2 * rng.float() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = sd * Math.sqrt((-2 * Math.log(s)) / s);
    out[i] = u * f;
    if (i + 1 < count) out[i + 1] = v * f;
  }
  return out;
}

/**
 * A rows×cols matrix of N(0, 1) float32 values with no two equal within a row (a repeated value
 * is redrawn), so any top-k of a row is unambiguous on every backend.
 *
 * @example
 * distinctRowsData(Rng.fromSeed(1), 2, 8)  // 16 values; the 8 of each row all differ
 */
export function distinctRowsData(rng: Rng, rows: number, cols: number): Float32Array {
  const out = normalData(rng, rows * cols);
  const seen = new Set<number>();
  for (let r = 0; r < rows; r++) {
    seen.clear();
    for (let c = 0; c < cols; c++) {
      let x = out[r * cols + c] as number;
      while (seen.has(x)) x = normalData(rng, 1)[0] as number;
      out[r * cols + c] = x;
      seen.add(x);
    }
  }
  return out;
}
