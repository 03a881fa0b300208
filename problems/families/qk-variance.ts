/**
 * qk-variance — why attention divides QKᵀ by √d. For q, k ∈ ℝ^d with independent entries
 * q_i ~ N(0, σ_q²), k_i ~ N(0, σ_k²):
 *
 *   Var(q·k) = Σ_i E[q_i²]·E[k_i²] = d·σ_q²·σ_k²,   Var(q·k/√d) = σ_q²·σ_k².
 *
 * On the practice page the browser samples the pairs with TensorFlow.js, measures both variances
 * and how a softmax over 16 keys saturates (nearly one-hot) without the scaling; the server reruns it.
 *
 * Solve: the formula above, exact.
 * Verify (independent): Monte Carlo on real tensors (cpu backend) — the sampled variance of q·k over
 * 4096 pairs must lie within 6 standard errors (≤ 14%) of the graded answer (scaled back by d when
 * the scaled variance is asked), the standard error coming from the fourth moment
 * E[(q·k)⁴] = (3d² + 6d)σ_q⁴σ_k⁴.
 */
import {
  bi,
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
  Rng,
  template,
  tensor,
  tensorRuns,
  type GivenAnswer,
  type Level,
  type Solution,
  type Verification,
} from '../../engine';

type Ask = 'raw' | 'scaled';
type Params = { readonly d: number; readonly samples: number; readonly varQ: string; readonly varK: string; readonly ask: Ask };
type Answer = { readonly value: number; readonly exact: string };

const ASKS: readonly Ask[] = ['raw', 'scaled'];
/** Largest samples·d anyone may run (each of q and k is a samples×d tensor). */
export const MAX_ENTRIES = 2 ** 19;

function variances(o: Readonly<Record<string, unknown>>): { varQ: Rational; varK: Rational } {
  const read1 = (key: 'varQ' | 'varK') => {
    const v = read.toRational(o[key], key, 100, 6);
    if (v.sign() <= 0 || v.cmp(Rational.of(1n, 100n)) < 0) throw new InvalidParamsError(`${key} must be between 1/100 and 100`);
    return v;
  };
  return { varQ: read1('varQ'), varK: read1('varK') };
}

function parseParams(raw: unknown): Params {
  const o = read.readObject(raw, ['d', 'samples', 'varQ', 'varK', 'ask']);
  const d = read.readInt(o, 'd', 1, 512);
  const samples = read.readInt(o, 'samples', 16, 65536);
  if (d * samples > MAX_ENTRIES) throw new InvalidParamsError(`too large to run: samples·d must be at most 2^19, got ${samples}·${d}`);
  const { varQ, varK } = variances(o);
  return { d, samples, varQ: varQ.toString(), varK: varK.toString(), ask: read.readEnum(o, 'ask', ASKS) };
}

const rational = (text: string): Rational => Rational.parse(text) as Rational;

function value(p: Params): Rational {
  const product = rational(p.varQ).mul(rational(p.varK));
  return p.ask === 'raw' ? product.mul(Rational.from(p.d)) : product;
}

function solve(params: Params): Solution<Answer> {
  const v = value(params);
  return {
    answer: { value: v.toNumber(), exact: v.toString() },
    expected: { kind: 'parts', parts: { value: { kind: 'number', value: Expression.from(v) } } },
  };
}

/** Pairs `verify` samples, whatever d: 6 standard errors of the sampled variance stay within ±14%. */
const VERIFY_PAIRS = 4096;

/**
 * The sampled Var(q·k) for unit-variance entries, per d (a seeded, deterministic run; memoised because
 * the sweep verifies thousands of instances over a few dozen d). For variances a and b the same draws
 * scaled by √a and √b give exactly a·b times this value.
 * NOTE: a cache of a pure function of d ≤ 512 (the cap keeps the first run per d, 4096·d normal draws, well under a second), not state: every caller gets the same number.
 */
