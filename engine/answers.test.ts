import { describe, expect, it } from 'vitest';
import { compareNumber, DEFAULT_TOLERANCE, EXACT_ONLY, parsePart, type AnswerPart } from './answers';
import { Expression, previewAnswer, same } from './index';

const label = same('x');
const num = (s: string) => Expression.parse(s);

describe('number comparison policy', () => {
  it('compares exact forms exactly', () => {
    expect(compareNumber(num('2/sqrt(5)'), num('2*sqrt(5)/5'))).toEqual({ correct: true });
    expect(compareNumber(num('3/5'), num('0.6'))).toEqual({ correct: true });
    expect(compareNumber(num('pi'), num('22/7'))).toEqual({ correct: false, note: 'imprecise' });
    expect(compareNumber(num('1/3'), num('333/1000'))).toEqual({ correct: false, note: 'imprecise' });
  });

  it('accepts decimals within 1e-4 relative or correctly rounded with ≥ 3 significant digits', () => {
    expect(compareNumber(num('2/sqrt(5)'), num('0.894'))).toEqual({ correct: true });
    expect(compareNumber(num('2/sqrt(5)'), num('0.8944'))).toEqual({ correct: true });
    expect(compareNumber(num('2/sqrt(5)'), num('0.89443'))).toEqual({ correct: true });
    expect(compareNumber(num('2/sqrt(5)'), num('0.895'))).toEqual({ correct: false, note: 'imprecise' });
    expect(compareNumber(num('2/sqrt(5)'), num('0.89'))).toEqual({ correct: false, note: 'imprecise' });
    expect(compareNumber(num('2/sqrt(5)'), num('0.7'))).toEqual({ correct: false });
    expect(compareNumber(num('-2/sqrt(5)'), num('-0.894'))).toEqual({ correct: true });
    expect(compareNumber(num('1/3'), num('0.33333'))).toEqual({ correct: true });
    expect(compareNumber(num('0'), num('0.00001'))).toEqual({ correct: false });
  });

  it('judges an exact expression for a decimal-tolerance answer by its value', () => {
    // The expected value is a decimal (e.g. a value involving γ or a Monte Carlo reading).
    expect(compareNumber(num('0.894427191'), num('2*sqrt(5)/5'))).toEqual({ correct: true });
    expect(compareNumber(num('0.894427191'), num('2/sqrt(5)'))).toEqual({ correct: true });
    expect(compareNumber(num('pi'), num('355/113'))).toEqual({ correct: true });
    expect(compareNumber(num('0.894427191'), num('9/10'))).toEqual({ correct: false, note: 'imprecise' });
    expect(compareNumber(num('0.894427191'), num('2*sqrt(5)/5'), EXACT_ONLY)).toEqual({ correct: false, note: 'imprecise' });
  });

  it('evaluates |x|, floor, ceil, max and min in number answers', () => {
    expect(compareNumber(num('3'), num('|-3|'))).toEqual({ correct: true });
    expect(compareNumber(num('3'), num('floor(7/2)'), EXACT_ONLY)).toEqual({ correct: true });
    expect(compareNumber(num('-3'), num('floor(-5/2)'), EXACT_ONLY)).toEqual({ correct: true });
    expect(compareNumber(num('2'), num('ceil(sqrt(2))'), EXACT_ONLY)).toEqual({ correct: true });
    expect(compareNumber(num('sqrt(2)'), num('max(1, sqrt(2), 7/5)'), EXACT_ONLY)).toEqual({ correct: true });
    expect(compareNumber(num('1'), num('min(1, sqrt(2))'), EXACT_ONLY)).toEqual({ correct: true });
    expect(compareNumber(num('3'), num('floor(10^20 + 1/2) - 10^20 + 3'), EXACT_ONLY)).toEqual({ correct: true });
  });

  it('exact-only parts accept no approximation', () => {
    expect(compareNumber(num('268435456'), num('2.68435456e8'), EXACT_ONLY)).toEqual({ correct: true });
    expect(compareNumber(num('268435456'), num('2.684e8'), EXACT_ONLY)).toEqual({ correct: false, note: 'imprecise' });
    expect(compareNumber(num('268435456'), num('2.684e8'), DEFAULT_TOLERANCE)).toEqual({ correct: true });
  });
});

