/**
 * walk-return — returns to the origin of a walk from 0 with steps +1 (probability p), −1 (q = 1 − p).
 *
 *   return        P(S_n = 0) = C(n, n/2)(pq)^{n/2}                     (0 for odd n)
 *   first-return  P(first return at step n = 2m) = C(2m, m)(pq)^m / (2m − 1)
 *                 (2·Catalan(m−1) paths, each of probability (pq)^m)
 *   no-return     P(S_1 ≠ 0, …, S_n ≠ 0) = Σ_k (|k|/n)·P(S_n = k) = E|S_n| / n  (ballot theorem)
 *   mean-abs      E|S_n| = Σ_a |2a − n|·C(n, a)·p^a q^{n−a}
 *
 * Solve: these closed forms, exactly over ℚ. Verify (independent): dynamic programming over
 * positions, step by step, with exact integer numerators over vⁿ (p = u/v): the unrestricted
 * distribution, and a second distribution killed on hitting 0 whose lost mass at step t is the
 * first-return probability at t.
 */
import {
  bi,
  combinatorics,
  defineFamily,
  defineNotes,
  Expression,
  fill,
  fillSteps,
  InvalidParamsError,
  memoByParams,
  near,
  params as read,
  Rational,
  template,
  texNumber,
  type GivenAnswer,
  type Level,
  type Rng,
  type Solution,
  type Template,
  type Verification,
} from '../../engine';
import { answerOf, gradedFailure, gradedMismatch } from './graded';

type Quantity = 'return' | 'first-return' | 'no-return' | 'mean-abs';
type Params = { readonly quantity: Quantity; readonly n: number; readonly p: number | string };
type Answer = { readonly value: number; readonly exact: string };

const QUANTITIES: readonly Quantity[] = ['return', 'first-return', 'no-return', 'mean-abs'];
const MAX_N = 400;
/**
 * The exact work (the DP in `verify`, the sums in `solve`) is O(n²) on integers of about
 * n·log₂(v) bits for p = u/v: capping that product keeps every call well under a second, and keeps
 * the exact value's text short enough (< 400 digits) for `Rational.parse` in `steps`.
 */
const MAX_EXACT_BITS = 1200;

interface Walk {
  readonly n: number;
  readonly p: Rational;
  readonly q: Rational;
}

const walk = (params: Params): Walk => {
  const p = read.toRational(params.p, 'p', 1, 12);
  return { n: params.n, p, q: Rational.one.sub(p) };
};

const binom = (n: number, k: number) => Rational.from(combinatorics.binomial(BigInt(n), BigInt(k)));

/** P(S_n = k) = C(n, a)·pᵃ·q^{n−a} with a = (n + k)/2 up-steps. */
function pointProbability(w: Walk, k: number): Rational {
  if (Math.abs(k) > w.n || (w.n + k) % 2 !== 0) return Rational.zero;
  const a = (w.n + k) / 2;
  return binom(w.n, a).mul(w.p.pow(a)).mul(w.q.pow(w.n - a));
}

function closedForm(quantity: Quantity, w: Walk): Rational {
  const { n } = w;
  const pq = w.p.mul(w.q);
  switch (quantity) {
    case 'return':
      return n % 2 === 0 ? binom(n, n / 2).mul(pq.pow(n / 2)) : Rational.zero;
    case 'first-return': {
      if (n % 2 !== 0) return Rational.zero;
      const m = n / 2;
      return binom(n, m).mul(pq.pow(m)).div(Rational.from(n - 1));
    }
    case 'mean-abs':
    case 'no-return': {
      let sum = Rational.zero;
      for (let k = -n; k <= n; k += 2) if (k !== 0) sum = sum.add(Rational.from(Math.abs(k)).mul(pointProbability(w, k)));
      return quantity === 'mean-abs' ? sum : sum.div(Rational.from(n));
    }
  }
}

const solve = memoByParams((params: Params): Solution<Answer> => {
  const value = closedForm(params.quantity, walk(params));
  return {
    answer: { value: value.toNumber(), exact: value.toString() },
    expected: { kind: 'parts', parts: { value: { kind: 'number', value: Expression.from(value) } } },
  };
});

