/**
 * diffusion-schedule — the forward (noising) process of a diffusion model under a linear β schedule.
 *
 *   β_s = β₁ + (s − 1)(β_T − β₁)/(T − 1),  α_s = 1 − β_s,  ᾱ_t = Π_{s ≤ t} α_s,
 *   x_t = √ᾱ_t · x₀ + √(1 − ᾱ_t) · ε,  ε ~ N(0, 1).
 * Asks: ᾱ_t (easy), the two coefficients √ᾱ_t and √(1 − ᾱ_t) (medium), x_t for given x₀, ε (hard).
 *
 * Solve: exact over ℚ — with a common denominator D, β_s = N_s/D and ᾱ_t = Π(D − N_s)/Dᵗ — and
 * square roots as exact expressions (square factors pulled out); beyond an exactness budget
 * (≈ 1200 bits) the values are doubles and answers are judged by the decimal tolerance.
 * Verify (independent): run the forward process step by step. Exactly: the signal coefficient²
 * m_s = α_s·m_{s−1} and the noise variance v_s = α_s·v_{s−1} + β_s of x_s = √α_s x_{s−1} + √β_s ε_s
 * (fresh noise each step) with β_s built by repeated addition of the step; v_t must equal 1 − ᾱ_t.
 * In doubles: iterate x_s with per-step noises ε_s chosen so that the composed noise is the given ε,
 * and compare x_t (or the coefficients) with the closed form.
 */
import {
  bi,
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
  type AnswerPart,
  type GivenAnswer,
  type Level,
  type Rng,
  type Solution,
  type StepLine,
  type Verification,
} from '../../engine';

type Ask = 'alpha-bar' | 'coefficients' | 'sample';
type Num = number | string;
type Params = {
  readonly T: number;
  readonly beta1: Num;
  readonly betaT: Num;
  readonly t: number;
  readonly ask: Ask;
  readonly x0?: Num;
  readonly eps?: Num;
};
type Answer = {
  readonly alphaBar: number;
  readonly exactAlphaBar?: string;
  readonly signal?: number;
  readonly noise?: number;
  readonly xt?: number;
};

const ASKS: readonly Ask[] = ['alpha-bar', 'coefficients', 'sample'];
const MAX_T = 1000;
/**
 * Exact arithmetic while Dᵗ stays below this many bits (answer texts stay well inside the 4000
 * characters the answer parser accepts); doubles beyond.
 */
const EXACT_BITS = 1200;

interface Schedule {
  readonly T: number;
  readonly t: number;
  readonly beta1: Rational;
  readonly betaT: Rational;
  readonly step: Rational;
  /** β_s = β₁ + (s − 1)·step. */
  beta(s: number): Rational;
}

function schedule(params: Params): Schedule {
  const beta1 = read.toRational(params.beta1, 'beta1', 1, 12);
  const betaT = read.toRational(params.betaT, 'betaT', 1, 12);
  const step = params.T === 1 ? Rational.zero : betaT.sub(beta1).div(Rational.from(params.T - 1));
  return { T: params.T, t: params.t, beta1, betaT, step, beta: (s) => beta1.add(step.mul(Rational.from(s - 1))) };
}

interface Values {
  /** Exact ᾱ_t and 1 − ᾱ_t, or null beyond the exactness budget. */
  readonly alphaBar: Rational | null;
  readonly alphaBarNumber: number;
  /** Exact (or decimal) √ᾱ_t and √(1 − ᾱ_t); only built when the question needs them. */
  readonly signal?: Expression;
  readonly noise?: Expression;
  readonly signalNumber: number;
  readonly noiseNumber: number;
  readonly xt?: Expression;
  readonly xtNumber?: number;
}

const SMALL_PRIMES = [2n, 3n, 5n, 7n, 11n, 13n, 17n, 19n, 23n, 29n, 31n, 37n, 41n, 43n, 47n, 53n, 59n, 61n, 67n, 71n, 73n, 79n, 83n, 89n, 97n];

/**
 * n = s²·c with the squares of small primes (and a perfect-square cofactor) pulled out. Cosmetic:
 * c may keep square factors of larger primes; the value is exact either way.
 */
function squarePart(n: bigint): [bigint, bigint] {
  let s = 1n;
  let c = 1n;
  for (const p of SMALL_PRIMES) {
    if (p * p > n) break;
    let e = 0;
    while (n % p === 0n) {
      n /= p;
      e++;
    }
    s *= p ** BigInt(e >> 1);
    if (e & 1) c *= p;
  }
  const r = isqrt(n);
  if (r * r === n) s *= r;
  else c *= n;
  return [s, c];
}

/** ⌊√n⌋ by Newton's method on bigints (exact for any size). */
function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt((n.toString(2).length >> 1) + 1);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** √(p/q) as a·√c / b with c square-free up to the trial bound (rationalised denominator). */
function sqrtExact(r: Rational): Expression {
  const [a, c1] = squarePart(r.num);
  const [b, c2] = squarePart(r.den);
  const outside = Rational.of(a, b * c2);
  const radical = c1 * c2;
  if (radical === 1n) return Expression.from(outside);
  const root = outside.num === 1n ? Expression.sqrt(radical) : Expression.mul(outside.num, Expression.sqrt(radical));
  return outside.den === 1n ? root : Expression.div(root, outside.den);
}

