/**
 * quadratic-minimum — minimise f(x) = xᵀAx + bᵀx + c for a symmetric A.
 *
 * Solve (exact over ℚ): A positive definite (every LDLᵀ pivot > 0) ⇒ the unique minimiser solves
 * ∇f = 2Ax + b = 0, x* = −½A⁻¹b, and f(x*) = c + ½bᵀx*. Otherwise — indefinite, negative
 * (semi)definite or singular — "exists": false, and the steps say which case it is (`degenerate`):
 * unbounded below along a direction with wᵀAw < 0 or along a null direction with bᵀv ≠ 0, or a
 * minimum value attained on a whole line (no unique minimiser).
 * Verify (independent): Sylvester's criterion with Bareiss determinants of the leading minors,
 * the exact residual 2Ax* + b = 0, f(x*) evaluated directly, and Jacobi eigenvalues in doubles.
 */
import {
  bi,
  defineFamily,
  defineNotes,
  Expression,
  fill,
  fillSteps,
  InvalidParamsError,
  la,
  memoByParams,
  near,
  params as read,
  Rational,
  template,
  type GivenAnswer,
  type Level,
  type Rng,
  type Solution,
  type Verification,
} from '../../engine';

type Entry = number | string;
type Params = { readonly A: readonly (readonly Entry[])[]; readonly b: readonly Entry[]; readonly c: Entry };
type Answer =
  | { readonly exists: true; readonly x: readonly number[]; readonly value: number; readonly exact: { readonly x: readonly string[]; readonly value: string } }
  | { readonly exists: false };

const MAX_N = 6;
const MAX_ABS = 1e6;

interface Problem {
  readonly A: la.Matrix;
  readonly b: la.Vector;
  readonly c: Rational;
}

/** Exact A, b, c of the params (memoised per params object). */
const problem = memoByParams((params: Params): Problem => {
  const o = params as unknown as Record<string, unknown>;
  return {
    A: read.readMatrix(o, 'A', 1, MAX_N, MAX_ABS),
    b: read.readVector(o, 'b', params.A.length, params.A.length, MAX_ABS),
    c: read.readRational(o, 'c', MAX_ABS),
  };
});

/** f(x) evaluated directly. */
const f = (p: Problem, x: la.Vector): Rational => la.quadraticForm(p.A, x).add(la.dot(p.b, x)).add(p.c);

function minimiser(p: Problem): { x: Rational[]; value: Rational } | null {
  if (!la.definiteness(p.A).positiveDefinite) return null;
  const x = la.solve(p.A, p.b.map((v) => v.div(Rational.from(-2))));
  if (!x) return null;
  return { x, value: p.c.add(la.dot(p.b, x).div(Rational.from(2))) };
}

/**
 * Why f has no unique minimum point when A is not positive definite, from an exact congruence
 * PᵀAP = D (Lagrange's reduction: symmetric elimination, a zero pivot repaired by adding a later
 * row and column). In y = P⁻¹x the quadratic part is Σ dᵢyᵢ² and the linear part βᵀy with β = Pᵀb.
 *  - some dᵢ < 0: along w = Peᵢ, f(tw) = dᵢt² + (bᵀw)t + c → −∞ (no minimum);
 *  - all dᵢ ≥ 0, a null direction v = Peⱼ (dⱼ = 0, so Av = 0) with bᵀv ≠ 0: f(tv) = c + (bᵀv)t is
 *    a line with non-zero slope (unbounded below, no minimum);
 *  - otherwise f attains its minimum c − Σ βᵢ²/(4dᵢ) at x₀ = P y*, and on the whole set x₀ + span{v}:
 *    a minimum value, but no unique minimiser.
 */
export type Degenerate =
  | { readonly kind: 'negative-direction'; readonly w: Rational[]; readonly q: Rational; readonly slope: Rational }
  | { readonly kind: 'sloped-null-direction'; readonly v: Rational[]; readonly slope: Rational }
  | { readonly kind: 'flat-valley'; readonly v: Rational[]; readonly x0: Rational[]; readonly value: Rational };

