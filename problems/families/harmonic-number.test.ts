import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { checkAnswer, generateInstance, renderPrompt, renderSteps, solveParams, verifyInstance } from '../../engine';
import { splitMath } from '../../lib/rich-text';
import { harmonicNumber } from './harmonic-number';

describe('harmonic-number', () => {
  it('gives H_n as a reduced fraction', () => {
    expect(solveParams(harmonicNumber, { ask: 'exact', n: 1 })).toEqual({ value: 1, exact: '1' });
    expect(solveParams(harmonicNumber, { ask: 'exact', n: 4 })).toEqual({ value: 25 / 12, exact: '25/12' });
    expect(solveParams(harmonicNumber, { ask: 'exact', n: 30 })).toMatchObject({ exact: '9304682830147/2329089562800' });
    expect(String(solveParams(harmonicNumber, { ask: 'exact', n: 500 }).exact).length).toBeLessThan(500);
  });

  it('gives the error of ln n + γ, close to 1/(2n) − 1/(12n²)', () => {
    const at10 = solveParams(harmonicNumber, { ask: 'error', n: 10 }).value as number;
    expect(at10).toBeCloseTo(7381 / 2520 - Math.log(10) - 0.5772156649015329, 14);
    for (const n of [101, 1000, 10_000_000]) {
      const value = solveParams(harmonicNumber, { ask: 'error', n }).value as number;
      expect(Math.abs(value / (1 / (2 * n) - 1 / (12 * n * n) + 1 / (120 * n ** 4)) - 1)).toBeLessThan(1e-10);
    }
  });

  it('finds the smallest n with H_n > t, exactly at ties', () => {
    expect(solveParams(harmonicNumber, { ask: 'threshold', t: 10 })).toEqual({ value: 12_367 });
    expect(solveParams(harmonicNumber, { ask: 'threshold', t: 0 })).toEqual({ value: 1 });
    expect(solveParams(harmonicNumber, { ask: 'threshold', t: 1 })).toEqual({ value: 2 });
    expect(solveParams(harmonicNumber, { ask: 'threshold', t: '3/2' })).toEqual({ value: 3 });
    expect(solveParams(harmonicNumber, { ask: 'threshold', t: '25/12' })).toEqual({ value: 5 });
    expect(solveParams(harmonicNumber, { ask: 'threshold', t: 15 })).toEqual({ value: 1_835_421 });
  });

  it('verifies by other groupings, compensated sums and the Euler–Maclaurin enclosure', async () => {
    for (const params of [
      { ask: 'exact', n: 500 },
      { ask: 'error', n: 3 },
      { ask: 'error', n: 10_000_000 },
      { ask: 'threshold', t: '25/12' },
      { ask: 'threshold', t: 15 },
      { ask: 'threshold', t: '0.5' },
    ]) {
      expect(await verifyInstance(harmonicNumber, params)).toMatchObject({ ok: true });
    }
  });

  it('validates and caps params', () => {
    expect(() => solveParams(harmonicNumber, { ask: 'exact', n: 501 })).toThrow(/n must be between 1 and 500/);
    expect(() => solveParams(harmonicNumber, { ask: 'error', n: 0 })).toThrow(/n must be between/);
    expect(() => solveParams(harmonicNumber, { ask: 'threshold', t: 16 })).toThrow(/too large/);
    expect(() => solveParams(harmonicNumber, { ask: 'threshold', t: -1 })).toThrow(/between 0 and 15/);
    expect(() => solveParams(harmonicNumber, { ask: 'threshold', t: '1e999' })).toThrow();
    expect(() => solveParams(harmonicNumber, { ask: 'threshold', n: 3 })).toThrow(/unknown param "n"/);
    expect(() => solveParams(harmonicNumber, { ask: 'sum', n: 3 })).toThrow(/ask must be one of/);
  });

  it('names the usual slips', () => {
    expect(checkAnswer(harmonicNumber, { ask: 'exact', n: 4 }, '137/60')).toMatchObject({ note: 'off-by-one-term' });
    expect(checkAnswer(harmonicNumber, { ask: 'error', n: 10 }, '-0.04917')).toMatchObject({ note: 'sign-error' });
    expect(checkAnswer(harmonicNumber, { ask: 'threshold', t: 10 }, '12367')).toMatchObject({ correct: true });
    expect(checkAnswer(harmonicNumber, { ask: 'threshold', t: 8 }, String(Math.round(Math.exp(8))))).toMatchObject({ note: 'threshold-forgot-gamma' });
    expect(checkAnswer(harmonicNumber, { ask: 'error', n: 10 }, '1/20 - 1/1200', { lang: 'zh' })).toMatchObject({ correct: true });
  });

  it('writes steps from the computation, and every formula renders with KaTeX', () => {
    expect(renderSteps(harmonicNumber, { ask: 'exact', n: 6 }, 'en')).toContain('\\frac{60 + 30 + 20 + 15 + 12 + 10}{60} = \\frac{147}{60}');
    expect(renderSteps(harmonicNumber, { ask: 'exact', n: 6 }, 'en')).toContain('Cancel the common factor $3$');
    expect(renderSteps(harmonicNumber, { ask: 'threshold', t: 10 }, 'en')).toContain('$H_{12366} \\approx 9.999962');
    expect(renderPrompt(harmonicNumber, { ask: 'threshold', t: 10 }, 'en')).not.toContain('12367');
    for (const level of harmonicNumber.levels) {
      for (let seed = 0; seed < 20; seed++) {
        const { params } = generateInstance(harmonicNumber, seed, level);
        for (const lang of ['en', 'zh'] as const) {
          for (const text of [renderPrompt(harmonicNumber, params, lang), renderSteps(harmonicNumber, params, lang)]) {
            for (const s of splitMath(text)) {
              if (s.kind !== 'text') expect(() => katex.renderToString(s.tex, { throwOnError: true, displayMode: s.kind === 'display' })).not.toThrow();
            }
          }
        }
      }
    }
  });
});
