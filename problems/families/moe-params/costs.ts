/**
 * moe-params, the cost tasks (hard): `flops`, the expert FLOPs one token spends in all layers, and
 * `memory`, the GB the weights of every expert take at `bytes` per parameter. Solve: the closed
 * forms (model.ts); verify: the itemised inventory and a token traced through its experts.
 */
import {
  bi,
  EXACT_ONLY,
  fill,
  fillSteps,
  InvalidParamsError,
  near,
  params as read,
  Rational,
  template,
  texInteger,
  texNumber,
  type FamilyTask,
} from '../../../engine';
import { MIXTRAL, single, verifySingle } from './counts';
import { counts, EXPERT_STEP, itemised, modelValues, note, readModel, readModelWithoutBytes, valueOf, type Model, type ValueAnswer } from './model';

export type FlopsParams = { readonly ask: 'flops' } & Model;
export type MemoryParams = { readonly ask: 'memory'; readonly bytes: number | string } & Model;

const GB = 1_000_000_000n;
const bytesOf = (p: MemoryParams): Rational => read.toRational(p.bytes, 'bytes', 16, 6);
const memoryGb = (p: MemoryParams): Rational => Rational.from(counts(p).total).mul(bytesOf(p)).div(Rational.from(GB));

const FLOPS_PROMPT = template(
  '{{model}}\n\nCount only the matrix products inside the expert feed-forward networks, one multiply–add = 2 FLOPs (router, activations, biases and the gate weighting are not counted). How many FLOPs does one token spend in the experts of all layers?\n\n{{askInteger}}',
  '{{model}}\n\n只计专家前馈网络中的矩阵乘法，一次乘加记 2 FLOPs（路由器、激活函数、偏置和门控加权不计）。一个 token 在所有层的专家部分共需要多少 FLOPs？\n\n{{askInteger}}',
);
const ONE_TOKEN = template(
  'One token (a $1\\times {{d}}$ row) through one expert: {{m}} products of $2\\cdot {{d}}\\cdot {{dff}}$ FLOPs each, ${{perExpert}}$ in all.',
  '一个 token（$1\\times {{d}}$ 的行向量）经过一个专家：{{m}} 个矩阵乘法，各 $2\\cdot {{d}}\\cdot {{dff}}$ FLOPs，共 ${{perExpert}}$。',
);
const ONLY_ON_K = template('It depends on $k$, not on the number of experts $N = {{N}}$.', '只与 $k$ 有关，与专家总数 $N = {{N}}$ 无关。');
const MEMORY_PROMPT = template(
  '{{model}}\n\nEach parameter takes ${{bytes}}$ bytes. For inference every expert must be held in memory: how many GB do the weights alone take (no activations or caches; 1 GB $= 10^{9}$ bytes)?\n\n{{askDecimal}}',
  '{{model}}\n\n每个参数占 ${{bytes}}$ 字节。推理时所有专家都必须驻留在内存中：只存放权重（不计激活值和缓存），需要多少 GB？（1 GB $= 10^{9}$ 字节）\n\n{{askDecimal}}',
);
const ALL_LOADED = template('Every expert must be loaded, so the total — not the active — count sets the memory.', '所有专家都要加载，所以按总参数量而不是激活参数量计算。');

