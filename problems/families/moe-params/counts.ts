/**
 * moe-params, the parameter-count tasks: `total` and `active` (easy), `both` (medium), and the
 * `ratio` total/active (hard). Solve: the closed forms (model.ts); verify: the itemised inventory.
 */
import {
  bi,
  EXACT_ONLY,
  Expression,
  fill,
  fillSteps,
  near,
  Rational,
  template,
  texNumber,
  type Bilingual,
  type FamilyTask,
  type Solution,
  type Verification,
} from '../../../engine';
import { answerOf, gradedFailure, gradedMismatch, sub } from '../graded';
import { counts, EXPERT_STEP, itemised, ITEMISED, modelValues, note, readModelWithoutBytes, valueOf, variants, type Model, type ValueAnswer } from './model';

export type TotalParams = { readonly ask: 'total' } & Model;
export type ActiveParams = { readonly ask: 'active' } & Model;
export type BothParams = { readonly ask: 'both' } & Model;
export type RatioParams = { readonly ask: 'ratio' } & Model;
export type BothAnswer = { readonly total: number; readonly active: number; readonly exact: { readonly total: string; readonly active: string } };

const countPart = (name: string, label: Bilingual) => ({ name, kind: 'number' as const, label, tolerance: EXACT_ONLY });

/** A single exact value as the answer object and the graded part `value`. */
export function single(q: Rational): Solution<ValueAnswer> {
  return {
    answer: { value: q.toNumber(), exact: q.toString() },
    expected: { kind: 'parts', parts: { value: { kind: 'number', value: Expression.from(q) } } },
  };
}

/** A single-value task's verification: the graded part is the answer's exact text, which must be `expected`. */
export function verifySingle(solution: Solution<ValueAnswer>, expected: string): Verification {
  const graded = gradedMismatch(solution, { value: answerOf(solution).exact });
  if (graded) return gradedFailure(graded);
  return solution.answer.exact === expected ? { ok: true, method: ITEMISED } : { ok: false, method: ITEMISED, detail: `inventory gives ${expected}` };
}

/** Notes for a count that should have been `right` (the total or the active count). */
function countNotes(p: Model, g: number, right: bigint, which: 'total' | 'active') {
  const c = counts(p);
  const withoutRouter = (x: bigint) => x - BigInt(p.layers) * c.router;
  const close = (x: bigint | number) => Number(x) !== Number(right) && near(g, Number(x), 1e-9);
  if (which === 'total' && close(c.active)) return note('only-routed-experts');
  if (which === 'active' && close(c.total)) return note('all-experts-active');
  if (close(withoutRouter(right))) return note('forgot-router');
  for (const [code, alt] of variants(p)) {
    const other = counts(alt);
    if (close(which === 'total' ? other.total : other.active)) return note(code);
    if (code === 'one-layer' && close((which === 'total' ? other.total : other.active) + BigInt(p.shared))) return note(code);
  }
  return undefined;
}

const TOTAL_PROMPT = template(
  '{{model}}\n\nHow many parameters are there in total (all experts, the {{routers}}{{sharedToo}})?\n\n{{askInteger}}',
  '{{model}}\n\n总参数量是多少（所有专家、{{routers}}{{sharedToo}}都计入）？\n\n{{askInteger}}',
);
const ROUTER = bi('router', '路由器');
const ROUTERS = bi('routers', '路由器');
const SHARED_TOO = bi(' and the shared parameters', '和共享参数');
const ACTIVE_PROMPT = template('{{model}}\n\n{{activeDefinition}} How many parameters are active per token?\n\n{{askInteger}}', '{{model}}\n\n{{activeDefinition}}每个 token 的激活参数有多少？\n\n{{askInteger}}');
const BOTH_PROMPT = template(
  '{{model}}\n\n{{activeDefinition}}\n\n(1) `total`: the total number of parameters (shared ones included);\n\n(2) `active`: the number of parameters active per token.\n\n{{askInteger}}',
  '{{model}}\n\n{{activeDefinition}}\n\n(1) `total`：总参数量（含共享参数）；\n\n(2) `active`：每个 token 的激活参数量。\n\n{{askInteger}}',
);
const RATIO_PROMPT = template(
  '{{model}}\n\n{{activeDefinition}} How many times the active parameters per token is the total number of parameters?\n\n{{askDecimal}}',
  '{{model}}\n\n{{activeDefinition}}总参数量是每个 token 激活参数量的多少倍？\n\n{{askDecimal}}',
);
const ONLY_K = template('{{uses}} only $k = {{k}}$ {{experts}} (the other {{idle}} sit idle for this token).', '{{uses}}只用 $k = {{k}}$ {{experts}}（其余 {{idle}} 个不参与这个 token 的计算）。');
const EXPERT = bi('expert', '个专家');
const EXPERTS = bi('experts', '个专家');
const ONE_USES = bi('The token uses', '');
const EACH_USES = bi('Each layer uses', '每层');