export function degenerate(p: Problem): Degenerate {
  const n = p.A.length;
  const M = p.A.map((row) => [...row]);
  const P = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? Rational.one : Rational.zero)));
  const at = (m: Rational[][], i: number, j: number) => (m[i] as Rational[])[j] as Rational;
  const set = (m: Rational[][], i: number, j: number, v: Rational) => ((m[i] as Rational[])[j] = v);
  /** Column op on M and P (col i += s·col k) with the matching row op on M: a congruence. */
  const addTo = (i: number, k: number, s: Rational) => {
    for (let r = 0; r < n; r++) set(M, r, i, at(M, r, i).add(s.mul(at(M, r, k))));
    for (let c = 0; c < n; c++) set(M, i, c, at(M, i, c).add(s.mul(at(M, k, c))));
    for (let r = 0; r < n; r++) set(P, r, i, at(P, r, i).add(s.mul(at(P, r, k))));
  };
  for (let k = 0; k < n; k++) {
    if (at(M, k, k).isZero()) {
      const j = [...Array(n).keys()].find((j) => j > k && !at(M, k, j).isZero());
      if (j === undefined) continue; // row k is zero: e_k-direction is null
      // Make the pivot non-zero: col k += col j (if M_jj = −2M_kj this would cancel; use −1 then).
      addTo(k, j, at(M, j, j).add(at(M, k, j).mul(Rational.from(2))).isZero() ? Rational.from(-1) : Rational.one);
    }
    for (let i = k + 1; i < n; i++) if (!at(M, i, k).isZero()) addTo(i, k, at(M, i, k).div(at(M, k, k)).neg());
  }
  const d = M.map((_, i) => at(M, i, i));
  const col = (j: number) => P.map((row) => row[j] as Rational);
  const negative = d.findIndex((x) => x.sign() < 0);
  if (negative >= 0) {
    const w = col(negative);
    return { kind: 'negative-direction', w, q: la.quadraticForm(p.A, w), slope: la.dot(p.b, w) };
  }
  const nulls = d.flatMap((x, j) => (x.isZero() ? [j] : []));
  for (const j of nulls) {
    const v = col(j);
    const slope = la.dot(p.b, v);
    if (!slope.isZero()) return { kind: 'sloped-null-direction', v, slope };
  }
  // β = Pᵀb; y*_i = −β_i/(2d_i) where d_i > 0, 0 on null directions.
  const y = d.map((x, i) => (x.isZero() ? Rational.zero : la.dot(col(i), p.b).div(x.mul(Rational.from(-2)))));
  const x0 = P.map((row) => la.dot(row, y));
  return { kind: 'flat-valley', v: col(nulls[0] as number), x0, value: f(p, x0) };
}

const solve = memoByParams((params: Params): Solution<Answer> => {
  const p = problem(params);
  const m = minimiser(p);
  if (!m) return { answer: { exists: false }, expected: { kind: 'none' } };
  return {
    answer: {
      exists: true,
      x: m.x.map((v) => v.toNumber()),
      value: m.value.toNumber(),
      exact: { x: m.x.map((v) => v.toString()), value: m.value.toString() },
    },
    expected: {
      kind: 'parts',
      parts: {
        x: { kind: 'vector', value: m.x.map((v) => Expression.from(v)) },
        value: { kind: 'number', value: Expression.from(m.value) },
      },
    },
  };
});

