/**
 * gradient-steepest — the gradient ∇f(P), the steepest-ascent rate |∇f(P)| (the largest
 * directional derivative over unit vectors), or the unit direction of steepest descent
 * −∇f(P)/|∇f(P)|, for f in x, y (and z).
 *
 * Solve: symbolic partial derivatives evaluated exactly at P; with a rational gradient the norm is
 * put in the form (a/b)·√r (r square-free where practical), so answers read `2*sqrt(5)` or
 * `[-2/5*sqrt(5), 1/5*sqrt(5)]`; otherwise the exact constant expressions (with e, ln 2, …).
 * Verify (independent, no derivative rules): central finite differences of f with Richardson
 * extrapolation give the gradient; the directional derivative, again by finite differences along
 * each of many sampled unit directions, peaks at |∇f| (ascent) and bottoms out at −|∇f| along the
 * claimed descent direction.
 */
import {
  bi,
  centralDifference,
  defineFamily,
  defineNotes,
  Expression,
  fill,
  fillSteps,
  InvalidParamsError,
  memoByParams,
  near,
  params as read,
  Rational,
  richardsonDifference,
  surds,
  template,
  texNumber,
  type ExpectedPart,
  type GivenAnswer,
  type Level,
  type NumericFunction,
  type Rng,
  type Solution,
  type Verification,
} from '../../engine';
import { coefficient, joinTerms, polynomial, term } from './polynomial-text';

type Entry = number | string;
type Ask = 'gradient' | 'rate' | 'descent';
type Params = { readonly f: string; readonly point: readonly Entry[]; readonly ask: Ask };
type Answer = { readonly value: number | readonly number[]; readonly exact: string | readonly string[] };

const ASKS: readonly Ask[] = ['gradient', 'rate', 'descent'];
const NAMES = ['x', 'y', 'z'] as const;
const MAX_ABS = 1e6;

interface Setting {
  readonly f: Expression;
  readonly vars: readonly string[];
  readonly point: readonly Rational[];
  readonly ask: Ask;
}

interface Computed {
  readonly partials: readonly Expression[];
  readonly gradient: readonly Expression[];
  readonly approx: readonly number[];
  /** Σ gᵢ², exact when the gradient is rational. */
  readonly normSquared: Rational | undefined;
  readonly norm: Expression;
  readonly normApprox: number;
  readonly descent: readonly Expression[] | undefined;
}

/** c·√r as an expression (c alone when r = 1 or c = 0). */
const timesRoot = (c: Rational, r: bigint): Expression =>
  r === 0n ? Expression.from(0) : r === 1n || c.isZero() ? Expression.from(c) : Expression.mul(c, Expression.sqrt(r));

function readSetting(params: Params): Setting {
  const o = params as unknown as Record<string, unknown>;
  const f = read.readExpression(o, 'f', NAMES, 400);
  const point = read.readVector(o, 'point', 2, 3, MAX_ABS);
  const ask = read.readEnum(o, 'ask', ASKS);
  const vars = NAMES.slice(0, point.length);
  const unused = f.variables.filter((v) => !vars.includes(v as (typeof NAMES)[number]));
  if (unused.length > 0) throw new InvalidParamsError(`f uses ${unused.join(', ')} but the point has ${point.length} coordinates`);
  return { f, vars, point, ask };
}

