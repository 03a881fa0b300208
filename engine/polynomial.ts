/**
 * Exact normal form of rational expressions: every expression built from rational constants,
 * variables, + − × ÷ and integer powers is a quotient N/D of multivariate polynomials over ℚ.
 * Two such expressions are equal wherever both are defined iff N1·D2 = N2·D1 as polynomials —
 * an exact decision, so `(x-1)^2` vs `x^2-2*x+1` and huge polynomials that differ in one
 * coefficient are judged without sampling. Work is capped; beyond the caps the caller falls back
 * to numeric comparison.
 */
import { Rational } from './rational';
import { add, mul, neg, num, pow, variable, type Expr } from './ast';
import { foldExact } from './evaluate';
import { UNDEFINED } from './ball';
import { charge } from './budget';

interface Term {
  readonly exps: readonly number[];
  readonly coef: Rational;
}
/** Polynomial: monomial key (exponents joined by ',') → term. Zero terms are never stored. */
export type Poly = ReadonlyMap<string, Term>;

export interface RationalFunction {
  readonly num: Poly;
  readonly den: Poly;
}

export const POLY_LIMITS = { terms: 3000, degree: 300, coefficientBits: 20000, work: 400_000, power: 200 } as const;

class TooBig extends Error {}

class Budget {
  work = 0;
  spend(n: number): void {
    charge(n);
    this.work += n;
    if (this.work > POLY_LIMITS.work) throw new TooBig();
  }
}

const keyOf = (exps: readonly number[]): string => exps.join(',');

function constant(q: Rational, n: number): Poly {
  const exps = new Array<number>(n).fill(0);
  return q.isZero() ? new Map() : new Map([[keyOf(exps), { exps, coef: q }]]);
}

function monomialVar(i: number, n: number): Poly {
  const exps = new Array<number>(n).fill(0);
  exps[i] = 1;
  return new Map([[keyOf(exps), { exps, coef: Rational.one }]]);
}

function check(p: Map<string, Term>): Map<string, Term> {
  if (p.size > POLY_LIMITS.terms) throw new TooBig();
  return p;
}

function polyAdd(a: Poly, b: Poly, budget: Budget, sign = 1): Poly {
  budget.spend(a.size + b.size);
  const out = new Map(a);
  for (const [key, term] of b) {
    const coef = sign < 0 ? term.coef.neg() : term.coef;
    const prev = out.get(key);
    const next = prev ? prev.coef.add(coef) : coef;
    if (next.isZero()) out.delete(key);
    else {
      if (next.bitSize() > POLY_LIMITS.coefficientBits) throw new TooBig();
      out.set(key, { exps: term.exps, coef: next });
    }
  }
  return check(out);
}

function polyMul(a: Poly, b: Poly, budget: Budget): Poly {
  budget.spend(a.size * b.size);
  const out = new Map<string, Term>();
  for (const ta of a.values()) {
    for (const tb of b.values()) {
      const exps = ta.exps.map((e, i) => e + (tb.exps[i] ?? 0));
      if (exps.reduce((s, e) => s + e, 0) > POLY_LIMITS.degree) throw new TooBig();
      const key = keyOf(exps);
      const coef = ta.coef.mul(tb.coef);
      const prev = out.get(key);
      const next = prev ? prev.coef.add(coef) : coef;
      if (next.isZero()) out.delete(key);
      else {
        if (next.bitSize() > POLY_LIMITS.coefficientBits) throw new TooBig();
        out.set(key, { exps, coef: next });
      }
    }
  }
  return check(out);
}

function polyPow(a: Poly, n: number, nvars: number, budget: Budget): Poly {
  let result = constant(Rational.one, nvars);
  let base = a;
  let e = n;
  while (e > 0) {
    if (e & 1) result = polyMul(result, base, budget);
    e >>= 1;
    if (e > 0) base = polyMul(base, base, budget);
  }
  return result;
}

const isOne = (p: Poly): boolean => {
  if (p.size !== 1) return false;
  const [t] = p.values();
  return t !== undefined && t.coef.equals(Rational.one) && t.exps.every((e) => e === 0);
};

function polyEquals(a: Poly, b: Poly): boolean {
  if (a.size !== b.size) return false;
  for (const [key, t] of a) {
    const u = b.get(key);
    if (!u || !u.coef.equals(t.coef)) return false;
  }
  return true;
}

/** The result of conversion: a rational function, "defined nowhere" (e.g. 1/(x−x)), or not rational. */
export type Conversion = RationalFunction | 'nowhere' | null;

/**
 * N/D normal form of an expression over `variables`, or null when it is not a rational expression
 * (roots, functions, π, non-integer powers) or exceeds the work caps.
 */
