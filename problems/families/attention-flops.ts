/**
 * attention-flops — FLOPs of the matrix products of one attention head, Q, K ∈ ℝ^{n×d}, V ∈ ℝ^{n×d_v}.
 *   softmax: S = QKᵀ (2n²d), then softmax(S)·V (2n²d_v)          → 2n²(d + d_v)
 *   linear:  KᵀV (2n·d·d_v), then Q·(KᵀV) (2n·d·d_v)               → 4n·d·d_v
 * One multiply-add = 2 FLOPs; softmax, scaling and exponentials are not counted.
 *
 * Solve: the closed forms above, in bigint (exact beyond 2^53).
 * Verify (independent): run the variant's program on real tensors with TensorFlow.js (cpu backend)
 * when small, on a shape tracer when large, and count 2·m·k·n from the shapes of the products
 * that actually ran; for the linear variant the tensor run also checks (QKᵀ)V = Q(KᵀV).
 */
import {
  bi,
  defineFamily,
  defineNotes,
  EXACT_ONLY,
  Expression,
  fill,
  fillSteps,
  near,
  params as read,
  template,
  tensor,
  texInteger,
  type GivenAnswer,
  type Level,
  type Rng,
  type Solution,
  type Verification,
} from '../../engine';
import { answerOf, gradedFailure, gradedMismatch } from './graded';

type Variant = 'softmax' | 'linear';
type Params = { readonly n: number; readonly d: number; readonly dv: number; readonly variant: Variant };
type Answer = { readonly value: number; readonly exact: string };

const VARIANTS: readonly Variant[] = ['softmax', 'linear'];
/** Largest n²·max(d, d_v) run on real tensors in `verify`. */
const TENSOR_BUDGET = 1 << 20;

function products(p: Params): { first: bigint; second: bigint } {
  const n = BigInt(p.n);
  const d = BigInt(p.d);
  const dv = BigInt(p.dv);
  return p.variant === 'softmax' ? { first: 2n * n * n * d, second: 2n * n * n * dv } : { first: 2n * d * n * dv, second: 2n * n * d * dv };
}

function total(p: Params): bigint {
  const { first, second } = products(p);
  return first + second;
}

function solve(params: Params): Solution<Answer> {
  const flops = total(params);
  return {
    answer: { value: Number(flops), exact: flops.toString() },
    expected: { kind: 'parts', parts: { value: { kind: 'number', value: Expression.from(flops) } } },
  };
}

/** The variant's products, written once against any MatOps backend. */
function attention<T>(ops: tensor.MatOps<T>, q: T, k: T, v: T, variant: Variant, softmax: (s: T) => T): T {
  if (variant === 'softmax') return ops.matMul(softmax(ops.matMul(q, k, false, true)), v);
  return ops.matMul(q, ops.matMul(k, v, true, false));
}

async function verify(params: Params, solution: Solution<Answer>): Promise<Verification> {
  // The graded parts must be the answer-object values checked below.
  const a = answerOf(solution);
  const graded = gradedMismatch(solution, { value: a.exact });
  if (graded) return gradedFailure(graded);
  const { n, d, dv, variant } = params;
  const claimed = BigInt(solution.answer.exact);
  if (n * n * Math.max(d, dv) > TENSOR_BUDGET) {
    const counter = tensor.countFlops(tensor.shapeOps);
    const out = attention(counter.ops, [n, d], [n, d], [n, dv], variant, (s) => s);
    const method = 'shape trace of the products';
    if (out[0] !== n || out[1] !== dv) return { ok: false, method, detail: `output shape ${out.join('×')}` };
    return counter.total() === claimed ? { ok: true, method } : { ok: false, method, detail: `traced ${counter.total()}` };
  }
  const tf = await tensor.loadTensorFlow();
  const method = 'TensorFlow.js run (cpu), FLOPs from the shapes of the products';
  type Tensor2D = import('@tensorflow/tfjs').Tensor2D;
  let result = { counted: -1n, shape: [0, 0] as readonly number[], gap: 0 };
  tf.tidy(() => {
    const counter = tensor.countFlops(tensor.tfOps(tf));
    const q = tf.randomNormal([n, d], 0, 1, 'float32', 1) as Tensor2D;
    const k = tf.randomNormal([n, d], 0, 1, 'float32', 2) as Tensor2D;
    const v = tf.randomNormal([n, dv], 0, 1, 'float32', 3) as Tensor2D;
    const out = attention(counter.ops, q, k, v, variant, (s) => tf.softmax(s.div(Math.sqrt(d))) as Tensor2D);
    const counted = counter.total();
    let gap = 0;
    if (variant === 'linear') {
      const quadratic = tf.matMul(tf.matMul(q, k, false, true), v);
      const scale = tf.max(tf.abs(quadratic)).dataSync()[0] ?? 1;
      gap = (tf.max(tf.abs(quadratic.sub(out))).dataSync()[0] ?? 0) / Math.max(1, scale);
    }
    result = { counted, shape: out.shape, gap };
  });
  if (result.shape[0] !== n || result.shape[1] !== dv) return { ok: false, method, detail: `output shape ${result.shape.join('×')}` };
  if (result.gap > 1e-4) return { ok: false, method, detail: `(QKᵀ)V and Q(KᵀV) differ by ${result.gap}` };
  return result.counted === claimed ? { ok: true, method } : { ok: false, method, detail: `counted ${result.counted}` };
}

