/**
 * attention-crossover — when does linear attention become cheaper than softmax attention?
 *
 * One head, Q, K ∈ ℝ^{n×d}, V ∈ ℝ^{n×d_v}; the same convention as `attention-flops`: only the
 * matrix products count, one multiply-add = 2 FLOPs.
 *   softmax: S = QKᵀ (2n²d), then softmax(S)·V (2n²d_v)   → F_s(n) = 2n²(d + d_v)
 *   linear:  KᵀV (2n·d·d_v), then Q·(KᵀV) (2n·d·d_v)       → F_l(n) = 4n·d·d_v
 * F_l(n) < F_s(n) ⇔ n > n* = 2d·d_v/(d + d_v) (the harmonic mean of d and d_v), so the smallest
 * such length is ⌊n*⌋ + 1; and F_s/F_l = n(d + d_v)/(2d·d_v).
 *
 * Solve: the closed forms, exactly (bigint and Rational).
 * Verify (independent): the FLOPs are counted from the shapes of the products each order actually
 * performs (`tensor.countFlops(tensor.shapeOps)`), scanning n = 1, 2, … for the first length
 * where the linear order is strictly cheaper, and tracing both programs at the given n for the ratio.
 */
import {
  bi,
  defineFamily,
  defineNotes,
  EXACT_ONLY,
  Expression,
  fill,
  fillSteps,
  InvalidParamsError,
  near,
  params as read,
  Rational,
  template,
  tensor,
  texInteger,
  texNumber,
  type AnswerPart,
  type GivenAnswer,
  type Level,
  type Rng,
  type Solution,
  type StepLine,
  type TextValue,
  type Verification,
} from '../../engine';
import { answerOf, gradedFailure, gradedMismatch } from './graded';

type Ask = 'ratio' | 'crossover' | 'both';
type Params = { readonly d: number; readonly dv: number; readonly ask: Ask; readonly n?: number };
type Answer = {
  readonly value?: number;
  readonly n?: number;
  readonly ratio?: number;
  readonly exactRatio?: string;
  readonly threshold: string;
};

const ASKS: readonly Ask[] = ['ratio', 'crossover', 'both'];
const MAX_DIM = 16_384;
const MAX_N = 10_000_000;

const softmaxFlops = (n: bigint, d: bigint, dv: bigint): bigint => 2n * n * n * (d + dv);
const linearFlops = (n: bigint, d: bigint, dv: bigint): bigint => 4n * n * d * dv;

/** n* = 2d·d_v/(d + d_v): the length at which both orders cost the same. */
const threshold = (p: Params): Rational => Rational.of(2n * BigInt(p.d) * BigInt(p.dv), BigInt(p.d + p.dv));

/** Smallest positive integer n with n > n*. */
const crossover = (p: Params): number => Number(threshold(p).num / threshold(p).den) + 1;

/** F_s(n)/F_l(n) = n(d + d_v)/(2d·d_v). */
const ratioAt = (p: Params, n: number): Rational => Rational.of(BigInt(n) * BigInt(p.d + p.dv), 2n * BigInt(p.d) * BigInt(p.dv));

function solve(params: Params): Solution<Answer> {
  const t = threshold(params).toString();
  const nStar = crossover(params);
  if (params.ask === 'crossover') {
    return {
      answer: { value: nStar, threshold: t },
      expected: { kind: 'parts', parts: { value: { kind: 'number', value: Expression.from(nStar) } } },
    };
  }
  const r = ratioAt(params, params.n as number);
  if (params.ask === 'ratio') {
    return {
      answer: { value: r.toNumber(), exactRatio: r.toString(), threshold: t },
      expected: { kind: 'parts', parts: { value: { kind: 'number', value: Expression.from(r) } } },
    };
  }
  return {
    answer: { n: nStar, ratio: r.toNumber(), exactRatio: r.toString(), threshold: t },
    expected: {
      kind: 'parts',
      parts: { n: { kind: 'number', value: Expression.from(nStar) }, ratio: { kind: 'number', value: Expression.from(r) } },
    },
  };
}

// ---------- verification: FLOPs from the shapes of the products ----------

