/**
 * gau-params — parameters of a gated attention unit (GAU, "Transformer Quality in Linear Time")
 * against a standard Transformer layer (multi-head attention + feed-forward), and the cost of
 * chunked quadratic attention inside a GAU.
 *
 * GAU of width d, expansion e and shared attention width s:
 *   U = φ(XW_u), V = φ(XW_v)        W_u, W_v ∈ ℝ^{d×e}
 *   Z = φ(XW_z)                      W_z ∈ ℝ^{d×s}
 *   Q = γ_q⊙Z + β_q, K = γ_k⊙Z + β_k γ, β ∈ ℝ^s (4s numbers, always counted)
 *   O = (U ⊙ ÂV)W_o                  W_o ∈ ℝ^{e×d}
 *   → 3de + ds + 4s, plus 2e + s + d with biases on the four dense layers.
 * MHA + FFN: W_Q, W_K, W_V, W_O ∈ ℝ^{d×d}, W_1 ∈ ℝ^{d×d_ff}, W_2 ∈ ℝ^{d_ff×d}
 *   → 4d² + 2d·d_ff, plus 4d + d_ff + d with biases. Normalisation and positional parameters are
 *   never counted. With e = 2d, d_ff = 4d: 6d² + ds + 4s against 12d², so two GAUs ≈ one pair.
 * Chunked attention (chunks of C rows, n divisible by C): per chunk (C×s)(s×C) for the scores and
 *   (C×C)(C×e) for ÂV: 2nC(s + e) FLOPs in all, against 2n²(s + e) unchunked (2 FLOPs per multiply-add).
 *
 * Solve: the closed forms above, in bigint. Verify (independent): the list of every weight and
 * bias tensor with its shape, summing element counts; chunk costs by tracing every chunk's
 * products with `tensor.countFlops(tensor.shapeOps)`.
 */
import {
  bi,
  defineFamily,
  defineNotes,
  EXACT_ONLY,
  Expression,
  fill,
  fillSteps,
  InvalidParamsError,
  near,
  params as read,
  Rational,
  template,
  tensor,
  texInteger,
  texNumber,
  type GivenAnswer,
  type Level,
  type Rng,
  type Solution,
  type StepLine,
  type TextValue,
  type Verification,
} from '../../engine';
import { answerOf, gradedFailure, gradedMismatch, sub } from './graded';

type GauParams = { readonly ask: 'gau'; readonly d: number; readonly e: number; readonly s: number; readonly biases: boolean };
type TransformerParams = { readonly ask: 'transformer'; readonly d: number; readonly dff: number; readonly biases: boolean };
type RatioParams = { readonly ask: 'ratio'; readonly d: number; readonly e: number; readonly s: number; readonly dff: number; readonly biases: boolean };
type ChunkParams = { readonly ask: 'chunk'; readonly e: number; readonly s: number; readonly n: number; readonly chunk: number };
type Params = GauParams | TransformerParams | RatioParams | ChunkParams;
type Ask = Params['ask'];

type Answer =
  | { readonly value: number; readonly exact: string }
  | { readonly chunked: number; readonly full: number; readonly exact: { readonly chunked: string; readonly full: string } };

const ASKS: readonly Ask[] = ['gau', 'transformer', 'ratio', 'chunk'];
const MAX_WIDTH = 1_000_000;
const MAX_N = 1 << 20;
const MAX_CHUNKS = 1 << 16;

// ---------- closed forms ----------

interface GauCount {
  readonly uv: bigint;
  readonly z: bigint;
  readonly scaleOffset: bigint;
  readonly out: bigint;
  readonly bias: bigint;
  readonly total: bigint;
}

function gauCount(p: { d: number; e: number; s: number; biases: boolean }): GauCount {
  const [d, e, s] = [BigInt(p.d), BigInt(p.e), BigInt(p.s)];
  const uv = 2n * d * e;
  const z = d * s;
  const scaleOffset = 4n * s;
  const out = e * d;
  const bias = p.biases ? 2n * e + s + d : 0n;
  return { uv, z, scaleOffset, out, bias, total: uv + z + scaleOffset + out + bias };
}

interface TransformerCount {
  readonly attention: bigint;
  readonly ffn: bigint;
  readonly attentionBias: bigint;
  readonly ffnBias: bigint;
  readonly total: bigint;
}

function transformerCount(p: { d: number; dff: number; biases: boolean }): TransformerCount {
  const [d, f] = [BigInt(p.d), BigInt(p.dff)];
  const attention = 4n * d * d;
  const ffn = 2n * d * f;
  const attentionBias = p.biases ? 4n * d : 0n;
  const ffnBias = p.biases ? f + d : 0n;
  return { attention, ffn, attentionBias, ffnBias, total: attention + ffn + attentionBias + ffnBias };
}

function chunkCost(p: ChunkParams): { chunked: bigint; full: bigint } {
  const [n, c, s, e] = [BigInt(p.n), BigInt(p.chunk), BigInt(p.s), BigInt(p.e)];
  return { chunked: 2n * n * c * (s + e), full: 2n * n * n * (s + e) };
}

