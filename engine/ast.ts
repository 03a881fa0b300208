/**
 * The engine's own expression tree (`Expr`, the AST): plain immutable nodes, the engine-internal
 * counterpart of the public `Expression` class (engine/expression.ts), which wraps one. Learner text is parsed by mathjs, validated and converted to
 * this small, closed AST (engine/parse.ts); everything else — exact folding, ball evaluation,
 * polynomial normal forms, differentiation, TeX — works on it, so no mathjs evaluation path is ever
 * reachable from learner input.
 */
import { Rational } from './rational';

/**
 * Functions an expression may call. `sign(x)` is ±1, undefined at 0 (like x/|x|); `floor`/`ceil`
 * are ⌊x⌋/⌈x⌉; `max`/`min` take 2–8 arguments.
 */
export type FnName =
  | 'sqrt' | 'cbrt' | 'nthroot' | 'abs' | 'exp' | 'ln' | 'log' | 'log10' | 'log2'
  | 'sin' | 'cos' | 'tan' | 'sec' | 'csc' | 'cot' | 'asin' | 'acos' | 'atan'
  | 'sinh' | 'cosh' | 'tanh' | 'factorial' | 'binom' | 'sign'
  | 'floor' | 'ceil' | 'max' | 'min';

/**
 * How a decimal literal was typed (`0.894`, `2.5e-3`, `2.684e8`): its text, the position of its
 * last digit (`places`: 3 for 0.894, −5 for 2.684e8) and its significant digits.
 */
export interface DecimalLiteral {
  readonly text: string;
  readonly places: number;
  readonly digits: number;
}

export type Expr =
  | { readonly t: 'num'; readonly value: Rational; readonly decimal?: DecimalLiteral }
  | { readonly t: 'const'; readonly name: 'pi' | 'e' }
  | { readonly t: 'var'; readonly name: string }
  | { readonly t: 'add'; readonly terms: readonly Expr[] }
  | { readonly t: 'mul'; readonly factors: readonly Expr[] }
  | { readonly t: 'neg'; readonly arg: Expr }
  | { readonly t: 'div'; readonly num: Expr; readonly den: Expr }
  | { readonly t: 'pow'; readonly base: Expr; readonly exp: Expr }
  | { readonly t: 'fn'; readonly name: FnName; readonly args: readonly Expr[] }
  | { readonly t: 'vec'; readonly items: readonly Expr[] };

export const num = (value: Rational | number | bigint): Expr => ({ t: 'num', value: Rational.from(value) });
export const variable = (name: string): Expr => ({ t: 'var', name });
export const PI: Expr = { t: 'const', name: 'pi' };
export const E: Expr = { t: 'const', name: 'e' };
export const ZERO = num(0);
export const ONE = num(1);

/** n-ary sum, flattening nested sums. */
export function add(...terms: Expr[]): Expr {
  const flat: Expr[] = [];
  for (const term of terms) {
    if (term.t === 'add') flat.push(...term.terms);
    else flat.push(term);
  }
  if (flat.length === 0) return ZERO;
  return flat.length === 1 ? (flat[0] as Expr) : { t: 'add', terms: flat };
}

/** n-ary product, flattening nested products. */
export function mul(...factors: Expr[]): Expr {
  const flat: Expr[] = [];
  for (const factor of factors) {
    if (factor.t === 'mul') flat.push(...factor.factors);
    else flat.push(factor);
  }
  if (flat.length === 0) return ONE;
  return flat.length === 1 ? (flat[0] as Expr) : { t: 'mul', factors: flat };
}

export const neg = (arg: Expr): Expr => ({ t: 'neg', arg });
export const sub = (a: Expr, b: Expr): Expr => add(a, neg(b));
export const div = (a: Expr, b: Expr): Expr => ({ t: 'div', num: a, den: b });
export const pow = (base: Expr, exp: Expr): Expr => ({ t: 'pow', base, exp });
export const fn = (name: FnName, ...args: Expr[]): Expr => ({ t: 'fn', name, args });
export const vec = (items: readonly Expr[]): Expr => ({ t: 'vec', items });

/** Children of a node, in order. */
export function children(e: Expr): readonly Expr[] {
  switch (e.t) {
    case 'num':
    case 'const':
    case 'var':
      return [];
    case 'add':
      return e.terms;
    case 'mul':
      return e.factors;
    case 'neg':
      return [e.arg];
    case 'div':
      return [e.num, e.den];
    case 'pow':
      return [e.base, e.exp];
    case 'fn':
      return e.args;
    case 'vec':
      return e.items;
  }
}

/** Distinct variable names, sorted. */
export function freeVariables(e: Expr): string[] {
  const names = new Set<string>();
  const stack: Expr[] = [e];
  while (stack.length > 0) {
    const node = stack.pop() as Expr;
    if (node.t === 'var') names.add(node.name);
    else stack.push(...children(node));
  }
  return [...names].sort();
}

export function isConstant(e: Expr): boolean {
  const stack: Expr[] = [e];
  while (stack.length > 0) {
    const node = stack.pop() as Expr;
    if (node.t === 'var') return false;
    stack.push(...children(node));
  }
  return true;
}

/** Number of nodes. */
export function size(e: Expr): number {
  let count = 0;
  const stack: Expr[] = [e];
  while (stack.length > 0) {
    const node = stack.pop() as Expr;
    count++;
    stack.push(...children(node));
  }
  return count;
}

/** Height of the tree (a leaf has depth 1). */
export function depth(e: Expr): number {
  let best = 0;
  const stack: Array<[Expr, number]> = [[e, 1]];
  while (stack.length > 0) {
    const [node, d] = stack.pop() as [Expr, number];
    if (d > best) best = d;
    for (const c of children(node)) stack.push([c, d + 1]);
  }
  return best;
}

/** True if some literal was typed as a non-integer decimal (`0.6`, `2.5e-3`). */
export function hasDecimalLiteral(e: Expr): boolean {
  const stack: Expr[] = [e];
  while (stack.length > 0) {
    const node = stack.pop() as Expr;
    if (node.t === 'num' && node.decimal) return true;
    stack.push(...children(node));
  }
  return false;
}

/** Replace variables by expressions. */
export function substitute(e: Expr, values: ReadonlyMap<string, Expr>): Expr {
  switch (e.t) {
    case 'var':
      return values.get(e.name) ?? e;
    case 'num':
    case 'const':
      return e;
    case 'add':
      return { t: 'add', terms: e.terms.map((x) => substitute(x, values)) };
    case 'mul':
      return { t: 'mul', factors: e.factors.map((x) => substitute(x, values)) };
    case 'neg':
      return neg(substitute(e.arg, values));
    case 'div':
      return div(substitute(e.num, values), substitute(e.den, values));
    case 'pow':
      return pow(substitute(e.base, values), substitute(e.exp, values));
    case 'fn':
      return { t: 'fn', name: e.name, args: e.args.map((x) => substitute(x, values)) };
    case 'vec':
      return vec(e.items.map((x) => substitute(x, values)));
  }
}

/** Structural equality (literals compared by value). */
export function sameTree(a: Expr, b: Expr): boolean {
  if (a.t !== b.t) return false;
  switch (a.t) {
    case 'num':
      return a.value.equals((b as typeof a).value);
    case 'const':
    case 'var':
      return a.name === (b as typeof a).name;
    case 'fn':
      if (a.name !== (b as typeof a).name) return false;
      break;
    default:
      break;
  }
  const ca = children(a);
  const cb = children(b);
  return ca.length === cb.length && ca.every((c, i) => sameTree(c, cb[i] as Expr));
}