describe('parsePart', () => {
  const vector: AnswerPart = { kind: 'vector', name: 'x', label, length: 3 };
  const matrix: AnswerPart = { kind: 'matrix', name: 'M', label, rows: 2, cols: 2 };
  const number: AnswerPart = { kind: 'number', name: 'value', label };
  const expression: AnswerPart = { kind: 'expression', name: 'f', label, variables: ['x', 'y'] };
  const choice: AnswerPart = { kind: 'choice', name: 'c', label, choices: [{ id: 'linear', label: same('Linear') }, { id: 'quadratic', label: same('Quadratic') }] };

  it('checks shapes', () => {
    expect(parsePart(vector, '[1, 2]')).toMatchObject({ ok: false, reason: 'wrong-shape', message: { en: 'expected a vector of 3 numbers' } });
    expect(parsePart(vector, '[1, 2, 3]')).toMatchObject({ ok: true, given: { kind: 'vector', approx: [1, 2, 3] } });
    expect(parsePart(vector, '[[1], [2], [3]]')).toMatchObject({ ok: true, given: { approx: [1, 2, 3] } });
    expect(parsePart(vector, '[[1, 2, 3]]')).toMatchObject({ ok: true, given: { approx: [1, 2, 3] } });
    expect(parsePart(vector, '7')).toMatchObject({ ok: false, reason: 'wrong-shape' });
    expect(parsePart(matrix, '[[1,2],[3,4]]')).toMatchObject({ ok: true, given: { approx: [[1, 2], [3, 4]] } });
    expect(parsePart(matrix, '[[1,2],[3]]')).toMatchObject({ ok: false, reason: 'wrong-shape' });
    expect(parsePart(number, '[1]')).toMatchObject({ ok: false, reason: 'wrong-shape' });
    expect(parsePart(number, 0.25)).toMatchObject({ ok: true, given: { approx: 0.25 } });
  });

  it('refuses values that are not real numbers', () => {
    expect(parsePart(number, '1/0')).toMatchObject({ ok: false, reason: 'not-real' });
    expect(parsePart(number, 'sqrt(-4)')).toMatchObject({ ok: false, reason: 'not-real' });
    expect(parsePart(number, 'log(0)')).toMatchObject({ ok: false, reason: 'not-real' });
    expect(parsePart(number, '(-4)^(1/2)')).toMatchObject({ ok: false, reason: 'not-real' });
    expect(parsePart(number, '(-8)^(1/3)')).toMatchObject({ ok: true, given: { approx: -2 } });
  });

  it('reads expressions in the declared variables and choices by id or label', () => {
    expect(parsePart(expression, 'x*y + 1')).toMatchObject({ ok: true });
    expect(parsePart(expression, 'x*z')).toMatchObject({ ok: false, reason: 'unknown-symbol', message: { en: 'unknown symbol z' } });
    expect(parsePart(choice, ' Linear ')).toMatchObject({ ok: true, given: { value: 'linear' } });
    expect(parsePart(choice, 'cubic')).toMatchObject({ ok: false });
  });
});

describe('previewAnswer', () => {
  it('renders what was understood, or says why not', () => {
    expect(previewAnswer('1/2x', 'expression')).toEqual({ ok: true, tex: '\\frac{1}{2} \\cdot x' });
    expect(previewAnswer('[1, -2]', 'vector')).toEqual({ ok: true, tex: '\\left[1,\\ -2\\right]' });
    expect(previewAnswer('1:9', 'number')).toEqual({ ok: false, reason: 'bad-character', message: 'unexpected character ":"' });
    expect(previewAnswer('x + 1', 'number')).toMatchObject({ ok: false, reason: 'unknown-symbol' });
    expect(previewAnswer('[1,2]', 'number')).toMatchObject({ ok: false, reason: 'wrong-shape' });
    expect(previewAnswer('none', 'number', { noneAllowed: true })).toEqual({ ok: true, tex: '\\text{none}' });
    expect(previewAnswer('|x-1| + floor(x)', 'expression')).toEqual({ ok: true, tex: '\\left|x - 1\\right| + \\left\\lfloor x \\right\\rfloor' });
    expect(previewAnswer('max(1, 2)', 'number')).toEqual({ ok: true, tex: '\\max\\left(1, 2\\right)' });
    const hostile = Array.from({ length: 60 }, (_, i) => `(1+${i + 1}e-300)^(1e300)`).join('+');
    expect(previewAnswer(hostile, { kind: 'number', name: 'value', label })).toMatchObject({ ok: false, reason: 'undecided' });
    expect(previewAnswer('w', { kind: 'expression', name: 'f', label, variables: ['x'] }, { lang: 'zh' })).toEqual({
      ok: false,
      reason: 'unknown-symbol',
      message: '未知符号 w',
    });
  });
});