const sampledUnit = new Map<number, Promise<number>>();
function sampledUnitVariance(d: number): Promise<number> {
  const hit = sampledUnit.get(d);
  if (hit) return hit;
  const run = (async () => {
    const tf = await tensor.loadTensorFlow();
    const rng = Rng.fromSeed(0).fork(`qk-variance/verify/${d}`);
    return tf.tidy(() => {
      const q = tf.tensor2d(tensorRuns.normalData(rng.fork('q'), VERIFY_PAIRS * d), [VERIFY_PAIRS, d]);
      const k = tf.tensor2d(tensorRuns.normalData(rng.fork('k'), VERIFY_PAIRS * d), [VERIFY_PAIRS, d]);
      return tf.moments(tf.sum(tf.mul(q, k), 1)).variance.dataSync()[0] as number;
    });
  })();
  sampledUnit.set(d, run);
  return run;
}

async function verify(params: Params, solution: Solution<Answer>): Promise<Verification> {
  const method = `Monte Carlo on TensorFlow.js tensors (cpu), ${VERIFY_PAIRS} pairs, 6 standard errors`;
  const { d } = params;
  const a = rational(params.varQ).toNumber();
  const b = rational(params.varK).toNumber();
  const sampled = a * b * (await sampledUnitVariance(d));
  // Var of a sample variance ≈ (μ₄ − σ⁴)/m with μ₄ = E[(q·k)⁴] = (3d² + 6d)a²b² and σ² = d·a·b.
  const standardError = a * b * Math.sqrt((2 * d * d + 6 * d) / VERIFY_PAIRS);
  // What is graded is the expected part; the answer object must carry the same number.
  const part = solution.expected.kind === 'parts' ? solution.expected.parts.value : undefined;
  const graded = part?.kind === 'number' ? part.value.toNumber() : NaN;
  if (!near(graded, solution.answer.value, 1e-12) || Rational.parse(solution.answer.exact)?.toNumber() !== solution.answer.value) {
    return { ok: false, method, detail: `graded ${graded}, answer object ${solution.answer.value} (${solution.answer.exact})` };
  }
  const claimedRaw = params.ask === 'raw' ? graded : graded * d;
  return Math.abs(sampled - claimedRaw) <= 6 * standardError
    ? { ok: true, method }
    : { ok: false, method, detail: `sampled Var(q·k) = ${sampled} from ${VERIFY_PAIRS} pairs, claimed ${claimedRaw}` };
}

const SPREADS = ['1/4', '1/2', '1', '2', '4'] as const;

function generate(rng: Rng, level: Level): Params {
  if (level === 'easy') {
    const d = 4 * rng.int(2, 32);
    return { d, samples: samplesFor(d), varQ: '1', varK: '1', ask: 'raw' };
  }
  if (level === 'medium') {
    const d = 16 * rng.int(1, 32);
    return { d, samples: samplesFor(d), varQ: '1', varK: '1', ask: rng.pick(ASKS) };
  }
  const d = 32 * rng.int(1, 16);
  return { d, samples: samplesFor(d), varQ: rng.pick(SPREADS), varK: rng.pick(SPREADS), ask: rng.pick(ASKS) };
}

/** As many samples as fit 2^18 entries per tensor, a multiple of 16. */
function samplesFor(d: number): number {
  return Math.max(16, 16 * Math.floor(2 ** 18 / d / 16));
}

function varianceTex(text: string): string {
  return rational(text).toTex();
}

const PROMPT = template(
  'Vectors $q, k \\in \\mathbb{R}^{{{d}}}$ have {{entries}}. The [practice page](/practice/qk-variance) samples {{samples}} such pairs $(q, k)$ in your browser with TensorFlow.js, measures $\\operatorname{Var}(q\\cdot k)$ and $\\operatorname{Var}(q\\cdot k/\\sqrt{d})$, and shows how saturated (nearly one-hot) a softmax over 16 keys gets without dividing by $\\sqrt{d}$; the server reruns the same seed.\n\nGive the exact value: what is ${{quantity}}$?',
  '向量 $q, k \\in \\mathbb{R}^{{{d}}}$，{{entries}}。[练习页](/practice/qk-variance)会在浏览器里用 TensorFlow.js 抽取 {{samples}} 对这样的 $(q, k)$，测量 $\\operatorname{Var}(q\\cdot k)$ 与 $\\operatorname{Var}(q\\cdot k/\\sqrt{d})$，并看看不除以 $\\sqrt{d}$ 时对 16 个键做 softmax 有多“饱和”（几乎变成 one-hot）；服务器会用同一种子复算。\n\n求精确值：${{quantity}}$ 等于多少？',
);
const UNIT_ENTRIES = template('independent {{law}} entries', '各分量独立、服从 {{law}}');
const OTHER_ENTRIES = template('independent entries, {{law}}', '各分量独立，{{law}}');

