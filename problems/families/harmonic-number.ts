/**
 * harmonic-number — H_n = 1 + 1/2 + … + 1/n and its approximation ln n + γ.
 *
 * Three questions:
 *   exact:     H_n as a reduced fraction (bigint rationals);
 *   error:     H_n − (ln n + γ) ≈ 1/(2n) − 1/(12n²) + 1/(120n⁴) − …, a decimal;
 *   threshold: the smallest n with H_n > t (n ≈ e^{t−γ} − ½, 12 367 for t = 10).
 *
 * Solve: exact — the running sum of 1/k over ℚ; error — exact H_n minus ln n + γ in doubles for
 * n ≤ 100, the Euler–Maclaurin series beyond; threshold — a running double sum with a tracked
 * rounding bound, deciding every step too close to call exactly (rational H_n for n ≤ 60, else an
 * enclosure of H_n by bigint fixed-point sums of ⌊2^b/k⌋).
 * Verify (independent): exact — pairwise (divide-and-conquer) summation over ℚ; error —
 * compensated (Neumaier) summation of 1/k from the small end; threshold — H_{n−1} ≤ t < H_n
 * checked through the Euler–Maclaurin enclosure ln m + γ + 1/(2m) − 1/(12m²) + 1/(120m⁴) − θ/(252m⁶)
 * (0 < θ < 1), or exactly when close, and n compared with the estimate e^{t−γ} − ½.
 */
import {
  bi,
  defineFamily,
  defineNotes,
  EXACT_ONLY,
  Expression,
  fill,
  fillSteps,
  InternalError,
  InvalidParamsError,
  memoByParams,
  near,
  params as read,
  Rational,
  template,
  texInteger,
  texNumber,
  type GivenAnswer,
  type Level,
  type Rng,
  type Solution,
  type Verification,
} from '../../engine';
import { answerOf, gradedFailure, gradedMismatch } from './graded';

type Params =
  | { readonly ask: 'exact'; readonly n: number }
  | { readonly ask: 'error'; readonly n: number }
  | { readonly ask: 'threshold'; readonly t: number | string };
type Answer = { readonly value: number; readonly exact?: string };

/** Euler–Mascheroni constant γ (the nearest double). */
const GAMMA = 0.5772156649015329;
const MAX_EXACT_N = 500;
const MAX_ERROR_N = 10_000_000;
const MAX_T = 15;

// ---------- exact harmonic numbers and exact comparisons ----------

/** H_n over ℚ by the running sum. */
function harmonicExact(n: number): Rational {
  let h = Rational.zero;
  for (let k = 1; k <= n; k++) h = h.add(Rational.of(1n, BigInt(k)));
  return h;
}

/** H_n·2^bits lies in [lo, lo + n]: each ⌊2^bits/k⌋ loses less than 1. */
function fixedPointSum(n: number, bits: number): bigint {
  const one = 1n << BigInt(bits);
  let lo = 0n;
  for (let k = 1; k <= n; k++) lo += one / BigInt(k);
  return lo;
}

/** Is H_n > t? Decided exactly. */
function exceeds(n: number, t: Rational): boolean {
  if (n <= 60) return harmonicExact(n).cmp(t) > 0;
  for (let bits = 64; bits <= 2048; bits *= 2) {
    const lo = fixedPointSum(n, bits);
    const scaledT = t.num << BigInt(bits);
    if (lo * t.den > scaledT) return true;
    if ((lo + BigInt(n)) * t.den <= scaledT) return false;
  }
  // For n > 60 the denominator of H_n is far beyond that of any accepted t, so H_n ≠ t.
  throw new InternalError(`cannot separate H_${n} from ${t.toString()}`);
}

// ---------- solve ----------

/** H_n − ln n − γ by the Euler–Maclaurin series (error below 1/(240n⁸)). */
function errorSeries(n: number): number {
  const inv = 1 / n;
  const inv2 = inv * inv;
  return inv / 2 - inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252)));
}

function approximationError(n: number): number {
  if (n <= 100) return harmonicExact(n).toNumber() - Math.log(n) - GAMMA;
  return errorSeries(n);
}