const MIXTRAL = { d: 4096, dff: 14336, experts: 8, topK: 2, layers: 32, shared: 1_604_587_520, biases: false, gated: true } as const;
const SMALL = { d: 512, dff: 2048, experts: 8, topK: 2, layers: 1, shared: 0, biases: false, gated: false } as const;

export const total: FamilyTask<TotalParams, ValueAnswer> = {
  parseParams: (raw) => ({ ask: 'total', ...readModelWithoutBytes(raw) }),
  prompt: (p, lang) => fill(TOTAL_PROMPT, { ...modelValues(p), routers: p.layers === 1 ? ROUTER : ROUTERS, sharedToo: p.shared === 0 ? '' : SHARED_TOO }, lang),
  answerSpec: () => ({ parts: [countPart('value', bi('total parameters', '总参数量'))], noneAllowed: false }),
  solve: (p) => single(Rational.from(counts(p).total)),
  verify: (p, solution) => verifySingle(solution, itemised(p).total.toString()),
  steps: (p, _solution, lang) => fillSteps([EXPERT_STEP, '{{totalLine}}'], modelValues(p), lang),
  diagnose: (p, _solution, given) => {
    const g = valueOf(given);
    return g === undefined ? undefined : countNotes(p, g, counts(p).total, 'total');
  },
  examples: [
    { params: { ask: 'total', ...SMALL }, answer: '16781312', correct: true, comment: '512·8 + 8·2·512·2048' },
    { params: { ask: 'total', ...SMALL }, answer: '512*8 + 8*2*512*2048', correct: true },
    { params: { ask: 'total', ...SMALL }, answer: '16777216', correct: false, note: 'forgot-router' },
    { params: { ask: 'total', ...SMALL }, answer: '4198400', correct: false, note: 'only-routed-experts' },
    { params: { ask: 'total', ...MIXTRAL }, answer: '46702792704', correct: true, comment: 'Mixtral 8x7B: 46.7B' },
    { params: { ask: 'total', ...MIXTRAL }, answer: '31670407168', correct: false, note: 'wrong-matrix-count', comment: 'SwiGLU counted as two matrices' },
    { params: { ask: 'total', ...SMALL }, answer: '<script>', correct: false, note: 'bad-character' },
    { params: { ask: 'total', ...SMALL }, answer: '', correct: false },
  ],
};

export const active: FamilyTask<ActiveParams, ValueAnswer> = {
  parseParams: (raw) => ({ ask: 'active', ...readModelWithoutBytes(raw) }),
  prompt: (p, lang) => fill(ACTIVE_PROMPT, modelValues(p), lang),
  answerSpec: () => ({ parts: [countPart('value', bi('active parameters per token', '每个 token 的激活参数量'))], noneAllowed: false }),
  solve: (p) => single(Rational.from(counts(p).active)),
  verify: (p, solution) => verifySingle(solution, itemised(p).active.toString()),
  steps: (p, _solution, lang) => {
    const values = { ...modelValues(p), idle: p.experts - p.topK, uses: p.layers === 1 ? ONE_USES : EACH_USES, experts: p.topK === 1 ? EXPERT : EXPERTS };
    return fillSteps([EXPERT_STEP, ONLY_K, '{{activeLine}}'], values, lang);
  },
  diagnose: (p, _solution, given) => {
    const g = valueOf(given);
    return g === undefined ? undefined : countNotes(p, g, counts(p).active, 'active');
  },
  examples: [
    { params: { ask: 'active', ...SMALL }, answer: '4198400', correct: true },
    { params: { ask: 'active', ...SMALL }, answer: '16781312', correct: false, note: 'all-experts-active' },
    { params: { ask: 'active', ...MIXTRAL }, answer: '12879925248', correct: true, comment: 'Mixtral 8x7B: 12.9B active' },
    { params: { ask: 'active', ...MIXTRAL }, answer: '12.88e9', correct: false, note: 'imprecise', comment: 'counts are exact' },
  ],
};

