/**
 * Small dense linear algebra: exact over ℚ (solving, LDLᵀ pivots with a witness direction,
 * Bareiss determinants) and in doubles (Jacobi eigenvalues) — two independent routes, so a family
 * can solve one way and verify another.
 */
import { Rational } from './rational';
import type { Rng } from './rng';

export type Vector = readonly Rational[];
export type Matrix = readonly (readonly Rational[])[];

export const dot = (a: Vector, b: Vector): Rational => a.reduce((s, x, i) => s.add(x.mul(b[i] as Rational)), Rational.zero);

/** A·x. */
export function matVec(a: Matrix, x: Vector): Rational[] {
  return a.map((row) => dot(row, x));
}

/** xᵀ·A·x. */
export function quadraticForm(a: Matrix, x: Vector): Rational {
  return dot(x, matVec(a, x));
}

export function isSymmetric(a: Matrix): boolean {
  return a.every((row, i) => row.every((v, j) => v.equals(a[j]?.[i] ?? Rational.zero)));
}

/**
 * Solves A·x = b exactly (Gaussian elimination, first non-zero pivot). Null if A is singular.
 *
 * @example
 * solve([[2, 0], [0, 4]].map(r => r.map(Rational.from)), [2, 2].map(Rational.from))  // [1, 1/2]
 */
export function solve(a: Matrix, b: Vector): Rational[] | null {
  const n = a.length;
  const m = a.map((row, i) => [...row, b[i] as Rational]);
  for (let col = 0; col < n; col++) {
    const pivotRow = m.findIndex((row, r) => r >= col && !(row[col] as Rational).isZero());
    if (pivotRow < 0) return null;
    [m[col], m[pivotRow]] = [m[pivotRow] as Rational[], m[col] as Rational[]];
    const pivot = m[col] as Rational[];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const row = m[r] as Rational[];
      const factor = (row[col] as Rational).div(pivot[col] as Rational);
      if (factor.isZero()) continue;
      for (let c = col; c <= n; c++) row[c] = (row[c] as Rational).sub(factor.mul(pivot[c] as Rational));
    }
  }
  return m.map((row, i) => (row[n] as Rational).div(row[i] as Rational));
}

/** Outcome of symmetric elimination without pivoting. */
export interface DefinitenessTest {
  /** Pivots d_1…d_k computed (all positive except possibly the last). */
  readonly pivots: readonly Rational[];
  readonly positiveDefinite: boolean;
  /** When not positive definite: a non-zero v with vᵀAv = the first non-positive pivot ≤ 0. */
  readonly witness?: readonly Rational[];
}

/**
 * Tests a symmetric matrix for positive definiteness by LDLᵀ elimination: A is positive definite
 * iff every pivot is positive. At the first pivot d_k ≤ 0 it returns the witness
 * v = (−A_{k}^{-1}a_k, 1, 0, …), for which vᵀAv = d_k (a Schur complement).
 */
export function definiteness(a: Matrix): DefinitenessTest {
  const n = a.length;
  const m = a.map((row) => [...row]);
  const pivots: Rational[] = [];
  for (let k = 0; k < n; k++) {
    const d = (m[k] as Rational[])[k] as Rational;
    pivots.push(d);
    if (d.sign() <= 0) {
      const lead = a.slice(0, k).map((row) => row.slice(0, k));
      const column = a.slice(0, k).map((row) => row[k] as Rational);
      const part = k === 0 ? [] : (solve(lead, column) ?? []).map((x) => x.neg());
      const witness = [...part, Rational.one, ...new Array<Rational>(n - k - 1).fill(Rational.zero)];
      return { pivots, positiveDefinite: false, witness };
    }
    for (let i = k + 1; i < n; i++) {
      const factor = ((m[i] as Rational[])[k] as Rational).div(d);
      if (factor.isZero()) continue;
      for (let j = k; j < n; j++) {
        (m[i] as Rational[])[j] = ((m[i] as Rational[])[j] as Rational).sub(factor.mul((m[k] as Rational[])[j] as Rational));
      }
    }
  }
  return { pivots, positiveDefinite: true };
}