const values = memoByParams((params: Params): Values => {
  const sch = schedule(params);
  const { t } = sch;
  // Common denominator D: β_s = N_s / D.
  const D = lcm(sch.beta1.den, sch.step.den);
  let alphaBar: Rational | null = null;
  let alphaBarNumber: number;
  if (t * bits(D) <= EXACT_BITS) {
    let num = 1n;
    for (let s = 1; s <= t; s++) num *= D - (sch.beta(s).num * D) / sch.beta(s).den;
    alphaBar = Rational.of(num, D ** BigInt(t));
    alphaBarNumber = alphaBar.toNumber();
  } else {
    let log = 0;
    for (let s = 1; s <= t; s++) log += Math.log1p(-sch.beta(s).toNumber());
    alphaBarNumber = Math.exp(log);
  }
  const oneMinus = alphaBar ? Rational.one.sub(alphaBar) : null;
  const signalNumber = Math.sqrt(alphaBarNumber);
  // 1 − ᾱ in doubles loses digits when ᾱ ≈ 1; the exact route is used whenever it exists.
  const noiseNumber = oneMinus ? Math.sqrt(oneMinus.toNumber()) : Math.sqrt(-Math.expm1(Math.log(alphaBarNumber)));
  if (params.ask === 'alpha-bar') return { alphaBar, alphaBarNumber, signalNumber, noiseNumber };
  const signal = alphaBar ? sqrtExact(alphaBar) : Expression.from(signalNumber);
  const noise = oneMinus ? sqrtExact(oneMinus) : Expression.from(noiseNumber);
  if (params.ask !== 'sample') return { alphaBar, alphaBarNumber, signal, noise, signalNumber, noiseNumber };
  const x0 = read.toRational(params.x0, 'x0', 100, 12);
  const eps = read.toRational(params.eps, 'eps', 100, 12);
  const terms: Expression[] = [];
  if (!x0.isZero()) terms.push(Expression.mul(x0, signal));
  if (!eps.isZero()) terms.push(Expression.mul(eps, noise));
  const xt = terms.length === 0 ? Expression.from(0) : terms.length === 1 ? (terms[0] as Expression) : Expression.add(...terms);
  return { alphaBar, alphaBarNumber, signal, noise, signalNumber, noiseNumber, xt, xtNumber: x0.toNumber() * signalNumber + eps.toNumber() * noiseNumber };
});

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a < 0n ? -a : a;
}
const lcm = (a: bigint, b: bigint) => (a / gcd(a, b)) * b;
const bits = (n: bigint) => n.toString(2).length;

const solve = memoByParams((params: Params): Solution<Answer> => {
  const v = values(params);
  const base = v.alphaBar ? { alphaBar: v.alphaBarNumber, exactAlphaBar: v.alphaBar.toString() } : { alphaBar: v.alphaBarNumber };
  switch (params.ask) {
    case 'alpha-bar':
      return {
        answer: base,
        expected: { kind: 'parts', parts: { value: { kind: 'number', value: v.alphaBar ? Expression.from(v.alphaBar) : Expression.from(v.alphaBarNumber) } } },
      };
    case 'coefficients':
      return {
        answer: { ...base, signal: v.signalNumber, noise: v.noiseNumber },
        expected: { kind: 'parts', parts: { signal: { kind: 'number', value: v.signal as Expression }, noise: { kind: 'number', value: v.noise as Expression } } },
      };
    case 'sample':
      return {
        answer: { ...base, xt: v.xtNumber as number },
        expected: { kind: 'parts', parts: { value: { kind: 'number', value: v.xt as Expression } } },
      };
  }
});

// ---------- verification: the forward process, one step at a time ----------

