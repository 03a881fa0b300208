import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { checkAnswer, generateInstance, renderPrompt, renderSteps, solveParams, verifyInstance } from '../../../engine';
import { splitMath } from '../../../lib/rich-text';
import { matrixDefiniteness as family } from '.';

const cls = (A: number[][]) => (solveParams(family, { A, ask: 'classify' }) as { classification: string }).classification;

describe('matrix-definiteness', () => {
  it('classifies by Sylvester, with all principal minors for the singular cases', () => {
    expect(cls([[2, 1], [1, 2]])).toBe('positive-definite');
    expect(cls([[1, 3], [3, 2]])).toBe('indefinite');
    expect(cls([[-2, 1], [1, -2]])).toBe('negative-definite');
    expect(cls([[1, 2], [2, 4]])).toBe('positive-semidefinite');
    expect(cls([[0, 0], [0, -1]])).toBe('negative-semidefinite');
    expect(cls([[0, 1], [1, 0]])).toBe('indefinite');
    expect(cls([[1, 0, 0], [0, 0, 0], [0, 0, -1]])).toBe('indefinite');
    expect(cls([[0, 0, 0], [0, 1, 1], [0, 1, 1]])).toBe('positive-semidefinite');
    expect(cls([[-1, 2, 0], [2, -1, 0], [0, 0, -1]])).toBe('indefinite');
    expect(cls([[2, -1, 0], [-1, 2, -1], [0, -1, 2]])).toBe('positive-definite');
  });

  it('gives leading minors and exact 2×2 eigenvalues', () => {
    expect(solveParams(family, { A: [[2, -1, 0], [-1, 2, -1], [0, -1, 2]], ask: 'minors' })).toMatchObject({ value: [2, 3, 4] });
    expect(solveParams(family, { A: [[2, 1], [1, 1]], ask: 'eigenvalues' })).toMatchObject({ exact: ['(3 - sqrt(5))/2', '(3 + sqrt(5))/2'] });
    expect(solveParams(family, { A: [[8, 1], [1, 0]], ask: 'eigenvalues' })).toMatchObject({ exact: ['4 - sqrt(17)', '4 + sqrt(17)'] });
    expect(solveParams(family, { A: [[2, 1], [1, 2]], ask: 'eigenvalues' })).toMatchObject({ exact: ['1', '3'] });
    expect(solveParams(family, { A: [[1, 2], [2, -1]], ask: 'eigenvalues' })).toMatchObject({ exact: ['-sqrt(5)', 'sqrt(5)'] });
    expect(solveParams(family, { A: [[1, 1], [1, -1]], ask: 'eigenvalues' })).toMatchObject({ exact: ['-sqrt(2)', 'sqrt(2)'] });
    expect(solveParams(family, { A: [[2, 3], [3, -2]], ask: 'eigenvalues' })).toMatchObject({ exact: ['-sqrt(13)', 'sqrt(13)'] });
    expect(checkAnswer(family, { A: [[8, 1], [1, 0]], ask: 'eigenvalues' }, '[4 - sqrt(17), 4 + sqrt(17)]')).toMatchObject({ correct: true });
  });

  it('verifies independently (Jacobi + Descartes + Bareiss)', async () => {
    for (const A of [[[1, 2], [2, 4]], [[0, 0, 0], [0, 1, 1], [0, 1, 1]], [[1000, 999], [999, 1000]], [[-1, 0, 0], [0, 0, 0], [0, 0, 0]], [[3, -2, 1], [-2, 5, 0], [1, 0, 7]]]) {
      for (const ask of A.length === 2 ? ['classify', 'minors', 'eigenvalues'] : ['classify', 'minors']) {
        expect(await verifyInstance(family, { A, ask })).toMatchObject({ ok: true });
      }
    }
  });

  it('validates params', () => {
    expect(() => solveParams(family, { A: [[1, 2], [3, 4]], ask: 'classify' })).toThrow(/symmetric/);
    expect(() => solveParams(family, { A: [[1, 0.5], [0.5, 1]], ask: 'classify' })).toThrow(/integer/);
    expect(() => solveParams(family, { A: [[0, 0], [0, 0]], ask: 'classify' })).toThrow(/zero matrix/);
    expect(() => solveParams(family, { A: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], ask: 'eigenvalues' })).toThrow(/only for 2×2/);
    expect(() => solveParams(family, { A: [[1]], ask: 'classify' })).toThrow(/size 2 to 3/);
    expect(() => solveParams(family, { A: [[1e9, 0], [0, 1]], ask: 'classify' })).toThrow(/too large/);
    expect(() => solveParams(family, { A: [[1, 0], [0, 1]], ask: 'trace' })).toThrow(/ask must be one of/);
    expect(() => solveParams(family, { A: 'I', ask: 'classify' })).toThrow(/square matrix/);
  });

  it('diagnoses the positive-diagonal and Δ1-only shortcuts', () => {
    expect(checkAnswer(family, { A: [[1, 3], [3, 2]], ask: 'classify' }, 'positive-definite')).toMatchObject({ correct: false, note: 'diagonal-only' });
    expect(checkAnswer(family, { A: [[1, 3], [3, -2]], ask: 'classify' }, 'positive-definite')).toMatchObject({ correct: false, note: 'first-minor-only' });
    expect(checkAnswer(family, { A: [[-1, 0], [0, 2]], ask: 'classify' }, 'negative-definite')).toMatchObject({ correct: false, note: 'negative-minors-alternate' });
    expect(checkAnswer(family, { A: [[1, 2], [2, 4]], ask: 'classify' }, 'indefinite')).toMatchObject({ correct: false, note: 'zero-eigenvalue-not-indefinite' });
    expect(checkAnswer(family, { A: [[2, 1], [1, 2]], ask: 'classify' }, 'positive-semidefinite')).toMatchObject({ correct: false, note: 'nonsingular-is-definite' });
    expect(checkAnswer(family, { A: [[2, 1], [1, 2]], ask: 'classify' }, ' Positive Definite ')).toMatchObject({ correct: true });
    expect(checkAnswer(family, { A: [[2, 1], [1, 2]], ask: 'classify' }, '不定')).toMatchObject({ correct: false });
    expect(checkAnswer(family, { A: [[2, 1], [1, 3]], ask: 'eigenvalues' }, '[2, 3]')).toMatchObject({ correct: false, note: 'diagonal-only' });
  });

  it('writes steps from the computation, and every formula renders with KaTeX', () => {
    const singular = renderSteps(family, { A: [[0, 0], [0, -1]], ask: 'classify' }, 'en');
    expect(singular).toContain('M_{1} = 0,\\ M_{2} = -1,\\ M_{12} = 0');
    expect(singular).toContain('negative semidefinite');
    expect(renderSteps(family, { A: [[8, 1], [1, 0]], ask: 'eigenvalues' }, 'zh')).toContain('4 - \\sqrt{17}');
    expect(renderSteps(family, { A: [[2, 1], [1, 1]], ask: 'eigenvalues' }, 'en')).toContain('\\frac{3}{2} - \\frac{1}{2}\\sqrt{5}');
    for (const level of family.levels) {
      for (let seed = 0; seed < 30; seed++) {
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

  it('shows a 2×2 matrix its own sign pattern, never the 3×3 one (v1 seed 2 easy showed "−, +, −")', () => {
    const two = renderSteps(family, { A: [[1, 3], [3, 2]], ask: 'classify' }, 'en');
    expect(two).toContain('alternating $-, +$');
    expect(two).not.toContain('-, +, -');
    expect(renderSteps(family, { A: [[1, 3], [3, 2]], ask: 'classify' }, 'zh')).not.toContain('-, +, -');
    expect(renderSteps(family, { A: [[1, 3, 0], [3, 2, 0], [0, 0, 1]], ask: 'classify' }, 'en')).toContain('alternating $-, +, -$');
    for (const level of family.levels) {
      for (let seed = 0; seed < 200; seed++) {
        const { params } = generateInstance(family, seed, level);
        if ((params.A as unknown[]).length !== 2) continue;
        for (const lang of ['en', 'zh'] as const) expect(renderSteps(family, params, lang), `${level} ${seed}`).not.toMatch(/-, \+, -|−, \+, −/);
      }
    }
  });
});