/** Smallest n with H_n > t, by a running double sum whose rounding error is tracked. */
function threshold(t: Rational): number {
  const target = t.toNumber();
  const slack = Math.abs(target) * 2 ** -52;
  let sum = 0;
  let bound = 0;
  for (let n = 1; ; n++) {
    sum += 1 / n;
    // Each step: one rounding of 1/n and one of the sum.
    bound += (sum + 1 / n) * 2 ** -52;
    if (sum + bound + slack <= target) continue;
    if (sum - bound - slack > target || exceeds(n, t)) return n;
  }
}

const readT = (v: unknown): Rational => read.toRational(v, 't', MAX_T, 12);

interface Solved {
  readonly value: number;
  /** Exact H_n for `exact`; H_n for small n elsewhere. */
  readonly fraction?: Rational;
}

const solved = memoByParams((params: Params): Solved => {
  switch (params.ask) {
    case 'exact': {
      const h = harmonicExact(params.n);
      return { value: h.toNumber(), fraction: h };
    }
    case 'error':
      return { value: approximationError(params.n) };
    case 'threshold':
      return { value: threshold(readT(params.t)) };
  }
});

function solve(params: Params): Solution<Answer> {
  const s = solved(params);
  const expected = s.fraction ? Expression.from(s.fraction) : Expression.from(s.value);
  return {
    answer: s.fraction ? { value: s.value, exact: s.fraction.toString() } : { value: s.value },
    expected: { kind: 'parts', parts: { value: { kind: 'number', value: expected } } },
  };
}

// ---------- verify ----------

/** Σ_{k=a}^{b} 1/k over ℚ, halving the range: a different grouping from the running sum. */
function pairwise(a: number, b: number): Rational {
  if (a === b) return Rational.of(1n, BigInt(a));
  const mid = Math.floor((a + b) / 2);
  return pairwise(a, mid).add(pairwise(mid + 1, b));
}

/** Σ 1/k for k = 1..n with Neumaier compensation, smallest terms first. */
function compensatedHarmonic(n: number): number {
  let sum = 0;
  let compensation = 0;
  for (let k = n; k >= 1; k--) {
    const term = 1 / k;
    const next = sum + term;
    compensation += Math.abs(sum) >= term ? sum - next + term : term - next + sum;
    sum = next;
  }
  return sum + compensation;
}

/** Is H_m > t? From the Euler–Maclaurin enclosure, or exactly when the enclosure contains t. */
function exceedsByExpansion(m: number, t: Rational): boolean {
  if (m < 20) return pairwise(1, m).cmp(t) > 0;
  const target = t.toNumber();
  const upper = Math.log(m) + GAMMA + errorSeries(m) + 1 / (252 * m ** 6);
  const lower = upper - 1 / (252 * m ** 6);
  const slack = 1e-13;
  if (lower - slack > target) return true;
  if (upper + slack <= target) return false;
  return exceeds(m, t);
}

function verify(params: Params, solution: Solution<Answer>): Verification {
  // The graded parts must be the answer-object values checked below.
  const a = answerOf(solution);
  const graded = gradedMismatch(solution, params.ask === 'exact' ? { value: a.exact } : { value: a.value });
  if (graded) return gradedFailure(graded);
  const value = solution.answer.value;
  switch (params.ask) {
    case 'exact': {
      const method = 'pairwise summation over ℚ';
      const h = pairwise(1, params.n);
      return h.toString() === solution.answer.exact ? { ok: true, method } : { ok: false, method, detail: `pairwise sum ${h.toString()}` };
    }
    case 'error': {
      const method = 'compensated summation of 1/k from the small end';
      const direct = compensatedHarmonic(params.n) - Math.log(params.n) - GAMMA;
      const ok = Math.abs(direct - value) <= 1e-6 * Math.abs(value) + 1e-14 * (1 + Math.log(params.n));
      return ok ? { ok: true, method } : { ok: false, method, detail: `direct sum gives ${direct}` };
    }
    case 'threshold': {
      const method = 'Euler–Maclaurin enclosure of H_{n−1} and H_n (exact when close), estimate e^{t−γ} − 1/2';
      const t = readT(params.t);
      const n = value;
      if (!Number.isSafeInteger(n) || n < 1) return { ok: false, method, detail: `n = ${n}` };
      if (!exceedsByExpansion(n, t)) return { ok: false, method, detail: `H_${n} ≤ t` };
      if (n > 1 && exceedsByExpansion(n - 1, t)) return { ok: false, method, detail: `H_${n - 1} > t already` };
      const estimate = Math.exp(t.toNumber() - GAMMA) - 0.5;
      if (t.toNumber() >= 1 && Math.abs(n - estimate) > 1.5) return { ok: false, method, detail: `far from the estimate ${estimate}` };
      return { ok: true, method };
    }
  }
}