/**
 * Both evaluation orders run on a shape tracer (Q, K: n×d, V: n×d_v); each call returns the FLOPs
 * of the products just performed, read from the counter's records.
 */
function tracer(d: number, dv: number): (variant: 'softmax' | 'linear', n: number) => bigint {
  const counter = tensor.countFlops(tensor.shapeOps);
  const { ops, records } = counter;
  return (variant, n) => {
    const before = records.length;
    const q: tensor.Shape2 = [n, d];
    const k: tensor.Shape2 = [n, d];
    const v: tensor.Shape2 = [n, dv];
    const out = variant === 'softmax' ? ops.matMul(ops.matMul(q, k, false, true), v) : ops.matMul(q, ops.matMul(k, v, true, false));
    if (out[0] !== n || out[1] !== dv) throw new RangeError(`output ${out.join('×')}`);
    let flops = 0n;
    for (let i = before; i < records.length; i++) flops += (records[i] as tensor.MatMulRecord).flops;
    records.length = 0;
    return flops;
  };
}

function verify(params: Params, solution: Solution<Answer>): Verification {
  // The graded parts must be the answer-object values checked below.
  const a = answerOf(solution);
  const graded = gradedMismatch(solution, params.ask === 'crossover' ? { value: a.value } : params.ask === 'ratio' ? { value: a.exactRatio } : { n: a.n, ratio: a.exactRatio });
  if (graded) return gradedFailure(graded);
  const { d, dv } = params;
  const method = 'FLOPs counted from the traced product shapes, scanning n = 1, 2, …';
  const traced = tracer(d, dv);
  if (params.ask !== 'ratio') {
    const claimed = params.ask === 'crossover' ? solution.answer.value : solution.answer.n;
    // n* < 2·min(d, d_v), so the scan ends within 2·min(d, d_v) + 1 steps.
    let first = 0;
    for (let n = 1; n <= 2 * Math.min(d, dv) + 1; n++) {
      if (traced('linear', n) < traced('softmax', n)) {
        first = n;
        break;
      }
    }
    if (first === 0 || first !== claimed) return { ok: false, method, detail: `scan finds n = ${first}, claimed ${String(claimed)}` };
    // Once cheaper, always cheaper: the next few lengths agree.
    for (let n = first; n < first + 4; n++) {
      if (traced('linear', n) >= traced('softmax', n)) return { ok: false, method, detail: `not cheaper again at n = ${n}` };
    }
  }
  if (params.ask !== 'crossover') {
    const n = params.n as number;
    const r = Rational.of(traced('softmax', n), traced('linear', n));
    if (solution.answer.exactRatio !== r.toString()) return { ok: false, method, detail: `traced ratio ${r.toString()}, claimed ${String(solution.answer.exactRatio)}` };
  }
  return { ok: true, method };
}

// ---------- generation ----------

const LEVEL_DIMS: Readonly<Record<Level, readonly number[]>> = {
  easy: [16, 32, 64, 128],
  medium: [24, 32, 40, 48, 64, 80, 96, 128, 160, 192, 256],
  hard: [40, 48, 64, 72, 80, 96, 100, 112, 128, 160, 192, 256],
};

function generate(rng: Rng, level: Level): Params {
  const dims = LEVEL_DIMS[level];
  const d = rng.pick(dims);
  if (level === 'easy') {
    // d = d_v and n a power of two around d: the ratio is n/d, sometimes below 1.
    const n = 2 ** rng.int(Math.log2(d) - 2, Math.log2(d) + 7);
    return { d, dv: d, ask: 'ratio', n };
  }
  if (level === 'medium') {
    const dv = rng.chance(0.35) ? d : rng.pick(dims.filter((x) => x !== d));
    return { d, dv, ask: 'crossover' };
  }
  const dv = rng.pick(dims.filter((x) => x !== d));
  const n = rng.chance(0.5) ? rng.int(2, 64) * 64 : rng.int(100, 20_000);
  return { d, dv, ask: 'both', n };
}

// ---------- text ----------