function verify(params: Params, solution: Solution<Answer>): Verification {
  const p = problem(params);
  const minors = la.leadingMinors(p.A);
  const positiveDefinite = minors.every((d) => d.sign() > 0);
  const eigen = la.symmetricEigenvalues(la.toNumbers(p.A));
  const scale = Math.max(1, ...eigen.map(Math.abs));
  const method = "Sylvester's criterion (Bareiss), exact residual, Jacobi eigenvalues";
  if ((eigen[0] as number) > 1e-9 * scale !== positiveDefinite) {
    return { ok: false, method, detail: `minors ${minors.join(', ')} disagree with eigenvalues ${eigen.join(', ')}` };
  }
  if (!solution.answer.exists || solution.expected.kind === 'none') {
    if (positiveDefinite) return { ok: false, method, detail: 'A is positive definite but no minimum was reported' };
    return solution.answer.exists || solution.expected.kind !== 'none' ? { ok: false, method, detail: 'answer object and graded answer disagree on existence' } : { ok: true, method };
  }
  if (!positiveDefinite) return { ok: false, method, detail: 'a minimum was reported for a matrix that is not positive definite' };
  const x = solution.answer.exact.x.map((s) => Rational.parse(s) as Rational);
  const residual = la.matVec(p.A, x).map((v, i) => v.mul(Rational.from(2)).add(p.b[i] as Rational));
  if (residual.some((r) => !r.isZero())) return { ok: false, method, detail: `2Ax + b = (${residual.join(', ')})` };
  const direct = f(p, x);
  if (!direct.equals(Rational.parse(solution.answer.exact.value) as Rational)) {
    return { ok: false, method, detail: `f(x*) = ${direct.toString()}` };
  }
  // The graded parts must be these very numbers (and the answer object's doubles their values).
  const gx = solution.expected.parts.x;
  const gv = solution.expected.parts.value;
  const gradedX = gx?.kind === 'vector' ? gx.value.map((e) => e.rational()) : [];
  const gradedValue = gv?.kind === 'number' ? gv.value.rational() : undefined;
  if (gradedX.length !== x.length || gradedX.some((g, i) => !g || !g.equals(x[i] as Rational)) || !gradedValue?.equals(direct)) {
    return { ok: false, method, detail: 'the graded x* or f(x*) is not the verified minimiser' };
  }
  if (solution.answer.x.some((v, i) => !near(v, (x[i] as Rational).toNumber())) || !near(solution.answer.value, direct.toNumber())) {
    return { ok: false, method, detail: 'the answer object disagrees with the exact minimiser' };
  }
  return { ok: true, method };
}

// ---------- generation ----------

type Shape = 'definite' | 'indefinite' | 'negative-definite' | 'singular' | 'negative-semidefinite';

const LEVEL: Readonly<Record<Level, { sizes: readonly number[]; ops: [number, number]; pd: number; halves: number }>> = {
  easy: { sizes: [2], ops: [0, 1], pd: 0.85, halves: 0 },
  medium: { sizes: [2, 2, 3], ops: [1, 2], pd: 0.75, halves: 0.3 },
  hard: { sizes: [3, 3, 3, 4], ops: [2, 3], pd: 0.65, halves: 0.5 },
};

/** A = Mᵀ·D·M: integer, symmetric, with the inertia of D (Sylvester's law of inertia). */
function congruent(m: bigint[][], d: bigint[]): bigint[][] {
  const n = d.length;
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => {
      let s = 0n;
      for (let k = 0; k < n; k++) s += ((m[k] as bigint[])[i] as bigint) * (d[k] as bigint) * ((m[k] as bigint[])[j] as bigint);
      return s;
    }),
  );
}

function diagonal(rng: Rng, n: number, shape: Shape, level: Level): bigint[] {
  const top = level === 'easy' ? 2 : 3;
  const pos = () => BigInt(rng.int(1, top));
  const d = Array.from({ length: n }, pos);
  switch (shape) {
    case 'definite':
      return d;
    case 'negative-definite':
      return d.map((v) => -v);
    case 'indefinite': {
      const i = rng.int(0, n - 1);
      return d.map((v, k) => (k === i ? -v : v));
    }
    case 'singular': {
      const i = rng.int(0, n - 1);
      return d.map((v, k) => (k === i ? 0n : v));
    }
    case 'negative-semidefinite': {
      const i = rng.int(0, n - 1);
      return d.map((v, k) => (k === i ? 0n : -v));
    }
  }
}

function generate(rng: Rng, level: Level): Params {
  const cfg = LEVEL[level];
  const n = rng.pick(cfg.sizes);
  const shape: Shape = rng.chance(cfg.pd)
    ? 'definite'
    : rng.pick<Shape>(['indefinite', 'indefinite', 'negative-definite', 'singular', 'negative-semidefinite']);
  let A: bigint[][] = [];
  for (let attempt = 0; attempt < 20; attempt++) {
    A = congruent(la.unimodular(rng, n, rng.int(cfg.ops[0], cfg.ops[1])), diagonal(rng, n, shape, level));
    const eigen = la.symmetricEigenvalues(A.map((row) => row.map(Number)));
    const absolute = eigen.map(Math.abs).filter((v) => v > 1e-9);
    const condition = Math.max(...absolute) / Math.min(...absolute);
    const largest = Math.max(...A.flat().map((v) => Math.abs(Number(v))));
    if (condition <= 40 && largest <= 12) break;
  }
  const c = rng.int(-5, 5);
  let b: bigint[];
  if (shape === 'definite') {
    // Choose the minimiser, then b = −2A·x* (or −A·y for x* = y/2): a clean answer, a fair b.
    const half = rng.chance(cfg.halves);
    const y = Array.from({ length: n }, () => BigInt(rng.int(-3, 3)));
    const factor = half ? -1n : -2n;
    b = A.map((row) => factor * row.reduce((s, v, j) => s + v * (y[j] as bigint), 0n));
  } else {
    b = Array.from({ length: n }, () => BigInt(rng.int(-6, 6)));
  }
  return { A: A.map((row) => row.map(Number)), b: b.map(Number), c };
}