// ---------- generation ----------

/** t from `lo` to `hi` in steps of `step` (as exact text when not an integer). */
function pickT(rng: Rng, lo: number, hi: number, hundredths: number): number | string {
  const steps = Math.round((hi - lo) * (100 / hundredths));
  const q = Rational.of(BigInt(Math.round(lo * 100) + hundredths * rng.int(0, steps)), 100n);
  return q.isInteger() ? Number(q.num) : q.toNumber();
}

function generate(rng: Rng, level: Level): Params {
  if (level === 'easy') {
    return rng.chance(0.6) ? { ask: 'exact', n: rng.int(3, 12) } : { ask: 'threshold', t: pickT(rng, 1.2, 3, 10) };
  }
  if (level === 'medium') {
    const which = rng.pick(['exact', 'error', 'threshold'] as const);
    if (which === 'exact') return { ask: 'exact', n: rng.int(13, 30) };
    if (which === 'error') return { ask: 'error', n: rng.int(2, 40) };
    return { ask: 'threshold', t: pickT(rng, 3, 5.5, 10) };
  }
  // Below n ≈ 1600 the leading term 1/(2n) alone misses 4 significant digits (relative error 1/(6n)).
  return rng.chance(0.55) ? { ask: 'threshold', t: pickT(rng, 5.5, 10, 5) } : { ask: 'error', n: rng.int(100, 1600) };
}

// ---------- text ----------

const tTex = (t: Rational) => (t.isInteger() ? t.toTex() : Number.isInteger(t.toNumber() * 1e6) ? String(t.toNumber()) : t.toTex());

const DEFINITION = bi('The harmonic numbers are $H_n = 1 + \\tfrac12 + \\tfrac13 + \\cdots + \\tfrac1n$.', '调和数 $H_n = 1 + \\tfrac12 + \\tfrac13 + \\cdots + \\tfrac1n$。');
const GAMMA_TEXT = bi('the Euler–Mascheroni constant $\\gamma = 0.5772156649\\ldots$', '欧拉–马斯刻若尼常数 $\\gamma = 0.5772156649\\ldots$');
const PROMPTS = {
  exact: template('{{def}} Find $H_{{{n}}}$ as a fraction `p/q` in lowest terms.', '{{def}}求 $H_{{{n}}}$，写成最简分数 `p/q`。'),
  error: template(
    '{{def}} For large $n$, $H_n \\approx \\ln n + \\gamma$, with {{gamma}} and $\\ln$ the natural logarithm. For $n = {{nTex}}$, what is the error $H_{n} - (\\ln n + \\gamma)$ of this approximation?\n\nGive a decimal with at least 4 significant digits (the value involves $\\gamma$, so it has no exact fraction form).',
    '{{def}}当 $n$ 很大时 $H_n \\approx \\ln n + \\gamma$，其中{{gamma}}，$\\ln$ 为自然对数。求 $n = {{nTex}}$ 时这个近似的误差 $H_{n} - (\\ln n + \\gamma)$。\n\n请给出至少 4 位有效数字的小数（这个值涉及 $\\gamma$，没有精确的分数形式）。',
  ),
  threshold: template(
    '{{def}} The harmonic series diverges, but slowly. What is the smallest positive integer $n$ with $H_n > {{t}}$? (You may need {{gamma}}.)',
    '{{def}}调和级数发散，但增长得很慢。使 $H_n > {{t}}$ 的最小正整数 $n$ 是多少？（可能用到 {{gamma}}。）',
  ),
};

function prompt(params: Params, lang: 'en' | 'zh'): string {
  const n = params.ask === 'threshold' ? 0 : params.n;
  const values = { def: DEFINITION, gamma: GAMMA_TEXT, n, nTex: texInteger(n), t: params.ask === 'threshold' ? tTex(readT(params.t)) : '' };
  return fill(PROMPTS[params.ask], values, lang);
}

