/**
 * What the tasks of moe-params share: the model (L MoE layers of N experts and a router, S shared
 * parameters), its closed forms, the itemised inventory that verifies them, the params reader, the
 * description every prompt starts with and the first worked step.
 *
 *   expert E = m·d·d_ff (+ (m−1)·d_ff + d with biases), m = 2 plain, 3 gated;  router = d·N
 *   total  = S + L·(d·N + N·E)         active = S + L·(d·N + k·E)
 *   expert FLOPs per token = L·k·m·2·d·d_ff (2 FLOPs per multiply–add)
 */
import {
  bi,
  defineNotes,
  InvalidParamsError,
  params as read,
  template,
  tensor,
  texInteger,
  type GivenAnswer,
  type TextValues,
} from '../../../engine';

export type Model = {
  readonly d: number;
  readonly dff: number;
  readonly experts: number;
  readonly topK: number;
  readonly layers: number;
  readonly shared: number;
  readonly biases: boolean;
  readonly gated: boolean;
};

/** A single-number answer: its double and its exact text. */
export type ValueAnswer = { readonly value: number; readonly exact: string };

export interface Counts {
  /** Weight matrices per expert: 2 plain, 3 gated. */
  readonly matrices: bigint;
  /** Parameters of one expert, biases included when stated. */
  readonly expert: bigint;
  readonly router: bigint;
  readonly total: bigint;
  readonly active: bigint;
  readonly flops: bigint;
}

export function counts(p: Model): Counts {
  const [d, f, n, k, l, s] = [BigInt(p.d), BigInt(p.dff), BigInt(p.experts), BigInt(p.topK), BigInt(p.layers), BigInt(p.shared)];
  const matrices = p.gated ? 3n : 2n;
  const expert = matrices * d * f + (p.biases ? (matrices - 1n) * f + d : 0n);
  const router = d * n;
  return {
    matrices,
    expert,
    router,
    total: s + l * (router + n * expert),
    active: s + l * (router + k * expert),
    flops: l * k * matrices * 2n * d * f,
  };
}

// ---------- verification: itemised inventory and traced products ----------

interface Item {
  readonly layer: number;
  /** Expert index, or -1 for the router. */
  readonly expert: number;
  readonly shape: readonly number[];
}

/** Every weight and bias tensor of the MoE layers. */
function inventory(p: Model): Item[] {
  const items: Item[] = [];
  for (let layer = 0; layer < p.layers; layer++) {
    items.push({ layer, expert: -1, shape: [p.d, p.experts] });
    for (let expert = 0; expert < p.experts; expert++) {
      items.push({ layer, expert, shape: [p.d, p.dff] }, { layer, expert, shape: [p.dff, p.d] });
      if (p.gated) items.push({ layer, expert, shape: [p.d, p.dff] });
      if (p.biases) {
        items.push({ layer, expert, shape: [p.dff] }, { layer, expert, shape: [p.d] });
        if (p.gated) items.push({ layer, expert, shape: [p.dff] });
      }
    }
  }
  return items;
}

/** The experts one token visits in a layer: top-k of deterministic router scores, ties by index. */
function routed(p: Model, layer: number): Set<number> {
  const scores = Array.from({ length: p.experts }, (_, e) => ({ e, score: ((layer + 1) * 7919 + e * 104_729) % 1_000_003 }));
  scores.sort((a, b) => b.score - a.score || a.e - b.e);
  return new Set(scores.slice(0, p.topK).map((s) => s.e));
}

const size = (shape: readonly number[]) => shape.reduce((n, k) => n * BigInt(k), 1n);

