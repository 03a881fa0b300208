/**
 * init-variance — initialisation scales and why attention divides QKᵀ by √d.
 *
 * Weights of a dense layer with fan_in inputs and fan_out outputs, zero-mean i.i.d.:
 *   LeCun:           Var = 1/fan_in
 *   He (Kaiming):    Var = 2/fan_in              (ReLU; fan-in mode)
 *   Xavier (Glorot): Var = 2/(fan_in + fan_out)
 * asked as the variance or standard deviation of a normal init, or as the bound a of U(−a, a),
 * whose variance is a²/3 (so a = √(3·Var): √(6/(fan_in + fan_out)) for Xavier).
 * Dot products: q, k ∈ ℝ^d with independent zero-mean entries of variances σ_q², σ_k² give
 *   Var(q·k) = d·σ_q²·σ_k², and q·k/√d has variance σ_q²σ_k² (standard deviation σ_qσ_k).
 *
 * Solve: the formulas, exactly ((a/b)·√r for roots).
 * Verify (independent): the init target from its defining property — LeCun keeps fan_in·Var = 1,
 * He halves the second moment through ReLU (the ½ measured exactly on a symmetric discrete
 * distribution), Xavier averages the forward and backward conditions — and the uniform bound
 * from ∫_{−a}^{a} x²/(2a) dx; the dot product by the exact law of Σ rᵢsᵢ for scaled Rademacher
 * entries (binomial weights, bigint arithmetic), whose variance must match. Roots are checked
 * exactly through the engine's equivalence and numerically by squaring.
 */
import {
  bi,
  defineFamily,
  defineNotes,
  equivalent,
  Expression,
  fill,
  fillSteps,
  InvalidParamsError,
  near,
  params as read,
  Rational,
  template,
  texInteger,
  texNumber,
  type Bilingual,
  type GivenAnswer,
  type Level,
  type Rng,
  type Solution,
  type Verification,
} from '../../engine';
import { answerOf, gradedFailure, gradedMismatch, sub } from './graded';

type Scheme = 'xavier' | 'he' | 'lecun';
type Quantity = 'variance' | 'std' | 'bound';
type Entry = number | string;
type InitParams = { readonly ask: 'init'; readonly scheme: Scheme; readonly quantity: Quantity; readonly fanIn: number; readonly fanOut: number };
type DotParams = { readonly ask: 'dot'; readonly d: number; readonly varQ: Entry; readonly varK: Entry };
type Params = InitParams | DotParams;

type Answer =
  | { readonly value: number; readonly exact: string }
  | { readonly variance: number; readonly std: number; readonly exact: { readonly variance: string; readonly std: string } };

const SCHEMES: readonly Scheme[] = ['xavier', 'he', 'lecun'];
const QUANTITIES: readonly Quantity[] = ['variance', 'std', 'bound'];
const MAX_FAN = 10_000_000;
const MAX_D = 4096;

// ---------- exact values ----------

/** Var of the weights for a scheme. */
function targetVariance(scheme: Scheme, fanIn: number, fanOut: number): Rational {
  switch (scheme) {
    case 'lecun':
      return Rational.of(1n, BigInt(fanIn));
    case 'he':
      return Rational.of(2n, BigInt(fanIn));
    case 'xavier':
      return Rational.of(2n, BigInt(fanIn + fanOut));
  }
}

/** √q as c·√r with r free of square factors below 10⁵. */
function squareRoot(q: Rational): Expression {
  if (q.isZero()) return Expression.from(0);
  let n = q.num * q.den;
  let outside = 1n;
  for (let f = 2n; f * f <= n && f < 100_000n; f++) {
    while (n % (f * f) === 0n) {
      n /= f * f;
      outside *= f;
    }
  }
  const c = Rational.of(outside, q.den);
  return n === 1n ? Expression.from(c) : Expression.mul(c, Expression.sqrt(n));
}

/** The asked quantity of a zero-mean init with variance v: v, √v, or the uniform bound √(3v). */
function quantityOf(quantity: Quantity, v: Rational): { exact: Expression; squared: Rational } {
  switch (quantity) {
    case 'variance':
      return { exact: Expression.from(v), squared: v.mul(v) };
    case 'std':
      return { exact: squareRoot(v), squared: v };
    case 'bound':
      return { exact: squareRoot(v.mul(Rational.from(3))), squared: v.mul(Rational.from(3)) };
  }
}

