/**
 * linear-attention-run — without softmax, (QKᵀ)V = Q(KᵀV); predict how much more the quadratic
 * order costs. On the practice page the browser runs both orders on seeded tensors (their max
 * abs difference, and the time of each as n grows); the server reruns them on the cpu backend.
 *
 *   (QKᵀ)V: 2n²d + 2n²d_v FLOPs        Q(KᵀV): 2n·d·d_v + 2n·d·d_v = 4n·d·d_v FLOPs
 *   cost ratio = n(d + d_v) / (2·d·d_v)  (= n/d when d_v = d)
 *
 * Solve: the ratio of the closed forms, an exact rational.
 * Verify (independent): run both programs through the FLOP counter (real tensors on the cpu
 * backend when small, the shape tracer otherwise) and divide the counts read from the shapes
 * that actually ran; a real run of both orders (the first 16 rows when large) must agree to float32
 * rounding.
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
  template,
  tensor,
  tensorRuns,
  texInteger,
  type GivenAnswer,
  type Level,
  type Rng,
  type Solution,
  type Verification,
} from '../../engine';
import { answerOf, gradedFailure, gradedMismatch } from './graded';

type Params = { readonly n: number; readonly d: number; readonly dv: number };
type Answer = { readonly value: number; readonly exact: string; readonly flopsQuadratic: number; readonly flopsLinear: number };

/** Largest n²·max(d, d_v) anyone may run (browser or server): about 0.3 s on the server's cpu backend. */
export const MAX_WORK = 2 ** 25;
/** Largest n²·max(d, d_v) that `verify` runs on real tensors; beyond it, a shape trace. */
const VERIFY_TENSOR_WORK = 2 ** 16;
/** Rows of the real run `verify` makes when the instance is larger. */
const VERIFY_ROWS = 16;

function parseParams(raw: unknown): Params {
  const o = read.readObject(raw, ['n', 'd', 'dv']);
  const n = read.readInt(o, 'n', 1, 1024);
  const d = read.readInt(o, 'd', 1, 128);
  const dv = read.readInt(o, 'dv', 1, 128);
  if (n * n * Math.max(d, dv) > MAX_WORK) throw new InvalidParamsError(`too large to run: n²·max(d, dv) must be at most 2^25, got ${n}²·${Math.max(d, dv)}`);
  return { n, d, dv };
}

function flops(p: Params): { quadratic: bigint; linear: bigint } {
  const [n, d, dv] = [BigInt(p.n), BigInt(p.d), BigInt(p.dv)];
  return { quadratic: 2n * n * n * d + 2n * n * n * dv, linear: 4n * n * d * dv };
}

function ratio(p: Params): Rational {
  return Rational.of(BigInt(p.n * (p.d + p.dv)), BigInt(2 * p.d * p.dv));
}

function solve(params: Params): Solution<Answer> {
  const r = ratio(params);
  const f = flops(params);
  return {
    answer: { value: r.toNumber(), exact: r.toString(), flopsQuadratic: Number(f.quadratic), flopsLinear: Number(f.linear) },
    expected: { kind: 'parts', parts: { value: { kind: 'number', value: Expression.from(r) } } },
  };
}

async function verify(params: Params, solution: Solution<Answer>): Promise<Verification> {
  // The graded parts must be the answer-object values checked below.
  const a = answerOf(solution);
  const graded = gradedMismatch(solution, { value: a.exact });
  if (graded) return gradedFailure(graded);
  const { n, d, dv } = params;
  const claimed = Rational.parse(solution.answer.exact);
  const tf = await tensor.loadTensorFlow();
  const small = n * n * Math.max(d, dv) <= VERIFY_TENSOR_WORK;
  // A real run of both orders: the whole instance when small, else its first rows.
  const run = tensorRuns.runLinearAttention(tf, small ? params : { n: VERIFY_ROWS, d, dv }, 0);
  let counted = { quadratic: BigInt(run.flopsQuadratic), linear: BigInt(run.flopsLinear) };
  let method = 'TensorFlow.js run of both orders (cpu), FLOPs from the shapes of the products';
  if (!small) {
    const quadratic = tensor.countFlops(tensor.shapeOps);
    quadratic.ops.matMul(quadratic.ops.matMul([n, d], [n, d], false, true), [n, dv]);
    const linear = tensor.countFlops(tensor.shapeOps);
    linear.ops.matMul([n, d], linear.ops.matMul([n, d], [n, dv], true, false));
    counted = { quadratic: quadratic.total(), linear: linear.total() };
    method = `shape trace of both orders, and a TensorFlow.js run (cpu) of the first ${VERIFY_ROWS} rows`;
  }
  if (!(run.maxAbsDiff <= 1e-5 * run.maxAbs)) return { ok: false, method, detail: `the two orders differ by ${run.maxAbsDiff}` };
  const measured = Rational.of(counted.quadratic, counted.linear);
  return claimed && measured.equals(claimed) ? { ok: true, method } : { ok: false, method, detail: `counted ratio ${measured.toString()}` };
}