function verify(params: Params, solution: Solution<Answer>): Verification {
  const sch = schedule(params);
  const { t } = sch;
  const method = 'forward process step by step: exact recursions for the signal² and the composed noise variance, and a double-precision run of x_s';
  const v = values(params);
  // β_s by repeated addition (not the closed form), α_s = 1 − β_s.
  const betas: Rational[] = [];
  let beta = sch.beta1;
  for (let s = 1; s <= t; s++) {
    betas.push(beta);
    beta = beta.add(sch.step);
  }
  if (v.alphaBar) {
    let m = Rational.one; // coefficient² of x₀
    let variance = Rational.zero; // variance of the accumulated noise
    for (const b of betas) {
      const alpha = Rational.one.sub(b);
      m = m.mul(alpha);
      variance = alpha.mul(variance).add(b);
    }
    if (!m.equals(v.alphaBar)) return { ok: false, method, detail: `signal² ${m.toString()} vs ᾱ ${v.alphaBar.toString()}` };
    if (!variance.equals(Rational.one.sub(v.alphaBar))) return { ok: false, method, detail: `noise variance ${variance.toString()} vs 1 − ᾱ` };
    if (solution.answer.exactAlphaBar !== v.alphaBar.toString()) return { ok: false, method, detail: 'answer object disagrees' };
  }
  // Doubles: coefficient of each step's noise in x_t is c_s = √β_s · Π_{r > s} √α_r.
  const sqrtAlpha = betas.map((b) => Math.sqrt(1 - b.toNumber()));
  const c = betas.map((b, i) => Math.sqrt(b.toNumber()) * sqrtAlpha.slice(i + 1).reduce((p, x) => p * x, 1));
  const sigma = Math.sqrt(c.reduce((s, x) => s + x * x, 0));
  const signal = sqrtAlpha.reduce((p, x) => p * x, 1);
  const close = (a: number, b: number | undefined) => b !== undefined && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
  // The graded expressions themselves, evaluated in doubles.
  const value = (e: Expression) => e.compile([])([]);
  if (!close(signal, v.signalNumber) || !close(sigma, v.noiseNumber)) return { ok: false, method, detail: `coefficients ${signal}, ${sigma} vs ${v.signalNumber}, ${v.noiseNumber}` };
  if (v.signal && v.noise && (!close(signal, value(v.signal)) || !close(sigma, value(v.noise)))) {
    return { ok: false, method, detail: `coefficients ${signal}, ${sigma} vs ${value(v.signal)}, ${value(v.noise)}` };
  }
  // What is graded: every expected part, and the answer object's numbers, against the step-by-step run.
  const graded = (name: string): number | undefined => {
    const part = solution.expected.kind === 'parts' ? solution.expected.parts[name] : undefined;
    return part?.kind === 'number' ? value(part.value) : undefined;
  };
  const product = sqrtAlpha.reduce((p, x) => p * x * x, 1);
  if (!close(product, solution.answer.alphaBar)) return { ok: false, method, detail: `Πα_s = ${product}, answer object ᾱ = ${solution.answer.alphaBar}` };
  if (params.ask === 'alpha-bar') {
    const part = solution.expected.kind === 'parts' ? solution.expected.parts.value : undefined;
    const exact = part?.kind === 'number' ? part.value.rational() : undefined;
    if (!close(product, graded('value')) || (v.alphaBar && !(exact && exact.equals(v.alphaBar)))) {
      return { ok: false, method, detail: `Πα_s = ${product}, graded ${graded('value')}` };
    }
  }
  if (params.ask === 'coefficients') {
    if (!close(signal, graded('signal')) || !close(signal, solution.answer.signal)) return { ok: false, method, detail: `signal ${signal}, graded ${graded('signal')}, answer ${solution.answer.signal}` };
    if (!close(sigma, graded('noise')) || !close(sigma, solution.answer.noise)) return { ok: false, method, detail: `noise ${sigma}, graded ${graded('noise')}, answer ${solution.answer.noise}` };
  }
  if (params.ask === 'sample') {
    const x0 = read.toRational(params.x0, 'x0', 100, 12).toNumber();
    const eps = read.toRational(params.eps, 'eps', 100, 12).toNumber();
    let x = x0;
    betas.forEach((b, i) => {
      const epsStep = sigma > 0 ? (eps * (c[i] as number)) / sigma : 0; // Σ c_s ε_s = σ·ε
      x = (sqrtAlpha[i] as number) * x + Math.sqrt(b.toNumber()) * epsStep;
    });
    const claimed = graded('value') ?? NaN;
    if (!close(x, claimed) || !close(x, solution.answer.xt)) return { ok: false, method, detail: `iterated x_t = ${x}, closed form ${claimed}` };
  }
  return { ok: true, method };
}

// ---------- generation ----------

const LEVEL: Readonly<Record<Level, { T: readonly number[]; unit: number; beta1: [number, number]; maxBetaT: number; t: [number, number]; ask: Ask }>> = {
  easy: { T: [4, 5, 6, 8, 10], unit: 100, beta1: [1, 10], maxBetaT: 50, t: [2, 4], ask: 'alpha-bar' },
  medium: { T: [5, 6, 8, 10, 11, 16, 20], unit: 1000, beta1: [1, 50], maxBetaT: 300, t: [2, 6], ask: 'coefficients' },
  hard: { T: [6, 8, 10, 11, 16, 20], unit: 1000, beta1: [1, 50], maxBetaT: 300, t: [3, 8], ask: 'sample' },
};

/** A decimal with one place, as text: −1.2 → "-1.2". */
const oneDecimal = (tenths: number) => (tenths / 10).toString();

/**
 * How much the answer moves, relatively, per relative error δ in ᾱ_t (a learner's rounded intermediate):
 * √ᾱ moves by δ/2, √(1 − ᾱ) by (δ/2)·ᾱ/(1 − ᾱ), and x_t = √ᾱ·x₀ + √(1 − ᾱ)·ε amplifies both by
 * (|√ᾱ·x₀| + |√(1 − ᾱ)·ε|)/|x_t| when the two terms cancel. Rounding √ᾱ and √(1 − ᾱ) themselves
 * costs up to (|√ᾱ·x₀| + |√(1 − ᾱ)·ε|)/|x_t| times their relative error.
 */