/** The independent route: every tensor counted, and one routed token's expert products traced. */
export function itemised(p: Model): { total: bigint; active: bigint; flops: bigint } {
  const routes = Array.from({ length: p.layers }, (_, layer) => routed(p, layer));
  let total = BigInt(p.shared);
  let active = BigInt(p.shared);
  for (const item of inventory(p)) {
    const n = size(item.shape);
    total += n;
    if (item.expert < 0 || (routes[item.layer] as Set<number>).has(item.expert)) active += n;
  }
  // One token (a 1×d row) through its experts, layer by layer.
  const counter = tensor.countFlops(tensor.shapeOps);
  const { ops } = counter;
  for (const route of routes) {
    for (let e = 0; e < route.size; e++) {
      const x: tensor.Shape2 = [1, p.d];
      const hidden = ops.matMul(x, [p.d, p.dff]);
      if (p.gated) ops.matMul(x, [p.d, p.dff]);
      const out = ops.matMul(hidden, [p.dff, p.d]);
      if (out[1] !== p.d) throw new RangeError('expert output width');
    }
  }
  return { total, active, flops: counter.total() };
}

export const ITEMISED = 'itemised inventory of routers, expert weights and biases; a routed token traced through its k experts';

// ---------- params ----------

const KEYS = ['ask', 'd', 'dff', 'experts', 'topK', 'layers', 'shared', 'biases', 'gated'];
const MAX_EXPERT_LAYERS = 8192;

/** The model fields of params (and the raw object, for a task's own fields). */
export function readModel(raw: unknown): { model: Model; o: Readonly<Record<string, unknown>> } {
  const o = read.readObject(raw, KEYS, ['bytes']);
  const flag = (key: string) => {
    const v = o[key];
    if (typeof v !== 'boolean') throw new InvalidParamsError(`${key} must be true or false`);
    return v;
  };
  const experts = read.readInt(o, 'experts', 1, 256);
  const model: Model = {
    d: read.readInt(o, 'd', 1, 65_536),
    dff: read.readInt(o, 'dff', 1, 262_144),
    experts,
    topK: read.readInt(o, 'topK', 1, experts),
    layers: read.readInt(o, 'layers', 1, 128),
    shared: read.readInt(o, 'shared', 0, 10_000_000_000_000),
    biases: flag('biases'),
    gated: flag('gated'),
  };
  // NOTE: verify itemises every expert of every layer: layers·experts bounds its work (8192 ≈ 0.1 s).
  if (model.layers * experts > MAX_EXPERT_LAYERS) throw new InvalidParamsError(`layers·experts must be at most ${MAX_EXPERT_LAYERS}, got ${model.layers}·${experts}`);
  return { model, o };
}

/** The model of a task that takes no `bytes`. */
export function readModelWithoutBytes(raw: unknown): Model {
  const { model, o } = readModel(raw);
  if (Object.hasOwn(o, 'bytes')) throw new InvalidParamsError('bytes is only used when ask is memory');
  return model;
}

// ---------- text ----------

const MODEL = template(
  '{{layers}} $N = {{N}}$ experts ($d = {{d}}$, $d_{\\text{ff}} = {{dff}}$); each expert is {{expertShape}}, and {{bias}}. A router, a linear map $W_g \\in \\mathbb{R}^{d\\times N}$ without bias{{routerEach}}, sends each token to its top-$k$ experts, $k = {{k}}$.{{shared}}',
  '{{layers}}有 $N = {{N}}$ 个专家（$d = {{d}}$，$d_{\\text{ff}} = {{dff}}$），每个专家是{{expertShape}}；{{bias}}。路由器是一个无偏置的线性层 $W_g \\in \\mathbb{R}^{d\\times N}${{routerEach}}，每个 token 被送往 top-$k$ 个专家，$k = {{k}}$。{{shared}}',
);
const GATED = template(
  'a gated (SwiGLU) feed-forward network with $W_1, W_3 \\in \\mathbb{R}^{d\\times d_{\\text{ff}}}$ and $W_2 \\in \\mathbb{R}^{d_{\\text{ff}}\\times d}$',
  '门控（SwiGLU）前馈网络，$W_1, W_3 \\in \\mathbb{R}^{d\\times d_{\\text{ff}}}$，$W_2 \\in \\mathbb{R}^{d_{\\text{ff}}\\times d}$',
);
const PLAIN = template(
  'a feed-forward network $d \\to d_{\\text{ff}} \\to d$ with $W_1 \\in \\mathbb{R}^{d\\times d_{\\text{ff}}}$ and $W_2 \\in \\mathbb{R}^{d_{\\text{ff}}\\times d}$',
  '前馈网络 $d \\to d_{\\text{ff}} \\to d$，$W_1 \\in \\mathbb{R}^{d\\times d_{\\text{ff}}}$，$W_2 \\in \\mathbb{R}^{d_{\\text{ff}}\\times d}$',
);
const BIASES = bi('each expert matrix has a bias vector', '专家的每个矩阵都带偏置向量');
const NO_BIASES = bi('experts have no biases', '专家不带偏置');
const ONE_LAYER = bi('One MoE layer has', '一个 MoE 层');
const LAYERS = template('A model has $L = {{L}}$ MoE layers, each with', '模型有 $L = {{L}}$ 个 MoE 层，每层');
const EVERY_LAYER = bi(' in every layer', '（每层一个）');
const SHARED = template(
  ' All other parameters (attention, embeddings, norms) number $S = {{S}}$ and every token uses them.',
  '其余参数（注意力、词嵌入、归一化等）共 $S = {{S}}$ 个，每个 token 都会用到。',
);
const ACTIVE_SINGLE = bi('The active parameters of a token are those it actually uses: the router and its $k$ experts.', '“激活参数”指一个 token 实际用到的参数：路由器，以及它被分到的 $k$ 个专家。');
const ACTIVE_LAYERS = bi(
  'The active parameters of a token are those it actually uses: the shared parameters, the routers, and its $k$ experts in each layer.',
  '“激活参数”指一个 token 实际用到的参数：共享参数、路由器，以及它在每层被分到的 $k$ 个专家。',
);