const SIZES: Readonly<Record<Level, { n: readonly number[]; d: readonly number[]; dv: readonly number[]; sameDv: number }>> = {
  easy: { n: [4, 8, 16, 32], d: [2, 4, 8], dv: [2, 4, 8], sameDv: 0.8 },
  medium: { n: [128, 256, 512, 1024, 2048], d: [32, 64, 128], dv: [32, 64, 128], sameDv: 0.6 },
  hard: { n: [1000, 3000, 4096, 8192, 16384, 100000], d: [64, 80, 96, 128], dv: [64, 128, 256], sameDv: 0.3 },
};

function generate(rng: Rng, level: Level): Params {
  const s = SIZES[level];
  const d = rng.pick(s.d);
  return { n: rng.pick(s.n), d, dv: rng.chance(s.sameDv) ? d : rng.pick(s.dv), variant: rng.pick(VARIANTS) };
}

const PROMPT = template(
  'One attention head with {{shapes}} is computed as {{how}}.\n\nCount the floating-point operations of the matrix products only, one multiply–add = 2 FLOPs (softmax, scaling and exponentials are not counted). How many FLOPs in total? Give the exact integer (forms like `2^28` or `3*2^20` are fine).',
  '单个注意力头，{{shapes}}。按{{how}}。\n\n只计矩阵乘法的浮点运算次数（FLOPs），一次乘加记 2 FLOPs；softmax、缩放和指数运算不计。总共需要多少 FLOPs？请给出精确整数（可写成 `2^28` 或 `3*2^20` 这样的形式）。',
);
const HOW = {
  softmax: bi('standard (softmax) attention: first $S = QK^{\\top}$, then $\\operatorname{softmax}(S)\\,V$', '标准（softmax）注意力：先算 $S = QK^{\\top}$，再算 $\\operatorname{softmax}(S)\\,V$'),
  linear: bi('linear attention (no softmax, using associativity): first $K^{\\top}V$, then $Q\\,(K^{\\top}V)$', '线性注意力（去掉 softmax，利用结合律）：先算 $K^{\\top}V$，再算 $Q\\,(K^{\\top}V)$'),
};

function prompt(params: Params, lang: 'en' | 'zh'): string {
  const { n, d, dv, variant } = params;
  return fill(PROMPT, { shapes: `$Q, K \\in \\mathbb{R}^{${n}\\times ${d}}$, $V \\in \\mathbb{R}^{${n}\\times ${dv}}$`, how: HOW[variant] }, lang);
}

const RULE = template(
  'An $(m\\times k)$ by $(k\\times p)$ product does $m\\,k\\,p$ multiply–adds, i.e. $2mkp$ FLOPs.',
  '一个 $(m\\times k)$ 乘 $(k\\times p)$ 的矩阵乘法有 $m\\,k\\,p$ 次乘加，即 $2mkp$ FLOPs。',
);
const STEPS = {
  softmax: [
    RULE,
    '$S = QK^{\\top}$: $({{n}}\\times {{d}})({{d}}\\times {{n}})$ → $2\\cdot {{n}}\\cdot {{d}}\\cdot {{n}} = {{first}}$ FLOPs.',
    template(
      'Softmax is not counted; $\\operatorname{softmax}(S)V$: $({{n}}\\times {{n}})({{n}}\\times {{dv}})$ → $2\\cdot {{n}}\\cdot {{n}}\\cdot {{dv}} = {{second}}$ FLOPs.',
      'softmax 不计；$\\operatorname{softmax}(S)V$: $({{n}}\\times {{n}})({{n}}\\times {{dv}})$ → $2\\cdot {{n}}\\cdot {{n}}\\cdot {{dv}} = {{second}}$ FLOPs。',
    ),
    template('Total: $2n^{2}(d + d_v) = {{first}} + {{second}} = {{total}}$.', '合计: $2n^{2}(d + d_v) = {{first}} + {{second}} = {{total}}$.'),
  ],
  linear: [
    RULE,
    '$K^{\\top}V$: $({{d}}\\times {{n}})({{n}}\\times {{dv}})$ → $2\\cdot {{d}}\\cdot {{n}}\\cdot {{dv}} = {{first}}$ FLOPs.',
    '$Q\\,(K^{\\top}V)$: $({{n}}\\times {{d}})({{d}}\\times {{dv}})$ → $2\\cdot {{n}}\\cdot {{d}}\\cdot {{dv}} = {{second}}$ FLOPs.',
    template('Total: $4n\\,d\\,d_v = {{total}}$ — linear in $n$.', '合计: $4n\\,d\\,d_v = {{total}}$——关于 $n$ 是线性的。'),
  ],
};

