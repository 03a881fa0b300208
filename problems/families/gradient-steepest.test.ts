import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { checkAnswer, generateInstance, renderPrompt, renderSteps, solveParams, verifyInstance } from '../../engine';
import { splitMath } from '../../lib/rich-text';
import { gradientSteepest } from './gradient-steepest';

const f = 'x^2 + 3*x*y';

describe('gradient-steepest', () => {
  it('computes the gradient, its length and the steepest-descent direction exactly', () => {
    expect(solveParams(gradientSteepest, { f, point: [1, 2], ask: 'gradient' })).toEqual({ value: [8, 3], exact: ['8', '3'] });
    expect(solveParams(gradientSteepest, { f, point: [1, 2], ask: 'rate' })).toEqual({ value: Math.sqrt(73), exact: 'sqrt(73)' });
    expect(solveParams(gradientSteepest, { f: 'x^2*y + 3*y', point: [1, 2], ask: 'rate' })).toMatchObject({ exact: '4*sqrt(2)' });
    expect(solveParams(gradientSteepest, { f: 'x*y*z', point: [1, 2, 3], ask: 'rate' })).toMatchObject({ exact: '7' });
    expect(solveParams(gradientSteepest, { f: '3*x + 4*y', point: [0, 0], ask: 'descent' })).toEqual({ value: [-0.6, -0.8], exact: ['-3/5', '-4/5'] });
    expect(solveParams(gradientSteepest, { f: 'exp(x*y)', point: [1, 1], ask: 'rate' })).toMatchObject({ value: Math.E * Math.SQRT2 });
    expect(solveParams(gradientSteepest, { f: 'x^2 + y^2', point: [0, 0], ask: 'rate' })).toMatchObject({ value: 0, exact: '0' });
  });

  it('verifies by finite differences and sampled directional derivatives', async () => {
    for (const params of [
      { f, point: [1, 2], ask: 'rate' },
      { f: 'x*y*exp(z) + y^2', point: [1, -2, 0], ask: 'descent' },
      { f: 'ln(1 + x^2 + y^2 + z^2)', point: [1, 2, -1], ask: 'rate' },
      { f: 'sin(3*x + y) + x*y', point: ['1/2', 0], ask: 'gradient' },
    ]) {
      expect(await verifyInstance(gradientSteepest, params)).toMatchObject({ ok: true });
    }
  });

  it('refuses params without an answer', () => {
    expect(() => solveParams(gradientSteepest, { f: 'x^2 + y^2', point: [0, 0], ask: 'descent' })).toThrow(/gradient is zero/);
    expect(() => solveParams(gradientSteepest, { f: 'abs(x) + y', point: [0, 1], ask: 'gradient' })).toThrow(/differentiable/);
    expect(() => solveParams(gradientSteepest, { f: 'ln(x)', point: [-1, 1], ask: 'rate' })).toThrow(/defined/);
    expect(() => solveParams(gradientSteepest, { f: 'x*z', point: [1, 1], ask: 'rate' })).toThrow(/uses z/);
    expect(() => solveParams(gradientSteepest, { f, point: [1, 2], ask: 'hessian' })).toThrow(/ask must be one of/);
    expect(() => solveParams(gradientSteepest, { f: 'x+'.repeat(300) + 'x', point: [1, 2], ask: 'rate' })).toThrow(/too/);
    expect(() => solveParams(gradientSteepest, { f: 'exp(exp(exp(x)))', point: [5, 0], ask: 'rate' })).toThrow();
  });

  it('names the usual mistakes', () => {
    expect(checkAnswer(gradientSteepest, { f, point: [1, 2], ask: 'rate' }, '73')).toMatchObject({ note: 'gave-squared-norm' });
    expect(checkAnswer(gradientSteepest, { f, point: [1, 2], ask: 'rate' }, '11')).toMatchObject({ note: 'summed-partials' });
    expect(checkAnswer(gradientSteepest, { f, point: [1, 2], ask: 'rate' }, '8')).toMatchObject({ note: 'used-one-partial' });
    expect(checkAnswer(gradientSteepest, { f, point: [1, 2], ask: 'descent' }, '[0.9363, 0.3511]')).toMatchObject({ note: 'ascent-direction' });
    expect(checkAnswer(gradientSteepest, { f, point: [1, 2], ask: 'descent' }, '[-8, -3]')).toMatchObject({ note: 'not-normalised' });
    expect(checkAnswer(gradientSteepest, { f, point: [1, 2], ask: 'gradient' }, '[[8], [3]]')).toMatchObject({ correct: true });
    expect(checkAnswer(gradientSteepest, { f, point: [1, 2], ask: 'gradient' }, '[8; 3]')).toMatchObject({ kind: 'invalid', reason: 'bad-character' });
  });

  it('writes steps from the computation, and every formula renders with KaTeX', () => {
    const steps = renderSteps(gradientSteepest, { f, point: [1, 2], ask: 'descent' }, 'en');
    expect(steps).toContain('\\nabla f(P) = \\left(8,\\ 3\\right)');
    expect(steps).toContain('\\sqrt{73}');
    expect(renderPrompt(gradientSteepest, { f, point: [1, 2], ask: 'rate' }, 'zh')).toContain('最大增长率');
    for (const level of gradientSteepest.levels) {
      for (let seed = 0; seed < 20; seed++) {
        const { params } = generateInstance(gradientSteepest, seed, level);
        for (const lang of ['en', 'zh'] as const) {
          for (const text of [renderPrompt(gradientSteepest, params, lang), renderSteps(gradientSteepest, params, lang)]) {
            for (const s of splitMath(text)) {
              if (s.kind !== 'text') expect(() => katex.renderToString(s.tex, { throwOnError: true, displayMode: s.kind === 'display' })).not.toThrow();
            }
          }
        }
      }
    }
  });
});
