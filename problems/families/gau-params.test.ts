import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { checkAnswer, generateInstance, renderPrompt, renderSteps, solveParams, verifyInstance } from '../../engine';
import { splitMath } from '../../lib/rich-text';
import { gauParams } from './gau-params';

const gau = { ask: 'gau', d: 768, e: 1536, s: 128, biases: false };
const pair = { ask: 'transformer', d: 768, dff: 3072, biases: false };
const chunk = { ask: 'chunk', e: 1536, s: 128, n: 4096, chunk: 256 };

describe('gau-params', () => {
  it('counts 3de + ds + 4s for a GAU and 4d² + 2d·d_ff for MHA + FFN', () => {
    expect(solveParams(gauParams, gau)).toEqual({ value: 3_637_760, exact: '3637760' });
    expect(solveParams(gauParams, { ...gau, biases: true })).toEqual({ value: 3_641_728, exact: '3641728' });
    expect(solveParams(gauParams, pair)).toEqual({ value: 7_077_888, exact: '7077888' });
    expect(solveParams(gauParams, { ...pair, biases: true })).toEqual({ value: 7_084_800, exact: '7084800' });
  });

  it('puts two GAUs near one MHA + FFN pair', () => {
    const r = solveParams(gauParams, { ask: 'ratio', d: 768, e: 1536, s: 128, dff: 3072, biases: false });
    expect(r).toEqual({ value: 13824 / 7105, exact: '13824/7105' });
    for (const d of [512, 1024, 4096]) {
      const ratio = solveParams(gauParams, { ask: 'ratio', d, e: 2 * d, s: 128, dff: 4 * d, biases: true }).value as number;
      expect(ratio).toBeGreaterThan(1.9);
      expect(ratio).toBeLessThan(2);
    }
  });

  it('costs 2nC(s + e) chunked and 2n²(s + e) in full', () => {
    expect(solveParams(gauParams, chunk)).toEqual({
      chunked: 3_489_660_928,
      full: 55_834_574_848,
      exact: { chunked: '3489660928', full: '55834574848' },
    });
  });

  it('verifies by weight inventories and chunk-by-chunk traces', async () => {
    for (const params of [gau, pair, { ask: 'ratio', d: 1000, e: 3000, s: 7, dff: 999, biases: true }, chunk, { ask: 'chunk', e: 5, s: 3, n: 1 << 20, chunk: 16 }]) {
      expect(await verifyInstance(gauParams, params)).toMatchObject({ ok: true });
    }
  });

  it('validates params per question', () => {
    expect(() => solveParams(gauParams, { ...gau, dff: 3072 })).toThrow(/unknown param "dff"/);
    expect(() => solveParams(gauParams, { ...pair, biases: 'no' })).toThrow(/biases must be true or false/);
    expect(() => solveParams(gauParams, { ...chunk, chunk: 300 })).toThrow(/multiple of chunk/);
    expect(() => solveParams(gauParams, { ...chunk, n: 1 << 20, chunk: 1 })).toThrow(/at most 65536 chunks/);
    expect(() => solveParams(gauParams, { ...gau, d: 0 })).toThrow(/d must be between/);
    expect(() => solveParams(gauParams, { ask: 'moe' })).toThrow(/ask must be one of/);
    expect(() => solveParams(gauParams, null)).toThrow(/object/);
  });

  it('recognises the usual miscounts', () => {
    expect(checkAnswer(gauParams, gau, '3*768*1536 + 768*128')).toMatchObject({ correct: false, note: 'missing-scale-offset' });
    expect(checkAnswer(gauParams, gau, '3*768*1536 + 768*128 + 2*128')).toMatchObject({ correct: false, note: 'missing-scale-offset' });
    expect(checkAnswer(gauParams, gau, '2*768*1536 + 768*128 + 4*128')).toMatchObject({ correct: false, note: 'missing-projection' });
    expect(checkAnswer(gauParams, pair, '4*768^2 + 768*3072')).toMatchObject({ correct: false, note: 'one-ffn-matrix' });
    expect(checkAnswer(gauParams, chunk, { chunked: '2*4096*256*1664', full: '2*4096^2*1664' }, { lang: 'zh' })).toMatchObject({ correct: true, message: '正确。' });
  });

  it('writes steps from the computation, and every formula renders with KaTeX', () => {
    expect(renderSteps(gauParams, gau, 'en')).toContain('3\\,637\\,760');
    expect(renderSteps(gauParams, chunk, 'zh')).toContain('$n/C = 4096/256 = 16$');
    expect(renderPrompt(gauParams, gau, 'en')).not.toMatch(/3637760|3\\,637\\,760/);
    for (const level of gauParams.levels) {
      for (let seed = 0; seed < 20; seed++) {
        const { params } = generateInstance(gauParams, seed, level);
        for (const lang of ['en', 'zh'] as const) {
          for (const text of [renderPrompt(gauParams, params, lang), renderSteps(gauParams, params, lang)]) {
            for (const s of splitMath(text)) {
              if (s.kind !== 'text') expect(() => katex.renderToString(s.tex, { throwOnError: true, displayMode: s.kind === 'display' })).not.toThrow();
            }
          }
        }
      }
    }
  });
});
