/**
 * moe-routing — load per expert under top-k gating. T tokens are routed to the k of E experts
 * with the largest router logits; with an untrained router (i.i.d. logits) every k-subset is
 * equally likely, so an expert is chosen by a token with probability C(E−1, k−1)/C(E, k) = k/E and
 * its load is Binomial(T, k/E):
 *
 *   mean load = T·k/E,    standard deviation = √(T·(k/E)·(1 − k/E)).
 *
 * On the practice page the browser routes the tokens with TensorFlow.js (top-k of seeded logits),
 * draws the load of each expert against the mean and the capacity ⌈c·T·k/E⌉, and counts the
 * token slots an expert at capacity would drop; the server reruns it.
 *
 * Solve: the formulas above, exact (the standard deviation as √(rational)).
 * Verify (independent): the inclusion probability by counting subsets, C(E−1, k−1)/C(E, k) in
 * exact integers; and a real routing run (cpu backend): loads sum to T·k and every load lies within
 * 7 standard deviations of the mean.
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
import { answerOf, gradedFailure, gradedMismatch, sub } from './graded';

type Params = { readonly tokens: number; readonly experts: number; readonly k: number; readonly capacityFactor: number };
type Answer = { readonly mean: number; readonly sd: number; readonly exact: { readonly mean: string; readonly variance: string } };

/** Largest tokens·experts anyone may run. */
export const MAX_LOGITS = 2 ** 17;
/** Tokens routed by `verify`'s tensor run. */
const VERIFY_TOKENS = 32;

function parseParams(raw: unknown): Params {
  const o = read.readObject(raw, ['tokens', 'experts', 'k', 'capacityFactor']);
  const tokens = read.readInt(o, 'tokens', 1, 16_384);
  const experts = read.readInt(o, 'experts', 2, 256);
  const k = read.readInt(o, 'k', 1, 16);
  if (k >= experts) throw new InvalidParamsError('k must be smaller than the number of experts');
  if (tokens * experts > MAX_LOGITS) throw new InvalidParamsError(`too large to run: tokens·experts must be at most 2^17, got ${tokens}·${experts}`);
  const factor = read.toRational(o.capacityFactor, 'capacityFactor', 8, 4);
  if (typeof o.capacityFactor !== 'number' || factor.cmp(Rational.one) < 0) throw new InvalidParamsError('capacityFactor must be a number between 1 and 8');
  return { tokens, experts, k, capacityFactor: o.capacityFactor };
}

function law(p: Params): { mean: Rational; variance: Rational } {
  const share = Rational.of(BigInt(p.k), BigInt(p.experts));
  const tokens = Rational.from(p.tokens);
  return { mean: tokens.mul(share), variance: tokens.mul(share).mul(Rational.one.sub(share)) };
}

function solve(params: Params): Solution<Answer> {
  const { mean, variance } = law(params);
  return {
    answer: { mean: mean.toNumber(), sd: Math.sqrt(variance.toNumber()), exact: { mean: mean.toString(), variance: variance.toString() } },
    expected: {
      kind: 'parts',
      parts: { mean: { kind: 'number', value: Expression.from(mean) }, sd: { kind: 'number', value: Expression.sqrt(variance) } },
    },
  };
}

async function verify(params: Params, solution: Solution<Answer>): Promise<Verification> {
  // The graded parts must be the answer-object values checked below.
  const a = answerOf(solution);
  const graded = gradedMismatch(solution, { mean: sub(a, 'exact').mean, sd: a.sd });
  if (graded) return gradedFailure(graded);
  const method = 'subset counting C(E−1,k−1)/C(E,k), and a TensorFlow.js routing run (cpu)';
  const { tokens, experts, k } = params;
  const inclusion = Rational.of(combinatorics.binomial(BigInt(experts - 1), BigInt(k - 1)), combinatorics.binomial(BigInt(experts), BigInt(k)));
  const mean = Rational.from(tokens).mul(inclusion);
  const variance = mean.mul(Rational.one.sub(inclusion));
  const claimedMean = Rational.parse(solution.answer.exact.mean);
  const claimedVariance = Rational.parse(solution.answer.exact.variance);
  if (!claimedMean?.equals(mean) || !claimedVariance?.equals(variance)) {
    return { ok: false, method, detail: `counting gives mean ${mean.toString()}, variance ${variance.toString()}` };
  }
  if (!near(solution.answer.sd ** 2, variance.toNumber(), 1e-12)) return { ok: false, method, detail: `sd² = ${solution.answer.sd ** 2}` };
  const tf = await tensor.loadTensorFlow();
  const routed = Math.min(tokens, VERIFY_TOKENS);
  const run = tensorRuns.runMoe(tf, { ...params, tokens: routed }, 0);
  const total = run.loads.reduce((s, x) => s + x, 0);
  if (total !== routed * k) return { ok: false, method, detail: `loads sum to ${total}, not ${routed * k}` };
  const m = inclusion.toNumber() * routed;
  const sd = Math.sqrt(m * (1 - inclusion.toNumber()));
  const outlier = run.loads.find((load) => Math.abs(load - m) > 7 * sd + 1);
  return outlier === undefined ? { ok: true, method } : { ok: false, method, detail: `a load of ${outlier} against a mean of ${m}` };
}

