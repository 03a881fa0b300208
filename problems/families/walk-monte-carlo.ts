/**
 * walk-monte-carlo — simulate many random walks with tensors and read a probability off the
 * histogram of S_n, next to the exact binomial law. Steps are +1 with probability p, −1 otherwise;
 * with a = (n+k)/2 up-steps,
 *
 *   P(S_n = k) = C(n, a)·pᵃ·(1−p)ⁿ⁻ᵃ,     P(S_n ≥ k) = Σ_{j ≥ a} C(n, j)·pʲ·(1−p)ⁿ⁻ʲ.
 *
 * The learner reads the value from a Monte Carlo run, so a decimal answer is accepted within four
 * Monte Carlo standard errors, 4·√(P(1−P)/walks), as a relative tolerance (at least 2%, at most
 * 50%); an exact answer must be exact.
 *
 * Solve: the sums above in exact rationals.
 * Verify (independent): the law by dynamic programming over positions (doubles, no binomial
 * coefficients), then the page's own Monte Carlo tensor program (cpu backend) with 400 walks,
 * within 6 standard errors.
 */
import {
  bi,
  combinatorics,
  defineFamily,
  defineNotes,
  defineTensorRun,
  Expression,
  fill,
  fillSteps,
  InvalidParamsError,
  memoByParams,
  near,
  params as read,
  Rational,
  template,
  tensor,
  tensorRuns,
  texNumber,
  type GivenAnswer,
  type Level,
  type Rng,
  type Solution,
  type Verification,
} from '../../engine';
import { answerOf, gradedFailure, gradedMismatch } from './graded';

type Ask = 'eq' | 'ge';
type Params = { readonly n: number; readonly k: number; readonly p: number | string; readonly walks: number; readonly ask: Ask };
type Answer = { readonly value: number; readonly exact: string };

const ASKS: readonly Ask[] = ['eq', 'ge'];
/** Largest walks·n anyone may run. */
export const MAX_STEPS = 2 ** 20;
/** Cap on n·log₂(v) for p = u/v: the exact answer's size. */
const MAX_EXACT_BITS = 1200;
/** Walks in `verify`'s Monte Carlo run. */
const VERIFY_WALKS = 400;

function parseParams(raw: unknown): Params {
  const o = read.readObject(raw, ['n', 'k', 'p', 'walks', 'ask']);
  const n = read.readInt(o, 'n', 1, 200);
  const k = read.readInt(o, 'k', -200, 200);
  const walks = read.readInt(o, 'walks', 100, 50_000);
  if (walks * n > MAX_STEPS) throw new InvalidParamsError(`too large to run: walks·n must be at most 2^20, got ${walks}·${n}`);
  const p = read.toRational(o.p, 'p', 1, 12);
  if (p.sign() < 0 || p.cmp(Rational.one) > 0) throw new InvalidParamsError('p must be between 0 and 1');
  // NOTE: the exact value has a denominator up to vⁿ (p = u/v); its text must stay short (< 400 digits).
  const bits = p.den.toString(2).length;
  if (n * bits > MAX_EXACT_BITS) throw new InvalidParamsError(`n times the bits of p's denominator must be at most ${MAX_EXACT_BITS} (n ≤ ${Math.floor(MAX_EXACT_BITS / bits)} for this p)`);
  return { n, k, p: o.p as number | string, walks, ask: read.readEnum(o, 'ask', ASKS) };
}

const pOf = (params: Params): Rational => read.toRational(params.p, 'p', 1, 12);

/** Up-steps needed for S_n = k (or at least k): a = ⌈(n+k)/2⌉. */
function upSteps(params: Params): number {
  return Math.ceil((params.n + params.k) / 2);
}

/** Exact P(up-steps = j) for every j, as numerators over one denominator: C(n,j)·uʲ·(v−u)ⁿ⁻ʲ / vⁿ for p = u/v. */
function exactLaw(params: Params): { numerators: bigint[]; denominator: bigint } {
  const p = pOf(params);
  const [u, v] = [p.num, p.den];
  const numerators: bigint[] = [];
  for (let j = 0; j <= params.n; j++) numerators.push(combinatorics.binomial(BigInt(params.n), BigInt(j)) * u ** BigInt(j) * (v - u) ** BigInt(params.n - j));
  return { numerators, denominator: v ** BigInt(params.n) };
}