const SETUP = template(
  'One attention head has $Q, K \\in \\mathbb{R}^{{{shapeN}}\\times {{d}}}$, $V \\in \\mathbb{R}^{{{shapeN}}\\times {{dv}}}$ ($d = {{d}}$, $d_v = {{dv}}${{lengthNote}}). Softmax attention computes $S = QK^{\\top}$ and then $\\operatorname{softmax}(S)\\,V$; linear attention drops the softmax and uses associativity: first $K^{\\top}V$, then $Q\\,(K^{\\top}V)$. Count the FLOPs of the matrix products only, one multiply–add = 2 FLOPs (softmax, scaling and normalisation are not counted).',
  '单个注意力头，$Q, K \\in \\mathbb{R}^{{{shapeN}}\\times {{d}}}$，$V \\in \\mathbb{R}^{{{shapeN}}\\times {{dv}}}$（$d = {{d}}$，$d_v = {{dv}}${{lengthNote}}）。softmax 注意力先算 $S = QK^{\\top}$，再算 $\\operatorname{softmax}(S)\\,V$；线性注意力去掉 softmax，按结合律先算 $K^{\\top}V$，再算 $Q\\,(K^{\\top}V)$。只计矩阵乘法的浮点运算次数（FLOPs），一次乘加记 2 FLOPs；softmax、缩放和归一化不计。',
);
const LENGTH_NOTE = bi(', sequence length $n$', '，$n$ 为序列长度');
const CROSSOVER_Q = bi(
  'What is the smallest sequence length $n$ (a positive integer) for which linear attention needs **strictly fewer** FLOPs than softmax attention?',
  '使线性注意力的 FLOPs **严格少于** softmax 注意力的最小序列长度 $n$（正整数）是多少？',
);
const RATIO_Q = template(
  'At $n = {{n}}$, how many times the FLOPs of linear attention does softmax attention need (the ratio $F_{\\text{softmax}}/F_{\\text{linear}}$)?',
  '当 $n = {{n}}$ 时，softmax 注意力的 FLOPs 是线性注意力的多少倍（比值 $F_{\\text{softmax}}/F_{\\text{linear}}$）？',
);
const FORMAT = bi('Give the ratio as an exact fraction `p/q` or a decimal with at least 4 significant digits.', '比值可写成精确分数 `p/q`，或至少 4 位有效数字的小数。');
const PROMPTS = {
  crossover: template('{{setup}}\n\n{{crossoverQ}}', '{{setup}}\n\n{{crossoverQ}}'),
  ratio: template('{{setup}}\n\n{{ratioQ}}\n\n{{format}}', '{{setup}}\n\n{{ratioQ}}\n\n{{format}}'),
  both: template('{{setup}}\n\n(1) `n`: {{crossoverQ}}\n\n(2) `ratio`: {{ratioQ}}\n\n{{format}}', '{{setup}}\n\n(1) `n`：{{crossoverQ}}\n\n(2) `ratio`：{{ratioQ}}\n\n{{format}}'),
};

function prompt(params: Params, lang: 'en' | 'zh'): string {
  const values = {
    setup: SETUP,
    // The shapes name the sequence length when it is given, else keep the symbol n.
    shapeN: params.ask === 'ratio' ? String(params.n) : 'n',
    n: String(params.n),
    d: params.d,
    dv: params.dv,
    lengthNote: params.ask === 'crossover' || params.ask === 'both' ? LENGTH_NOTE : '',
    crossoverQ: CROSSOVER_Q,
    ratioQ: RATIO_Q,
    format: FORMAT,
  };
  return fill(PROMPTS[params.ask], values, lang);
}