const ratioOf = (p: RatioParams): Rational => Rational.of(transformerCount(p).total, gauCount(p).total);

const solve = (params: Params): Solution<Answer> => {
  const single = (value: bigint | Rational): Solution<Answer> => {
    const q = Rational.from(value);
    return {
      answer: { value: q.toNumber(), exact: q.toString() },
      expected: { kind: 'parts', parts: { value: { kind: 'number', value: Expression.from(q) } } },
    };
  };
  switch (params.ask) {
    case 'gau':
      return single(gauCount(params).total);
    case 'transformer':
      return single(transformerCount(params).total);
    case 'ratio':
      return single(ratioOf(params));
    case 'chunk': {
      const { chunked, full } = chunkCost(params);
      return {
        answer: { chunked: Number(chunked), full: Number(full), exact: { chunked: chunked.toString(), full: full.toString() } },
        expected: {
          kind: 'parts',
          parts: { chunked: { kind: 'number', value: Expression.from(chunked) }, full: { kind: 'number', value: Expression.from(full) } },
        },
      };
    }
  }
};

// ---------- verification: weight inventories and traced products ----------

type Tensor = { readonly name: string; readonly shape: readonly number[] };

function gauTensors(p: { d: number; e: number; s: number; biases: boolean }): Tensor[] {
  const list: Tensor[] = [
    { name: 'W_u', shape: [p.d, p.e] },
    { name: 'W_v', shape: [p.d, p.e] },
    { name: 'W_z', shape: [p.d, p.s] },
    { name: 'gamma_q', shape: [p.s] },
    { name: 'beta_q', shape: [p.s] },
    { name: 'gamma_k', shape: [p.s] },
    { name: 'beta_k', shape: [p.s] },
    { name: 'W_o', shape: [p.e, p.d] },
  ];
  if (p.biases) list.push({ name: 'b_u', shape: [p.e] }, { name: 'b_v', shape: [p.e] }, { name: 'b_z', shape: [p.s] }, { name: 'b_o', shape: [p.d] });
  return list;
}

function transformerTensors(p: { d: number; dff: number; biases: boolean }): Tensor[] {
  const list: Tensor[] = ['W_Q', 'W_K', 'W_V', 'W_O'].map((name) => ({ name, shape: [p.d, p.d] }));
  list.push({ name: 'W_1', shape: [p.d, p.dff] }, { name: 'W_2', shape: [p.dff, p.d] });
  if (p.biases) {
    list.push(...['b_Q', 'b_K', 'b_V', 'b_O'].map((name) => ({ name, shape: [p.d] })));
    list.push({ name: 'b_1', shape: [p.dff] }, { name: 'b_2', shape: [p.d] });
  }
  return list;
}

const elements = (list: readonly Tensor[]): bigint => list.reduce((sum, t) => sum + t.shape.reduce((n, k) => n * BigInt(k), 1n), 0n);

function tracedChunkCost(p: ChunkParams): { chunked: bigint; full: bigint } {
  const chunked = tensor.countFlops(tensor.shapeOps);
  for (let start = 0; start < p.n; start += p.chunk) {
    const q: tensor.Shape2 = [p.chunk, p.s];
    const k: tensor.Shape2 = [p.chunk, p.s];
    const v: tensor.Shape2 = [p.chunk, p.e];
    chunked.ops.matMul(chunked.ops.matMul(q, k, false, true), v);
  }
  const full = tensor.countFlops(tensor.shapeOps);
  full.ops.matMul(full.ops.matMul([p.n, p.s], [p.n, p.s], false, true), [p.n, p.e]);
  return { chunked: chunked.total(), full: full.total() };
}

function verify(params: Params, solution: Solution<Answer>): Verification {
  // The graded parts must be the answer-object values checked below.
  const a = answerOf(solution);
  const graded = gradedMismatch(solution, params.ask === 'chunk' ? { chunked: sub(a, 'exact').chunked, full: sub(a, 'exact').full } : { value: a.exact });
  if (graded) return gradedFailure(graded);
  const answer = solution.answer;
  if (params.ask === 'chunk') {
    const method = 'FLOPs traced chunk by chunk from the product shapes';
    const traced = tracedChunkCost(params);
    if (!('chunked' in answer)) return { ok: false, method, detail: 'no chunk answer' };
    return answer.exact.chunked === traced.chunked.toString() && answer.exact.full === traced.full.toString()
      ? { ok: true, method }
      : { ok: false, method, detail: `traced ${traced.chunked} / ${traced.full}` };
  }
  const method = 'sum of element counts over the list of weight and bias tensors';
  if (!('value' in answer)) return { ok: false, method, detail: 'no value' };
  let counted: Rational;
  if (params.ask === 'gau') counted = Rational.from(elements(gauTensors(params)));
  else if (params.ask === 'transformer') counted = Rational.from(elements(transformerTensors(params)));
  else counted = Rational.of(elements(transformerTensors(params)), elements(gauTensors(params)));
  return counted.toString() === answer.exact ? { ok: true, method } : { ok: false, method, detail: `inventory gives ${counted.toString()}` };
}

