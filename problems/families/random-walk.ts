/**
 * random-walk — P(S_n = k) for a walk from 0 with steps +1 (probability p) and −1 (probability 1−p).
 *
 * Solve: a = (n+k)/2 up-steps and b = (n−k)/2 down-steps, P = C(n,a)·pᵃ·qᵇ, exact as a fraction
 * for rational p up to n = 5000 (built without a gcd on huge numbers), in log space beyond
 * (so n in the millions gives a finite double, possibly 0 by underflow, never NaN or Infinity).
 * Verify: dynamic programming over positions — exact integer arithmetic for n ≤ 150, doubles for
 * n ≤ 3000 — and beyond that a product of step ratios in log space (no log-gamma).
 */
import {
  bi,
  combinatorics,
  defineFamily,
  defineNotes,
  fill,
  fillSteps,
  Expression,
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
} from '../../engine';

type Params = { readonly n: number; readonly k: number; readonly p: number | string };
type Answer = { readonly value: number; readonly exact?: string };

// NOTE: verify's dynamic programming is O(n²): n = 20,000 takes tens of ms, n = 1,000,000 took 78 s (issue 18).
const MAX_N = 20_000;
const EXACT_MAX_N = 5000;

interface Walk {
  readonly n: number;
  readonly k: number;
  readonly p: Rational;
  readonly q: Rational;
  /** Up-steps a and down-steps b, or null when S_n = k is impossible. */
  readonly steps: { readonly a: number; readonly b: number } | null;
}

function walk(params: Params): Walk {
  const p = read.toRational(params.p, 'p', 1, 12);
  const { n, k } = params;
  const possible = Math.abs(k) <= n && (n + k) % 2 === 0;
  return { n, k, p, q: Rational.one.sub(p), steps: possible ? { a: (n + k) / 2, b: (n - k) / 2 } : null };
}

/** Primes dividing d (d ≤ 10^12: trial division). */
function primeFactors(d: bigint): bigint[] {
  const out: bigint[] = [];
  for (let f = 2n; f * f <= d; f += f === 2n ? 1n : 2n) {
    if (d % f === 0n) {
      out.push(f);
      while (d % f === 0n) d /= f;
    }
  }
  if (d > 1n) out.push(d);
  return out;
}

/**
 * Exact C(n,a)·pᵃ·qᵇ. With p = u/v and q = w/v in lowest terms, u^a·w^b is coprime to v, so only
 * C(n,a) can share factors with vⁿ — those are divided out prime by prime.
 */
function exactProbability(w: Walk): Rational | null {
  if (!w.steps) return Rational.zero;
  if (w.n > EXACT_MAX_N) return null;
  const { a, b } = w.steps;
  const v = w.p.den;
  const u = w.p.num;
  const rest = v - u;
  let num = combinatorics.binomial(BigInt(w.n), BigInt(a)) * u ** BigInt(a) * rest ** BigInt(b);
  let den = v ** BigInt(w.n);
  if (num === 0n) return Rational.zero;
  for (const prime of primeFactors(v)) {
    while (num % prime === 0n && den % prime === 0n) {
      num /= prime;
      den /= prime;
    }
  }
  return Rational.ofCoprime(num, den);
}

/** ln P in log space (−Infinity when P = 0). */
function logProbability(w: Walk): number {
  if (!w.steps) return -Infinity;
  const { a, b } = w.steps;
  const p = w.p.toNumber();
  const q = w.q.toNumber();
  if ((a > 0 && p === 0) || (b > 0 && q === 0)) return -Infinity;
  return combinatorics.logBinomial(w.n, a) + (a > 0 ? a * Math.log(p) : 0) + (b > 0 ? b * Math.log(q) : 0);
}

/** Memoised per params object: for large n the exact fraction takes milliseconds. */
const solve = memoByParams((params: Params): Solution<Answer> => {
  const w = walk(params);
  const exact = exactProbability(w);
  const value = exact ? exact.toNumber() : Math.exp(logProbability(w));
  const text = exact?.toString();
  const expectedValue = exact ? Expression.from(exact) : Expression.from(value);
  return {
    answer: text !== undefined && text.length <= 20_000 ? { value, exact: text } : { value },
    expected: { kind: 'parts', parts: { value: { kind: 'number', value: expectedValue } } },
  };
});

/** Distribution after n steps by dynamic programming, exact: numerators over the denominator vⁿ. */
function exactByDynamicProgramming(w: Walk): Rational {
  const u = w.p.num;
  const rest = w.p.den - u;
  // dist[j] = numerator of P(j up-steps so far)
  let dist: bigint[] = [1n];
  for (let t = 0; t < w.n; t++) {
    const next = new Array<bigint>(t + 2).fill(0n);
    dist.forEach((x, j) => {
      next[j] = (next[j] as bigint) + x * rest;
      next[j + 1] = (next[j + 1] as bigint) + x * u;
    });
    dist = next;
  }
  if (!w.steps) return Rational.zero;
  return Rational.of(dist[w.steps.a] as bigint, w.p.den ** BigInt(w.n));
}