const EXACT_STEPS = {
  lcm: template(
    'Common denominator: the least common multiple of $1, 2, \\ldots, {{n}}$ is ${{lcm}}$.',
    '通分：$1, 2, \\ldots, {{n}}$ 的最小公倍数是 ${{lcm}}$。',
  ),
  sum: '$$H_{{{n}}} = \\frac{{{terms}}}{{{lcm}}} = \\frac{{{sum}}}{{{lcm}}}.$$',
  coprime: template(
    'Numerator and denominator are already coprime, so $H_{{{n}}} = {{h}} \\approx {{hApprox}}$.',
    '分子分母已经互素，所以 $H_{{{n}}} = {{h}} \\approx {{hApprox}}$。',
  ),
  cancel: template('Cancel the common factor ${{g}}$: $H_{{{n}}} = {{h}} \\approx {{hApprox}}$.', '约去公因数 ${{g}}$：$H_{{{n}}} = {{h}} \\approx {{hApprox}}$。'),
};

function exactSteps(n: number, lang: 'en' | 'zh'): string {
  const h = harmonicExact(n);
  let lcm = 1n;
  for (let k = 2n; k <= BigInt(n); k++) {
    let a = lcm;
    let b = k;
    while (b !== 0n) [a, b] = [b, a % b];
    lcm = (lcm * k) / a;
  }
  const numerators = Array.from({ length: n }, (_, i) => lcm / BigInt(i + 1));
  const sum = numerators.reduce((a, b) => a + b, 0n);
  const g = sum / h.num;
  const values = {
    n,
    lcm: texInteger(lcm),
    terms: n <= 10 ? numerators.map((x) => texInteger(x)).join(' + ') : `\\sum_{k=1}^{${n}} \\frac{${texInteger(lcm)}}{k}`,
    sum: texInteger(sum),
    g: texInteger(g),
    h: h.toTex(),
    hApprox: texNumber(h.toNumber()),
  };
  return fillSteps([EXACT_STEPS.lcm, EXACT_STEPS.sum, g === 1n ? EXACT_STEPS.coprime : EXACT_STEPS.cancel], values, lang);
}

const ERROR_STEPS = {
  direct: template(
    '$H_{{{n}}} = {{hTex}}{{h}}$, $\\ln {{n}} \\approx {{ln}}$, $\\gamma \\approx 0.577215664902$.',
    '$H_{{{n}}} = {{hTex}}{{h}}$，$\\ln {{n}} \\approx {{ln}}$，$\\gamma \\approx 0.577215664902$。',
  ),
  directValue: '$$H_{{{n}}} - (\\ln {{n}} + \\gamma) \\approx {{value}}.$$',
  compare: template(
    'Compare: $\\frac{1}{2n} - \\frac{1}{12n^{2}} = {{two}}$ — the error is about $\\frac{1}{2n}$.',
    '对照：$\\frac{1}{2n} - \\frac{1}{12n^{2}} = {{two}}$，误差大约就是 $\\frac{1}{2n}$。',
  ),
  expansion: template(
    'Adding ${{nTex}}$ terms by hand is no fun; use the Euler–Maclaurin expansion $$H_n - \\ln n - \\gamma = \\frac{1}{2n} - \\frac{1}{12n^{2}} + \\frac{1}{120n^{4}} - \\cdots$$',
    '逐项相加 ${{nTex}}$ 项太费事，用欧拉–麦克劳林展开：$$H_n - \\ln n - \\gamma = \\frac{1}{2n} - \\frac{1}{12n^{2}} + \\frac{1}{120n^{4}} - \\cdots$$',
  ),
  terms: template(
    '$\\frac{1}{2n} = {{first}}$, $\\frac{1}{12n^{2}} = {{second}}$, $\\frac{1}{120n^{4}} = {{third}}$ (negligible).',
    '$\\frac{1}{2n} = {{first}}$，$\\frac{1}{12n^{2}} = {{second}}$，$\\frac{1}{120n^{4}} = {{third}}$（可忽略）。',
  ),
  expansionValue: '$$H_{{{nTex}}} - (\\ln {{nTex}} + \\gamma) \\approx {{value}}.$$',
  secondMatters: template(
    'Keeping only $\\frac{1}{2n}$ would be off by a relative $\\frac{1}{6n} \\approx {{relative}}$ — too much for 4 significant digits, so the second term matters.',
    '只用 $\\frac{1}{2n}$ 的相对误差约为 $\\frac{1}{6n} \\approx {{relative}}$，对 4 位有效数字来说不够，第二项不能省。',
  ),
  firstSuffices: template(
    'Here $n$ is large enough that $\\frac{1}{2n}$ alone is off by only a relative $\\frac{1}{6n} \\approx {{relative}}$.',
    '这里 $n$ 足够大，只用 $\\frac{1}{2n}$ 的相对误差 $\\frac{1}{6n} \\approx {{relative}}$ 已经很小。',
  ),
};