// ---------- generation ----------

const WIDTHS: Readonly<Record<Level, readonly number[]>> = {
  easy: Array.from({ length: 21 }, (_, i) => 256 + 64 * i),
  medium: [512, 768, 1024, 1280, 1536, 2048, 2560],
  hard: [512, 768, 1024, 1536, 2048, 3072, 4096],
};

function generate(rng: Rng, level: Level): Params {
  const d = rng.pick(WIDTHS[level]);
  if (level === 'easy') {
    return rng.chance(0.5) ? { ask: 'gau', d, e: 2 * d, s: 128, biases: false } : { ask: 'transformer', d, dff: 4 * d, biases: false };
  }
  if (level === 'medium') {
    const biases = rng.chance(0.75);
    if (rng.chance(0.5)) return { ask: 'gau', d, e: rng.pick([2 * d, 2 * d, (3 * d) / 2, 3 * d]), s: rng.pick([64, 128, 128, 256]), biases };
    return { ask: 'transformer', d, dff: rng.pick([4 * d, 4 * d, 3 * d, 2 * d]), biases };
  }
  if (rng.chance(0.5)) return { ask: 'ratio', d, e: 2 * d, s: 128, dff: 4 * d, biases: rng.chance(0.5) };
  const e = rng.pick([1024, 1536, 2048, 3072]);
  const chunk = rng.pick([128, 256, 512]);
  return { ask: 'chunk', e, s: rng.pick([64, 128]), n: chunk * rng.pick([4, 8, 16, 24, 32, 64]), chunk };
}

// ---------- text ----------

const GAU = template(
  'A gated attention unit (GAU, from "Transformer Quality in Linear Time") with $d = {{d}}$, $e = {{e}}$, $s = {{s}}$: $U = \\phi(XW_u)$ and $V = \\phi(XW_v)$ with $W_u, W_v \\in \\mathbb{R}^{d\\times e}$; a shared $Z = \\phi(XW_z)$ with $W_z \\in \\mathbb{R}^{d\\times s}$, turned into $Q = \\gamma_q \\odot Z + \\beta_q$ and $K = \\gamma_k \\odot Z + \\beta_k$ by per-dimension scales and offsets $\\gamma_q, \\beta_q, \\gamma_k, \\beta_k \\in \\mathbb{R}^{s}$; output $O = (U \\odot \\hat{A}V)\\,W_o$ with $W_o \\in \\mathbb{R}^{e\\times d}$. {{gauBias}}.',
  '门控注意力单元（GAU，出自《Transformer Quality in Linear Time》），$d = {{d}}$，$e = {{e}}$，$s = {{s}}$：$U = \\phi(XW_u)$、$V = \\phi(XW_v)$，$W_u, W_v \\in \\mathbb{R}^{d\\times e}$；共享的 $Z = \\phi(XW_z)$，$W_z \\in \\mathbb{R}^{d\\times s}$，再由逐维缩放和平移得到 $Q = \\gamma_q \\odot Z + \\beta_q$、$K = \\gamma_k \\odot Z + \\beta_k$（$\\gamma_q, \\beta_q, \\gamma_k, \\beta_k \\in \\mathbb{R}^{s}$）；输出 $O = (U \\odot \\hat{A}V)\\,W_o$，$W_o \\in \\mathbb{R}^{e\\times d}$。{{gauBias}}。',
);
const GAU_BIAS = {
  with: bi('The four dense layers ($W_u, W_v, W_z, W_o$) **each have a bias vector**', '四个全连接层（$W_u, W_v, W_z, W_o$）**各带一个偏置向量**'),
  without: bi('The four dense layers ($W_u, W_v, W_z, W_o$) have **no biases**', '四个全连接层（$W_u, W_v, W_z, W_o$）**都不带偏置**'),
};
const TRANSFORMER = template(
  'A standard Transformer layer of width $d = {{d}}$: multi-head attention with $W_Q, W_K, W_V, W_O \\in \\mathbb{R}^{d\\times d}$ (the heads split these matrices, so the number of heads does not matter) and a feed-forward network with $W_1 \\in \\mathbb{R}^{d\\times d_{\\text{ff}}}$, $W_2 \\in \\mathbb{R}^{d_{\\text{ff}}\\times d}$, $d_{\\text{ff}} = {{dff}}$; {{transformerBias}}.',
  '标准 Transformer 层，宽度 $d = {{d}}$：多头注意力的 $W_Q, W_K, W_V, W_O \\in \\mathbb{R}^{d\\times d}$（各头分割这些矩阵，所以头数不影响参数量），前馈网络 $W_1 \\in \\mathbb{R}^{d\\times d_{\\text{ff}}}$、$W_2 \\in \\mathbb{R}^{d_{\\text{ff}}\\times d}$，$d_{\\text{ff}} = {{dff}}$；{{transformerBias}}。',
);
const TRANSFORMER_BIAS = {
  with: bi('each of these six matrices **has a bias vector**', '这六个矩阵**各带一个偏置向量**'),
  without: bi('none of these six matrices has a bias', '这六个矩阵**都不带偏置**'),
};
const NOT_COUNTED = bi('Normalisation layers and positional parameters are not counted.', '归一化层和位置编码的参数不计。');
const EXACTLY = bi('Give the exact integer (an arithmetic expression with `*` and `^` is fine).', '请给出精确整数（也可以写成用 `*`、`^` 的整数算式）。');

