/**
 * lora-params, task `memory` (hard): training memory in GB (10⁹ B) under mixed-precision Adam — 16 B
 * per trainable parameter (fp16 weight 2 + fp16 gradient 2 + fp32 master copy 4 + Adam m 4 + v 4),
 * 2 B per frozen (fp16) parameter, activations not counted: full = 16P, LoRA = 2P + 16N.
 * The answer object gives N (`lora`, a count) and both memories in GB (`fullGB`, `loraGB`), the
 * graded parts of the same names.
 *
 * Solve: the closed forms. Verify (independent): N from the built shapes (model.ts), memory as an
 * itemised sum of weights, gradients, master copy and optimiser states.
 */
import {
  bi,
  defineNotes,
  Expression,
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
  type GivenAnswer,
  type Solution,
  type Verification,
} from '../../../engine';
import { answerOf, gradedFailure, gradedMismatch } from '../graded';
import { counts, countByShapes, countSteps, countValues, modelSetup, readModel, type ModelParams } from './model';

export type MemoryParams = { readonly task: 'memory'; readonly totalParams: number } & ModelParams;
/** `lora` is the number of LoRA parameters N; the memories are in GB. */
export type MemoryAnswer = { readonly lora: number; readonly fullGB: number; readonly loraGB: number };

const MAX_TOTAL = 1e13;
/** Mixed-precision Adam, bytes per trainable parameter: fp16 weight, fp16 grad, fp32 master, Adam m, v. */
const TRAINABLE_ITEMS = [
  ['weight (fp16)', 2],
  ['gradient (fp16)', 2],
  ['master weight (fp32)', 4],
  ['Adam m (fp32)', 4],
  ['Adam v (fp32)', 4],
] as const;
const BYTES_TRAINABLE = 16;
const BYTES_FROZEN = 2;
const GB = 1_000_000_000n;

const bytesToGB = (bytes: bigint) => Rational.of(bytes, GB);

/** `= 1.5` GB when exact in a few digits, `\\approx 1.99104` otherwise. */
function gbTex(bytes: bigint): string {
  const gb = bytesToGB(bytes);
  const text = texNumber(gb.toNumber(), 6);
  return `${Rational.parseDecimal(text)?.equals(gb) ? '=' : '\\approx'} ${text}`;
}

function memoryBytes(p: MemoryParams): { full: bigint; lora: bigint; trainable: bigint } {
  const n = counts(p).lora;
  const total = BigInt(p.totalParams);
  return { full: BigInt(BYTES_TRAINABLE) * total, lora: BigInt(BYTES_FROZEN) * total + BigInt(BYTES_TRAINABLE) * n, trainable: n };
}

function solve(p: MemoryParams): Solution<MemoryAnswer> {
  const mem = memoryBytes(p);
  const full = bytesToGB(mem.full);
  const lora = bytesToGB(mem.lora);
  return {
    answer: { lora: Number(mem.trainable), fullGB: full.toNumber(), loraGB: lora.toNumber() },
    expected: { kind: 'parts', parts: { fullGB: { kind: 'number', value: Expression.from(full) }, loraGB: { kind: 'number', value: Expression.from(lora) } } },
  };
}

function verify(p: MemoryParams, solution: Solution<MemoryAnswer>): Verification {
  // The graded parts must be the answer-object values checked below.
  const a = answerOf(solution);
  const graded = gradedMismatch(solution, { fullGB: a.fullGB, loraGB: a.loraGB });
  if (graded) return gradedFailure(graded);
  const method = 'every adapted matrix built layer by layer as shapes (B: d_out×r, A: r×d_in), elements summed; memory as an itemised sum';
  const { lora } = countByShapes(p);
  const total = BigInt(p.totalParams);
  let fullBytes = 0n;
  let loraBytes = BigInt(BYTES_FROZEN) * total; // the frozen base, fp16
  for (const [, bytes] of TRAINABLE_ITEMS) {
    fullBytes += BigInt(bytes) * total;
    loraBytes += BigInt(bytes) * lora;
  }
  const answer = solution.answer;
  const ok = answer.lora === Number(lora) && near(answer.fullGB, bytesToGB(fullBytes).toNumber(), 1e-12) && near(answer.loraGB, bytesToGB(loraBytes).toNumber(), 1e-12);
  return ok ? { ok: true, method } : { ok: false, method, detail: `itemised ${fullBytes} / ${loraBytes} bytes` };
}