// ---------- verification: dynamic programming over positions ----------

interface Dp {
  /** Numerators over vⁿ: P(S_n = k) at index k + n. */
  readonly all: readonly bigint[];
  /** Numerators over vⁿ: P(S_n = k and S_1 … S_n ≠ 0). */
  readonly avoid: readonly bigint[];
  /** Numerator over vⁿ of P(first return at step n). */
  readonly firstReturnAtN: bigint;
  readonly denominator: bigint;
}

function dynamicProgramming(w: Walk): Dp {
  const { n } = w;
  const v = w.p.den;
  const up = w.p.num;
  const down = v - up;
  const size = 2 * n + 1;
  let all = new Array<bigint>(size).fill(0n);
  let avoid = new Array<bigint>(size).fill(0n);
  all[n] = 1n;
  avoid[n] = 1n; // the start at 0 does not count as a return
  let firstReturn = 0n;
  for (let t = 1; t <= n; t++) {
    const nextAll = new Array<bigint>(size).fill(0n);
    const nextAvoid = new Array<bigint>(size).fill(0n);
    for (let i = 0; i < size; i++) {
      const a = all[i] as bigint;
      const b = avoid[i] as bigint;
      if (a !== 0n) {
        if (i + 1 < size) nextAll[i + 1] = (nextAll[i + 1] as bigint) + a * up;
        if (i > 0) nextAll[i - 1] = (nextAll[i - 1] as bigint) + a * down;
      }
      if (b !== 0n) {
        if (i + 1 < size) nextAvoid[i + 1] = (nextAvoid[i + 1] as bigint) + b * up;
        if (i > 0) nextAvoid[i - 1] = (nextAvoid[i - 1] as bigint) + b * down;
      }
    }
    // Mass arriving at 0 leaves the avoiding walk: at step t it is the first return at t.
    const hit = nextAvoid[n] as bigint;
    nextAvoid[n] = 0n;
    if (t === n) firstReturn = hit;
    all = nextAll;
    avoid = nextAvoid;
  }
  return { all, avoid, firstReturnAtN: firstReturn, denominator: v ** BigInt(n) };
}

function byDynamicProgramming(quantity: Quantity, w: Walk): Rational {
  const dp = dynamicProgramming(w);
  const over = (num: bigint) => Rational.of(num, dp.denominator);
  switch (quantity) {
    case 'return':
      return over(dp.all[w.n] as bigint);
    case 'first-return':
      return over(dp.firstReturnAtN);
    case 'no-return':
      return over(dp.avoid.reduce((s, x) => s + x, 0n));
    case 'mean-abs':
      return over(dp.all.reduce((s, x, i) => s + x * BigInt(Math.abs(i - w.n)), 0n));
  }
}

function verify(params: Params, solution: Solution<Answer>): Verification {
  // The graded parts must be the answer-object values checked below.
  const a = answerOf(solution);
  const graded = gradedMismatch(solution, { value: a.exact });
  if (graded) return gradedFailure(graded);
  const method = 'exact dynamic programming over positions (with a copy killed on hitting 0)';
  const dp = byDynamicProgramming(params.quantity, walk(params));
  return dp.toString() === solution.answer.exact ? { ok: true, method } : { ok: false, method, detail: `DP gives ${dp.toString()}` };
}

// ---------- generation ----------

const BIASED: readonly string[] = ['1/3', '2/3', '1/4', '3/4', '2/5', '3/5'];

function generate(rng: Rng, level: Level): Params {
  const p = (symmetric: number) => (rng.chance(symmetric) ? '1/2' : rng.pick(BIASED));
  switch (level) {
    case 'easy':
      return { quantity: 'return', n: 2 * rng.int(1, 10), p: p(0.6) };
    case 'medium':
      return { quantity: 'first-return', n: 2 * rng.int(2, 10), p: p(0.5) };
    case 'hard':
      return { quantity: rng.chance(0.5) ? 'mean-abs' : 'no-return', n: rng.int(3, 12), p: p(0.4) };
  }
}