// ---------- text ----------

function polynomialTex(p: Problem): string {
  const n = p.A.length;
  const names = Array.from({ length: n }, (_, i) => `x${i + 1}`);
  const terms: Expression[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const coef = i === j ? (p.A[i]?.[i] as Rational) : (p.A[i]?.[j] as Rational).mul(Rational.from(2));
      if (!coef.isZero()) terms.push(Expression.mul(coef, Expression.parse(`${names[i]}*${names[j]}`, names)));
    }
  }
  p.b.forEach((v, i) => {
    if (!v.isZero()) terms.push(Expression.mul(v, Expression.parse(names[i] as string, names)));
  });
  if (!p.c.isZero()) terms.push(Expression.from(p.c));
  return Expression.add(...terms).simplify().toTex();
}

const texMatrix = (m: la.Matrix) => `\\begin{pmatrix}${m.map((row) => row.map((v) => v.toTex()).join(' & ')).join(' \\\\ ')}\\end{pmatrix}`;
const texVector = (v: la.Vector) => `\\begin{pmatrix}${v.map((x) => x.toTex()).join(' \\\\ ')}\\end{pmatrix}`;

const PROMPT = template(
  'Let\n{{def}}\nFind the minimiser $\\mathbf{x}^*$ and the minimum value $f(\\mathbf{x}^*)$, or answer `none` if $f$ has no unique minimum point.\n\nWrite $\\mathbf{x}^*$ as a vector such as `[1, -1/2]`; fractions are welcome.',
  '设\n{{def}}\n求 $f$ 的最小值点 $\\mathbf{x}^*$ 和最小值 $f(\\mathbf{x}^*)$。如果 $f$ 没有唯一的最小值点，请回答 `none`（无）。\n\n$\\mathbf{x}^*$ 写成向量，如 `[1, -1/2]`；数值可写分数。',
);

function prompt(params: Params, lang: 'en' | 'zh'): string {
  const p = problem(params);
  const vars = Array.from({ length: p.A.length }, (_, i) => `x_{${i + 1}}`).join(', ');
  const def = `$$f(${vars}) = \\mathbf{x}^{\\top}A\\,\\mathbf{x} + \\mathbf{b}^{\\top}\\mathbf{x} + c = ${polynomialTex(p)},$$\n$$A = ${texMatrix(p.A)},\\quad \\mathbf{b} = ${texVector(p.b)},\\quad c = ${p.c.toTex()}.$$`;
  return fill(PROMPT, { def }, lang);
}

