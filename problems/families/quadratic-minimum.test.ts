import { describe, expect, it } from 'vitest';
import { checkAnswer, renderSteps, solveParams, verifyInstance } from '../../engine';
import { quadraticMinimum } from './quadratic-minimum';

describe('quadratic-minimum', () => {
  it('finds the minimiser x* = −½A⁻¹b and f(x*) exactly', () => {
    expect(solveParams(quadraticMinimum, { A: [[2, 1], [1, 2]], b: [1, 0], c: 0 })).toEqual({
      exists: true,
      x: [-1 / 3, 1 / 6],
      value: -1 / 6,
      exact: { x: ['-1/3', '1/6'], value: '-1/6' },
    });
    expect(solveParams(quadraticMinimum, { A: [['1/2']], b: ['1/3'], c: '0.25' })).toMatchObject({ exact: { x: ['-1/3'], value: '7/36' } });
  });

  it('reports no minimum unless A is positive definite', () => {
    const none = { exists: false };
    expect(solveParams(quadraticMinimum, { A: [[1, 2], [2, 1]], b: [0, 0], c: 0 })).toEqual(none);
    expect(solveParams(quadraticMinimum, { A: [[-1, 0], [0, -2]], b: [0, 0], c: 0 })).toEqual(none);
    expect(solveParams(quadraticMinimum, { A: [[1, 1], [1, 1]], b: [0, 0], c: 0 })).toEqual(none);
    expect(solveParams(quadraticMinimum, { A: [[0, 0], [0, 1]], b: [1, 0], c: 0 })).toEqual(none);
    expect(solveParams(quadraticMinimum, { A: [[0]], b: [0], c: 0 })).toEqual(none);
  });

  it('verifies both cases independently', async () => {
    for (const params of [
      { A: [[4, -3, 3], [-3, 5, -3], [3, -3, 3]], b: [16, -26, 18], c: -1 },
      { A: [[1, 2], [2, 1]], b: [1, 1], c: 0 },
      { A: [[1, 1], [1, 1]], b: [1, -1], c: 0 },
    ]) {
      expect(await verifyInstance(quadraticMinimum, params)).toMatchObject({ ok: true });
    }
  });

  it('validates params', () => {
    expect(() => solveParams(quadraticMinimum, { A: [[1, 2], [3, 4]], b: [0, 0], c: 0 })).toThrow(/symmetric/);
    expect(() => solveParams(quadraticMinimum, { A: [[1, 0], [0, 1]], b: [0], c: 0 })).toThrow(/b must have 2 entries/);
    expect(() => solveParams(quadraticMinimum, { A: [[1, 0]], b: [0], c: 0 })).toThrow(/square/);
    expect(() => solveParams(quadraticMinimum, { A: Array.from({ length: 7 }, () => new Array(7).fill(0)), b: new Array(7).fill(0), c: 0 })).toThrow(/size 1 to 6/);
    expect(() => solveParams(quadraticMinimum, { A: [[1e300]], b: [0], c: 0 })).toThrow(/too large/);
  });

  it('diagnoses the missing ½ and the none/some confusion', () => {
    const params = { A: [[1, 0], [0, 2]], b: [-2, -8], c: 3 };
    expect(checkAnswer(quadraticMinimum, params, { x: '[2, 4]', value: '0' })).toMatchObject({ correct: false, note: 'missing-half' });
    expect(checkAnswer(quadraticMinimum, params, 'none')).toMatchObject({ correct: false, note: 'minimum-exists' });
    expect(checkAnswer(quadraticMinimum, params, { x: '[1, 2]', value: '-6' }, { lang: 'zh' })).toMatchObject({ correct: true, message: '正确。' });
    expect(checkAnswer(quadraticMinimum, params, { x: '[1, 2]', value: '-5' })).toMatchObject({ correct: false, note: 'value-wrong', parts: { x: { correct: true }, value: { correct: false } } });
    expect(checkAnswer(quadraticMinimum, params, '{"x":"[1,2]","value":"-6"}')).toMatchObject({ correct: true });
    expect(checkAnswer(quadraticMinimum, params, '[1,2]')).toMatchObject({ kind: 'invalid', reason: 'missing-part' });
    const saddle = { A: [[1, 2], [2, 1]], b: [0, 0], c: 0 };
    expect(checkAnswer(quadraticMinimum, saddle, { x: 'none', value: 'none' })).toMatchObject({ correct: true });
    expect(checkAnswer(quadraticMinimum, saddle, '无')).toMatchObject({ correct: true });
  });

  it('explains both outcomes in the steps', () => {
    expect(renderSteps(quadraticMinimum, { A: [[1, 0], [0, 2]], b: [-2, -8], c: 3 }, 'en')).toContain('= -6');
    const none = renderSteps(quadraticMinimum, { A: [[1, 2], [2, 1]], b: [0, 0], c: 0 }, 'en');
    expect(none).toContain('not positive definite');
    expect(none).toContain('\\to -\\infty');
    expect(renderSteps(quadraticMinimum, { A: [[1, 1], [1, 1]], b: [0, 0], c: 0 }, 'zh')).toContain('没有唯一的最小值点');
  });
});