const PROMPTS = {
  gau: template('{{gau}} {{notCounted}}\n\nHow many parameters does one GAU layer have?\n\n{{exactly}}', '{{gau}}{{notCounted}}\n\n一个 GAU 层共有多少个参数？\n\n{{exactly}}'),
  transformer: template(
    '{{transformer}} {{notCounted}}\n\nHow many parameters does this layer (attention + feed-forward) have?\n\n{{exactly}}',
    '{{transformer}}{{notCounted}}\n\n这一层（多头注意力 + 前馈网络）共有多少个参数？\n\n{{exactly}}',
  ),
  ratio: template(
    'Compare two layers, both of width $d = {{d}}$.\n\n- {{gau}}\n- {{transformer}}\n\n{{notCounted}}\n\nHow many GAU layers have as many parameters as one attention + feed-forward layer? Give the ratio $P_{\\text{MHA+FFN}}/P_{\\text{GAU}}$ as an exact fraction or a decimal with at least 4 significant digits.',
    '比较两种层（宽度都是 $d = {{d}}$）。\n\n- {{gau}}\n- {{transformer}}\n\n{{notCounted}}\n\n多少个 GAU 层的参数量与一个“多头注意力 + 前馈网络”层相同？请给出比值 $P_{\\text{MHA+FFN}}/P_{\\text{GAU}}$，写成精确分数或至少 4 位有效数字的小数。',
  ),
  chunk: template(
    'In a GAU, $Q, K \\in \\mathbb{R}^{n\\times s}$ and $V \\in \\mathbb{R}^{n\\times e}$ with $n = {{n}}$, $s = {{s}}$, $e = {{e}}$. Quadratic attention computes the score matrix $QK^{\\top}$ and multiplies it by $V$. FLASH splits the sequence into non-overlapping chunks of $C = {{chunk}}$ rows and runs quadratic attention inside each chunk only: per chunk $Q_cK_c^{\\top}$ ($C\\times C$) and then $\\hat{A}_cV_c$.\n\nCount matrix products only, one multiply–add = 2 FLOPs (activations, scaling and elementwise work are not counted). Find\n\n(1) `chunked`: the FLOPs of the chunked quadratic attention over all chunks;\n\n(2) `full`: the FLOPs of quadratic attention over the whole length $n$, without chunks.\n\nGive exact integers.',
    '在 GAU 中，$Q, K \\in \\mathbb{R}^{n\\times s}$，$V \\in \\mathbb{R}^{n\\times e}$，其中 $n = {{n}}$，$s = {{s}}$，$e = {{e}}$。二次注意力先算分数矩阵 $QK^{\\top}$，再乘以 $V$。FLASH 把序列切成长度 $C = {{chunk}}$ 的不重叠块，只在每个块内部做二次注意力：每块计算 $Q_cK_c^{\\top}$（$C\\times C$）和 $\\hat{A}_cV_c$。\n\n只计矩阵乘法，一次乘加记 2 FLOPs（激活函数、缩放、逐元素运算不计）。求：\n\n(1) `chunked`：分块后全部块的二次注意力 FLOPs；\n\n(2) `full`：不分块、在整个长度 $n$ 上做二次注意力的 FLOPs。\n\n请给出精确整数。',
  ),
};

/** The values both layer descriptions are filled from (the parts a params object has). */
function layerValues(params: Params): Record<string, TextValue> {
  const o = params as Partial<{ d: number; e: number; s: number; dff: number; biases: boolean; n: number; chunk: number }>;
  return {
    gau: GAU,
    transformer: TRANSFORMER,
    d: o.d ?? '',
    e: o.e ?? '',
    s: o.s ?? '',
    dff: o.dff ?? '',
    n: o.n ?? '',
    chunk: o.chunk ?? '',
    gauBias: o.biases ? GAU_BIAS.with : GAU_BIAS.without,
    transformerBias: o.biases ? TRANSFORMER_BIAS.with : TRANSFORMER_BIAS.without,
    notCounted: NOT_COUNTED,
    exactly: EXACTLY,
  };
}

function prompt(params: Params, lang: 'en' | 'zh'): string {
  return fill(PROMPTS[params.ask], layerValues(params), lang);
}

