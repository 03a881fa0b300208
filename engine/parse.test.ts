import { describe, expect, it } from 'vitest';
import { parseExpr } from './parse';
import { toTex, toText } from './tex';

const text = (s: string, variables: readonly string[] | 'any' = 'any') => {
  const r = parseExpr(s, { variables });
  return r.ok ? toText(r.expr) : `! ${r.reason}: ${r.message.en}`;
};

describe('parseExpr (the sandbox)', () => {
  it('reads numbers, vectors, matrices and expressions', () => {
    expect(text('3/5')).toBe('3/5');
    expect(text('-3e-2')).toBe('-3e-2');
    expect(text('2*sqrt(5)')).toBe('2*sqrt(5)');
    expect(text('pi/4')).toBe('pi/4');
    expect(text('[1, -2]')).toBe('[1, -2]');
    expect(text('[[1,2],[3,4]]')).toBe('[[1, 2], [3, 4]]');
    expect(text('x^2 - 2*x + 1', ['x'])).toBe('x^2 - 2*x + 1');
    expect(text('x(x+1)', ['x'])).toBe('x*(x + 1)');
    expect(text('C(10,3)/2^10')).toBe('binom(10, 3)/2^10');
    expect(text('ln(x)', ['x'])).toBe('ln(x)');
  });

  it('normalises what Chinese and other keyboards produce', () => {
    expect(text('（1，2）')).toBe(text('(1,2)'));
    expect(text('［1，−2］')).toBe('[1, -2]');
    expect(text('x² − 1', ['x'])).toBe('x^2 - 1');
    expect(text('2×3÷4')).toBe('2*3/4');
    expect(text('√2')).toBe('sqrt(2)');
    expect(text('π')).toBe('pi');
  });

  it('refuses what is not allowed, with a clear message', () => {
    expect(text('w + 1', ['x'])).toBe('! unknown-symbol: unknown symbol w');
    expect(text('x', [])).toBe('! unknown-symbol: unknown symbol x');
    expect(text('1:999999999')).toBe('! bad-character: unexpected character ":"');
    expect(text('import("fs")')).toMatch(/^! bad-character/);
    expect(text('evaluate(x)', ['x'])).toBe('! unknown-function: unknown function evaluate');
    expect(text('parse(x)', ['x'])).toBe('! unknown-function: unknown function parse');
    expect(text('createUnit(x)', ['x'])).toMatch(/^! unknown-function/);
    expect(text('x=3', ['x'])).toMatch(/^! bad-character/);
    expect(text('a.b', ['a'])).toMatch(/^! not-allowed/);
    expect(text('constructor')).toMatch(/^! unknown-symbol/);
    expect(text('__proto__')).toMatch(/^! (syntax|unknown-symbol)/);
    expect(text('i')).toMatch(/complex numbers are not supported/);
    expect(text('sin x', ['x'])).toMatch(/sin needs parentheses/);
    expect(text('0x1F')).toMatch(/^! syntax/);
    expect(text('x!', ['x'])).toMatch(/^! needs-integer/);
    expect(text('')).toMatch(/^! empty/);
    expect(text('2 +')).toMatch(/^! syntax/);
    expect(text('[]')).toMatch(/^! syntax/);
    expect(parseExpr(42).ok).toBe(false);
    expect(parseExpr(null).ok).toBe(false);
  });

  it('caps length, nesting, size and literal magnitude', () => {
    expect(text('1+'.repeat(3000) + '1')).toMatch(/^! too-long/);
    expect(text('('.repeat(40) + '1' + ')'.repeat(40))).toMatch(/^! too-deep/);
    expect(text('[' + Array.from({ length: 500 }, () => '1').join(',') + ']')).toMatch(/^! too-large/);
    expect(text('1e999999999')).toMatch(/^! number-too-large/);
    expect(text('1e-999999999')).toMatch(/^! number-too-large/);
    expect(text('9^9^9')).toBe('9^(9^9)');
  });

  it('previews the reading in TeX', () => {
    const tex = (s: string) => {
      const r = parseExpr(s, { variables: 'any' });
      return r.ok ? toTex(r.expr) : r.reason;
    };
    expect(tex('1/2x')).toBe('\\frac{1}{2} \\cdot x');
    expect(tex('2x^2 - 1/3')).toBe('2\\,{x}^{2} - \\frac{1}{3}');
    expect(tex('[[1,2],[3,4]]')).toBe('\\begin{bmatrix}1 & 2 \\\\ 3 & 4\\end{bmatrix}');
    expect(tex('2.684e8')).toBe('2.684 \\times 10^{8}');
    expect(tex('sqrt(x)/abs(y)')).toBe('\\frac{\\sqrt{x}}{\\left|y\\right|}');
    expect(tex('C(10,3)')).toBe('\\binom{10}{3}');
    expect(tex('log(x)')).toBe('\\ln\\left(x\\right)');
  });

  it('reads |x| bars, floor, ceil, max and min', () => {
    expect(text('|x|')).toBe('abs(x)');
    expect(text('|x-1|*|x+1|')).toBe('abs(x - 1)*abs(x + 1)');
    expect(text('||x|-|y||')).toBe('abs(abs(x) - abs(y))');
    expect(text('2|x|^2')).toBe('2*abs(x)^2');
    expect(text('x|y|', ['x', 'y'])).toBe('x*abs(y)');
    expect(text('|-3|')).toBe('abs(-3)');
    expect(text('｜x｜')).toBe('abs(x)');
    expect(text('|x')).toMatch(/^! syntax: unmatched \|/);
    expect(text('x|')).toMatch(/^! syntax/);
    expect(text('floor(x/2) + ceil(x)')).toBe('floor(x/2) + ceil(x)');
    expect(text('max(x, y, 0) - min(1, x)')).toBe('max(x, y, 0) - min(1, x)');
    expect(text('max(x)')).toBe('! wrong-arity: max takes 2 to 8 argument(s)');
    expect(text('floor(x, 2)')).toMatch(/^! wrong-arity/);
    const tex = (s: string) => {
      const r = parseExpr(s, { variables: 'any' });
      return r.ok ? toTex(r.expr) : r.reason;
    };
    expect(tex('|x|')).toBe('\\left|x\\right|');
    expect(tex('floor(x)')).toBe('\\left\\lfloor x \\right\\rfloor');
    expect(tex('ceil(x/2)')).toBe('\\left\\lceil \\frac{x}{2} \\right\\rceil');
    expect(tex('max(x, 0)')).toBe('\\max\\left(x, 0\\right)');
    expect(tex('min(a, b, c)')).toBe('\\min\\left(a, b, c\\right)');
  });

  it('reads decimal literals as typed', () => {
    const r = parseExpr('0.50');
    expect(r.ok && r.expr.t === 'num' && r.expr.decimal).toEqual({ text: '0.50', places: 2, digits: 2 });
    const s = parseExpr('2.684e8');
    expect(s.ok && s.expr.t === 'num' && s.expr.decimal).toEqual({ text: '2.684e8', places: -5, digits: 4 });
  });
});
