/**
 * directional-derivative — D_u f(P) = ∇f(P)·v/|v| for f in x, y (and z).
 *
 * Solve: symbolic partial derivatives, evaluated exactly at P; with a rational gradient the value
 * is put in the form (a/b)·√r with r square-free (28/5, 3*sqrt(2)/2, …).
 * Verify (independent): central finite differences of f itself along u = v/|v| with Richardson
 * extrapolation, in ball-checked double arithmetic — no derivative rules involved.
 */
import {
  bi,
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
  type GivenAnswer,
  type Level,
  type Rng,
  type Solution,
  type Verification,
} from '../../engine';
import { answerOf, gradedFailure, gradedMismatch } from './graded';
import { coefficient, joinTerms, polynomial } from './polynomial-text';

type Entry = number | string;
type Params = { readonly f: string; readonly point: readonly Entry[]; readonly direction: readonly Entry[] };
type Answer = { readonly value: number; readonly exact: string };

const NAMES = ['x', 'y', 'z'] as const;
const MAX_ABS = 1e6;

interface Setting {
  readonly f: Expression;
  readonly vars: readonly string[];
  readonly point: readonly Rational[];
  readonly direction: readonly Rational[];
}

/** Parsed params, per params object: parseParams, solve, verify and steps share one parse. */
const setting = memoByParams(readSetting);

function readSetting(params: Params): Setting {
  const o = params as unknown as Record<string, unknown>;
  const f = read.readExpression(o, 'f', NAMES, 400);
  const point = read.readVector(o, 'point', 2, 3, MAX_ABS);
  const direction = read.readVector(o, 'direction', point.length, point.length, MAX_ABS);
  const vars = NAMES.slice(0, point.length);
  const unused = f.variables.filter((v) => !vars.includes(v as (typeof NAMES)[number]));
  if (unused.length > 0) throw new InvalidParamsError(`f uses ${unused.join(', ')} but the point has ${point.length} coordinates`);
  if (direction.every((d) => d.isZero())) throw new InvalidParamsError('direction must not be the zero vector');
  return { f, vars, point, direction };
}

const at = (s: Setting): Record<string, Rational> => Object.fromEntries(s.vars.map((v, i) => [v, s.point[i] as Rational]));

interface Computed {
  readonly gradient: readonly Expression[];
  readonly partials: readonly Expression[];
  readonly dot: Expression;
  readonly normSquared: Rational;
  readonly value: Expression;
  readonly approx: number;
}

const computed = new WeakMap<Setting, Computed>();

/** The exact solution for a setting (settings are immutable, so an identity cache is safe). */
function compute(s: Setting): Computed {
  let c = computed.get(s);
  if (!c) {
    c = computeOnce(s);
    computed.set(s, c);
  }
  return c;
}

function computeOnce(s: Setting): Computed {
  const point = at(s);
  const partials = s.vars.map((v) => s.f.derivative(v));
  const gradient = partials.map((d) => d.at(point));
  const rationalGradient = gradient.map((g) => g.rational());
  const defined = (e: Expression, q: Rational | undefined) => q !== undefined || Number.isFinite(e.toNumber());
  const fAtPoint = s.f.at(point);
  if (!defined(fAtPoint, fAtPoint.rational()) || gradient.some((g, i) => !defined(g, rationalGradient[i]))) {
    throw new InvalidParamsError('f must be defined and differentiable at the point');
  }
  const normSquared = s.direction.reduce((acc, d) => acc.add(d.mul(d)), Rational.zero);
  let value: Expression;
  let dot: Expression;
  let approx: number;
  if (rationalGradient.every((g): g is Rational => g !== undefined)) {
    const d = rationalGradient.reduce((acc, g, i) => acc.add(g.mul(s.direction[i] as Rational)), Rational.zero);
    dot = Expression.from(d);
    const [outside, radicand] = surds.sqrtSplit(normSquared);
    // d/√N = d·s·√r/N
    const coefficient = d.mul(outside).div(normSquared);
    value = radicand === 1n || coefficient.isZero() ? Expression.from(coefficient) : Expression.mul(coefficient, Expression.sqrt(radicand));
    approx = radicand === 1n ? coefficient.toNumber() : coefficient.toNumber() * Math.sqrt(Number(radicand));
    if (!Number.isSafeInteger(Number(radicand))) approx = value.toNumber();
  } else {
    dot = Expression.add(...gradient.map((g, i) => Expression.mul(g, s.direction[i] as Rational))).simplify();
    const [outside, radicand] = surds.sqrtSplit(normSquared);
    // (Σ gᵢvᵢ)/√N = (s/N)·√r·(Σ gᵢvᵢ)
    const coefficient = outside.div(normSquared);
    value = radicand === 1n ? Expression.mul(coefficient, dot).simplify() : Expression.mul(coefficient, Expression.sqrt(radicand), dot);
    approx = value.toNumber();
  }
  if (!Number.isFinite(approx)) throw new InvalidParamsError('the directional derivative is too large or not defined');
  return { gradient, partials, dot, normSquared, value, approx };
}

