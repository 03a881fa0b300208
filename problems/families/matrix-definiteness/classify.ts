/**
 * matrix-definiteness, task `classify` (easy, hard): the class of A, by Sylvester's criterion with
 * all principal minors for the singular cases (model.ts); checked by eigenvalue signs two ways.
 */
import {
  bi,
  fill,
  fillSteps,
  template,
  type FamilyTask,
  type Solution,
  type Verification,
} from '../../../engine';
import { big, CLASSES, checkClassified, classified, labelOf, leading, METHOD, minorSteps, minorValues, note, principalMinors, readMatrix, texMatrix, type ClassId, type Classified, type Matrix } from './model';

export type ClassifyParams = { readonly A: Matrix; readonly ask: 'classify' };
export type ClassifyAnswer = Classified & { readonly value: ClassId };

function verify(params: ClassifyParams, solution: Solution<ClassifyAnswer>): Verification {
  const checked = checkClassified(params.A, solution.answer);
  if (!checked.ok) return { ok: false, method: METHOD, detail: checked.detail };
  // What is graded must be what was just verified.
  const graded = solution.expected.kind === 'parts' ? solution.expected.parts.value : undefined;
  if (!(graded?.kind === 'choice' && graded.value === solution.answer.classification)) return { ok: false, method: METHOD, detail: 'the graded answer is not the verified one' };
  return { ok: true, method: METHOD };
}

const PROMPT = template(
  'For the symmetric matrix\n{{definition}}\nclassify it, choosing the most specific option: positive definite (all eigenvalues $> 0$), negative definite (all $< 0$), indefinite (eigenvalues of both signs), positive semidefinite (singular) (all $\\ge 0$, at least one $= 0$), negative semidefinite (singular) (all $\\le 0$, at least one $= 0$).\n\nAnswer one of: {{choices}}.',
  '对称矩阵\n{{definition}}\n判断它的定性，选最具体的一项：正定（所有特征值 $> 0$）、负定（所有特征值 $< 0$）、不定（特征值有正有负）、半正定（奇异）（所有特征值 $\\ge 0$ 且至少一个为 $0$）、半负定（奇异）（所有特征值 $\\le 0$ 且至少一个为 $0$）。\n\n回答以下之一：{{choices}}。',
);
const CHOICES = bi(CLASSES.map((c) => `\`${c.id}\` (${c.label.en})`).join(', '), CLASSES.map((c) => `\`${c.id}\`（${c.label.zh}）`).join('、'));

function prompt(params: ClassifyParams, lang: 'en' | 'zh'): string {
  return fill(PROMPT, { definition: `$$A = ${texMatrix(params.A)}$$`, choices: CHOICES }, lang);
}

const STEPS = {
  positive: template("${{signs}}$ are all positive, so $A$ is positive definite by Sylvester's criterion.", '${{signs}}$ 全为正，由 Sylvester 判据 $A$ 正定。'),
  negative: template(
    '${{signs}}$ alternate in sign ${{alternating}}$ (the minors of $-A$ are all positive), so $A$ is negative definite.',
    '${{signs}}$ 的符号交替为 ${{alternating}}$（即 $-A$ 的顺序主子式全为正），所以 $A$ 负定。',
  ),
  indefinite: template(
    '$\\det A = {{det}} \\ne 0$, yet the leading minors are neither all positive nor alternating ${{alternating}}$, so $A$ is indefinite (a positive diagonal alone does not make a matrix positive definite).',
    '$\\det A = {{det}} \\ne 0$，但顺序主子式既不全为正，也不是 ${{alternating}}$ 交替，所以 $A$ 不定（对角线元素全为正并不足以说明正定）。',
  ),
  singular: template(
    '$\\det A = 0$, so $A$ is singular and not definite. Semidefiniteness needs **all** principal minors, not only the leading ones: ${{all}}$.',
    '$\\det A = 0$，所以 $A$ 奇异，不是定的。半定性要看**全部**主子式（不只是顺序主子式）：${{all}}$。',
  ),
  psd: template('All of them are $\\ge 0$, so $A$ is positive semidefinite (singular).', '它们全都 $\\ge 0$，所以 $A$ 半正定（奇异）。'),
  nsd: template(
    'Odd-order ones are $\\le 0$ and even-order ones $\\ge 0$ (all principal minors of $-A$ are $\\ge 0$), so $A$ is negative semidefinite (singular).',
    '奇数阶的都 $\\le 0$、偶数阶的都 $\\ge 0$（即 $-A$ 的主子式全 $\\ge 0$），所以 $A$ 半负定（奇异）。',
  ),
  neither: template('The signs rule out both $A$ and $-A$ being positive semidefinite, so $A$ is indefinite.', '既有正的一阶主子式，又有负的（或 $A$ 与 $-A$ 的主子式都不全非负），所以 $A$ 不定。'),
  answer: template('Answer: {{label}} (`{{id}}`).', '答案：{{label}}（`{{id}}`）。'),
};