function prompt(params: Params, lang: 'en' | 'zh'): string {
  const { d, samples, ask } = params;
  const unit = params.varQ === '1' && params.varK === '1';
  const values = {
    d,
    samples,
    entries: unit ? UNIT_ENTRIES : OTHER_ENTRIES,
    law: unit ? '$N(0,1)$' : `$q_i \\sim N(0, ${varianceTex(params.varQ)})$, $k_i \\sim N(0, ${varianceTex(params.varK)})$`,
    quantity: ask === 'raw' ? '\\operatorname{Var}(q\\cdot k)' : `\\operatorname{Var}\\!\\left(\\dfrac{q\\cdot k}{\\sqrt{${d}}}\\right)`,
  };
  return fill(PROMPT, values, lang);
}

const STEPS = [
  template(
    '$q\\cdot k = \\sum_{i=1}^{{{d}}} q_i k_i$. The terms are independent with mean 0, so variances add: $\\operatorname{Var}(q_i k_i) = E[q_i^2]\\,E[k_i^2] = {{a}}\\cdot {{b}} = {{product}}$.',
    '$q\\cdot k = \\sum_{i=1}^{{{d}}} q_i k_i$。各项独立、均值为 0，所以方差相加：$\\operatorname{Var}(q_i k_i) = E[q_i^2]\\,E[k_i^2] = {{a}}\\cdot {{b}} = {{product}}$。',
  ),
  template(
    '$\\operatorname{Var}(q\\cdot k) = {{d}}\\cdot {{product}} = {{raw}}$ — it grows linearly in $d$; the standard deviation is $\\sigma_q\\sigma_k\\sqrt{d} = {{sd}}$.',
    '$\\operatorname{Var}(q\\cdot k) = {{d}}\\cdot {{product}} = {{raw}}$——随 $d$ 线性增长；标准差是 $\\sigma_q\\sigma_k\\sqrt{d} = {{sd}}$。',
  ),
  template('$\\operatorname{Var}(q\\cdot k/\\sqrt{{{d}}}) = {{raw}}/{{d}} = {{product}}$, independent of $d$.', '$\\operatorname{Var}(q\\cdot k/\\sqrt{{{d}}}) = {{raw}}/{{d}} = {{product}}$，与 $d$ 无关。'),
  template(
    'Answer: ${{asked}} = {{answer}}$. Unscaled, the logits spread like $\\sqrt{d}$ and the softmax piles onto one key (its gradients nearly vanish); dividing by $\\sqrt{d}$ keeps their variance at ${{product}}$.',
    '答案：${{asked}} = {{answer}}$。不缩放时 logits 的尺度随 $\\sqrt{d}$ 增大，softmax 会集中到一个键上（梯度几乎为 0）；除以 $\\sqrt{d}$ 让 logits 的方差保持在 ${{product}}$。',
  ),
];

function steps(params: Params, solution: Solution<Answer>, lang: 'en' | 'zh'): string {
  const { d, ask } = params;
  const product = rational(params.varQ).mul(rational(params.varK));
  const raw = product.mul(Rational.from(d));
  const values = {
    d,
    a: varianceTex(params.varQ),
    b: varianceTex(params.varK),
    product: product.toTex(),
    raw: raw.toTex(),
    sd: Expression.sqrt(Expression.from(raw)).simplify().toTex(),
    asked: ask === 'raw' ? '\\operatorname{Var}(q\\cdot k)' : '\\operatorname{Var}(q\\cdot k/\\sqrt{d})',
    answer: Rational.parse(solution.answer.exact)?.toTex() ?? solution.answer.exact,
  };
  return fillSteps(STEPS, values, lang);
}