const STEPS = {
  gradient: template(
    'The gradient is $\\nabla f(\\mathbf{x}) = 2A\\mathbf{x} + \\mathbf{b}$ (A is symmetric) and the Hessian is $2A$.',
    '梯度 $\\nabla f(\\mathbf{x}) = 2A\\mathbf{x} + \\mathbf{b}$（$A$ 对称），Hessian 为 $2A$。',
  ),
  notDefinite: template(
    "The leading principal minors ${{minors}}$ are not all positive, so $A$ is not positive definite (Sylvester's criterion): $f$ has no unique minimum point. Which case is it?",
    '顺序主子式 ${{minors}}$ 不全为正，所以 $A$ 不是正定的（Sylvester 判据）：$f$ 没有唯一的最小值点。下面看是哪一种情形。',
  ),
  negativeDirection: template(
    'Take $\\mathbf{w} = {{w}}$: $\\mathbf{w}^{\\top}A\\mathbf{w} = {{q}} < 0$ and $\\mathbf{b}^{\\top}\\mathbf{w} = {{slope}}$. Along that line $f(t\\mathbf{w}) = {{q}}\\,t^{2} + ({{slope}})\\,t + {{c}} \\to -\\infty$: $f$ is unbounded below and has no minimum at all. The answer is `none`.',
    '取方向 $\\mathbf{w} = {{w}}$：$\\mathbf{w}^{\\top}A\\mathbf{w} = {{q}} < 0$，$\\mathbf{b}^{\\top}\\mathbf{w} = {{slope}}$。沿这条直线 $f(t\\mathbf{w}) = {{q}}\\,t^{2} + ({{slope}})\\,t + {{c}} \\to -\\infty$：$f$ 无下界，根本没有最小值。答案是 `none`。',
  ),
  slopedNullDirection: template(
    '$A$ is positive semidefinite but singular: $\\mathbf{v} = {{v}}$ has $A\\mathbf{v} = \\mathbf{0}$, while $\\mathbf{b}^{\\top}\\mathbf{v} = {{slope}} \\neq 0$. Along that line $f(t\\mathbf{v}) = {{c}} + ({{slope}})\\,t$ is linear with a non-zero slope, so $f \\to -\\infty$ as $t \\to {{towards}}\\infty$: $f$ is unbounded below and has no minimum. The answer is `none`.',
    '$A$ 半正定但奇异：$\\mathbf{v} = {{v}}$ 满足 $A\\mathbf{v} = \\mathbf{0}$，而 $\\mathbf{b}^{\\top}\\mathbf{v} = {{slope}} \\neq 0$。沿这条直线 $f(t\\mathbf{v}) = {{c}} + ({{slope}})\\,t$ 是斜率非零的一次函数，$t \\to {{towards}}\\infty$ 时 $f \\to -\\infty$：$f$ 无下界，没有最小值。答案是 `none`。',
  ),
  flatValley: template(
    '$A$ is positive semidefinite but singular: $\\mathbf{v} = {{v}}$ has $A\\mathbf{v} = \\mathbf{0}$, and $\\mathbf{b}$ is orthogonal to the null space of $A$ ($\\mathbf{b}^{\\top}\\mathbf{v} = 0$), so $2A\\mathbf{x} = -\\mathbf{b}$ has solutions, e.g. $\\mathbf{x}_0 = {{x0}}$. $f$ does attain its minimum value $f(\\mathbf{x}_0) = {{valley}}$, but on the whole line (or plane) $\\mathbf{x}_0 + t\\mathbf{v}$ — $f$ is constant along $\\mathbf{v}$ — so the minimiser is not unique. The answer is `none`.',
    '$A$ 半正定但奇异：$\\mathbf{v} = {{v}}$ 满足 $A\\mathbf{v} = \\mathbf{0}$，且 $\\mathbf{b}$ 与 $A$ 的零空间正交（$\\mathbf{b}^{\\top}\\mathbf{v} = 0$），所以 $2A\\mathbf{x} = -\\mathbf{b}$ 有解，例如 $\\mathbf{x}_0 = {{x0}}$。$f$ 确实取到最小值 $f(\\mathbf{x}_0) = {{valley}}$，但在整条直线（或平面）$\\mathbf{x}_0 + t\\mathbf{v}$ 上都取到——$f$ 沿 $\\mathbf{v}$ 是常数，最小值点不唯一。答案是 `none`。',
  ),
  definite: template(
    'The leading principal minors ${{minors}}$ are all positive, so $A$ is positive definite and the single stationary point is the unique minimum.',
    '顺序主子式 ${{minors}}$ 全为正，所以 $A$ 正定，唯一的驻点就是唯一的最小值点。',
  ),
  solve: template('Solve $2A\\mathbf{x} = -\\mathbf{b}$: $$\\mathbf{x}^* = -\\tfrac{1}{2}A^{-1}\\mathbf{b} = {{x}}.$$', '解 $2A\\mathbf{x} = -\\mathbf{b}$：$$\\mathbf{x}^* = -\\tfrac{1}{2}A^{-1}\\mathbf{b} = {{x}}.$$'),
  value: template(
    'Since $A\\mathbf{x}^* = -\\tfrac12\\mathbf{b}$, $f(\\mathbf{x}^*) = c + \\tfrac{1}{2}\\mathbf{b}^{\\top}\\mathbf{x}^* = {{c}} + \\tfrac{1}{2}\\left({{bx}}\\right) = {{value}}$.',
    '由 $A\\mathbf{x}^* = -\\tfrac12\\mathbf{b}$ 得 $f(\\mathbf{x}^*) = c + \\tfrac{1}{2}\\mathbf{b}^{\\top}\\mathbf{x}^* = {{c}} + \\tfrac{1}{2}\\left({{bx}}\\right) = {{value}}$。',
  ),
};