function computeOnce(s: Setting): Computed {
  const at = Object.fromEntries(s.vars.map((v, i) => [v, s.point[i] as Rational]));
  const defined = (e: Expression) => e.rational() !== undefined || Number.isFinite(e.toNumber());
  if (!defined(s.f.at(at))) throw new InvalidParamsError('f must be defined at the point');
  const partials = s.vars.map((v) => s.f.derivative(v));
  const gradient = partials.map((d) => d.at(at));
  if (gradient.some((g) => !defined(g))) throw new InvalidParamsError('f must be differentiable at the point');
  const approx = gradient.map((g) => g.rational()?.toNumber() ?? (g.toNumber() || 0));
  if (approx.some((g) => !Number.isFinite(g) || Math.abs(g) > 1e12)) throw new InvalidParamsError('the gradient is too large');
  const rational = gradient.map((g) => g.rational());
  let normSquared: Rational | undefined;
  let norm: Expression;
  let descent: Expression[] | undefined;
  const isZero = approx.every((g) => g === 0) && rational.every((q) => q?.isZero());
  if (rational.every((q): q is Rational => q !== undefined)) {
    normSquared = rational.reduce((acc, q) => acc.add(q.mul(q)), Rational.zero);
    const [outside, radicand] = surds.sqrtSplit(normSquared);
    norm = timesRoot(outside, radicand);
    if (!normSquared.isZero()) {
      // −gᵢ/√N = −gᵢ·s·√r/N
      descent = rational.map((q) => timesRoot(q.neg().mul(outside).div(normSquared as Rational), radicand));
    }
  } else {
    norm = Expression.sqrt(Expression.add(...gradient.map((g) => Expression.pow(g, 2))).simplify());
    if (!isZero) descent = gradient.map((g) => Expression.div(Expression.neg(g), norm));
  }
  const normApprox = Math.hypot(...approx);
  if (s.ask === 'descent' && (!descent || normApprox === 0)) throw new InvalidParamsError('the gradient is zero at the point: there is no steepest-descent direction');
  return { partials, gradient, approx, normSquared, norm, normApprox, descent };
}

/** Parsed params and the exact solution, shared by every call on one params object. */
const computed = memoByParams((params: Params): Setting & Computed => {
  const s = readSetting(params);
  return { ...s, ...computeOnce(s) };
});

function solve(params: Params): Solution<Answer> {
  const c = computed(params);
  let part: ExpectedPart;
  let answer: Answer;
  if (c.ask === 'gradient') {
    part = { kind: 'vector', value: c.gradient };
    answer = { value: c.approx, exact: c.gradient.map((g) => g.toString()) };
  } else if (c.ask === 'rate') {
    part = { kind: 'number', value: c.norm };
    answer = { value: c.normApprox, exact: c.norm.toString() };
  } else {
    const u = c.descent as readonly Expression[];
    part = { kind: 'vector', value: u };
    // `|| 0` turns −0 into 0, so the answer survives a JSON round trip unchanged.
    answer = { value: c.approx.map((g) => -g / c.normApprox || 0), exact: u.map((x) => x.toString()) };
  }
  return { answer, expected: { kind: 'parts', parts: { value: part } } };
}

// ---------- verification by finite differences ----------

const evaluators = new WeakMap<Expression, NumericFunction>();

/** Unit directions covering the circle (2-D) or the sphere (3-D, Fibonacci lattice). */
function sampleDirections(dims: number): number[][] {
  if (dims === 2) return Array.from({ length: 32 }, (_, i) => [Math.cos((2 * Math.PI * i) / 32), Math.sin((2 * Math.PI * i) / 32)]);
  const count = 96;
  const golden = Math.PI * (3 - Math.sqrt(5));
  return Array.from({ length: count }, (_, i) => {
    const z = 1 - (2 * (i + 0.5)) / count;
    const r = Math.sqrt(1 - z * z);
    return [r * Math.cos(golden * i), r * Math.sin(golden * i), z];
  });
}
const DIRECTIONS: Readonly<Record<number, number[][]>> = { 2: sampleDirections(2), 3: sampleDirections(3) };
/**
 * cos of the largest angle between any unit vector and its nearest sample, with margin (the
 * 96-point Fibonacci lattice leaves no gap wider than about 0.28 rad, cos ≈ 0.962).
 */
const COVERING_COS: Readonly<Record<number, number>> = { 2: Math.cos(Math.PI / 32) - 1e-4, 3: 0.95 };