export const flops: FamilyTask<FlopsParams, ValueAnswer> = {
  parseParams: (raw) => ({ ask: 'flops', ...readModelWithoutBytes(raw) }),
  prompt: (p, lang) => fill(FLOPS_PROMPT, modelValues(p), lang),
  answerSpec: () => ({ parts: [{ name: 'value', kind: 'number', label: bi('FLOPs per token', '每个 token 的 FLOPs'), tolerance: EXACT_ONLY }], noneAllowed: false }),
  solve: (p) => single(Rational.from(counts(p).flops)),
  verify: (p, solution) => verifySingle(solution, itemised(p).flops.toString()),
  steps: (p, _solution, lang) => {
    const c = counts(p);
    const perExpert = c.matrices * 2n * BigInt(p.d) * BigInt(p.dff);
    const values = { ...modelValues(p), perExpert: texInteger(perExpert), flops: texInteger(c.flops) };
    return fillSteps([EXPERT_STEP, ONE_TOKEN, '$$\\text{FLOPs} = L\\cdot k\\cdot {{perExpert}} = {{L}}\\cdot {{k}}\\cdot {{perExpert}} = {{flops}}.$$', ONLY_ON_K], values, lang);
  },
  diagnose: (p, _solution, given) => {
    const g = valueOf(given);
    if (g === undefined) return undefined;
    const c = counts(p);
    const close = (x: bigint) => x !== c.flops && near(g, Number(x), 1e-9);
    if (close(c.flops / 2n)) return note('counted-macs-not-flops');
    if (close((c.flops / BigInt(p.topK)) * BigInt(p.experts))) return note('all-experts-flops');
    if (close(c.flops / BigInt(p.layers))) return note('one-layer');
    if (close(counts({ ...p, gated: !p.gated }).flops)) return note('wrong-matrix-count');
    return undefined;
  },
  examples: [
    { params: { ask: 'flops', ...MIXTRAL }, answer: '22548578304', correct: true },
    { params: { ask: 'flops', ...MIXTRAL }, answer: '11274289152', correct: false, note: 'counted-macs-not-flops' },
    { params: { ask: 'flops', ...MIXTRAL }, answer: '90194313216', correct: false, note: 'all-experts-flops' },
  ],
};

export const memory: FamilyTask<MemoryParams, ValueAnswer> = {
  parseParams: (raw) => {
    const { model, o } = readModel(raw);
    if (!Object.hasOwn(o, 'bytes')) throw new InvalidParamsError('missing param bytes (required when ask is memory)');
    const bytes = read.toRational(o.bytes, 'bytes', 16, 6);
    if (bytes.sign() <= 0) throw new InvalidParamsError('bytes must be positive');
    return { ask: 'memory', ...model, bytes: o.bytes as number | string };
  },
  prompt: (p, lang) => fill(MEMORY_PROMPT, { ...modelValues(p), bytes: bytesOf(p).toTex() }, lang),
  answerSpec: () => ({ parts: [{ name: 'value', kind: 'number', label: bi('GB', 'GB') }], noneAllowed: false }),
  solve: (p) => single(memoryGb(p)),
  verify: (p, solution) => verifySingle(solution, Rational.from(itemised(p).total).mul(bytesOf(p)).div(Rational.from(GB)).toString()),
  steps: (p, _solution, lang) => {
    const gb = memoryGb(p);
    const values = { ...modelValues(p), total: texInteger(counts(p).total), bytes: bytesOf(p).toTex(), gb: gb.isInteger() ? texInteger(gb.num) : texNumber(gb.toNumber(), 12) };
    return fillSteps([EXPERT_STEP, '{{totalLine}}', '$${{total}} \\times {{bytes}}\\ \\text{B} \\div 10^{9} = {{gb}}\\ \\text{GB}.$$', ALL_LOADED], values, lang);
  },
  diagnose: (p, _solution, given) => {
    const g = valueOf(given);
    if (g === undefined) return undefined;
    const c = counts(p);
    const bytes = bytesOf(p).toNumber();
    const right = memoryGb(p).toNumber();
    const close = (x: number) => !near(x, right, 1e-9) && near(g, x, 2e-3);
    if (close((Number(c.active) * bytes) / 1e9)) return note('active-memory');
    if (close((Number(c.total) * bytes) / 2 ** 30)) return note('gib-not-gb');
    return undefined;
  },
  examples: [
    { params: { ask: 'memory', ...MIXTRAL, bytes: 2 }, answer: '93.405585408', correct: true },
    { params: { ask: 'memory', ...MIXTRAL, bytes: 2 }, answer: '93.41', correct: true },
    { params: { ask: 'memory', ...MIXTRAL, bytes: 2 }, answer: '25.76', correct: false, note: 'active-memory' },
    { params: { ask: 'memory', ...MIXTRAL, bytes: 2 }, answer: '86.99', correct: false, note: 'gib-not-gb' },
  ],
};


