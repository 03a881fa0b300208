/**
 * lora-params — LoRA: a frozen weight W (d×k) plus a trainable low-rank update ΔW = s·BA,
 * B ∈ ℝ^{d×r}, A ∈ ℝ^{r×k}, s = α/r.
 *
 *   merge   W' = W + s·BA for tiny integer matrices, and the r(d + k) trainable entries (easy);
 *   count   LoRA parameters Σ r(d_in + d_out) over the adapted matrices of L layers, and their
 *           fraction of full fine-tuning of the same matrices Σ d_in·d_out (medium);
 *   memory  training memory in GB (10⁹ B) under mixed-precision Adam — 16 B per trainable parameter
 *           (fp16 weight 2 + fp16 gradient 2 + fp32 master copy 4 + Adam m 4 + v 4), 2 B per frozen
 *           (fp16) parameter, activations not counted: full = 16P, LoRA = 2P + 16N (hard).
 *
 * Solve: BA with the engine's exact linear algebra (la.dot per entry), the closed forms above.
 * Verify (independent): BA by explicit triple loops; counts by building every adapted matrix's
 * A and B shapes layer by layer and adding up their elements; memory as an itemised sum of
 * weights, gradients, master copy and optimiser states.
 */
import {
  bi,
  defineFamily,
  EXACT_ONLY,
  Expression,
  InvalidParamsError,
  la,
  memoByParams,
  near,
  params as read,
  Rational,
  texInteger,
  texNumber,
  type AnswerPart,
  type Bilingual,
  type GivenAnswer,
  type Level,
  type Rng,
  type Solution,
  type Verification,
} from '../../engine';
import { answerOf, gradedFailure, gradedMismatch } from './graded';

type Target = 'q' | 'k' | 'v' | 'o' | 'up' | 'down';
type Entry = number | string;
type IntMatrix = readonly (readonly Entry[])[];
type MergeParams = { readonly task: 'merge'; readonly W: IntMatrix; readonly B: IntMatrix; readonly A: IntMatrix; readonly scale: Entry };
type ModelParams = {
  readonly layers: number;
  readonly dModel: number;
  readonly dFf: number;
  readonly rank: number;
  readonly targets: readonly Target[];
};
type CountParams = { readonly task: 'count' } & ModelParams;
type MemoryParams = { readonly task: 'memory'; readonly totalParams: number } & ModelParams;
type Params = MergeParams | CountParams | MemoryParams;
type Answer = {
  readonly merged?: readonly (readonly number[])[];
  readonly trainable?: number;
  readonly lora?: number;
  readonly full?: number;
  readonly fraction?: number;
  readonly fullGB?: number;
  readonly loraGB?: number;
};

const TARGETS: readonly Target[] = ['q', 'k', 'v', 'o', 'up', 'down'];
const MAX_DIM = 6;
const MAX_ENTRY = 1000;
const MAX_LAYERS = 1000;
const MAX_WIDTH = 100_000;
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

// ---------- shapes ----------

/** (d_out, d_in) of an adapted matrix: attention projections d×d, MLP up d_ff×d and down d×d_ff. */
function shapeOf(target: Target, m: ModelParams): [number, number] {
  switch (target) {
    case 'up':
      return [m.dFf, m.dModel];
    case 'down':
      return [m.dModel, m.dFf];
    default:
      return [m.dModel, m.dModel];
  }
}

interface Counts {
  readonly lora: bigint;
  readonly full: bigint;
}

/** Closed form: L · Σ_targets r(d_in + d_out) and L · Σ_targets d_in·d_out. */
function counts(m: ModelParams): Counts {
  let perLayerLora = 0n;
  let perLayerFull = 0n;
  for (const t of m.targets) {
    const [dOut, dIn] = shapeOf(t, m);
    perLayerLora += BigInt(m.rank) * BigInt(dIn + dOut);
    perLayerFull += BigInt(dIn) * BigInt(dOut);
  }
  return { lora: BigInt(m.layers) * perLayerLora, full: BigInt(m.layers) * perLayerFull };
}

// ---------- merge ----------

interface Merge {
  readonly W: la.Matrix;
  readonly B: la.Matrix;
  readonly A: la.Matrix;
  readonly s: Rational;
  readonly BA: Rational[][];
  readonly merged: Rational[][];
}