export function toRationalFunction(e: Expr, variables: readonly string[]): Conversion {
  const index = new Map(variables.map((v, i) => [v, i] as const));
  const n = variables.length;
  const budget = new Budget();
  const one = constant(Rational.one, n);

  const go = (x: Expr): RationalFunction | 'nowhere' | null => {
    switch (x.t) {
      case 'num':
        return { num: constant(x.value, n), den: one };
      case 'var': {
        const i = index.get(x.name);
        return i === undefined ? null : { num: monomialVar(i, n), den: one };
      }
      case 'const':
      case 'vec':
        return null;
      default:
        break;
    }
    if (x.t === 'fn' || !hasVariable(x)) {
      const folded = foldExact(x);
      if (folded === UNDEFINED) return 'nowhere';
      if (folded === null) return null;
      return { num: constant(folded, n), den: one };
    }
    switch (x.t) {
      case 'add': {
        let acc: RationalFunction = { num: new Map(), den: one };
        for (const term of x.terms) {
          const t = go(term);
          if (t === null || t === 'nowhere') return t;
          acc = polyEquals(acc.den, t.den)
            ? { num: polyAdd(acc.num, t.num, budget), den: acc.den }
            : {
                num: polyAdd(polyMul(acc.num, t.den, budget), polyMul(t.num, acc.den, budget), budget),
                den: polyMul(acc.den, t.den, budget),
              };
        }
        return acc;
      }
      case 'mul': {
        let acc: RationalFunction = { num: one, den: one };
        for (const factor of x.factors) {
          const f = go(factor);
          if (f === null || f === 'nowhere') return f;
          acc = {
            num: polyMul(acc.num, f.num, budget),
            den: isOne(f.den) ? acc.den : polyMul(acc.den, f.den, budget),
          };
        }
        return acc;
      }
      case 'neg': {
        const a = go(x.arg);
        if (a === null || a === 'nowhere') return a;
        return { num: polyAdd(new Map(), a.num, budget, -1), den: a.den };
      }
      case 'div': {
        const a = go(x.num);
        const b = go(x.den);
        if (a === 'nowhere' || b === 'nowhere') return 'nowhere';
        if (a === null || b === null) return null;
        if (b.num.size === 0) return 'nowhere';
        return { num: polyMul(a.num, b.den, budget), den: polyMul(a.den, b.num, budget) };
      }
      case 'pow': {
        if (hasVariable(x.exp)) return null;
        const k = foldExact(x.exp);
        if (k === UNDEFINED) return 'nowhere';
        if (k === null || !k.isInteger()) return null;
        if (k.num > BigInt(POLY_LIMITS.power) || k.num < -BigInt(POLY_LIMITS.power)) return null;
        const a = go(x.base);
        if (a === null || a === 'nowhere') return a;
        const e = Number(k.num);
        if (e === 0) return { num: one, den: one };
        if (e > 0) return { num: polyPow(a.num, e, n, budget), den: polyPow(a.den, e, n, budget) };
        if (a.num.size === 0) return 'nowhere';
        return { num: polyPow(a.den, -e, n, budget), den: polyPow(a.num, -e, n, budget) };
      }
      default:
        return null;
    }
  };

  try {
    return go(e);
  } catch (error) {
    if (error instanceof TooBig || error instanceof RangeError) return null;
    throw error;
  }
}

function hasVariable(e: Expr): boolean {
  const stack: Expr[] = [e];
  while (stack.length > 0) {
    const x = stack.pop() as Expr;
    if (x.t === 'var') return true;
    switch (x.t) {
      case 'add':
        stack.push(...x.terms);
        break;
      case 'mul':
        stack.push(...x.factors);
        break;
      case 'neg':
        stack.push(x.arg);
        break;
      case 'div':
        stack.push(x.num, x.den);
        break;
      case 'pow':
        stack.push(x.base, x.exp);
        break;
      case 'fn':
        stack.push(...x.args);
        break;
      case 'vec':
        stack.push(...x.items);
        break;
      default:
        break;
    }
  }
  return false;
}

/** Are two rational functions equal (N1·D2 = N2·D1)? null if the check exceeds the caps. */
export function sameRationalFunction(a: RationalFunction, b: RationalFunction): boolean | null {
  try {
    const budget = new Budget();
    const left = polyMul(a.num, b.den, budget);
    const right = polyMul(b.num, a.den, budget);
    return polyEquals(left, right);
  } catch (error) {
    if (error instanceof TooBig) return null;
    throw error;
  }
}

/**
 * A polynomial as an expression in canonical order (total degree descending, then lexicographic),
 * e.g. for showing a derivative in the worked steps. Returns null if `p` has a non-constant
 * denominator.
 */
export function rationalFunctionToExpr(f: RationalFunction, variables: readonly string[]): Expr | null {
  if (f.den.size !== 1) return null;
  const [d] = f.den.values();
  if (!d || d.exps.some((e) => e !== 0)) return null;
  const terms = [...f.num.values()].sort((s, t) => {
    const ds = s.exps.reduce((a, b) => a + b, 0);
    const dt = t.exps.reduce((a, b) => a + b, 0);
    if (ds !== dt) return dt - ds;
    for (let i = 0; i < s.exps.length; i++) {
      const diff = (t.exps[i] ?? 0) - (s.exps[i] ?? 0);
      if (diff !== 0) return diff;
    }
    return 0;
  });
  if (terms.length === 0) return num(0);
  const exprs = terms.map((t) => {
    const coef = t.coef.div(d.coef);
    const factors: Expr[] = [];
    t.exps.forEach((e, i) => {
      if (e === 0) return;
      const v = variable(variables[i] as string);
      factors.push(e === 1 ? v : pow(v, num(e)));
    });
    const magnitude = coef.abs();
    if (factors.length === 0) return coef.sign() < 0 ? neg(num(magnitude)) : num(magnitude);
    const body = magnitude.equals(Rational.one) ? mul(...factors) : mul(num(magnitude), ...factors);
    return coef.sign() < 0 ? neg(body) : body;
  });
  return add(...exprs);
}
