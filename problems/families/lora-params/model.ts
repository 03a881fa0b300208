/**
 * What the count and memory tasks of lora-params share: a transformer's adapted matrices, their
 * closed-form LoRA and full counts, the params that describe them, and the text that sets them up.
 */
import {
  bi,
  fill,
  InvalidParamsError,
  params as read,
  template,
  texInteger,
  type Bilingual,
  type Lang,
  type Template,
  type TextValues,
} from '../../../engine';

export type Target = 'q' | 'k' | 'v' | 'o' | 'up' | 'down';

export type ModelParams = {
  readonly layers: number;
  readonly dModel: number;
  readonly dFf: number;
  readonly rank: number;
  readonly targets: readonly Target[];
};

export const TARGETS: readonly Target[] = ['q', 'k', 'v', 'o', 'up', 'down'];
const MAX_LAYERS = 1000;
const MAX_WIDTH = 100_000;

/** (d_out, d_in) of an adapted matrix: attention projections d×d, MLP up d_ff×d and down d×d_ff. */
export function shapeOf(target: Target, m: ModelParams): [number, number] {
  switch (target) {
    case 'up':
      return [m.dFf, m.dModel];
    case 'down':
      return [m.dModel, m.dFf];
    default:
      return [m.dModel, m.dModel];
  }
}

export interface Counts {
  readonly lora: bigint;
  readonly full: bigint;
}

/** Closed form: L · Σ_targets r(d_in + d_out) and L · Σ_targets d_in·d_out. */
export function counts(m: ModelParams): Counts {
  let perLayerLora = 0n;
  let perLayerFull = 0n;
  for (const t of m.targets) {
    const [dOut, dIn] = shapeOf(t, m);
    perLayerLora += BigInt(m.rank) * BigInt(dIn + dOut);
    perLayerFull += BigInt(dIn) * BigInt(dOut);
  }
  return { lora: BigInt(m.layers) * perLayerLora, full: BigInt(m.layers) * perLayerFull };
}

/** The independent route: every adapted matrix built layer by layer as shapes (B: d_out×r, A: r×d_in), elements summed. */
export function countByShapes(m: ModelParams): Counts {
  let lora = 0n;
  let full = 0n;
  for (let layer = 0; layer < m.layers; layer++) {
    for (const t of m.targets) {
      const [dOut, dIn] = shapeOf(t, m);
      const shapes: Array<readonly [number, number]> = [
        [dOut, m.rank],
        [m.rank, dIn],
      ];
      for (const [rows, cols] of shapes) lora += BigInt(rows) * BigInt(cols);
      full += BigInt(dOut) * BigInt(dIn);
    }
  }
  return { lora, full };
}

export function readModel(o: Readonly<Record<string, unknown>>): ModelParams {
  const layers = read.readInt(o, 'layers', 1, MAX_LAYERS);
  const dModel = read.readInt(o, 'dModel', 1, MAX_WIDTH);
  const dFf = read.readInt(o, 'dFf', 1, MAX_WIDTH);
  const rank = read.readInt(o, 'rank', 1, MAX_WIDTH);
  const raw = o.targets;
  if (!Array.isArray(raw) || raw.length < 1 || raw.length > TARGETS.length) throw new InvalidParamsError(`targets must be a list of 1 to ${TARGETS.length} of ${TARGETS.join(', ')}`);
  const targets = raw.map((t: unknown) => {
    if (typeof t !== 'string' || !(TARGETS as readonly string[]).includes(t)) throw new InvalidParamsError(`targets must be among ${TARGETS.join(', ')}`);
    return t as Target;
  });
  if (new Set(targets).size !== targets.length) throw new InvalidParamsError('targets must not repeat');
  return { layers, dModel, dFf, rank, targets };
}

const TARGET_TEX: Readonly<Record<Target, string>> = { q: 'W_q', k: 'W_k', v: 'W_v', o: 'W_o', up: 'W_{\\mathrm{up}}', down: 'W_{\\mathrm{down}}' };

const TARGET = template('${{matrix}}$ ({{rows}}×{{cols}})', '${{matrix}}$（{{rows}}×{{cols}}）');
const LIST_SEPARATOR = bi(', ', '、');

