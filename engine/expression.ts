/**
 * `Expression`: the public, immutable face of the engine AST for family authors — exact values
 * (`Expression.parse('7*sqrt(5)/5')`, `Expression.from(rational)`), functions of variables
 * (`f.derivative('x').at({ x: 1, y: 2 })`), numeric evaluation and printing.
 */
import { Rational } from './rational';
import { freeVariables, isConstant, substitute, type Expr, num } from './ast';
import { parseExpr, type InvalidReason } from './parse';
import { derivative, sAdd, sDiv, sMul, sNeg, sPow, simplify } from './calculus';
import { foldExact } from './evaluate';
import { compileNumeric, equivalentExprs, evaluateConstant } from './equivalence';
import { toTex, toText } from './tex';
import { ContentError } from './errors';
import type { Bilingual } from './i18n';
import { UNDEFINED } from './ball';

/** Anything that converts to an exact expression: integers, rationals, doubles (as their shortest decimal). */
export type ExactLike = Expression | Rational | bigint | number;

/** The AST of an Expression (engine-internal; not exported from engine/index.ts). */
export function exprOf(e: Expression): Expr {
  return Expression.unwrap(e);
}

export class Expression {
  readonly #node: Expr;

  private constructor(node: Expr) {
    this.#node = node;
  }

  /** @internal The AST (engine-internal: use `exprOf`). */
  static unwrap(e: Expression): Expr {
    return e.#node;
  }

  /** Wraps an AST node (engine-internal). */
  static of(node: Expr): Expression {
    return new Expression(node);
  }

  /**
   * Parses trusted text written by a family author; throws ContentError if it does not parse.
   *
   * @example
   * Expression.parse('x^2*y', ['x', 'y']).derivative('x').toString()  // '2*x*y'
   */
  static parse(text: string, variables: readonly string[] = []): Expression {
    const r = parseExpr(text, { variables, maxLength: 100_000, maxNodes: 20_000 });
    if (!r.ok) throw new ContentError(`cannot parse ${JSON.stringify(text.slice(0, 80))}: ${r.message.en}`);
    return new Expression(r.expr);
  }

  /** Parses untrusted text (sandbox limits); a failure is a value, not an exception. */
  static tryParse(
    text: unknown,
    variables: readonly string[] = [],
  ): { readonly ok: true; readonly value: Expression } | { readonly ok: false; readonly reason: InvalidReason; readonly message: Bilingual } {
    const r = parseExpr(text, { variables });
    return r.ok ? { ok: true, value: new Expression(r.expr) } : r;
  }

  /** An exact number. A double is read as its shortest decimal text (0.1 → 1/10). */
  static from(value: ExactLike): Expression {
    if (value instanceof Expression) return value;
    if (value instanceof Rational) return new Expression(num(value));
    if (typeof value === 'bigint') return new Expression(num(value));
    return new Expression(num(Rational.fromNumber(value)));
  }

  static add(...terms: ExactLike[]): Expression {
    return new Expression(sAdd(...terms.map((t) => exprOf(Expression.from(t)))));
  }
  static mul(...factors: ExactLike[]): Expression {
    return new Expression(sMul(...factors.map((t) => exprOf(Expression.from(t)))));
  }
  static div(a: ExactLike, b: ExactLike): Expression {
    return new Expression(sDiv(exprOf(Expression.from(a)), exprOf(Expression.from(b))));
  }
  static neg(a: ExactLike): Expression {
    return new Expression(sNeg(exprOf(Expression.from(a))));
  }
  static pow(a: ExactLike, b: ExactLike): Expression {
    return new Expression(sPow(exprOf(Expression.from(a)), exprOf(Expression.from(b))));
  }
  static sqrt(a: ExactLike): Expression {
    return new Expression({ t: 'fn', name: 'sqrt', args: [exprOf(Expression.from(a))] });
  }

  /** Free variables, sorted. */
  get variables(): string[] {
    return freeVariables(exprOf(this));
  }

  get isConstant(): boolean {
    return isConstant(exprOf(this));
  }

  /** ∂/∂name, lightly simplified. */
  derivative(name: string): Expression {
    return new Expression(derivative(exprOf(this), name));
  }

  /** Replaces variables by exact values. */
  substitute(values: Readonly<Record<string, ExactLike>>): Expression {
    const map = new Map<string, Expr>();
    for (const [k, v] of Object.entries(values)) map.set(k, exprOf(Expression.from(v)));
    return new Expression(substitute(exprOf(this), map));
  }

  /** Substitutes and simplifies: the exact value at a point. */
  at(values: Readonly<Record<string, ExactLike>>): Expression {
    const substituted = this.substitute(values);
    const q = substituted.isConstant ? foldExact(exprOf(substituted)) : null;
    if (q instanceof Rational) return Expression.from(q);
    return q === UNDEFINED ? substituted : substituted.simplify();
  }

  /** Expanded normal form for rational expressions, constant folding otherwise. */
  simplify(): Expression {
    return new Expression(simplify(exprOf(this)));
  }

  /** The exact rational value of a constant expression, if it is rational (undefined otherwise). */
  rational(): Rational | undefined {
    const q = foldExact(exprOf(this));
    return q instanceof Rational ? q : undefined;
  }

  /** Is this constant expression certainly undefined (1/0, sqrt(−1), log 0)? */
  isUndefined(): boolean {
    if (!this.isConstant) return false;
    return foldExact(exprOf(this)) === UNDEFINED || evaluateConstant(exprOf(this)).kind === 'undefined';
  }

  /** Nearest double of a constant expression (NaN when undefined or not constant). */
  toNumber(): number {
    const v = evaluateConstant(exprOf(this));
    return v.kind === 'value' ? v.approx : NaN;
  }

  /**
   * A double-precision evaluator over the given variable order: `undefined` outside the domain.
   *
   * @example
   * Expression.parse('sqrt(x)', ['x']).compile(['x'])([4])  // 2
   */
  compile(variables: readonly string[]): (values: readonly number[]) => number | undefined {
    return compileNumeric(exprOf(this), variables);
  }

  /** Algebraic equivalence (see engine/equivalence.ts). */
  equivalent(other: Expression): boolean {
    return equivalentExprs(exprOf(this), exprOf(other)).equivalent;
  }

  toTex(): string {
    return toTex(exprOf(this));
  }

  /** Plain text that parses back to the same expression. */
  toString(): string {
    return toText(exprOf(this));
  }
}