const rationalOf = (v: unknown, what: string) => read.toRational(v, what, 1e6, 12);

function dotValues(p: DotParams): { variance: Rational; scaledVariance: Rational } {
  const vq = rationalOf(p.varQ, 'varQ');
  const vk = rationalOf(p.varK, 'varK');
  const variance = Rational.from(p.d).mul(vq).mul(vk);
  return { variance, scaledVariance: vq.mul(vk) };
}

function solve(params: Params): Solution<Answer> {
  if (params.ask === 'init') {
    const v = targetVariance(params.scheme, params.fanIn, params.fanOut);
    const { exact } = quantityOf(params.quantity, v);
    return {
      answer: { value: exact.toNumber(), exact: exact.toString() },
      expected: { kind: 'parts', parts: { value: { kind: 'number', value: exact } } },
    };
  }
  const { variance, scaledVariance } = dotValues(params);
  const std = squareRoot(scaledVariance);
  return {
    answer: { variance: variance.toNumber(), std: std.toNumber(), exact: { variance: variance.toString(), std: std.toString() } },
    expected: { kind: 'parts', parts: { variance: { kind: 'number', value: Expression.from(variance) }, std: { kind: 'number', value: std } } },
  };
}

// ---------- verification ----------

/** E[g(X)] for X uniform on a finite list of values, exactly. */
const mean = (values: readonly Rational[], g: (x: Rational) => Rational): Rational =>
  values.reduce((acc, x) => acc.add(g(x)), Rational.zero).div(Rational.from(values.length));

/** E[relu(X)²]/E[X²] for a symmetric discrete X: the fraction of the second moment ReLU keeps. */
function reluKeeps(): Rational {
  const values = [-3, -1, -1, 1, 1, 3].map((x) => Rational.from(x));
  const relu = (x: Rational) => (x.sign() > 0 ? x : Rational.zero);
  return mean(values, (x) => relu(x).mul(relu(x))).div(mean(values, (x) => x.mul(x)));
}

/** Var from the scheme's defining condition, solved for Var. */
function varianceFromCondition(scheme: Scheme, fanIn: number, fanOut: number): Rational {
  const nIn = Rational.from(fanIn);
  const nOut = Rational.from(fanOut);
  switch (scheme) {
    case 'lecun': // fan_in·Var·Var(x) = Var(x)
      return Rational.one.div(nIn);
    case 'he': // fan_in·Var·E[relu(x)²] = Var(x), E[relu(x)²] = keeps·Var(x)
      return Rational.one.div(nIn.mul(reluKeeps()));
    case 'xavier': // average the forward (fan_in·Var = 1) and backward (fan_out·Var = 1) conditions
      return Rational.one.div(nIn.add(nOut).div(Rational.from(2)));
  }
}

/** Variance of U(−a, a) from a², by integrating x²/(2a) over [−a, a]: (a³/3 − (−a)³/3)/(2a) = a²/3. */
const uniformVariance = (aSquared: Rational): Rational => aSquared.mul(Rational.of(2n, 3n)).div(Rational.from(2));

/**
 * Var(Σᵢ rᵢsᵢ) for d independent Rademacher pairs, from the exact law of the sum: each rᵢsᵢ is ±1
 * with probability ½, so S = 2j − d with probability C(d, j)/2^d.
 */
function rademacherDotVariance(d: number): Rational {
  let c = 1n;
  let first = 0n;
  let second = 0n;
  const D = BigInt(d);
  for (let j = 0n; j <= D; j++) {
    const s = 2n * j - D;
    first += c * s;
    second += c * s * s;
    c = (c * (D - j)) / (j + 1n);
  }
  const total = 1n << D;
  const m = Rational.of(first, total);
  return Rational.of(second, total).sub(m.mul(m));
}