/** (n, d, d_v) choices per level; every one within MAX_WORK. */
const CHOICES: Readonly<Record<Level, readonly Params[]>> = (() => {
  const easy: Params[] = [];
  for (let n = 48; n <= 256; n += 16) for (const d of [16, 32]) easy.push({ n, d, dv: d });
  const medium: Params[] = [];
  for (let n = 256; n <= 1024; n += 64) for (const d of [32, 64]) if (n * n * d <= MAX_WORK) medium.push({ n, d, dv: d });
  const hard: Params[] = [];
  for (let n = 128; n <= 512; n += 64) {
    for (const d of [32, 64, 128]) for (const dv of [16, 32, 64, 128]) if (dv !== d && n * n * Math.max(d, dv) <= MAX_WORK) hard.push({ n, d, dv });
  }
  return { easy, medium, hard };
})();

function generate(rng: Rng, level: Level): Params {
  return rng.pick(CHOICES[level]);
}

const PROMPT = template(
  'Without softmax, attention $(QK^{\\top})V$ equals $Q(K^{\\top}V)$ by associativity. Take seeded random {{shapes}} with $N(0,1)$ entries. The [practice page](/practice/linear-attention-run) computes both orders in your browser with TensorFlow.js, reports their largest entrywise difference and plots how the time of each grows with $n$; the server reruns the same seed.\n\nPredict first: counting matrix products only (one multiply–add = 2 FLOPs), how many times more FLOPs does $(QK^{\\top})V$ take than $Q(K^{\\top}V)$? Give the exact ratio (such as `8` or `25/2`).',
  '去掉 softmax 后，注意力 $(QK^{\\top})V$ 按结合律等于 $Q(K^{\\top}V)$。取随机张量 {{shapes}}（元素服从 $N(0,1)$，由种子生成）。[练习页](/practice/linear-attention-run)会在浏览器里用 TensorFlow.js 把两种顺序都算一遍，给出两者的最大逐元素差，并画出各自耗时随 $n$ 增长的曲线；服务器会用同一种子复算。\n\n先预测：只计矩阵乘法（一次乘加记 2 FLOPs），$(QK^{\\top})V$ 的 FLOPs 是 $Q(K^{\\top}V)$ 的多少倍？请给出精确值（如 `8` 或 `25/2`）。',
);

function prompt(params: Params, lang: 'en' | 'zh'): string {
  const { n, d, dv } = params;
  return fill(PROMPT, { shapes: `$Q, K \\in \\mathbb{R}^{${n}\\times ${d}}$, $V \\in \\mathbb{R}^{${n}\\times ${dv}}$` }, lang);
}

const STEPS = [
  template('An $(m\\times k)(k\\times p)$ product does $mkp$ multiply–adds, i.e. $2mkp$ FLOPs.', '一个 $(m\\times k)(k\\times p)$ 矩阵乘法有 $mkp$ 次乘加，即 $2mkp$ FLOPs。'),
  template(
    '$(QK^{\\top})V$: $2\\cdot {{n}}\\cdot {{d}}\\cdot {{n}} + 2\\cdot {{n}}\\cdot {{n}}\\cdot {{dv}} = 2n^{2}(d+d_v) = {{quadratic}}$ FLOPs (an $n\\times n$ matrix in between).',
    '$(QK^{\\top})V$: $2\\cdot {{n}}\\cdot {{d}}\\cdot {{n}} + 2\\cdot {{n}}\\cdot {{n}}\\cdot {{dv}} = 2n^{2}(d+d_v) = {{quadratic}}$ FLOPs（先得到 $n\\times n$ 的矩阵）.',
  ),
  template(
    '$Q(K^{\\top}V)$: $2\\cdot {{d}}\\cdot {{n}}\\cdot {{dv}} + 2\\cdot {{n}}\\cdot {{d}}\\cdot {{dv}} = 4n\\,d\\,d_v = {{linear}}$ FLOPs (only a $d\\times d_v$ matrix in between).',
    '$Q(K^{\\top}V)$: $2\\cdot {{d}}\\cdot {{n}}\\cdot {{dv}} + 2\\cdot {{n}}\\cdot {{d}}\\cdot {{dv}} = 4n\\,d\\,d_v = {{linear}}$ FLOPs（中间只有 $d\\times d_v$ 的矩阵）.',
  ),
  template(
    'Ratio: $\\dfrac{2n^{2}(d+d_v)}{4n\\,d\\,d_v} = \\dfrac{n(d+d_v)}{2d\\,d_v} = \\dfrac{{{n}}\\cdot {{dSum}}}{2\\cdot {{d}}\\cdot {{dv}}} = {{ratio}}${{squareNote}}.',
    '比值: $\\dfrac{2n^{2}(d+d_v)}{4n\\,d\\,d_v} = \\dfrac{n(d+d_v)}{2d\\,d_v} = \\dfrac{{{n}}\\cdot {{dSum}}}{2\\cdot {{d}}\\cdot {{dv}}} = {{ratio}}${{squareNote}}.',
  ),
  template(
    "So the quadratic order's time grows like $n^{2}$ and the linear one's like $n$; the quadratic order is cheaper only for $n < {{crossover}}$. The two results differ by float rounding only (about $10^{-7}$ relative in float32).",
    '所以二次顺序的耗时随 $n^{2}$ 增长，线性顺序随 $n$ 增长；只有当 $n < {{crossover}}$ 时二次顺序才更省。两种顺序的结果只差浮点舍入（float32 约 $10^{-7}$ 的相对误差）。',
  ),
];
const SQUARE_NOTE = template(', i.e. $n/d$', '，即 $n/d$');

