import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { checkAnswer, generateInstance, renderPrompt, renderSteps, solveParams, verifyInstance } from '../../engine';
import { splitMath } from '../../lib/rich-text';
import { initVariance } from './init-variance';

const init = (scheme: string, quantity: string, fanIn = 512, fanOut = 2048) => ({ ask: 'init', scheme, quantity, fanIn, fanOut });

describe('init-variance', () => {
  it('gives Xavier, He and LeCun variances, standard deviations and uniform bounds', () => {
    expect(solveParams(initVariance, init('xavier', 'variance'))).toEqual({ value: 1 / 1280, exact: '1/1280' });
    expect(solveParams(initVariance, init('he', 'variance'))).toEqual({ value: 1 / 256, exact: '1/256' });
    expect(solveParams(initVariance, init('lecun', 'variance'))).toEqual({ value: 1 / 512, exact: '1/512' });
    expect(solveParams(initVariance, init('he', 'std'))).toEqual({ value: 1 / 16, exact: '1/16' });
    expect(solveParams(initVariance, init('lecun', 'std'))).toMatchObject({ exact: '1/32*sqrt(2)' });
    expect(solveParams(initVariance, init('xavier', 'bound', 100, 200))).toMatchObject({ value: expect.closeTo(Math.sqrt(6 / 300), 15), exact: '1/10*sqrt(2)' });
    expect(solveParams(initVariance, init('he', 'bound', 6, 1))).toEqual({ value: 1, exact: '1' });
  });

  it('gives Var(q·k) = d·σ_q²σ_k² and the standard deviation σ_qσ_k after dividing by √d', () => {
    expect(solveParams(initVariance, { ask: 'dot', d: 64, varQ: 1, varK: 1 })).toEqual({ variance: 64, std: 1, exact: { variance: '64', std: '1' } });
    expect(solveParams(initVariance, { ask: 'dot', d: 64, varQ: '1/2', varK: '2/3' })).toMatchObject({ exact: { variance: '64/3', std: '1/3*sqrt(3)' } });
    expect(solveParams(initVariance, { ask: 'dot', d: 10, varQ: 0.02, varK: 0.02 })).toMatchObject({ exact: { variance: '1/250', std: '1/50' } });
  });

  it('verifies from the defining conditions and the exact Rademacher law', async () => {
    for (const params of [
      init('xavier', 'bound'),
      init('he', 'std', 3, 7),
      init('lecun', 'variance', 10_000_000, 1),
      { ask: 'dot', d: 4096, varQ: '3/7', varK: 5 },
      { ask: 'dot', d: 1, varQ: 2, varK: 2 },
    ]) {
      expect(await verifyInstance(initVariance, params)).toMatchObject({ ok: true });
    }
  });

  it('validates params', () => {
    expect(() => solveParams(initVariance, { ...init('he', 'variance'), scheme: 'orthogonal' })).toThrow(/scheme must be one of/);
    expect(() => solveParams(initVariance, init('he', 'variance', 0))).toThrow(/fanIn must be between/);
    expect(() => solveParams(initVariance, { ask: 'dot', d: 5000, varQ: 1, varK: 1 })).toThrow(/d must be between/);
    expect(() => solveParams(initVariance, { ask: 'dot', d: 8, varQ: 0, varK: 1 })).toThrow(/varQ must be positive/);
    expect(() => solveParams(initVariance, { ask: 'dot', d: 8, varQ: 'x', varK: 1 })).toThrow(/varQ must be a number/);
    expect(() => solveParams(initVariance, { ask: 'dot', d: 8, varQ: 1, varK: 1, scheme: 'he' })).toThrow(/unknown param/);
  });

  it('recognises the classic confusions', () => {
    expect(checkAnswer(initVariance, init('he', 'variance'), '2/(512+2048)')).toMatchObject({ note: 'used-xavier-formula' });
    expect(checkAnswer(initVariance, init('xavier', 'variance'), '1/512')).toMatchObject({ note: 'used-lecun-formula' });
    expect(checkAnswer(initVariance, init('lecun', 'variance'), '1/2048')).toMatchObject({ note: 'used-fan-out' });
    expect(checkAnswer(initVariance, init('lecun', 'variance'), 'sqrt(1/512)')).toMatchObject({ note: 'gave-std' });
    expect(checkAnswer(initVariance, init('he', 'std'), 'sqrt(6/512)')).toMatchObject({ note: 'bound-is-not-std' });
    expect(checkAnswer(initVariance, { ask: 'dot', d: 64, varQ: 1, varK: 1 }, { variance: '64', std: 'sqrt(8)' })).toMatchObject({ note: 'divided-variance-by-sqrt-d' });
  });

  it('writes steps from the computation, and every formula renders with KaTeX', () => {
    expect(renderSteps(initVariance, init('xavier', 'bound', 256, 384), 'en')).toContain('\\sqrt{\\frac{3}{320}} = \\frac{1}{40} \\cdot \\sqrt{15}');
    expect(renderSteps(initVariance, { ask: 'dot', d: 512, varQ: '1/4', varK: 2 }, 'zh')).toContain('512\\cdot \\frac{1}{2} = 256');
    for (const level of initVariance.levels) {
      for (let seed = 0; seed < 20; seed++) {
        const { params } = generateInstance(initVariance, seed, level);
        for (const lang of ['en', 'zh'] as const) {
          for (const text of [renderPrompt(initVariance, params, lang), renderSteps(initVariance, params, lang)]) {
            for (const s of splitMath(text)) {
              if (s.kind !== 'text') expect(() => katex.renderToString(s.tex, { throwOnError: true, displayMode: s.kind === 'display' })).not.toThrow();
            }
          }
        }
      }
    }
  });
});