function verify(params: Params, solution: Solution<Answer>): Verification {
  const c = computed(params);
  let f = evaluators.get(c.f);
  if (!f) {
    f = c.f.compile(c.vars);
    evaluators.set(c.f, f);
  }
  const method = 'central differences with Richardson extrapolation, directional derivatives over sampled unit directions';
  const p = c.point.map((x) => x.toNumber());
  const dims = p.length;
  const scale = Math.max(1, ...p.map(Math.abs));
  const close = (a: number, b: number, rel = 1e-6) => Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));
  // Gradient by differences along the axes, trying a few step sizes.
  let fdGradient: number[] | undefined;
  for (const h of [1e-3 * scale, 1e-2 * scale, 1e-4 * scale]) {
    const g = Array.from({ length: dims }, (_, i) => richardsonDifference(f, p, p.map((_, j) => (i === j ? 1 : 0)), h));
    if (g.every((x): x is number => x !== undefined) && g.every((x, i) => close(x, c.approx[i] as number))) {
      fdGradient = g;
      break;
    }
  }
  if (!fdGradient) return { ok: false, method, detail: `finite differences disagree with the gradient (${c.approx.join(', ')})` };
  const h = 1e-3 * scale;
  const norm = Math.hypot(...fdGradient);
  // What is checked below is the graded part; the answer object must carry the same numbers.
  const graded = solution.expected.kind === 'parts' ? solution.expected.parts.value : undefined;
  const gradedNumbers = graded?.kind === 'vector' ? graded.value.map((e) => e.toNumber()) : graded?.kind === 'number' ? [graded.value.toNumber()] : [];
  const answerNumbers = ([] as number[]).concat(solution.answer.value);
  if (gradedNumbers.length !== answerNumbers.length || gradedNumbers.some((x, i) => !close(x, answerNumbers[i] as number, 1e-12))) {
    return { ok: false, method, detail: `graded ${gradedNumbers.join(', ')} vs answer object ${answerNumbers.join(', ')}` };
  }
  if (c.ask === 'gradient') {
    return gradedNumbers.length === dims && gradedNumbers.every((x, i) => close(x, fdGradient[i] as number))
      ? { ok: true, method }
      : { ok: false, method, detail: `gradient by differences (${fdGradient.join(', ')}), graded (${gradedNumbers.join(', ')})` };
  }
  // Sampled slopes only need to resolve the covering angle, so one central difference with a small step will do.
  const slopes = (DIRECTIONS[dims] as number[][]).map((u) => centralDifference(f as NumericFunction, p, u, 1e-4 * scale));
  if (slopes.some((x) => x === undefined)) return { ok: false, method, detail: 'f undefined near the point' };
  const defined = slopes as number[];
  const top = Math.max(...defined);
  const bottom = Math.min(...defined);
  const tolerance = 1e-6 * Math.max(1, norm);
  const cover = COVERING_COS[dims] as number;
  if (c.ask === 'rate') {
    const claimed = gradedNumbers[0] as number;
    if (!close(claimed, norm)) return { ok: false, method, detail: `|∇f| by differences ${norm}, claimed ${claimed}` };
    if (top > claimed + tolerance || top < claimed * cover - tolerance) return { ok: false, method, detail: `sampled maximum ${top} vs ${claimed}` };
    return { ok: true, method };
  }
  const u = gradedNumbers;
  if (u.length !== dims || !close(Math.hypot(...u), 1, 1e-9)) return { ok: false, method, detail: `|u| = ${Math.hypot(...u)}` };
  const along = richardsonDifference(f, p, u, h);
  if (along === undefined || !close(along, -norm)) return { ok: false, method, detail: `D_u f = ${String(along)}, expected ${-norm}` };
  if (along > bottom + tolerance || bottom < -norm - tolerance) return { ok: false, method, detail: `a sampled direction decreases faster (${bottom})` };
  return { ok: true, method };
}

// ---------- generation ----------

const EASY_2D = ['x^2', 'y^2', 'x*y', 'x', 'y', 'x^2*y', 'x*y^2'];
const CUBIC_2D = ['x^3', 'y^3', 'x^2*y', 'x*y^2', 'x^2', 'y^2', 'x*y', 'x', 'y'];
const CUBIC_3D = ['x*y*z', 'x^2*z', 'y*z^2', 'x^2', 'y^2', 'z^2', 'x*y', 'y*z', 'x*z', 'x', 'y', 'z'];
const QUADRATIC_2D = ['x^2', 'y^2', 'x*y', 'x', 'y'];

