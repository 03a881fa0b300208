import { describe, expect, it } from 'vitest';
import { checkAnswer, InvalidParamsError, renderPrompt, renderSteps, solveParams, verifyInstance } from '../../engine';
import { randomWalk } from './random-walk';

describe('random-walk', () => {
  it('solves exactly for rational p', () => {
    expect(solveParams(randomWalk, { n: 10, k: 4, p: '1/3' })).toEqual({ value: 320 / 19683, exact: '320/19683' });
    expect(solveParams(randomWalk, { n: 10, k: 4, p: 0.3 })).toEqual({ value: 0.009001692, exact: '2250423/250000000' });
    expect(solveParams(randomWalk, { n: 5, k: 2, p: '1/2' })).toEqual({ value: 0, exact: '0' });
    expect(solveParams(randomWalk, { n: 3, k: 7, p: '1/2' })).toEqual({ value: 0, exact: '0' });
    expect(solveParams(randomWalk, { n: 0, k: 0, p: '1/2' })).toEqual({ value: 1, exact: '1' });
    expect(solveParams(randomWalk, { n: 4, k: 4, p: 1 })).toEqual({ value: 1, exact: '1' });
    expect(solveParams(randomWalk, { n: 4, k: 2, p: 0 })).toEqual({ value: 0, exact: '0' });
  });

  it('handles large n without overflow', () => {
    const big = solveParams(randomWalk, { n: 20_000, k: 0, p: '1/2' });
    expect(big.value as number).toBeCloseTo(Math.sqrt(2 / (Math.PI * 20_000)), 6);
    const tiny = solveParams(randomWalk, { n: 20_000, k: 20_000, p: '1/3' });
    expect(tiny).toEqual({ value: 0 });
    const mid = solveParams(randomWalk, { n: 4000, k: 200, p: '2/5' });
    expect(Number.isFinite(mid.value as number)).toBe(true);
    expect(String(mid.exact)).toMatch(/^\d+\/\d+$/);
  });

  it('verifies by an independent route at every size', async () => {
    for (const params of [{ n: 30, k: 4, p: '3/7' }, { n: 2000, k: 40, p: '1/3' }, { n: 20_000, k: 100, p: 0.5 }]) {
      expect(await verifyInstance(randomWalk, params)).toMatchObject({ ok: true });
    }
  });

  it('validates params', () => {
    expect(() => solveParams(randomWalk, { n: 4, k: 2, p: 1.5 })).toThrow(InvalidParamsError);
    expect(() => solveParams(randomWalk, { n: -1, k: 0, p: '1/2' })).toThrow(/n must be between/);
    // Regression (issue 18): n = 1,000,000 took 78 s in /practice/check; verify's DP is O(n²).
    expect(() => solveParams(randomWalk, { n: 1_000_000, k: 0, p: '1/2' })).toThrow(/n must be between 0 and 20000/);
    expect(() => solveParams(randomWalk, { n: 4, k: 2, p: 'x' })).toThrow(/fraction/);
    expect(() => solveParams(randomWalk, { n: 4, k: 2 })).toThrow(/missing param p/);
    expect(() => solveParams(randomWalk, { n: 4, k: 2, p: '1/2', q: 1 })).toThrow(/unknown param "q"/);
  });

  it('diagnoses common mistakes', () => {
    const params = { n: 10, k: 4, p: '1/3' };
    expect(checkAnswer(randomWalk, params, '(1/3)^7*(2/3)^3')).toMatchObject({ note: 'missing-binomial-coefficient' });
    expect(checkAnswer(randomWalk, params, 'C(10,4)*(1/3)^4*(2/3)^6')).toMatchObject({ note: 'k-as-up-steps' });
    expect(checkAnswer(randomWalk, params, 'C(10,7)*(2/3)^7*(1/3)^3')).toMatchObject({ note: 'p-q-swapped' });
  });

  it('writes the worked steps from the computation, in both languages', () => {
    const en = renderSteps(randomWalk, { n: 10, k: 4, p: '1/3' }, 'en');
    expect(en).toContain('a = 7');
    expect(en).toContain('\\binom{10}{7} = 120');
    expect(en).toContain('\\frac{320}{19683}');
    expect(renderSteps(randomWalk, { n: 5, k: 2, p: '1/2' }, 'zh')).toContain('奇偶性');
    expect(renderPrompt(randomWalk, { n: 10, k: 4, p: '1/3' }, 'zh')).toContain('随机游走');
  });
});
