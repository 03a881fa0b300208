/**
 * moe-params — total and active parameters, FLOPs per token and weight memory of a
 * mixture-of-experts model with top-k routing.
 *
 * L MoE layers, each with a router W_g ∈ ℝ^{d×N} (no bias) and N expert feed-forward networks
 * d → d_ff → d: plain (W_1 ∈ ℝ^{d×d_ff}, W_2 ∈ ℝ^{d_ff×d}: E = 2·d·d_ff, + d_ff + d with biases) or
 * gated/SwiGLU (W_1, W_3 ∈ ℝ^{d×d_ff}, W_2: E = 3·d·d_ff, + 2d_ff + d with biases). Everything
 * else (attention, embeddings, norms) is S shared parameters, used by every token.
 *   total  = S + L·(d·N + N·E)         active = S + L·(d·N + k·E)
 *   expert FLOPs per token = L·k·(number of expert matrices)·2·d·d_ff (2 FLOPs per multiply-add)
 *   memory = total · bytes per parameter / 10⁹ GB
 *
 * Solve: the closed forms, in bigint / Rational. Verify (independent): an itemised inventory of
 * every router, expert weight and bias of every layer, with a token routed to k distinct experts
 * per layer by a deterministic top-k over router scores; FLOPs by tracing that token's expert
 * products with `tensor.countFlops(tensor.shapeOps)`.
 */
import {
  bi,
  defineFamily,
  EXACT_ONLY,
  Expression,
  InvalidParamsError,
  near,
  params as read,
  Rational,
  tensor,
  texInteger,
  texNumber,
  type AnswerSpec,
  type Bilingual,
  type GivenAnswer,
  type Level,
  type Rng,
  type Solution,
  type Verification,
} from '../../engine';
import { answerOf, gradedFailure, gradedMismatch, sub } from './graded';

type Ask = 'total' | 'active' | 'both' | 'flops' | 'memory' | 'ratio';
type Params = {
  readonly ask: Ask;
  readonly d: number;
  readonly dff: number;
  readonly experts: number;
  readonly topK: number;
  readonly layers: number;
  readonly shared: number;
  readonly biases: boolean;
  readonly gated: boolean;
  readonly bytes?: number | string;
};
type Answer =
  | { readonly value: number; readonly exact: string }
  | { readonly total: number; readonly active: number; readonly exact: { readonly total: string; readonly active: string } };

const ASKS: readonly Ask[] = ['total', 'active', 'both', 'flops', 'memory', 'ratio'];
const GB = 1_000_000_000n;

// ---------- closed forms ----------

interface Counts {
  /** Weight matrices per expert: 2 plain, 3 gated. */
  readonly matrices: bigint;
  /** Parameters of one expert, biases included when stated. */
  readonly expert: bigint;
  readonly router: bigint;
  readonly total: bigint;
  readonly active: bigint;
  readonly flops: bigint;
}

