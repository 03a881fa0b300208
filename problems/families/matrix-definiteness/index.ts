/**
 * matrix-definiteness — a symmetric 2×2 or 3×3 integer matrix, three tasks tagged by `ask`:
 *
 *   classify      its class, the most specific of five (easy 2×2, hard 3×3)   classify.ts
 *   minors        its leading principal minors (easy 2×2, hard 3×3)           minors.ts
 *   eigenvalues   both eigenvalues of a 2×2, exactly (medium)                 eigenvalues.ts
 *
 * Minors, classes and their independent check are shared (model.ts).
 */
import { bi, defineTaskFamily, la, type Level, type Rng } from '../../../engine';
import { classifyTask, type ClassifyParams } from './classify';
import { eigenvaluesTask, type EigenvaluesParams } from './eigenvalues';
import { minorsTask, type MinorsParams } from './minors';
import type { ClassId } from './model';

type Shape = ClassId | 'indefinite-trap';

function draw2(rng: Rng, shape: Shape, top: number): number[][] {
  for (let attempt = 0; attempt < 200; attempt++) {
    let a = rng.int(-top, top);
    let c = rng.int(-top, top);
    let b = rng.int(-top, top);
    const neg = shape === 'negative-definite' || shape === 'negative-semidefinite';
    if (shape === 'positive-semidefinite' || shape === 'negative-semidefinite') {
      const q = rng.int(1, 3);
      const s = rng.int(0, 2);
      const t = s === 0 ? rng.int(1, 2) : rng.int(0, 2);
      a = q * s * s;
      c = q * t * t;
      b = (rng.chance(0.5) ? 1 : -1) * q * s * t;
    } else if (shape === 'positive-definite' || shape === 'negative-definite' || shape === 'indefinite-trap') {
      a = rng.int(1, top);
      c = rng.int(1, top);
    }
    if (neg) {
      a = -a;
      b = -b;
      c = -c;
    }
    const det = a * c - b * b;
    const ok =
      shape === 'positive-definite' || shape === 'negative-definite'
        ? det > 0 && b !== 0
        : shape === 'indefinite-trap'
          ? det < 0
          : shape === 'indefinite'
            ? det < 0 && (a <= 0 || c <= 0)
            : true;
    // `+ 0` turns −0 into 0 (JSON round trips drop the sign).
    if (ok && Math.max(Math.abs(a), Math.abs(b), Math.abs(c)) <= top) return [[a + 0, b + 0], [b + 0, c + 0]];
  }
  return [[2, 1], [1, 2]];
}

function draw3(rng: Rng, shape: Shape): number[][] {
  let last: number[][] = [[2, 1, 0], [1, 2, 1], [0, 1, 2]];
  for (let attempt = 0; attempt < 60; attempt++) {
    const d = Array.from({ length: 3 }, () => BigInt(rng.int(1, 3)));
    const i = rng.int(0, 2);
    const diag = d.map((v, k) => {
      switch (shape) {
        case 'positive-definite':
          return v;
        case 'negative-definite':
          return -v;
        case 'indefinite':
        case 'indefinite-trap':
          return k === i ? -v : v;
        case 'positive-semidefinite':
          return k === i ? 0n : v;
        case 'negative-semidefinite':
          return k === i ? 0n : -v;
      }
    });
    const M = la.unimodular(rng, 3, rng.int(2, 4));
    const A = [0, 1, 2].map((r) => [0, 1, 2].map((c) => Number(M.reduce((s, row, k) => s + (row[r] as bigint) * (diag[k] as bigint) * (row[c] as bigint), 0n))));
    last = A;
    const entries = A.flat();
    if (Math.max(...entries.map(Math.abs)) > 9) continue;
    if (A.every((row, r) => row.every((v, c) => r === c || v === 0))) continue;
    if (shape === 'indefinite-trap' && !A.every((row, r) => (row[r] as number) > 0)) continue;
    return A;
  }
  return last;
}

function generate(rng: Rng, level: Level): ClassifyParams | MinorsParams | EigenvaluesParams {
  const shapes: Shape[] = ['positive-definite', 'positive-definite', 'negative-definite', 'indefinite', 'indefinite-trap', 'indefinite-trap', 'positive-semidefinite', 'negative-semidefinite'];
  if (level === 'easy') {
    const A = draw2(rng, rng.pick(shapes), 6);
    return { A, ask: rng.chance(0.6) ? 'classify' : 'minors' };
  }
  if (level === 'medium') {
    // b ≠ 0, so the eigenvalues are not just the diagonal.
    const a = rng.int(-8, 8);
    const c = rng.int(-8, 8);
    const b = rng.int(1, 6) * (rng.chance(0.5) ? 1 : -1);
    return { A: [[a, b], [b, c]], ask: 'eigenvalues' };
  }
  return { A: draw3(rng, rng.pick(shapes)), ask: rng.chance(0.7) ? 'classify' : 'minors' };
}

export const matrixDefiniteness = defineTaskFamily({
  id: 'matrix-definiteness',
  version: 1,
  article: 'quadratic-minimum',
  title: bi('Definiteness of a symmetric matrix', '对称矩阵的定性'),
  levels: ['easy', 'medium', 'hard'],
  tag: 'ask',
  tasks: { classify: classifyTask, minors: minorsTask, eigenvalues: eigenvaluesTask },
  generate,
});