/** The asked probability from a law indexed by up-steps (exact numerators or doubles). */
function asked<T>(params: Params, law: readonly T[], add: (a: T, b: T) => T, zero: T): T {
  const a = upSteps(params);
  if (params.ask === 'eq') return (params.n + params.k) % 2 === 0 && a >= 0 && a <= params.n ? (law[a] as T) : zero;
  let sum = zero;
  for (let j = Math.max(0, a); j <= params.n; j++) sum = add(sum, law[j] as T);
  return sum;
}

/** Memoised per params object: answerSpec, solve and diagnose all need it. */
const exactValue = memoByParams((params: Params): Rational => {
  const law = exactLaw(params);
  return Rational.of(asked(params, law.numerators, (a, b) => a + b, 0n), law.denominator);
});

function solve(params: Params): Solution<Answer> {
  const v = exactValue(params);
  return {
    answer: { value: v.toNumber(), exact: v.toString() },
    expected: { kind: 'parts', parts: { value: { kind: 'number', value: Expression.from(v) } } },
  };
}

/** Relative tolerance of a decimal answer: four Monte Carlo standard errors, between 2% and 50%. */
export function readingTolerance(probability: number, walks: number): number {
  if (!(probability > 0)) return 0.5;
  const standardError = Math.sqrt((probability * (1 - probability)) / walks);
  return Math.min(0.5, Math.max(0.02, (4 * standardError) / probability));
}

async function verify(params: Params, solution: Solution<Answer>): Promise<Verification> {
  // The graded parts must be the answer-object values checked below.
  const a = answerOf(solution);
  const graded = gradedMismatch(solution, { value: a.value });
  if (graded) return gradedFailure(graded);
  const method = 'dynamic programming over positions (doubles), and the Monte Carlo tensor program (cpu, 400 walks)';
  const p = pOf(params).toNumber();
  let law = [1];
  for (let t = 0; t < params.n; t++) law = [...law, 0].map((x, j) => x * (1 - p) + (j > 0 ? (law[j - 1] as number) * p : 0));
  const byDp = asked(params, law, (a, b) => a + b, 0);
  const claimed = solution.answer.value;
  if (!(Math.abs(byDp - claimed) <= 1e-9 * claimed + 1e-15)) return { ok: false, method, detail: `dynamic programming gives ${byDp}, claimed ${claimed}` };
  const walks = VERIFY_WALKS;
  const tf = await tensor.loadTensorFlow();
  const run = tensorRuns.runWalks(tf, { n: params.n, walks, p }, 0);
  const estimate = asked(params, run.counts, (a, b) => a + b, 0) / walks;
  const allowed = 6 * Math.sqrt((claimed * (1 - claimed)) / walks) + 1 / walks;
  return Math.abs(estimate - claimed) <= allowed ? { ok: true, method } : { ok: false, method, detail: `Monte Carlo estimate ${estimate}, claimed ${claimed}` };
}

const P_CHOICES: Readonly<Record<Level, readonly string[]>> = {
  easy: ['1/2'],
  medium: ['1/3', '2/3', '2/5', '3/5', '1/2'],
  hard: ['1/4', '3/4', '3/10', '7/10', '1/3', '2/3'],
};

function generate(rng: Rng, level: Level): Params {
  const p = rng.pick(P_CHOICES[level]);
  const pv = (Rational.parse(p) as Rational).toNumber();
  const [n, walks, ask]: [number, number, Ask] =
    level === 'easy'
      ? [rng.int(6, 20), 10_000, 'eq']
      : level === 'medium'
        ? [rng.int(10, 30), rng.pick([10_000, 20_000]), rng.pick(ASKS)]
        : [rng.int(20, 60), rng.pick([10_000, 16_000]), rng.pick(ASKS)];
  const sd = Math.sqrt(n * pv * (1 - pv));
  // Positions near the middle of the law, so the asked probability is readable off the histogram.
  const z = ask === 'eq' ? rng.int(-3, 3) / 2 : rng.int(-2, 2) / 2;
  const a = Math.min(n - (ask === 'ge' ? 1 : 0), Math.max(ask === 'ge' ? 1 : 0, Math.round(n * pv + z * sd)));
  return { n, k: 2 * a - n, p, walks, ask };
}

function event(params: Params): string {
  return `S_{${params.n}} ${params.ask === 'eq' ? '=' : '\\ge'} ${params.k}`;
}