/** Same in doubles, rescaling to avoid underflow; returns ln P. */
function logByDynamicProgramming(w: Walk): number {
  const p = w.p.toNumber();
  const q = w.q.toNumber();
  let dist = new Float64Array([1]);
  let logScale = 0;
  for (let t = 0; t < w.n; t++) {
    const next = new Float64Array(t + 2);
    for (let j = 0; j <= t; j++) {
      const x = dist[j] as number;
      next[j] = (next[j] as number) + x * q;
      next[j + 1] = (next[j + 1] as number) + x * p;
    }
    let max = 0;
    for (const x of next) max = Math.max(max, x);
    if (max > 0 && max < 1e-200) {
      for (let j = 0; j < next.length; j++) next[j] = (next[j] as number) / max;
      logScale += Math.log(max);
    }
    dist = next;
  }
  if (!w.steps) return -Infinity;
  const x = dist[w.steps.a] as number;
  return x === 0 ? -Infinity : Math.log(x) + logScale;
}

/** ln P from the product of ratios C(n,i)/C(n,i−1) = (n−i+1)/i — no log-gamma involved. */
function logByRatios(w: Walk): number {
  if (!w.steps) return -Infinity;
  const { a, b } = w.steps;
  let logC = 0;
  for (let i = 1; i <= Math.min(a, b); i++) logC += Math.log((w.n - i + 1) / i);
  const p = w.p.toNumber();
  const q = w.q.toNumber();
  if ((a > 0 && p === 0) || (b > 0 && q === 0)) return -Infinity;
  return logC + (a > 0 ? a * Math.log(p) : 0) + (b > 0 ? b * Math.log(q) : 0);
}

function verify(params: Params, solution: Solution<Answer>) {
  const w = walk(params);
  const expected = solution.expected.kind === 'parts' ? solution.expected.parts.value : undefined;
  if (!expected || expected.kind !== 'number') return { ok: false as const, method: 'shape', detail: 'no value part' };
  const claimed = expected.value.rational();
  if (w.n <= 150) {
    const dp = exactByDynamicProgramming(w);
    return claimed && claimed.equals(dp)
      ? { ok: true as const, method: 'exact dynamic programming' }
      : { ok: false as const, method: 'exact dynamic programming', detail: `DP gives ${dp.toString()}` };
  }
  const logP = w.n <= 3000 ? logByDynamicProgramming(w) : logByRatios(w);
  const method = w.n <= 3000 ? 'dynamic programming in doubles' : 'product of step ratios';
  const value = solution.answer.value;
  if (logP === -Infinity) {
    return value === 0 ? { ok: true as const, method } : { ok: false as const, method, detail: `expected 0, got ${value}` };
  }
  if (value === 0) {
    return logP < -744 ? { ok: true as const, method } : { ok: false as const, method, detail: `ln P = ${logP} but value 0` };
  }
  const ok = Math.abs(Math.log(value) - logP) <= 1e-9 * Math.max(1, Math.abs(logP)) + (value < 1e-300 ? 1e-6 : 0);
  return ok ? { ok: true as const, method } : { ok: false as const, method, detail: `ln P ${logP} vs ln value ${Math.log(value)}` };
}

const P_CHOICES: Readonly<Record<Level, readonly (string | number)[]>> = {
  easy: ['1/2'],
  medium: ['1/3', '2/3', '1/4', '3/4', '2/5', '3/5', '1/2'],
  hard: ['1/3', '2/5', '3/7', '5/8', 0.3, 0.45, 0.6],
};
const N_RANGE: Readonly<Record<Level, readonly [number, number]>> = { easy: [2, 10], medium: [4, 16], hard: [10, 40] };

function generate(rng: Rng, level: Level): Params {
  const [lo, hi] = N_RANGE[level];
  const n = rng.int(lo, hi);
  const p = rng.pick(P_CHOICES[level]);
  // Mostly reachable positions near the middle; sometimes the wrong parity (answer 0) above easy.
  let k = n - 2 * rng.int(Math.floor(n / 4), Math.ceil((3 * n) / 4));
  if (level !== 'easy' && rng.chance(0.1)) k = k + (k < n ? 1 : -1);
  return { n, k, p };
}

function pTex(params: Params): string {
  return read.toRational(params.p, 'p', 1, 12).toTex();
}