// ---------- text ----------

const PROMPT = template('{{setup}} {{ask}}\n\n{{form}}', '{{setup}}{{ask}}\n\n{{form}}');
const SETUP = template(
  'A walker starts at $0$ and takes independent steps: $+1$ with probability $p = {{p}}$, $-1$ with probability $q = 1 - p$. Let $S_t$ be its position after $t$ steps ($S_0 = 0$).',
  '一个粒子从原点出发做一维随机游走：每一步独立地以概率 $p = {{p}}$ 走 $+1$，以概率 $q = 1 - p$ 走 $-1$。记 $S_t$ 为第 $t$ 步后的位置（$S_0 = 0$）。',
);
const ASK: Readonly<Record<Quantity, Template>> = {
  return: template('What is the probability $P(S_{{{n}}} = 0)$ that it is back at the origin at step ${{n}}$?', '求第 ${{n}}$ 步时恰好回到原点的概率 $P(S_{{{n}}} = 0)$。'),
  'first-return': template(
    'What is the probability that it returns to the origin **for the first time** at step ${{n}}$, i.e. $P(S_{{{n}}} = 0,\\ S_t \\ne 0 \\ (1 \\le t < {{n}}))$?',
    '求粒子在第 ${{n}}$ 步**首次**回到原点的概率，即 $P(S_{{{n}}} = 0,\\ S_t \\ne 0 \\ (1 \\le t < {{n}}))$。',
  ),
  'no-return': template(
    'What is the probability $P(S_1 \\ne 0, S_2 \\ne 0, \\dots, S_{{{n}}} \\ne 0)$ that it does not return to the origin during the first ${{n}}$ steps?',
    '求前 ${{n}}$ 步中粒子一次也没有回到原点的概率 $P(S_1 \\ne 0, S_2 \\ne 0, \\dots, S_{{{n}}} \\ne 0)$。',
  ),
  'mean-abs': template('What is the expected distance from the origin after ${{n}}$ steps, $E|S_{{{n}}}|$?', '求 ${{n}}$ 步后到原点距离的期望 $E|S_{{{n}}}|$。'),
};
const FORM = bi('Give an exact fraction (such as `35/128`) or a decimal with at least 4 significant digits.', '请给出精确分数（如 `35/128`），或至少 4 位有效数字的小数。');

function prompt(params: Params, lang: 'en' | 'zh'): string {
  return fill(PROMPT, { setup: SETUP, ask: ASK[params.quantity], form: FORM, n: params.n, p: walk(params).p.toTex() }, lang);
}

const paren = (q: Rational) => (q.isInteger() ? q.toTex() : `\\left(${q.toTex()}\\right)`);

/** Exact numbers longer than this are shown only as decimals in the steps (n up to 400 is allowed). */
const SHOWN_DIGITS = 60;

/** `= 35/128` for a readable exact value, `\\approx 1.2e-30` for a huge one. */
function eqTex(q: Rational): string {
  return q.toString().length <= SHOWN_DIGITS ? `= ${q.toTex()}` : `\\approx ${texNumber(q.toNumber(), 6)}`;
}

/** The final value: exact, then a decimal unless the exact value is already a short decimal. */
function valueLine(value: Rational): string {
  const approx = texNumber(value.toNumber(), 5);
  if (value.toString().length > SHOWN_DIGITS) return `\\approx ${approx}`;
  return Rational.parseDecimal(approx)?.equals(value) ? `= ${value.toTex()}` : `= ${value.toTex()} \\approx ${approx}`;
}