const PROMPT = template(
  'A walk starts at 0; each step is $+1$ with probability $p = {{p}}$ and $-1$ otherwise, independently, and $S_{{{n}}}$ is the position after {{n}} steps. The [practice page](/practice/walk-monte-carlo) simulates {{walks}} such walks in your browser with TensorFlow.js (one {{walks}}×{{n}} tensor), and draws the histogram of $S_{{{n}}}$ against the exact binomial law; the server reruns the same seed.\n\nRead the probability $P({{event}})$ off your run. A decimal within the Monte Carlo error ({{tolerance}}% of the exact value) counts as right; an exact value is fine too.',
  '一维随机游走从 0 出发，每步独立地以概率 $p = {{p}}$ 走 $+1$，否则走 $-1$；$S_{{{n}}}$ 是 {{n}} 步后的位置。[练习页](/practice/walk-monte-carlo)会在浏览器里用 TensorFlow.js 模拟 {{walks}} 条这样的游走（一个 {{walks}}×{{n}} 的张量），画出 $S_{{{n}}}$ 的直方图并与精确的二项分布对照；服务器会用同一种子复算。\n\n从你的模拟结果读出概率 $P({{event}})$。小数答案与精确值的相对误差在蒙特卡洛误差（{{tolerance}}%）以内即算对；也可以给出精确值。',
);

function prompt(params: Params, lang: 'en' | 'zh'): string {
  const { n, walks } = params;
  const tolerance = Math.round(100 * readingTolerance(exactValue(params).toNumber(), walks));
  return fill(PROMPT, { n, walks, p: pOf(params).toTex(), event: event(params), tolerance }, lang);
}

const STEPS = [
  template(
    'With $j$ up-steps out of {{n}}, $S_{{{n}}} = 2j - {{n}}$, and $j \\sim \\mathrm{Bin}({{n}}, {{p}})$. $S_{{{n}}} = {{k}}$ means $j = (n+k)/2 = {{half}}$.',
    '{{n}} 步中向上 $j$ 步时 $S_{{{n}}} = 2j - {{n}}$，$j \\sim \\mathrm{Bin}({{n}}, {{p}})$（二项分布）。$S_{{{n}}} = {{k}}$ 对应 $j = (n+k)/2 = {{half}}$。',
  ),
  '$$P({{event}}) = {{law}}{{exact}} \\approx {{value}}.$$',
  template(
    "With {{walks}} walks the estimate's standard error is about $\\sqrt{P(1-P)/{{walks}}} \\approx {{sd}}$, so a value read off the histogram is typically off by a few thousandths.",
    '模拟 {{walks}} 条游走时，估计值的标准误差约为 $\\sqrt{P(1-P)/{{walks}}} \\approx {{sd}}$，所以直方图上读出的值通常与精确值相差几个千分点。',
  ),
];

function steps(params: Params, solution: Solution<Answer>, lang: 'en' | 'zh'): string {
  const { n, k, walks } = params;
  const p = pOf(params);
  const q = Rational.one.sub(p);
  const a = upSteps(params);
  const term = (j: string) => `\\binom{${n}}{${j}}\\left(${p.toTex()}\\right)^{${j}}\\left(${q.toTex()}\\right)^{${n}-${j}}`;
  const exact = Rational.parse(solution.answer.exact) as Rational;
  const values = {
    n,
    k,
    walks,
    p: p.toTex(),
    half: (n + k) / 2,
    event: event(params),
    law: params.ask === 'eq' ? term(String(a)) : `\\sum_{j=${a}}^{${n}} ${term('j')}`,
    exact: exact.toString().length <= 60 ? ` = ${exact.toTex()}` : '',
    value: texNumber(solution.answer.value, 5),
    sd: texNumber(Math.sqrt((solution.answer.value * (1 - solution.answer.value)) / walks), 2),
  };
  return fillSteps(STEPS, values, lang);
}

const note = defineNotes({
  'count-not-probability': bi('That is a number of walks; divide by the number of walks to get a probability.', '这是游走的条数；除以总条数才是概率。'),
  percent: bi('Give the probability as a number between 0 and 1, not a percentage.', '请给出 0 到 1 之间的概率，而不是百分数。'),
  'equal-vs-at-least': bi('That is the probability of another event: mind the difference between S_n = k and S_n ≥ k.', '这是另一个事件的概率：注意 S_n = k 与 S_n ≥ k 的区别。'),
  'write-decimal': bi('Within the Monte Carlo error, but fractions are compared exactly: type the reading as a decimal (e.g. 0.205).', '在蒙特卡洛误差以内，但分数按精确值比较：请把读数写成小数（如 0.205）。'),
});