export function sensitivity(params: Params): number {
  if (params.ask === 'alpha-bar') return 1;
  const v = values(params);
  const noiseGain = (0.5 * v.alphaBarNumber) / (1 - v.alphaBarNumber);
  if (params.ask === 'coefficients') return Math.max(0.5, noiseGain);
  const x0 = read.toRational(params.x0, 'x0', 100, 12).toNumber();
  const eps = read.toRational(params.eps, 'eps', 100, 12).toNumber();
  const a = Math.abs(v.signalNumber * x0);
  const b = Math.abs(v.noiseNumber * eps);
  const xt = Math.abs(v.xtNumber as number);
  return xt === 0 ? Infinity : Math.max(0.5 * a + noiseGain * b, a + b) / xt;
}

/**
 * Largest sensitivity a generated instance may have: a learner whose ᾱ_t (or coefficients) is good to
 * 5 significant digits (relative error ≤ 10⁻⁵) then lands within the stated 10⁻⁴ tolerance.
 */
export const MAX_SENSITIVITY = 10;

/**
 * NOTE: version 2 redraws ill-conditioned instances (version 1 gave, e.g., seed 2 hard
 * x₇ ≈ −0.00069 = 0.371296 − 0.371983, where 5 good digits of ᾱ were marked wrong; and medium
 * instances with 1 − ᾱ_t ≈ 0.003, whose noise coefficient a learner cannot get from a rounded ᾱ_t).
 */
function generate(rng: Rng, level: Level): Params {
  const cfg = LEVEL[level];
  let params = draw(rng, cfg);
  for (let attempt = 0; attempt < 200 && sensitivity(params) > MAX_SENSITIVITY; attempt++) params = draw(rng, cfg);
  if (sensitivity(params) > MAX_SENSITIVITY) throw new InvalidParamsError(`diffusion-schedule ${level}: no well-conditioned instance in 200 draws`);
  return params;
}

function draw(rng: Rng, cfg: (typeof LEVEL)[Level]): Params {
  const T = rng.pick(cfg.T);
  const b1 = rng.int(cfg.beta1[0], cfg.beta1[1]);
  // A whole number of units per step keeps every β_s on the grid.
  const stepUnits = rng.int(1, Math.max(1, Math.floor((cfg.maxBetaT - b1) / (T - 1))));
  const bT = b1 + stepUnits * (T - 1);
  const t = rng.int(cfg.t[0], Math.min(T, cfg.t[1]));
  const decimal = (units: number) => Rational.of(BigInt(units), BigInt(cfg.unit)).toNumber();
  const base = { T, beta1: decimal(b1), betaT: decimal(bT), t, ask: cfg.ask };
  if (cfg.ask !== 'sample') return base;
  let x0 = rng.int(-10, 10);
  if (x0 === 0) x0 = 5;
  let eps = rng.int(-20, 20);
  if (eps === 0) eps = -7;
  return { ...base, x0: oneDecimal(x0), eps: oneDecimal(eps) };
}

// ---------- text ----------

const tex = (q: Rational) => q.toTex();

/** A terminating decimal as a decimal (`0.125`), anything else as a fraction. */
function texDecimal(q: Rational): string {
  for (let k = 0; k <= 12; k++) {
    const scale = 10n ** BigInt(k);
    if (scale % q.den !== 0n) continue;
    const scaled = q.num * (scale / q.den);
    const sign = scaled < 0n ? '-' : '';
    const digits = (scaled < 0n ? -scaled : scaled).toString().padStart(k + 1, '0');
    return k === 0 ? `${sign}${digits}` : `${sign}${digits.slice(0, -k)}.${digits.slice(-k)}`;
  }
  return q.toTex();
}

function approx(x: number): string {
  return texNumber(x, 6);
}

/** `= exact \\approx decimal` when the exact root is short enough to read, `\\approx decimal` otherwise. */
function valueTex(e: Expression | undefined, x: number): string {
  return e && e.toString().length <= 24 ? `= ${e.toTex()} \\approx ${approx(x)}` : `\\approx ${approx(x)}`;
}