const mergeOf = memoByParams((p: MergeParams): Merge => {
  const toMatrix = (m: IntMatrix, name: string) => m.map((row, i) => row.map((x, j) => read.toRational(x, `${name}[${i}][${j}]`, MAX_ENTRY, 12)));
  const W = toMatrix(p.W, 'W');
  const B = toMatrix(p.B, 'B');
  const A = toMatrix(p.A, 'A');
  const s = read.toRational(p.scale, 'scale', 100, 12);
  const columnsOfA = (A[0] as Rational[]).map((_, j) => A.map((row) => row[j] as Rational));
  const BA = B.map((row) => columnsOfA.map((col) => la.dot(row, col)));
  const merged = W.map((row, i) => row.map((w, j) => w.add(s.mul((BA[i] as Rational[])[j] as Rational))));
  return { W, B, A, s, BA, merged };
});

// ---------- solve ----------

const bytesToGB = (bytes: bigint) => Rational.of(bytes, GB);

/** `= 1.5` GB when exact in a few digits, `\\approx 1.99104` otherwise. */
function gbTex(bytes: bigint): string {
  const gb = bytesToGB(bytes);
  const text = texNumber(gb.toNumber(), 6);
  return `${Rational.parseDecimal(text)?.equals(gb) ? '=' : '\\approx'} ${text}`;
}

function memory(p: MemoryParams): { full: bigint; lora: bigint; trainable: bigint } {
  const n = counts(p).lora;
  const total = BigInt(p.totalParams);
  return { full: BigInt(BYTES_TRAINABLE) * total, lora: BigInt(BYTES_FROZEN) * total + BigInt(BYTES_TRAINABLE) * n, trainable: n };
}

const solve = memoByParams((p: Params): Solution<Answer> => {
  switch (p.task) {
    case 'merge': {
      const m = mergeOf(p);
      const d = m.W.length;
      const k = (m.W[0] as readonly Rational[]).length;
      const r = (m.A as readonly unknown[]).length;
      const trainable = r * (d + k);
      return {
        answer: { merged: m.merged.map((row) => row.map((x) => x.toNumber())), trainable },
        expected: {
          kind: 'parts',
          parts: {
            merged: { kind: 'matrix', value: m.merged.map((row) => row.map((x) => Expression.from(x))) },
            trainable: { kind: 'number', value: Expression.from(trainable) },
          },
        },
      };
    }
    case 'count': {
      const c = counts(p);
      const fraction = Rational.of(c.lora, c.full);
      return {
        answer: { lora: Number(c.lora), full: Number(c.full), fraction: fraction.toNumber() },
        expected: {
          kind: 'parts',
          parts: { lora: { kind: 'number', value: Expression.from(c.lora) }, fraction: { kind: 'number', value: Expression.from(fraction) } },
        },
      };
    }
    case 'memory': {
      const mem = memory(p);
      const full = bytesToGB(mem.full);
      const lora = bytesToGB(mem.lora);
      return {
        answer: { lora: Number(mem.trainable), fullGB: full.toNumber(), loraGB: lora.toNumber() },
        expected: { kind: 'parts', parts: { full: { kind: 'number', value: Expression.from(full) }, lora: { kind: 'number', value: Expression.from(lora) } } },
      };
    }
  }
});

// ---------- verification ----------

function verify(p: Params, solution: Solution<Answer>): Verification {
  // The graded parts must be the answer-object values checked below.
  const a = answerOf(solution);
  const graded = gradedMismatch(solution, p.task === 'merge' ? { merged: a.merged, trainable: a.trainable } : p.task === 'count' ? { lora: a.lora, fraction: a.fraction } : { full: a.fullGB, lora: a.loraGB });
  if (graded) return gradedFailure(graded);
  switch (p.task) {
    case 'merge': {
      const method = 'BA by explicit triple loops, then W + s·BA entry by entry; A and B entries counted from their shapes';
      const m = mergeOf(p);
      const d = m.W.length;
      const k = (m.W[0] as readonly Rational[]).length;
      const r = m.A.length;
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < k; j++) {
          let sum = Rational.zero;
          for (let l = 0; l < r; l++) sum = sum.add((m.B[i]?.[l] as Rational).mul(m.A[l]?.[j] as Rational));
          const want = (m.W[i]?.[j] as Rational).add(m.s.mul(sum));
          const got = solution.answer.merged?.[i]?.[j];
          if (got === undefined || !near(got, want.toNumber(), 1e-12) || !want.equals(m.merged[i]?.[j] as Rational)) {
            return { ok: false, method, detail: `entry (${i + 1}, ${j + 1}): loops give ${want.toString()}` };
          }
        }
      }
      const entries = m.B.reduce((s, row) => s + row.length, 0) + m.A.reduce((s, row) => s + row.length, 0);
      return entries === solution.answer.trainable ? { ok: true, method } : { ok: false, method, detail: `A and B hold ${entries} entries` };
    }
    case 'count':
    case 'memory': {
      const method = 'every adapted matrix built layer by layer as shapes (B: d_out×r, A: r×d_in), elements summed; memory as an itemised sum';
      let lora = 0n;
      let full = 0n;
      for (let layer = 0; layer < p.layers; layer++) {
        for (const t of p.targets) {
          const [dOut, dIn] = shapeOf(t, p);
          const shapes: Array<readonly [number, number]> = [
            [dOut, p.rank],
            [p.rank, dIn],
          ];
          for (const [rows, cols] of shapes) lora += BigInt(rows) * BigInt(cols);
          full += BigInt(dOut) * BigInt(dIn);
        }
      }
      if (p.task === 'count') {
        const fraction = Rational.of(lora, full);
        const a = solution.answer;
        const ok = a.lora === Number(lora) && a.full === Number(full) && a.fraction !== undefined && near(a.fraction, fraction.toNumber(), 1e-12);
        return ok ? { ok: true, method } : { ok: false, method, detail: `summed ${lora} LoRA, ${full} full` };
      }
      const total = BigInt(p.totalParams);
      let fullBytes = 0n;
      let loraBytes = BigInt(BYTES_FROZEN) * total; // the frozen base, fp16
      for (const [, bytes] of TRAINABLE_ITEMS) {
        fullBytes += BigInt(bytes) * total;
        loraBytes += BigInt(bytes) * lora;
      }
      const a = solution.answer;
      const ok =
        a.lora === Number(lora) &&
        a.fullGB !== undefined &&
        a.loraGB !== undefined &&
        near(a.fullGB, bytesToGB(fullBytes).toNumber(), 1e-12) &&
        near(a.loraGB, bytesToGB(loraBytes).toNumber(), 1e-12);
      return ok ? { ok: true, method } : { ok: false, method, detail: `itemised ${fullBytes} / ${loraBytes} bytes` };
    }
  }
}

