import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { checkAnswer, generateInstance, InvalidParamsError, renderPrompt, renderSteps, solveParams, verifyInstance } from '../../engine';
import { splitMath } from '../../lib/rich-text';
import { boxIou as FAMILY } from './box-iou';

const corners = (a: number[], b: number[], ask = 'both') => ({ format: 'corners', a, b, ask });

describe('box-iou', () => {
  it('computes IoU and GIoU exactly', () => {
    expect(solveParams(FAMILY, corners([0, 0, 4, 4], [2, 2, 6, 6]))).toEqual({ iou: 1 / 7, giou: -5 / 63, exact: { iou: '1/7', giou: '-5/63' } });
    // Apart: IoU 0 and GIoU = −(C − U)/C.
    expect(solveParams(FAMILY, corners([0, 0, 2, 2], [4, 4, 6, 6]))).toMatchObject({ exact: { iou: '0', giou: '-7/9' } });
    // Touching along an edge: no overlap, no gap in the enclosing box.
    expect(solveParams(FAMILY, corners([0, 0, 2, 2], [2, 0, 4, 2]))).toMatchObject({ exact: { iou: '0', giou: '0' } });
    // Nested: IoU = |B|/|A| and C = A, so GIoU = IoU.
    expect(solveParams(FAMILY, corners([0, 0, 10, 10], [2, 3, 7, 8]))).toMatchObject({ exact: { iou: '1/4', giou: '1/4' } });
    expect(solveParams(FAMILY, corners([1, 1, 5, 3], [1, 1, 5, 3], 'iou'))).toEqual({ iou: 1, exact: { iou: '1' } });
    // Centre format with half-integer corners.
    expect(solveParams(FAMILY, { format: 'center', a: [3, 3, 4, 4], b: [4, 4, 4, 4], ask: 'iou' })).toMatchObject({ exact: { iou: '9/23' } });
    expect(solveParams(FAMILY, { format: 'center', a: [3, 3, 7, 7], b: [2, 2, 6, 6], ask: 'iou' })).toMatchObject({ exact: { iou: '121/219' } });
  });

  it('verifies by counting grid cells, cell by cell or column by column', async () => {
    expect(await verifyInstance(FAMILY, corners([0, 0, 4, 4], [2, 2, 6, 6]))).toMatchObject({ ok: true, method: expect.stringMatching(/unit grid cells/) });
    expect(await verifyInstance(FAMILY, { format: 'center', a: [3, 3, 7, 7], b: [2, 2, 5, 6], ask: 'both' })).toMatchObject({ ok: true, method: expect.stringMatching(/half-unit/) });
    // A large enclosing box takes the column scan (it must stay fast).
    const started = performance.now();
    expect(await verifyInstance(FAMILY, corners([-10_000, -10_000, 9_000, 10_000], [-500, 300, 10_000, 9_999]))).toMatchObject({ ok: true });
    expect(await verifyInstance(FAMILY, { format: 'center', a: [0, 0, 10_000, 10_000], b: [10_000, -10_000, 9_999, 3], ask: 'both' })).toMatchObject({ ok: true });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('validates params', () => {
    expect(() => solveParams(FAMILY, corners([4, 0, 0, 4], [0, 0, 1, 1]))).toThrow(/x1 < x2/);
    expect(() => solveParams(FAMILY, corners([0, 0, 4, 4], [0, 0, 1]))).toThrow(/b must have 4 entries/);
    expect(() => solveParams(FAMILY, corners([0, 0, 4.5, 4], [0, 0, 1, 1]))).toThrow(/integer coordinates/);
    expect(() => solveParams(FAMILY, corners([0, 0, 1e9, 4], [0, 0, 1, 1]))).toThrow(/too large/);
    expect(() => solveParams(FAMILY, { format: 'center', a: [0, 0, 0, 4], b: [0, 0, 1, 1], ask: 'iou' })).toThrow(/positive width/);
    expect(() => solveParams(FAMILY, { format: 'xywh', a: [0, 0, 1, 1], b: [0, 0, 1, 1], ask: 'iou' })).toThrow(/format must be one of/);
    expect(() => solveParams(FAMILY, { ...corners([0, 0, 1, 1], [0, 0, 1, 1]), extra: 1 })).toThrow(InvalidParamsError);
    expect(() => solveParams(FAMILY, 'boxes')).toThrow(/object/);
  });

  it('diagnoses the usual mistakes', () => {
    const overlap = corners([0, 0, 4, 4], [2, 2, 6, 6]);
    expect(checkAnswer(FAMILY, overlap, { iou: '4/32', giou: '0' })).toMatchObject({ correct: false, note: 'union-not-subtracted' });
    expect(checkAnswer(FAMILY, overlap, { iou: '1/7', giou: '1/7 + 8/36' })).toMatchObject({ correct: false, note: 'giou-sign', parts: { iou: { correct: true }, giou: { correct: false } } });
    expect(checkAnswer(FAMILY, overlap, { iou: '1/7', giou: '1/7 - 4/36' })).toMatchObject({ note: 'giou-area-sum' });
    expect(checkAnswer(FAMILY, corners([0, 0, 2, 2], [4, 4, 6, 6]), { iou: '1', giou: '-7/9' })).toMatchObject({ note: 'intersection-not-clamped' });
    expect(checkAnswer(FAMILY, { format: 'center', a: [3, 3, 7, 7], b: [2, 2, 6, 6], ask: 'iou' }, '9/23')).toMatchObject({ note: 'center-read-as-corners' });
    expect(checkAnswer(FAMILY, overlap, { iou: '0.1429', giou: '-0.07937' })).toMatchObject({ correct: true });
    expect(checkAnswer(FAMILY, overlap, { iou: '1/7', giou: '-5/63' }, { lang: 'zh' })).toMatchObject({ correct: true, message: '正确。' });
  });

  it('treats hostile answers as invalid, never as errors', () => {
    const params = corners([0, 0, 4, 4], [2, 2, 6, 6], 'iou');
    for (const answer of ['', '1/7; 1', '((((((((((((((((((((((((((((((((((1))))))))))))))))))))))))))))))))))', 'x'.repeat(5000), '1/0', 'sqrt(-1)', '[1, 2]', null, 42, { iou: ['1/7'] }]) {
      const r = checkAnswer(FAMILY, params, answer);
      expect(r.kind === 'invalid' || (r.kind === 'graded' && !r.correct)).toBe(true);
    }
  });

  it('shows the clamped overlap, the union and the enclosing box in the steps', () => {
    const en = renderSteps(FAMILY, corners([0, 0, 2, 2], [4, 4, 6, 6]), 'en');
    expect(en).toContain('\\max(0, -2) = 0');
    expect(en).toContain('|C| = 6 \\times 6 = 36');
    expect(en).toContain('-\\frac{7}{9}');
    expect(renderSteps(FAMILY, corners([0, 0, 2, 2], [4, 4, 6, 6]), 'zh')).toContain('两框相离时 GIoU 为负');
    expect(renderSteps(FAMILY, { format: 'center', a: [3, 3, 4, 4], b: [4, 4, 4, 4], ask: 'iou' }, 'en')).toContain('[1, 5] \\times [1, 5]');
  });

  it('does not leak the answer in the prompt', () => {
    for (let seed = 0; seed < 30; seed++) {
      const instance = generateInstance(FAMILY, seed, 'medium');
      const exact = (instance.answer as { exact: { iou: string; giou: string } }).exact;
      for (const lang of ['en', 'zh'] as const) {
        const text = instance.prompt(lang);
        if (exact.iou.includes('/')) expect(text).not.toContain(exact.iou);
        if (exact.giou.includes('/')) expect(text).not.toContain(exact.giou);
      }
    }
  });

  it('generates overlapping, disjoint and nested pairs above the easy level', () => {
    const kinds = new Set<string>();
    for (let seed = 0; seed < 200; seed++) {
      const { answer } = generateInstance(FAMILY, seed, 'hard');
      const { iou, giou } = answer as { iou: number; giou: number };
      kinds.add(iou === 0 ? 'apart' : iou === giou ? 'nested-or-aligned' : 'overlap');
    }
    expect([...kinds].sort()).toEqual(['apart', 'nested-or-aligned', 'overlap']);
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