const SETUP = template(
  "A diffusion model's forward (noising) process uses a linear $\\beta$ schedule with $T = {{T}}$ steps, $\\beta_1 = {{beta1}}$ and $\\beta_T = {{betaT}}$:\n{{def}}",
  '扩散模型的前向（加噪）过程采用线性 $\\beta$ 调度：共 $T = {{T}}$ 步，$\\beta_1 = {{beta1}}$，$\\beta_T = {{betaT}}$，其中\n{{def}}',
);
const FORM = bi(
  'Give exact values (fractions, or roots such as `3*sqrt(35)/25`) or decimals: a decimal within a relative error of $10^{-4}$ counts (about 5 significant digits; so does the value correctly rounded to 3 or more significant digits).',
  '请给出精确值（分数，或如 `3*sqrt(35)/25` 的根式），或小数：相对误差不超过 $10^{-4}$ 即算对（约 5 位有效数字；正确四舍五入到至少 3 位有效数字也算对）。',
);
const PROMPTS = {
  'alpha-bar': template('{{setup}}\nFind $\\bar\\alpha_{{{t}}}$.\n\n{{form}}', '{{setup}}\n求 $\\bar\\alpha_{{{t}}}$。\n\n{{form}}'),
  coefficients: template(
    '{{setup}}\nThis lets one jump from $x_0$ straight to the noisy sample at step $t$:\n{{closed}}\nFor $t = {{t}}$, find the two coefficients: the signal coefficient $\\sqrt{\\bar\\alpha_{{{t}}}}$ and the noise coefficient $\\sqrt{1 - \\bar\\alpha_{{{t}}}}$.\n\n{{form}}',
    '{{setup}}\n由此可以一步从 $x_0$ 得到第 $t$ 步的带噪样本：\n{{closed}}\n求 $t = {{t}}$ 时的两个系数：信号系数 $\\sqrt{\\bar\\alpha_{{{t}}}}$ 和噪声系数 $\\sqrt{1 - \\bar\\alpha_{{{t}}}}$。\n\n{{form}}',
  ),
  sample: template(
    '{{setup}}\nUsing the closed form\n{{closed}}\na scalar pixel value $x_0 = {{x0}}$ is noised with the drawn noise $\\varepsilon = {{eps}}$. Find $x_{{{t}}}$.\n\n{{form}}',
    '{{setup}}\n用闭式公式\n{{closed}}\n对一个标量像素值 $x_0 = {{x0}}$ 加噪，抽到的噪声为 $\\varepsilon = {{eps}}$。求 $x_{{{t}}}$。\n\n{{form}}',
  ),
};

function prompt(params: Params, lang: 'en' | 'zh'): string {
  const sch = schedule(params);
  const values = {
    setup: SETUP,
    form: FORM,
    T: sch.T,
    t: sch.t,
    beta1: texDecimal(sch.beta1),
    betaT: texDecimal(sch.betaT),
    def: `$$\\beta_s = \\beta_1 + (s-1)\\,\\frac{\\beta_T - \\beta_1}{T - 1},\\qquad \\alpha_s = 1 - \\beta_s,\\qquad \\bar\\alpha_t = \\prod_{s=1}^{t} \\alpha_s.$$`,
    closed: `$$x_t = \\sqrt{\\bar\\alpha_t}\\,x_0 + \\sqrt{1 - \\bar\\alpha_t}\\,\\varepsilon,\\qquad \\varepsilon \\sim \\mathcal{N}(0, 1)$$`,
    x0: params.ask === 'sample' ? texDecimal(read.toRational(params.x0, 'x0', 100, 12)) : '',
    eps: params.ask === 'sample' ? texDecimal(read.toRational(params.eps, 'eps', 100, 12)) : '',
  };
  return fill(PROMPTS[params.ask], values, lang);
}

const STEPS = {
  oneStep: template('There is one step: $\\beta_1 = {{beta1}}$.', '只有一步：$\\beta_1 = {{beta1}}$。'),
  increment: template(
    'The step between consecutive $\\beta$s is $\\dfrac{\\beta_T - \\beta_1}{T - 1} = \\dfrac{{{betaT}} - {{beta1}}}{{{T1}}} = {{step}}$ (note the $T - 1$).',
    '相邻的 $\\beta$ 每步增加 $\\dfrac{\\beta_T - \\beta_1}{T - 1} = \\dfrac{{{betaT}} - {{beta1}}}{{{T1}}} = {{step}}$（注意分母是 $T - 1$）。',
  ),
  first: template(
    'The first {{t}} steps: $\\beta_s = {{betas}}{{more}}$, so $\\alpha_s = 1 - \\beta_s = {{alphas}}{{more}}$.',
    '前 {{t}} 步: $\\beta_s = {{betas}}{{more}}$，$\\alpha_s = 1 - \\beta_s = {{alphas}}{{more}}$。',
  ),
  alphaBar: '$$\\bar\\alpha_{{{t}}} = \\prod_{s=1}^{{{t}}} \\alpha_s = {{product}} {{abar}}.$$',
  coefficients: '$$\\sqrt{\\bar\\alpha_{{{t}}}} {{signal}},\\qquad \\sqrt{1 - \\bar\\alpha_{{{t}}}} {{oneMinus}} {{noise}}.$$',
  check: template(
    'Check: noising one step at a time, $x_s = \\sqrt{\\alpha_s}\\,x_{s-1} + \\sqrt{\\beta_s}\\,\\varepsilon_s$ with fresh noise, the accumulated noise variance follows $v_s = \\alpha_s v_{s-1} + \\beta_s$: ${{trail}}$ — exactly $1 - \\bar\\alpha_{{{t}}}$, matching the one-shot noise coefficient.',
    '检验：逐步加噪 $x_s = \\sqrt{\\alpha_s}\\,x_{s-1} + \\sqrt{\\beta_s}\\,\\varepsilon_s$（每步独立噪声）时，累计噪声的方差满足 $v_s = \\alpha_s v_{s-1} + \\beta_s$：${{trail}}$，正好等于 $1 - \\bar\\alpha_{{{t}}}$，与一步到位的噪声系数一致。',
  ),
  sample: '$$x_{{{t}}} = \\sqrt{\\bar\\alpha_{{{t}}}}\\,x_0 + \\sqrt{1 - \\bar\\alpha_{{{t}}}}\\,\\varepsilon \\approx {{signalApprox}} \\cdot {{x0}} + {{noiseApprox}} \\cdot {{eps}} \\approx {{xt}}.$$',
};

