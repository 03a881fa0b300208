import { describe, expect, it } from 'vitest';
import { bi, fill, fillSteps, template, type StepLine } from './index';

describe('templates', () => {
  const ratio = template('Ratio: ${{r}}${{iNd}}.', '比值：${{r}}${{iNd}}。');
  const iNd = template(', i.e. $n/{{d}}$', '，即 $n/{{d}}$');

  it('fill both languages from one values object, clauses and words included', () => {
    const values = { r: '\\frac{1}{2}', iNd, d: 64 };
    expect(fill(ratio, values, 'en')).toBe('Ratio: $\\frac{1}{2}$, i.e. $n/64$.');
    expect(fill(ratio, values, 'zh')).toBe('比值：$\\frac{1}{2}$，即 $n/64$。');
    expect(fill(ratio, { ...values, iNd: '' }, 'en')).toBe('Ratio: $\\frac{1}{2}$.');
    expect(fill(template('{{list}}', '{{list}}'), { list: bi('a, b', 'a、b') }, 'zh')).toBe('a、b');
    expect(fill(template('$x = {{x}}$ costs $5', '$x = {{x}}$'), { x: 10n ** 20n }, 'en')).toBe('$x = 100000000000000000000$ costs $5');
  });

  it('refuse slots one language lacks, and slots with no value', () => {
    expect(() => template('{{a}} and {{b}}', '{{a}}')).toThrow(/zh lacks \{\{b\}\}/);
    expect(() => fill(ratio, { r: 1 }, 'en')).toThrow(/\{\{iNd\}\} has no value/);
    expect(() => fill(ratio, { r: 1, iNd: template('{{missing}}', '{{missing}}') }, 'zh')).toThrow(/\{\{missing\}\}/);
  });

  it('number worked steps and leave out absent lines', () => {
    const lines: StepLine[] = [template('$a = {{a}}$.', '$a = {{a}}$。'), false, '$$b = {{b}}$$', null];
    expect(fillSteps(lines, { a: 1, b: 2 }, 'en')).toBe('1. $a = 1$.\n2. $$b = 2$$');
    expect(fillSteps(lines, { a: 1, b: 2 }, 'zh')).toBe('1. $a = 1$。\n2. $$b = 2$$');
  });
});
