/**
 * What the tasks of matrix-definiteness share: exact minors of a small symmetric integer matrix,
 * its class by Sylvester's criterion, the independent check of both, the params reader, the text
 * of the minors and the feedback.
 *
 * Classes (the most specific one): positive definite (all eigenvalues > 0), negative definite
 * (all < 0), indefinite (both signs), positive / negative semidefinite (singular): all ≥ 0 / ≤ 0
 * with at least one eigenvalue 0. The zero matrix (both semidefinite) is rejected.
 *
 * Sylvester: PD ⇔ Δ_k > 0 for all k, ND ⇔ (−1)^k Δ_k > 0; otherwise det ≠ 0 ⇒ indefinite;
 * det = 0 ⇒ PSD ⇔ every principal minor (not only the leading ones) ≥ 0, NSD ⇔ every principal
 * minor of −A ≥ 0, else indefinite. The check: eigenvalue signs from Jacobi rotations in doubles
 * and, exactly, from Descartes' rule of signs on the Faddeev–LeVerrier characteristic polynomial
 * (exact for real-rooted polynomials); minors against Bareiss determinants (`la.leadingMinors`).
 */
import {
  bi,
  defineNotes,
  InvalidParamsError,
  la,
  near,
  params as read,
  Rational,
  template,
  type Bilingual,
  type Lang,
  type StepLine,
  type TextValues,
} from '../../../engine';

export type ClassId = 'positive-definite' | 'negative-definite' | 'indefinite' | 'positive-semidefinite' | 'negative-semidefinite';
export type Matrix = readonly (readonly number[])[];

/** What every task's answer object carries besides its graded value. */
export type Classified = { readonly classification: ClassId; readonly minors: readonly number[] };

const MAX_ABS = 1000;

export const CLASSES: readonly { readonly id: ClassId; readonly label: Bilingual }[] = [
  { id: 'positive-definite', label: bi('positive definite', '正定') },
  { id: 'negative-definite', label: bi('negative definite', '负定') },
  { id: 'indefinite', label: bi('indefinite', '不定') },
  { id: 'positive-semidefinite', label: bi('positive semidefinite (singular)', '半正定（奇异）') },
  { id: 'negative-semidefinite', label: bi('negative semidefinite (singular)', '半负定（奇异）') },
];
export const labelOf = (id: ClassId, lang: Lang) => (CLASSES.find((c) => c.id === id) as (typeof CLASSES)[number]).label[lang];

export type Big = readonly (readonly bigint[])[];
export const big = (A: Matrix): Big => A.map((row) => row.map((v) => BigInt(v)));
export const at = (m: Big, i: number, j: number) => (m[i] as readonly bigint[])[j] as bigint;

/** Determinant by cofactor expansion along the first row. */
export function cofactorDet(m: Big): bigint {
  const n = m.length;
  if (n === 1) return at(m, 0, 0);
  let s = 0n;
  for (let j = 0; j < n; j++) {
    const minor = m.slice(1).map((row) => row.filter((_, c) => c !== j));
    s += (j % 2 === 0 ? 1n : -1n) * at(m, 0, j) * cofactorDet(minor);
  }
  return s;
}

const sub = (m: Big, idx: readonly number[]): Big => idx.map((i) => idx.map((j) => at(m, i, j)));
export const leading = (m: Big): bigint[] => m.map((_, k) => cofactorDet(sub(m, Array.from({ length: k + 1 }, (_, i) => i))));

/** Every principal minor: [index set, value]. */
export function principalMinors(m: Big): [number[], bigint][] {
  const n = m.length;
  const out: [number[], bigint][] = [];
  for (let mask = 1; mask < 1 << n; mask++) {
    const idx = Array.from({ length: n }, (_, i) => i).filter((i) => mask & (1 << i));
    out.push([idx, cofactorDet(sub(m, idx))]);
  }
  return out.sort((a, b) => a[0].length - b[0].length);
}

export function classify(m: Big): ClassId {
  const d = leading(m);
  if (d.every((x) => x > 0n)) return 'positive-definite';
  if (d.every((x, k) => (k % 2 === 0 ? -x : x) > 0n)) return 'negative-definite';
  if (d[d.length - 1] !== 0n) return 'indefinite';
  const all = principalMinors(m);
  if (all.every(([, v]) => v >= 0n)) return 'positive-semidefinite';
  if (all.every(([idx, v]) => (idx.length % 2 === 1 ? -v : v) >= 0n)) return 'negative-semidefinite';
  return 'indefinite';
}

/** The class and the leading minors: the part of every answer object that is not graded. */
export function classified(A: Matrix): Classified {
  const m = big(A);
  return { classification: classify(m), minors: leading(m).map(Number) };
}

// ---------- verification ----------