function generate(rng: Rng, level: Level): Params {
  if (level === 'easy') {
    return { tokens: 128 * rng.int(1, 16), experts: rng.pick([4, 8]), k: 1, capacityFactor: 1.25 };
  }
  if (level === 'medium') {
    const experts = rng.pick([8, 16, 32]);
    return { tokens: 256 * rng.int(1, 16), experts, k: 2, capacityFactor: rng.pick([1, 1.25]) };
  }
  const experts = rng.pick([16, 32, 64]);
  const k = rng.pick([2, 4, 8]);
  return { tokens: 256 * rng.int(1, MAX_LOGITS / 256 / experts), experts, k, capacityFactor: rng.pick([1, 1.25, 1.5]) };
}

const PROMPT = template(
  "A mixture-of-experts layer has $E = {{E}}$ experts; each of $T = {{T}}$ tokens goes to the {{k}} experts with the largest router logits (top-{{k}} gating). The router is untrained: every token's logit for every expert is i.i.d. (seeded $N(0,1)$). The [practice page](/practice/moe-routing) routes the tokens in your browser with TensorFlow.js, plots the load of each expert (tokens it receives) and counts the token slots over the capacity $\\lceil {{c}}\\cdot Tk/E\\rceil = {{capacity}}$; the server reruns the same seed.\n\nWhat are the mean and the standard deviation (sd) of one expert's load? Give exact values (such as `sqrt(60)`) or at least 4 significant digits.",
  '混合专家层有 $E = {{E}}$ 个专家，$T = {{T}}$ 个 token 各自按 top-{{k}} 门控选出路由器 logits 最大的 {{k}} 个专家。路由器尚未训练：每个 token 对每个专家的 logit 独立同分布（由种子生成的 $N(0,1)$）。[练习页](/practice/moe-routing)会在浏览器里用 TensorFlow.js 完成这次路由，画出每个专家的负载（分到的 token 数），并统计容量 $\\lceil {{c}}\\cdot T k/E\\rceil = {{capacity}}$ 之外会被丢弃的 token；服务器会用同一种子复算。\n\n一个专家的负载的均值（mean）和标准差（sd）各是多少？请给出精确值（如 `sqrt(60)`）或至少 4 位有效数字。',
);

function prompt(params: Params, lang: 'en' | 'zh'): string {
  const { tokens: T, experts: E, k, capacityFactor: c } = params;
  return fill(PROMPT, { T, E, k, c, capacity: tensorRuns.moeCapacity(params) }, lang);
}

const STEPS = [
  template(
    'The logits are i.i.d., so the {{k}} experts a token picks are equally likely to be any of the $\\binom{{{E}}}{{{k}}}$ subsets; $\\binom{{{E1}}}{{{k1}}}$ of them contain a given expert, a probability of $\\binom{{{E1}}}{{{k1}}}/\\binom{{{E}}}{{{k}}} = k/E = {{share}}$.',
    'logits 独立同分布，所以每个 token 选中的 {{k}} 个专家是 $\\binom{{{E}}}{{{k}}}$ 种组合中等可能的一种；包含某个固定专家的组合有 $\\binom{{{E1}}}{{{k1}}}$ 种，概率为 $\\binom{{{E1}}}{{{k1}}}/\\binom{{{E}}}{{{k}}} = k/E = {{share}}$。',
  ),
  template(
    "Tokens are independent, so one expert's load is $L \\sim \\mathrm{Bin}(T, k/E) = \\mathrm{Bin}({{T}}, {{share}})$.",
    '各 token 独立，所以一个专家的负载 $L \\sim \\mathrm{Bin}(T, k/E) = \\mathrm{Bin}({{T}}, {{share}})$。',
  ),
  '$E[L] = T\\cdot\\frac{k}{E} = {{mean}}$, $\\operatorname{Var}(L) = T\\cdot\\frac{k}{E}\\left(1-\\frac{k}{E}\\right) = {{variance}}$, $\\operatorname{sd}(L) = \\sqrt{{{variance}}} \\approx {{sd}}$.',
  template(
    'The capacity $\\lceil c\\,Tk/E\\rceil = {{capacity}}$ sits about {{above}} standard deviations above the mean; an expert over capacity drops the extra tokens (they pass on through the residual connection).',
    '容量 $\\lceil c\\,Tk/E\\rceil = {{capacity}}$ 比均值高出约 {{above}} 个标准差；负载超过容量的专家会丢弃多出的 token（或把它们传给下一层的残差连接）。',
  ),
];

