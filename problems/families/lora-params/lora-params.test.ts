import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { checkAnswer, generateInstance, renderPrompt, renderSteps, solveParams, verifyInstance } from '../../../engine';
import { splitMath } from '../../../lib/rich-text';
import { loraParams as FAMILY } from '.';

const MERGE = { task: 'merge', W: [[1, 0], [2, -1]], B: [[1], [2]], A: [[3, -1]], scale: 2 };
const COUNT = { task: 'count', layers: 32, dModel: 4096, dFf: 11008, rank: 8, targets: ['q', 'v'] };
const MEMORY = { ...COUNT, task: 'memory', totalParams: 6_738_415_616 };

describe('lora-params', () => {
  it('merges W + s·BA exactly and counts r(d + k)', () => {
    expect(solveParams(FAMILY, MERGE)).toEqual({ merged: [[7, -2], [14, -5]], trainable: 4 });
    expect(solveParams(FAMILY, { ...MERGE, scale: '1/2' })).toMatchObject({ merged: [[2.5, -0.5], [5, -2]] });
    const rank2 = { task: 'merge', W: [[0, 0, 0], [0, 0, 0], [0, 0, 0]], B: [[1, 0], [0, 1], [1, 1]], A: [[1, 2, 3], [4, 5, 6]], scale: 1 };
    expect(solveParams(FAMILY, rank2)).toEqual({ merged: [[1, 2, 3], [4, 5, 6], [5, 7, 9]], trainable: 12 });
  });

  it('counts LoRA parameters over layers and adapted matrices', () => {
    expect(solveParams(FAMILY, COUNT)).toEqual({ lora: 4_194_304, full: 1_073_741_824, fraction: 1 / 256 });
    const mlp = { task: 'count', layers: 2, dModel: 10, dFf: 40, rank: 1, targets: ['up', 'down'] };
    expect(solveParams(FAMILY, mlp)).toMatchObject({ lora: 200, full: 1600 });
  });

  it('estimates memory with 16 B per trainable and 2 B per frozen parameter', () => {
    const a = solveParams(FAMILY, MEMORY);
    expect(a.fullGB).toBeCloseTo(107.814649856, 9);
    expect(a.loraGB).toBeCloseTo((2 * 6_738_415_616 + 16 * 4_194_304) / 1e9, 9);
  });

  it('verifies by explicit loops, built shapes and itemised sums', async () => {
    expect(await verifyInstance(FAMILY, MERGE)).toMatchObject({ ok: true, method: expect.stringMatching(/triple loops/) });
    expect(await verifyInstance(FAMILY, COUNT)).toMatchObject({ ok: true, method: expect.stringMatching(/layer by layer/) });
    const big = { task: 'memory', totalParams: 1e13, layers: 1000, dModel: 20_000, dFf: 80_000, rank: 64, targets: ['q', 'k', 'v', 'o', 'up', 'down'] };
    expect(await verifyInstance(FAMILY, big)).toMatchObject({ ok: true });
  });

  it('validates params', () => {
    expect(() => solveParams(FAMILY, { ...MERGE, A: [[3, -1, 0]] })).toThrow(/A must have 2 columns/);
    expect(() => solveParams(FAMILY, { ...MERGE, B: [[1], [2], [3]] })).toThrow(/B must have 2 rows/);
    expect(() => solveParams(FAMILY, { ...MERGE, W: [[1.5, 0], [2, -1]] })).toThrow(/must be an integer/);
    expect(() => solveParams(FAMILY, { ...MERGE, W: Array.from({ length: 7 }, () => new Array(7).fill(0)) })).toThrow(/1 to 6 rows/);
    expect(() => solveParams(FAMILY, { ...MERGE, scale: 'big' })).toThrow(/scale/);
    expect(() => solveParams(FAMILY, { ...COUNT, targets: ['q', 'q'] })).toThrow(/must not repeat/);
    expect(() => solveParams(FAMILY, { ...COUNT, targets: ['gate'] })).toThrow(/targets must be among/);
    expect(() => solveParams(FAMILY, { ...COUNT, targets: [] })).toThrow(/list of 1 to 6/);
    expect(() => solveParams(FAMILY, { ...COUNT, layers: 1e9 })).toThrow(/layers must be between/);
    expect(() => solveParams(FAMILY, { ...MEMORY, totalParams: 1000 })).toThrow(/must include the adapted matrices/);
    expect(() => solveParams(FAMILY, { ...COUNT, totalParams: 1e9 })).toThrow(/unknown param/);
    expect(() => solveParams(FAMILY, { task: 'prune' })).toThrow(/task must be one of/);
    expect(() => solveParams(FAMILY, null)).toThrow(/object/);
  });

  it('diagnoses the usual slips', () => {
    expect(checkAnswer(FAMILY, MERGE, { merged: '[[4, -1], [8, -3]]', trainable: '4' })).toMatchObject({ note: 'scale-ignored' });
    expect(checkAnswer(FAMILY, MERGE, { merged: '[[7, -2], [14, -5]]', trainable: '2' })).toMatchObject({ note: 'one-factor', parts: { merged: { correct: true } } });
    const rank1 = { task: 'merge', W: [[0, 0, 0], [0, 0, 0]], B: [[1], [2]], A: [[1, 1, 1]], scale: 1 };
    expect(checkAnswer(FAMILY, rank1, { merged: '[[1, 1, 1], [2, 2, 2]]', trainable: '6' })).toMatchObject({ note: 'full-count' });
    expect(checkAnswer(FAMILY, COUNT, { lora: '131072', fraction: '1/256' })).toMatchObject({ note: 'one-layer' });
    expect(checkAnswer(FAMILY, COUNT, { lora: '1073741824', fraction: '1' })).toMatchObject({ note: 'full-count' });
    expect(checkAnswer(FAMILY, COUNT, { lora: '2097152', fraction: '1/512' })).toMatchObject({ note: 'one-factor' });
    expect(checkAnswer(FAMILY, MEMORY, { fullGB: '107.8', loraGB: '13.54' })).toMatchObject({ correct: true });
    expect(checkAnswer(FAMILY, MEMORY, { fullGB: '13.48', loraGB: '13.54' })).toMatchObject({ note: 'weights-only' });
    expect(checkAnswer(FAMILY, MEMORY, { fullGB: '107.8', loraGB: '107.88' })).toMatchObject({ note: 'base-as-trainable' });
  });

  it('states the conventions and shows every product in the steps', () => {
    const prompt = renderPrompt(FAMILY, MEMORY, 'en');
    expect(prompt).toContain('16 bytes per **trainable** parameter');
    expect(prompt).toContain('$1\\ \\mathrm{GB} = 10^9$ bytes');
    expect(renderPrompt(FAMILY, MEMORY, 'zh')).toContain('每个**冻结**参数 2 字节');
    const steps = renderSteps(FAMILY, MEMORY, 'en');
    expect(steps).toContain('$N = 32\\cdot 131\\,072 = 4\\,194\\,304$');
    expect(steps).toContain('16P = 16 \\times 6\\,738\\,415\\,616 = 107\\,814\\,649\\,856');
    expect(renderSteps(FAMILY, MERGE, 'zh')).toContain('\\begin{pmatrix}7 & -2 \\\\ 14 & -5\\end{pmatrix}');
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