// ---------- generation ----------

/** Decoder shapes people meet (layers, d_model, d_ff, total parameters for the memory task). */
const MODELS: readonly (readonly [number, number, number, number])[] = [
  [12, 768, 3072, 124_439_808],
  [24, 1024, 4096, 354_823_168],
  [24, 2048, 8192, 1_315_758_080],
  [32, 2560, 10_240, 2_651_596_800],
  [32, 4096, 11_008, 6_738_415_616],
  [40, 5120, 13_824, 13_015_864_320],
  [80, 8192, 28_672, 68_976_648_192],
];
const TARGET_SETS: readonly (readonly Target[])[] = [['q', 'v'], ['q', 'v'], ['q', 'k', 'v', 'o'], ['q', 'k', 'v', 'o', 'up', 'down'], ['q', 'v', 'up', 'down']];
const RANKS = [1, 2, 4, 8, 16, 32, 64];

function smallMatrix(rng: Rng, rows: number, cols: number, bound: number): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.int(-bound, bound)));
}

function generate(rng: Rng, level: Level): Params {
  if (level === 'easy') {
    const d = rng.int(2, 3);
    const k = rng.int(2, 3);
    const r = d === 3 && k === 3 && rng.chance(0.4) ? 2 : 1;
    let B = smallMatrix(rng, d, r, 2);
    let A = smallMatrix(rng, r, k, 2);
    // A zero B or A would make the update vanish (as at LoRA's initialisation): not a useful exercise.
    while (B.flat().every((x) => x === 0)) B = smallMatrix(rng, d, r, 2);
    while (A.flat().every((x) => x === 0)) A = smallMatrix(rng, r, k, 2);
    const scale = rng.pick<Entry>([1, 1, 1, 2, '1/2']);
    return { task: 'merge', W: smallMatrix(rng, d, k, 3), B, A, scale };
  }
  const [layers, dModel, dFf, totalParams] = rng.pick(MODELS);
  const model = { layers, dModel, dFf, rank: rng.pick(RANKS), targets: rng.pick(TARGET_SETS) };
  return level === 'medium' ? { task: 'count', ...model } : { task: 'memory', totalParams, ...model };
}

// ---------- text ----------

const texMatrix = (m: readonly (readonly Rational[])[]) => `\\begin{pmatrix}${m.map((row) => row.map((x) => x.toTex()).join(' & ')).join(' \\\\ ')}\\end{pmatrix}`;

const TARGET_TEX: Readonly<Record<Target, string>> = { q: 'W_q', k: 'W_k', v: 'W_v', o: 'W_o', up: 'W_{\\mathrm{up}}', down: 'W_{\\mathrm{down}}' };

function targetList(m: ModelParams, lang: 'en' | 'zh'): string {
  const zh = lang === 'zh';
  return m.targets
    .map((t) => {
      const [dOut, dIn] = shapeOf(t, m);
      return zh ? `$${TARGET_TEX[t]}$（${dOut}×${dIn}）` : `$${TARGET_TEX[t]}$ (${dOut}×${dIn})`;
    })
    .join(zh ? '、' : ', ');
}