function generateOnce(rng: Rng, level: Level): Params {
  if (level === 'easy') {
    return { f: polynomial(rng, EASY_2D, rng.int(2, 3), 4), point: [rng.int(-3, 3), rng.int(-3, 3)], ask: 'gradient' };
  }
  if (level === 'medium') {
    const three = rng.chance(0.35);
    const f = three ? polynomial(rng, CUBIC_3D, rng.int(2, 4), 3) : polynomial(rng, CUBIC_2D, rng.int(2, 4), 3);
    return { f, point: Array.from({ length: three ? 3 : 2 }, () => rng.int(-2, 3)), ask: 'rate' };
  }
  const a = coefficient(rng, 3);
  const k = rng.int(-2, 2);
  const pieces: Array<() => { f: string; point: number[] }> = [
    () => ({ f: `x*exp(${term(a, 'y')})`, point: [rng.int(-2, 2) || 1, 0] }),
    () => ({ f: `exp(x*y)`, point: [rng.int(-1, 1), rng.int(-1, 1)] }),
    () => ({ f: `sin(${term(a, 'x')} + y)`, point: [0, 0] }),
    () => ({ f: `cos(x*y)`, point: [k, 0] }),
    () => ({ f: `ln(x^2 + y^2 + 1)`, point: [rng.int(-2, 2), rng.int(-2, 2)] }),
    () => ({ f: `sqrt(x^2 + y^2)`, point: rng.pick([[3, 4], [4, 3], [-3, 4], [5, 12], [6, 8], [1, 0], [0, -2]]) }),
    () => ({ f: `x*y*exp(z)`, point: [rng.int(-2, 2), rng.int(-2, 2), 0] }),
    () => ({ f: `ln(1 + x^2 + y^2 + z^2)`, point: [rng.int(-1, 2), rng.int(-1, 2), rng.int(-1, 1)] }),
    () => ({ f: `exp(x - y)*z`, point: [k, k, rng.int(-2, 2)] }),
  ];
  const piece = rng.pick(pieces)();
  const extra = piece.point.length === 3 ? polynomial(rng, ['x*z', 'y^2', 'z^2', 'x', 'y', 'z'], rng.int(0, 2), 3) : polynomial(rng, QUADRATIC_2D, rng.int(0, 2), 3);
  return { f: extra === '' ? piece.f : joinTerms([piece.f, extra]), point: piece.point, ask: 'descent' };
}

function generate(rng: Rng, level: Level): Params {
  for (let attempt = 0; attempt < 30; attempt++) {
    const params = generateOnce(rng, level);
    try {
      const c = computed(params);
      const text = solve(params).answer.exact;
      const size = typeof text === 'string' ? text.length : text.join(', ').length;
      // A non-zero gradient, not dominated by one huge entry, and an answer that stays readable.
      if (c.normApprox > 0 && c.normApprox <= 1e4 && size <= 90 && c.approx.filter((g) => g !== 0).length >= (level === 'easy' ? 1 : 2)) return params;
    } catch (error) {
      if (!(error instanceof InvalidParamsError)) throw error;
    }
  }
  return { f: 'x^2*y + 3*y', point: [1, 2], ask: level === 'easy' ? 'gradient' : level === 'medium' ? 'rate' : 'descent' };
}

// ---------- text ----------

const tuple = (xs: readonly (Rational | Expression)[]) => `\\left(${xs.map((x) => x.toTex()).join(',\\ ')}\\right)`;

const PROMPTS = {
  gradient: template(
    'Let {{def}}. Find the gradient $\\nabla f(P)$ at {{at}}.\n\nWrite it as a vector such as {{vector}}; fractions are welcome.',
    '设 {{def}}。求 $f$ 在点 {{at}} 处的梯度 $\\nabla f(P)$。\n\n请写成向量，如 {{vector}}；分量可用分数。',
  ),
  rate: template(
    'Let {{def}}. At {{at}}, $f$ increases fastest in one particular direction. What is that largest rate of increase, i.e. the maximum of the directional derivative $D_{\\mathbf{u}}f(P)$ over all unit vectors $\\mathbf{u}$?\n\nGive an exact value (of the form `a*sqrt(b)`) or a decimal with at least 4 significant digits.',
    '设 {{def}}。在点 {{at}} 处，$f$ 沿某个方向增长得最快。求这个最大增长率，即方向导数 $D_{\\mathbf{u}}f(P)$ 在所有单位向量 $\\mathbf{u}$ 上的最大值。\n\n可给出精确值（形如 `a*sqrt(b)`），或至少 4 位有效数字的小数。',
  ),
  descent: template(
    'Let {{def}}. Find the unit vector $\\mathbf{u}$ ($\\lVert\\mathbf{u}\\rVert = 1$) along which $f$ **decreases fastest** at {{at}}.\n\nWrite it as a vector such as {{unit}}; entries may be exact or decimals with at least 4 significant digits.',
    '设 {{def}}。求在点 {{at}} 处使 $f$ **下降最快**的单位向量 $\\mathbf{u}$（$\\lVert\\mathbf{u}\\rVert = 1$）。\n\n请写成向量，如 {{unit}}；分量可写精确值或至少 4 位有效数字的小数。',
  ),
};