const STEPS = {
  odd: template(
    'Each step flips the parity of the position, so $S_{{{n}}}$ has the parity of ${{n}}$; ${{n}}$ is odd, so $S_{{{n}}} = 0$ is impossible and the probability is $0$.',
    '每一步位置的奇偶性都会改变，所以 $S_{{{n}}}$ 与 ${{n}}$ 同奇偶；${{n}}$ 是奇数，$S_{{{n}}} = 0$ 不可能，概率为 $0$。',
  ),
  balanced: template(
    'Being back at 0 needs ${{m}}$ up-steps and ${{m}}$ down-steps. Each such path has probability $p^{{{m}}}q^{{{m}}} = (pq)^{{{m}}} = {{pq}}^{{{m}}}$.',
    '回到原点要求向上、向下各 ${{m}}$ 步。每条这样的路径概率为 $p^{{{m}}}q^{{{m}}} = (pq)^{{{m}}} = {{pq}}^{{{m}}}$。',
  ),
  paths: template(
    'There are $\\binom{{{n}}}{{{m}}} {{count}}$ of them (choose which ${{m}}$ of the ${{n}}$ steps go up).',
    '这样的路径有 $\\binom{{{n}}}{{{m}}} {{count}}$ 条（从 ${{n}}$ 步里选出向上的 ${{m}}$ 步）。',
  ),
  returnValue: '$$P(S_{{{n}}} = 0) = \\binom{{{n}}}{{{m}}}{{pq}}^{{{m}}} {{value}}.$$',
  catalan: template(
    'A first return at step ${{n}}$: the first step goes to $\\pm 1$ and the walk stays on that side of 0 until it comes back at step ${{n}}$. On each side there are Catalan-many such paths, $C_{{{m1}}} = \\frac{1}{{{m}}}\\binom{{{n2}}}{{{m1}}} {{catalan}}$ (reflection principle), so $2C_{{{m1}}} {{paths}}$ in all.',
    '首次在第 ${{n}}$ 步回到原点的路径：第一步走到 $\\pm 1$，之后一直留在原点的同一侧，直到第 ${{n}}$ 步才回来。每一侧这样的路径有 Catalan 数 $C_{{{m1}}} = \\frac{1}{{{m}}}\\binom{{{n2}}}{{{m1}}} {{catalan}}$ 条（反射原理），两侧共 $2C_{{{m1}}} {{paths}}$ 条。',
  ),
  equivalently: template(
    'Equivalently $2C_{{{m1}}} = \\binom{{{n}}}{{{m}}}/({{n}} - 1){{central}}$. Every such path has ${{m}}$ up- and ${{m}}$ down-steps, so probability $(pq)^{{{m}}} = {{pq}}^{{{m}}}$.',
    '等价地，$2C_{{{m1}}} = \\binom{{{n}}}{{{m}}}/({{n}} - 1){{central}}$。每条路径都是 ${{m}}$ 步向上、${{m}}$ 步向下，概率都是 $(pq)^{{{m}}} = {{pq}}^{{{m}}}$。',
  ),
  firstValue: '$$P(S_{{{n}}} = 0,\\ S_t \\ne 0 \\ (1 \\le t < {{n}})) = 2C_{{{m1}}}\\cdot {{pq}}^{{{m}}} {{value}}.$$',
  ballot: template(
    'Ballot theorem: given $S_{{{n}}} = k \\ne 0$, all paths are equally likely and a fraction $|k|/{{n}}$ of them never visit 0 after the start. So $P(S_1 \\ne 0, \\dots, S_{{{n}}} \\ne 0) = \\sum_k \\frac{|k|}{{{n}}} P(S_{{{n}}} = k) = E|S_{{{n}}}|/{{n}}$.',
    '投票定理（ballot theorem）：在 $S_{{{n}}} = k \\ne 0$ 的条件下，所有路径等可能，其中中途不经过 0 的占 $|k|/{{n}}$。所以 $P(S_1 \\ne 0, \\dots, S_{{{n}}} \\ne 0) = \\sum_k \\frac{|k|}{{{n}}} P(S_{{{n}}} = k) = E|S_{{{n}}}|/{{n}}$。',
  ),
  table: template(
    '$S_{{{n}}} = \\pm k$ has probability $P(S_{{{n}}} = k) + P(S_{{{n}}} = -k)$, where $P(S_{{{n}}} = k) = \\binom{{{n}}}{({{n}}+k)/2}p^{({{n}}+k)/2}q^{({{n}}-k)/2}$.',
    '$S_{{{n}}} = \\pm k$ 的概率为 $P(S_{{{n}}} = k) + P(S_{{{n}}} = -k)$，其中 $P(S_{{{n}}} = k) = \\binom{{{n}}}{({{n}}+k)/2}p^{({{n}}+k)/2}q^{({{n}}-k)/2}$。',
  ),
  meanAbs: '$$E|S_{{{n}}}| = \\sum_{k \\ge 1} k\\,P(|S_{{{n}}}| = k){{listed}} {{mean}}.$$',
  noReturnValue: '$$P(S_1 \\ne 0, \\dots, S_{{{n}}} \\ne 0) = \\frac{1}{{{n}}}\\,E|S_{{{n}}}| {{value}}.$$',
  meanValue: '$$E|S_{{{n}}}| {{value}}.$$',
  coincidence: template(
    'For the symmetric walk this equals $P(S_{{{n}}} = 0) = \\binom{{{n}}}{{{half}}}/2^{{{n}}}$ — a classical coincidence.',
    '对称游走有一个巧合：这正好等于 $P(S_{{{n}}} = 0) = \\binom{{{n}}}{{{half}}}/2^{{{n}}}$。',
  ),
};

