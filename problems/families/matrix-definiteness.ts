/**
 * matrix-definiteness — classify a symmetric 2×2 or 3×3 integer matrix, give its leading principal
 * minors, or the exact eigenvalues of a 2×2.
 *
 * Classes (the most specific one): positive definite (all eigenvalues > 0), negative definite
 * (all < 0), indefinite (both signs), positive / negative semidefinite (singular): all ≥ 0 / ≤ 0
 * with at least one eigenvalue 0. The zero matrix (both semidefinite) is rejected.
 *
 * Solve: minors by cofactor expansion (bigint); Sylvester's criterion — PD ⇔ Δ_k > 0 for all k,
 * ND ⇔ (−1)^k Δ_k > 0; otherwise det ≠ 0 ⇒ indefinite; det = 0 ⇒ PSD ⇔ every principal minor
 * (not only the leading ones) ≥ 0, NSD ⇔ every principal minor of −A ≥ 0, else indefinite.
 * 2×2 eigenvalues: (t ± k√s)/2 with t = a + c, (a − c)² + 4b² = k²s, s square-free.
 * Verify (independent): eigenvalue signs from Jacobi rotations in doubles and, exactly, from
 * Descartes' rule of signs on the Faddeev–LeVerrier characteristic polynomial (exact for real-rooted
 * polynomials); minors against Bareiss determinants (`la.leadingMinors`); eigenvalues against
 * Jacobi, and exactly λ₁ + λ₂ = tr A, λ₁λ₂ = det A.
 */
import {
  bi,
  defineFamily,
  Expression,
  InvalidParamsError,
  la,
  near,
  params as read,
  Rational,
  texNumber,
  type AnswerPart,
  type Bilingual,
  type GivenAnswer,
  type Level,
  type Rng,
  type Solution,
  type Verification,
} from '../../engine';

type Ask = 'classify' | 'minors' | 'eigenvalues';
type ClassId = 'positive-definite' | 'negative-definite' | 'indefinite' | 'positive-semidefinite' | 'negative-semidefinite';
type Params = { readonly A: readonly (readonly number[])[]; readonly ask: Ask };
type Answer = {
  readonly classification: ClassId;
  readonly minors: readonly number[];
  readonly value?: string | readonly number[];
  readonly exact?: readonly string[];
};

const ASKS: readonly Ask[] = ['classify', 'minors', 'eigenvalues'];
const MAX_ABS = 1000;

const CLASSES: readonly { readonly id: ClassId; readonly label: Bilingual }[] = [
  { id: 'positive-definite', label: bi('positive definite', '正定') },
  { id: 'negative-definite', label: bi('negative definite', '负定') },
  { id: 'indefinite', label: bi('indefinite', '不定') },
  { id: 'positive-semidefinite', label: bi('positive semidefinite (singular)', '半正定（奇异）') },
  { id: 'negative-semidefinite', label: bi('negative semidefinite (singular)', '半负定（奇异）') },
];
const labelOf = (id: ClassId, lang: 'en' | 'zh') => (CLASSES.find((c) => c.id === id) as (typeof CLASSES)[number]).label[lang];

type Big = readonly (readonly bigint[])[];
const big = (A: Params['A']): Big => A.map((row) => row.map((v) => BigInt(v)));
const at = (m: Big, i: number, j: number) => (m[i] as readonly bigint[])[j] as bigint;

