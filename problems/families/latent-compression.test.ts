import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { checkAnswer, generateInstance, renderPrompt, renderSteps, solveParams, verifyInstance } from '../../engine';
import { splitMath } from '../../lib/rich-text';
import { latentCompression as FAMILY } from './latent-compression';

describe('latent-compression', () => {
  it('gives the latent shape and the ratio 3f²/c', () => {
    expect(solveParams(FAMILY, { task: 'shape', H: 512, W: 512, f: 8, c: 4 })).toEqual({ latentShape: [64, 64, 4], ratio: 48, exactRatio: '48' });
    expect(solveParams(FAMILY, { task: 'shape', H: 1024, W: 768, f: 8, c: 16 })).toMatchObject({ latentShape: [128, 96, 16], exactRatio: '12' });
    expect(solveParams(FAMILY, { task: 'shape', H: 64, W: 64, f: 8, c: 5 })).toMatchObject({ exactRatio: '192/5' });
    expect(solveParams(FAMILY, { task: 'factor', H: 1024, W: 768, f: 4, c: 3 })).toMatchObject({ f: 4, ratio: 16 });
  });

  it('counts bytes of the float32 pixel batch and the float16 latents', () => {
    expect(solveParams(FAMILY, { task: 'memory', H: 512, W: 512, f: 8, c: 4, batch: 1 })).toMatchObject({ latentBytes: 32_768, pixelBytes: 3_145_728 });
    expect(solveParams(FAMILY, { task: 'memory', H: 16_384, W: 16_384, f: 1, c: 64, batch: 1024 })).toMatchObject({ latentBytes: 2 ** 45, pixelBytes: 3 * 2 ** 40 });
  });

  it('verifies by building the tensor shapes', async () => {
    expect(await verifyInstance(FAMILY, { task: 'factor', H: 1536, W: 640, f: 16, c: 8 })).toMatchObject({ ok: true, method: expect.stringMatching(/shapes/) });
    expect(await verifyInstance(FAMILY, { task: 'memory', H: 16_384, W: 16_384, f: 64, c: 64, batch: 1024 })).toMatchObject({ ok: true });
  });

  it('validates params', () => {
    expect(() => solveParams(FAMILY, { task: 'shape', H: 500, W: 512, f: 8, c: 4 })).toThrow(/multiples of f = 8/);
    expect(() => solveParams(FAMILY, { task: 'shape', H: 512, W: 512, f: 0, c: 4 })).toThrow(/f must be between/);
    expect(() => solveParams(FAMILY, { task: 'shape', H: 512, W: 512, f: 8, c: 4, batch: 2 })).toThrow(/batch is not used/);
    expect(() => solveParams(FAMILY, { task: 'memory', H: 512, W: 512, f: 8, c: 4 })).toThrow(/batch must be an integer/);
    expect(() => solveParams(FAMILY, { task: 'memory', H: 512, W: 512, f: 8, c: 4, batch: 1e6 })).toThrow(/batch must be between/);
    expect(() => solveParams(FAMILY, { task: 'shape', H: 1e9, W: 512, f: 8, c: 4 })).toThrow(/H must be between/);
    expect(() => solveParams(FAMILY, { task: 'resize', H: 512, W: 512, f: 8, c: 4 })).toThrow(/task must be one of/);
    expect(() => solveParams(FAMILY, { task: 'shape', H: '512', W: 512, f: 8, c: 4 })).toThrow(/integer/);
  });

  it('diagnoses inverted ratios, ignored channels, f² and byte slips', () => {
    const sd = { task: 'shape', H: 512, W: 512, f: 8, c: 4 };
    expect(checkAnswer(FAMILY, sd, { shape: '[64, 64, 4]', ratio: '1/48' })).toMatchObject({ note: 'ratio-inverted' });
    expect(checkAnswer(FAMILY, sd, { shape: '[64, 64, 4]', ratio: '64' })).toMatchObject({ note: 'channels-ignored' });
    expect(checkAnswer(FAMILY, sd, { shape: '[64, 64, 4]', ratio: '6' })).toMatchObject({ note: 'linear-factor' });
    expect(checkAnswer(FAMILY, sd, { shape: '[64, 64, 3]', ratio: '48' })).toMatchObject({ note: 'channels-kept', parts: { ratio: { correct: true } } });
    expect(checkAnswer(FAMILY, sd, { shape: '[[64], [64], [4]]', ratio: '3*8^2/4' })).toMatchObject({ correct: true });
    expect(checkAnswer(FAMILY, { task: 'factor', H: 512, W: 512, f: 8, c: 4 }, { f: '64', ratio: '48' })).toMatchObject({ note: 'f-squared' });
    const mem = { task: 'memory', H: 512, W: 512, f: 8, c: 4, batch: 3 };
    expect(checkAnswer(FAMILY, mem, { latentBytes: '98304', pixelBytes: '75497472' })).toMatchObject({ note: 'bits-not-bytes' });
    expect(checkAnswer(FAMILY, mem, { latentBytes: '98304', pixelBytes: '9437184' })).toMatchObject({ correct: true });
  });

  it('writes the divisions and counts in the steps', () => {
    const steps = renderSteps(FAMILY, { task: 'shape', H: 768, W: 512, f: 8, c: 4 }, 'en');
    expect(steps).toContain('$768/8 = 96$');
    expect(steps).toContain('\\frac{3\\cdot 8^{2}}{4} = 48');
    expect(renderSteps(FAMILY, { task: 'memory', H: 512, W: 512, f: 8, c: 4, batch: 3 }, 'zh')).toContain('98\\,304');
    expect(renderPrompt(FAMILY, { task: 'factor', H: 512, W: 512, f: 8, c: 4 }, 'en')).not.toMatch(/f = 8/);
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
});