function steps(params: Params, _solution: Solution<Answer>, lang: 'en' | 'zh'): string {
  const sch = schedule(params);
  const v = values(params);
  const { T, t } = sch;
  const shown = Math.min(t, 10);
  const betas = Array.from({ length: shown }, (_, i) => sch.beta(i + 1));
  const texts: Record<string, string | number> = {
    T,
    T1: T - 1,
    t,
    beta1: texDecimal(sch.beta1),
    betaT: texDecimal(sch.betaT),
    step: texDecimal(sch.step),
    betas: betas.map(texDecimal).join(',\\ '),
    alphas: betas.map((b) => texDecimal(Rational.one.sub(b))).join(',\\ '),
    more: t > shown ? ',\\ \\dots' : '',
    product: betas.map((b) => texDecimal(Rational.one.sub(b))).join(' \\cdot ') + (t > shown ? ' \\cdots' : ''),
    abar: !v.alphaBar
      ? `\\approx ${approx(v.alphaBarNumber)}`
      : texDecimal(v.alphaBar) !== tex(v.alphaBar)
        ? `= ${texDecimal(v.alphaBar)}`
        : `= ${tex(v.alphaBar)} \\approx ${approx(v.alphaBarNumber)}`,
  };
  const lines: StepLine[] = [T === 1 ? STEPS.oneStep : STEPS.increment, STEPS.first, STEPS.alphaBar];
  if (params.ask !== 'alpha-bar') {
    const oneMinusExact = v.alphaBar ? Rational.one.sub(v.alphaBar) : null;
    texts.oneMinus = oneMinusExact && oneMinusExact.toString().length <= 24 ? `= \\sqrt{${tex(oneMinusExact)}}` : `\\approx \\sqrt{${approx(1 - v.alphaBarNumber)}}`;
    texts.signal = valueTex(v.signal, v.signalNumber);
    texts.noise = valueTex(v.noise, v.noiseNumber);
    lines.push(STEPS.coefficients);
    if (v.alphaBar) {
      // The step-by-step variance recursion, shown for the first few steps.
      let variance = Rational.zero;
      const trail: string[] = [];
      for (let s = 1; s <= t; s++) {
        const b = sch.beta(s);
        variance = Rational.one.sub(b).mul(variance).add(b);
        if (s <= 3 || s === t) trail.push(`${s === t && t > 4 ? '\\dots,\\ ' : ''}v_{${s}} = ${texDecimal(variance)}`);
      }
      texts.trail = trail.join(',\\ ');
      lines.push(STEPS.check);
    }
  }
  if (params.ask === 'sample') {
    const factor = (q: Rational) => (q.sign() < 0 ? `(${texDecimal(q)})` : texDecimal(q));
    Object.assign(texts, {
      signalApprox: approx(v.signalNumber),
      noiseApprox: approx(v.noiseNumber),
      x0: factor(read.toRational(params.x0, 'x0', 100, 12)),
      eps: factor(read.toRational(params.eps, 'eps', 100, 12)),
      xt: approx(v.xtNumber as number),
    });
    lines.push(STEPS.sample);
  }
  return fillSteps(lines, texts, lang);
}

// ---------- diagnosis ----------