/** det(λI − A) by Faddeev–LeVerrier: coefficients [1, c₁, …, c_n] of λⁿ + c₁λⁿ⁻¹ + … + c_n. */
function charPoly(m: Big): bigint[] {
  const n = m.length;
  const mul = (x: Big, y: Big): bigint[][] => x.map((row) => row.map((_, j) => row.reduce((s, v, k) => s + v * at(y, k, j), 0n)));
  const coeffs = [1n];
  let M: bigint[][] = m.map((row) => row.map(() => 0n));
  for (let k = 1; k <= n; k++) {
    // M_k = A·M_{k−1} + c_{k−1}·I, c_k = −tr(A·M_k)/k
    const AM = mul(m, M);
    M = AM.map((row, i) => row.map((v, j) => v + (i === j ? (coeffs[k - 1] as bigint) : 0n)));
    const AMk = mul(m, M);
    const tr = AMk.reduce((s, row, i) => s + (row[i] as bigint), 0n);
    coeffs.push(-tr / BigInt(k));
  }
  return coeffs;
}

const signChanges = (c: readonly bigint[]): number => {
  const nz = c.filter((x) => x !== 0n);
  let changes = 0;
  for (let i = 1; i < nz.length; i++) if ((nz[i] as bigint) > 0n !== (nz[i - 1] as bigint) > 0n) changes++;
  return changes;
};

function classOfCounts(pos: number, neg: number, zero: number): ClassId {
  if (zero === 0 && neg === 0) return 'positive-definite';
  if (zero === 0 && pos === 0) return 'negative-definite';
  if (pos > 0 && neg > 0) return 'indefinite';
  return neg === 0 ? 'positive-semidefinite' : 'negative-semidefinite';
}

export const METHOD = 'Jacobi eigenvalues + Descartes signs of the LeVerrier characteristic polynomial; Bareiss minors';

/** The independent check of an answer's class and minors; the Jacobi eigenvalues and Bareiss minors for the task's own checks. */
export function checkClassified(
  A: Matrix,
  answer: Classified,
): { readonly ok: false; readonly detail: string } | { readonly ok: true; readonly eigenvalues: number[]; readonly scale: number; readonly bareiss: Rational[] } {
  const m = big(A);
  const n = m.length;
  const eig = la.symmetricEigenvalues(A.map((row) => [...row]));
  const scale = Math.max(1, ...eig.map(Math.abs));
  const tol = 1e-9 * scale;
  const numeric = classOfCounts(eig.filter((x) => x > tol).length, eig.filter((x) => x < -tol).length, eig.filter((x) => Math.abs(x) <= tol).length);
  const p = charPoly(m);
  let zero = 0;
  while (zero < n && p[n - zero] === 0n) zero++;
  const trimmed = p.slice(0, n + 1 - zero);
  const pos = signChanges(trimmed);
  const neg = signChanges(trimmed.map((c, i) => ((n - zero - i) % 2 === 1 ? -c : c)));
  if (pos + neg + zero !== n) return { ok: false, detail: `Descartes counts ${pos}+${neg}+${zero} ≠ ${n}` };
  const exact = classOfCounts(pos, neg, zero);
  const c = answer.classification;
  if (numeric !== c || exact !== c) return { ok: false, detail: `Jacobi says ${numeric}, Descartes ${exact}, Sylvester ${c}` };
  const bareiss = la.leadingMinors(A.map((row) => row.map((v) => Rational.from(v))));
  if (bareiss.some((d, i) => !d.equals(Rational.from(answer.minors[i] as number)))) {
    return { ok: false, detail: `Bareiss minors ${bareiss.join(', ')}` };
  }
  return { ok: true, eigenvalues: eig, scale, bareiss };
}

// ---------- params ----------

/** A symmetric, non-zero 2×2 or 3×3 integer matrix `A` (and the tag). */
export function readMatrix(raw: unknown): Matrix {
  const o = read.readObject(raw, ['A', 'ask']);
  const M = read.readMatrix(o, 'A', 2, 3, MAX_ABS);
  if (M.some((row) => row.some((v) => !v.isInteger()))) throw new InvalidParamsError('A must have integer entries');
  if (!la.isSymmetric(M)) throw new InvalidParamsError('A must be symmetric');
  if (M.every((row) => row.every((v) => v.isZero()))) throw new InvalidParamsError('A must not be the zero matrix');
  return M.map((row) => row.map((v) => v.toNumber()));
}

// ---------- text ----------

export const texMatrix = (A: Matrix) => `\\begin{pmatrix}${A.map((row) => row.join(' & ')).join(' \\\\ ')}\\end{pmatrix}`;
export const paren = (v: bigint | number) => (BigInt(v) < 0n ? `(${v})` : `${v}`);

