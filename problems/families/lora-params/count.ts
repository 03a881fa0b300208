/**
 * lora-params, task `count` (medium): LoRA parameters Σ r(d_in + d_out) over the adapted matrices of
 * L layers, and their fraction of fully fine-tuning the same matrices, Σ d_in·d_out.
 *
 * Solve: the closed forms (model.ts). Verify (independent): every adapted matrix's A and B built as
 * shapes layer by layer, their elements added up.
 */
import {
  bi,
  defineNotes,
  EXACT_ONLY,
  Expression,
  fill,
  fillSteps,
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
import { counts, countByShapes, countSteps, countValues, modelSetup, perMatrix, readModel, SHARED_NOTES, type ModelParams } from './model';

export type CountParams = { readonly task: 'count' } & ModelParams;
export type CountAnswer = { readonly lora: number; readonly full: number; readonly fraction: number };

function solve(p: CountParams): Solution<CountAnswer> {
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

function verify(p: CountParams, solution: Solution<CountAnswer>): Verification {
  // The graded parts must be the answer-object values checked below.
  const a = answerOf(solution);
  const graded = gradedMismatch(solution, { lora: a.lora, fraction: a.fraction });
  if (graded) return gradedFailure(graded);
  const method = 'every adapted matrix built layer by layer as shapes (B: d_out×r, A: r×d_in), elements summed';
  const { lora, full } = countByShapes(p);
  const fraction = Rational.of(lora, full);
  const answer = solution.answer;
  const ok = answer.lora === Number(lora) && answer.full === Number(full) && near(answer.fraction, fraction.toNumber(), 1e-12);
  return ok ? { ok: true, method } : { ok: false, method, detail: `summed ${lora} LoRA, ${full} full` };
}

const PROMPT = template(
  '{{model}}\n\nHow many trainable LoRA parameters are there in total, and what fraction is that of fully fine-tuning the same matrices (training all their entries)? The fraction may be given as a fraction.',
  '{{model}}\n\n求 LoRA 的可训练参数总数，以及它占“全量微调这些矩阵”（训练它们的全部元素）所需参数的比例。比例可写成分数。',
);

function prompt(p: CountParams, lang: 'en' | 'zh'): string {
  return fill(PROMPT, { model: bi(modelSetup(p, 'en'), modelSetup(p, 'zh')) }, lang);
}

const STEPS = [
  ...countSteps,
  template(
    'Fully fine-tuning the same matrices trains ${{layers}}\\cdot({{products}}) = {{full}}$ parameters.',
    '全量微调这些矩阵要训练 ${{layers}}\\cdot({{products}}) = {{full}}$ 个参数。',
  ),
  '$$\\frac{{{lora}}}{{{full}}} = {{fraction}} \\approx {{approx}} \\;({{percent}}\\%).$$',
];

function steps(p: CountParams, _solution: Solution<CountAnswer>, lang: 'en' | 'zh'): string {
  const c = counts(p);
  const fraction = Rational.of(c.lora, c.full);
  const values = {
    ...countValues(p),
    products: perMatrix(p)
      .map((x) => `${x.dOut}\\cdot ${x.dIn}`)
      .join(' + '),
    full: texInteger(c.full),
    fraction: fraction.toTex(),
    approx: texNumber(fraction.toNumber(), 4),
    percent: texNumber(100 * fraction.toNumber(), 3),
  };
  return fillSteps(STEPS, values, lang);
}

const note = defineNotes({
  'one-layer': bi('That is one layer; multiply by the number of layers L.', '这是一层的数量；还要乘以层数 L。'),
  'fraction-inverted': bi('The fraction is LoRA parameters ÷ full fine-tuning parameters (much less than 1).', '比例是 LoRA 参数数 ÷ 全量微调参数数（远小于 1）。'),
  ...SHARED_NOTES,
});

function diagnose(p: CountParams, solution: Solution<CountAnswer>, given: GivenAnswer) {
  if (given.kind !== 'parts') return undefined;
  const number = (name: string) => {
    const part = given.parts[name];
    return part?.kind === 'number' ? part.approx : undefined;
  };
  const is = (g: number | undefined, x: number, truth: number, tolerance = 1e-6) => g !== undefined && Number.isFinite(x) && near(g, x, tolerance) && !near(x, truth, 1e-12);
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
  const fraction = solution.answer.fraction;
  if (is(f, 1 / fraction, fraction, 1e-3)) return note('fraction-inverted');
  return undefined;
}

const COUNT = { task: 'count', layers: 32, dModel: 4096, dFf: 11008, rank: 8, targets: ['q', 'v'] } as const;

export const count: FamilyTask<CountParams, CountAnswer> = {
  parseParams: (raw) => ({ task: 'count', ...readModel(read.readObject(raw, ['task', 'layers', 'dModel', 'dFf', 'rank', 'targets'])) }),
  prompt,
  answerSpec: () => ({
    parts: [
      { name: 'lora', kind: 'number', label: bi('LoRA parameters', 'LoRA 参数个数'), tolerance: EXACT_ONLY },
      { name: 'fraction', kind: 'number', label: bi('fraction of full fine-tuning', '占全量微调的比例') },
    ],
    noneAllowed: false,
  }),
  solve,
  verify,
  steps,
  diagnose,
  examples: [
    { params: COUNT, answer: { lora: '4194304', fraction: '1/256' }, correct: true, comment: '32 layers · 2 matrices · 8·(4096 + 4096)' },
    { params: COUNT, answer: { lora: '2^22', fraction: '0.003906' }, correct: true },
    { params: COUNT, answer: { lora: '131072', fraction: '1/256' }, correct: false, note: 'one-layer' },
    { params: COUNT, answer: { lora: '4194304', fraction: '256' }, correct: false, note: 'fraction-inverted' },
  ],
};