const GAU_STEPS = {
  weights: template(
    '$W_u, W_v$: $2\\cdot {{d}}\\cdot {{e}} = {{uv}}$; $W_z$: ${{d}}\\cdot {{s}} = {{z}}$; $\\gamma_q, \\beta_q, \\gamma_k, \\beta_k$: $4\\cdot {{s}} = {{scaleOffset}}$; $W_o$: ${{e}}\\cdot {{d}} = {{out}}$.',
    '$W_u, W_v$：$2\\cdot {{d}}\\cdot {{e}} = {{uv}}$；$W_z$：${{d}}\\cdot {{s}} = {{z}}$；$\\gamma_q, \\beta_q, \\gamma_k, \\beta_k$：$4\\cdot {{s}} = {{scaleOffset}}$；$W_o$：${{e}}\\cdot {{d}} = {{out}}$。',
  ),
  biases: template(
    'Biases: $b_u, b_v$ have ${{e}}$ each, $b_z$ has ${{s}}$, $b_o$ has ${{d}}$: ${{gauBiasCount}}$ in all.',
    '偏置：$b_u, b_v$ 各 ${{e}}$，$b_z$ 为 ${{s}}$，$b_o$ 为 ${{d}}$，共 ${{gauBiasCount}}$。',
  ),
  total: '$$P_{\\text{GAU}} = 3de + ds + 4s{{biasTerm}} = {{gauTerms}} = {{gauTotal}}.$$',
};

function gauValues(p: { d: number; e: number; s: number; biases: boolean }): Record<string, string> {
  const c = gauCount(p);
  return {
    uv: texInteger(c.uv),
    z: texInteger(c.z),
    scaleOffset: texInteger(c.scaleOffset),
    out: texInteger(c.out),
    gauBiasCount: texInteger(c.bias),
    biasTerm: p.biases ? ' + (2e + s + d)' : '',
    gauTerms: [c.uv, c.z, c.scaleOffset, c.out, ...(p.biases ? [c.bias] : [])].map(texInteger).join(' + '),
    gauTotal: texInteger(c.total),
  };
}
const gauSteps = (p: { biases: boolean }): StepLine[] => [GAU_STEPS.weights, p.biases && GAU_STEPS.biases, GAU_STEPS.total];

const TRANSFORMER_STEPS = [
  template('Attention: $4d^{2} = 4\\cdot {{d}}^{2} = {{attention}}${{attentionBias}}.', '注意力：$4d^{2} = 4\\cdot {{d}}^{2} = {{attention}}${{attentionBias}}。'),
  template(
    'Feed-forward: $2d\\,d_{\\text{ff}} = 2\\cdot {{d}}\\cdot {{dff}} = {{ffn}}${{ffnBias}}.',
    '前馈网络：$2d\\,d_{\\text{ff}} = 2\\cdot {{d}}\\cdot {{dff}} = {{ffn}}${{ffnBias}}。',
  ),
  '$$P_{\\text{MHA+FFN}} = {{transformerTerms}} = {{transformerTotal}}.$$',
];
const ATTENTION_BIAS = template(', biases $4d = {{attentionBiasCount}}$', '，偏置 $4d = {{attentionBiasCount}}$');
const FFN_BIAS = template(', biases $d_{\\text{ff}} + d = {{ffnBiasCount}}$', '，偏置 $d_{\\text{ff}} + d = {{ffnBiasCount}}$');

function transformerValues(p: { d: number; dff: number; biases: boolean }): Record<string, TextValue> {
  const c = transformerCount(p);
  return {
    attention: texInteger(c.attention),
    attentionBias: p.biases ? ATTENTION_BIAS : '',
    attentionBiasCount: texInteger(c.attentionBias),
    ffn: texInteger(c.ffn),
    ffnBias: p.biases ? FFN_BIAS : '',
    ffnBiasCount: texInteger(c.ffnBias),
    transformerTerms: [c.attention, ...(p.biases ? [c.attentionBias] : []), c.ffn, ...(p.biases ? [c.ffnBias] : [])].map(texInteger).join(' + '),
    transformerTotal: texInteger(c.total),
  };
}

/** The ratio, with its rounded reading (and the paper's rule of thumb when it applies). */
const RATIO_STEP = template(
  '$$\\frac{P_{\\text{MHA+FFN}}}{P_{\\text{GAU}}} = \\frac{{{transformerTotal}}}{{{gauTotal}}} = {{ratio}} \\approx {{ratioApprox}}.$$ About {{k}} GAU {{layersMatch}} one attention + feed-forward layer{{paper}}.',
  '$$\\frac{P_{\\text{MHA+FFN}}}{P_{\\text{GAU}}} = \\frac{{{transformerTotal}}}{{{gauTotal}}} = {{ratio}} \\approx {{ratioApprox}}.$$ 大约 {{k}} 个 GAU 层{{layersMatch}}的参数抵得上一个“注意力 + 前馈”层{{paper}}。',
);
const PAPER = bi(' (the paper replaces each MHA + FFN pair by two GAUs)', '（论文正是用两个 GAU 替换一对 MHA + FFN）');