function verify(params: Params, solution: Solution<Answer>): Verification {
  // The graded parts must be the answer-object values checked below.
  const a = answerOf(solution);
  const graded = gradedMismatch(solution, params.ask === 'init' ? { value: params.quantity === 'variance' ? a.exact : a.value } : { variance: sub(a, 'exact').variance, std: a.std });
  if (graded) return gradedFailure(graded);
  const answer = solution.answer;
  if (params.ask === 'init') {
    const method = "defining condition of the scheme (ReLU's ½ measured on a symmetric distribution), uniform variance by integration";
    if (!('value' in answer)) return { ok: false, method, detail: 'no value' };
    const target = varianceFromCondition(params.scheme, params.fanIn, params.fanOut);
    const claimed = Expression.parse(answer.exact);
    const value = answer.value;
    let ok: boolean;
    if (params.quantity === 'variance') ok = claimed.rational()?.equals(target) === true;
    else if (params.quantity === 'std') ok = near(value * value, target.toNumber(), 1e-12) && equivalent(answer.exact, `sqrt(${target.toString()})`);
    else {
      // a² = 3·target must give back the target as the variance of U(−a, a).
      const aSquared = target.mul(Rational.from(3));
      ok = uniformVariance(aSquared).equals(target) && near(value * value, aSquared.toNumber(), 1e-12) && equivalent(answer.exact, `sqrt(${aSquared.toString()})`);
    }
    return ok ? { ok: true, method } : { ok: false, method, detail: `target variance ${target.toString()}, claimed ${answer.exact}` };
  }
  const method = 'exact law of the dot product with scaled Rademacher entries';
  if (!('variance' in answer)) return { ok: false, method, detail: 'no parts' };
  const vq = rationalOf(params.varQ, 'varQ');
  const vk = rationalOf(params.varK, 'varK');
  // q = σ_q·r, k = σ_k·s: q·k = σ_qσ_k·Σ rᵢsᵢ, so Var(q·k) = σ_q²σ_k²·Var(Σ rᵢsᵢ).
  const variance = vq.mul(vk).mul(rademacherDotVariance(params.d));
  const scaled = variance.div(Rational.from(params.d));
  if (variance.toString() !== answer.exact.variance) return { ok: false, method, detail: `Var(q·k) = ${variance.toString()}` };
  if (!near(answer.std * answer.std, scaled.toNumber(), 1e-12) || !equivalent(answer.exact.std, `sqrt(${scaled.toString()})`)) {
    return { ok: false, method, detail: `Var(q·k/√d) = ${scaled.toString()}, claimed std ${answer.exact.std}` };
  }
  return { ok: true, method };
}

// ---------- generation ----------

const FANS = [64, 128, 256, 384, 512, 768, 1024, 1536, 2048, 3072, 4096];
const DOT_DIMS = [16, 32, 48, 64, 80, 96, 128, 256, 512];
const ENTRY_VARIANCES: readonly Entry[] = [1, 1, 2, 4, '1/2', '1/4', '1/3', '2/3', '3/2', '1/8', 0.5, 0.25];

function generate(rng: Rng, level: Level): Params {
  if (level === 'hard') return { ask: 'dot', d: rng.pick(DOT_DIMS), varQ: rng.pick(ENTRY_VARIANCES), varK: rng.pick(ENTRY_VARIANCES) };
  const fanIn = rng.pick(FANS);
  const fanOut = rng.chance(0.4) ? rng.pick([4 * fanIn, fanIn / 4, 3 * fanIn]) : rng.pick(FANS.filter((x) => x !== fanIn));
  const quantity: Quantity = level === 'easy' ? 'variance' : rng.pick(['std', 'bound']);
  return { ask: 'init', scheme: rng.pick(SCHEMES), quantity, fanIn, fanOut };
}

// ---------- text ----------

const SCHEME_NAMES: Readonly<Record<Scheme, Bilingual>> = {
  xavier: bi('Xavier (Glorot) initialisation', ' Xavier（Glorot）初始化'),
  he: bi('He (Kaiming) initialisation for ReLU, fan-in mode', ' He（Kaiming）初始化（用于 ReLU，fan-in 模式）'),
  lecun: bi('LeCun initialisation', ' LeCun 初始化'),
};

const entryTex = (v: Entry, what: string) => rationalOf(v, what).toTex();