function steps(params: Params, solution: Solution<Answer>, lang: 'en' | 'zh'): string {
  const { tokens: T, experts: E, k } = params;
  const { mean, variance } = law(params);
  const capacity = tensorRuns.moeCapacity(params);
  const values = {
    T,
    E,
    k,
    E1: E - 1,
    k1: k - 1,
    share: Rational.of(BigInt(k), BigInt(E)).toTex(),
    mean: mean.toTex(),
    variance: variance.toTex(),
    sd: texNumber(solution.answer.sd, 5),
    capacity,
    above: texNumber((capacity - mean.toNumber()) / solution.answer.sd, 2),
  };
  return fillSteps(STEPS, values, lang);
}

const note = defineNotes({
  'variance-not-sd': bi('That is the variance of the load; the standard deviation is its square root.', '这是负载的方差；标准差是它的平方根。'),
  'poisson-sd': bi('√mean is the Poisson approximation; the load is binomial, so multiply the variance by (1 − k/E).', '√均值 是泊松近似；负载服从二项分布，方差还要乘以 (1 − k/E)。'),
  'forgot-k': bi('Each token goes to k experts, not one: the chance of choosing a given expert is k/E.', '每个 token 会分给 k 个专家，而不是一个：选中某个专家的概率是 k/E。'),
});

function diagnose(params: Params, solution: Solution<Answer>, given: GivenAnswer) {
  if (given.kind !== 'parts') return undefined;
  const mean = given.parts.mean?.kind === 'number' ? given.parts.mean.approx : NaN;
  const sd = given.parts.sd?.kind === 'number' ? given.parts.sd.approx : NaN;
  const { tokens: T, experts: E, k } = params;
  const variance = solution.answer.sd ** 2;
  const close = (g: number, x: number, right: number) => near(g, x, 1e-4) && !near(x, right, 1e-9);
  if (k > 1 && (close(mean, T / E, solution.answer.mean) || close(sd, Math.sqrt((T / E) * (1 - 1 / E)), solution.answer.sd))) return note('forgot-k');
  if (close(sd, variance, solution.answer.sd)) return note('variance-not-sd');
  if (close(sd, Math.sqrt(solution.answer.mean), solution.answer.sd)) return note('poisson-sd');
  return undefined;
}

export const moeRouting = defineFamily<Params, Answer>({
  id: 'moe-routing',
  version: 1,
  article: 'moe',
  title: bi('Expert load under top-k routing', 'top-k 路由下的专家负载'),
  levels: ['easy', 'medium', 'hard'],
  parseParams,
  generate,
  prompt,
  answerSpec: () => ({
    parts: [
      { name: 'mean', kind: 'number', label: bi('mean load', '负载均值') },
      { name: 'sd', kind: 'number', label: bi('standard deviation of the load', '负载标准差') },
    ],
    noneAllowed: false,
  }),
  solve,
  verify,
  steps,
  diagnose,
  tensorRun: defineTensorRun<Params, tensorRuns.MoeSetup>({
    program: tensorRuns.moeProgram,
    setup: ({ tokens, experts, k, capacityFactor }) => ({ tokens, experts, k, capacityFactor }),
  }),
  examples: [
    { params: { tokens: 1024, experts: 8, k: 2, capacityFactor: 1.25 }, answer: { mean: '256', sd: 'sqrt(192)' }, correct: true },
    { params: { tokens: 1024, experts: 8, k: 2, capacityFactor: 1.25 }, answer: { mean: '256', sd: '8*sqrt(3)' }, correct: true },
    { params: { tokens: 1024, experts: 8, k: 2, capacityFactor: 1.25 }, answer: { mean: '256', sd: '13.86' }, correct: true },
    { params: { tokens: 1024, experts: 8, k: 2, capacityFactor: 1.25 }, answer: { mean: '256', sd: '192' }, correct: false, note: 'variance-not-sd' },
    { params: { tokens: 1024, experts: 8, k: 2, capacityFactor: 1.25 }, answer: { mean: '256', sd: '16' }, correct: false, note: 'poisson-sd' },
    { params: { tokens: 1024, experts: 8, k: 2, capacityFactor: 1.25 }, answer: { mean: '128', sd: 'sqrt(112)' }, correct: false, note: 'forgot-k' },
    { params: { tokens: 1024, experts: 8, k: 2, capacityFactor: 1.25 }, answer: { mean: '256', sd: '14' }, correct: false },
    { params: { tokens: 512, experts: 4, k: 1, capacityFactor: 1.25 }, answer: { mean: '128', sd: 'sqrt(96)' }, correct: true },
    { params: { tokens: 512, experts: 4, k: 1, capacityFactor: 1.25 }, answer: '128', correct: false, comment: 'both parts are needed' },
  ],
});
