/**
 * Symbolic differentiation and light simplification on the engine AST.
 */
import { Rational } from './rational';
import { type Expr, num, ONE, ZERO } from './ast';
import { foldExact } from './evaluate';
import { rationalFunctionToExpr, toRationalFunction } from './polynomial';
import { freeVariables } from './ast';
import { toText } from './tex';

const isNum = (e: Expr, q?: Rational): e is Extract<Expr, { t: 'num' }> =>
  e.t === 'num' && (q === undefined || e.value.equals(q));
const isZero = (e: Expr): boolean => isNum(e, Rational.zero);
const isOne = (e: Expr): boolean => isNum(e, Rational.one);

/** Sum that drops zeros and adds up numeric terms. */
export function sAdd(...terms: Expr[]): Expr {
  const flat: Expr[] = [];
  let constant = Rational.zero;
  for (const t of terms) {
    const parts = t.t === 'add' ? t.terms : [t];
    for (const p of parts) {
      if (p.t === 'num') constant = constant.add(p.value);
      else flat.push(p);
    }
  }
  if (!constant.isZero()) flat.push(num(constant));
  if (flat.length === 0) return ZERO;
  return flat.length === 1 ? (flat[0] as Expr) : { t: 'add', terms: flat };
}

/** Product that drops ones, collapses on zero and multiplies numeric factors. */
export function sMul(...factors: Expr[]): Expr {
  const flat: Expr[] = [];
  let constant = Rational.one;
  for (const f of factors) {
    const parts = f.t === 'mul' ? f.factors : [f];
    for (const p of parts) {
      if (p.t === 'num') constant = constant.mul(p.value);
      else if (p.t === 'neg') {
        constant = constant.neg();
        flat.push(...(p.arg.t === 'mul' ? p.arg.factors : [p.arg]));
      } else flat.push(p);
    }
  }
  if (constant.isZero()) return ZERO;
  if (flat.length === 0) return num(constant);
  if (constant.equals(Rational.one)) return flat.length === 1 ? (flat[0] as Expr) : { t: 'mul', factors: flat };
  if (constant.equals(Rational.one.neg())) return sNeg(flat.length === 1 ? (flat[0] as Expr) : { t: 'mul', factors: flat });
  return { t: 'mul', factors: [num(constant), ...flat] };
}

export function sNeg(a: Expr): Expr {
  if (a.t === 'num') return num(a.value.neg());
  if (a.t === 'neg') return a.arg;
  return { t: 'neg', arg: a };
}

export function sDiv(a: Expr, b: Expr): Expr {
  if (isOne(b)) return a;
  if (isZero(a)) return ZERO;
  if (a.t === 'num' && b.t === 'num' && !b.value.isZero()) return num(a.value.div(b.value));
  return { t: 'div', num: a, den: b };
}

export function sPow(base: Expr, exp: Expr): Expr {
  if (isOne(exp)) return base;
  if (isZero(exp)) return ONE;
  return { t: 'pow', base, exp };
}

const call = (name: Extract<Expr, { t: 'fn' }>['name'], ...args: Expr[]): Expr => ({ t: 'fn', name, args });

/**
 * ∂e/∂x. Product, quotient and chain rules; `d|u| = sign(u)·u'` (undefined where u = 0).
 *
 * @example
 * toText(derivative(parse('x^2*y'), 'x'))  // '2*x*y'
 */