const note = defineNotes({
  'alpha-not-product': bi('That is α_t of the last step alone; ᾱ_t is the product α₁α₂⋯α_t.', '这只是最后一步的 α_t；ᾱ_t 是乘积 α₁α₂⋯α_t。'),
  'one-minus': bi('That is 1 − ᾱ_t, the noise variance; ᾱ_t is the product of the α_s.', '这是 1 − ᾱ_t（噪声方差）；ᾱ_t 是各 α_s 的乘积。'),
  'off-by-one': bi('The product runs over s = 1, …, t: one factor too many or too few.', '乘积是从 s = 1 到 t：多乘或少乘了一个因子。'),
  'step-over-t': bi('The schedule has T − 1 gaps between β₁ and β_T: the step is (β_T − β₁)/(T − 1), not /T.', 'β₁ 到 β_T 之间有 T − 1 个间隔：步长是 (β_T − β₁)/(T − 1)，不是除以 T。'),
  'sum-approximation': bi('1 − Σβ_s is only a first-order approximation; multiply the α_s exactly.', '1 − Σβ_s 只是一阶近似；请把各 α_s 精确相乘。'),
  'no-square-root': bi('The coefficients are square roots: √ᾱ_t and √(1 − ᾱ_t), not ᾱ_t and 1 − ᾱ_t.', '系数要开平方：是 √ᾱ_t 和 √(1 − ᾱ_t)，不是 ᾱ_t 和 1 − ᾱ_t。'),
  'single-step': bi('√α_t and √β_t belong to a single step from x_{t−1}; from x₀ use ᾱ_t, the product over all steps.', '√α_t 和 √β_t 是从 x_{t−1} 走一步的系数；从 x₀ 出发要用所有步的乘积 ᾱ_t。'),
  'noise-one-minus-signal': bi('The noise coefficient is √(1 − ᾱ_t), not 1 − √ᾱ_t: the variances, not the coefficients, add to 1.', '噪声系数是 √(1 − ᾱ_t)，不是 1 − √ᾱ_t：相加为 1 的是方差，不是系数。'),
  'coefficients-swapped': bi('The signal x₀ gets √ᾱ_t and the noise ε gets √(1 − ᾱ_t).', '信号 x₀ 乘 √ᾱ_t，噪声 ε 乘 √(1 − ᾱ_t)。'),
});

function diagnose(params: Params, solution: Solution<Answer>, given: GivenAnswer) {
  if (given.kind !== 'parts') return undefined;
  const sch = schedule(params);
  const { t } = sch;
  const ab = solution.answer.alphaBar;
  const product = (from: number, to: number, beta: (s: number) => number) => {
    let p = 1;
    for (let s = from; s <= to; s++) p *= 1 - beta(s);
    return p;
  };
  const beta = (s: number) => sch.beta(s).toNumber();
  const is = (g: number | undefined, x: number, truth: number) => g !== undefined && Number.isFinite(x) && near(g, x, 1e-3) && !near(x, truth, 1e-6);
  const number = (name: string) => {
    const part = given.parts[name];
    return part?.kind === 'number' ? part.approx : undefined;
  };
  const alphaT = 1 - beta(t);
  const betaT = beta(t);
  switch (params.ask) {
    case 'alpha-bar': {
      const g = number('value');
      if (is(g, alphaT, ab)) return note('alpha-not-product');
      if (is(g, 1 - ab, ab)) return note('one-minus');
      if (is(g, product(1, t - 1, beta), ab) || is(g, product(1, t + 1, beta), ab)) return note('off-by-one');
      const stepOverT = sch.betaT.sub(sch.beta1).toNumber() / sch.T;
      if (is(g, product(1, t, (s) => sch.beta1.toNumber() + (s - 1) * stepOverT), ab)) return note('step-over-t');
      let sum = 0;
      for (let s = 1; s <= t; s++) sum += beta(s);
      if (is(g, 1 - sum, ab)) return note('sum-approximation');
      return undefined;
    }
    case 'coefficients': {
      const gs = number('signal');
      const gn = number('noise');
      const s = solution.answer.signal as number;
      const n = solution.answer.noise as number;
      if (is(gs, ab, s) || is(gn, 1 - ab, n)) return note('no-square-root');
      if (is(gs, Math.sqrt(alphaT), s) && is(gn, Math.sqrt(betaT), n)) return note('single-step');
      if (gs !== undefined && near(gs, s, 1e-4) && is(gn, 1 - s, n)) return note('noise-one-minus-signal');
      return undefined;
    }
    case 'sample': {
      const g = number('value');
      const x0 = read.toRational(params.x0, 'x0', 100, 12).toNumber();
      const eps = read.toRational(params.eps, 'eps', 100, 12).toNumber();
      const truth = solution.answer.xt as number;
      if (is(g, ab * x0 + (1 - ab) * eps, truth)) return note('no-square-root');
      if (is(g, Math.sqrt(alphaT) * x0 + Math.sqrt(betaT) * eps, truth)) return note('single-step');
      if (is(g, Math.sqrt(1 - ab) * x0 + Math.sqrt(ab) * eps, truth)) return note('coefficients-swapped');
      if (is(g, Math.sqrt(ab) * x0 + (1 - Math.sqrt(ab)) * eps, truth)) return note('noise-one-minus-signal');
      return undefined;
    }
  }
}

// ---------- params ----------