function steps(params: ClassifyParams, solution: Solution<ClassifyAnswer>, lang: 'en' | 'zh'): string {
  const m = big(params.A);
  const d = leading(m);
  const cls = solution.answer.classification;
  const det = d[d.length - 1] as bigint;
  const values = {
    ...minorValues(params.A),
    signs: d.map((v, k) => `\\Delta_{${k + 1}} = ${v}`).join(',\\ '),
    // The sign pattern of a negative definite matrix of this size: −, + (2×2) or −, +, − (3×3).
    alternating: m.length === 3 ? '-, +, -' : '-, +',
    det: String(det),
    all: principalMinors(m)
      .map(([idx, v]) => `M_{${idx.map((i) => i + 1).join('')}} = ${v}`)
      .join(',\\ '),
    label: bi(labelOf(cls, 'en'), labelOf(cls, 'zh')),
    id: cls,
  };
  const verdict =
    cls === 'positive-definite'
      ? [STEPS.positive]
      : cls === 'negative-definite'
        ? [STEPS.negative]
        : det !== 0n
          ? [STEPS.indefinite]
          : [STEPS.singular, cls === 'positive-semidefinite' ? STEPS.psd : cls === 'negative-semidefinite' ? STEPS.nsd : STEPS.neither];
  return fillSteps([...minorSteps(params.A), ...verdict, STEPS.answer], values, lang);
}

export const classifyTask: FamilyTask<ClassifyParams, ClassifyAnswer> = {
  parseParams: (raw) => ({ A: readMatrix(raw), ask: 'classify' }),
  prompt,
  answerSpec: () => ({ parts: [{ name: 'value', kind: 'choice', choices: CLASSES, label: bi('classification', '定性') }], noneAllowed: false }),
  solve: (params) => {
    const c = classified(params.A);
    return { answer: { ...c, value: c.classification }, expected: { kind: 'parts', parts: { value: { kind: 'choice', value: c.classification } } } };
  },
  verify,
  steps,
  diagnose: (params, solution, given) => {
    if (given.kind !== 'parts') return undefined;
    const part = given.parts.value;
    if (part?.kind !== 'choice') return undefined;
    const A = params.A;
    const n = A.length;
    const diag = A.map((row, i) => row[i] as number);
    const minors = solution.answer.minors;
    const right = solution.answer.classification;
    const v = part.value as ClassId;
    if (v === right) return undefined;
    const det = minors[n - 1] as number;
    if (v === 'positive-definite' || v === 'negative-definite') {
      if (det === 0 && (right === 'positive-semidefinite' || right === 'negative-semidefinite')) return note('singular-not-definite');
      const s = v === 'positive-definite' ? 1 : -1;
      if (diag.every((x) => s * x > 0)) return note('diagonal-only');
      if (s > 0 && (minors[0] as number) > 0) return note('first-minor-only');
      if (s < 0 && minors.every((x) => x < 0)) return note('negative-minors-alternate');
      return undefined;
    }
    if (v === 'indefinite') return det === 0 ? note('zero-eigenvalue-not-indefinite') : undefined;
    if (det !== 0) return note('nonsingular-is-definite');
    const s = v === 'positive-semidefinite' ? 1 : -1;
    if (minors.every((x, k) => (s > 0 || k % 2 === 1 ? x : -x) >= 0)) return note('leading-minors-semidefinite');
    return undefined;
  },
  examples: [
    { params: { A: [[2, 1], [1, 2]], ask: 'classify' }, answer: 'positive-definite', correct: true },
    { params: { A: [[2, 1], [1, 2]], ask: 'classify' }, answer: '正定', correct: true, comment: 'the Chinese label' },
    { params: { A: [[1, 3], [3, 2]], ask: 'classify' }, answer: 'indefinite', correct: true, comment: 'positive diagonal, det = −7' },
    { params: { A: [[1, 3], [3, 2]], ask: 'classify' }, answer: 'positive-definite', correct: false, note: 'diagonal-only' },
    { params: { A: [[1, 3], [3, -2]], ask: 'classify' }, answer: 'positive-definite', correct: false, note: 'first-minor-only' },
    { params: { A: [[1, 2], [2, 4]], ask: 'classify' }, answer: 'positive semidefinite (singular)', correct: true },
    { params: { A: [[1, 2], [2, 4]], ask: 'classify' }, answer: 'positive-definite', correct: false, note: 'singular-not-definite' },
    { params: { A: [[0, 0], [0, -1]], ask: 'classify' }, answer: 'negative-semidefinite', correct: true, comment: 'leading minors 0, 0' },
    { params: { A: [[0, 0], [0, -1]], ask: 'classify' }, answer: 'positive-semidefinite', correct: false, note: 'leading-minors-semidefinite' },
    { params: { A: [[-2, 1, 0], [1, -2, 1], [0, 1, -2]], ask: 'classify' }, answer: 'negative-definite', correct: true },
    { params: { A: [[-1, 2, 0], [2, -1, 0], [0, 0, -1]], ask: 'classify' }, answer: 'negative-definite', correct: false, note: 'diagonal-only' },
    { params: { A: [[2, 1], [1, 2]], ask: 'classify' }, answer: 'definite', correct: false, note: 'not-allowed' },
  ],
};