const PROMPT = template(
  '{{model}} The model has $P = {{total}}$ parameters in all.\n\nEstimate training memory with mixed-precision Adam: 16 bytes per **trainable** parameter (fp16 weight 2 + fp16 gradient 2 + fp32 master weight 4 + Adam $m$ and $v$, 4 each) and 2 bytes per **frozen** parameter (fp16 weight); activations and temporary buffers are not counted.\n\nFind the memory for full fine-tuning (all $P$ parameters trained) and for LoRA (base frozen, only $A$ and $B$ trained), in GB ($1\\ \\mathrm{GB} = 10^9$ bytes), to at least 4 significant digits.',
  '{{model}}模型共有 $P = {{total}}$ 个参数。\n\n按混合精度 Adam 估算训练显存：每个**可训练**参数 16 字节（fp16 权重 2 + fp16 梯度 2 + fp32 主权重 4 + Adam 的 $m$、$v$ 各 4），每个**冻结**参数 2 字节（fp16 权重），不计激活值和临时缓冲。\n\n分别求全量微调（全部 $P$ 个参数都训练）和 LoRA 微调（基座冻结，只训练 $A$、$B$）所需的显存，单位 GB（$1\\ \\mathrm{GB} = 10^9$ 字节），给出至少 4 位有效数字。',
);

function prompt(p: MemoryParams, lang: 'en' | 'zh'): string {
  return fill(PROMPT, { model: bi(modelSetup(p, 'en'), modelSetup(p, 'zh')), total: texInteger(p.totalParams) }, lang);
}

const STEPS = [
  ...countSteps,
  template('Full fine-tuning: $16P = 16 \\times {{total}} = {{fullBytes}}$ bytes ${{fullGB}}$ GB.', '全量微调：$16P = 16 \\times {{total}} = {{fullBytes}}$ 字节 ${{fullGB}}$ GB。'),
  template(
    'LoRA: the frozen base takes $2P = {{baseBytes}}$ bytes and the trainable parameters $16N = {{trainableBytes}}$ bytes, ${{loraBytes}}$ bytes ${{loraGB}}$ GB in all.',
    'LoRA：冻结的基座 $2P = {{baseBytes}}$ 字节，加上可训练参数 $16N = {{trainableBytes}}$ 字节，共 ${{loraBytes}}$ 字节 ${{loraGB}}$ GB。',
  ),
  template(
    'What LoRA saves is mostly gradients and optimiser states: it needs about ${{percent}}\\%$ of the full fine-tuning memory.',
    'LoRA 省下的主要是梯度和优化器状态：显存约为全量微调的 ${{percent}}\\%$。',
  ),
];

function steps(p: MemoryParams, _solution: Solution<MemoryAnswer>, lang: 'en' | 'zh'): string {
  const mem = memoryBytes(p);
  const values = {
    ...countValues(p),
    total: texInteger(p.totalParams),
    fullBytes: texInteger(mem.full),
    fullGB: gbTex(mem.full),
    baseBytes: texInteger(2n * BigInt(p.totalParams)),
    trainableBytes: texInteger(16n * counts(p).lora),
    loraBytes: texInteger(mem.lora),
    loraGB: gbTex(mem.lora),
    percent: texNumber((100 * Number(mem.lora)) / Number(mem.full), 3),
  };
  return fillSteps(STEPS, values, lang);
}

const note = defineNotes({
  'weights-only': bi('Training needs more than the fp16 weights: add gradients, the fp32 master copy and Adam’s m and v (16 B per trainable parameter).', '训练不只需要 fp16 权重：还有梯度、fp32 主权重和 Adam 的 m、v（每个可训练参数 16 字节）。'),
  'base-not-counted': bi('The frozen base model still has to be in memory: add 2 bytes per frozen parameter.', '冻结的基座模型仍然要放在显存里：每个冻结参数还要 2 字节。'),
  'base-as-trainable': bi('The frozen base needs no gradients or optimiser states: 2 bytes per frozen parameter, 16 only for A and B.', '冻结的基座不需要梯度和优化器状态：冻结参数每个 2 字节，只有 A、B 每个 16 字节。'),
  'bytes-not-gb': bi('The answer is asked in GB (10⁹ bytes).', '题目要求以 GB（10⁹ 字节）为单位。'),
  'gib-not-gb': bi('Here 1 GB = 10⁹ bytes, not 2³⁰ (that is a GiB).', '这里 1 GB = 10⁹ 字节，不是 2³⁰（那是 GiB）。'),
});