function diagnose(params: Params, solution: Solution<Answer>, given: GivenAnswer) {
  if (given.kind !== 'parts' || given.parts.value?.kind !== 'number') return undefined;
  const g = given.parts.value.approx;
  const v = solution.answer.value;
  const tolerance = readingTolerance(v, params.walks);
  const within = (x: number) => Number.isFinite(g) && Math.abs(g - x) <= tolerance * x;
  if (within(v)) return note('write-decimal');
  if (g > 1 && within(v * params.walks)) return note('count-not-probability');
  if (g > 1 && within(100 * v)) return note('percent');
  const other = exactValue({ ...params, ask: params.ask === 'eq' ? 'ge' : 'eq' }).toNumber();
  const strict = exactValue({ ...params, k: params.k + 2, ask: 'ge' }).toNumber();
  if ((within(other) && !near(other, v, 1e-9)) || (params.ask === 'ge' && within(strict) && !within(v))) return note('equal-vs-at-least');
  return undefined;
}

export const walkMonteCarlo = defineFamily<Params, Answer>({
  id: 'walk-monte-carlo',
  version: 1,
  article: 'random-walk',
  title: bi('Random walks by Monte Carlo', '蒙特卡洛模拟随机游走'),
  levels: ['easy', 'medium', 'hard'],
  parseParams,
  generate,
  prompt,
  answerSpec: (params) => ({
    parts: [
      {
        name: 'value',
        kind: 'number',
        label: params.ask === 'eq' ? bi(`P(S_${params.n} = ${params.k})`, `P(S_${params.n} = ${params.k})`) : bi(`P(S_${params.n} ≥ ${params.k})`, `P(S_${params.n} ≥ ${params.k})`),
        tolerance: { relative: readingTolerance(exactValue(params).toNumber(), params.walks), roundedDigits: 3 },
      },
    ],
    noneAllowed: false,
  }),
  solve,
  verify,
  steps,
  diagnose,
  tensorRun: defineTensorRun<Params, tensorRuns.WalkSetup>({
    program: tensorRuns.walkProgram,
    setup: (params) => ({ n: params.n, walks: params.walks, p: pOf(params).toNumber() }),
    // The figure marks the asked event on the histogram and counts the walks in it.
    view: ({ k, ask }) => ({ k, ask }),
  }),
  examples: [
    { params: { n: 10, k: 2, p: '1/2', walks: 10000, ask: 'eq' }, answer: '105/512', correct: true, comment: 'C(10,6)/2^10' },
    { params: { n: 10, k: 2, p: '1/2', walks: 10000, ask: 'eq' }, answer: 'C(10,6)/2^10', correct: true },
    { params: { n: 10, k: 2, p: '1/2', walks: 10000, ask: 'eq' }, answer: '0.2012', correct: true, comment: 'a reading within 4 standard errors' },
    { params: { n: 10, k: 2, p: '1/2', walks: 10000, ask: 'eq' }, answer: '0.23', correct: false },
    { params: { n: 10, k: 2, p: '1/2', walks: 10000, ask: 'eq' }, answer: '2012/10000', correct: true, comment: 'an exact form is judged by its value, like a decimal' },
    { params: { n: 10, k: 2, p: '1/2', walks: 10000, ask: 'eq' }, answer: '2051', correct: false, note: 'count-not-probability' },
    { params: { n: 10, k: 2, p: '1/2', walks: 10000, ask: 'eq' }, answer: '20.5', correct: false, note: 'percent' },
    { params: { n: 10, k: 2, p: '1/2', walks: 10000, ask: 'eq' }, answer: '0.377', correct: false, note: 'equal-vs-at-least', comment: 'P(S_10 ≥ 2) = 193/512' },
    { params: { n: 20, k: -4, p: '2/5', walks: 20000, ask: 'ge' }, answer: '0.5841', correct: true },
    { params: { n: 20, k: -4, p: '2/5', walks: 20000, ask: 'ge' }, answer: '0.4159', correct: false },
    { params: { n: 20, k: -4, p: 0.4, walks: 20000, ask: 'ge' }, answer: '0.58', correct: true, comment: 'p as a JSON number' },
  ],
});