const MINOR_STEPS = [
  template(
    '$\\Delta_{1} = a_{11} = {{d1}}$, $\\Delta_{2} = a_{11}a_{22} - a_{12}^{2} = {{a11}}\\cdot {{a22}} - {{a12}}^{2} = {{d2}}$.',
    '$\\Delta_{1} = a_{11} = {{d1}}$，$\\Delta_{2} = a_{11}a_{22} - a_{12}^{2} = {{a11}}\\cdot {{a22}} - {{a12}}^{2} = {{d2}}$。',
  ),
  template(
    'Expanding along the first row: $\\Delta_{3} = {{a11}}\\cdot {{c1}} - {{a12}}\\cdot {{c2}} + {{a13}}\\cdot {{c3}} = {{d3}}$ (the bracketed numbers are the $2\\times 2$ minors).',
    '按第一行展开：$\\Delta_{3} = {{a11}}\\cdot {{c1}} - {{a12}}\\cdot {{c2}} + {{a13}}\\cdot {{c3}} = {{d3}}$（括号中是对应的 $2\\times 2$ 余子式）。',
  ),
];

/** Δ1 and Δ2 (and Δ3 by cofactors): the first steps of the classify and minors tasks. */
export function minorSteps(A: Matrix): StepLine[] {
  return A.length === 3 ? MINOR_STEPS : MINOR_STEPS.slice(0, 1);
}

/** The values of `minorSteps`: the leading minors Δk (`d1`…), the entries (`a11`…) and the 2×2 cofactors (`c1`…). */
export function minorValues(A: Matrix): TextValues {
  const m = big(A);
  const d = leading(m);
  const a = (i: number, j: number) => paren(at(m, i, j));
  const values: Record<string, string> = { d1: String(d[0]), d2: String(d[1]), a11: a(0, 0), a22: a(1, 1), a12: a(0, 1) };
  if (m.length === 3) {
    const c = [0, 1, 2].map((j) => cofactorDet(m.slice(1).map((row) => row.filter((_, col) => col !== j))));
    Object.assign(values, { d3: String(d[2]), a13: a(0, 2), c1: paren(c[0] as bigint), c2: paren(c[1] as bigint), c3: paren(c[2] as bigint) });
  }
  return values;
}

// ---------- diagnosis ----------

export const note = defineNotes({
  'diagonal-only': bi(
    'A positive (or negative) diagonal does not decide definiteness: the off-diagonal entries matter. Check all leading minors or the eigenvalues.',
    '对角线元素全为正（或全为负）并不能决定定性，非对角元素同样重要。要检查全部顺序主子式或特征值。',
  ),
  'first-minor-only': bi('Δ1 > 0 is only the first condition; Sylvester needs every leading minor Δ1, Δ2, … to be positive.', 'Δ1 > 0 只是第一个条件；Sylvester 判据要求每个顺序主子式 Δ1, Δ2, … 都为正。'),
  'singular-not-definite': bi('det A = 0, so A has a zero eigenvalue: it is semidefinite (singular), not definite.', 'det A = 0，A 有零特征值：它是半定（奇异）的，而不是定的。'),
  'negative-minors-alternate': bi(
    'Negative definite does not mean all minors negative: the leading minors alternate in sign starting with − (−, + for a 2×2 matrix; −, +, − for a 3×3).',
    '负定不是顺序主子式全为负，而是从负号开始符号交替（2×2 矩阵为 −, +；3×3 矩阵为 −, +, −）。',
  ),
  'leading-minors-semidefinite': bi(
    'For semidefiniteness the leading minors are not enough when some are 0: check every principal minor (or the eigenvalues).',
    '有顺序主子式为 0 时，仅凭顺序主子式不能判断半定性：要检查全部主子式（或特征值）。',
  ),
  'zero-eigenvalue-not-indefinite': bi('A zero eigenvalue does not make A indefinite; indefinite needs eigenvalues of both signs.', '有零特征值并不意味着不定；不定需要特征值有正有负。'),
  'nonsingular-is-definite': bi('det A ≠ 0, so no eigenvalue is 0: A is definite, not merely semidefinite.', 'det A ≠ 0，没有零特征值：A 是定的，而不只是半定。'),
  'det-sign': bi('Δ2 = a11·a22 − a12², with a minus sign.', 'Δ2 = a11·a22 − a12²，是减号。'),
  'wrong-order': bi('Right eigenvalues, but list them in increasing order.', '特征值对了，但要从小到大排列。'),
  'discriminant-4b2': bi('The discriminant is (a11 − a22)² + 4a12²; the factor 4 is missing.', '判别式是 (a11 − a22)² + 4a12²，漏了系数 4。'),
});

/** A comparison of a given vector with candidate vectors, entry by entry. */
export const sameAs = (g: readonly number[]) => (xs: readonly number[]) => xs.every((x, i) => near(g[i] as number, x, 1e-6) || Math.abs((g[i] as number) - x) < 1e-9);