const THRESHOLD_STEPS = {
  estimate: template(
    'Since $H_n \\approx \\ln\\left(n + \\tfrac12\\right) + \\gamma$, $H_n > t$ needs roughly $n > e^{t-\\gamma} - \\tfrac12 = e^{{{t}} - 0.5772} - 0.5 \\approx {{estimate}}$.',
    '由 $H_n \\approx \\ln\\left(n + \\tfrac12\\right) + \\gamma$，$H_n > t$ 大约需要 $n > e^{t-\\gamma} - \\tfrac12 = e^{{{t}} - 0.5772} - 0.5 \\approx {{estimate}}$。',
  ),
  partial: template('Adding term by term: ${{partial}}$.', '逐项累加：${{partial}}$。'),
  first: template('And $H_1 = 1 > {{t}}$, so $n = 1$.', '而 $H_1 = 1 > {{t}}$，所以 $n = 1$。'),
  boundary: template(
    'Check the boundary: $H_{{{previous}}} \\approx {{hPrevious}} \\le {{t}}$ and $H_{{{n}}} \\approx {{hn}} > {{t}}$.',
    '检验边界：$H_{{{previous}}} \\approx {{hPrevious}} \\le {{t}}$，$H_{{{n}}} \\approx {{hn}} > {{t}}$。',
  ),
  answer: template('So the smallest $n$ is ${{nTex}}$.', '所以最小的 $n$ 是 ${{nTex}}$。'),
};

function steps(params: Params, solution: Solution<Answer>, lang: 'en' | 'zh'): string {
  switch (params.ask) {
    case 'exact':
      return exactSteps(params.n, lang);
    case 'error': {
      const n = params.n;
      const value = solution.answer.value;
      if (n <= 100) {
        const h = harmonicExact(n);
        const values = {
          n,
          hTex: h.toString().length <= 40 ? `${h.toTex()} \\approx ` : '',
          h: texNumber(h.toNumber(), 12),
          ln: texNumber(Math.log(n), 12),
          value: texNumber(value, 8),
          two: texNumber(1 / (2 * n) - 1 / (12 * n * n), 8),
        };
        return fillSteps([ERROR_STEPS.direct, ERROR_STEPS.directValue, ERROR_STEPS.compare], values, lang);
      }
      const values = {
        nTex: texInteger(n),
        first: texNumber(1 / (2 * n), 10),
        second: texNumber(1 / (12 * n * n), 10),
        third: texNumber(1 / (120 * n ** 4), 4),
        value: texNumber(value, 10),
        relative: texNumber(1 / (6 * n), 2),
      };
      return fillSteps([ERROR_STEPS.expansion, ERROR_STEPS.terms, ERROR_STEPS.expansionValue, 1 / (6 * n) > 1e-4 ? ERROR_STEPS.secondMatters : ERROR_STEPS.firstSuffices], values, lang);
    }
    case 'threshold': {
      const t = readT(params.t);
      const n = solution.answer.value;
      const hn = n <= 100 ? harmonicExact(n).toNumber() : Math.log(n) + GAMMA + errorSeries(n);
      const hPrev = n - 1 <= 100 ? harmonicExact(n - 1).toNumber() : Math.log(n - 1) + GAMMA + errorSeries(n - 1);
      const values = {
        t: tTex(t),
        estimate: texNumber(Math.exp(t.toNumber() - GAMMA) - 0.5, 7),
        partial: Array.from({ length: Math.min(n, 12) }, (_, i) => `H_{${i + 1}} = ${harmonicExact(i + 1).toTex()}`).join(',\\ '),
        previous: n - 1,
        hPrevious: texNumber(hPrev, 10),
        n,
        hn: texNumber(hn, 10),
        nTex: texInteger(n),
      };
      return fillSteps([THRESHOLD_STEPS.estimate, n > 1 && n <= 12 && THRESHOLD_STEPS.partial, n === 1 ? THRESHOLD_STEPS.first : THRESHOLD_STEPS.boundary, THRESHOLD_STEPS.answer], values, lang);
    }
  }
}