/** The closing request of a prompt: an exact integer, or a fraction or 4 significant digits. */
export const ASK_INTEGER = bi('Give the exact integer (an arithmetic expression with `*` and `^` is fine).', '请给出精确整数（也可以写成用 `*`、`^` 的整数算式）。');
export const ASK_DECIMAL = bi('Give an exact fraction or a decimal with at least 4 significant digits.', '可给出精确分数，或至少 4 位有效数字的小数。');

/** The first worked step: one expert and one router. */
export const EXPERT_STEP = template(
  'One expert: ${{m}}\\cdot {{d}}\\cdot {{dff}}{{biasTerms}} = {{expert}}$ parameters{{biasNote}}; the router of a layer: ${{d}}\\cdot {{N}} = {{router}}$.',
  '每个专家：${{m}}\\cdot {{d}}\\cdot {{dff}}{{biasTerms}} = {{expert}}$ 个参数{{biasNote}}；每层路由器：${{d}}\\cdot {{N}} = {{router}}$。',
);
const BIAS_NOTE = bi(' (biases included)', '（含偏置）');

/** $$P_name = S + L·(d·N + m·E) = … $$, dropping S, L and the parentheses where they do not apply. */
function sumLine(p: Model, which: 'total' | 'active'): string {
  const c = counts(p);
  const [sym, count, value] = which === 'total' ? ['N', p.experts, c.total] : ['k', p.topK, c.active];
  const sTex = p.shared === 0 ? '' : `${texInteger(p.shared)} + `;
  const sSym = p.shared === 0 ? '' : 'S + ';
  const inner = `d N + ${sym} E`;
  const innerNum = `${texInteger(c.router)} + ${count}\\cdot ${texInteger(c.expert)}`;
  const symbolic = p.layers === 1 ? `${sSym}${inner}` : `${sSym}L\\,(${inner})`;
  const numeric = p.layers === 1 ? `${sTex}${innerNum}` : `${sTex}${p.layers}\\cdot(${innerNum})`;
  return `$$P_{\\text{${which}}} = ${symbolic} = ${numeric} = ${texInteger(value)}.$$`;
}

/**
 * The values every task's text is filled from: the model paragraph `{{model}}`, what active means
 * `{{activeDefinition}}`, the closing requests, the expert step's numbers and the two sum lines
 * `{{totalLine}}`, `{{activeLine}}`.
 */