function prompt(params: Params, lang: 'en' | 'zh'): string {
  const c = computed(params);
  const values = {
    def: `$f(${c.vars.join(', ')}) = ${c.f.toTex()}$`,
    at: `$P = ${tuple(c.point)}$`,
    vector: c.vars.length === 2 ? '`[a, b]`' : '`[a, b, c]`',
    unit: c.vars.length === 2 ? '`[a/sqrt(c), b/sqrt(c)]`' : '`[a/sqrt(d), b/sqrt(d), c/sqrt(d)]`',
  };
  return fill(PROMPTS[c.ask], values, lang);
}

/** x² in TeX, with parentheses unless x is a plain non-negative integer. */
const squared = (tex: string) => (/^\d+$/.test(tex) ? `${tex}^{2}` : `\\left(${tex}\\right)^{2}`);

const STEPS = {
  partials: template('Partial derivatives: $${{partials}}.$$', '偏导数：$${{partials}}.$$'),
  gradient: template('At $P$: $\\nabla f(P) = {{gradient}}${{approxGradient}}.', '代入 $P$：$\\nabla f(P) = {{gradient}}${{approxGradient}}。'),
  cosine: template(
    'For a unit vector $\\mathbf{u}$, $D_{\\mathbf{u}}f(P) = \\nabla f(P)\\cdot\\mathbf{u} = \\lVert\\nabla f(P)\\rVert\\cos\\theta$, with $\\theta$ the angle between $\\mathbf{u}$ and the gradient: largest at $\\theta = 0$ (steepest ascent), smallest at $\\theta = \\pi$ (steepest descent).',
    '对单位向量 $\\mathbf{u}$，$D_{\\mathbf{u}}f(P) = \\nabla f(P)\\cdot\\mathbf{u} = \\lVert\\nabla f(P)\\rVert\\cos\\theta$，其中 $\\theta$ 是 $\\mathbf{u}$ 与梯度的夹角：$\\theta = 0$ 时最大（最速上升），$\\theta = \\pi$ 时最小（最速下降）。',
  ),
  norm: '$$\\lVert\\nabla f(P)\\rVert = \\sqrt{{{squares}}}{{root}} = {{norm}} \\approx {{normApprox}}.$$',
  rate: template('The largest rate of increase is ${{norm}}$.', '最大增长率为 ${{norm}}$。'),
  descent: template(
    'Steepest descent: $$\\mathbf{u} = -\\frac{\\nabla f(P)}{\\lVert\\nabla f(P)\\rVert} = {{u}} \\approx {{approxU}},$$ along which $D_{\\mathbf{u}}f(P) = {{minusNorm}}$.',
    '最速下降方向：$$\\mathbf{u} = -\\frac{\\nabla f(P)}{\\lVert\\nabla f(P)\\rVert} = {{u}} \\approx {{approxU}},$$ 沿它 $D_{\\mathbf{u}}f(P) = {{minusNorm}}$。',
  ),
};

