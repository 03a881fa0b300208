/**
 * matrix-definiteness, task `eigenvalues` (medium): both eigenvalues of a symmetric 2×2 matrix,
 * exactly, in increasing order: (t ± k√s)/2 with t = a + c, (a − c)² + 4b² = k²s, s square-free.
 * Checked against Jacobi rotations, and exactly by λ₁ + λ₂ = tr A, λ₁λ₂ = det A.
 */
import {
  bi,
  Expression,
  fill,
  fillSteps,
  InvalidParamsError,
  Rational,
  surds,
  template,
  texNumber,
  type FamilyTask,
  type Solution,
  type Verification,
} from '../../../engine';
import { at, big, checkClassified, classified, leading, METHOD, note, paren, readMatrix, sameAs, texMatrix, type Big, type Classified, type Matrix } from './model';

export type EigenvaluesParams = { readonly A: Matrix; readonly ask: 'eigenvalues' };
export type EigenvaluesAnswer = Classified & { readonly value: readonly number[]; readonly exact: readonly string[] };

interface Eigen {
  readonly t: bigint;
  readonly D: bigint;
  readonly k: bigint;
  readonly s: bigint;
}
function eigen2(m: Big): Eigen {
  const a = at(m, 0, 0);
  const b = at(m, 0, 1);
  const c = at(m, 1, 1);
  const D = (a - c) ** 2n + 4n * b * b;
  // NOTE: D ≤ 8·10⁶ for entries up to 1000, so trial division finds every square factor.
  const [k, s] = D === 0n ? [0n, 1n] : surds.splitSquare(D);
  return { t: a + c, D, k, s };
}

/** λ = t/2 ± (k/2)√s as exact text ('' sign for the larger). */
function eigenText(e: Eigen, sign: -1 | 1): string {
  if (e.s === 1n) return Rational.of(e.t + BigInt(sign) * e.k, 2n).toString();
  const halve = e.t % 2n === 0n && e.k % 2n === 0n;
  const k = halve ? e.k / 2n : e.k;
  const surd = `${k === 1n ? '' : `${k}*`}sqrt(${e.s})`;
  const op = sign < 0 ? '-' : '+';
  if (e.t === 0n) return `${sign < 0 ? '-' : ''}${surd}${halve ? '' : '/2'}`;
  return halve ? `${e.t / 2n} ${op} ${surd}` : `(${e.t} ${op} ${surd})/2`;
}
function eigenTex(e: Eigen, sign: -1 | 1): string {
  if (e.s === 1n) return Rational.of(e.t + BigInt(sign) * e.k, 2n).toTex();
  const alpha = Rational.of(e.t, 2n);
  const beta = Rational.of(e.k, 2n);
  const coef = beta.equals(Rational.one) ? '' : beta.toTex();
  const surd = `${coef}\\sqrt{${e.s}}`;
  if (alpha.isZero()) return sign < 0 ? `-${surd}` : surd;
  return `${alpha.toTex()} ${sign < 0 ? '-' : '+'} ${surd}`;
}
const eigenNumber = (e: Eigen, sign: -1 | 1) => (Number(e.t) + sign * Number(e.k) * Math.sqrt(Number(e.s))) / 2;

function solve(params: EigenvaluesParams): Solution<EigenvaluesAnswer> {
  const e = eigen2(big(params.A));
  const exact = [eigenText(e, -1), eigenText(e, 1)];
  return {
    answer: { ...classified(params.A), value: [eigenNumber(e, -1), eigenNumber(e, 1)], exact },
    expected: { kind: 'parts', parts: { value: { kind: 'vector', value: exact.map((x) => Expression.parse(x)) } } },
  };
}

function verify(params: EigenvaluesParams, solution: Solution<EigenvaluesAnswer>): Verification {
  const checked = checkClassified(params.A, solution.answer);
  if (!checked.ok) return { ok: false, method: METHOD, detail: checked.detail };
  const { eigenvalues: eig, scale } = checked;
  const m = big(params.A);
  const e = eigen2(m);
  const det = solution.answer.minors[1] as number;
  const l1 = Rational.of(e.t, 2n);
  // (t/2)² − (k/2)²s = det and k²s = D = (tr)² − 4det
  if (e.k * e.k * e.s !== e.D || !l1.mul(l1).sub(Rational.of(e.k * e.k * e.s, 4n)).equals(Rational.from(det)) || e.t !== at(m, 0, 0) + at(m, 1, 1)) {
    return { ok: false, method: METHOD, detail: 'sum/product of eigenvalues disagree with trace/determinant' };
  }
  const v = solution.answer.value;
  if (!v.every((x, i) => Math.abs(x - (eig[i] as number)) <= 1e-9 * scale)) return { ok: false, method: METHOD, detail: `Jacobi ${eig.join(', ')} vs ${v.join(', ')}` };
  // What is graded must be what was just verified.
  const graded = solution.expected.kind === 'parts' ? solution.expected.parts.value : undefined;
  const agrees = graded?.kind === 'vector' && graded.value.length === 2 && graded.value.every((x, i) => Math.abs(x.toNumber() - (eig[i] as number)) <= 1e-9 * scale);
  return agrees ? { ok: true, method: METHOD } : { ok: false, method: METHOD, detail: 'the graded answer is not the verified one' };
}