/** Determinant by cofactor expansion along the first row. */
function cofactorDet(m: Big): bigint {
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
const leading = (m: Big): bigint[] => m.map((_, k) => cofactorDet(sub(m, Array.from({ length: k + 1 }, (_, i) => i))));

/** Every principal minor: [index set, value]. */
function principalMinors(m: Big): [number[], bigint][] {
  const n = m.length;
  const out: [number[], bigint][] = [];
  for (let mask = 1; mask < 1 << n; mask++) {
    const idx = Array.from({ length: n }, (_, i) => i).filter((i) => mask & (1 << i));
    out.push([idx, cofactorDet(sub(m, idx))]);
  }
  return out.sort((a, b) => a[0].length - b[0].length);
}

function classify(m: Big): ClassId {
  const d = leading(m);
  if (d.every((x) => x > 0n)) return 'positive-definite';
  if (d.every((x, k) => (k % 2 === 0 ? -x : x) > 0n)) return 'negative-definite';
  if (d[d.length - 1] !== 0n) return 'indefinite';
  const all = principalMinors(m);
  if (all.every(([, v]) => v >= 0n)) return 'positive-semidefinite';
  if (all.every(([idx, v]) => (idx.length % 2 === 1 ? -v : v) >= 0n)) return 'negative-semidefinite';
  return 'indefinite';
}

/** Largest k with k² | D, and the square-free rest: D = k²·s. */
function splitSquare(D: bigint): [bigint, bigint] {
  let k = 1n;
  let s = D;
  for (let p = 2n; p * p <= s; p++) {
    while (s % (p * p) === 0n) {
      s /= p * p;
      k *= p;
    }
  }
  return [k, s];
}

interface Eigen {
  readonly t: bigint;
  readonly D: bigint;
  readonly k: bigint;
  readonly s: bigint;
}
function eigen2(m: Big): Eigen {
  const a = at(m, 0, 0);
  const b = at(m, 0, 1);
  const c = at(m, 1, 1);
  const D = (a - c) ** 2n + 4n * b * b;
  const [k, s] = D === 0n ? [0n, 1n] : splitSquare(D);
  return { t: a + c, D, k, s };
}

/** λ = t/2 ± (k/2)√s as exact text ('' sign for the larger). */
function eigenText(e: Eigen, sign: -1 | 1): string {
  if (e.s === 1n) return Rational.of(e.t + BigInt(sign) * e.k, 2n).toString();
  const halve = e.t % 2n === 0n && e.k % 2n === 0n;
  const k = halve ? e.k / 2n : e.k;
  const surd = `${k === 1n ? '' : `${k}*`}sqrt(${e.s})`;
  const op = sign < 0 ? '-' : '+';
  if (e.t === 0n) return `${sign < 0 ? '-' : ''}${surd}${halve ? '' : '/2'}`;
  return halve ? `${e.t / 2n} ${op} ${surd}` : `(${e.t} ${op} ${surd})/2`;
}
function eigenTex(e: Eigen, sign: -1 | 1): string {
  if (e.s === 1n) return Rational.of(e.t + BigInt(sign) * e.k, 2n).toTex();
  const alpha = Rational.of(e.t, 2n);
  const beta = Rational.of(e.k, 2n);
  const coef = beta.equals(Rational.one) ? '' : beta.toTex();
  const surd = `${coef}\\sqrt{${e.s}}`;
  if (alpha.isZero()) return sign < 0 ? `-${surd}` : surd;
  return `${alpha.toTex()} ${sign < 0 ? '-' : '+'} ${surd}`;
}
const eigenNumber = (e: Eigen, sign: -1 | 1) => (Number(e.t) + sign * Number(e.k) * Math.sqrt(Number(e.s))) / 2;

function solve(params: Params): Solution<Answer> {
  const m = big(params.A);
  const classification = classify(m);
  const minors = leading(m).map(Number);
  if (params.ask === 'classify') {
    return { answer: { classification, minors, value: classification }, expected: { kind: 'parts', parts: { value: { kind: 'choice', value: classification } } } };
  }
  if (params.ask === 'minors') {
    return {
      answer: { classification, minors, value: minors },
      expected: { kind: 'parts', parts: { value: { kind: 'vector', value: minors.map((v) => Expression.from(v)) } } },
    };
  }
  const e = eigen2(m);
  const exact = [eigenText(e, -1), eigenText(e, 1)];
  return {
    answer: { classification, minors, value: [eigenNumber(e, -1), eigenNumber(e, 1)], exact },
    expected: { kind: 'parts', parts: { value: { kind: 'vector', value: exact.map((x) => Expression.parse(x)) } } },
  };
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

function verify(params: Params, solution: Solution<Answer>): Verification {
  const m = big(params.A);
  const n = m.length;
  const method = 'Jacobi eigenvalues + Descartes signs of the LeVerrier characteristic polynomial; Bareiss minors';
  const eig = la.symmetricEigenvalues(params.A.map((row) => [...row]));
  const scale = Math.max(1, ...eig.map(Math.abs));
  const tol = 1e-9 * scale;
  const numeric = classOfCounts(eig.filter((x) => x > tol).length, eig.filter((x) => x < -tol).length, eig.filter((x) => Math.abs(x) <= tol).length);
  const p = charPoly(m);
  let zero = 0;
  while (zero < n && p[n - zero] === 0n) zero++;
  const trimmed = p.slice(0, n + 1 - zero);
  const pos = signChanges(trimmed);
  const neg = signChanges(trimmed.map((c, i) => ((n - zero - i) % 2 === 1 ? -c : c)));
  if (pos + neg + zero !== n) return { ok: false, method, detail: `Descartes counts ${pos}+${neg}+${zero} ≠ ${n}` };
  const exact = classOfCounts(pos, neg, zero);
  const c = solution.answer.classification;
  if (numeric !== c || exact !== c) return { ok: false, method, detail: `Jacobi says ${numeric}, Descartes ${exact}, Sylvester ${c}` };
  const bareiss = la.leadingMinors(params.A.map((row) => row.map((v) => Rational.from(v))));
  if (bareiss.some((d, i) => !d.equals(Rational.from(solution.answer.minors[i] as number)))) {
    return { ok: false, method, detail: `Bareiss minors ${bareiss.join(', ')}` };
  }
  if (params.ask === 'eigenvalues') {
    const e = eigen2(m);
    const det = solution.answer.minors[1] as number;
    const l1 = Rational.of(e.t, 2n);
    // (t/2)² − (k/2)²s = det and k²s = D = (tr)² − 4det
    if (e.k * e.k * e.s !== e.D || !l1.mul(l1).sub(Rational.of(e.k * e.k * e.s, 4n)).equals(Rational.from(det)) || e.t !== at(m, 0, 0) + at(m, 1, 1)) {
      return { ok: false, method, detail: 'sum/product of eigenvalues disagree with trace/determinant' };
    }
    const v = solution.answer.value as readonly number[];
    if (!v.every((x, i) => Math.abs(x - (eig[i] as number)) <= 1e-9 * scale)) return { ok: false, method, detail: `Jacobi ${eig.join(', ')} vs ${v.join(', ')}` };
  }
  // What is graded must be what was just verified.
  const graded = solution.expected.kind === 'parts' ? solution.expected.parts.value : undefined;
  const agrees =
    params.ask === 'classify'
      ? graded?.kind === 'choice' && graded.value === c
      : params.ask === 'minors'
        ? graded?.kind === 'vector' && graded.value.length === bareiss.length && graded.value.every((e, i) => e.rational()?.equals(bareiss[i] as Rational) === true)
        : graded?.kind === 'vector' && graded.value.length === 2 && graded.value.every((e, i) => Math.abs(e.toNumber() - (eig[i] as number)) <= 1e-9 * scale);
  if (!agrees) return { ok: false, method, detail: 'the graded answer is not the verified one' };
  return { ok: true, method };
}

// ---------- generation ----------

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

/** Identity with a few "add ±row i to row j" steps: det 1. */
function unimodular(rng: Rng, n: number, ops: number): bigint[][] {
  const m = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j): bigint => (i === j ? 1n : 0n)));
  for (let t = 0; t < ops; t++) {
    const i = rng.int(0, n - 1);
    let j = rng.int(0, n - 2);
    if (j >= i) j++;
    const s = rng.chance(0.5) ? 1n : -1n;
    m[j] = (m[j] as bigint[]).map((v, col) => v + s * ((m[i] as bigint[])[col] as bigint));
  }
  return m;
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
    const M = unimodular(rng, 3, rng.int(2, 4));
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