export function derivative(e: Expr, x: string): Expr {
  switch (e.t) {
    case 'num':
    case 'const':
      return ZERO;
    case 'var':
      return e.name === x ? ONE : ZERO;
    case 'vec':
      return { t: 'vec', items: e.items.map((i) => derivative(i, x)) };
    case 'add':
      return sAdd(...e.terms.map((t) => derivative(t, x)));
    case 'neg':
      return sNeg(derivative(e.arg, x));
    case 'mul': {
      const terms = e.factors.map((f, i) => {
        const df = derivative(f, x);
        if (isZero(df)) return ZERO;
        return sMul(...e.factors.map((g, j) => (i === j ? df : g)));
      });
      return sAdd(...terms);
    }
    case 'div': {
      const du = derivative(e.num, x);
      const dv = derivative(e.den, x);
      if (isZero(dv)) return sDiv(du, e.den);
      return sDiv(sAdd(sMul(du, e.den), sNeg(sMul(e.num, dv))), sPow(e.den, num(2)));
    }
    case 'pow': {
      const du = derivative(e.base, x);
      const dw = derivative(e.exp, x);
      if (isZero(dw)) {
        if (isZero(du)) return ZERO;
        const k = foldExact(e.exp);
        const lowered = k instanceof Rational ? num(k.sub(Rational.one)) : sAdd(e.exp, num(-1));
        return sMul(e.exp, sPow(e.base, lowered), du);
      }
      if (e.base.t === 'const' && e.base.name === 'e') return sMul(e, dw);
      // d(u^w) = u^w · (w'·ln u + w·u'/u)
      return sMul(e, sAdd(sMul(dw, call('ln', e.base)), sDiv(sMul(e.exp, du), e.base)));
    }
    case 'fn':
      return derivativeOfFunction(e, x);
  }
}

function derivativeOfFunction(e: Extract<Expr, { t: 'fn' }>, x: string): Expr {
  const [u, b] = e.args as [Expr, Expr | undefined];
  if (e.name === 'max' || e.name === 'min') {
    // max(u, v) = (u + v + |u − v|)/2 and min(u, v) = (u + v − |u − v|)/2, folded left; the
    // derivative of |·| is sign(·), undefined at the kink u = v, as it should be.
    const s = e.name === 'max' ? 1 : -1;
    const pair = (p: Expr, q: Expr): Expr => sDiv(sAdd(p, q, sMul(num(s), call('abs', sAdd(p, sNeg(q))))), num(2));
    return derivative(e.args.slice(1).reduce(pair, u), x);
  }
  if (e.name === 'log' && b) {
    return derivative({ t: 'div', num: call('ln', u), den: call('ln', b) }, x);
  }
  const du = derivative(u, x);
  if (isZero(du)) return ZERO;
  const chain = (outer: Expr) => sMul(outer, du);
  switch (e.name) {
    case 'sqrt':
      return sDiv(du, sMul(num(2), e));
    case 'cbrt':
      return sDiv(du, sMul(num(3), sPow(e, num(2))));
    case 'nthroot': {
      const n = b as Expr;
      return sDiv(du, sMul(n, sPow(e, sAdd(n, num(-1)))));
    }
    case 'abs':
      return chain(call('sign', u));
    case 'sign':
    case 'floor':
    case 'ceil':
    case 'factorial':
    case 'binom':
      return ZERO;
    case 'exp':
      return chain(e);
    case 'ln':
    case 'log':
      return sDiv(du, u);
    case 'log10':
      return sDiv(du, sMul(u, call('ln', num(10))));
    case 'log2':
      return sDiv(du, sMul(u, call('ln', num(2))));
    case 'sin':
      return chain(call('cos', u));
    case 'cos':
      return sNeg(chain(call('sin', u)));
    case 'tan':
      return sDiv(du, sPow(call('cos', u), num(2)));
    case 'sec':
      return chain(sMul(call('sec', u), call('tan', u)));
    case 'csc':
      return sNeg(chain(sMul(call('csc', u), call('cot', u))));
    case 'cot':
      return sNeg(sDiv(du, sPow(call('sin', u), num(2))));
    case 'asin':
      return sDiv(du, call('sqrt', sAdd(ONE, sNeg(sPow(u, num(2))))));
    case 'acos':
      return sNeg(sDiv(du, call('sqrt', sAdd(ONE, sNeg(sPow(u, num(2)))))));
    case 'atan':
      return sDiv(du, sAdd(ONE, sPow(u, num(2))));
    case 'sinh':
      return chain(call('cosh', u));
    case 'cosh':
      return chain(call('sinh', u));
    case 'tanh':
      return sDiv(du, sPow(call('cosh', u), num(2)));
  }
}