const PROMPT = template(
  'For the symmetric matrix\n{{definition}}\nfind both eigenvalues, **in increasing order**, as a vector `[λ1, λ2]`; exact roots are welcome, e.g. `[(3 - sqrt(5))/2, (3 + sqrt(5))/2]`.',
  '对称矩阵\n{{definition}}\n求它的两个特征值，**从小到大**写成向量 `[λ1, λ2]`；可用精确根式，如 `[(3 - sqrt(5))/2, (3 + sqrt(5))/2]`。',
);

function prompt(params: EigenvaluesParams, lang: 'en' | 'zh'): string {
  return fill(PROMPT, { definition: `$$A = ${texMatrix(params.A)}$$` }, lang);
}

const STEPS = [
  template(
    'The characteristic polynomial is $\\lambda^{2} - (\\operatorname{tr}A)\\lambda + \\det A$ with $\\operatorname{tr}A = {{trace}}$ and $\\det A = {{a}}\\cdot {{c}} - {{b}}^{2} = {{det}}$.',
    '特征多项式 $\\lambda^{2} - (\\operatorname{tr}A)\\lambda + \\det A$，其中 $\\operatorname{tr}A = {{trace}}$，$\\det A = {{a}}\\cdot {{c}} - {{b}}^{2} = {{det}}$。',
  ),
  template(
    'The discriminant is $(\\operatorname{tr}A)^{2} - 4\\det A = (a_{11} - a_{22})^{2} + 4a_{12}^{2} = {{D}}${{root}}.',
    '判别式 $(\\operatorname{tr}A)^{2} - 4\\det A = (a_{11} - a_{22})^{2} + 4a_{12}^{2} = {{D}}${{root}}。',
  ),
  '$$\\lambda_{1} = {{lower}} \\approx {{lowerApprox}},\\qquad \\lambda_{2} = {{upper}} \\approx {{upperApprox}}.$$',
];
const ROOT = template(', ${{sqrtD}}$', '，${{sqrtD}}$');

function steps(params: EigenvaluesParams, _solution: Solution<EigenvaluesAnswer>, lang: 'en' | 'zh'): string {
  const m = big(params.A);
  const e = eigen2(m);
  const values = {
    trace: String(e.t),
    a: paren(at(m, 0, 0)),
    c: paren(at(m, 1, 1)),
    b: paren(at(m, 0, 1)),
    det: String(leading(m)[1] as bigint),
    D: String(e.D),
    root: e.s === 1n || e.k !== 1n ? ROOT : '',
    sqrtD: e.s === 1n ? `\\sqrt{${e.D}} = ${e.k}` : `\\sqrt{${e.D}} = ${e.k}\\sqrt{${e.s}}`,
    lower: eigenTex(e, -1),
    lowerApprox: texNumber(eigenNumber(e, -1), 5),
    upper: eigenTex(e, 1),
    upperApprox: texNumber(eigenNumber(e, 1), 5),
  };
  return fillSteps(STEPS, values, lang);
}

export const eigenvaluesTask: FamilyTask<EigenvaluesParams, EigenvaluesAnswer> = {
  parseParams: (raw) => {
    const A = readMatrix(raw);
    if (A.length !== 2) throw new InvalidParamsError('eigenvalues are asked only for 2×2 matrices');
    return { A, ask: 'eigenvalues' };
  },
  prompt,
  answerSpec: () => ({ parts: [{ name: 'value', kind: 'vector', length: 2, label: bi('eigenvalues, increasing', '特征值（从小到大）') }], noneAllowed: false }),
  solve,
  verify,
  steps,
  diagnose: (params, solution, given) => {
    if (given.kind !== 'parts') return undefined;
    const part = given.parts.value;
    const A = params.A;
    if (part?.kind !== 'vector' || part.approx.length !== A.length) return undefined;
    const same = sameAs(part.approx);
    const diag = A.map((row, i) => row[i] as number);
    const v = solution.answer.value;
    if (same(v)) return undefined;
    if (same([v[1] as number, v[0] as number])) return note('wrong-order');
    if (same([...diag].sort((x, y) => x - y)) || same(diag)) return note('diagonal-only');
    const a = diag[0] as number;
    const c = diag[1] as number;
    const b = (A[0] as number[])[1] as number;
    const r = Math.sqrt((a - c) ** 2 + b * b);
    if (same([(a + c - r) / 2, (a + c + r) / 2])) return note('discriminant-4b2');
    return undefined;
  },
  examples: [
    { params: { A: [[2, 1], [1, 1]], ask: 'eigenvalues' }, answer: '[(3 - sqrt(5))/2, (3 + sqrt(5))/2]', correct: true },
    { params: { A: [[2, 1], [1, 1]], ask: 'eigenvalues' }, answer: '[0.382, 2.618]', correct: true },
    { params: { A: [[2, 1], [1, 1]], ask: 'eigenvalues' }, answer: '[(3 + sqrt(5))/2, (3 - sqrt(5))/2]', correct: false, note: 'wrong-order' },
    { params: { A: [[2, 1], [1, 1]], ask: 'eigenvalues' }, answer: '[(3 - sqrt(2))/2, (3 + sqrt(2))/2]', correct: false, note: 'discriminant-4b2' },
  ],
};