function counts(p: Params): Counts {
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

const bytesOf = (p: Params): Rational => read.toRational(p.bytes, 'bytes', 16, 6);
const memoryGb = (p: Params): Rational => Rational.from(counts(p).total).mul(bytesOf(p)).div(Rational.from(GB));

function solve(params: Params): Solution<Answer> {
  const c = counts(params);
  const single = (q: Rational): Solution<Answer> => ({
    answer: { value: q.toNumber(), exact: q.toString() },
    expected: { kind: 'parts', parts: { value: { kind: 'number', value: Expression.from(q) } } },
  });
  switch (params.ask) {
    case 'total':
      return single(Rational.from(c.total));
    case 'active':
      return single(Rational.from(c.active));
    case 'flops':
      return single(Rational.from(c.flops));
    case 'memory':
      return single(memoryGb(params));
    case 'ratio':
      return single(Rational.of(c.total, c.active));
    case 'both':
      return {
        answer: { total: Number(c.total), active: Number(c.active), exact: { total: c.total.toString(), active: c.active.toString() } },
        expected: {
          kind: 'parts',
          parts: { total: { kind: 'number', value: Expression.from(c.total) }, active: { kind: 'number', value: Expression.from(c.active) } },
        },
      };
  }
}

// ---------- verification: itemised inventory and traced products ----------

interface Item {
  readonly layer: number;
  /** Expert index, or -1 for the router. */
  readonly expert: number;
  readonly shape: readonly number[];
}

/** Every weight and bias tensor of the MoE layers. */
function inventory(p: Params): Item[] {
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
function routed(p: Params, layer: number): Set<number> {
  const scores = Array.from({ length: p.experts }, (_, e) => ({ e, score: ((layer + 1) * 7919 + e * 104_729) % 1_000_003 }));
  scores.sort((a, b) => b.score - a.score || a.e - b.e);
  return new Set(scores.slice(0, p.topK).map((s) => s.e));
}

const size = (shape: readonly number[]) => shape.reduce((n, k) => n * BigInt(k), 1n);

function itemised(p: Params): { total: bigint; active: bigint; flops: bigint } {
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

function verify(params: Params, solution: Solution<Answer>): Verification {
  // The graded parts must be the answer-object values checked below.
  const a = answerOf(solution);
  const graded = gradedMismatch(solution, params.ask === 'both' ? { total: sub(a, 'exact').total, active: sub(a, 'exact').active } : { value: a.exact });
  if (graded) return gradedFailure(graded);
  const method = 'itemised inventory of routers, expert weights and biases; a routed token traced through its k experts';
  const it = itemised(params);
  const answer = solution.answer;
  let expected: string;
  switch (params.ask) {
    case 'both':
      if (!('total' in answer)) return { ok: false, method, detail: 'no parts' };
      return answer.exact.total === it.total.toString() && answer.exact.active === it.active.toString()
        ? { ok: true, method }
        : { ok: false, method, detail: `inventory ${it.total} / ${it.active}` };
    case 'total':
      expected = it.total.toString();
      break;
    case 'active':
      expected = it.active.toString();
      break;
    case 'flops':
      expected = it.flops.toString();
      break;
    case 'ratio':
      expected = Rational.of(it.total, it.active).toString();
      break;
    case 'memory':
      expected = Rational.from(it.total).mul(bytesOf(params)).div(Rational.from(GB)).toString();
      break;
  }
  if (!('value' in answer)) return { ok: false, method, detail: 'no value' };
  return answer.exact === expected ? { ok: true, method } : { ok: false, method, detail: `inventory gives ${expected}` };
}

// ---------- generation ----------

/** Non-expert parameters of a decoder: attention (grouped K/V), two embeddings, norms. */
function sharedParams(d: number, kvWidth: number, layers: number, vocab: number): number {
  return layers * (2 * d * d + 2 * d * kvWidth) + 2 * vocab * d + (2 * layers + 1) * d;
}

interface Preset {
  readonly d: number;
  readonly dff: number;
  readonly experts: number;
  readonly topK: number;
  readonly layers: number;
  readonly kv: number;
  readonly vocab: number;
  readonly gated: boolean;
}

const HARD_PRESETS: readonly Preset[] = [
  { d: 4096, dff: 14336, experts: 8, topK: 2, layers: 32, kv: 1024, vocab: 32000, gated: true }, // Mixtral-8x7B-like
  { d: 6144, dff: 16384, experts: 8, topK: 2, layers: 56, kv: 1024, vocab: 32768, gated: true }, // Mixtral-8x22B-like
  { d: 2048, dff: 1408, experts: 64, topK: 6, layers: 28, kv: 2048, vocab: 102400, gated: true }, // fine-grained experts
  { d: 768, dff: 3072, experts: 128, topK: 1, layers: 6, kv: 768, vocab: 32128, gated: false }, // Switch-like
  { d: 2048, dff: 8192, experts: 16, topK: 2, layers: 24, kv: 512, vocab: 50257, gated: true },
  { d: 1024, dff: 4096, experts: 32, topK: 2, layers: 12, kv: 1024, vocab: 50257, gated: false },
];

const MAX_EXPERT_LAYERS = 8192;

function generate(rng: Rng, level: Level): Params {
  if (level === 'easy') {
    const d = rng.pick([256, 512, 768, 1024]);
    return {
      ask: rng.pick(['total', 'active'] as const),
      d,
      dff: rng.pick([2, 4]) * d,
      experts: rng.pick([4, 8, 16]),
      topK: rng.pick([1, 2]),
      layers: 1,
      shared: 0,
      biases: false,
      gated: false,
    };
  }
  if (level === 'medium') {
    const d = rng.pick([512, 768, 1024, 2048]);
    const layers = rng.pick([6, 8, 12, 24]);
    const experts = rng.pick([4, 8, 16, 32]);
    return {
      ask: 'both',
      d,
      dff: rng.pick([2, 4]) * d,
      experts,
      topK: rng.pick([1, 2, 2, 4].filter((k) => k < experts)),
      layers,
      shared: sharedParams(d, d, layers, rng.pick([32000, 50257])),
      biases: rng.chance(0.4),
      gated: rng.chance(0.4),
    };
  }
  const preset = rng.pick(HARD_PRESETS);
  const ask = rng.pick(['flops', 'memory', 'ratio'] as const);
  const experts = rng.chance(0.3) ? Math.min(256, preset.experts * 2) : preset.experts;
  const base = {
    d: preset.d,
    dff: preset.dff,
    experts,
    topK: rng.chance(0.3) ? Math.min(experts - 1, preset.topK * 2) : preset.topK,
    layers: preset.layers,
    shared: sharedParams(preset.d, preset.kv, preset.layers, preset.vocab),
    biases: false,
    gated: preset.gated,
  };
  return ask === 'memory' ? { ask, ...base, bytes: rng.pick([2, 2, 1, 4, 0.5]) } : { ask, ...base };
}

// ---------- text ----------

function describe(p: Params, zh: boolean): string {
  const expertShape = p.gated
    ? zh
      ? `门控（SwiGLU）前馈网络，$W_1, W_3 \\in \\mathbb{R}^{d\\times d_{\\text{ff}}}$，$W_2 \\in \\mathbb{R}^{d_{\\text{ff}}\\times d}$`
      : `a gated (SwiGLU) feed-forward network with $W_1, W_3 \\in \\mathbb{R}^{d\\times d_{\\text{ff}}}$ and $W_2 \\in \\mathbb{R}^{d_{\\text{ff}}\\times d}$`
    : zh
      ? `前馈网络 $d \\to d_{\\text{ff}} \\to d$，$W_1 \\in \\mathbb{R}^{d\\times d_{\\text{ff}}}$，$W_2 \\in \\mathbb{R}^{d_{\\text{ff}}\\times d}$`
      : `a feed-forward network $d \\to d_{\\text{ff}} \\to d$ with $W_1 \\in \\mathbb{R}^{d\\times d_{\\text{ff}}}$ and $W_2 \\in \\mathbb{R}^{d_{\\text{ff}}\\times d}$`;
  const bias = p.biases
    ? zh
      ? '专家的每个矩阵都带偏置向量'
      : 'each expert matrix has a bias vector'
    : zh
      ? '专家不带偏置'
      : 'experts have no biases';
  const layers = p.layers === 1 ? (zh ? '一个 MoE 层' : 'One MoE layer has') : zh ? `模型有 $L = ${p.layers}$ 个 MoE 层，每层` : `A model has $L = ${p.layers}$ MoE layers, each with`;
  const shared =
    p.shared === 0
      ? ''
      : zh
        ? `其余参数（注意力、词嵌入、归一化等）共 $S = ${texInteger(p.shared)}$ 个，每个 token 都会用到。`
        : ` All other parameters (attention, embeddings, norms) number $S = ${texInteger(p.shared)}$ and every token uses them.`;
  return zh
    ? `${layers}有 $N = ${p.experts}$ 个专家（$d = ${p.d}$，$d_{\\text{ff}} = ${texInteger(p.dff)}$），每个专家是${expertShape}；${bias}。路由器是一个无偏置的线性层 $W_g \\in \\mathbb{R}^{d\\times N}$${p.layers === 1 ? '' : '（每层一个）'}，每个 token 被送往 top-$k$ 个专家，$k = ${p.topK}$。${shared}`
    : `${layers} $N = ${p.experts}$ experts ($d = ${p.d}$, $d_{\\text{ff}} = ${texInteger(p.dff)}$); each expert is ${expertShape}, and ${bias}. A router, a linear map $W_g \\in \\mathbb{R}^{d\\times N}$ without bias${p.layers === 1 ? '' : ' in every layer'}, sends each token to its top-$k$ experts, $k = ${p.topK}$.${shared}`;
}

function prompt(params: Params, lang: 'en' | 'zh'): string {
  const zh = lang === 'zh';
  const head = describe(params, zh);
  const integer = zh ? '请给出精确整数（也可以写成用 `*`、`^` 的整数算式）。' : 'Give the exact integer (an arithmetic expression with `*` and `^` is fine).';
  const decimal = zh ? '可给出精确分数，或至少 4 位有效数字的小数。' : 'Give an exact fraction or a decimal with at least 4 significant digits.';
  const single = params.layers === 1 && params.shared === 0;
  const activeDef = zh
    ? single
      ? '“激活参数”指一个 token 实际用到的参数：路由器，以及它被分到的 $k$ 个专家。'
      : '“激活参数”指一个 token 实际用到的参数：共享参数、路由器，以及它在每层被分到的 $k$ 个专家。'
    : single
      ? 'The active parameters of a token are those it actually uses: the router and its $k$ experts.'
      : 'The active parameters of a token are those it actually uses: the shared parameters, the routers, and its $k$ experts in each layer.';
  switch (params.ask) {
    case 'total':
      return `${head}\n\n${zh ? `总参数量是多少（所有专家、路由器${params.shared === 0 ? '' : '和共享参数'}都计入）？` : `How many parameters are there in total (all experts, the router${params.layers === 1 ? '' : 's'}${params.shared === 0 ? '' : ' and the shared parameters'})?`}\n\n${integer}`;
    case 'active':
      return `${head}\n\n${activeDef}${zh ? '每个 token 的激活参数有多少？' : ' How many parameters are active per token?'}\n\n${integer}`;
    case 'both':
      return `${head}\n\n${activeDef}\n\n${zh ? '(1) `total`：总参数量（含共享参数）；\n\n(2) `active`：每个 token 的激活参数量。' : '(1) `total`: the total number of parameters (shared ones included);\n\n(2) `active`: the number of parameters active per token.'}\n\n${integer}`;
    case 'flops':
      return `${head}\n\n${zh ? '只计专家前馈网络中的矩阵乘法，一次乘加记 2 FLOPs（路由器、激活函数、偏置和门控加权不计）。一个 token 在所有层的专家部分共需要多少 FLOPs？' : 'Count only the matrix products inside the expert feed-forward networks, one multiply–add = 2 FLOPs (router, activations, biases and the gate weighting are not counted). How many FLOPs does one token spend in the experts of all layers?'}\n\n${integer}`;
    case 'memory': {
      const b = bytesOf(params);
      return `${head}\n\n${zh ? `每个参数占 $${b.toTex()}$ 字节。推理时所有专家都必须驻留在内存中：只存放权重（不计激活值和缓存），需要多少 GB？（1 GB $= 10^{9}$ 字节）` : `Each parameter takes $${b.toTex()}$ bytes. For inference every expert must be held in memory: how many GB do the weights alone take (no activations or caches; 1 GB $= 10^{9}$ bytes)?`}\n\n${decimal}`;
    }
    case 'ratio':
      return `${head}\n\n${activeDef}${zh ? '总参数量是每个 token 激活参数量的多少倍？' : ' How many times the active parameters per token is the total number of parameters?'}\n\n${decimal}`;
  }
}

function steps(params: Params, _solution: Solution<Answer>, lang: 'en' | 'zh'): string {
  const zh = lang === 'zh';
  const c = counts(params);
  const { d, dff, experts: n, topK: k, layers: l } = params;
  const m = Number(c.matrices);
  const lines: string[] = [];
  const biasTex = params.biases ? ` + ${params.gated ? `2\\cdot ${texInteger(dff)}` : texInteger(dff)} + ${d}` : '';
  lines.push(
    zh
      ? `每个专家：$${m}\\cdot ${d}\\cdot ${texInteger(dff)}${biasTex} = ${texInteger(c.expert)}$ 个参数${params.biases ? '（含偏置）' : ''}；每层路由器：$${d}\\cdot ${n} = ${texInteger(c.router)}$。`
      : `One expert: $${m}\\cdot ${d}\\cdot ${texInteger(dff)}${biasTex} = ${texInteger(c.expert)}$ parameters${params.biases ? ' (biases included)' : ''}; the router of a layer: $${d}\\cdot ${n} = ${texInteger(c.router)}$.`,
  );
  const sTex = params.shared === 0 ? '' : `${texInteger(params.shared)} + `;
  const sSym = params.shared === 0 ? '' : 'S + ';
  /** S + L·(d·N + m·E), dropping S, L and the parentheses where they do not apply. */
  const sumLine = (name: string, sym: string, count: number, value: bigint) => {
    const inner = `d N + ${sym} E`;
    const innerNum = `${texInteger(c.router)} + ${count}\\cdot ${texInteger(c.expert)}`;
    const symbolic = l === 1 ? `${sSym}${inner}` : `${sSym}L\\,(${inner})`;
    const numeric = l === 1 ? `${sTex}${innerNum}` : `${sTex}${l}\\cdot(${innerNum})`;
    return `$$P_{\\text{${name}}} = ${symbolic} = ${numeric} = ${texInteger(value)}.$$`;
  };
  const totalLine = sumLine('total', 'N', n, c.total);
  const activeLine = sumLine('active', 'k', k, c.active);
  switch (params.ask) {
    case 'total':
      lines.push(totalLine);
      break;
    case 'active':
      lines.push(
        zh
          ? `${l === 1 ? '' : '每层'}只用 $k = ${k}$ 个专家（其余 ${n - k} 个不参与这个 token 的计算）。`
          : `${l === 1 ? 'The token uses' : 'Each layer uses'} only $k = ${k}$ expert${k === 1 ? '' : 's'} (the other ${n - k} sit idle for this token).`,
      );
      lines.push(activeLine);
      break;
    case 'both':
    case 'ratio':
      lines.push(totalLine, activeLine);
      if (params.ask === 'ratio') {
        const r = Rational.of(c.total, c.active);
        lines.push(`$$\\frac{P_{\\text{total}}}{P_{\\text{active}}} = ${r.toTex()} \\approx ${texNumber(r.toNumber(), 6)}.$$`);
      }
      break;
    case 'flops': {
      const perExpert = c.matrices * 2n * BigInt(d) * BigInt(dff);
      lines.push(
        zh
          ? `一个 token（$1\\times ${d}$ 的行向量）经过一个专家：${m} 个矩阵乘法，各 $2\\cdot ${d}\\cdot ${texInteger(dff)}$ FLOPs，共 $${texInteger(perExpert)}$。`
          : `One token (a $1\\times ${d}$ row) through one expert: ${m} products of $2\\cdot ${d}\\cdot ${texInteger(dff)}$ FLOPs each, $${texInteger(perExpert)}$ in all.`,
      );
      lines.push(
        `$$\\text{FLOPs} = L\\cdot k\\cdot ${texInteger(perExpert)} = ${l}\\cdot ${k}\\cdot ${texInteger(perExpert)} = ${texInteger(c.flops)}.$$`,
      );
      lines.push(zh ? `只与 $k$ 有关，与专家总数 $N = ${n}$ 无关。` : `It depends on $k$, not on the number of experts $N = ${n}$.`);
      break;
    }
    case 'memory': {
      const gb = memoryGb(params);
      lines.push(totalLine);
      lines.push(
        `$$${texInteger(c.total)} \\times ${bytesOf(params).toTex()}\\ \\text{B} \\div 10^{9} = ${gb.isInteger() ? texInteger(gb.num) : texNumber(gb.toNumber(), 12)}\\ \\text{GB}.$$`,
      );
      lines.push(zh ? '所有专家都要加载，所以按总参数量而不是激活参数量计算。' : 'Every expert must be loaded, so the total — not the active — count sets the memory.');
      break;
    }
  }
  return lines.map((line, i) => `${i + 1}. ${line}`).join('\n');
}

// ---------- diagnosis ----------

const NOTES: Readonly<Record<string, Bilingual>> = {
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
};

const note = (code: string) => ({ note: code, message: NOTES[code] as Bilingual });

/** The same count under altered conventions, for mistake recognition. */
function variants(p: Params): Array<[string, Params]> {
  const list: Array<[string, Params]> = [
    ['bias-convention', { ...p, biases: !p.biases }],
    ['wrong-matrix-count', { ...p, gated: !p.gated }],
  ];
  if (p.layers > 1) list.push(['one-layer', { ...p, layers: 1, shared: 0 }]);
  if (p.shared > 0) list.push(['forgot-shared', { ...p, shared: 0 }]);
  return list;
}

function diagnose(params: Params, _solution: Solution<Answer>, given: GivenAnswer) {
  if (given.kind !== 'parts') return undefined;
  const c = counts(params);
  const withoutRouter = (x: bigint) => x - BigInt(params.layers) * c.router;
  const countNotes = (g: number, right: bigint, which: 'total' | 'active') => {
    const close = (x: bigint | number) => Number(x) !== Number(right) && near(g, Number(x), 1e-9);
    if (which === 'total' && close(c.active)) return note('only-routed-experts');
    if (which === 'active' && close(c.total)) return note('all-experts-active');
    if (close(withoutRouter(right))) return note('forgot-router');
    for (const [code, alt] of variants(params)) {
      const other = counts(alt);
      if (close(which === 'total' ? other.total : other.active)) return note(code);
      if (code === 'one-layer' && close((which === 'total' ? other.total : other.active) + BigInt(params.shared))) return note(code);
    }
    return undefined;
  };
  if (params.ask === 'both') {
    const gt = given.parts.total;
    const ga = given.parts.active;
    if (gt?.kind !== 'number' || ga?.kind !== 'number') return undefined;
    return countNotes(gt.approx, c.total, 'total') ?? countNotes(ga.approx, c.active, 'active');
  }
  const part = given.parts.value;
  if (part?.kind !== 'number') return undefined;
  const g = part.approx;
  switch (params.ask) {
    case 'total':
      return countNotes(g, c.total, 'total');
    case 'active':
      return countNotes(g, c.active, 'active');
    case 'flops': {
      const close = (x: bigint) => x !== c.flops && near(g, Number(x), 1e-9);
      if (close(c.flops / 2n)) return note('counted-macs-not-flops');
      if (close((c.flops / BigInt(params.topK)) * BigInt(params.experts))) return note('all-experts-flops');
      if (close(c.flops / BigInt(params.layers))) return note('one-layer');
      if (close(counts({ ...params, gated: !params.gated }).flops)) return note('wrong-matrix-count');
      return undefined;
    }
    case 'memory': {
      const bytes = bytesOf(params).toNumber();
      const right = memoryGb(params).toNumber();
      const close = (x: number) => !near(x, right, 1e-9) && near(g, x, 2e-3);
      if (close((Number(c.active) * bytes) / 1e9)) return note('active-memory');
      if (close((Number(c.total) * bytes) / 2 ** 30)) return note('gib-not-gb');
      return undefined;
    }
    case 'ratio': {
      const r = Number(c.total) / Number(c.active);
      if (near(g, 1 / r, 2e-3) && !near(r, 1, 1e-9)) return note('ratio-inverted');
      if (near(g, params.experts / params.topK, 1e-9) && !near(r, params.experts / params.topK, 1e-9)) return note('forgot-shared');
      return undefined;
    }
  }
}

// ---------- params ----------

function parseParams(raw: unknown): Params {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new InvalidParamsError('params must be an object');
  const keys = ['ask', 'd', 'dff', 'experts', 'topK', 'layers', 'shared', 'biases', 'gated'];
  const o = read.readObject(raw, keys, ['bytes']);
  const ask = read.readEnum(o, 'ask', ASKS);
  const flag = (key: string) => {
    const v = o[key];
    if (typeof v !== 'boolean') throw new InvalidParamsError(`${key} must be true or false`);
    return v;
  };
  const experts = read.readInt(o, 'experts', 1, 256);
  const params: Params = {
    ask,
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
  if (params.layers * experts > MAX_EXPERT_LAYERS) throw new InvalidParamsError(`layers·experts must be at most ${MAX_EXPERT_LAYERS}, got ${params.layers}·${experts}`);
  if (ask !== 'memory') {
    if (Object.hasOwn(o, 'bytes')) throw new InvalidParamsError('bytes is only used when ask is memory');
    return params;
  }
  if (!Object.hasOwn(o, 'bytes')) throw new InvalidParamsError('missing param bytes (required when ask is memory)');
  const bytes = read.toRational(o.bytes, 'bytes', 16, 6);
  if (bytes.sign() <= 0) throw new InvalidParamsError('bytes must be positive');
  return { ...params, bytes: o.bytes as number | string };
}

const countPart = (name: string, label: Bilingual) => ({ name, kind: 'number' as const, label, tolerance: EXACT_ONLY });

function answerSpec(params: Params): AnswerSpec {
  switch (params.ask) {
    case 'both':
      return { parts: [countPart('total', bi('total parameters', '总参数量')), countPart('active', bi('active parameters per token', '每个 token 的激活参数量'))], noneAllowed: false };
    case 'total':
      return { parts: [countPart('value', bi('total parameters', '总参数量'))], noneAllowed: false };
    case 'active':
      return { parts: [countPart('value', bi('active parameters per token', '每个 token 的激活参数量'))], noneAllowed: false };
    case 'flops':
      return { parts: [countPart('value', bi('FLOPs per token', '每个 token 的 FLOPs'))], noneAllowed: false };
    case 'memory':
      return { parts: [{ name: 'value', kind: 'number', label: bi('GB', 'GB') }], noneAllowed: false };
    case 'ratio':
      return { parts: [{ name: 'value', kind: 'number', label: bi('total / active', '总量 / 激活量') }], noneAllowed: false };
  }
}

const MIXTRAL = { d: 4096, dff: 14336, experts: 8, topK: 2, layers: 32, shared: 1_604_587_520, biases: false, gated: true } as const;
const SMALL = { d: 512, dff: 2048, experts: 8, topK: 2, layers: 1, shared: 0, biases: false, gated: false } as const;

export const moeParams = defineFamily<Params, Answer>({
  id: 'moe-params',
  version: 1,
  article: 'moe',
  title: bi('Mixture of experts: total vs active parameters', '混合专家：总参数与激活参数'),
  levels: ['easy', 'medium', 'hard'],
  parseParams,
  generate,
  prompt,
  answerSpec,
  solve,
  verify,
  steps,
  diagnose,
  examples: [
    { params: { ask: 'total', ...SMALL }, answer: '16781312', correct: true, comment: '512·8 + 8·2·512·2048' },
    { params: { ask: 'total', ...SMALL }, answer: '512*8 + 8*2*512*2048', correct: true },
    { params: { ask: 'total', ...SMALL }, answer: '16777216', correct: false, note: 'forgot-router' },
    { params: { ask: 'total', ...SMALL }, answer: '4198400', correct: false, note: 'only-routed-experts' },
    { params: { ask: 'active', ...SMALL }, answer: '4198400', correct: true },
    { params: { ask: 'active', ...SMALL }, answer: '16781312', correct: false, note: 'all-experts-active' },
    { params: { ask: 'total', ...MIXTRAL }, answer: '46702792704', correct: true, comment: 'Mixtral 8x7B: 46.7B' },
    { params: { ask: 'active', ...MIXTRAL }, answer: '12879925248', correct: true, comment: 'Mixtral 8x7B: 12.9B active' },
    { params: { ask: 'active', ...MIXTRAL }, answer: '12.88e9', correct: false, note: 'imprecise', comment: 'counts are exact' },
    { params: { ask: 'total', ...MIXTRAL }, answer: '31670407168', correct: false, note: 'wrong-matrix-count', comment: 'SwiGLU counted as two matrices' },
    { params: { ask: 'flops', ...MIXTRAL }, answer: '22548578304', correct: true },
    { params: { ask: 'flops', ...MIXTRAL }, answer: '11274289152', correct: false, note: 'counted-macs-not-flops' },
    { params: { ask: 'flops', ...MIXTRAL }, answer: '90194313216', correct: false, note: 'all-experts-flops' },
    { params: { ask: 'memory', ...MIXTRAL, bytes: 2 }, answer: '93.405585408', correct: true },
    { params: { ask: 'memory', ...MIXTRAL, bytes: 2 }, answer: '93.41', correct: true },
    { params: { ask: 'memory', ...MIXTRAL, bytes: 2 }, answer: '25.76', correct: false, note: 'active-memory' },
    { params: { ask: 'memory', ...MIXTRAL, bytes: 2 }, answer: '86.99', correct: false, note: 'gib-not-gb' },
    { params: { ask: 'ratio', ...MIXTRAL }, answer: '3.626', correct: true },
    { params: { ask: 'ratio', ...MIXTRAL }, answer: '4', correct: false, note: 'forgot-shared' },
    { params: { ask: 'both', ...MIXTRAL }, answer: { total: '46702792704', active: '12879925248' }, correct: true },
    { params: { ask: 'both', ...MIXTRAL }, answer: { total: '46702792704', active: '46702792704' }, correct: false, note: 'all-experts-active' },
    { params: { ask: 'total', ...SMALL }, answer: '<script>', correct: false, note: 'bad-character' },
    { params: { ask: 'total', ...SMALL }, answer: '', correct: false },
  ],
});
