/**
 * lora-params, task `merge` (easy): W' = W + s·BA for tiny integer matrices, and the r(d + k)
 * trainable entries of A and B.
 *
 * Solve: BA with the engine's exact linear algebra (la.dot per entry). Verify (independent): BA by
 * explicit triple loops; the entries of A and B counted from their shapes.
 */
import {
  bi,
  defineNotes,
  EXACT_ONLY,
  Expression,
  fill,
  fillSteps,
  InvalidParamsError,
  la,
  memoByParams,
  near,
  params as read,
  Rational,
  template,
  type FamilyTask,
  type GivenAnswer,
  type Solution,
  type Verification,
} from '../../../engine';
import { answerOf, gradedFailure, gradedMismatch } from '../graded';
import { SHARED_NOTES } from './model';

type Entry = number | string;
type IntMatrix = readonly (readonly Entry[])[];
export type MergeParams = { readonly task: 'merge'; readonly W: IntMatrix; readonly B: IntMatrix; readonly A: IntMatrix; readonly scale: Entry };
export type MergeAnswer = { readonly merged: readonly (readonly number[])[]; readonly trainable: number };

const MAX_DIM = 6;
const MAX_ENTRY = 1000;

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

/** d, k and r of an instance. */
function sizes(m: Merge): { d: number; k: number; r: number } {
  return { d: m.W.length, k: (m.W[0] as readonly Rational[]).length, r: m.A.length };
}

const solve = memoByParams((p: MergeParams): Solution<MergeAnswer> => {
  const m = mergeOf(p);
  const { d, k, r } = sizes(m);
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
});

function verify(p: MergeParams, solution: Solution<MergeAnswer>): Verification {
  // The graded parts must be the answer-object values checked below.
  const a = answerOf(solution);
  const graded = gradedMismatch(solution, { merged: a.merged, trainable: a.trainable });
  if (graded) return gradedFailure(graded);
  const method = 'BA by explicit triple loops, then W + s·BA entry by entry; A and B entries counted from their shapes';
  const m = mergeOf(p);
  const { d, k, r } = sizes(m);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < k; j++) {
      let sum = Rational.zero;
      for (let l = 0; l < r; l++) sum = sum.add((m.B[i]?.[l] as Rational).mul(m.A[l]?.[j] as Rational));
      const want = (m.W[i]?.[j] as Rational).add(m.s.mul(sum));
      const got = solution.answer.merged[i]?.[j];
      if (got === undefined || !near(got, want.toNumber(), 1e-12) || !want.equals(m.merged[i]?.[j] as Rational)) {
        return { ok: false, method, detail: `entry (${i + 1}, ${j + 1}): loops give ${want.toString()}` };
      }
    }
  }
  const entries = m.B.reduce((s, row) => s + row.length, 0) + m.A.reduce((s, row) => s + row.length, 0);
  return entries === solution.answer.trainable ? { ok: true, method } : { ok: false, method, detail: `A and B hold ${entries} entries` };
}

const texMatrix = (m: readonly (readonly Rational[])[]) => `\\begin{pmatrix}${m.map((row) => row.map((x) => x.toTex()).join(' & ')).join(' \\\\ ')}\\end{pmatrix}`;

const PROMPT = template(
  "LoRA adds a low-rank update to a frozen weight $W$: $W' = W + s\\,BA$ with scaling $s = \\alpha/r = {{s}}$ and rank $r = {{r}}$; before inference the update can be merged into $W$. Given\n$$W = {{W}},\\quad B = {{B}},\\quad A = {{A}},$$\nfind the merged weight $W' = W + {{scale}}BA$ (a {{d}}×{{k}} matrix, written like `[[1, 2], [3, 4]]`) and the number of trainable parameters in $A$ and $B$ together.",
  "LoRA 把冻结的权重 $W$ 加上低秩更新：$W' = W + s\\,BA$，其中缩放系数 $s = \\alpha/r = {{s}}$，秩 $r = {{r}}$。推理前可以把更新合并进 $W$。已知\n$$W = {{W}},\\quad B = {{B}},\\quad A = {{A}}.$$\n求合并后的权重 $W' = W + {{scale}}BA$（{{d}}×{{k}} 矩阵，写成 `[[1, 2], [3, 4]]` 的形式），以及 $A$ 和 $B$ 中可训练参数的总个数。",
);

function prompt(p: MergeParams, lang: 'en' | 'zh'): string {
  const m = mergeOf(p);
  const values = {
    ...sizes(m),
    s: m.s.toTex(),
    W: texMatrix(m.W),
    B: texMatrix(m.B),
    A: texMatrix(m.A),
    scale: m.s.equals(Rational.one) ? '' : `${m.s.toTex()}\\,`,
  };
  return fill(PROMPT, values, lang);
}