const PROMPT = template(
  'A walker starts at $0$ and takes $n = {{n}}$ independent steps: $+1$ with probability $p = {{p}}$ and $-1$ with probability $1-p$. What is the probability $P(S_{{{n}}} = {{k}})$ that it is at ${{k}}$ after ${{n}}$ steps?\n\nGive an exact fraction (such as `45/512` or `C(10,3)/2^10`) or a decimal with at least 4 significant digits.',
  '一个粒子从原点出发做一维随机游走，共走 $n = {{n}}$ 步；每一步独立地以概率 $p = {{p}}$ 走 $+1$，以概率 $1-p$ 走 $-1$。求 ${{n}}$ 步后恰好位于 ${{k}}$ 的概率 $P(S_{{{n}}} = {{k}})$。\n\n请给出精确分数（如 `45/512`、`C(10,3)/2^10`），或至少 4 位有效数字的小数。',
);

function prompt(params: Params, lang: 'en' | 'zh'): string {
  return fill(PROMPT, { n: params.n, k: params.k, p: pTex(params) }, lang);
}

const STEPS = {
  outOfReach: template(
    'Each step moves by 1, so after ${{n}}$ steps the walker is within $\\pm {{n}}$, and $|{{k}}| > {{n}}$.',
    '每步只移动 1，${{n}}$ 步最远到 $\\pm {{n}}$，而 $|{{k}}| > {{n}}$。',
  ),
  wrongParity: template(
    'With $a$ up-steps and $b$ down-steps, $a+b={{n}}$ and $a-b={{k}}$, so $a = (n+k)/2 = {{half}}$ is not a whole number: $n$ and $k$ have different parity.',
    '若向上 $a$ 步、向下 $b$ 步，则 $a+b={{n}}$、$a-b={{k}}$，所以 $a = (n+k)/2 = {{half}}$ 不是整数：$n$ 与 $k$ 的奇偶性不同。',
  ),
  zero: template('Hence $P(S_{{{n}}} = {{k}}) = 0$.', '因此 $P(S_{{{n}}} = {{k}}) = 0$.'),
  split: template(
    'Let the walk make $a$ up-steps and $b$ down-steps: $a + b = {{n}}$ and $a - b = {{k}}$, so $a = {{a}}$ and $b = {{b}}$.',
    '设向上 $a$ 步、向下 $b$ 步：$a + b = {{n}}$，$a - b = {{k}}$，所以 $a = {{a}}$，$b = {{b}}$。',
  ),
  paths: template(
    'Each such path has probability $p^{a}(1-p)^{b} = {{path}}$, and there are $\\binom{{{n}}}{{{a}}} {{count}}$ of them (choose which {{a}} of the {{n}} steps go up).',
    '每条这样的路径概率为 $p^{a}(1-p)^{b} = {{path}}$，这样的路径共有 $\\binom{{{n}}}{{{a}}} {{count}}$ 条（从 {{n}} 步中选出向上的 {{a}} 步）。',
  ),
  total: template(
    'Therefore $$P(S_{{{n}}} = {{k}}) = \\binom{{{n}}}{{{a}}}{{path}}{{exact}} \\approx {{value}}.$$',
    '所以 $$P(S_{{{n}}} = {{k}}) = \\binom{{{n}}}{{{a}}}{{path}}{{exact}} \\approx {{value}}.$$',
  ),
};

function steps(params: Params, solution: Solution<Answer>, lang: 'en' | 'zh'): string {
  const w = walk(params);
  const { n, k } = w;
  if (!w.steps) return fillSteps([Math.abs(k) > n ? STEPS.outOfReach : STEPS.wrongParity, STEPS.zero], { n, k, half: (n + k) / 2 }, lang);
  const { a, b } = w.steps;
  const exact = solution.expected.kind === 'parts' && solution.expected.parts.value?.kind === 'number' ? solution.expected.parts.value.value : undefined;
  const C = combinatorics.binomial(BigInt(n), BigInt(a));
  const cText = C.toString().length <= 40 ? C.toString() : `\\approx ${texNumber(Math.exp(combinatorics.logBinomial(n, a)))}`;
  const values = {
    n,
    k,
    a,
    b,
    path: `\\left(${w.p.toTex()}\\right)^{${a}}\\left(${w.q.toTex()}\\right)^{${b}}`,
    count: cText.startsWith('\\') ? cText : `= ${cText}`,
    exact: exact && exact.rational() && exact.toString().length <= 80 ? ` = ${exact.toTex()}` : '',
    value: texNumber(solution.answer.value),
  };
  return fillSteps([STEPS.split, STEPS.paths, STEPS.total], values, lang);
}