const STEPS = {
  softmax: template(
    'An $(m\\times k)$ by $(k\\times p)$ product does $mkp$ multiply–adds, i.e. $2mkp$ FLOPs. Softmax order: $(n\\times {{d}})({{d}}\\times n)$ and $(n\\times n)(n\\times {{dv}})$, in total $F_{\\text{softmax}}(n) = 2n^{2}(d + d_v) = {{softmaxCoefficient}}\\,n^{2}$.',
    '一个 $(m\\times k)$ 乘 $(k\\times p)$ 的矩阵乘法有 $mkp$ 次乘加，即 $2mkp$ FLOPs。softmax 顺序：$(n\\times {{d}})({{d}}\\times n)$ 与 $(n\\times n)(n\\times {{dv}})$，合计 $F_{\\text{softmax}}(n) = 2n^{2}(d + d_v) = {{softmaxCoefficient}}\\,n^{2}$。',
  ),
  linear: template(
    'Linear order: $({{d}}\\times n)(n\\times {{dv}})$ and $(n\\times {{d}})({{d}}\\times {{dv}})$, in total $F_{\\text{linear}}(n) = 4n\\,d\\,d_v = {{linearCoefficient}}\\,n$.',
    '线性顺序：$({{d}}\\times n)(n\\times {{dv}})$ 与 $(n\\times {{d}})({{d}}\\times {{dv}})$，合计 $F_{\\text{linear}}(n) = 4n\\,d\\,d_v = {{linearCoefficient}}\\,n$。',
  ),
  cheaper: template(
    'Linear is cheaper $\\iff 4n\\,d\\,d_v < 2n^{2}(d + d_v) \\iff n > \\dfrac{2d\\,d_v}{d + d_v} = \\dfrac{2\\cdot {{d}}\\cdot {{dv}}}{{{dSum}}} = {{threshold}}$.',
    '线性更便宜 $\\iff 4n\\,d\\,d_v < 2n^{2}(d + d_v) \\iff n > \\dfrac{2d\\,d_v}{d + d_v} = \\dfrac{2\\cdot {{d}}\\cdot {{dv}}}{{{dSum}}} = {{threshold}}$。',
  ),
  check: template(
    'Check: at $n = {{below}}$, $F_{\\text{linear}} = {{linearBelow}}$ and $F_{\\text{softmax}} = {{softmaxBelow}}$ ({{belowVerdict}}); at $n = {{nStar}}$, $F_{\\text{linear}} = {{linearAt}} < F_{\\text{softmax}} = {{softmaxAt}}$. So $n = {{nStar}}$.',
    '检验：$n = {{below}}$ 时 $F_{\\text{linear}} = {{linearBelow}}$，$F_{\\text{softmax}} = {{softmaxBelow}}$（{{belowVerdict}}）；$n = {{nStar}}$ 时 $F_{\\text{linear}} = {{linearAt}} < F_{\\text{softmax}} = {{softmaxAt}}$。所以 $n = {{nStar}}$。',
  ),
  so: template('So $n = {{nStar}}$.', '所以 $n = {{nStar}}$。'),
  ratio: template('At $n = {{n}}$: {{ratio}}', '$n = {{n}}$ 时： {{ratio}}'),
};
const EQUAL = bi('equal, not strictly fewer', '相等，不是严格更少');
const MORE = bi('linear costs more', '线性更贵');

function steps(params: Params, _solution: Solution<Answer>, lang: 'en' | 'zh'): string {
  const { d, dv } = params;
  const D = BigInt(d);
  const DV = BigInt(dv);
  const values: Record<string, TextValue> = {
    d,
    dv,
    dSum: d + dv,
    softmaxCoefficient: texInteger(2 * (d + dv)),
    linearCoefficient: texInteger(4n * D * DV),
  };
  const lines: StepLine[] = [STEPS.softmax, STEPS.linear];
  if (params.ask !== 'ratio') {
    const t = threshold(params);
    const nStar = crossover(params);
    const below = nStar - 1;
    const [N, B] = [BigInt(nStar), BigInt(below)];
    Object.assign(values, {
      threshold: t.isInteger() ? t.toTex() : `${t.toTex()} \\approx ${texNumber(t.toNumber(), 5)}`,
      nStar,
      below,
      linearBelow: texInteger(linearFlops(B, D, DV)),
      softmaxBelow: texInteger(softmaxFlops(B, D, DV)),
      belowVerdict: t.isInteger() ? EQUAL : MORE,
      linearAt: texInteger(linearFlops(N, D, DV)),
      softmaxAt: texInteger(softmaxFlops(N, D, DV)),
    });
    lines.push(STEPS.cheaper, below >= 1 ? STEPS.check : STEPS.so);
  }
  if (params.ask !== 'crossover') {
    const n = params.n as number;
    const r = ratioAt(params, n);
    const N = BigInt(n);
    values.n = n;
    values.ratio = `$$\\frac{F_{\\text{softmax}}}{F_{\\text{linear}}} = \\frac{n\\,(d + d_v)}{2d\\,d_v} = \\frac{${texInteger(softmaxFlops(N, D, DV))}}{${texInteger(linearFlops(N, D, DV))}} = ${r.toTex()}${r.isInteger() ? '' : ` \\approx ${texNumber(r.toNumber(), 6)}`}.$$`;
    lines.push(STEPS.ratio);
  }
  return fillSteps(lines, values, lang);
}