function solve(params: Params): Solution<Answer> {
  const c = compute(setting(params));
  return {
    answer: { value: c.approx, exact: c.value.toString() },
    expected: { kind: 'parts', parts: { value: { kind: 'number', value: c.value } } },
  };
}

const numeric = new WeakMap<Setting, (values: readonly number[]) => number | undefined>();

function verify(params: Params, solution: Solution<Answer>): Verification {
  // The graded parts must be the answer-object values checked below.
  const a = answerOf(solution);
  const graded = gradedMismatch(solution, { value: a.value });
  if (graded) return gradedFailure(graded);
  const s = setting(params);
  let f = numeric.get(s);
  if (!f) {
    f = s.f.compile(s.vars);
    numeric.set(s, f);
  }
  const norm = Math.sqrt(s.direction.reduce((acc, d) => acc + d.toNumber() ** 2, 0));
  const u = s.direction.map((d) => d.toNumber() / norm);
  const p = s.point.map((x) => x.toNumber());
  const scale = Math.max(1, ...p.map(Math.abs));
  const method = 'central differences with Richardson extrapolation';
  for (const h of [1e-2 * scale, 1e-3 * scale, 1e-4 * scale]) {
    const estimate = richardsonDifference(f, p, u, h);
    if (estimate === undefined) continue;
    const tolerance = 1e-6 * Math.max(1, Math.abs(estimate));
    if (Math.abs(estimate - solution.answer.value) <= tolerance) return { ok: true, method };
  }
  return { ok: false, method, detail: `finite differences disagree with ${solution.answer.value}` };
}

// ---------- generation ----------

const UNIT_FRIENDLY: readonly (readonly [number, number])[] = [
  [3, 4], [4, 3], [-3, 4], [3, -4], [5, 12], [12, 5], [-5, 12], [1, 0], [0, 1], [-1, 0], [0, -1], [6, 8], [8, -6],
];

const QUADRATIC_2D = ['x^2', 'y^2', 'x*y', 'x', 'y'];
const CUBIC_2D = ['x^3', 'y^3', 'x^2*y', 'x*y^2', 'x^2', 'y^2', 'x*y', 'x', 'y'];
const CUBIC_3D = ['x*y*z', 'x^2*z', 'y*z^2', 'x^2', 'y^2', 'z^2', 'x*y', 'y*z', 'x*z', 'x', 'z'];

function generateOnce(rng: Rng, level: Level): Params {
  if (level === 'easy') {
    const f = polynomial(rng, QUADRATIC_2D, rng.int(2, 3), 3);
    const point = [rng.int(-3, 3), rng.int(-3, 3)];
    const direction = rng.chance(0.75) ? [...rng.pick(UNIT_FRIENDLY)] : [rng.pick([1, -1]), rng.pick([1, -1])];
    return { f, point, direction };
  }
  if (level === 'medium') {
    const three = rng.chance(0.35);
    const f = three ? polynomial(rng, CUBIC_3D, rng.int(2, 4), 3) : polynomial(rng, CUBIC_2D, rng.int(2, 4), 3);
    const dims = three ? 3 : 2;
    const point = Array.from({ length: dims }, () => rng.int(-2, 3));
    let direction = Array.from({ length: dims }, () => rng.int(-3, 3));
    if (direction.every((d) => d === 0)) direction = direction.map((_, i) => (i === 0 ? 1 : 0));
    return { f, point, direction };
  }
  // hard: one transcendental or rational piece plus a polynomial part
  const a = coefficient(rng, 3);
  const pieces: Array<() => { f: string; point: number[] }> = [
    () => ({ f: `x*exp(${a}*y)`, point: [rng.int(-2, 2), 0] }),
    () => ({ f: `exp(x*y)`, point: [rng.int(-1, 1), rng.int(-1, 1)] }),
    () => ({ f: `sin(${a}*x + y)`, point: [0, 0] }),
    () => ({ f: `cos(x*y)`, point: [rng.int(-2, 2), 0] }),
    () => ({ f: `ln(x^2 + y^2 + 1)`, point: [rng.int(-2, 2), rng.int(-2, 2)] }),
    () => ({ f: `sqrt(x^2 + y^2)`, point: rng.pick([[3, 4], [4, 3], [-3, 4], [5, 12], [6, 8], [1, 0], [0, -2]]) }),
    () => ({ f: `(x - y)/(x + y)`, point: rng.pick([[1, 1], [2, 1], [1, 2], [3, 1], [2, -1]]) }),
  ];
  const piece = rng.pick(pieces)();
  const extra = polynomial(rng, QUADRATIC_2D, rng.int(0, 2), 3);
  const f = extra === '' ? piece.f : joinTerms([piece.f, extra]);
  let direction = [rng.int(-3, 3), rng.int(-3, 3)];
  if (direction.every((d) => d === 0)) direction = [1, 2];
  return { f, point: piece.point, direction };
}