function generate(rng: Rng, level: Level): Params {
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

// ---------- text ----------

const texMatrix = (A: Params['A']) => `\\begin{pmatrix}${A.map((row) => row.join(' & ')).join(' \\\\ ')}\\end{pmatrix}`;
const paren = (v: bigint | number) => (BigInt(v) < 0n ? `(${v})` : `${v}`);

function prompt(params: Params, lang: 'en' | 'zh'): string {
  const zh = lang === 'zh';
  const def = `$$A = ${texMatrix(params.A)}$$`;
  if (params.ask === 'classify') {
    const list = CLASSES.map((c) => `\`${c.id}\`（${c.label.zh}）`).join('、');
    const listEn = CLASSES.map((c) => `\`${c.id}\` (${c.label.en})`).join(', ');
    return zh
      ? `对称矩阵\n${def}\n判断它的定性，选最具体的一项：正定（所有特征值 $> 0$）、负定（所有特征值 $< 0$）、不定（特征值有正有负）、半正定（奇异）（所有特征值 $\\ge 0$ 且至少一个为 $0$）、半负定（奇异）（所有特征值 $\\le 0$ 且至少一个为 $0$）。\n\n回答以下之一：${list}。`
      : `For the symmetric matrix\n${def}\nclassify it, choosing the most specific option: positive definite (all eigenvalues $> 0$), negative definite (all $< 0$), indefinite (eigenvalues of both signs), positive semidefinite (singular) (all $\\ge 0$, at least one $= 0$), negative semidefinite (singular) (all $\\le 0$, at least one $= 0$).\n\nAnswer one of: ${listEn}.`;
  }
  const n = params.A.length;
  if (params.ask === 'minors') {
    const names = Array.from({ length: n }, (_, k) => `\\Delta_{${k + 1}}`).join(', ');
    return zh
      ? `对称矩阵\n${def}\n求它的顺序主子式 $${names}$（$\\Delta_k$ 是左上角 $k\\times k$ 子矩阵的行列式），写成向量，如 \`[${Array.from({ length: n }, (_, k) => k + 1).join(', ')}]\`。`
      : `For the symmetric matrix\n${def}\nfind its leading principal minors $${names}$ ($\\Delta_k$ is the determinant of the top-left $k\\times k$ block), as a vector such as \`[${Array.from({ length: n }, (_, k) => k + 1).join(', ')}]\`.`;
  }
  return zh
    ? `对称矩阵\n${def}\n求它的两个特征值，**从小到大**写成向量 \`[λ1, λ2]\`；可用精确根式，如 \`[(3 - sqrt(5))/2, (3 + sqrt(5))/2]\`。`
    : `For the symmetric matrix\n${def}\nfind both eigenvalues, **in increasing order**, as a vector \`[λ1, λ2]\`; exact roots are welcome, e.g. \`[(3 - sqrt(5))/2, (3 + sqrt(5))/2]\`.`;
}

function minorSteps(params: Params, zh: boolean): string[] {
  const m = big(params.A);
  const d = leading(m);
  const a = (i: number, j: number) => paren(at(m, i, j));
  const lines = [
    `$\\Delta_{1} = a_{11} = ${d[0]}$${zh ? '，' : ', '}$\\Delta_{2} = a_{11}a_{22} - a_{12}^{2} = ${a(0, 0)}\\cdot ${a(1, 1)} - ${a(0, 1)}^{2} = ${d[1]}$${zh ? '。' : '.'}`,
  ];
  if (m.length === 3) {
    const c = [0, 1, 2].map((j) => cofactorDet(m.slice(1).map((row) => row.filter((_, col) => col !== j))));
    lines.push(
      zh
        ? `按第一行展开：$\\Delta_{3} = ${a(0, 0)}\\cdot ${paren(c[0] as bigint)} - ${a(0, 1)}\\cdot ${paren(c[1] as bigint)} + ${a(0, 2)}\\cdot ${paren(c[2] as bigint)} = ${d[2]}$（括号中是对应的 $2\\times 2$ 余子式）。`
        : `Expanding along the first row: $\\Delta_{3} = ${a(0, 0)}\\cdot ${paren(c[0] as bigint)} - ${a(0, 1)}\\cdot ${paren(c[1] as bigint)} + ${a(0, 2)}\\cdot ${paren(c[2] as bigint)} = ${d[2]}$ (the bracketed numbers are the $2\\times 2$ minors).`,
    );
  }
  return lines;
}

function steps(params: Params, solution: Solution<Answer>, lang: 'en' | 'zh'): string {
  const zh = lang === 'zh';
  const m = big(params.A);
  const lines = params.ask === 'eigenvalues' ? [] : minorSteps(params, zh);
  const d = leading(m);
  const cls = solution.answer.classification;
  if (params.ask === 'classify') {
    const signs = d.map((v, k) => `\\Delta_{${k + 1}} = ${v}`).join(',\\ ');
    // The sign pattern of a negative definite matrix of this size: −, + (2×2) or −, +, − (3×3).
    const alternating = m.length === 3 ? '-, +, -' : '-, +';
    if (cls === 'positive-definite') {
      lines.push(zh ? `$${signs}$ 全为正，由 Sylvester 判据 $A$ 正定。` : `$${signs}$ are all positive, so $A$ is positive definite by Sylvester's criterion.`);
    } else if (cls === 'negative-definite') {
      lines.push(
        zh
          ? `$${signs}$ 的符号交替为 $-, +${m.length === 3 ? ', -' : ''}$（即 $-A$ 的顺序主子式全为正），所以 $A$ 负定。`
          : `$${signs}$ alternate in sign $-, +${m.length === 3 ? ', -' : ''}$ (the minors of $-A$ are all positive), so $A$ is negative definite.`,
      );
    } else if (d[d.length - 1] !== 0n) {
      lines.push(
        zh
          ? `$\\det A = ${d[d.length - 1]} \\ne 0$，但顺序主子式既不全为正，也不是 $${alternating}$ 交替，所以 $A$ 不定（对角线元素全为正并不足以说明正定）。`
          : `$\\det A = ${d[d.length - 1]} \\ne 0$, yet the leading minors are neither all positive nor alternating $${alternating}$, so $A$ is indefinite (a positive diagonal alone does not make a matrix positive definite).`,
      );
    } else {
      const all = principalMinors(m)
        .map(([idx, v]) => `M_{${idx.map((i) => i + 1).join('')}} = ${v}`)
        .join(',\\ ');
      lines.push(
        zh
          ? `$\\det A = 0$，所以 $A$ 奇异，不是定的。半定性要看**全部**主子式（不只是顺序主子式）：$${all}$。`
          : `$\\det A = 0$, so $A$ is singular and not definite. Semidefiniteness needs **all** principal minors, not only the leading ones: $${all}$.`,
      );
      lines.push(
        cls === 'positive-semidefinite'
          ? zh
            ? '它们全都 $\\ge 0$，所以 $A$ 半正定（奇异）。'
            : 'All of them are $\\ge 0$, so $A$ is positive semidefinite (singular).'
          : cls === 'negative-semidefinite'
            ? zh
              ? '奇数阶的都 $\\le 0$、偶数阶的都 $\\ge 0$（即 $-A$ 的主子式全 $\\ge 0$），所以 $A$ 半负定（奇异）。'
              : 'Odd-order ones are $\\le 0$ and even-order ones $\\ge 0$ (all principal minors of $-A$ are $\\ge 0$), so $A$ is negative semidefinite (singular).'
            : zh
              ? '既有正的一阶主子式，又有负的（或 $A$ 与 $-A$ 的主子式都不全非负），所以 $A$ 不定。'
              : 'The signs rule out both $A$ and $-A$ being positive semidefinite, so $A$ is indefinite.',
      );
    }
    lines.push(zh ? `答案：${labelOf(cls, 'zh')}（\`${cls}\`）。` : `Answer: ${labelOf(cls, 'en')} (\`${cls}\`).`);
  } else if (params.ask === 'minors') {
    lines.push(zh ? `所以顺序主子式为 $[${d.join(', ')}]$。` : `So the leading minors are $[${d.join(', ')}]$.`);
  } else {
    const e = eigen2(m);
    const det = d[1] as bigint;
    const a = paren(at(m, 0, 0));
    const c = paren(at(m, 1, 1));
    const b = paren(at(m, 0, 1));
    lines.push(
      zh
        ? `特征多项式 $\\lambda^{2} - (\\operatorname{tr}A)\\lambda + \\det A$，其中 $\\operatorname{tr}A = ${e.t}$，$\\det A = ${a}\\cdot ${c} - ${b}^{2} = ${det}$。`
        : `The characteristic polynomial is $\\lambda^{2} - (\\operatorname{tr}A)\\lambda + \\det A$ with $\\operatorname{tr}A = ${e.t}$ and $\\det A = ${a}\\cdot ${c} - ${b}^{2} = ${det}$.`,
      zh
        ? `判别式 $(\\operatorname{tr}A)^{2} - 4\\det A = (a_{11} - a_{22})^{2} + 4a_{12}^{2} = ${e.D}$${e.s === 1n ? `，$\\sqrt{${e.D}} = ${e.k}$` : e.k === 1n ? '' : `，$\\sqrt{${e.D}} = ${e.k}\\sqrt{${e.s}}$`}。`
        : `The discriminant is $(\\operatorname{tr}A)^{2} - 4\\det A = (a_{11} - a_{22})^{2} + 4a_{12}^{2} = ${e.D}$${e.s === 1n ? `, $\\sqrt{${e.D}} = ${e.k}$` : e.k === 1n ? '' : `, $\\sqrt{${e.D}} = ${e.k}\\sqrt{${e.s}}$`}.`,
      `$$\\lambda_{1} = ${eigenTex(e, -1)} \\approx ${texNumber(eigenNumber(e, -1), 5)},\\qquad \\lambda_{2} = ${eigenTex(e, 1)} \\approx ${texNumber(eigenNumber(e, 1), 5)}.$$`,
    );
  }
  return lines.map((line, i) => `${i + 1}. ${line}`).join('\n');
}

// ---------- diagnosis ----------

const NOTES: Readonly<Record<string, Bilingual>> = {
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
};
const note = (code: string) => ({ note: code, message: NOTES[code] as Bilingual });

function diagnose(params: Params, solution: Solution<Answer>, given: GivenAnswer) {
  if (given.kind !== 'parts') return undefined;
  const part = given.parts.value;
  const A = params.A;
  const n = A.length;
  const diag = A.map((row, i) => row[i] as number);
  const minors = solution.answer.minors;
  const right = solution.answer.classification;
  if (part?.kind === 'choice') {
    const v = part.value as ClassId;
    if (v === right) return undefined;
    const det = minors[n - 1] as number;
    if (v === 'positive-definite' || v === 'negative-definite') {
      if (det === 0 && (right === 'positive-semidefinite' || right === 'negative-semidefinite')) return note('singular-not-definite');
      const s = v === 'positive-definite' ? 1 : -1;
      if (diag.every((x) => s * x > 0)) return note('diagonal-only');
      if (s > 0 && (minors[0] as number) > 0) return note('first-minor-only');
      if (s < 0 && minors.every((x) => x < 0)) return note('negative-minors-alternate');
      return undefined;
    }
    if (v === 'indefinite') return det === 0 ? note('zero-eigenvalue-not-indefinite') : undefined;
    if (det !== 0) return note('nonsingular-is-definite');
    const s = v === 'positive-semidefinite' ? 1 : -1;
    if (minors.every((x, k) => (s > 0 || k % 2 === 1 ? x : -x) >= 0)) return note('leading-minors-semidefinite');
    return undefined;
  }
  if (part?.kind !== 'vector' || part.approx.length !== n) return undefined;
  const g = part.approx;
  const same = (xs: readonly number[]) => xs.every((x, i) => near(g[i] as number, x, 1e-6) || Math.abs((g[i] as number) - x) < 1e-9);
  if (params.ask === 'minors') {
    if (same(minors)) return undefined;
    if (same(diag)) return note('diagonal-only');
    const a = A[0] as number[];
    if (near(g[1] as number, (a[0] as number) * ((A[1] as number[])[1] as number) + (a[1] as number) ** 2, 1e-9) && g[0] === minors[0]) return note('det-sign');
    return undefined;
  }
  const v = solution.answer.value as readonly number[];
  if (same(v)) return undefined;
  if (same([v[1] as number, v[0] as number])) return note('wrong-order');
  if (same([...diag].sort((x, y) => x - y)) || same(diag)) return note('diagonal-only');
  const a = diag[0] as number;
  const c = diag[1] as number;
  const b = (A[0] as number[])[1] as number;
  const r = Math.sqrt((a - c) ** 2 + b * b);
  if (same([(a + c - r) / 2, (a + c + r) / 2])) return note('discriminant-4b2');
  return undefined;
}

// ---------- definition ----------

export const matrixDefiniteness = defineFamily<Params, Answer>({
  id: 'matrix-definiteness',
  version: 1,
  article: 'quadratic-minimum',
  title: bi('Definiteness of a symmetric matrix', '对称矩阵的定性'),
  levels: ['easy', 'medium', 'hard'],
  parseParams(raw) {
    const o = read.readObject(raw, ['A', 'ask']);
    const ask = read.readEnum(o, 'ask', ASKS);
    const M = read.readMatrix(o, 'A', 2, 3, MAX_ABS);
    if (M.some((row) => row.some((v) => !v.isInteger()))) throw new InvalidParamsError('A must have integer entries');
    if (!la.isSymmetric(M)) throw new InvalidParamsError('A must be symmetric');
    if (M.every((row) => row.every((v) => v.isZero()))) throw new InvalidParamsError('A must not be the zero matrix');
    if (ask === 'eigenvalues' && M.length !== 2) throw new InvalidParamsError('eigenvalues are asked only for 2×2 matrices');
    return { A: M.map((row) => row.map((v) => v.toNumber())), ask };
  },
  generate,
  prompt,
  answerSpec: (params): { parts: AnswerPart[]; noneAllowed: boolean } => ({
    parts: [
      params.ask === 'classify'
        ? { name: 'value', kind: 'choice', choices: CLASSES, label: bi('classification', '定性') }
        : params.ask === 'minors'
          ? { name: 'value', kind: 'vector', length: params.A.length, label: bi('leading principal minors', '顺序主子式') }
          : { name: 'value', kind: 'vector', length: 2, label: bi('eigenvalues, increasing', '特征值（从小到大）') },
    ],
    noneAllowed: false,
  }),
  solve,
  verify,
  steps,
  diagnose,
  examples: [
    { params: { A: [[2, 1], [1, 2]], ask: 'classify' }, answer: 'positive-definite', correct: true },
    { params: { A: [[2, 1], [1, 2]], ask: 'classify' }, answer: '正定', correct: true, comment: 'the Chinese label' },
    { params: { A: [[1, 3], [3, 2]], ask: 'classify' }, answer: 'indefinite', correct: true, comment: 'positive diagonal, det = −7' },
    { params: { A: [[1, 3], [3, 2]], ask: 'classify' }, answer: 'positive-definite', correct: false, note: 'diagonal-only' },
    { params: { A: [[1, 3], [3, -2]], ask: 'classify' }, answer: 'positive-definite', correct: false, note: 'first-minor-only' },
    { params: { A: [[1, 2], [2, 4]], ask: 'classify' }, answer: 'positive semidefinite (singular)', correct: true },
    { params: { A: [[1, 2], [2, 4]], ask: 'classify' }, answer: 'positive-definite', correct: false, note: 'singular-not-definite' },
    { params: { A: [[0, 0], [0, -1]], ask: 'classify' }, answer: 'negative-semidefinite', correct: true, comment: 'leading minors 0, 0' },
    { params: { A: [[0, 0], [0, -1]], ask: 'classify' }, answer: 'positive-semidefinite', correct: false, note: 'leading-minors-semidefinite' },
    { params: { A: [[-2, 1, 0], [1, -2, 1], [0, 1, -2]], ask: 'classify' }, answer: 'negative-definite', correct: true },
    { params: { A: [[-1, 2, 0], [2, -1, 0], [0, 0, -1]], ask: 'classify' }, answer: 'negative-definite', correct: false, note: 'diagonal-only' },
    { params: { A: [[2, -1, 0], [-1, 2, -1], [0, -1, 2]], ask: 'minors' }, answer: '[2, 3, 4]', correct: true },
    { params: { A: [[2, -1, 0], [-1, 2, -1], [0, -1, 2]], ask: 'minors' }, answer: '[2, 2, 2]', correct: false, note: 'diagonal-only' },
    { params: { A: [[2, 1], [1, 2]], ask: 'minors' }, answer: '[2, 5]', correct: false, note: 'det-sign' },
    { params: { A: [[2, 1], [1, 1]], ask: 'eigenvalues' }, answer: '[(3 - sqrt(5))/2, (3 + sqrt(5))/2]', correct: true },
    { params: { A: [[2, 1], [1, 1]], ask: 'eigenvalues' }, answer: '[0.382, 2.618]', correct: true },
    { params: { A: [[2, 1], [1, 1]], ask: 'eigenvalues' }, answer: '[(3 + sqrt(5))/2, (3 - sqrt(5))/2]', correct: false, note: 'wrong-order' },
    { params: { A: [[2, 1], [1, 1]], ask: 'eigenvalues' }, answer: '[(3 - sqrt(2))/2, (3 + sqrt(2))/2]', correct: false, note: 'discriminant-4b2' },
    { params: { A: [[2, 1], [1, 2]], ask: 'classify' }, answer: 'definite', correct: false, note: 'not-allowed' },
    { params: { A: [[2, 1], [1, 2]], ask: 'minors' }, answer: '1; drop table', correct: false, note: 'bad-character' },
  ],
});