function prompt(params: Params, lang: 'en' | 'zh'): string {
  if (params.ask === 'dot') return fill(DOT_PROMPT, { d: params.d, vq: entryTex(params.varQ, 'varQ'), vk: entryTex(params.varK, 'varK') }, lang);
  const { fanIn, fanOut, scheme, quantity } = params;
  const values = {
    fanIn,
    fanOut,
    name: SCHEME_NAMES[scheme],
    dist: quantity === 'bound' ? '$U(-a, a)$' : '$\\mathcal{N}(0, \\sigma^{2})$',
    distWord: quantity === 'bound' ? bi('', '均匀分布 ') : bi('', '正态分布 '),
    target: TARGETS[quantity],
  };
  return fill(INIT_PROMPT, values, lang);
}

const DOT_PROMPT = template(
  'Let $\\mathbf{q}, \\mathbf{k} \\in \\mathbb{R}^{d}$ with $d = {{d}}$, all entries independent with mean 0, $\\operatorname{Var}(q_i) = \\sigma_q^{2} = {{vq}}$ and $\\operatorname{Var}(k_i) = \\sigma_k^{2} = {{vk}}$. Find\n\n(1) `variance`: the variance of the dot product $\\mathbf{q}\\cdot\\mathbf{k}$;\n\n(2) `std`: the standard deviation of the scaled attention score $\\mathbf{q}\\cdot\\mathbf{k}/\\sqrt{d}$.\n\nGive exact values (of the form `a/b` or `sqrt(a)/b`) or decimals with at least 4 significant digits.',
  '设 $\\mathbf{q}, \\mathbf{k} \\in \\mathbb{R}^{d}$，$d = {{d}}$，所有分量相互独立、均值为 0，且 $\\operatorname{Var}(q_i) = \\sigma_q^{2} = {{vq}}$，$\\operatorname{Var}(k_i) = \\sigma_k^{2} = {{vk}}$。求：\n\n(1) `variance`：点积 $\\mathbf{q}\\cdot\\mathbf{k}$ 的方差；\n\n(2) `std`：缩放后的注意力分数 $\\mathbf{q}\\cdot\\mathbf{k}/\\sqrt{d}$ 的标准差。\n\n可给出精确值（形如 `a/b`、`sqrt(a)/b`），或至少 4 位有效数字的小数。',
);
const INIT_PROMPT = template(
  'A dense layer $\\mathbf{y} = W\\mathbf{x}$ has $\\text{fan\\_in} = {{fanIn}}$ inputs and $\\text{fan\\_out} = {{fanOut}}$ outputs ($W \\in \\mathbb{R}^{{{fanOut}}\\times {{fanIn}}}$). Its weights are drawn i.i.d. from {{distWord}}{{dist}}, scaled by {{name}}. What is {{target}}?\n\nGive an exact value (of the form `a/b` or `sqrt(a)/b`) or a decimal with at least 4 significant digits.',
  '一个全连接层 $\\mathbf{y} = W\\mathbf{x}$ 有 $\\text{fan\\_in} = {{fanIn}}$ 个输入、$\\text{fan\\_out} = {{fanOut}}$ 个输出（$W \\in \\mathbb{R}^{{{fanOut}}\\times {{fanIn}}}$）。权重独立地从{{distWord}}{{dist}} 中抽取，采用{{name}}。{{target}} 是多少？\n\n可给出精确值（形如 `a/b` 或 `sqrt(a)/b`），或至少 4 位有效数字的小数。',
);
const TARGETS = {
  variance: bi('the variance $\\sigma^{2}$', '方差 $\\sigma^{2}$'),
  std: bi('the standard deviation $\\sigma$', '标准差 $\\sigma$'),
  bound: bi('the bound $a$', '边界 $a$'),
};