// ---------- diagnosis ----------

const note = defineNotes({
  'off-by-one-term': bi('That is the harmonic number one term away: H_n has exactly n terms, 1 through 1/n.', '这是多加或少加了一项的调和数：H_n 恰好有 n 项，从 1 到 1/n。'),
  'give-exact-fraction': bi('The value is right, but give it exactly as a fraction p/q.', '数值对了，但请写成精确分数 p/q。'),
  'used-approximation': bi('That is ln n + γ, the approximation; the question asks for H_n itself.', '这是近似值 ln n + γ；题目要的是 H_n 本身。'),
  'forgot-gamma': bi('Subtract γ as well: the error is H_n − ln n − γ.', '还要减去 γ：误差是 H_n − ln n − γ。'),
  'first-order-only': bi('1/(2n) is only the leading term; include −1/(12n²) for 4 significant digits.', '1/(2n) 只是首项；要达到 4 位有效数字，还需加上 −1/(12n²)。'),
  'sign-error': bi('H_n is larger than ln n + γ, so the error is positive.', 'H_n 比 ln n + γ 大，所以误差为正。'),
  'used-log10': bi('ln is the natural logarithm, not log base 10.', 'ln 是自然对数，不是以 10 为底的对数。'),
  'give-a-decimal': bi('Close, but the value involves γ, so an exact form cannot match it: type it as a decimal with at least 4 significant digits.', '很接近，但这个值涉及 γ，精确式子无法与之相等：请写成至少 4 位有效数字的小数。'),
  'not-above-yet': bi('At that n the sum has not passed t yet (H_n ≤ t); take the next n.', '在这个 n 处和还没有超过 t（H_n ≤ t）；应取下一个 n。'),
  'estimate-not-checked': bi('That is the estimate e^{t−γ} rounded; check H_n on both sides of the boundary.', '这是估计值 e^{t−γ} 取整的结果；还要在边界两侧检验 H_n。'),
  'threshold-forgot-gamma': bi('H_n ≈ ln n + γ, not ln n: n is about e^{t−γ}, not e^t.', 'H_n ≈ ln n + γ，而不是 ln n：n 约为 e^{t−γ}，而不是 e^t。'),
});


function diagnose(params: Params, solution: Solution<Answer>, given: GivenAnswer) {
  if (given.kind !== 'parts' || given.parts.value?.kind !== 'number') return undefined;
  const g = given.parts.value.approx;
  const right = solution.answer.value;
  const close = (x: number, rel = 2e-3) => near(g, x, rel) && !near(x, right, 1e-12);
  switch (params.ask) {
    case 'exact': {
      const n = params.n;
      if (near(g, right, 1e-4)) return note('give-exact-fraction');
      if ((n > 1 && near(g, harmonicExact(n - 1).toNumber(), 1e-9)) || near(g, harmonicExact(n + 1).toNumber(), 1e-9)) return note('off-by-one-term');
      if (near(g, Math.log(n) + GAMMA, 1e-3)) return note('used-approximation');
      return undefined;
    }
    case 'error': {
      const n = params.n;
      if (near(g, right, 1e-4)) return note('give-a-decimal');
      if (close(right + GAMMA)) return note('forgot-gamma');
      if (close(-right)) return note('sign-error');
      if (close(1 / (2 * n), 1e-4)) return note('first-order-only');
      if (close(right + Math.log(n) - Math.log10(n))) return note('used-log10');
      return undefined;
    }
    case 'threshold': {
      const t = readT(params.t).toNumber();
      if (g === right - 1) return note('not-above-yet');
      const estimate = Math.exp(t - GAMMA);
      if ([Math.round(estimate), Math.floor(estimate), Math.ceil(estimate)].includes(g)) return note('estimate-not-checked');
      if ([Math.round(Math.exp(t)), Math.floor(Math.exp(t)), Math.ceil(Math.exp(t))].includes(g)) return note('threshold-forgot-gamma');
      return undefined;
    }
  }
}