// ---------- diagnosis ----------

const note = defineNotes({
  'not-strictly-cheaper': bi(
    'At that length linear attention is not strictly cheaper yet (the costs are equal or softmax is cheaper); take the next length.',
    '在这个长度上线性注意力还不是严格更便宜（两者相等或 softmax 更便宜）；应取下一个长度。',
  ),
  'threshold-not-a-length': bi('That is the break-even point 2d·d_v/(d+d_v); the answer is a whole sequence length strictly above it.', '这是两者相等的临界点 2d·d_v/(d+d_v)；答案应是严格大于它的整数序列长度。'),
  'assumed-equal-dims': bi('d and d_v differ here; with d = d_v the break-even point would be d, but in general it is 2d·d_v/(d+d_v).', '这里 d 与 d_v 不相等；只有 d = d_v 时临界点才是 d，一般情形是 2d·d_v/(d+d_v)。'),
  'missing-product': bi('Each order has two matrix products; count both of them.', '每种计算顺序都有两个矩阵乘法，两个都要计入。'),
  'ratio-inverted': bi('That is F_linear/F_softmax; the question asks for F_softmax/F_linear.', '这是 F_linear/F_softmax；题目要的是 F_softmax/F_linear。'),
});


function diagnoseCrossover(params: Params, g: number): ReturnType<typeof note> | undefined {
  const right = crossover(params);
  const t = threshold(params).toNumber();
  if (g === right) return undefined;
  if (g === right - 1 && g >= 1) return note('not-strictly-cheaper');
  if (!Number.isInteger(t) && near(g, t, 1e-3)) return note('threshold-not-a-length');
  if (params.d !== params.dv && [params.d, params.dv, params.d + 1, params.dv + 1].includes(g)) return note('assumed-equal-dims');
  // One product dropped: 2n²d or 2n²d_v against 4n·d·d_v (n > 2d_v or n > 2d), or 2n·d·d_v against 2n²(d + d_v).
  const oneLinearProduct = Math.floor((params.d * params.dv) / (params.d + params.dv)) + 1;
  if ([oneLinearProduct, 2 * params.dv + 1, 2 * params.d + 1].includes(g)) return note('missing-product');
  return undefined;
}

function diagnoseRatio(params: Params, g: number): ReturnType<typeof note> | undefined {
  const r = ratioAt(params, params.n as number).toNumber();
  const close = (x: number) => near(g, x, 2e-3) && !near(x, r, 1e-9);
  if (close(1 / r)) return note('ratio-inverted');
  if (close(2 * r) || close((r * params.d) / (params.d + params.dv)) || close((r * params.dv) / (params.d + params.dv))) {
    return note('missing-product');
  }
  return undefined;
}

function diagnose(params: Params, _solution: Solution<Answer>, given: GivenAnswer) {
  if (given.kind !== 'parts') return undefined;
  const num = (name: string) => {
    const part = given.parts[name];
    return part?.kind === 'number' ? part.approx : undefined;
  };
  if (params.ask === 'crossover') {
    const g = num('value');
    return g === undefined ? undefined : diagnoseCrossover(params, g);
  }
  if (params.ask === 'ratio') {
    const g = num('value');
    return g === undefined ? undefined : diagnoseRatio(params, g);
  }
  const gn = num('n');
  const gr = num('ratio');
  return (gn === undefined ? undefined : diagnoseCrossover(params, gn)) ?? (gr === undefined ? undefined : diagnoseRatio(params, gr));
}

// ---------- definition ----------