const RULES = {
  lecun: template(
    'LeCun initialisation keeps the forward variance: $\\text{fan\\_in}\\cdot\\operatorname{Var}(w) = 1$, so $\\operatorname{Var}(w) = \\dfrac{1}{\\text{fan\\_in}} = \\dfrac{1}{{{fanIn}}}$.',
    'LeCun 初始化让前向传播保持方差：$\\text{fan\\_in}\\cdot\\operatorname{Var}(w) = 1$，所以 $\\operatorname{Var}(w) = \\dfrac{1}{\\text{fan\\_in}} = \\dfrac{1}{{{fanIn}}}$。',
  ),
  he: template(
    'ReLU keeps half of the second moment, and He initialisation makes up for it with a factor 2: $\\tfrac12\\,\\text{fan\\_in}\\cdot\\operatorname{Var}(w) = 1$, so $\\operatorname{Var}(w) = \\dfrac{2}{\\text{fan\\_in}} = \\dfrac{2}{{{fanIn}}}$ (fan_out plays no part).',
    'ReLU 只保留一半的二阶矩，He 初始化用因子 2 补回：$\\tfrac12\\,\\text{fan\\_in}\\cdot\\operatorname{Var}(w) = 1$，所以 $\\operatorname{Var}(w) = \\dfrac{2}{\\text{fan\\_in}} = \\dfrac{2}{{{fanIn}}}$（与 fan_out 无关）。',
  ),
  xavier: template(
    'Xavier initialisation compromises between the forward ($\\text{fan\\_in}\\cdot\\operatorname{Var} = 1$) and backward ($\\text{fan\\_out}\\cdot\\operatorname{Var} = 1$) conditions: $\\operatorname{Var}(w) = \\dfrac{2}{\\text{fan\\_in} + \\text{fan\\_out}} = \\dfrac{2}{{{fanIn}} + {{fanOut}}}$.',
    'Xavier 初始化折中前向（$\\text{fan\\_in}\\cdot\\operatorname{Var} = 1$）与反向（$\\text{fan\\_out}\\cdot\\operatorname{Var} = 1$）两个条件：$\\operatorname{Var}(w) = \\dfrac{2}{\\text{fan\\_in} + \\text{fan\\_out}} = \\dfrac{2}{{{fanIn}} + {{fanOut}}}$。',
  ),
};
const INIT_STEPS = {
  variance: '$$\\operatorname{Var}(w) = {{variance}} \\approx {{varianceApprox}}.$$',
  std: '$$\\sigma = \\sqrt{{{variance}}} = {{exact}} \\approx {{value}}.$$',
  bound: template(
    '$U(-a, a)$ has variance $\\dfrac{1}{2a}\\displaystyle\\int_{-a}^{a} x^{2}\\,dx = \\dfrac{a^{2}}{3}$. Setting it to ${{variance}}$: $$a = \\sqrt{3\\cdot {{variance}}} = \\sqrt{{{threeVariance}}} = {{exact}} \\approx {{value}}.$$',
    '$U(-a, a)$ 的方差为 $\\dfrac{1}{2a}\\displaystyle\\int_{-a}^{a} x^{2}\\,dx = \\dfrac{a^{2}}{3}$。令它等于 ${{variance}}$：$$a = \\sqrt{3\\cdot {{variance}}} = \\sqrt{{{threeVariance}}} = {{exact}} \\approx {{value}}.$$',
  ),
};
const DOT_STEPS = [
  template(
    '$\\mathbf{q}\\cdot\\mathbf{k} = \\sum_{i=1}^{d} q_i k_i$. Each term has mean 0 and variance $\\operatorname{Var}(q_ik_i) = E[q_i^{2}]\\,E[k_i^{2}] = \\sigma_q^{2}\\sigma_k^{2} = {{vq}}\\cdot {{vk}} = {{scaled}}$, and the terms are uncorrelated.',
    '$\\mathbf{q}\\cdot\\mathbf{k} = \\sum_{i=1}^{d} q_i k_i$。每一项均值为 0，方差 $\\operatorname{Var}(q_ik_i) = E[q_i^{2}]\\,E[k_i^{2}] = \\sigma_q^{2}\\sigma_k^{2} = {{vq}}\\cdot {{vk}} = {{scaled}}$；各项互不相关。',
  ),
  '$$\\operatorname{Var}(\\mathbf{q}\\cdot\\mathbf{k}) = d\\,\\sigma_q^{2}\\sigma_k^{2} = {{dTex}}\\cdot {{scaled}} = {{variance}}.$$',
  template(
    'Dividing by $\\sqrt{d}$ divides the variance by $d$: $\\operatorname{Var}(\\mathbf{q}\\cdot\\mathbf{k}/\\sqrt{d}) = {{variance}}/{{d}} = {{scaled}}$, whatever $d$ is, so the standard deviation is $$\\sqrt{{{scaled}}} = {{std}} \\approx {{stdApprox}}.$$',
    '除以 $\\sqrt{d}$ 使方差除以 $d$：$\\operatorname{Var}(\\mathbf{q}\\cdot\\mathbf{k}/\\sqrt{d}) = {{variance}}/{{d}} = {{scaled}}$，与 $d$ 无关，所以标准差为 $$\\sqrt{{{scaled}}} = {{std}} \\approx {{stdApprox}}.$$',
  ),
];

