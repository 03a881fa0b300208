import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { checkAnswer, generateInstance, renderPrompt, renderSteps, solveParams, verifyInstance } from '../../engine';
import { splitMath } from '../../lib/rich-text';
import { attentionCrossover } from './attention-crossover';

describe('attention-crossover', () => {
  it('finds the smallest n with 4n·d·d_v < 2n²(d + d_v)', () => {
    expect(solveParams(attentionCrossover, { d: 64, dv: 64, ask: 'crossover' })).toEqual({ value: 65, threshold: '64' });
    expect(solveParams(attentionCrossover, { d: 64, dv: 128, ask: 'crossover' })).toEqual({ value: 86, threshold: '256/3' });
    expect(solveParams(attentionCrossover, { d: 1, dv: 1, ask: 'crossover' })).toMatchObject({ value: 2 });
    expect(solveParams(attentionCrossover, { d: 1, dv: 16_384, ask: 'crossover' })).toMatchObject({ value: 2 });
  });

  it('gives the cost ratio n(d + d_v)/(2d·d_v)', () => {
    expect(solveParams(attentionCrossover, { d: 64, dv: 64, ask: 'ratio', n: 1024 })).toMatchObject({ value: 16, exactRatio: '16' });
    expect(solveParams(attentionCrossover, { d: 64, dv: 128, ask: 'both', n: 1000 })).toMatchObject({ n: 86, ratio: 11.71875, exactRatio: '375/32' });
    expect(solveParams(attentionCrossover, { d: 128, dv: 128, ask: 'ratio', n: 32 })).toMatchObject({ exactRatio: '1/4' });
  });

  it('verifies by scanning traced FLOP counts, up to the size caps', async () => {
    for (const params of [
      { d: 64, dv: 128, ask: 'both', n: 1000 },
      { d: 16_384, dv: 16_383, ask: 'crossover' },
      { d: 7, dv: 3, ask: 'ratio', n: 10_000_000 },
    ]) {
      expect(await verifyInstance(attentionCrossover, params)).toMatchObject({ ok: true });
    }
  });

  it('validates params', () => {
    expect(() => solveParams(attentionCrossover, { d: 64, dv: 64, ask: 'ratio' })).toThrow(/missing param n/);
    expect(() => solveParams(attentionCrossover, { d: 64, dv: 64, ask: 'crossover', n: 5 })).toThrow(/not used/);
    expect(() => solveParams(attentionCrossover, { d: 0, dv: 64, ask: 'crossover' })).toThrow(/d must be between/);
    expect(() => solveParams(attentionCrossover, { d: 64, dv: 1e9, ask: 'crossover' })).toThrow(/dv must be between/);
    expect(() => solveParams(attentionCrossover, { d: 64, dv: 64, ask: 'cubic' })).toThrow(/ask must be one of/);
    expect(() => solveParams(attentionCrossover, { d: '64', dv: 64, ask: 'crossover' })).toThrow(/integer/);
    expect(() => solveParams(attentionCrossover, [1, 2])).toThrow(/object/);
  });

  it('diagnoses the usual slips', () => {
    const uneven = { d: 64, dv: 128, ask: 'crossover' };
    expect(checkAnswer(attentionCrossover, uneven, '85')).toMatchObject({ correct: false, note: 'not-strictly-cheaper' });
    expect(checkAnswer(attentionCrossover, uneven, '256/3')).toMatchObject({ correct: false, note: 'threshold-not-a-length' });
    expect(checkAnswer(attentionCrossover, uneven, '129')).toMatchObject({ correct: false, note: 'assumed-equal-dims' });
    expect(checkAnswer(attentionCrossover, uneven, '257')).toMatchObject({ correct: false, note: 'missing-product' });
    expect(checkAnswer(attentionCrossover, { d: 64, dv: 128, ask: 'ratio', n: 1000 }, '32/375')).toMatchObject({ note: 'ratio-inverted' });
    expect(checkAnswer(attentionCrossover, { d: 64, dv: 128, ask: 'ratio', n: 1000 }, '11.65')).toMatchObject({ correct: false, note: 'imprecise' });
    expect(checkAnswer(attentionCrossover, { d: 64, dv: 128, ask: 'both', n: 1000 }, '86')).toMatchObject({ kind: 'invalid', reason: 'missing-part' });
  });

  it('writes steps from the computation, and every formula renders with KaTeX', () => {
    const steps = renderSteps(attentionCrossover, { d: 64, dv: 128, ask: 'both', n: 1000 }, 'en');
    expect(steps).toContain('\\frac{256}{3} \\approx 85.333');
    expect(steps).toContain('at $n = 85$');
    expect(steps).toContain('\\frac{375}{32}');
    expect(renderSteps(attentionCrossover, { d: 64, dv: 64, ask: 'crossover' }, 'zh')).toContain('相等，不是严格更少');
    expect(renderPrompt(attentionCrossover, { d: 64, dv: 64, ask: 'crossover' }, 'en')).not.toContain('65');
    for (const level of attentionCrossover.levels) {
      for (let seed = 0; seed < 20; seed++) {
        const { params } = generateInstance(attentionCrossover, seed, level);
        for (const lang of ['en', 'zh'] as const) {
          for (const text of [renderPrompt(attentionCrossover, params, lang), renderSteps(attentionCrossover, params, lang)]) {
            for (const s of splitMath(text)) {
              if (s.kind !== 'text') expect(() => katex.renderToString(s.tex, { throwOnError: true, displayMode: s.kind === 'display' })).not.toThrow();
            }
          }
        }
      }
    }
  });
});