function steps(params: Params, _solution: Solution<Answer>, lang: 'en' | 'zh'): string {
  const { n, d, dv } = params;
  const f = flops(params);
  const values = {
    n,
    d,
    dv,
    dSum: d + dv,
    quadratic: texInteger(f.quadratic),
    linear: texInteger(f.linear),
    ratio: ratio(params).toTex(),
    squareNote: d === dv ? SQUARE_NOTE : '',
    crossover: Rational.of(BigInt(2 * d * dv), BigInt(d + dv)).toTex(),
  };
  return fillSteps(STEPS, values, lang);
}

const note = defineNotes({
  'inverted-ratio': bi('That is the ratio the other way round: the quadratic order (QKᵀ)V is the expensive one.', '比值倒过来了：二次顺序 (QKᵀ)V 才是更贵的那个。'),
  'missing-product': bi('Each order has two matrix products; count both in each.', '每种顺序都有两个矩阵乘法；两个都要计入。'),
});

function diagnose(params: Params, solution: Solution<Answer>, given: GivenAnswer) {
  if (given.kind !== 'parts' || given.parts.value?.kind !== 'number') return undefined;
  const g = given.parts.value.approx;
  const { n, d, dv } = params;
  const value = solution.answer.value;
  const close = (x: number) => near(g, x, 1e-6) && !near(x, value, 1e-12);
  if (close(1 / value)) return note('inverted-ratio');
  const linear = 4 * n * d * dv;
  if ([(2 * n * n * d) / linear, (2 * n * n * dv) / linear, (2 * n * n * (d + dv)) / (2 * n * d * dv)].some(close)) return note('missing-product');
  return undefined;
}

export const linearAttentionRun = defineFamily<Params, Answer>({
  id: 'linear-attention-run',
  version: 1,
  article: 'linear-attention',
  title: bi('Linear attention, run both ways', '线性注意力：两种顺序实际跑一遍'),
  levels: ['easy', 'medium', 'hard'],
  parseParams,
  generate,
  prompt,
  answerSpec: () => ({
    parts: [{ name: 'value', kind: 'number', label: bi('FLOPs of (QKᵀ)V ÷ FLOPs of Q(KᵀV)', '(QKᵀ)V 与 Q(KᵀV) 的 FLOPs 之比') }],
    noneAllowed: false,
  }),
  solve,
  verify,
  steps,
  diagnose,
  tensorRun: defineTensorRun<Params, tensorRuns.LinearAttentionSetup>({ program: tensorRuns.linearAttentionProgram, setup: ({ n, d, dv }) => ({ n, d, dv }) }),
  examples: [
    { params: { n: 512, d: 64, dv: 64 }, answer: '8', correct: true },
    { params: { n: 512, d: 64, dv: 64 }, answer: '512/64', correct: true },
    { params: { n: 512, d: 64, dv: 64 }, answer: '8.0', correct: true },
    { params: { n: 512, d: 64, dv: 64 }, answer: '1/8', correct: false, note: 'inverted-ratio' },
    { params: { n: 512, d: 64, dv: 64 }, answer: '4', correct: false, note: 'missing-product' },
    { params: { n: 512, d: 64, dv: 64 }, answer: '16', correct: false, note: 'missing-product' },
    { params: { n: 512, d: 64, dv: 64 }, answer: '7', correct: false, note: 'incorrect' },
    { params: { n: 256, d: 32, dv: 64 }, answer: '6', correct: true, comment: 'n(d+dv)/(2·d·dv) = 256·96/4096' },
    { params: { n: 320, d: 64, dv: 16 }, answer: '25/2', correct: true },
    { params: { n: 320, d: 64, dv: 16 }, answer: '12.5', correct: true },
    { params: { n: 320, d: 64, dv: 16 }, answer: '20', correct: false, note: 'incorrect', comment: 'n/dv ignores d' },
  ],
});