/** The adapted matrices with their shapes, in words. */
function targetList(m: ModelParams, lang: Lang): string {
  return m.targets
    .map((t) => {
      const [dOut, dIn] = shapeOf(t, m);
      return fill(TARGET, { matrix: TARGET_TEX[t], rows: dOut, cols: dIn }, lang);
    })
    .join(LIST_SEPARATOR[lang]);
}

const MODEL = template(
  'A transformer has $L = {{layers}}$ layers, hidden size $d = {{dModel}}$ and feed-forward width $d_{ff} = {{dFf}}$. LoRA with rank $r = {{rank}}$ is applied to {{targets}} in every layer: each adapted $W \\in \\mathbb{R}^{d_{out}\\times d_{in}}$ is frozen and only $B \\in \\mathbb{R}^{d_{out}\\times r}$ and $A \\in \\mathbb{R}^{r\\times d_{in}}$ are trained (no biases).',
  '一个 Transformer 有 $L = {{layers}}$ 层，隐藏维度 $d = {{dModel}}$，前馈层宽度 $d_{ff} = {{dFf}}$。用秩 $r = {{rank}}$ 的 LoRA 微调每一层的 {{targets}}：每个被适配的矩阵 $W \\in \\mathbb{R}^{d_{out}\\times d_{in}}$ 冻结，只训练 $B \\in \\mathbb{R}^{d_{out}\\times r}$ 和 $A \\in \\mathbb{R}^{r\\times d_{in}}$（不计偏置）。',
);

/** The model and where LoRA goes: the first paragraph of both tasks' prompts. */
export function modelSetup(m: ModelParams, lang: Lang): string {
  return fill(MODEL, { layers: m.layers, dModel: m.dModel, dFf: m.dFf, rank: m.rank, targets: bi(targetList(m, 'en'), targetList(m, 'zh')) }, lang);
}

/** Each adapted matrix's shape, LoRA and full count. */
export function perMatrix(m: ModelParams): { t: Target; dOut: number; dIn: number; lora: number; full: number }[] {
  return m.targets.map((t) => {
    const [dOut, dIn] = shapeOf(t, m);
    return { t, dOut, dIn, lora: m.rank * (dIn + dOut), full: dIn * dOut };
  });
}

const COUNT_STEPS = [
  template('Each adapted matrix trains $r(d_{in} + d_{out})$ parameters: ${{each}}$; ${{perLayer}}$ per layer.', '每个被适配的矩阵训练 $r(d_{in} + d_{out})$ 个参数：${{each}}$，每层合计 ${{perLayer}}$。'),
  template('Over ${{layers}}$ layers: $N = {{layers}}\\cdot {{perLayer}} = {{lora}}$ LoRA parameters.', '${{layers}}$ 层共 $N = {{layers}}\\cdot {{perLayer}} = {{lora}}$ 个 LoRA 参数。'),
];

/** The values of the first two worked steps of both tasks (r(d_in + d_out) per matrix, then over the layers). */
export function countValues(m: ModelParams): TextValues {
  const per = perMatrix(m);
  return {
    layers: m.layers,
    each: per.map((x) => `${TARGET_TEX[x.t]}: ${m.rank}\\cdot(${x.dIn} + ${x.dOut}) = ${texInteger(x.lora)}`).join(',\\ '),
    perLayer: texInteger(per.reduce((s, x) => s + x.lora, 0)),
    lora: texInteger(counts(m).lora),
  };
}

/** The first two worked steps of both tasks. */
export const countSteps: readonly Template[] = COUNT_STEPS;

/** Feedback shared by the tasks. */
export const SHARED_NOTES: Readonly<Record<'full-count' | 'one-factor', Bilingual>> = {
  'full-count': bi('That is d·k, the size of W itself; LoRA trains only A and B: r(d + k).', '这是 W 本身的大小 d·k；LoRA 只训练 A 和 B：r(d + k)。'),
  'one-factor': bi('Count both factors: B has d·r entries and A has r·k.', 'A 和 B 都要算：B 有 d·r 个元素，A 有 r·k 个。'),
};