function steps(params: Params, _solution: Solution<Answer>, lang: 'en' | 'zh'): string {
  const c = computed(params);
  const approxTex = (xs: readonly number[]) => `\\left(${xs.map((x) => texNumber(x, 5)).join(',\\ ')}\\right)`;
  const first = [STEPS.partials, STEPS.gradient];
  const values: Record<string, string> = {
    partials: c.vars.map((v, i) => `\\frac{\\partial f}{\\partial ${v}} = ${(c.partials[i] as Expression).simplify().toTex()}`).join(',\\quad '),
    gradient: tuple(c.gradient),
    approxGradient: c.normSquared === undefined ? ` $\\approx ${approxTex(c.approx)}$` : '',
  };
  if (c.ask === 'gradient') return fillSteps(first, values, lang);
  const rootTex = c.normSquared ? `\\sqrt{${c.normSquared.toTex()}}` : '';
  Object.assign(values, {
    squares: c.gradient.map((g) => squared(g.toTex())).join(' + '),
    root: rootTex && rootTex !== c.norm.toTex() ? ` = ${rootTex}` : '',
    norm: c.norm.toTex(),
    normApprox: texNumber(c.normApprox),
  });
  if (c.ask === 'rate') return fillSteps([...first, STEPS.cosine, STEPS.norm, STEPS.rate], values, lang);
  Object.assign(values, {
    u: tuple(c.descent as readonly Expression[]),
    approxU: approxTex(c.approx.map((g) => -g / c.normApprox)),
    minusNorm: Expression.neg(c.norm).toTex(),
  });
  return fillSteps([...first, STEPS.cosine, STEPS.norm, STEPS.descent], values, lang);
}

// ---------- diagnosis ----------

const note = defineNotes({
  'partials-swapped': bi('The components are in the wrong order: the first is ∂f/∂x, the second ∂f/∂y.', '分量顺序错了：第一个是 ∂f/∂x，第二个是 ∂f/∂y。'),
  'sign-error': bi('The signs are flipped: recheck the signs of the partial derivatives.', '符号反了：检查各偏导数的符号。'),
  'gave-squared-norm': bi('That is |∇f(P)|²; take the square root.', '这是 |∇f(P)|²；还要开平方。'),
  'summed-partials': bi('The largest rate is the length of the gradient, √(Σ(∂f/∂xᵢ)²), not the sum of the partial derivatives.', '最大增长率是梯度的长度 √(Σ(∂f/∂xᵢ)²)，不是偏导数之和。'),
  'used-one-partial': bi('That is a single partial derivative (the rate along one axis); the largest rate combines all of them: |∇f(P)|.', '这只是一个偏导数（沿某个坐标轴的变化率）；最大增长率要把它们合起来：|∇f(P)|。'),
  'ascent-direction': bi('That is the direction of steepest ascent, ∇f/|∇f|; f decreases fastest in the opposite direction.', '这是最速上升方向 ∇f/|∇f|；f 下降最快的是相反方向。'),
  'not-normalised': bi('The direction is right, but u must be a unit vector: divide by |∇f(P)|.', '方向对了，但 u 必须是单位向量：要除以 |∇f(P)|。'),
});


function diagnose(params: Params, _solution: Solution<Answer>, given: GivenAnswer) {
  if (given.kind !== 'parts') return undefined;
  const c = computed(params);
  const g = c.approx;
  const part = given.parts.value;
  const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, i) => near(v, b[i] as number, 2e-3) || Math.abs(v - (b[i] as number)) < 1e-9);
  if (c.ask === 'rate') {
    if (part?.kind !== 'number') return undefined;
    const v = part.approx;
    const close = (x: number) => near(v, x, 2e-3) && !near(x, c.normApprox, 1e-9);
    if (close(c.normApprox ** 2)) return note('gave-squared-norm');
    if (c.normApprox !== 0 && close(-c.normApprox)) return note('sign-error');
    if (close(g.reduce((a, b) => a + b, 0)) || close(g.reduce((a, b) => a + Math.abs(b), 0))) return note('summed-partials');
    if (g.some((x) => close(x) || close(Math.abs(x)))) return note('used-one-partial');
    return undefined;
  }
  if (part?.kind !== 'vector') return undefined;
  const v = part.approx;
  if (c.ask === 'gradient') {
    if (g.some((x) => x !== 0) && same(v, g.map((x) => -x))) return note('sign-error');
    if (g.length === 2 && g[0] !== g[1] && same(v, [g[1] as number, g[0] as number])) return note('partials-swapped');
    return undefined;
  }
  const n = c.normApprox;
  if (same(v, g.map((x) => x / n))) return note('ascent-direction');
  if (n !== 1 && (same(v, g.map((x) => -x)) || same(v, g))) return note('not-normalised');
  return undefined;
}