function modelSetup(m: ModelParams, lang: 'en' | 'zh'): string {
  const zh = lang === 'zh';
  return zh
    ? `一个 Transformer 有 $L = ${m.layers}$ 层，隐藏维度 $d = ${m.dModel}$，前馈层宽度 $d_{ff} = ${m.dFf}$。用秩 $r = ${m.rank}$ 的 LoRA 微调每一层的 ${targetList(m, lang)}：每个被适配的矩阵 $W \\in \\mathbb{R}^{d_{out}\\times d_{in}}$ 冻结，只训练 $B \\in \\mathbb{R}^{d_{out}\\times r}$ 和 $A \\in \\mathbb{R}^{r\\times d_{in}}$（不计偏置）。`
    : `A transformer has $L = ${m.layers}$ layers, hidden size $d = ${m.dModel}$ and feed-forward width $d_{ff} = ${m.dFf}$. LoRA with rank $r = ${m.rank}$ is applied to ${targetList(m, lang)} in every layer: each adapted $W \\in \\mathbb{R}^{d_{out}\\times d_{in}}$ is frozen and only $B \\in \\mathbb{R}^{d_{out}\\times r}$ and $A \\in \\mathbb{R}^{r\\times d_{in}}$ are trained (no biases).`;
}

function prompt(p: Params, lang: 'en' | 'zh'): string {
  const zh = lang === 'zh';
  switch (p.task) {
    case 'merge': {
      const m = mergeOf(p);
      const d = m.W.length;
      const k = (m.W[0] as readonly Rational[]).length;
      const r = m.A.length;
      const scale = m.s.equals(Rational.one) ? '' : `${m.s.toTex()}\\,`;
      return zh
        ? `LoRA 把冻结的权重 $W$ 加上低秩更新：$W' = W + s\\,BA$，其中缩放系数 $s = \\alpha/r = ${m.s.toTex()}$，秩 $r = ${r}$。推理前可以把更新合并进 $W$。已知\n$$W = ${texMatrix(m.W)},\\quad B = ${texMatrix(m.B)},\\quad A = ${texMatrix(m.A)}.$$\n求合并后的权重 $W' = W + ${scale}BA$（${d}×${k} 矩阵，写成 \`[[1, 2], [3, 4]]\` 的形式），以及 $A$ 和 $B$ 中可训练参数的总个数。`
        : `LoRA adds a low-rank update to a frozen weight $W$: $W' = W + s\\,BA$ with scaling $s = \\alpha/r = ${m.s.toTex()}$ and rank $r = ${r}$; before inference the update can be merged into $W$. Given\n$$W = ${texMatrix(m.W)},\\quad B = ${texMatrix(m.B)},\\quad A = ${texMatrix(m.A)},$$\nfind the merged weight $W' = W + ${scale}BA$ (a ${d}×${k} matrix, written like \`[[1, 2], [3, 4]]\`) and the number of trainable parameters in $A$ and $B$ together.`;
    }
    case 'count':
      return zh
        ? `${modelSetup(p, lang)}\n\n求 LoRA 的可训练参数总数，以及它占“全量微调这些矩阵”（训练它们的全部元素）所需参数的比例。比例可写成分数。`
        : `${modelSetup(p, lang)}\n\nHow many trainable LoRA parameters are there in total, and what fraction is that of fully fine-tuning the same matrices (training all their entries)? The fraction may be given as a fraction.`;
    case 'memory':
      return zh
        ? `${modelSetup(p, lang)}模型共有 $P = ${texInteger(p.totalParams)}$ 个参数。\n\n按混合精度 Adam 估算训练显存：每个**可训练**参数 16 字节（fp16 权重 2 + fp16 梯度 2 + fp32 主权重 4 + Adam 的 $m$、$v$ 各 4），每个**冻结**参数 2 字节（fp16 权重），不计激活值和临时缓冲。\n\n分别求全量微调（全部 $P$ 个参数都训练）和 LoRA 微调（基座冻结，只训练 $A$、$B$）所需的显存，单位 GB（$1\\ \\mathrm{GB} = 10^9$ 字节），给出至少 4 位有效数字。`
        : `${modelSetup(p, lang)} The model has $P = ${texInteger(p.totalParams)}$ parameters in all.\n\nEstimate training memory with mixed-precision Adam: 16 bytes per **trainable** parameter (fp16 weight 2 + fp16 gradient 2 + fp32 master weight 4 + Adam $m$ and $v$, 4 each) and 2 bytes per **frozen** parameter (fp16 weight); activations and temporary buffers are not counted.\n\nFind the memory for full fine-tuning (all $P$ parameters trained) and for LoRA (base frozen, only $A$ and $B$ trained), in GB ($1\\ \\mathrm{GB} = 10^9$ bytes), to at least 4 significant digits.`;
  }
}

