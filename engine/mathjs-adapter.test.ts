import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { isDecimal, parseMath } from './mathjs-adapter';
import { Rng } from './rng';

// mathjs's own complete instance (its single-file build), as engine/mathjs-adapter.ts used before it built
// the parser from the parser's factories alone.
interface Parsed {
  readonly type: string;
  toString(): string;
}
const full = (createRequire(import.meta.url)('mathjs/lib/browser/math.js') as { create(config: object): { parse(text: string): Parsed } }).create({
  number: 'BigNumber',
  precision: 64,
});

/** A parse as a comparable text: the tree (JSON, with BigNumber literals) or the error message. */
function outcome(parse: () => Parsed): string {
  try {
    const node = parse();
    return `${node.type} ${node.toString()} ${JSON.stringify(node)}`;
  } catch (error) {
    return `error ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
  }
}

const PIECES = ['x', 'y', '1', '2', '0.5', '.5', '1e3', '2E-5', '+', '-', '*', '/', '^', '(', ')', '[', ']', ',', '!', ' ', 'sin', 'log', 'pi', 'π', 'e', 'NaN',
  'Infinity', '.', 'mod', 'to', 'in', 'and', 'or', 'not', 'true', 'null', 'x.y', '2x', '.*', './', 'end', 'i', '|'];

describe('the engine parser (mathjs parse from its own factories)', () => {
  it('reads 20,000 random texts exactly as mathjs complete instance does: same trees, same errors', () => {
    const rng = Rng.fromSeed(20261207);
    const differing: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const length = 1 + rng.int(0, 9);
      let text = '';
      for (let j = 0; j < length; j++) text += PIECES[rng.int(0, PIECES.length - 1)];
      if (outcome(() => full.parse(text)) !== outcome(() => parseMath(text) as unknown as Parsed)) differing.push(text);
    }
    expect(differing).toEqual([]);
  });

  it('reads literals as exact decimals, NaN and Infinity as plain numbers (which the engine refuses)', () => {
    const sum = parseMath('0.1 + Infinity') as unknown as { args: [{ value: unknown }, { value: unknown }] };
    expect(isDecimal(sum.args[0].value) && String(sum.args[0].value)).toBe('0.1');
    expect(sum.args[1].value).toBe(Infinity);
  });
});