function diagnose(p: MemoryParams, _solution: Solution<MemoryAnswer>, given: GivenAnswer) {
  if (given.kind !== 'parts') return undefined;
  const number = (name: string) => {
    const part = given.parts[name];
    return part?.kind === 'number' ? part.approx : undefined;
  };
  const is = (g: number | undefined, x: number, truth: number, tolerance = 1e-6) => g !== undefined && Number.isFinite(x) && near(g, x, tolerance) && !near(x, truth, 1e-12);
  const mem = memoryBytes(p);
  const P = p.totalParams;
  const N = Number(mem.trainable);
  const toGB = (bytes: number) => bytes / 1e9;
  const full = toGB(Number(mem.full));
  const lora = toGB(Number(mem.lora));
  const gf = number('fullGB');
  const gl = number('loraGB');
  const tol = 2e-3;
  for (const [g, truth] of [
    [gf, full],
    [gl, lora],
  ] as const) {
    if (is(g, truth * 1e9, truth, tol)) return note('bytes-not-gb');
    if (is(g, (truth * 1e9) / 2 ** 30, truth, tol)) return note('gib-not-gb');
  }
  if (gf !== undefined && !near(gf, full, 1e-3)) return is(gf, toGB(2 * P), full, tol) ? note('weights-only') : undefined;
  if (is(gl, toGB(16 * N), lora, tol)) return note('base-not-counted');
  if (is(gl, toGB(16 * P + 16 * N), lora, tol) || is(gl, toGB(16 * P), lora, tol)) return note('base-as-trainable');
  return undefined;
}

function parseParams(raw: unknown): MemoryParams {
  const o = read.readObject(raw, ['task', 'totalParams', 'layers', 'dModel', 'dFf', 'rank', 'targets']);
  const model = readModel(o);
  const totalParams = read.readInt(o, 'totalParams', 1, MAX_TOTAL);
  if (BigInt(totalParams) < counts(model).full) throw new InvalidParamsError('totalParams must include the adapted matrices');
  return { task: 'memory', totalParams, ...model };
}

const MEMORY = { task: 'memory', totalParams: 6_738_415_616, layers: 32, dModel: 4096, dFf: 11008, rank: 8, targets: ['q', 'v'] } as const;

export const memory: FamilyTask<MemoryParams, MemoryAnswer> = {
  parseParams,
  prompt,
  answerSpec: () => ({
    parts: [
      { name: 'fullGB', kind: 'number', label: bi('full fine-tuning (GB)', '全量微调（GB）') },
      { name: 'loraGB', kind: 'number', label: bi('LoRA (GB)', 'LoRA（GB）') },
    ],
    noneAllowed: false,
  }),
  solve,
  verify,
  steps,
  diagnose,
  examples: [
    { params: MEMORY, answer: { fullGB: '107.8146', loraGB: '13.5439' }, correct: true },
    { params: MEMORY, answer: { fullGB: '13.48', loraGB: '13.54' }, correct: false, note: 'weights-only' },
    { params: MEMORY, answer: { fullGB: '107.8', loraGB: '0.0671' }, correct: false, note: 'base-not-counted' },
    { params: MEMORY, answer: { fullGB: '107.8146', loraGB: '107.8817' }, correct: false, note: 'base-as-trainable' },
    { params: MEMORY, answer: { fullGB: '107814649856', loraGB: '13.544' }, correct: false, note: 'bytes-not-gb' },
    { params: MEMORY, answer: { fullGB: '100.41', loraGB: '12.614' }, correct: false, note: 'gib-not-gb' },
    { params: MEMORY, answer: { fullGB: '107.8 GB', loraGB: '13.54' }, correct: false, note: 'unknown-symbol' },
  ],
};