function steps(params: Params, solution: Solution<Answer>, lang: 'en' | 'zh'): string {
  const { n, d, dv, variant } = params;
  const { first, second } = products(params);
  const values = { n, d, dv, first: texInteger(first), second: texInteger(second), total: texInteger(BigInt(solution.answer.exact)) };
  return fillSteps(STEPS[variant], values, lang);
}

const note = defineNotes({
  'counted-macs-not-flops': bi(
    'That counts each multiply–add once. One multiply–add is 2 FLOPs (or: only one of the two products was counted).',
    '这把每次乘加只算了一次。一次乘加是 2 FLOPs（或者只算了两个矩阵乘法中的一个）。',
  ),
  'other-variant': bi('That is the count for the other order of the products; follow the order given.', '这是另一种计算顺序的次数；请按题目给出的顺序计算。'),
  'missing-product': bi('Only one of the two matrix products is counted; add the other.', '只计算了两个矩阵乘法中的一个；把另一个也加上。'),
});

function diagnose(params: Params, solution: Solution<Answer>, given: GivenAnswer) {
  if (given.kind !== 'parts' || given.parts.value?.kind !== 'number') return undefined;
  const g = given.parts.value.approx;
  const value = solution.answer.value;
  const { first, second } = products(params);
  const other = total({ ...params, variant: params.variant === 'softmax' ? 'linear' : 'softmax' });
  const close = (x: bigint | number) => near(g, Number(x), 1e-6) && !near(Number(x), value, 1e-12);
  if (close(value / 2)) return note('counted-macs-not-flops');
  if (close(other)) return note('other-variant');
  if (close(first) || close(second)) return note('missing-product');
  return undefined;
}

export const attentionFlops = defineFamily<Params, Answer>({
  id: 'attention-flops',
  version: 1,
  article: 'linear-attention',
  title: bi('FLOPs of softmax and linear attention', 'softmax 注意力与线性注意力的计算量'),
  levels: ['easy', 'medium', 'hard'],
  parseParams(raw) {
    const o = read.readObject(raw, ['n', 'd', 'dv', 'variant']);
    return {
      n: read.readInt(o, 'n', 1, 10_000_000),
      d: read.readInt(o, 'd', 1, 1_000_000),
      dv: read.readInt(o, 'dv', 1, 1_000_000),
      variant: read.readEnum(o, 'variant', VARIANTS),
    };
  },
  generate,
  prompt,
  answerSpec: () => ({
    parts: [{ name: 'value', kind: 'number', label: bi('FLOPs', 'FLOPs（浮点运算次数）'), tolerance: EXACT_ONLY }],
    noneAllowed: false,
  }),
  solve,
  verify,
  steps,
  diagnose,
  examples: [
    { params: { n: 4, d: 2, dv: 2, variant: 'softmax' }, answer: '128', correct: true },
    { params: { n: 4, d: 2, dv: 2, variant: 'linear' }, answer: '64', correct: true },
    { params: { n: 1024, d: 64, dv: 64, variant: 'softmax' }, answer: '268435456', correct: true },
    { params: { n: 1024, d: 64, dv: 64, variant: 'softmax' }, answer: '2^28', correct: true },
    { params: { n: 1024, d: 64, dv: 64, variant: 'softmax' }, answer: '2.68435456e8', correct: true },
    { params: { n: 1024, d: 64, dv: 64, variant: 'softmax' }, answer: '134217728', correct: false, note: 'counted-macs-not-flops' },
    { params: { n: 1024, d: 64, dv: 64, variant: 'softmax' }, answer: '16777216', correct: false, note: 'other-variant' },
    { params: { n: 1024, d: 64, dv: 64, variant: 'softmax' }, answer: '2.684e8', correct: false, note: 'imprecise', comment: 'FLOP counts are exact integers' },
    { params: { n: 1024, d: 64, dv: 64, variant: 'linear' }, answer: '16777216', correct: true },
    { params: { n: 1024, d: 64, dv: 64, variant: 'linear' }, answer: '268435456', correct: false, note: 'other-variant' },
    { params: { n: 1000, d: 64, dv: 128, variant: 'softmax' }, answer: '384000000', correct: true },
    { params: { n: 1000, d: 64, dv: 128, variant: 'softmax' }, answer: '128000000', correct: false, note: 'missing-product' },
    { params: { n: 10_000_000, d: 1_000_000, dv: 1_000_000, variant: 'softmax' }, answer: '4*10^20', correct: true, comment: 'beyond 2^53: compared exactly' },
  ],
});