function generate(rng: Rng, level: Level): Params {
  for (let attempt = 0; attempt < 30; attempt++) {
    const params = generateOnce(rng, level);
    try {
      const c = compute(setting(params));
      if (Math.abs(c.approx) <= 1e4 && c.value.toString().length <= 60 && c.gradient.some((g) => g.rational()?.isZero() !== true)) return params;
    } catch (error) {
      if (!(error instanceof InvalidParamsError)) throw error;
    }
  }
  return { f: 'x^2*y + 3*y', point: [1, 2], direction: [3, 4] };
}

// ---------- text ----------

const tuple = (xs: readonly Rational[]) => `\\left(${xs.map((x) => x.toTex()).join(',\\ ')}\\right)`;

const PROMPT = template(
  'Let $f({{args}}) = {{f}}$. Find the directional derivative $D_{\\mathbf{u}}f(P)$ of $f$ at $P = {{point}}$ in the direction of $\\mathbf{v} = {{direction}}$, where $\\mathbf{u} = \\mathbf{v}/\\lVert\\mathbf{v}\\rVert$.\n\nGive an exact value (such as `28/5` or `3*sqrt(2)/2`) or a decimal with at least 4 significant digits.',
  '设 $f({{args}}) = {{f}}$。求 $f$ 在点 $P = {{point}}$ 处沿向量 $\\mathbf{v} = {{direction}}$ 方向的方向导数 $D_{\\mathbf{u}}f(P)$，其中 $\\mathbf{u} = \\mathbf{v}/\\lVert\\mathbf{v}\\rVert$。\n\n可给出精确值（如 `28/5`、`3*sqrt(2)/2`），或至少 4 位有效数字的小数。',
);

function prompt(params: Params, lang: 'en' | 'zh'): string {
  const s = setting(params);
  return fill(PROMPT, { args: s.vars.join(', '), f: s.f.toTex(), point: tuple(s.point), direction: tuple(s.direction) }, lang);
}

const STEPS = [
  template('Partial derivatives: $${{partials}}.$$', '偏导数：$${{partials}}.$$'),
  template('At $P$: $\\nabla f(P) = {{gradient}}$.', '在 $P$ 处：$\\nabla f(P) = {{gradient}}$。'),
  template('$\\lVert\\mathbf{v}\\rVert = {{norm}}$.', '$\\lVert\\mathbf{v}\\rVert = {{norm}}$。'),
  '$$D_{\\mathbf{u}}f(P) = \\nabla f(P)\\cdot\\frac{\\mathbf{v}}{\\lVert\\mathbf{v}\\rVert} = \\frac{{{dot}}}{\\sqrt{{{normSquared}}}} = {{value}} \\approx {{approx}}.$$',
];

function steps(params: Params, solution: Solution<Answer>, lang: 'en' | 'zh'): string {
  const s = setting(params);
  const c = compute(s);
  const values = {
    partials: s.vars.map((v, i) => `\\frac{\\partial f}{\\partial ${v}} = ${(c.partials[i] as Expression).simplify().toTex()}`).join(',\\quad '),
    gradient: `\\left(${c.gradient.map((g) => g.toTex()).join(',\\ ')}\\right)`,
    dot: c.gradient.map((g, i) => `${wrap(g.toTex())}\\cdot ${wrap((s.direction[i] as Rational).toTex())}`).join(' + '),
    norm: `\\sqrt{${s.direction.map((d) => `${wrap(d.toTex())}^{2}`).join(' + ')}} = \\sqrt{${c.normSquared.toTex()}}`,
    normSquared: c.normSquared.toTex(),
    value: c.value.toTex(),
    approx: texNumber(solution.answer.value),
  };
  return fillSteps(STEPS, values, lang);
}

const wrap = (tex: string) => (tex.startsWith('-') || /[+\-]/.test(tex.slice(1)) ? `\\left(${tex}\\right)` : tex);

