import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { checkAnswer, generateInstance, renderPrompt, renderSteps, solveParams, verifyInstance } from '../../engine';
import { splitMath } from '../../lib/rich-text';
import { sparseAttentionCost as family } from './sparse-attention-cost';

/** Brute force: the mask entry by entry (no random keys). */
function brute(n: number, w: number, g: number): number {
  let c = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (Math.abs(i - j) <= w || i < g || j < g) c++;
  return c;
}

describe('sparse-attention-cost', () => {
  it('counts a clipped sliding window: n(2w + 1) − w(w + 1)', () => {
    expect(solveParams(family, { pattern: 'window', ask: 'count', n: 10, w: 2 })).toMatchObject({ count: 44 });
    expect(solveParams(family, { pattern: 'window', ask: 'count', n: 5, w: 1 })).toMatchObject({ count: 13 });
    expect(solveParams(family, { pattern: 'window', ask: 'count', n: 4, w: 3 })).toMatchObject({ count: 16 });
    expect(solveParams(family, { pattern: 'window', ask: 'count', n: 7, w: 0 })).toMatchObject({ count: 7 });
  });

  it('counts window + global tokens once per pair, matching a brute-force mask', () => {
    for (const [n, w, g] of [[16, 1, 2], [20, 3, 5], [9, 8, 1], [33, 4, 32]] as const) {
      expect(solveParams(family, { pattern: 'global', ask: 'count', n, w, g })).toMatchObject({ count: brute(n, w, g) });
    }
  });

  it('gives FLOPs 2d·C and the ratio C/n² for the BigBird-like pattern', () => {
    expect(solveParams(family, { pattern: 'bigbird', ask: 'flops-ratio', n: 1024, w: 64, g: 2, r: 3, d: 64 })).toEqual({
      count: 134836,
      flops: '17259008',
      ratio: 134836 / 1048576,
      exactRatio: '33709/262144',
    });
  });

  it('verifies with a mask (full or scaled down) and a row-by-row count', async () => {
    for (const params of [
      { pattern: 'bigbird', ask: 'flops-ratio', n: 200, w: 5, g: 3, r: 4, d: 8 },
      { pattern: 'bigbird', ask: 'flops-ratio', n: 16_384, w: 256, g: 16, r: 4, d: 128 },
      { pattern: 'global', ask: 'count', n: 100_000, w: 1000, g: 37 },
      { pattern: 'window', ask: 'count', n: 1_000_000, w: 999_999 },
    ]) {
      expect(await verifyInstance(family, params)).toMatchObject({ ok: true });
    }
  });

  it('validates params', () => {
    expect(() => solveParams(family, { pattern: 'window', ask: 'count', n: 10, w: 10 })).toThrow(/w must be between/);
    expect(() => solveParams(family, { pattern: 'window', ask: 'count', n: 10, w: 2, g: 1 })).toThrow(/g is not used/);
    expect(() => solveParams(family, { pattern: 'global', ask: 'count', n: 10, w: 2 })).toThrow(/missing param g/);
    expect(() => solveParams(family, { pattern: 'bigbird', ask: 'count', n: 10, w: 2, g: 1, r: 5 })).toThrow(/r must be between 0 and 4/);
    expect(() => solveParams(family, { pattern: 'window', ask: 'flops-ratio', n: 10, w: 2 })).toThrow(/missing param d/);
    expect(() => solveParams(family, { pattern: 'window', ask: 'count', n: 1e9, w: 2 })).toThrow(/n must be between/);
    expect(() => solveParams(family, { pattern: 'dense', ask: 'count', n: 10, w: 2 })).toThrow(/pattern must be one of/);
    expect(() => solveParams(family, { pattern: 'window', ask: 'count', n: '10', w: 2 })).toThrow(/integer/);
    expect(() => solveParams(family, { pattern: 'window', ask: 'count', n: 10, w: 2, __proto__x: 1 })).toThrow(/unknown param/);
    expect(() => solveParams(family, null)).toThrow(/object/);
  });

  it('diagnoses clipping, overlap and FLOP slips', () => {
    const win = { pattern: 'window', ask: 'count', n: 10, w: 2 };
    expect(checkAnswer(family, win, '50')).toMatchObject({ correct: false, note: 'no-edge-clipping' });
    expect(checkAnswer(family, win, '34')).toMatchObject({ correct: false, note: 'missed-diagonal' });
    expect(checkAnswer(family, win, '44.0')).toMatchObject({ correct: true });
    const glob = { pattern: 'global', ask: 'count', n: 16, w: 1, g: 2 };
    expect(checkAnswer(family, glob, '104')).toMatchObject({ correct: false, note: 'double-counted-overlap' });
    const bb = { pattern: 'bigbird', ask: 'flops-ratio', n: 1024, w: 64, g: 2, r: 3, d: 64 };
    expect(checkAnswer(family, bb, { flops: '134217728', ratio: '1' })).toMatchObject({ correct: false, note: 'full-attention' });
    expect(checkAnswer(family, bb, { flops: '17259008', ratio: '262144/33709' })).toMatchObject({ correct: false, note: 'ratio-inverted' });
    expect(checkAnswer(family, bb, { flops: '17259008', ratio: '0.1286' })).toMatchObject({ correct: true });
    expect(checkAnswer(family, bb, { flops: '17259000', ratio: '0.1286' })).toMatchObject({ correct: false });
    expect(checkAnswer(family, bb, '17259008')).toMatchObject({ kind: 'invalid', reason: 'missing-part' });
  });

  it('writes steps from the computation, and every formula renders with KaTeX', () => {
    const steps = renderSteps(family, { pattern: 'global', ask: 'count', n: 16, w: 1, g: 2 }, 'en');
    expect(steps).toContain('W = 42 - 2 = 40');
    expect(steps).toContain('C = 60 + 40 = 100');
    expect(renderSteps(family, { pattern: 'window', ask: 'count', n: 3, w: 2 }, 'zh')).toContain('$3^{2} = 9$');
    expect(renderPrompt(family, { pattern: 'window', ask: 'count', n: 10, w: 2 }, 'en')).not.toContain('44');
    for (const level of family.levels) {
      for (let seed = 0; seed < 20; seed++) {
        const { params } = generateInstance(family, seed, level);
        for (const lang of ['en', 'zh'] as const) {
          for (const text of [renderPrompt(family, params, lang), renderSteps(family, params, lang)]) {
            for (const s of splitMath(text)) {
              if (s.kind !== 'text') expect(() => katex.renderToString(s.tex, { throwOnError: true, displayMode: s.kind === 'display' })).not.toThrow();
            }
          }
        }
      }
    }
  });
});