function parseParams(raw: unknown): Params {
  const o = read.readObject(raw, ['T', 'beta1', 'betaT', 't', 'ask'], ['x0', 'eps']);
  const ask = read.readEnum(o, 'ask', ASKS);
  const T = read.readInt(o, 'T', 1, MAX_T);
  const t = read.readInt(o, 't', 1, T);
  for (const key of ['beta1', 'betaT'] as const) {
    const b = read.toRational(o[key], key, 1, 12);
    if (b.sign() <= 0 || b.cmp(Rational.one) >= 0) throw new InvalidParamsError(`${key} must be strictly between 0 and 1`);
  }
  if (T === 1 && !read.toRational(o.beta1, 'beta1', 1, 12).equals(read.toRational(o.betaT, 'betaT', 1, 12))) {
    throw new InvalidParamsError('with T = 1, betaT must equal beta1');
  }
  const base = { T, beta1: o.beta1 as Num, betaT: o.betaT as Num, t, ask };
  if (ask !== 'sample') {
    if (Object.hasOwn(o, 'x0') || Object.hasOwn(o, 'eps')) throw new InvalidParamsError(`x0 and eps are only used when ask is sample`);
    return base;
  }
  if (!Object.hasOwn(o, 'x0') || !Object.hasOwn(o, 'eps')) throw new InvalidParamsError('ask sample needs x0 and eps');
  read.toRational(o.x0, 'x0', 100, 12);
  read.toRational(o.eps, 'eps', 100, 12);
  return { ...base, x0: o.x0 as Num, eps: o.eps as Num };
}

function answerSpec(params: Params) {
  const parts: AnswerPart[] =
    params.ask === 'alpha-bar'
      ? [{ name: 'value', kind: 'number', label: bi('ᾱ_t', 'ᾱ_t') }]
      : params.ask === 'coefficients'
        ? [
            { name: 'signal', kind: 'number', label: bi('signal coefficient √ᾱ_t', '信号系数 √ᾱ_t') },
            { name: 'noise', kind: 'number', label: bi('noise coefficient √(1 − ᾱ_t)', '噪声系数 √(1 − ᾱ_t)') },
          ]
        : [{ name: 'value', kind: 'number', label: bi('x_t', 'x_t') }];
  return { parts, noneAllowed: false };
}

const EASY = { T: 5, beta1: 0.1, betaT: 0.5, t: 3, ask: 'alpha-bar' } as const;
const MEDIUM = { T: 5, beta1: 0.1, betaT: 0.5, t: 3, ask: 'coefficients' } as const;
const HARD = { T: 5, beta1: 0.1, betaT: 0.5, t: 3, ask: 'sample', x0: '0.5', eps: '-1' } as const;

export const diffusionSchedule = defineFamily<Params, Answer>({
  id: 'diffusion-schedule',
  // 2: generate redraws ill-conditioned medium/hard instances (see `generate`).
  version: 2,
  article: 'stable-diffusion',
  title: bi('Noise schedule of the forward process', '前向过程的噪声调度'),
  levels: ['easy', 'medium', 'hard'],
  parseParams,
  generate,
  prompt,
  answerSpec,
  solve,
  verify,
  steps,
  diagnose,
  examples: [
    { params: EASY, answer: '63/125', correct: true, comment: 'β = 0.1, 0.2, 0.3: 0.9·0.8·0.7 = 0.504' },
    { params: EASY, answer: '0.9*0.8*0.7', correct: true },
    { params: EASY, answer: '0.504', correct: true },
    { params: EASY, answer: '0.7', correct: false, note: 'alpha-not-product' },
    { params: EASY, answer: '0.496', correct: false, note: 'one-minus' },
    { params: EASY, answer: '0.72', correct: false, note: 'off-by-one' },
    { params: EASY, answer: '0.4', correct: false, note: 'sum-approximation' },
    { params: EASY, answer: '0.9*0.82*0.74', correct: false, note: 'step-over-t', comment: 'step 0.4/5 instead of 0.4/4' },
    { params: MEDIUM, answer: { signal: '3*sqrt(35)/25', noise: 'sqrt(62)/(5*sqrt(5))' }, correct: true },
    { params: MEDIUM, answer: { signal: 'sqrt(0.504)', noise: 'sqrt(0.496)' }, correct: true },
    { params: MEDIUM, answer: { signal: '0.70993', noise: '0.70427' }, correct: true },
    { params: MEDIUM, answer: { signal: '0.504', noise: '0.496' }, correct: false, note: 'no-square-root' },
    { params: MEDIUM, answer: { signal: 'sqrt(0.7)', noise: 'sqrt(0.3)' }, correct: false, note: 'single-step' },
    { params: MEDIUM, answer: { signal: 'sqrt(0.504)', noise: '1-sqrt(0.504)' }, correct: false, note: 'noise-one-minus-signal' },
    { params: HARD, answer: 'sqrt(0.504)*0.5 - sqrt(0.496)', correct: true },
    { params: HARD, answer: '-0.3493', correct: true },
    { params: HARD, answer: '0.504*0.5 - 0.496', correct: false, note: 'no-square-root' },
    { params: HARD, answer: 'sqrt(0.496)*0.5 - sqrt(0.504)', correct: false, note: 'coefficients-swapped' },
    { params: HARD, answer: 'x0*sqrt(0.504)', correct: false, note: 'unknown-symbol' },
    { params: HARD, answer: 'sqrt(-0.504)', correct: false, note: 'not-real' },
    { params: EASY, answer: '0.504; DROP TABLE cards', correct: false, note: 'bad-character' },
    { params: MEDIUM, answer: { signal: '0.70993' }, correct: false, note: 'missing-part' },
  ],
});