const note = defineNotes({
  'missing-binomial-coefficient': bi(
    'That is the probability of one particular path. Count the paths too: multiply by the binomial coefficient C(n, a).',
    '这是某一条路径的概率。还要乘以路径条数，即二项式系数 C(n, a)。',
  ),
  'p-q-swapped': bi('The exponents of p and 1−p are swapped: p goes with the up-steps a = (n+k)/2.', 'p 与 1−p 的指数弄反了：p 对应向上的 a = (n+k)/2 步。'),
  'k-as-up-steps': bi('k is the final position, not the number of up-steps; the up-steps are a = (n+k)/2.', 'k 是终点位置，不是向上的步数；向上步数是 a = (n+k)/2。'),
  'impossible-position': bi('This position cannot be reached: n and k have different parity, or |k| > n. The probability is 0.', '这个位置无法到达：n 与 k 奇偶性不同，或 |k| > n。概率为 0。'),
});

function diagnose(params: Params, solution: Solution<Answer>, given: GivenAnswer) {
  if (given.kind !== 'parts') return undefined;
  const part = given.parts.value;
  if (!part || part.kind !== 'number') return undefined;
  const g = part.approx;
  const w = walk(params);
  const close = (x: number) => Number.isFinite(x) && near(g, x, 2e-3);
  if (!w.steps) return g !== 0 ? note('impossible-position') : undefined;
  const { a, b } = w.steps;
  const p = w.p.toNumber();
  const q = w.q.toNumber();
  const path = p ** a * q ** b;
  const candidates: Array<[Parameters<typeof note>[0], number, boolean]> = [
    ['missing-binomial-coefficient', path, combinatorics.binomial(BigInt(w.n), BigInt(a)) > 1n],
    ['p-q-swapped', Math.exp(combinatorics.logBinomial(w.n, a)) * q ** a * p ** b, p !== q],
    ['k-as-up-steps', w.k >= 0 && w.k <= w.n ? Math.exp(combinatorics.logBinomial(w.n, w.k)) * p ** w.k * q ** (w.n - w.k) : NaN, w.k !== a],
  ];
  for (const [code, value, applies] of candidates) {
    if (applies && close(value) && !close(solution.answer.value)) return note(code);
  }
  return undefined;
}

export const randomWalk = defineFamily<Params, Answer>({
  id: 'random-walk',
  version: 1,
  article: 'random-walk',
  title: bi('Position of a random walk', '随机游走的位置'),
  levels: ['easy', 'medium', 'hard'],
  parseParams(raw) {
    const o = read.readObject(raw, ['n', 'k', 'p']);
    const n = read.readInt(o, 'n', 0, MAX_N);
    const k = read.readInt(o, 'k', -MAX_N, MAX_N);
    const p = read.toRational(o.p, 'p', 1, 12);
    if (p.sign() < 0 || p.cmp(Rational.one) > 0) throw new InvalidParamsError('p must be between 0 and 1');
    return { n, k, p: o.p as number | string };
  },
  generate,
  prompt,
  answerSpec: () => ({ parts: [{ name: 'value', kind: 'number', label: bi('P(S_n = k)', 'P(S_n = k)') }], noneAllowed: false }),
  solve,
  verify,
  steps,
  diagnose,
  examples: [
    { params: { n: 4, k: 2, p: '1/2' }, answer: '1/4', correct: true },
    { params: { n: 4, k: 2, p: '1/2' }, answer: '0.25', correct: true },
    { params: { n: 4, k: 2, p: '1/2' }, answer: 'C(4,3)/2^4', correct: true },
    { params: { n: 4, k: 2, p: '1/2' }, answer: '1/16', correct: false, note: 'missing-binomial-coefficient' },
    { params: { n: 4, k: 2, p: '1/2' }, answer: '0.2', correct: false, note: 'incorrect' },
    { params: { n: 10, k: 4, p: '1/3' }, answer: '320/19683', correct: true },
    { params: { n: 10, k: 4, p: '1/3' }, answer: '0.01626', correct: true, comment: 'correctly rounded to 4 significant digits' },
    { params: { n: 10, k: 4, p: '1/3' }, answer: '15360/59049', correct: false, note: 'p-q-swapped' },
    { params: { n: 10, k: 4, p: 0.3 }, answer: 'C(10,7)*0.3^7*0.7^3', correct: true, comment: 'p as a JSON number is exactly 3/10' },
    { params: { n: 5, k: 2, p: '1/2' }, answer: '0', correct: true, comment: 'parity: S_5 is odd' },
    { params: { n: 5, k: 2, p: '1/2' }, answer: '5/16', correct: false, note: 'impossible-position' },
    { params: { n: 3000, k: 100, p: '1/2' }, answer: '0.002752', correct: true, comment: 'large n' },
    { params: { n: 4, k: 2, p: '1/2' }, answer: '1:999999999', correct: false, note: 'bad-character' },
    { params: { n: 4, k: 2, p: '1/2' }, answer: 'x/4', correct: false, note: 'unknown-symbol' },
  ],
});