function steps(params: Params, solution: Solution<Answer>, lang: 'en' | 'zh'): string {
  const w = walk(params);
  const { n } = w;
  const value = Rational.parse(solution.answer.exact) as Rational;
  const pq = w.p.mul(w.q);
  const m = n / 2;
  const values: Record<string, string | number> = { n, m, m1: m - 1, n2: n - 2, half: n / 2, pq: paren(pq), value: valueLine(value) };
  switch (params.quantity) {
    case 'return':
      if (n % 2 !== 0) return fillSteps([STEPS.odd], values, lang);
      values.count = eqTex(binom(n, m));
      return fillSteps([STEPS.balanced, STEPS.paths, STEPS.returnValue], values, lang);
    case 'first-return': {
      if (n % 2 !== 0) return fillSteps([STEPS.odd], values, lang);
      const catalan = binom(n - 2, m - 1).div(Rational.from(m));
      values.catalan = eqTex(catalan);
      values.paths = eqTex(catalan.mul(Rational.from(2)));
      values.central = binom(n, m).toString().length <= SHOWN_DIGITS ? ` = ${binom(n, m).toTex()}/${n - 1}` : '';
      return fillSteps([STEPS.catalan, STEPS.equivalently, STEPS.firstValue], values, lang);
    }
    case 'no-return':
    case 'mean-abs': {
      const terms: string[] = [];
      for (let k = n % 2 === 0 ? 2 : 1; k <= n && n <= 16; k += 2) {
        const both = pointProbability(w, k).add(pointProbability(w, -k));
        terms.push(`${k}\\cdot ${paren(both)}`);
      }
      values.listed = n <= 16 ? ` = ${terms.join(' + ')}` : '';
      values.mean = eqTex(params.quantity === 'mean-abs' ? value : value.mul(Rational.from(n)));
      const noReturn = params.quantity === 'no-return';
      const symmetric = w.p.equals(Rational.of(1n, 2n));
      return fillSteps(
        [noReturn && STEPS.ballot, STEPS.table, STEPS.meanAbs, noReturn ? STEPS.noReturnValue : STEPS.meanValue, noReturn && symmetric && n % 2 === 0 && STEPS.coincidence],
        values,
        lang,
      );
    }
  }
}

// ---------- diagnosis ----------