const CHUNK_STEPS = [
  template(
    'There are $n/C = {{n}}/{{chunk}} = {{count}}$ chunks. Per chunk: $(C\\times s)(s\\times C)$ costs $2C^{2}s$ and $(C\\times C)(C\\times e)$ costs $2C^{2}e$, together $2C^{2}(s + e) = 2\\cdot {{chunk}}^{2}\\cdot {{se}} = {{perChunk}}$ FLOPs.',
    '共 $n/C = {{n}}/{{chunk}} = {{count}}$ 块。每块：$(C\\times s)(s\\times C)$ 需 $2C^{2}s$，$(C\\times C)(C\\times e)$ 需 $2C^{2}e$，合计 $2C^{2}(s + e) = 2\\cdot {{chunk}}^{2}\\cdot {{se}} = {{perChunk}}$ FLOPs。',
  ),
  template('Chunked: ${{count}}\\cdot {{perChunk}} = 2nC(s + e) = {{chunked}}$ FLOPs — linear in $n$.', '分块：${{count}}\\cdot {{perChunk}} = 2nC(s + e) = {{chunked}}$ FLOPs，关于 $n$ 线性。'),
  template(
    'Unchunked: $(n\\times s)(s\\times n)$ and $(n\\times n)(n\\times e)$, $2n^{2}(s + e) = 2\\cdot {{n}}^{2}\\cdot {{se}} = {{full}}$ FLOPs, $n/C = {{count}}$ times the chunked cost.',
    '不分块：$(n\\times s)(s\\times n)$ 与 $(n\\times n)(n\\times e)$，$2n^{2}(s + e) = 2\\cdot {{n}}^{2}\\cdot {{se}} = {{full}}$ FLOPs，是分块的 $n/C = {{count}}$ 倍。',
  ),
];

function steps(params: Params, _solution: Solution<Answer>, lang: 'en' | 'zh'): string {
  const values = layerValues(params);
  switch (params.ask) {
    case 'gau':
      return fillSteps(gauSteps(params), { ...values, ...gauValues(params) }, lang);
    case 'transformer':
      return fillSteps(TRANSFORMER_STEPS, { ...values, ...transformerValues(params) }, lang);
    case 'ratio': {
      const r = ratioOf(params);
      const k = Math.max(1, Math.round(r.toNumber()));
      const ratioValues = {
        ratio: r.toTex(),
        ratioApprox: texNumber(r.toNumber(), 6),
        k,
        layersMatch: k === 1 ? bi('layer matches', '') : bi('layers match', ''),
        paper: k === 2 ? PAPER : '',
      };
      return fillSteps([...gauSteps(params), ...TRANSFORMER_STEPS, RATIO_STEP], { ...values, ...gauValues(params), ...transformerValues(params), ...ratioValues }, lang);
    }
    case 'chunk': {
      const { e, s, n, chunk } = params;
      const { chunked, full } = chunkCost(params);
      const chunkValues = {
        count: n / chunk,
        se: s + e,
        perChunk: texInteger(2n * BigInt(chunk) * BigInt(chunk) * BigInt(s + e)),
        chunked: texInteger(chunked),
        full: texInteger(full),
      };
      return fillSteps(CHUNK_STEPS, { ...values, ...chunkValues }, lang);
    }
  }
}

// ---------- diagnosis ----------

const note = defineNotes({
  'bias-convention': bi('Check the bias convention stated in the question: the count should include biases only if the layers have them.', '请检查题目给出的偏置约定：只有各层带偏置时才计入偏置。'),
  'missing-projection': bi(
    'One d×e matrix is missing: a GAU has three of them, the expansions W_u and W_v and the output projection W_o (e×d).',
    '少了一个 d×e 的矩阵：GAU 有三个——扩展投影 W_u、W_v 和输出投影 W_o（e×d）。',
  ),
  'missing-scale-offset': bi('Q and K come from Z through per-dimension scales and offsets: 4s more parameters.', 'Q 和 K 由 Z 经逐维缩放和平移得到：还有 4s 个参数。'),
  'attention-only': bi('That counts only the attention block; the layer also has the feed-forward network (2·d·d_ff).', '这只算了注意力部分；这一层还有前馈网络（2·d·d_ff）。'),
  'one-ffn-matrix': bi('The feed-forward network has two matrices, d×d_ff and d_ff×d.', '前馈网络有两个矩阵：d×d_ff 和 d_ff×d。'),
  'ratio-inverted': bi('That is P_GAU / P_(MHA+FFN); the question asks how many GAUs match one pair, P_(MHA+FFN) / P_GAU.', '这是 P_GAU / P_(MHA+FFN)；题目问多少个 GAU 抵一层，即 P_(MHA+FFN) / P_GAU。'),
  'rounded-ratio': bi('About 2 is the paper’s rule of thumb; the exact ratio is a little different — compute both counts.', '约等于 2 是论文的经验结论；精确比值略有不同——请把两边都算出来。'),
  'counted-macs-not-flops': bi('That counts each multiply–add once; one multiply–add is 2 FLOPs.', '这把每次乘加只算了一次；一次乘加是 2 FLOPs。'),
  'scores-only': bi('Quadratic attention has two products: the scores QKᵀ and the product with V (width e).', '二次注意力有两个矩阵乘法：分数 QKᵀ，以及再乘 V（宽度 e）。'),
});