function steps(p: Params, solution: Solution<Answer>, lang: 'en' | 'zh'): string {
  const zh = lang === 'zh';
  const lines: string[] = [];
  switch (p.task) {
    case 'merge': {
      const m = mergeOf(p);
      const d = m.W.length;
      const k = (m.W[0] as readonly Rational[]).length;
      const r = m.A.length;
      lines.push(
        zh
          ? `$B$ 是 ${d}×${r}，$A$ 是 ${r}×${k}，所以 $BA$ 是 ${d}×${k}（与 $W$ 同形），其秩至多为 $${r}$：$$BA = ${texMatrix(m.BA)}.$$`
          : `$B$ is ${d}×${r} and $A$ is ${r}×${k}, so $BA$ is ${d}×${k} like $W$, with rank at most $${r}$: $$BA = ${texMatrix(m.BA)}.$$`,
      );
      if (!m.s.equals(Rational.one)) {
        const sBA = m.BA.map((row) => row.map((x) => x.mul(m.s)));
        lines.push(`${zh ? '乘以缩放系数' : 'Scale by'} $s = ${m.s.toTex()}$: $$s\\,BA = ${texMatrix(sBA)}.$$`);
      }
      lines.push(`$$W' = W + ${m.s.equals(Rational.one) ? '' : 's\\,'}BA = ${texMatrix(m.merged)}.$$`);
      lines.push(
        zh
          ? `可训练参数：$B$ 有 $${d}\\cdot ${r}$ 个，$A$ 有 $${r}\\cdot ${k}$ 个，共 $r(d + k) = ${r}\\cdot(${d} + ${k}) = ${solution.answer.trainable}$ 个（全量微调 $W$ 则是 $dk = ${d * k}$ 个）。`
          : `Trainable parameters: $${d}\\cdot ${r}$ in $B$ and $${r}\\cdot ${k}$ in $A$, so $r(d + k) = ${r}\\cdot(${d} + ${k}) = ${solution.answer.trainable}$ (fully fine-tuning $W$ would train $dk = ${d * k}$).`,
      );
      break;
    }
    case 'count':
    case 'memory': {
      const per = p.targets.map((t) => {
        const [dOut, dIn] = shapeOf(t, p);
        return { t, dOut, dIn, lora: p.rank * (dIn + dOut), full: dIn * dOut };
      });
      const perLayer = per.reduce((s, x) => s + x.lora, 0);
      const c = counts(p);
      lines.push(
        (zh ? '每个被适配的矩阵训练 $r(d_{in} + d_{out})$ 个参数：' : 'Each adapted matrix trains $r(d_{in} + d_{out})$ parameters: ') +
          `$${per.map((x) => `${TARGET_TEX[x.t]}: ${p.rank}\\cdot(${x.dIn} + ${x.dOut}) = ${texInteger(x.lora)}`).join(',\\ ')}$` +
          (zh ? `，每层合计 $${texInteger(perLayer)}$。` : `; $${texInteger(perLayer)}$ per layer.`),
      );
      lines.push(
        zh
          ? `$${p.layers}$ 层共 $N = ${p.layers}\\cdot ${texInteger(perLayer)} = ${texInteger(c.lora)}$ 个 LoRA 参数。`
          : `Over $${p.layers}$ layers: $N = ${p.layers}\\cdot ${texInteger(perLayer)} = ${texInteger(c.lora)}$ LoRA parameters.`,
      );
      if (p.task === 'count') {
        const fraction = Rational.of(c.lora, c.full);
        lines.push(
          zh
            ? `全量微调这些矩阵要训练 $${p.layers}\\cdot(${per.map((x) => `${x.dOut}\\cdot ${x.dIn}`).join(' + ')}) = ${texInteger(c.full)}$ 个参数。`
            : `Fully fine-tuning the same matrices trains $${p.layers}\\cdot(${per.map((x) => `${x.dOut}\\cdot ${x.dIn}`).join(' + ')}) = ${texInteger(c.full)}$ parameters.`,
        );
        lines.push(`$$\\frac{${texInteger(c.lora)}}{${texInteger(c.full)}} = ${fraction.toTex()} \\approx ${texNumber(fraction.toNumber(), 4)} \\;(${texNumber(100 * fraction.toNumber(), 3)}\\%).$$`);
      } else {
        const mem = memory(p);
        const P = texInteger(p.totalParams);
        lines.push(
          zh
            ? `全量微调：$16P = 16 \\times ${P} = ${texInteger(mem.full)}$ 字节 $${gbTex(mem.full)}$ GB。`
            : `Full fine-tuning: $16P = 16 \\times ${P} = ${texInteger(mem.full)}$ bytes $${gbTex(mem.full)}$ GB.`,
        );
        lines.push(
          zh
            ? `LoRA：冻结的基座 $2P = ${texInteger(2n * BigInt(p.totalParams))}$ 字节，加上可训练参数 $16N = ${texInteger(16n * c.lora)}$ 字节，共 $${texInteger(mem.lora)}$ 字节 $${gbTex(mem.lora)}$ GB。`
            : `LoRA: the frozen base takes $2P = ${texInteger(2n * BigInt(p.totalParams))}$ bytes and the trainable parameters $16N = ${texInteger(16n * c.lora)}$ bytes, $${texInteger(mem.lora)}$ bytes $${gbTex(mem.lora)}$ GB in all.`,
        );
        lines.push(
          zh
            ? `LoRA 省下的主要是梯度和优化器状态：显存约为全量微调的 $${texNumber((100 * Number(mem.lora)) / Number(mem.full), 3)}\\%$。`
            : `What LoRA saves is mostly gradients and optimiser states: it needs about $${texNumber((100 * Number(mem.lora)) / Number(mem.full), 3)}\\%$ of the full fine-tuning memory.`,
        );
      }
      break;
    }
  }
  return lines.map((line, i) => `${i + 1}. ${line}`).join('\n');
}