/** Determinant by Bareiss fraction-free elimination on the matrix scaled to integers. */
export function determinant(a: Matrix): Rational {
  const n = a.length;
  if (n === 0) return Rational.one;
  let lcm = 1n;
  for (const row of a) for (const x of row) lcm = (lcm * x.den) / gcdBig(lcm, x.den);
  const m = a.map((row) => row.map((x) => (x.num * lcm) / x.den));
  let sign = 1n;
  let prev = 1n;
  for (let k = 0; k < n - 1; k++) {
    if ((m[k] as bigint[])[k] === 0n) {
      const swap = m.findIndex((row, r) => r > k && row[k] !== 0n);
      if (swap < 0) return Rational.zero;
      [m[k], m[swap]] = [m[swap] as bigint[], m[k] as bigint[]];
      sign = -sign;
    }
    const pivot = (m[k] as bigint[])[k] as bigint;
    for (let i = k + 1; i < n; i++) {
      for (let j = k + 1; j < n; j++) {
        const rowI = m[i] as bigint[];
        rowI[j] = ((rowI[j] as bigint) * pivot - (rowI[k] as bigint) * ((m[k] as bigint[])[j] as bigint)) / prev;
      }
    }
    prev = pivot;
  }
  const det = sign * ((m[n - 1] as bigint[])[n - 1] as bigint);
  return Rational.of(det, lcm ** BigInt(n));
}

function gcdBig(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a < 0n ? -a : a;
}

/** Leading principal minors det(A[0..k, 0..k]), k = 1…n (Sylvester's criterion). */
export function leadingMinors(a: Matrix): Rational[] {
  return a.map((_, k) => determinant(a.slice(0, k + 1).map((row) => row.slice(0, k + 1))));
}

/** Eigenvalues of a symmetric matrix of doubles by cyclic Jacobi rotations, ascending. */
export function symmetricEigenvalues(input: readonly (readonly number[])[]): number[] {
  const n = input.length;
  const a = input.map((row) => [...row]);
  const at = (i: number, j: number) => (a[i] as number[])[j] as number;
  const set = (i: number, j: number, v: number) => {
    (a[i] as number[])[j] = v;
  };
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += at(i, j) ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(at(p, q)) < 1e-300) continue;
        const theta = (at(q, q) - at(p, p)) / (2 * at(p, q));
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = at(k, p);
          const akq = at(k, q);
          set(k, p, c * akp - s * akq);
          set(k, q, s * akp + c * akq);
        }
        for (let k = 0; k < n; k++) {
          const apk = at(p, k);
          const aqk = at(q, k);
          set(p, k, c * apk - s * aqk);
          set(q, k, s * apk + c * aqk);
        }
      }
    }
  }
  return a.map((_, i) => at(i, i)).sort((x, y) => x - y);
}

export const toNumbers = (m: Matrix): number[][] => m.map((row) => row.map((x) => x.toNumber()));

/**
 * A random unimodular integer matrix (det 1): the n×n identity with `ops` steps "add ±row i to row
 * j" (i ≠ j), each drawn from `rng` as i, j, then the sign. For drawing integer matrices with a
 * chosen spectrum shape: MᵀDM is congruent to D.
 *
 * @example
 * unimodular(Rng.fromSeed(1), 3, 2)  // e.g. [[1n, 0n, 0n], [1n, 1n, 0n], [0n, -1n, 1n]]
 */
export function unimodular(rng: Rng, n: number, ops: number): bigint[][] {
  const m = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j): bigint => (i === j ? 1n : 0n)));
  for (let t = 0; t < ops; t++) {
    const i = rng.int(0, n - 1);
    let j = rng.int(0, n - 2);
    if (j >= i) j++;
    const s = rng.chance(0.5) ? 1n : -1n;
    m[j] = (m[j] as bigint[]).map((v, c) => v + s * ((m[i] as bigint[])[c] as bigint));
  }
  return m;
}