function steps(params: Params, solution: Solution<Answer>, lang: 'en' | 'zh'): string {
  if (params.ask === 'init') {
    const { fanIn, fanOut, scheme, quantity } = params;
    const v = targetVariance(scheme, fanIn, fanOut);
    const answer = solution.answer as { value: number; exact: string };
    const values = {
      fanIn,
      fanOut,
      variance: v.toTex(),
      varianceApprox: texNumber(v.toNumber()),
      threeVariance: v.mul(Rational.from(3)).toTex(),
      exact: Expression.parse(answer.exact).toTex(),
      value: texNumber(answer.value),
    };
    return fillSteps([RULES[scheme], INIT_STEPS.variance, quantity === 'std' && INIT_STEPS.std, quantity === 'bound' && INIT_STEPS.bound], values, lang);
  }
  const { variance, scaledVariance } = dotValues(params);
  const answer = solution.answer as { exact: { std: string }; std: number };
  const values = {
    vq: rationalOf(params.varQ, 'varQ').toTex(),
    vk: rationalOf(params.varK, 'varK').toTex(),
    d: params.d,
    dTex: texInteger(params.d),
    scaled: scaledVariance.toTex(),
    variance: variance.toTex(),
    std: Expression.parse(answer.exact.std).toTex(),
    stdApprox: texNumber(answer.std),
  };
  return fillSteps(DOT_STEPS, values, lang);
}

// ---------- diagnosis ----------

const note = defineNotes({
  'used-xavier-formula': bi('That is the Xavier value, 2/(fan_in + fan_out); this scheme uses fan_in only.', '这是 Xavier 的值 2/(fan_in + fan_out)；这个方案只用 fan_in。'),
  'used-he-formula': bi('That is the He value, 2/fan_in (the ReLU factor 2); check which scheme is asked.', '这是 He 的值 2/fan_in（含 ReLU 的因子 2）；请看清题目问的是哪种初始化。'),
  'used-lecun-formula': bi('That is the LeCun value, 1/fan_in; check which scheme is asked.', '这是 LeCun 的值 1/fan_in；请看清题目问的是哪种初始化。'),
  'used-fan-out': bi('The fan-in mode uses the number of inputs, fan_in, not fan_out.', 'fan-in 模式用的是输入个数 fan_in，而不是 fan_out。'),
  'gave-variance': bi('That is the variance; the question asks for a standard deviation (take the square root).', '这是方差；题目问的是标准差（还要开平方）。'),
  'gave-std': bi('That is the standard deviation; the question asks for the variance.', '这是标准差；题目问的是方差。'),
  'bound-is-not-std': bi('For U(−a, a) the variance is a²/3, so a = √3·σ, not σ.', 'U(−a, a) 的方差是 a²/3，所以 a = √3·σ，而不是 σ。'),
  'forgot-d': bi('The dot product adds d independent terms, each with variance σ_q²σ_k²: multiply by d.', '点积是 d 个独立项之和，每项方差为 σ_q²σ_k²：还要乘以 d。'),
  'unscaled-std': bi('That is the standard deviation of q·k itself; dividing by √d divides it by √d.', '这是 q·k 本身的标准差；除以 √d 后标准差也要除以 √d。'),
  'divided-variance-by-sqrt-d': bi('Scaling by 1/√d divides the variance by d, not by √d.', '乘以 1/√d 会让方差除以 d，而不是除以 √d。'),
});