export const both: FamilyTask<BothParams, BothAnswer> = {
  parseParams: (raw) => ({ ask: 'both', ...readModelWithoutBytes(raw) }),
  prompt: (p, lang) => fill(BOTH_PROMPT, modelValues(p), lang),
  answerSpec: () => ({
    parts: [countPart('total', bi('total parameters', '总参数量')), countPart('active', bi('active parameters per token', '每个 token 的激活参数量'))],
    noneAllowed: false,
  }),
  solve: (p) => {
    const c = counts(p);
    return {
      answer: { total: Number(c.total), active: Number(c.active), exact: { total: c.total.toString(), active: c.active.toString() } },
      expected: {
        kind: 'parts',
        parts: { total: { kind: 'number', value: Expression.from(c.total) }, active: { kind: 'number', value: Expression.from(c.active) } },
      },
    };
  },
  verify: (p, solution) => {
    const exact = sub(answerOf(solution), 'exact');
    const graded = gradedMismatch(solution, { total: exact.total, active: exact.active });
    if (graded) return gradedFailure(graded);
    const it = itemised(p);
    return solution.answer.exact.total === it.total.toString() && solution.answer.exact.active === it.active.toString()
      ? { ok: true, method: ITEMISED }
      : { ok: false, method: ITEMISED, detail: `inventory ${it.total} / ${it.active}` };
  },
  steps: (p, _solution, lang) => fillSteps([EXPERT_STEP, '{{totalLine}}', '{{activeLine}}'], modelValues(p), lang),
  diagnose: (p, _solution, given) => {
    if (given.kind !== 'parts') return undefined;
    const gt = given.parts.total;
    const ga = given.parts.active;
    if (gt?.kind !== 'number' || ga?.kind !== 'number') return undefined;
    const c = counts(p);
    return countNotes(p, gt.approx, c.total, 'total') ?? countNotes(p, ga.approx, c.active, 'active');
  },
  examples: [
    { params: { ask: 'both', ...MIXTRAL }, answer: { total: '46702792704', active: '12879925248' }, correct: true },
    { params: { ask: 'both', ...MIXTRAL }, answer: { total: '46702792704', active: '46702792704' }, correct: false, note: 'all-experts-active' },
  ],
};

export const ratio: FamilyTask<RatioParams, ValueAnswer> = {
  parseParams: (raw) => ({ ask: 'ratio', ...readModelWithoutBytes(raw) }),
  prompt: (p, lang) => fill(RATIO_PROMPT, modelValues(p), lang),
  answerSpec: () => ({ parts: [{ name: 'value', kind: 'number', label: bi('total / active', '总量 / 激活量') }], noneAllowed: false }),
  solve: (p) => {
    const c = counts(p);
    return single(Rational.of(c.total, c.active));
  },
  verify: (p, solution) => {
    const it = itemised(p);
    return verifySingle(solution, Rational.of(it.total, it.active).toString());
  },
  steps: (p, _solution, lang) => {
    const c = counts(p);
    const r = Rational.of(c.total, c.active);
    const values = { ...modelValues(p), ratio: r.toTex(), approx: texNumber(r.toNumber(), 6) };
    return fillSteps([EXPERT_STEP, '{{totalLine}}', '{{activeLine}}', '$$\\frac{P_{\\text{total}}}{P_{\\text{active}}} = {{ratio}} \\approx {{approx}}.$$'], values, lang);
  },
  diagnose: (p, _solution, given) => {
    const g = valueOf(given);
    if (g === undefined) return undefined;
    const c = counts(p);
    const r = Number(c.total) / Number(c.active);
    if (near(g, 1 / r, 2e-3) && !near(r, 1, 1e-9)) return note('ratio-inverted');
    if (near(g, p.experts / p.topK, 1e-9) && !near(r, p.experts / p.topK, 1e-9)) return note('forgot-shared');
    return undefined;
  },
  examples: [
    { params: { ask: 'ratio', ...MIXTRAL }, answer: '3.626', correct: true },
    { params: { ask: 'ratio', ...MIXTRAL }, answer: '4', correct: false, note: 'forgot-shared' },
  ],
};

export { MIXTRAL };