function steps(params: Params, solution: Solution<Answer>, lang: 'en' | 'zh'): string {
  const p = problem(params);
  const values: Record<string, string> = {
    minors: la
      .leadingMinors(p.A)
      .map((d, i) => `\\Delta_{${i + 1}} = ${d.toTex()}`)
      .join(',\\ '),
    c: p.c.toTex(),
  };
  if (!solution.answer.exists) {
    const why = degenerate(p);
    switch (why.kind) {
      case 'negative-direction':
        Object.assign(values, { w: texVector(why.w), q: why.q.toTex(), slope: why.slope.toTex() });
        return fillSteps([STEPS.gradient, STEPS.notDefinite, STEPS.negativeDirection], values, lang);
      case 'sloped-null-direction':
        Object.assign(values, { v: texVector(why.v), slope: why.slope.toTex(), towards: why.slope.sign() > 0 ? '-' : '+' });
        return fillSteps([STEPS.gradient, STEPS.notDefinite, STEPS.slopedNullDirection], values, lang);
      case 'flat-valley':
        Object.assign(values, { v: texVector(why.v), x0: texVector(why.x0), valley: why.value.toTex() });
        return fillSteps([STEPS.gradient, STEPS.notDefinite, STEPS.flatValley], values, lang);
    }
  }
  const { x, value } = solution.answer.exact;
  const xs = x.map((s) => Rational.parse(s) as Rational);
  Object.assign(values, { x: texVector(xs), bx: la.dot(p.b, xs).toTex(), value: (Rational.parse(value) as Rational).toTex() });
  return fillSteps([STEPS.gradient, STEPS.definite, STEPS.solve, STEPS.value], values, lang);
}

const note = defineNotes({
  'minimum-exists': bi('A is positive definite, so f has a unique minimum: solve 2Ax + b = 0.', 'A 是正定的，所以 f 有唯一的最小值点：解 2Ax + b = 0。'),
  'not-positive-definite': bi(
    'A is not positive definite, so f has no unique minimum point: the answer is none. Check the leading minors (or eigenvalues) before solving ∇f = 0.',
    'A 不是正定的，所以 f 没有唯一的最小值点，答案是 none。先检查顺序主子式（或特征值），再解 ∇f = 0。',
  ),
  'missing-half': bi('The gradient of xᵀAx is 2Ax, so the minimiser is −½A⁻¹b, not −A⁻¹b.', 'xᵀAx 的梯度是 2Ax，所以最小值点是 −½A⁻¹b，而不是 −A⁻¹b。'),
  'sign-error': bi('Sign error: 2Ax + b = 0 gives x = −½A⁻¹b.', '符号错误：由 2Ax + b = 0 得 x = −½A⁻¹b。'),
  'value-missing-half': bi('The minimiser is right, but f(x*) = c + ½bᵀx*, not c + bᵀx*.', '最小值点正确，但 f(x*) = c + ½bᵀx*，而不是 c + bᵀx*。'),
  'value-wrong': bi('The minimiser is right; recompute f(x*) (for example as c + ½bᵀx*).', '最小值点正确；请重新计算 f(x*)（例如用 c + ½bᵀx*）。'),
});