function diagnoseInit(p: InitParams, g: number) {
  const right = quantityOf(p.quantity, targetVariance(p.scheme, p.fanIn, p.fanOut)).exact.toNumber();
  const close = (x: number) => near(g, x, 2e-3) && !near(x, right, 1e-9);
  const value = (scheme: Scheme, quantity: Quantity = p.quantity) => quantityOf(quantity, targetVariance(scheme, p.fanIn, p.fanOut)).exact.toNumber();
  const v = targetVariance(p.scheme, p.fanIn, p.fanOut);
  if (p.quantity !== 'variance' && close(v.toNumber())) return note('gave-variance');
  if (p.quantity === 'variance' && close(Math.sqrt(v.toNumber()))) return note('gave-std');
  if (p.quantity === 'bound' && close(Math.sqrt(v.toNumber()))) return note('bound-is-not-std');
  if (p.quantity === 'std' && close(Math.sqrt(3 * v.toNumber()))) return note('bound-is-not-std');
  for (const scheme of SCHEMES) {
    if (scheme !== p.scheme && close(value(scheme))) return note(`used-${scheme}-formula`);
  }
  if (p.scheme !== 'xavier' && close(quantityOf(p.quantity, targetVariance(p.scheme, p.fanOut, p.fanIn)).exact.toNumber())) return note('used-fan-out');
  return undefined;
}

function diagnose(params: Params, _solution: Solution<Answer>, given: GivenAnswer) {
  if (given.kind !== 'parts') return undefined;
  if (params.ask === 'init') {
    const part = given.parts.value;
    return part?.kind === 'number' ? diagnoseInit(params, part.approx) : undefined;
  }
  const { variance, scaledVariance } = dotValues(params);
  const gv = given.parts.variance;
  const gs = given.parts.std;
  const d = params.d;
  const close = (g: number, x: number, right: number) => near(g, x, 2e-3) && !near(x, right, 1e-9);
  if (gv?.kind === 'number' && close(gv.approx, scaledVariance.toNumber(), variance.toNumber())) return note('forgot-d');
  if (gs?.kind === 'number') {
    const right = Math.sqrt(scaledVariance.toNumber());
    if (close(gs.approx, Math.sqrt(variance.toNumber()), right)) return note('unscaled-std');
    if (close(gs.approx, Math.sqrt(variance.toNumber() / Math.sqrt(d)), right)) return note('divided-variance-by-sqrt-d');
    if (close(gs.approx, scaledVariance.toNumber(), right)) return note('gave-variance');
  }
  return undefined;
}

// ---------- params ----------

function parseParams(raw: unknown): Params {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new InvalidParamsError('params must be an object');
  const ask = read.readEnum(raw as Record<string, unknown>, 'ask', ['init', 'dot'] as const);
  if (ask === 'init') {
    const o = read.readObject(raw, ['ask', 'scheme', 'quantity', 'fanIn', 'fanOut']);
    return {
      ask,
      scheme: read.readEnum(o, 'scheme', SCHEMES),
      quantity: read.readEnum(o, 'quantity', QUANTITIES),
      fanIn: read.readInt(o, 'fanIn', 1, MAX_FAN),
      fanOut: read.readInt(o, 'fanOut', 1, MAX_FAN),
    };
  }
  const o = read.readObject(raw, ['ask', 'd', 'varQ', 'varK']);
  const d = read.readInt(o, 'd', 1, MAX_D);
  for (const key of ['varQ', 'varK'] as const) {
    const v = rationalOf(o[key], key);
    if (v.sign() <= 0) throw new InvalidParamsError(`${key} must be positive`);
  }
  return { ask, d, varQ: o.varQ as Entry, varK: o.varK as Entry };
}

