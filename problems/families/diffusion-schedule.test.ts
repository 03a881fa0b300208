import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { answerTexts, checkAnswer, generateInstance, renderPrompt, renderSteps, solveParams, verifyInstance } from '../../engine';
import { splitMath } from '../../lib/rich-text';
import { diffusionSchedule as FAMILY, MAX_SENSITIVITY, sensitivity } from './diffusion-schedule';

const base = { T: 5, beta1: 0.1, betaT: 0.5, t: 3 };

describe('diffusion-schedule', () => {
  it('multiplies the α_s of a linear schedule exactly', () => {
    expect(solveParams(FAMILY, { ...base, ask: 'alpha-bar' })).toEqual({ alphaBar: 0.504, exactAlphaBar: '63/125' });
    expect(solveParams(FAMILY, { T: 4, beta1: 0.03, betaT: 0.12, t: 4, ask: 'alpha-bar' })).toMatchObject({ exactAlphaBar: '4563559/6250000' });
    expect(solveParams(FAMILY, { T: 1, beta1: '1/4', betaT: '1/4', t: 1, ask: 'alpha-bar' })).toMatchObject({ exactAlphaBar: '3/4' });
  });

  it('gives the coefficients as exact roots with square factors pulled out', () => {
    expect(answerTexts(FAMILY, { ...base, ask: 'coefficients' })).toEqual({ signal: '3*sqrt(35)/25', noise: 'sqrt(310)/25' });
    // ᾱ = 9/16: both coefficients rational.
    expect(answerTexts(FAMILY, { T: 2, beta1: '1/4', betaT: '1/4', t: 2, ask: 'coefficients' })).toEqual({ signal: '3/4', noise: 'sqrt(7)/4' });
    const sample = solveParams(FAMILY, { ...base, ask: 'sample', x0: '0.5', eps: '-1' });
    expect(sample.xt as number).toBeCloseTo(0.5 * Math.sqrt(0.504) - Math.sqrt(0.496), 14);
  });

  it('falls back to doubles beyond the exactness budget (the DDPM schedule, T = 1000)', async () => {
    const ddpm = { T: 1000, beta1: 0.0001, betaT: 0.02, t: 1000, ask: 'coefficients' };
    const a = solveParams(FAMILY, ddpm);
    expect(a.exactAlphaBar).toBeUndefined();
    expect(a.alphaBar as number).toBeCloseTo(4.0358e-5, 8);
    expect(await verifyInstance(FAMILY, ddpm)).toMatchObject({ ok: true });
    expect(checkAnswer(FAMILY, ddpm, { signal: '0.006353', noise: '0.99998' })).toMatchObject({ correct: true });
  });

  it('verifies by running the forward process step by step', async () => {
    for (const params of [
      { ...base, ask: 'sample', x0: '0.5', eps: '-1' },
      { T: 20, beta1: 0.001, betaT: 0.2, t: 20, ask: 'coefficients' },
      { T: 100, beta1: '1/7', betaT: '1/3', t: 90, ask: 'sample', x0: 0.5, eps: -1 },
    ]) {
      expect(await verifyInstance(FAMILY, params)).toMatchObject({ ok: true, method: expect.stringMatching(/step by step/) });
    }
  });

  it('validates params', () => {
    expect(() => solveParams(FAMILY, { ...base, betaT: 1, ask: 'alpha-bar' })).toThrow(/strictly between 0 and 1/);
    expect(() => solveParams(FAMILY, { ...base, beta1: 0, ask: 'alpha-bar' })).toThrow(/strictly between 0 and 1/);
    expect(() => solveParams(FAMILY, { ...base, t: 6, ask: 'alpha-bar' })).toThrow(/t must be between 1 and 5/);
    expect(() => solveParams(FAMILY, { ...base, T: 1001, ask: 'alpha-bar' })).toThrow(/T must be between/);
    expect(() => solveParams(FAMILY, { T: 1, beta1: 0.1, betaT: 0.2, t: 1, ask: 'alpha-bar' })).toThrow(/T = 1/);
    expect(() => solveParams(FAMILY, { ...base, ask: 'sample', x0: 0.5 })).toThrow(/needs x0 and eps/);
    expect(() => solveParams(FAMILY, { ...base, ask: 'alpha-bar', x0: 0.5, eps: 1 })).toThrow(/only used/);
    expect(() => solveParams(FAMILY, { ...base, ask: 'sample', x0: 1e6, eps: 1 })).toThrow(/x0 is too large/);
    expect(() => solveParams(FAMILY, { ...base, ask: 'denoise' })).toThrow(/ask must be one of/);
  });

  it('diagnoses the usual slips', () => {
    const easy = { ...base, ask: 'alpha-bar' };
    expect(checkAnswer(FAMILY, easy, '0.7')).toMatchObject({ note: 'alpha-not-product' });
    expect(checkAnswer(FAMILY, easy, '0.9*0.8*0.7*0.6')).toMatchObject({ note: 'off-by-one' });
    expect(checkAnswer(FAMILY, easy, '0.9*0.82*0.74')).toMatchObject({ note: 'step-over-t' });
    expect(checkAnswer(FAMILY, easy, '0.504')).toMatchObject({ correct: true });
    const medium = { ...base, ask: 'coefficients' };
    expect(checkAnswer(FAMILY, medium, { signal: '0.504', noise: '0.496' })).toMatchObject({ note: 'no-square-root' });
    expect(checkAnswer(FAMILY, medium, { signal: '0.7099', noise: '0.2901' })).toMatchObject({ note: 'noise-one-minus-signal', parts: { signal: { correct: true } } });
    const hard = { ...base, ask: 'sample', x0: '0.5', eps: '-1' };
    expect(checkAnswer(FAMILY, hard, 'sqrt(0.7)*0.5 - sqrt(0.3)')).toMatchObject({ note: 'single-step' });
    expect(checkAnswer(FAMILY, hard, '-0.35')).toMatchObject({ correct: false, note: 'imprecise' });
  });

  it('writes the schedule, the product and the variance check in the steps', () => {
    const en = renderSteps(FAMILY, { ...base, ask: 'coefficients' }, 'en');
    expect(en).toContain('\\dfrac{0.5 - 0.1}{4} = 0.1');
    expect(en).toContain('0.9 \\cdot 0.8 \\cdot 0.7 = 0.504');
    expect(en).toContain('v_{3} = 0.496$ — exactly $1 - \\bar\\alpha_{3}');
    expect(renderSteps(FAMILY, { ...base, ask: 'sample', x0: '0.5', eps: '-1' }, 'zh')).toContain('\\approx -0.349308');
    expect(renderPrompt(FAMILY, { ...base, ask: 'alpha-bar' }, 'en')).not.toContain('0.504');
  });

  it('renders every prompt and worked solution with KaTeX, in both languages', () => {
    for (const level of FAMILY.levels) {
      for (let seed = 0; seed < 20; seed++) {
        const { params } = generateInstance(FAMILY, seed, level);
        for (const lang of ['en', 'zh'] as const) {
          for (const text of [renderPrompt(FAMILY, params, lang), renderSteps(FAMILY, params, lang)]) {
            expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f]|undefined|NaN/);
            for (const s of splitMath(text)) {
              if (s.kind !== 'text') expect(() => katex.renderToString(s.tex, { throwOnError: true, displayMode: s.kind === 'display' })).not.toThrow();
            }
          }
        }
      }
    }
  });

  it('never prints "= \\approx" in the steps (v1 did in 16 of 26 medium/hard instances)', () => {
    for (const level of ['medium', 'hard'] as const) {
      for (let seed = 0; seed < 100; seed++) {
        const { params } = generateInstance(FAMILY, seed, level);
        for (const lang of ['en', 'zh'] as const) expect(renderSteps(FAMILY, params, lang)).not.toMatch(/=\s*\\approx/);
      }
    }
    const ddpm = renderSteps(FAMILY, { T: 1000, beta1: 0.0001, betaT: 0.02, t: 1000, ask: 'coefficients' }, 'en');
    expect(ddpm).not.toMatch(/=\s*\\approx/);
    expect(ddpm).toContain('\\approx \\sqrt{0.99996}');
  });

  it('generates only well-conditioned instances: 5 good digits of ᾱ_t are always accepted (v1 seed 2 hard was x₇ ≈ 0.371296 − 0.371983)', () => {
    const five = (x: number) => Number(x.toPrecision(5));
    for (const level of ['medium', 'hard'] as const) {
      for (let seed = 0; seed < 300; seed++) {
        const { params } = generateInstance(FAMILY, seed, level);
        expect(sensitivity(params as never)).toBeLessThanOrEqual(MAX_SENSITIVITY);
        const ab = five((solveParams(FAMILY, params) as { alphaBar: number }).alphaBar);
        const p = params as { x0?: string; eps?: string };
        const answer =
          level === 'medium'
            ? { signal: String(Math.sqrt(ab)), noise: String(Math.sqrt(1 - ab)) }
            : String(Math.sqrt(ab) * Number(p.x0) + Math.sqrt(1 - ab) * Number(p.eps));
        expect(checkAnswer(FAMILY, params, answer), `${level} seed ${seed}: ${JSON.stringify(params)}`).toMatchObject({ correct: true });
      }
    }
    // The v1 instance (seed 2, hard) stays valid params, but its sensitivity is far past the bound.
    const v1 = { T: 11, beta1: 0.006, betaT: 0.056, t: 7, ask: 'sample' as const, x0: '0.4', eps: '-1' };
    expect(solveParams(FAMILY, v1).xt as number).toBeCloseTo(-0.00068686, 7);
    expect(sensitivity(v1)).toBeGreaterThan(1000);
    expect(generateInstance(FAMILY, 2, 'hard').params).not.toEqual(v1);
  });
});