const CROSSOVER_PART = (name: string): AnswerPart => ({
  name,
  kind: 'number',
  label: bi('smallest n', '最小的 n'),
  tolerance: EXACT_ONLY,
});
const RATIO_PART = (name: string): AnswerPart => ({ name, kind: 'number', label: bi('F_softmax / F_linear', 'F_softmax / F_linear') });

export const attentionCrossover = defineFamily<Params, Answer>({
  id: 'attention-crossover',
  version: 1,
  article: 'linear-attention',
  title: bi('When linear attention gets cheaper', '线性注意力何时更省'),
  levels: ['easy', 'medium', 'hard'],
  parseParams(raw) {
    const o = read.readObject(raw, ['d', 'dv', 'ask'], ['n']);
    const d = read.readInt(o, 'd', 1, MAX_DIM);
    const dv = read.readInt(o, 'dv', 1, MAX_DIM);
    const ask = read.readEnum(o, 'ask', ASKS);
    if (ask === 'crossover') {
      if (Object.hasOwn(o, 'n')) throw new InvalidParamsError('n is not used when ask is crossover');
      return { d, dv, ask };
    }
    if (!Object.hasOwn(o, 'n')) throw new InvalidParamsError(`missing param n (required when ask is ${ask})`);
    return { d, dv, ask, n: read.readInt(o, 'n', 1, MAX_N) };
  },
  generate,
  prompt,
  answerSpec: (params) => ({
    parts: params.ask === 'crossover' ? [CROSSOVER_PART('value')] : params.ask === 'ratio' ? [RATIO_PART('value')] : [CROSSOVER_PART('n'), RATIO_PART('ratio')],
    noneAllowed: false,
  }),
  solve,
  verify,
  steps,
  diagnose,
  examples: [
    { params: { d: 64, dv: 64, ask: 'crossover' }, answer: '65', correct: true, comment: 'd = d_v: costs are equal at n = d' },
    { params: { d: 64, dv: 64, ask: 'crossover' }, answer: '64', correct: false, note: 'not-strictly-cheaper' },
    { params: { d: 64, dv: 128, ask: 'crossover' }, answer: '86', correct: true, comment: 'n* = 256/3 ≈ 85.3' },
    { params: { d: 64, dv: 128, ask: 'crossover' }, answer: '85.33', correct: false, note: 'threshold-not-a-length' },
    { params: { d: 64, dv: 128, ask: 'crossover' }, answer: '65', correct: false, note: 'assumed-equal-dims' },
    { params: { d: 64, dv: 128, ask: 'crossover' }, answer: '43', correct: false, note: 'missing-product', comment: 'only one of the two linear products counted' },
    { params: { d: 64, dv: 64, ask: 'ratio', n: 1024 }, answer: '16', correct: true },
    { params: { d: 64, dv: 64, ask: 'ratio', n: 1024 }, answer: '1/16', correct: false, note: 'ratio-inverted' },
    { params: { d: 64, dv: 64, ask: 'ratio', n: 1024 }, answer: '2*1024^2*128/(4*1024*64*64)', correct: true },
    { params: { d: 64, dv: 128, ask: 'ratio', n: 1000 }, answer: '375/32', correct: true },
    { params: { d: 64, dv: 128, ask: 'ratio', n: 1000 }, answer: '11.72', correct: true, comment: 'correctly rounded 11.71875' },
    { params: { d: 64, dv: 128, ask: 'both', n: 1000 }, answer: { n: '86', ratio: '11.71875' }, correct: true },
    { params: { d: 64, dv: 128, ask: 'both', n: 1000 }, answer: { n: '85', ratio: '11.71875' }, correct: false, note: 'not-strictly-cheaper' },
    { params: { d: 64, dv: 128, ask: 'both', n: 1000 }, answer: { n: '86', ratio: '12' }, correct: false, note: 'incorrect' },
    { params: { d: 64, dv: 64, ask: 'crossover' }, answer: 'import("os")', correct: false, note: 'bad-character' },
    { params: { d: 64, dv: 64, ask: 'crossover' }, answer: 'n+1', correct: false, note: 'unknown-symbol' },
  ],
});