function diagnoseCount(params: GauParams | TransformerParams, g: number) {
  const right = solve(params).answer as { value: number };
  const close = (x: bigint) => Number(x) !== right.value && near(g, Number(x), 1e-9);
  if (params.ask === 'gau') {
    const c = gauCount(params);
    const flipped = gauCount({ ...params, biases: !params.biases }).total;
    if (close(flipped)) return note('bias-convention');
    if (close(c.total - c.out)) return note('missing-projection');
    if (close(c.total - c.scaleOffset) || close(c.total - c.scaleOffset / 2n)) return note('missing-scale-offset');
    return undefined;
  }
  const c = transformerCount(params);
  if (close(transformerCount({ ...params, biases: !params.biases }).total)) return note('bias-convention');
  if (close(c.attention) || close(c.attention + c.attentionBias)) return note('attention-only');
  if (close(c.total - c.ffn / 2n) || close(c.attention + c.ffn / 2n)) return note('one-ffn-matrix');
  return undefined;
}

function diagnose(params: Params, _solution: Solution<Answer>, given: GivenAnswer) {
  if (given.kind !== 'parts') return undefined;
  if (params.ask === 'chunk') {
    const gc = given.parts.chunked;
    const gf = given.parts.full;
    if (gc?.kind !== 'number' || gf?.kind !== 'number') return undefined;
    const { chunked, full } = chunkCost(params);
    const both = (a: number, b: number) => near(gc.approx, a, 1e-9) && near(gf.approx, b, 1e-9);
    if (both(Number(chunked) / 2, Number(full) / 2) || both(Number(chunked) / 2, Number(full)) || both(Number(chunked), Number(full) / 2)) {
      return note('counted-macs-not-flops');
    }
    const scores = (x: bigint) => (x * BigInt(params.s)) / BigInt(params.s + params.e);
    if (near(gc.approx, Number(scores(chunked)), 1e-9) || near(gf.approx, Number(scores(full)), 1e-9)) return note('scores-only');
    return undefined;
  }
  const part = given.parts.value;
  if (part?.kind !== 'number') return undefined;
  const g = part.approx;
  if (params.ask === 'ratio') {
    const r = ratioOf(params).toNumber();
    if (near(g, 1 / r, 2e-3)) return note('ratio-inverted');
    if (g === 2) return note('rounded-ratio');
    if (near(g, Rational.of(transformerCount({ ...params, biases: !params.biases }).total, gauCount({ ...params, biases: !params.biases }).total).toNumber(), 1e-6)) {
      return note('bias-convention');
    }
    return undefined;
  }
  return diagnoseCount(params, g);
}

// ---------- params ----------

function parseParams(raw: unknown): Params {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new InvalidParamsError('params must be an object');
  const ask = read.readEnum(raw as Record<string, unknown>, 'ask', ASKS);
  const width = (o: Readonly<Record<string, unknown>>, key: string) => read.readInt(o, key, 1, MAX_WIDTH);
  const biases = (o: Readonly<Record<string, unknown>>) => {
    const v = Object.hasOwn(o, 'biases') ? o.biases : undefined;
    if (typeof v !== 'boolean') throw new InvalidParamsError('biases must be true or false');
    return v;
  };
  switch (ask) {
    case 'gau': {
      const o = read.readObject(raw, ['ask', 'd', 'e', 's', 'biases']);
      return { ask, d: width(o, 'd'), e: width(o, 'e'), s: width(o, 's'), biases: biases(o) };
    }
    case 'transformer': {
      const o = read.readObject(raw, ['ask', 'd', 'dff', 'biases']);
      return { ask, d: width(o, 'd'), dff: width(o, 'dff'), biases: biases(o) };
    }
    case 'ratio': {
      const o = read.readObject(raw, ['ask', 'd', 'e', 's', 'dff', 'biases']);
      return { ask, d: width(o, 'd'), e: width(o, 'e'), s: width(o, 's'), dff: width(o, 'dff'), biases: biases(o) };
    }
    case 'chunk': {
      const o = read.readObject(raw, ['ask', 'e', 's', 'n', 'chunk']);
      const n = read.readInt(o, 'n', 1, MAX_N);
      const chunk = read.readInt(o, 'chunk', 1, n);
      if (n % chunk !== 0) throw new InvalidParamsError('n must be a multiple of chunk');
      if (n / chunk > MAX_CHUNKS) throw new InvalidParamsError(`at most ${MAX_CHUNKS} chunks`);
      return { ask, e: width(o, 'e'), s: width(o, 's'), n, chunk };
    }
  }
}