// ---------- diagnosis ----------

const NOTES: Readonly<Record<string, Bilingual>> = {
  'scale-ignored': bi('The update is scaled: W + s·BA with s = α/r, not W + BA.', '更新要乘缩放系数：W + s·BA，其中 s = α/r，而不是 W + BA。'),
  'update-only': bi('That is the update s·BA alone; the merged weight adds it to W.', '这只是更新量 s·BA；合并后的权重要把它加到 W 上。'),
  'transposed-update': bi('BA is d×k with entry (i, j) = Σ_l B[i][l]·A[l][j]; the update was transposed.', 'BA 是 d×k 矩阵，第 (i, j) 个元素为 Σ_l B[i][l]·A[l][j]；这里把更新转置了。'),
  'full-count': bi('That is d·k, the size of W itself; LoRA trains only A and B: r(d + k).', '这是 W 本身的大小 d·k；LoRA 只训练 A 和 B：r(d + k)。'),
  'one-factor': bi('Count both factors: B has d·r entries and A has r·k.', 'A 和 B 都要算：B 有 d·r 个元素，A 有 r·k 个。'),
  'one-layer': bi('That is one layer; multiply by the number of layers L.', '这是一层的数量；还要乘以层数 L。'),
  'fraction-inverted': bi('The fraction is LoRA parameters ÷ full fine-tuning parameters (much less than 1).', '比例是 LoRA 参数数 ÷ 全量微调参数数（远小于 1）。'),
  'weights-only': bi('Training needs more than the fp16 weights: add gradients, the fp32 master copy and Adam’s m and v (16 B per trainable parameter).', '训练不只需要 fp16 权重：还有梯度、fp32 主权重和 Adam 的 m、v（每个可训练参数 16 字节）。'),
  'base-not-counted': bi('The frozen base model still has to be in memory: add 2 bytes per frozen parameter.', '冻结的基座模型仍然要放在显存里：每个冻结参数还要 2 字节。'),
  'base-as-trainable': bi('The frozen base needs no gradients or optimiser states: 2 bytes per frozen parameter, 16 only for A and B.', '冻结的基座不需要梯度和优化器状态：冻结参数每个 2 字节，只有 A、B 每个 16 字节。'),
  'bytes-not-gb': bi('The answer is asked in GB (10⁹ bytes).', '题目要求以 GB（10⁹ 字节）为单位。'),
  'gib-not-gb': bi('Here 1 GB = 10⁹ bytes, not 2³⁰ (that is a GiB).', '这里 1 GB = 10⁹ 字节，不是 2³⁰（那是 GiB）。'),
};

