/**
 * matrix-definiteness, task `minors` (easy, hard): the leading principal minors Δ1, …, Δn by
 * cofactor expansion (model.ts); checked against Bareiss determinants.
 */
import {
  bi,
  Expression,
  fill,
  fillSteps,
  near,
  Rational,
  template,
  type FamilyTask,
  type Solution,
  type Verification,
} from '../../../engine';
import { big, checkClassified, classified, leading, METHOD, minorSteps, minorValues, note, readMatrix, sameAs, texMatrix, type Classified, type Matrix } from './model';

export type MinorsParams = { readonly A: Matrix; readonly ask: 'minors' };
export type MinorsAnswer = Classified & { readonly value: readonly number[] };

function verify(params: MinorsParams, solution: Solution<MinorsAnswer>): Verification {
  const checked = checkClassified(params.A, solution.answer);
  if (!checked.ok) return { ok: false, method: METHOD, detail: checked.detail };
  // What is graded must be what was just verified.
  const graded = solution.expected.kind === 'parts' ? solution.expected.parts.value : undefined;
  const { bareiss } = checked;
  const agrees = graded?.kind === 'vector' && graded.value.length === bareiss.length && graded.value.every((e, i) => e.rational()?.equals(bareiss[i] as Rational) === true);
  return agrees ? { ok: true, method: METHOD } : { ok: false, method: METHOD, detail: 'the graded answer is not the verified one' };
}

const PROMPT = template(
  'For the symmetric matrix\n{{definition}}\nfind its leading principal minors ${{names}}$ ($\\Delta_k$ is the determinant of the top-left $k\\times k$ block), as a vector such as `[{{example}}]`.',
  '对称矩阵\n{{definition}}\n求它的顺序主子式 ${{names}}$（$\\Delta_k$ 是左上角 $k\\times k$ 子矩阵的行列式），写成向量，如 `[{{example}}]`。',
);

function prompt(params: MinorsParams, lang: 'en' | 'zh'): string {
  const n = params.A.length;
  const values = {
    definition: `$$A = ${texMatrix(params.A)}$$`,
    names: Array.from({ length: n }, (_, k) => `\\Delta_{${k + 1}}`).join(', '),
    example: Array.from({ length: n }, (_, k) => k + 1).join(', '),
  };
  return fill(PROMPT, values, lang);
}

const SO = template('So the leading minors are $[{{minors}}]$.', '所以顺序主子式为 $[{{minors}}]$。');

function steps(params: MinorsParams, _solution: Solution<MinorsAnswer>, lang: 'en' | 'zh'): string {
  const values = { ...minorValues(params.A), minors: leading(big(params.A)).join(', ') };
  return fillSteps([...minorSteps(params.A), SO], values, lang);
}

export const minorsTask: FamilyTask<MinorsParams, MinorsAnswer> = {
  parseParams: (raw) => ({ A: readMatrix(raw), ask: 'minors' }),
  prompt,
  answerSpec: (params) => ({ parts: [{ name: 'value', kind: 'vector', length: params.A.length, label: bi('leading principal minors', '顺序主子式') }], noneAllowed: false }),
  solve: (params) => {
    const c = classified(params.A);
    return { answer: { ...c, value: c.minors }, expected: { kind: 'parts', parts: { value: { kind: 'vector', value: c.minors.map((v) => Expression.from(v)) } } } };
  },
  verify,
  steps,
  diagnose: (params, solution, given) => {
    if (given.kind !== 'parts') return undefined;
    const part = given.parts.value;
    const A = params.A;
    if (part?.kind !== 'vector' || part.approx.length !== A.length) return undefined;
    const g = part.approx;
    const same = sameAs(g);
    const minors = solution.answer.minors;
    if (same(minors)) return undefined;
    if (same(A.map((row, i) => row[i] as number))) return note('diagonal-only');
    const a = A[0] as number[];
    if (near(g[1] as number, (a[0] as number) * ((A[1] as number[])[1] as number) + (a[1] as number) ** 2, 1e-9) && g[0] === minors[0]) return note('det-sign');
    return undefined;
  },
  examples: [
    { params: { A: [[2, -1, 0], [-1, 2, -1], [0, -1, 2]], ask: 'minors' }, answer: '[2, 3, 4]', correct: true },
    { params: { A: [[2, -1, 0], [-1, 2, -1], [0, -1, 2]], ask: 'minors' }, answer: '[2, 2, 2]', correct: false, note: 'diagonal-only' },
    { params: { A: [[2, 1], [1, 2]], ask: 'minors' }, answer: '[2, 5]', correct: false, note: 'det-sign' },
    { params: { A: [[2, 1], [1, 2]], ask: 'minors' }, answer: '1; drop table', correct: false, note: 'bad-character' },
  ],
};