const note = defineNotes({
  'missing-binomial-coefficient': bi(
    'That is the probability of one path. Multiply by the number of paths, C(n, n/2).',
    '这是一条路径的概率，还要乘以路径条数 C(n, n/2)。',
  ),
  'impossible-parity': bi('The walk can only be at 0 after an even number of steps; here the probability is 0.', '只有偶数步后才可能在原点；这里概率为 0。'),
  'not-first-return': bi(
    'That is P(S_n = 0), which also counts paths that visited 0 earlier. For the first return, divide by (n − 1).',
    '这是 P(S_n = 0)，它也包括了之前已经回到过原点的路径。首次回到原点的概率要再除以 (n − 1)。',
  ),
  'one-side-only': bi('Only the paths on one side of 0 were counted; the walk can also stay on the other side.', '只算了原点一侧的路径；粒子也可以一直待在另一侧。'),
  'catalan-off-by-one': bi(
    'The paths that first return at step 2m are counted by 2·C_{m−1} (Catalan), not 2·C_m: the first and last steps are fixed.',
    '在第 2m 步首次回到原点的路径数是 2·C_{m−1}（Catalan 数），不是 2·C_m：第一步和最后一步已经确定。',
  ),
  complement: bi('That is the probability of at least one return; the question asks for no return.', '这是至少回到一次原点的概率；题目问的是一次也不回到原点。'),
  'return-probability': bi('That is P(S_n = 0); the question is about never visiting 0 during the first n steps.', '这是 P(S_n = 0)；题目问的是前 n 步一次也没有到过 0。'),
  'signed-mean': bi('That is E[S_n] = n(p − q); the distance |S_n| cannot cancel out.', '这是 E[S_n] = n(p − q)；距离 |S_n| 不会正负抵消。'),
  'root-mean-square': bi('That is √E[S_n²], the root-mean-square distance; E|S_n| is smaller.', '这是均方根距离 √E[S_n²]；E|S_n| 比它小。'),
  'normal-approximation': bi('√(2n/π) is only the large-n approximation of E|S_n|; compute the exact sum.', '√(2n/π) 只是 n 很大时 E|S_n| 的近似；请精确求和。'),
});

function diagnose(params: Params, solution: Solution<Answer>, given: GivenAnswer) {
  if (given.kind !== 'parts' || given.parts.value?.kind !== 'number') return undefined;
  const g = given.parts.value.approx;
  const truth = solution.answer.value;
  const is = (x: number, tolerance = 2e-3) => Number.isFinite(x) && near(g, x, tolerance) && !near(x, truth, 1e-9);
  const w = walk(params);
  const { n } = w;
  const pq = w.p.mul(w.q).toNumber();
  const returnProbability = closedForm('return', w).toNumber();
  switch (params.quantity) {
    case 'return':
      if (n % 2 !== 0) return g !== 0 ? note('impossible-parity') : undefined;
      return is(pq ** (n / 2)) ? note('missing-binomial-coefficient') : undefined;
    case 'first-return': {
      if (n % 2 !== 0) return g !== 0 ? note('impossible-parity') : undefined;
      const m = n / 2;
      if (is(returnProbability)) return note('not-first-return');
      if (is(truth / 2)) return note('one-side-only');
      const catalanM = binom(2 * m, m).toNumber() / (m + 1);
      if (is(2 * catalanM * pq ** m)) return note('catalan-off-by-one');
      return undefined;
    }
    case 'no-return':
      if (is(1 - truth)) return note('complement');
      if (is(returnProbability)) return note('return-probability');
      if (is(truth / 2)) return note('one-side-only');
      return undefined;
    case 'mean-abs': {
      const p = w.p.toNumber();
      const q = w.q.toNumber();
      if (is(n * (p - q)) || (p === q && g === 0)) return note('signed-mean');
      if (is(Math.sqrt(4 * n * p * q + n * n * (p - q) ** 2))) return note('root-mean-square');
      if (p === q && is(Math.sqrt((2 * n) / Math.PI), 1e-3)) return note('normal-approximation');
      return undefined;
    }
  }
}

// ---------- params ----------