/**
 * Light simplification for display: a rational expression becomes its expanded normal form
 * (`(x+1)^2 - 1` → `x^2 + 2*x`); otherwise constant subtrees are folded exactly.
 */
export function simplify(e: Expr): Expr {
  if (e.t === 'vec') return { t: 'vec', items: e.items.map(simplify) };
  const variables = freeVariables(e);
  const f = toRationalFunction(e, variables);
  if (f && f !== 'nowhere') {
    const poly = rationalFunctionToExpr(f, variables);
    if (poly) return poly;
  }
  return collectLinear(foldConstants(e));
}

interface LinearParts {
  readonly atoms: Map<string, { readonly atom: Expr; coef: Rational }>;
  constant: Rational;
}

/**
 * Collects a sum of rational multiples of the same non-rational pieces:
 * `3*(exp(-1) + 3) - exp(-1)` → `2*exp(-1) + 9`. Pieces are compared by their text.
 */
function collectLinear(e: Expr): Expr {
  const parts: LinearParts = { atoms: new Map(), constant: Rational.zero };
  addLinear(e, Rational.one, parts);
  const terms: Expr[] = [];
  for (const { atom, coef } of parts.atoms.values()) {
    if (!coef.isZero()) terms.push(sMul(num(coef), atom));
  }
  if (!parts.constant.isZero() || terms.length === 0) terms.push(num(parts.constant));
  return terms.length === 1 ? (terms[0] as Expr) : { t: 'add', terms };
}

function addLinear(e: Expr, scale: Rational, parts: LinearParts): void {
  const q = e.t === 'num' ? e.value : freeVariables(e).length === 0 ? foldExact(e) : null;
  if (q instanceof Rational) {
    parts.constant = parts.constant.add(q.mul(scale));
    return;
  }
  if (e.t === 'add') {
    for (const term of e.terms) addLinear(term, scale, parts);
    return;
  }
  if (e.t === 'neg') {
    addLinear(e.arg, scale.neg(), parts);
    return;
  }
  if (e.t === 'mul') {
    let factor = Rational.one;
    const rest: Expr[] = [];
    for (const f of e.factors) {
      const fq = f.t === 'num' ? f.value : freeVariables(f).length === 0 ? foldExact(f) : null;
      if (fq instanceof Rational) factor = factor.mul(fq);
      else rest.push(f);
    }
    if (rest.length === 1) {
      addLinear(rest[0] as Expr, scale.mul(factor), parts);
      return;
    }
    if (rest.length > 1 && !factor.equals(Rational.one)) {
      addLinear({ t: 'mul', factors: rest }, scale.mul(factor), parts);
      return;
    }
  }
  if (e.t === 'div') {
    const dq = freeVariables(e.den).length === 0 ? foldExact(e.den) : null;
    if (dq instanceof Rational && !dq.isZero()) {
      addLinear(e.num, scale.div(dq), parts);
      return;
    }
  }
  const key = toText(e);
  const entry = parts.atoms.get(key);
  if (entry) entry.coef = entry.coef.add(scale);
  else parts.atoms.set(key, { atom: e, coef: scale });
}

function foldConstants(e: Expr): Expr {
  if (e.t === 'num' || e.t === 'var' || e.t === 'const') return e;
  const folded = freeVariables(e).length === 0 ? foldExact(e) : null;
  if (folded instanceof Rational) return num(folded);
  switch (e.t) {
    case 'add':
      return sAdd(...e.terms.map(foldConstants));
    case 'mul':
      return sMul(...e.factors.map(foldConstants));
    case 'neg':
      return sNeg(foldConstants(e.arg));
    case 'div':
      return sDiv(foldConstants(e.num), foldConstants(e.den));
    case 'pow':
      return sPow(foldConstants(e.base), foldConstants(e.exp));
    case 'fn':
      return { t: 'fn', name: e.name, args: e.args.map(foldConstants) };
    case 'vec':
      return { t: 'vec', items: e.items.map(foldConstants) };
  }
}