// ---------- params ----------

function parseParams(raw: unknown): Params {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new InvalidParamsError('params must be an object');
  const ask = read.readEnum(raw as Record<string, unknown>, 'ask', ['exact', 'error', 'threshold'] as const);
  if (ask === 'threshold') {
    const o = read.readObject(raw, ['ask', 't']);
    const t = readT(o.t);
    if (t.sign() < 0) throw new InvalidParamsError(`t must be between 0 and ${MAX_T}`);
    return { ask, t: o.t as number | string };
  }
  const o = read.readObject(raw, ['ask', 'n']);
  return { ask, n: read.readInt(o, 'n', 1, ask === 'exact' ? MAX_EXACT_N : MAX_ERROR_N) };
}

export const harmonicNumber = defineFamily<Params, Answer>({
  id: 'harmonic-number',
  version: 1,
  article: 'harmonic-series',
  title: bi('Harmonic numbers and ln n + γ', '调和数与 ln n + γ'),
  levels: ['easy', 'medium', 'hard'],
  parseParams,
  generate,
  prompt,
  answerSpec: (params) => ({
    parts: [
      params.ask === 'error'
        ? { name: 'value', kind: 'number', label: bi('H_n − (ln n + γ)', 'H_n − (ln n + γ)') }
        : { name: 'value', kind: 'number', label: params.ask === 'exact' ? bi('H_n', 'H_n') : bi('smallest n', '最小的 n'), tolerance: EXACT_ONLY },
    ],
    noneAllowed: false,
  }),
  solve,
  verify,
  steps,
  diagnose,
  examples: [
    { params: { ask: 'exact', n: 4 }, answer: '25/12', correct: true },
    { params: { ask: 'exact', n: 4 }, answer: '1 + 1/2 + 1/3 + 1/4', correct: true },
    { params: { ask: 'exact', n: 4 }, answer: '50/24', correct: true, comment: 'equal value; lowest terms are asked for but not enforced' },
    { params: { ask: 'exact', n: 4 }, answer: '2.0833', correct: false, note: 'give-exact-fraction' },
    { params: { ask: 'exact', n: 4 }, answer: '11/6', correct: false, note: 'off-by-one-term' },
    { params: { ask: 'exact', n: 10 }, answer: '7381/2520', correct: true },
    { params: { ask: 'exact', n: 10 }, answer: '2.879800', correct: false, note: 'used-approximation' },
    { params: { ask: 'error', n: 10 }, answer: '0.04917', correct: true },
    { params: { ask: 'error', n: 10 }, answer: '7381/2520 - ln(10) - 0.5772156649', correct: true },
    { params: { ask: 'error', n: 10 }, answer: '1/20 - 1/1200', correct: true, comment: 'judged by its value: within the 1e-4 tolerance of a value involving γ' },
    { params: { ask: 'error', n: 10 }, answer: '0.6264', correct: false, note: 'forgot-gamma' },
    { params: { ask: 'error', n: 1000 }, answer: '0.0005', correct: false, note: 'first-order-only' },
    { params: { ask: 'error', n: 1000 }, answer: '0.0004999167', correct: true },
    { params: { ask: 'threshold', t: 3 }, answer: '11', correct: true },
    { params: { ask: 'threshold', t: 3 }, answer: '10', correct: false, note: 'not-above-yet' },
    { params: { ask: 'threshold', t: 10 }, answer: '12367', correct: true },
    { params: { ask: 'threshold', t: 10 }, answer: '12366', correct: false, note: 'not-above-yet' },
    { params: { ask: 'threshold', t: 10 }, answer: '22026', correct: false, note: 'threshold-forgot-gamma' },
    { params: { ask: 'threshold', t: '3/2' }, answer: '3', correct: true, comment: 'H_2 = 3/2 exactly: not strictly above' },
    { params: { ask: 'threshold', t: 3 }, answer: 'n', correct: false, note: 'unknown-symbol' },
    { params: { ask: 'exact', n: 4 }, answer: '9'.repeat(5000), correct: false, note: 'too-long' },
  ],
});