const note = defineNotes({
  'sampled-value': bi('That looks like a sampled estimate. The question asks for the exact variance of the law, which the samples only approximate.', '这看起来是抽样估计值。题目问的是分布的精确方差，样本只是近似它。'),
  'standard-deviation': bi('That is the standard deviation; the variance is its square.', '这是标准差；方差是它的平方。'),
  'forgot-scaling': bi('That is Var(q·k); dividing by √d divides the variance by d.', '这是 Var(q·k)；除以 √d 会让方差除以 d。'),
  'scaled-instead': bi('That is the variance after dividing by √d; without the scaling it is d times larger.', '这是除以 √d 之后的方差；不缩放时要大 d 倍。'),
  'sd-instead-of-variance': bi('The entries have variances σ², not σ: E[q_i²] = σ_q².', '分量的方差是 σ²，不是 σ：E[q_i²] = σ_q²。'),
});

function diagnose(params: Params, solution: Solution<Answer>, given: GivenAnswer) {
  if (given.kind !== 'parts' || given.parts.value?.kind !== 'number') return undefined;
  const g = given.parts.value.approx;
  const v = solution.answer.value;
  const close = (x: number) => near(g, x, 1e-6) && !near(x, v, 1e-12);
  const product = rational(params.varQ).mul(rational(params.varK)).toNumber();
  const sdProduct = Math.sqrt(product);
  if (params.ask === 'scaled' && close(product * params.d)) return note('forgot-scaling');
  if (params.ask === 'raw' && close(product)) return note('scaled-instead');
  if (close(Math.sqrt(v))) return note('standard-deviation');
  if (close(params.ask === 'raw' ? params.d * sdProduct : sdProduct)) return note('sd-instead-of-variance');
  if (Number.isFinite(g) && Math.abs(g - v) <= 0.2 * v && !near(g, v, 1e-4)) return note('sampled-value');
  return undefined;
}

export const qkVariance = defineFamily<Params, Answer>({
  id: 'qk-variance',
  version: 1,
  article: 'transformer-init',
  title: bi('Why divide by √d: Var(q·k), sampled', '为什么除以 √d：抽样看 Var(q·k)'),
  levels: ['easy', 'medium', 'hard'],
  parseParams,
  generate,
  prompt,
  answerSpec: (params) => ({
    parts: [
      {
        name: 'value',
        kind: 'number',
        label: params.ask === 'raw' ? bi('Var(q·k)', 'Var(q·k)') : bi('Var(q·k/√d)', 'Var(q·k/√d)'),
      },
    ],
    noneAllowed: false,
  }),
  solve,
  verify,
  steps,
  diagnose,
  tensorRun: defineTensorRun<Params, tensorRuns.QkVarianceSetup>({
    program: tensorRuns.qkVarianceProgram,
    setup: (p) => ({ d: p.d, samples: p.samples, varQ: rational(p.varQ).toNumber(), varK: rational(p.varK).toNumber() }),
  }),
  examples: [
    { params: { d: 64, samples: 4096, varQ: '1', varK: '1', ask: 'raw' }, answer: '64', correct: true },
    { params: { d: 64, samples: 4096, varQ: '1', varK: '1', ask: 'raw' }, answer: '8', correct: false, note: 'standard-deviation' },
    { params: { d: 64, samples: 4096, varQ: '1', varK: '1', ask: 'raw' }, answer: '1', correct: false, note: 'scaled-instead' },
    { params: { d: 64, samples: 4096, varQ: '1', varK: '1', ask: 'raw' }, answer: '63.2', correct: false, note: 'sampled-value' },
    { params: { d: 64, samples: 4096, varQ: '1', varK: '1', ask: 'scaled' }, answer: '1', correct: true },
    { params: { d: 64, samples: 4096, varQ: '1', varK: '1', ask: 'scaled' }, answer: '64', correct: false, note: 'forgot-scaling' },
    { params: { d: 128, samples: 2048, varQ: '1/4', varK: '4', ask: 'raw' }, answer: '128', correct: true },
    { params: { d: 128, samples: 2048, varQ: '2', varK: '1/2', ask: 'scaled' }, answer: '1', correct: true },
    { params: { d: 96, samples: 2048, varQ: '2', varK: '2', ask: 'raw' }, answer: '384', correct: true },
    { params: { d: 96, samples: 2048, varQ: '2', varK: '2', ask: 'raw' }, answer: '192', correct: false, note: 'sd-instead-of-variance' },
    { params: { d: 96, samples: 2048, varQ: '2', varK: '2', ask: 'scaled' }, answer: '4.0', correct: true },
  ],
});