export const initVariance = defineFamily<Params, Answer>({
  id: 'init-variance',
  version: 1,
  article: 'transformer-init',
  title: bi('Initialisation variance and the √d scaling', '初始化方差与 √d 缩放'),
  levels: ['easy', 'medium', 'hard'],
  parseParams,
  generate,
  prompt,
  answerSpec: (params) => {
    if (params.ask === 'dot') {
      return {
        parts: [
          { name: 'variance', kind: 'number', label: bi('Var(q·k)', 'Var(q·k)') },
          { name: 'std', kind: 'number', label: bi('std of q·k/√d', 'q·k/√d 的标准差') },
        ],
        noneAllowed: false,
      };
    }
    const label = { variance: bi('σ²', 'σ²'), std: bi('σ', 'σ'), bound: bi('a', 'a') }[params.quantity];
    return { parts: [{ name: 'value', kind: 'number', label }], noneAllowed: false };
  },
  solve,
  verify,
  steps,
  diagnose,
  examples: [
    { params: { ask: 'init', scheme: 'xavier', quantity: 'variance', fanIn: 512, fanOut: 2048 }, answer: '1/1280', correct: true },
    { params: { ask: 'init', scheme: 'xavier', quantity: 'variance', fanIn: 512, fanOut: 2048 }, answer: '0.00078125', correct: true },
    { params: { ask: 'init', scheme: 'xavier', quantity: 'variance', fanIn: 512, fanOut: 2048 }, answer: '1/256', correct: false, note: 'used-he-formula' },
    { params: { ask: 'init', scheme: 'he', quantity: 'variance', fanIn: 512, fanOut: 2048 }, answer: '2/512', correct: true },
    { params: { ask: 'init', scheme: 'he', quantity: 'variance', fanIn: 512, fanOut: 2048 }, answer: '2/2560', correct: false, note: 'used-xavier-formula', comment: 'fan_in + fan_out used for He' },
    { params: { ask: 'init', scheme: 'he', quantity: 'variance', fanIn: 512, fanOut: 2048 }, answer: '1/1024', correct: false, note: 'used-fan-out' },
    { params: { ask: 'init', scheme: 'lecun', quantity: 'std', fanIn: 512, fanOut: 2048 }, answer: 'sqrt(2)/32', correct: true },
    { params: { ask: 'init', scheme: 'lecun', quantity: 'std', fanIn: 512, fanOut: 2048 }, answer: '1/sqrt(512)', correct: true },
    { params: { ask: 'init', scheme: 'lecun', quantity: 'std', fanIn: 512, fanOut: 2048 }, answer: '0.04419', correct: true },
    { params: { ask: 'init', scheme: 'lecun', quantity: 'std', fanIn: 512, fanOut: 2048 }, answer: '1/512', correct: false, note: 'gave-variance' },
    { params: { ask: 'init', scheme: 'xavier', quantity: 'bound', fanIn: 512, fanOut: 2048 }, answer: 'sqrt(6/2560)', correct: true },
    { params: { ask: 'init', scheme: 'xavier', quantity: 'bound', fanIn: 512, fanOut: 2048 }, answer: 'sqrt(2/2560)', correct: false, note: 'bound-is-not-std' },
    { params: { ask: 'dot', d: 64, varQ: 1, varK: 1 }, answer: { variance: '64', std: '1' }, correct: true },
    { params: { ask: 'dot', d: 64, varQ: 1, varK: 1 }, answer: { variance: '1', std: '1' }, correct: false, note: 'forgot-d' },
    { params: { ask: 'dot', d: 64, varQ: 1, varK: 1 }, answer: { variance: '64', std: '8' }, correct: false, note: 'unscaled-std' },
    { params: { ask: 'dot', d: 64, varQ: '1/2', varK: '2/3' }, answer: { variance: '64/3', std: '1/sqrt(3)' }, correct: true },
    { params: { ask: 'dot', d: 64, varQ: '1/2', varK: '2/3' }, answer: { variance: '21.33', std: '0.5774' }, correct: true },
    { params: { ask: 'dot', d: 64, varQ: '1/2', varK: '2/3' }, answer: { variance: '64/3', std: '1/3' }, correct: false, note: 'gave-variance' },
    { params: { ask: 'dot', d: 64, varQ: '1/2', varK: '2/3' }, answer: { variance: '64/3', std: 'sqrt(64/3/8)' }, correct: false, note: 'divided-variance-by-sqrt-d' },
    { params: { ask: 'dot', d: 64, varQ: 1, varK: 1 }, answer: { variance: '64', std: 'd' }, correct: false, note: 'unknown-symbol' },
    { params: { ask: 'init', scheme: 'he', quantity: 'variance', fanIn: 512, fanOut: 2048 }, answer: '1/0', correct: false, note: 'not-real' },
  ],
});