function diagnose(params: Params, solution: Solution<Answer>, given: GivenAnswer) {
  if (!solution.answer.exists) return given.kind === 'parts' ? note('not-positive-definite') : undefined;
  if (given.kind === 'none') return note('minimum-exists');
  const gx = given.parts.x;
  const gv = given.parts.value;
  if (!gx || gx.kind !== 'vector' || !gv || gv.kind !== 'number') return undefined;
  const x = solution.answer.x;
  const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, i) => near(v, b[i] as number, 2e-3) || Math.abs(v - (b[i] as number)) < 1e-9);
  if (same(gx.approx, x)) {
    const p = problem(params);
    const xs = solution.answer.exact.x.map((s) => Rational.parse(s) as Rational);
    const wrongValue = p.c.add(la.dot(p.b, xs)).toNumber();
    return near(gv.approx, wrongValue, 2e-3) ? note('value-missing-half') : note('value-wrong');
  }
  if (x.some((v) => v !== 0)) {
    if (same(gx.approx, x.map((v) => 2 * v))) return note('missing-half');
    if (same(gx.approx, x.map((v) => -v))) return note('sign-error');
  }
  return undefined;
}

export const quadraticMinimum = defineFamily<Params, Answer>({
  id: 'quadratic-minimum',
  version: 1,
  article: 'quadratic-minimum',
  title: bi('Minimum of a quadratic form', '二次函数的最小值'),
  levels: ['easy', 'medium', 'hard'],
  parseParams(raw) {
    const params = read.readObject(raw, ['A', 'b', 'c']) as unknown as Params;
    if (!la.isSymmetric(problem(params).A)) throw new InvalidParamsError('A must be symmetric');
    return params;
  },
  generate,
  prompt,
  answerSpec: (params) => ({
    parts: [
      { name: 'x', kind: 'vector', length: params.A.length, label: bi('minimiser x*', '最小值点 x*') },
      { name: 'value', kind: 'number', label: bi('minimum value f(x*)', '最小值 f(x*)') },
    ],
    noneAllowed: true,
  }),
  solve,
  verify,
  steps,
  diagnose,
  examples: [
    { params: { A: [[1, 0], [0, 2]], b: [-2, -8], c: 3 }, answer: { x: '[1, 2]', value: '-6' }, correct: true },
    { params: { A: [[1, 0], [0, 2]], b: [-2, -8], c: 3 }, answer: { x: '[2, 4]', value: '-12' }, correct: false, note: 'missing-half' },
    { params: { A: [[1, 0], [0, 2]], b: [-2, -8], c: 3 }, answer: { x: '[-1, -2]', value: '18' }, correct: false, note: 'sign-error' },
    { params: { A: [[1, 0], [0, 2]], b: [-2, -8], c: 3 }, answer: { x: '[1, 2]', value: '-15' }, correct: false, note: 'value-missing-half' },
    { params: { A: [[1, 0], [0, 2]], b: [-2, -8], c: 3 }, answer: 'none', correct: false, note: 'minimum-exists' },
    { params: { A: [[1, 0], [0, 2]], b: [-2, -8], c: 3 }, answer: { x: '[1, 2, 3]', value: '-6' }, correct: false, note: 'wrong-shape' },
    { params: { A: [[2, 1], [1, 2]], b: [1, 0], c: 0 }, answer: { x: '[-1/3, 1/6]', value: '-1/6' }, correct: true },
    { params: { A: [[2, 1], [1, 2]], b: [1, 0], c: 0 }, answer: { x: '[-0.3333, 0.1667]', value: '-0.1667' }, correct: true },
    { params: { A: [[1, 2], [2, 1]], b: [1, 1], c: 0 }, answer: 'none', correct: true, comment: 'indefinite' },
    { params: { A: [[1, 2], [2, 1]], b: [1, 1], c: 0 }, answer: { x: '[-1/6, -1/6]', value: '-1/6' }, correct: false, note: 'not-positive-definite', comment: 'the saddle point is not a minimum' },
    { params: { A: [[-1, 0], [0, -2]], b: [0, 0], c: 0 }, answer: 'none', correct: true, comment: 'negative definite' },
    { params: { A: [[1, 1], [1, 1]], b: [0, 0], c: 0 }, answer: 'none', correct: true, comment: 'singular: the minimum 0 is attained on a whole line' },
    { params: { A: [[3]], b: [6], c: 1 }, answer: { x: '-1', value: '-2' }, correct: true, comment: 'n = 1: a bare number is a vector of length 1' },
    { params: { A: [[2, 0, 0], [0, 2, 0], [0, 0, 2]], b: [4, -4, 2], c: 0 }, answer: { x: '[-1, 1, -1/2]', value: '-9/2' }, correct: true },
  ],
});
