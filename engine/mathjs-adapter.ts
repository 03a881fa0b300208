/**
 * The one place that touches mathjs. We use two things from it:
 *  - its expression *parser*, configured to read numbers as BigNumber so `0.1` stays exactly 1/10;
 *    the node tree is then validated against an allow-list and converted to the engine's own AST
 *    (engine/parse.ts) — mathjs never evaluates learner input;
 *  - its BigNumber class (decimal.js) for high-precision ball arithmetic (engine/ball.ts).
 */
import mathjs from 'mathjs/lib/browser/math.js';
import type { MathNode } from 'mathjs';
import type { Decimal } from 'decimal.js';

export type { MathNode };
export type DecimalValue = Decimal;
export type DecimalClass = typeof Decimal;

const math = mathjs.create({ number: 'BigNumber', precision: 64 });

/** mathjs's parser on text the caller has already length-checked. Throws mathjs's SyntaxError. */
export function parseMath(text: string): MathNode {
  return math.parse(text);
}

/** True for a decimal.js value created by mathjs (a BigNumber literal in a parsed tree). */
export function isDecimal(value: unknown): value is Decimal {
  return math.isBigNumber(value);
}

const classes = new Map<number, DecimalClass>();

/** A decimal.js constructor working with `precision` significant digits (cached per precision). */
export function decimalClass(precision: number): DecimalClass {
  let cls = classes.get(precision);
  if (!cls) {
    const base = (math as unknown as { BigNumber: DecimalClass }).BigNumber;
    cls = base.clone({ precision, rounding: 4, minE: -9e15, maxE: 9e15 });
    classes.set(precision, cls);
  }
  return cls;
}