function parseParams(raw: unknown): Params {
  const o = read.readObject(raw, ['quantity', 'n', 'p']);
  const quantity = read.readEnum(o, 'quantity', QUANTITIES);
  const n = read.readInt(o, 'n', 1, MAX_N);
  const p = read.toRational(o.p, 'p', 1, 12);
  if (p.sign() < 0 || p.cmp(Rational.one) > 0) throw new InvalidParamsError('p must be between 0 and 1');
  if (n * p.den.toString(2).length > MAX_EXACT_BITS) {
    throw new InvalidParamsError(`n times the bits of p's denominator must be at most ${MAX_EXACT_BITS} (n ≤ ${Math.floor(MAX_EXACT_BITS / p.den.toString(2).length)} for this p)`);
  }
  return { quantity, n, p: o.p as number | string };
}

export const walkReturn = defineFamily<Params, Answer>({
  id: 'walk-return',
  version: 1,
  article: 'random-walk',
  title: bi('Returns to the origin', '回到原点'),
  levels: ['easy', 'medium', 'hard'],
  parseParams,
  generate,
  prompt,
  answerSpec: (params) => ({
    parts: [
      {
        name: 'value',
        kind: 'number',
        label: params.quantity === 'mean-abs' ? bi('E|S_n|', 'E|S_n|') : bi('probability', '概率'),
      },
    ],
    noneAllowed: false,
  }),
  solve,
  verify,
  steps,
  diagnose,
  examples: [
    { params: { quantity: 'return', n: 4, p: '1/2' }, answer: '3/8', correct: true },
    { params: { quantity: 'return', n: 4, p: '1/2' }, answer: 'C(4,2)/2^4', correct: true },
    { params: { quantity: 'return', n: 4, p: '1/2' }, answer: '0.375', correct: true },
    { params: { quantity: 'return', n: 4, p: '1/2' }, answer: '1/16', correct: false, note: 'missing-binomial-coefficient' },
    { params: { quantity: 'return', n: 5, p: '1/2' }, answer: '0', correct: true, comment: 'odd n' },
    { params: { quantity: 'return', n: 6, p: '1/3' }, answer: 'C(6,3)*(2/9)^3', correct: true },
    { params: { quantity: 'first-return', n: 4, p: '1/2' }, answer: '1/8', correct: true, comment: '2 paths: +1+1−1−1 and its mirror' },
    { params: { quantity: 'first-return', n: 4, p: '1/2' }, answer: '3/8', correct: false, note: 'not-first-return' },
    { params: { quantity: 'first-return', n: 6, p: '1/2' }, answer: '1/32', correct: false, note: 'one-side-only' },
    { params: { quantity: 'first-return', n: 6, p: '1/2' }, answer: '10/64', correct: false, note: 'catalan-off-by-one', comment: '2·C_3 = 10 instead of 2·C_2 = 4' },
    { params: { quantity: 'first-return', n: 6, p: '2/3' }, answer: '4*(2/9)^3', correct: true },
    { params: { quantity: 'no-return', n: 4, p: '1/2' }, answer: '3/8', correct: true, comment: 'equals P(S_4 = 0) for the symmetric walk' },
    { params: { quantity: 'no-return', n: 4, p: '1/2' }, answer: '5/8', correct: false, note: 'complement' },
    { params: { quantity: 'no-return', n: 3, p: '2/3' }, answer: '5/9', correct: true },
    { params: { quantity: 'mean-abs', n: 4, p: '1/2' }, answer: '3/2', correct: true },
    { params: { quantity: 'mean-abs', n: 4, p: '1/2' }, answer: '0', correct: false, note: 'signed-mean' },
    { params: { quantity: 'mean-abs', n: 4, p: '1/2' }, answer: '2', correct: false, note: 'root-mean-square' },
    { params: { quantity: 'mean-abs', n: 8, p: '1/2' }, answer: '2.2568', correct: false, note: 'normal-approximation', comment: 'exact E|S_8| = 35/16' },
    { params: { quantity: 'mean-abs', n: 4, p: '1/2' }, answer: 'E|S|', correct: false, note: 'unknown-symbol', comment: '|S| reads as abs(S); E is not a symbol' },
    { params: { quantity: 'mean-abs', n: 4, p: '1/2' }, answer: '', correct: false, note: 'empty' },
  ],
});