export const gradientSteepest = defineFamily<Params, Answer>({
  id: 'gradient-steepest',
  version: 1,
  article: 'directional-derivative',
  title: bi('Gradient and steepest ascent', '梯度与最速上升'),
  levels: ['easy', 'medium', 'hard'],
  parseParams(raw) {
    const o = read.readObject(raw, ['f', 'point', 'ask']);
    const params = o as unknown as Params;
    computed(params);
    return params;
  },
  generate,
  prompt,
  answerSpec: (params) => {
    const c = computed(params);
    if (c.ask === 'rate') return { parts: [{ name: 'value', kind: 'number', label: bi('|∇f(P)|', '|∇f(P)|') }], noneAllowed: false };
    return {
      parts: [
        {
          name: 'value',
          kind: 'vector',
          length: c.vars.length,
          label: c.ask === 'gradient' ? bi('∇f(P)', '∇f(P)') : bi('unit direction of steepest descent', '最速下降的单位方向'),
        },
      ],
      noneAllowed: false,
    };
  },
  solve,
  verify,
  steps,
  diagnose,
  examples: [
    { params: { f: 'x^2*y + 3*y', point: [1, 2], ask: 'gradient' }, answer: '[4, 4]', correct: true },
    { params: { f: 'x^2*y + 3*y', point: [1, 2], ask: 'gradient' }, answer: '[-4, -4]', correct: false, note: 'sign-error' },
    { params: { f: 'x^2 + 3*x*y', point: [1, 2], ask: 'gradient' }, answer: '[3, 8]', correct: false, note: 'partials-swapped' },
    { params: { f: 'x^2 + 3*x*y', point: [1, 2], ask: 'gradient' }, answer: '[8, 3, 0]', correct: false, note: 'wrong-shape' },
    { params: { f: 'x^2*y + 3*y', point: [1, 2], ask: 'rate' }, answer: '4*sqrt(2)', correct: true },
    { params: { f: 'x^2*y + 3*y', point: [1, 2], ask: 'rate' }, answer: 'sqrt(32)', correct: true },
    { params: { f: 'x^2*y + 3*y', point: [1, 2], ask: 'rate' }, answer: '5.657', correct: true },
    { params: { f: 'x^2*y + 3*y', point: [1, 2], ask: 'rate' }, answer: '32', correct: false, note: 'gave-squared-norm' },
    { params: { f: 'x^2*y + 3*y', point: [1, 2], ask: 'rate' }, answer: '8', correct: false, note: 'summed-partials' },
    { params: { f: 'x^2*y + 3*y', point: [1, 2], ask: 'rate' }, answer: '5.65', correct: false, note: 'imprecise' },
    { params: { f: 'x*y*z', point: [1, 2, 3], ask: 'rate' }, answer: '7', correct: true },
    { params: { f: 'x^2 + 3*x*y', point: [1, 2], ask: 'descent' }, answer: '[-8/sqrt(73), -3/sqrt(73)]', correct: true },
    { params: { f: 'x^2 + 3*x*y', point: [1, 2], ask: 'descent' }, answer: '[-0.9363, -0.3511]', correct: true },
    { params: { f: 'x^2 + 3*x*y', point: [1, 2], ask: 'descent' }, answer: '[8/sqrt(73), 3/sqrt(73)]', correct: false, note: 'ascent-direction' },
    { params: { f: 'x^2 + 3*x*y', point: [1, 2], ask: 'descent' }, answer: '[-8, -3]', correct: false, note: 'not-normalised' },
    { params: { f: 'x*exp(y)', point: [2, 0], ask: 'descent' }, answer: '[-1/sqrt(5), -2/sqrt(5)]', correct: true },
    { params: { f: 'exp(x*y)', point: [1, 1], ask: 'descent' }, answer: '[-sqrt(2)/2, -sqrt(2)/2]', correct: true, comment: 'irrational gradient (e, e)' },
    { params: { f: 'exp(x*y)', point: [1, 1], ask: 'rate' }, answer: 'e*sqrt(2)', correct: true },
    { params: { f: 'x^2*y + 3*y', point: [1, 2], ask: 'rate' }, answer: 'sqrt(-1)', correct: false, note: 'not-real' },
    { params: { f: 'x^2*y + 3*y', point: [1, 2], ask: 'gradient' }, answer: '[4, x]', correct: false, note: 'unknown-symbol' },
  ],
});
