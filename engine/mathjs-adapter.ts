/**
 * The one place that touches mathjs. We use two things from it:
 *  - its expression *parser*, configured to read numbers as BigNumber so `0.1` stays exactly 1/10;
 *    the node tree is then validated against an allow-list and converted to the engine's own AST
 *    (engine/parse.ts) — mathjs never evaluates learner input;
 *  - its BigNumber class (decimal.js) for high-precision ball arithmetic (engine/ball.ts).
 *
 * The instance is built from the parser's own factories only, not `create(all)`: the full set costs
 * ≈ 0.1 s of typed-function set-up at the first parse and ≈ 0.6 MB of bundle, while the parser needs no
 * typed function beyond its own. What the node classes would use to *evaluate* (subset, size) refuses;
 * `numeric` turns a literal into the type the parser asks for, as mathjs's does for strings.
 */
import * as mathjsModules from './mathjs-factories.mjs';
import type { FactoryFunction, MathNode } from 'mathjs';
import type { Decimal } from 'decimal.js';

export type { MathNode };
export type DecimalValue = Decimal;
export type DecimalClass = typeof Decimal;

const { create, factory, ...parserFactories } = mathjsModules;

// NOTE: mathjs types `factory`'s dependencies as function names; classes such as BigNumber are injected too.
const factoryOf = factory as unknown as <D, T>(name: string, dependencies: readonly string[], make: (injected: D) => T) => FactoryFunction<T>;

const evaluationOnly = (name: string) =>
  factoryOf(name, [], () => () => {
    throw new Error(`${name} is not available: the engine never evaluates with mathjs`);
  });

const math = create(
  {
    ...parserFactories,
    createSubset: evaluationOnly('subset'),
    createSize: evaluationOnly('size'),
    // Used by ConstantNode's TeX output only.
    createIsBounded: factoryOf('isBounded', [], () => (x: { isFinite(): boolean } | number) => (typeof x === 'number' ? Number.isFinite(x) : x.isFinite())),
    // NOTE: as mathjs's numeric for a string: `NaN`/`Infinity` become JS numbers (refused as constants
    // by engine/parse.ts), literals BigNumbers (the configured number type).
    createNumeric: factoryOf('numeric', ['BigNumber'], ({ BigNumber }: { BigNumber: DecimalClass }) => (value: string, type = 'number') =>
      type === 'BigNumber' ? new BigNumber(value) : Number(value),
    ),
  },
  { number: 'BigNumber', precision: 64 },
) as unknown as { parse(text: string): MathNode; BigNumber: DecimalClass };

/** mathjs's parser on text the caller has already length-checked. Throws mathjs's SyntaxError. */
export function parseMath(text: string): MathNode {
  return math.parse(text);
}

/** True for a decimal.js value created by mathjs (a BigNumber literal in a parsed tree). */
export function isDecimal(value: unknown): value is Decimal {
  return value instanceof math.BigNumber;
}

const classes = new Map<number, DecimalClass>();

/** A decimal.js constructor working with `precision` significant digits (cached per precision). */
export function decimalClass(precision: number): DecimalClass {
  let cls = classes.get(precision);
  if (!cls) {
    cls = math.BigNumber.clone({ precision, rounding: 4, minE: -9e15, maxE: 9e15 });
    classes.set(precision, cls);
  }
  return cls;
}