const STEPS = {
  product: template(
    '$B$ is {{d}}×{{r}} and $A$ is {{r}}×{{k}}, so $BA$ is {{d}}×{{k}} like $W$, with rank at most ${{r}}$: $$BA = {{BA}}.$$',
    '$B$ 是 {{d}}×{{r}}，$A$ 是 {{r}}×{{k}}，所以 $BA$ 是 {{d}}×{{k}}（与 $W$ 同形），其秩至多为 ${{r}}$：$$BA = {{BA}}.$$',
  ),
  scaled: template('Scale by $s = {{s}}$: $$s\\,BA = {{sBA}}.$$', '乘以缩放系数 $s = {{s}}$: $$s\\,BA = {{sBA}}.$$'),
  merged: "$$W' = W + {{sTimes}}BA = {{merged}}.$$",
  trainable: template(
    'Trainable parameters: ${{d}}\\cdot {{r}}$ in $B$ and ${{r}}\\cdot {{k}}$ in $A$, so $r(d + k) = {{r}}\\cdot({{d}} + {{k}}) = {{trainable}}$ (fully fine-tuning $W$ would train $dk = {{dk}}$).',
    '可训练参数：$B$ 有 ${{d}}\\cdot {{r}}$ 个，$A$ 有 ${{r}}\\cdot {{k}}$ 个，共 $r(d + k) = {{r}}\\cdot({{d}} + {{k}}) = {{trainable}}$ 个（全量微调 $W$ 则是 $dk = {{dk}}$ 个）。',
  ),
};

function steps(p: MergeParams, solution: Solution<MergeAnswer>, lang: 'en' | 'zh'): string {
  const m = mergeOf(p);
  const { d, k, r } = sizes(m);
  const unscaled = m.s.equals(Rational.one);
  const values = {
    d,
    k,
    r,
    dk: d * k,
    s: m.s.toTex(),
    BA: texMatrix(m.BA),
    sBA: texMatrix(m.BA.map((row) => row.map((x) => x.mul(m.s)))),
    sTimes: unscaled ? '' : 's\\,',
    merged: texMatrix(m.merged),
    trainable: solution.answer.trainable,
  };
  return fillSteps([STEPS.product, !unscaled && STEPS.scaled, STEPS.merged, STEPS.trainable], values, lang);
}

const note = defineNotes({
  'scale-ignored': bi('The update is scaled: W + s·BA with s = α/r, not W + BA.', '更新要乘缩放系数：W + s·BA，其中 s = α/r，而不是 W + BA。'),
  'update-only': bi('That is the update s·BA alone; the merged weight adds it to W.', '这只是更新量 s·BA；合并后的权重要把它加到 W 上。'),
  'transposed-update': bi('BA is d×k with entry (i, j) = Σ_l B[i][l]·A[l][j]; the update was transposed.', 'BA 是 d×k 矩阵，第 (i, j) 个元素为 Σ_l B[i][l]·A[l][j]；这里把更新转置了。'),
  ...SHARED_NOTES,
});

function diagnose(p: MergeParams, solution: Solution<MergeAnswer>, given: GivenAnswer) {
  if (given.kind !== 'parts') return undefined;
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
  const { d, k, r } = sizes(m);
  const part = given.parts.trainable;
  const g = part?.kind === 'number' ? part.approx : undefined;
  const truth = solution.answer.trainable;
  const is = (x: number) => g !== undefined && Number.isFinite(x) && near(g, x, 1e-6) && !near(x, truth, 1e-12);
  if (is(d * k)) return note('full-count');
  if (is(d * r) || is(r * k)) return note('one-factor');
  return undefined;
}

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

function parseParams(raw: unknown): MergeParams {
  const o = read.readObject(raw, ['task', 'W', 'B', 'A', 'scale']);
  const W = readIntMatrix(o, 'W', null, null);
  const d = W.length;
  const k = (W[0] as number[]).length;
  const B = readIntMatrix(o, 'B', d, null);
  const r = (B[0] as number[]).length;
  const A = readIntMatrix(o, 'A', r, k);
  read.toRational(o.scale, 'scale', 100, 12);
  return { task: 'merge', W, B, A, scale: o.scale as Entry };
}

const MERGE = { task: 'merge', W: [[1, 0], [2, -1]], B: [[1], [2]], A: [[3, -1]], scale: 2 } as const;

export const merge: FamilyTask<MergeParams, MergeAnswer> = {
  parseParams,
  prompt,
  answerSpec: (p) => ({
    parts: [
      { name: 'merged', kind: 'matrix', rows: p.W.length, cols: (p.W[0] as readonly Entry[]).length, label: bi("merged weight W'", "合并后的权重 W'"), tolerance: EXACT_ONLY },
      { name: 'trainable', kind: 'number', label: bi('trainable parameters in A and B', 'A、B 中的可训练参数个数'), tolerance: EXACT_ONLY },
    ],
    noneAllowed: false,
  }),
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
  ],
};