export function modelValues(p: Model): TextValues {
  const c = counts(p);
  return {
    model: MODEL,
    layers: p.layers === 1 ? ONE_LAYER : LAYERS,
    L: p.layers,
    N: p.experts,
    d: p.d,
    dff: texInteger(p.dff),
    expertShape: p.gated ? GATED : PLAIN,
    bias: p.biases ? BIASES : NO_BIASES,
    routerEach: p.layers === 1 ? '' : EVERY_LAYER,
    k: p.topK,
    shared: p.shared === 0 ? '' : SHARED,
    S: texInteger(p.shared),
    activeDefinition: p.layers === 1 && p.shared === 0 ? ACTIVE_SINGLE : ACTIVE_LAYERS,
    askInteger: ASK_INTEGER,
    askDecimal: ASK_DECIMAL,
    m: Number(c.matrices),
    biasTerms: p.biases ? ` + ${p.gated ? `2\\cdot ${texInteger(p.dff)}` : texInteger(p.dff)} + ${p.d}` : '',
    expert: texInteger(c.expert),
    biasNote: p.biases ? BIAS_NOTE : '',
    router: texInteger(c.router),
    totalLine: sumLine(p, 'total'),
    activeLine: sumLine(p, 'active'),
  };
}

// ---------- diagnosis ----------

export const note = defineNotes({
  'all-experts-active': bi('Only k experts per layer work on a token; the other experts are not active.', '每层只有 k 个专家处理这个 token，其余专家不算激活。'),
  'only-routed-experts': bi('The total counts all N experts, not just the k a token is routed to.', '总参数量要计入全部 N 个专家，而不只是被路由到的 k 个。'),
  'forgot-router': bi('Each MoE layer also has a router W_g with d·N parameters.', '每个 MoE 层还有一个路由器 W_g，有 d·N 个参数。'),
  'forgot-shared': bi('Add the shared parameters S (attention, embeddings, norms): every token uses them.', '还要加上共享参数 S（注意力、词嵌入、归一化）：每个 token 都用到它们。'),
  'one-layer': bi('That is one layer only; multiply by the number of MoE layers L.', '这只是一层；还要乘以 MoE 层数 L。'),
  'wrong-matrix-count': bi('Count the expert matrices again: a plain FFN has two (W_1, W_2), a gated one three (W_1, W_2, W_3).', '重新数一下专家的矩阵：普通前馈网络有两个（W_1、W_2），门控的有三个（W_1、W_2、W_3）。'),
  'bias-convention': bi('Check the bias convention stated in the question.', '请检查题目给出的偏置约定。'),
  'counted-macs-not-flops': bi('That counts each multiply–add once; one multiply–add is 2 FLOPs.', '这把每次乘加只算了一次；一次乘加是 2 FLOPs。'),
  'all-experts-flops': bi('A token only runs through its k routed experts, not all N.', '一个 token 只经过被路由到的 k 个专家，而不是全部 N 个。'),
  'active-memory': bi('All experts must be in memory, not only the active ones: use the total parameter count.', '所有专家都要放进内存，而不只是激活的那些：应按总参数量计算。'),
  'gib-not-gb': bi('That is in GiB (2^30 bytes); the question uses GB = 10^9 bytes.', '这是以 GiB（2^30 字节）为单位；题目用的是 GB = 10^9 字节。'),
  'ratio-inverted': bi('That is active / total; the question asks for total / active.', '这是激活/总量；题目问的是总量/激活。'),
});


/** The same model under altered conventions, for mistake recognition. */
export function variants(p: Model): Array<[Parameters<typeof note>[0], Model]> {
  const list: Array<[Parameters<typeof note>[0], Model]> = [
    ['bias-convention', { ...p, biases: !p.biases }],
    ['wrong-matrix-count', { ...p, gated: !p.gated }],
  ];
  if (p.layers > 1) list.push(['one-layer', { ...p, layers: 1, shared: 0 }]);
  if (p.shared > 0) list.push(['forgot-shared', { ...p, shared: 0 }]);
  return list;
}

/** The number given for the single part `value`, if any. */
export function valueOf(given: GivenAnswer): number | undefined {
  if (given.kind !== 'parts') return undefined;
  const part = given.parts.value;
  return part?.kind === 'number' ? part.approx : undefined;
}