export const gauParams = defineFamily<Params, Answer>({
  id: 'gau-params',
  version: 1,
  article: 'flash-gau',
  title: bi('Parameters of GAU and Transformer layers', 'GAU 与 Transformer 层的参数量'),
  levels: ['easy', 'medium', 'hard'],
  parseParams,
  generate,
  prompt,
  answerSpec: (params) => {
    if (params.ask === 'chunk') {
      return {
        parts: [
          { name: 'chunked', kind: 'number', label: bi('chunked FLOPs', '分块 FLOPs'), tolerance: EXACT_ONLY },
          { name: 'full', kind: 'number', label: bi('unchunked FLOPs', '不分块 FLOPs'), tolerance: EXACT_ONLY },
        ],
        noneAllowed: false,
      };
    }
    if (params.ask === 'ratio') {
      return { parts: [{ name: 'value', kind: 'number', label: bi('P_(MHA+FFN) / P_GAU', 'P_(MHA+FFN) / P_GAU') }], noneAllowed: false };
    }
    return { parts: [{ name: 'value', kind: 'number', label: bi('parameters', '参数个数'), tolerance: EXACT_ONLY }], noneAllowed: false };
  },
  solve,
  verify,
  steps,
  diagnose,
  examples: [
    { params: { ask: 'gau', d: 768, e: 1536, s: 128, biases: false }, answer: '3637760', correct: true },
    { params: { ask: 'gau', d: 768, e: 1536, s: 128, biases: false }, answer: '6*768^2 + 768*128 + 4*128', correct: true },
    { params: { ask: 'gau', d: 768, e: 1536, s: 128, biases: false }, answer: '3637248', correct: false, note: 'missing-scale-offset' },
    { params: { ask: 'gau', d: 768, e: 1536, s: 128, biases: false }, answer: '2458112', correct: false, note: 'missing-projection' },
    { params: { ask: 'gau', d: 768, e: 1536, s: 128, biases: false }, answer: '3641728', correct: false, note: 'bias-convention', comment: '+2e + s + d' },
    { params: { ask: 'gau', d: 768, e: 1536, s: 128, biases: true }, answer: '3641728', correct: true },
    { params: { ask: 'transformer', d: 768, dff: 3072, biases: false }, answer: '7077888', correct: true },
    { params: { ask: 'transformer', d: 768, dff: 3072, biases: false }, answer: '12*768^2', correct: true },
    { params: { ask: 'transformer', d: 768, dff: 3072, biases: true }, answer: '7084800', correct: true },
    { params: { ask: 'transformer', d: 768, dff: 3072, biases: true }, answer: '7077888', correct: false, note: 'bias-convention' },
    { params: { ask: 'transformer', d: 768, dff: 3072, biases: false }, answer: '2359296', correct: false, note: 'attention-only' },
    { params: { ask: 'transformer', d: 768, dff: 3072, biases: false }, answer: '7.08e6', correct: false, note: 'imprecise', comment: 'parameter counts are exact' },
    { params: { ask: 'ratio', d: 768, e: 1536, s: 128, dff: 3072, biases: false }, answer: '13824/7105', correct: true },
    { params: { ask: 'ratio', d: 768, e: 1536, s: 128, dff: 3072, biases: false }, answer: '1.9457', correct: true },
    { params: { ask: 'ratio', d: 768, e: 1536, s: 128, dff: 3072, biases: false }, answer: '2', correct: false, note: 'rounded-ratio' },
    { params: { ask: 'ratio', d: 768, e: 1536, s: 128, dff: 3072, biases: false }, answer: '0.514', correct: false, note: 'ratio-inverted' },
    { params: { ask: 'chunk', e: 1536, s: 128, n: 4096, chunk: 256 }, answer: { chunked: '3489660928', full: '55834574848' }, correct: true },
    { params: { ask: 'chunk', e: 1536, s: 128, n: 4096, chunk: 256 }, answer: { chunked: '2*4096*256*1664', full: '2*4096^2*1664' }, correct: true },
    { params: { ask: 'chunk', e: 1536, s: 128, n: 4096, chunk: 256 }, answer: { chunked: '1744830464', full: '27917287424' }, correct: false, note: 'counted-macs-not-flops' },
    { params: { ask: 'chunk', e: 1536, s: 128, n: 4096, chunk: 256 }, answer: { chunked: '268435456', full: '4294967296' }, correct: false, note: 'scores-only' },
    { params: { ask: 'gau', d: 768, e: 1536, s: 128, biases: false }, answer: '3637760; drop table', correct: false, note: 'bad-character' },
    { params: { ask: 'gau', d: 768, e: 1536, s: 128, biases: false }, answer: 'd*e', correct: false, note: 'unknown-symbol' },
  ],
});