const note = defineNotes({
  'direction-not-normalised': bi('That is ∇f(P)·v. The direction must be a unit vector: divide by |v|.', '这是 ∇f(P)·v。方向必须是单位向量：还要除以 |v|。'),
  'gave-gradient-norm': bi('That is |∇f(P)|, the largest rate of increase (steepest ascent), not the rate in the direction v.', '这是 |∇f(P)|，即最大增长率（最速上升方向），而不是沿 v 的变化率。'),
  'sign-error': bi('The sign is wrong: check the signs of the partial derivatives and of v.', '符号错了：检查偏导数和 v 的符号。'),
  'divided-by-squared-norm': bi('Divide by |v|, not by |v|².', '应除以 |v|，而不是 |v|²。'),
  'used-one-partial': bi('That is a single partial derivative; the directional derivative combines all of them: ∇f(P)·u.', '这只是一个偏导数；方向导数要把所有偏导数组合起来：∇f(P)·u。'),
});

function diagnose(params: Params, solution: Solution<Answer>, given: GivenAnswer) {
  if (given.kind !== 'parts' || given.parts.value?.kind !== 'number') return undefined;
  const g = given.parts.value.approx;
  const s = setting(params);
  const c = compute(s);
  const grad = c.gradient.map((x) => x.toNumber());
  const v = s.direction.map((d) => d.toNumber());
  const dot = grad.reduce((acc, x, i) => acc + x * (v[i] as number), 0);
  const norm = Math.sqrt(c.normSquared.toNumber());
  const value = solution.answer.value;
  const close = (x: number) => near(g, x, 2e-3) && !near(x, value, 1e-9);
  if (norm !== 1 && close(dot)) return note('direction-not-normalised');
  if (close(Math.hypot(...grad))) return note('gave-gradient-norm');
  if (value !== 0 && close(-value)) return note('sign-error');
  if (close(dot / (norm * norm))) return note('divided-by-squared-norm');
  if (grad.some((x) => close(x))) return note('used-one-partial');
  return undefined;
}

export const directionalDerivative = defineFamily<Params, Answer>({
  id: 'directional-derivative',
  version: 1,
  article: 'directional-derivative',
  title: bi('Directional derivative', '方向导数'),
  levels: ['easy', 'medium', 'hard'],
  parseParams(raw) {
    const o = read.readObject(raw, ['f', 'point', 'direction']);
    const params = o as unknown as Params;
    compute(setting(params));
    return params;
  },
  generate,
  prompt,
  answerSpec: () => ({ parts: [{ name: 'value', kind: 'number', label: bi('D_u f(P)', 'D_u f(P)') }], noneAllowed: false }),
  solve,
  verify,
  steps,
  diagnose,
  examples: [
    { params: { f: 'x^2*y + 3*y', point: [1, 2], direction: [3, 4] }, answer: '28/5', correct: true },
    { params: { f: 'x^2*y + 3*y', point: [1, 2], direction: [3, 4] }, answer: '5.6', correct: true },
    { params: { f: 'x^2*y + 3*y', point: [1, 2], direction: [3, 4] }, answer: '28', correct: false, note: 'direction-not-normalised' },
    { params: { f: 'x^2*y + 3*y', point: [1, 2], direction: [3, 4] }, answer: '4*sqrt(2)', correct: false, note: 'gave-gradient-norm' },
    { params: { f: 'x^2*y + 3*y', point: [1, 2], direction: [3, 4] }, answer: '-5.6', correct: false, note: 'sign-error' },
    { params: { f: 'x^2*y + 3*y', point: [1, 2], direction: [3, 4] }, answer: '28/25', correct: false, note: 'divided-by-squared-norm' },
    { params: { f: 'x*y', point: [1, 1], direction: [1, 1] }, answer: 'sqrt(2)', correct: true },
    { params: { f: 'x*y', point: [1, 1], direction: [1, 1] }, answer: '2/sqrt(2)', correct: true },
    { params: { f: 'x*y', point: [1, 1], direction: [1, 1] }, answer: '1.4142', correct: true },
    { params: { f: 'x*y', point: [1, 1], direction: [1, 1] }, answer: '1.413', correct: false, note: 'imprecise' },
    { params: { f: 'x*y*z', point: [1, 2, 3], direction: [1, 2, 2] }, answer: '16/3', correct: true },
    { params: { f: 'x*exp(y)', point: [2, 0], direction: [1, 1] }, answer: '3*sqrt(2)/2', correct: true },
    { params: { f: 'exp(x*y)', point: [1, 1], direction: [0, 1] }, answer: 'e', correct: true, comment: 'irrational: compared exactly' },
    { params: { f: 'exp(x*y)', point: [1, 1], direction: [0, 1] }, answer: '2.718', correct: true },
    { params: { f: 'exp(x*y)', point: [1, 1], direction: [0, 1] }, answer: '2.72', correct: true, comment: 'correctly rounded to 3 significant digits' },
    { params: { f: 'x*y', point: [1, 1], direction: [1, 1] }, answer: 'sqrt(x)', correct: false, note: 'unknown-symbol' },
  ],
});