function diagnose(p: Params, solution: Solution<Answer>, given: GivenAnswer) {
  if (given.kind !== 'parts') return undefined;
  const note = (code: string) => ({ note: code, message: NOTES[code] as Bilingual });
  const number = (name: string) => {
    const part = given.parts[name];
    return part?.kind === 'number' ? part.approx : undefined;
  };
  const is = (g: number | undefined, x: number, truth: number, tolerance = 1e-6) => g !== undefined && Number.isFinite(x) && near(g, x, tolerance) && !near(x, truth, 1e-12);
  switch (p.task) {
    case 'merge': {
      const m = mergeOf(p);
      const gm = given.parts.merged;
      const same = (x: readonly (readonly number[])[], y: readonly (readonly Rational[])[]) =>
        x.length === y.length && x.every((row, i) => row.length === (y[i] as readonly Rational[]).length && row.every((v, j) => Math.abs(v - ((y[i] as readonly Rational[])[j] as Rational).toNumber()) < 1e-9));
      if (gm?.kind === 'matrix' && !same(gm.approx, m.merged)) {
        const plain = m.W.map((row, i) => row.map((w, j) => w.add((m.BA[i] as Rational[])[j] as Rational)));
        if (!m.s.equals(Rational.one) && same(gm.approx, plain)) return note('scale-ignored');
        if (same(gm.approx, m.BA.map((row) => row.map((x) => x.mul(m.s))))) return note('update-only');
        if (m.W.length === (m.W[0] as readonly Rational[]).length) {
          const transposed = m.W.map((row, i) => row.map((w, j) => w.add(m.s.mul((m.BA[j] as Rational[])[i] as Rational))));
          if (same(gm.approx, transposed)) return note('transposed-update');
        }
        return undefined;
      }
      const d = m.W.length;
      const k = (m.W[0] as readonly Rational[]).length;
      const r = m.A.length;
      const g = number('trainable');
      const truth = solution.answer.trainable as number;
      if (is(g, d * k, truth)) return note('full-count');
      if (is(g, d * r, truth) || is(g, r * k, truth)) return note('one-factor');
      return undefined;
    }
    case 'count': {
      const c = counts(p);
      const g = number('lora');
      const lora = Number(c.lora);
      if (g !== undefined && g !== lora) {
        if (is(g, lora / p.layers, lora)) return note('one-layer');
        if (is(g, Number(c.full), lora)) return note('full-count');
        if (is(g, lora / 2, lora)) return note('one-factor');
        return undefined;
      }
      const f = number('fraction');
      const fraction = solution.answer.fraction as number;
      if (is(f, 1 / fraction, fraction, 1e-3)) return note('fraction-inverted');
      return undefined;
    }
    case 'memory': {
      const mem = memory(p);
      const P = p.totalParams;
      const N = Number(mem.trainable);
      const toGB = (bytes: number) => bytes / 1e9;
      const full = toGB(Number(mem.full));
      const lora = toGB(Number(mem.lora));
      const gf = number('full');
      const gl = number('lora');
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
  }
}

// ---------- params ----------

function readIntMatrix(o: Readonly<Record<string, unknown>>, key: string, rows: number | null, cols: number | null): number[][] {
  const v = o[key];
  if (!Array.isArray(v) || v.length < 1 || v.length > MAX_DIM) throw new InvalidParamsError(`${key} must be a matrix with 1 to ${MAX_DIM} rows`);
  if (rows !== null && v.length !== rows) throw new InvalidParamsError(`${key} must have ${rows} rows`);
  const width = Array.isArray(v[0]) ? (v[0] as unknown[]).length : -1;
  if (width < 1 || width > MAX_DIM || (cols !== null && width !== cols)) throw new InvalidParamsError(`${key} must have ${cols ?? `1 to ${MAX_DIM}`} columns`);
  return v.map((row: unknown, i) => {
    if (!Array.isArray(row) || row.length !== width) throw new InvalidParamsError(`${key} row ${i} must have ${width} entries`);
    return row.map((x: unknown, j) => {
      if (typeof x !== 'number' || !Number.isSafeInteger(x) || Math.abs(x) > MAX_ENTRY) throw new InvalidParamsError(`${key}[${i}][${j}] must be an integer of size at most ${MAX_ENTRY}`);
      return x;
    });
  });
}

function readModel(o: Readonly<Record<string, unknown>>): ModelParams {
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

function parseParams(raw: unknown): Params {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new InvalidParamsError('params must be an object');
  const task = read.readEnum(raw as Record<string, unknown>, 'task', ['merge', 'count', 'memory'] as const);
  if (task === 'merge') {
    const o = read.readObject(raw, ['task', 'W', 'B', 'A', 'scale']);
    const W = readIntMatrix(o, 'W', null, null);
    const d = W.length;
    const k = (W[0] as number[]).length;
    const B = readIntMatrix(o, 'B', d, null);
    const r = (B[0] as number[]).length;
    const A = readIntMatrix(o, 'A', r, k);
    read.toRational(o.scale, 'scale', 100, 12);
    return { task, W, B, A, scale: o.scale as Entry };
  }
  if (task === 'count') {
    const o = read.readObject(raw, ['task', 'layers', 'dModel', 'dFf', 'rank', 'targets']);
    return { task, ...readModel(o) };
  }
  const o = read.readObject(raw, ['task', 'totalParams', 'layers', 'dModel', 'dFf', 'rank', 'targets']);
  const model = readModel(o);
  const totalParams = read.readInt(o, 'totalParams', 1, MAX_TOTAL);
  if (BigInt(totalParams) < counts(model).full) throw new InvalidParamsError('totalParams must include the adapted matrices');
  return { task, totalParams, ...model };
}

function answerSpec(p: Params) {
  const parts: AnswerPart[] =
    p.task === 'merge'
      ? [
          { name: 'merged', kind: 'matrix', rows: p.W.length, cols: (p.W[0] as readonly Entry[]).length, label: bi("merged weight W'", "合并后的权重 W'"), tolerance: EXACT_ONLY },
          { name: 'trainable', kind: 'number', label: bi('trainable parameters in A and B', 'A、B 中的可训练参数个数'), tolerance: EXACT_ONLY },
        ]
      : p.task === 'count'
        ? [
            { name: 'lora', kind: 'number', label: bi('LoRA parameters', 'LoRA 参数个数'), tolerance: EXACT_ONLY },
            { name: 'fraction', kind: 'number', label: bi('fraction of full fine-tuning', '占全量微调的比例') },
          ]
        : [
            { name: 'full', kind: 'number', label: bi('full fine-tuning (GB)', '全量微调（GB）') },
            { name: 'lora', kind: 'number', label: bi('LoRA (GB)', 'LoRA（GB）') },
          ];
  return { parts, noneAllowed: false };
}

const MERGE = { task: 'merge', W: [[1, 0], [2, -1]], B: [[1], [2]], A: [[3, -1]], scale: 2 } as const;
const COUNT = { task: 'count', layers: 32, dModel: 4096, dFf: 11008, rank: 8, targets: ['q', 'v'] } as const;
const MEMORY = { task: 'memory', totalParams: 6_738_415_616, layers: 32, dModel: 4096, dFf: 11008, rank: 8, targets: ['q', 'v'] } as const;

export const loraParams = defineFamily<Params, Answer>({
  id: 'lora-params',
  version: 1,
  article: 'lora',
  title: bi('LoRA parameters, memory and merging', 'LoRA 的参数量、显存与权重合并'),
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
    { params: MERGE, answer: { merged: '[[7, -2], [14, -5]]', trainable: '4' }, correct: true, comment: 'BA = [[3, -1], [6, -2]], s = 2' },
    { params: MERGE, answer: { merged: '[[4, -1], [8, -3]]', trainable: '4' }, correct: false, note: 'scale-ignored' },
    { params: MERGE, answer: { merged: '[[6, -2], [12, -4]]', trainable: '4' }, correct: false, note: 'update-only' },
    { params: MERGE, answer: { merged: '[[7, 12], [0, -5]]', trainable: '4' }, correct: false, note: 'transposed-update' },
    { params: MERGE, answer: { merged: '[[7, -2], [14, -5]]', trainable: '2' }, correct: false, note: 'one-factor' },
    { params: MERGE, answer: { merged: '[[7, -2], [14, -5]]', trainable: 'r*(d+k)' }, correct: false, note: 'unknown-symbol' },
    { params: { ...MERGE, scale: '1/2' }, answer: { merged: '[[5/2, -1/2], [5, -2]]', trainable: '4' }, correct: true },
    { params: MERGE, answer: { merged: '[[7, -2, 0], [14, -5, 0]]', trainable: '4' }, correct: false, note: 'wrong-shape' },
    { params: COUNT, answer: { lora: '4194304', fraction: '1/256' }, correct: true, comment: '32 layers · 2 matrices · 8·(4096 + 4096)' },
    { params: COUNT, answer: { lora: '2^22', fraction: '0.003906' }, correct: true },
    { params: COUNT, answer: { lora: '131072', fraction: '1/256' }, correct: false, note: 'one-layer' },
    { params: COUNT, answer: { lora: '4194304', fraction: '256' }, correct: false, note: 'fraction-inverted' },
    { params: MEMORY, answer: { full: '107.8146', lora: '13.5439' }, correct: true },
    { params: MEMORY, answer: { full: '13.48', lora: '13.54' }, correct: false, note: 'weights-only' },
    { params: MEMORY, answer: { full: '107.8', lora: '0.0671' }, correct: false, note: 'base-not-counted' },
    { params: MEMORY, answer: { full: '107.8146', lora: '107.8817' }, correct: false, note: 'base-as-trainable' },
    { params: MEMORY, answer: { full: '107814649856', lora: '13.544' }, correct: false, note: 'bytes-not-gb' },
    { params: MEMORY, answer: { full: '100.41', lora: '12.614' }, correct: false, note: 'gib-not-gb' },
    { params: MEMORY, answer: { full: '107.8 GB', lora: '13.54' }, correct: false, note: 'unknown-symbol' },
  ],
});
