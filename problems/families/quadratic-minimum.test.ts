import { describe, expect, it } from 'vitest';
import { checkAnswer, generateInstance, la, Rational, renderSteps, solveParams, verifyInstance } from '../../engine';
import { degenerate, quadraticMinimum } from './quadratic-minimum';

describe('quadratic-minimum', () => {
  it('finds the minimiser x* = −½A⁻¹b and f(x*) exactly', () => {
    expect(solveParams(quadraticMinimum, { A: [[2, 1], [1, 2]], b: [1, 0], c: 0 })).toEqual({
      exists: true,
      x: [-1 / 3, 1 / 6],
      value: -1 / 6,
      exact: { x: ['-1/3', '1/6'], value: '-1/6' },
    });
    expect(solveParams(quadraticMinimum, { A: [['1/2']], b: ['1/3'], c: '0.25' })).toMatchObject({ exact: { x: ['-1/3'], value: '7/36' } });
  });

  it('reports no minimum unless A is positive definite', () => {
    const none = { exists: false };
    expect(solveParams(quadraticMinimum, { A: [[1, 2], [2, 1]], b: [0, 0], c: 0 })).toEqual(none);
    expect(solveParams(quadraticMinimum, { A: [[-1, 0], [0, -2]], b: [0, 0], c: 0 })).toEqual(none);
    expect(solveParams(quadraticMinimum, { A: [[1, 1], [1, 1]], b: [0, 0], c: 0 })).toEqual(none);
    expect(solveParams(quadraticMinimum, { A: [[0, 0], [0, 1]], b: [1, 0], c: 0 })).toEqual(none);
    expect(solveParams(quadraticMinimum, { A: [[0]], b: [0], c: 0 })).toEqual(none);
  });

  it('verifies both cases independently', async () => {
    for (const params of [
      { A: [[4, -3, 3], [-3, 5, -3], [3, -3, 3]], b: [16, -26, 18], c: -1 },
      { A: [[1, 2], [2, 1]], b: [1, 1], c: 0 },
      { A: [[1, 1], [1, 1]], b: [1, -1], c: 0 },
    ]) {
      expect(await verifyInstance(quadraticMinimum, params)).toMatchObject({ ok: true });
    }
  });

  it('validates params', () => {
    expect(() => solveParams(quadraticMinimum, { A: [[1, 2], [3, 4]], b: [0, 0], c: 0 })).toThrow(/symmetric/);
    expect(() => solveParams(quadraticMinimum, { A: [[1, 0], [0, 1]], b: [0], c: 0 })).toThrow(/b must have 2 entries/);
    expect(() => solveParams(quadraticMinimum, { A: [[1, 0]], b: [0], c: 0 })).toThrow(/square/);
    expect(() => solveParams(quadraticMinimum, { A: Array.from({ length: 7 }, () => new Array(7).fill(0)), b: new Array(7).fill(0), c: 0 })).toThrow(/size 1 to 6/);
    expect(() => solveParams(quadraticMinimum, { A: [[1e300]], b: [0], c: 0 })).toThrow(/too large/);
  });

  it('diagnoses the missing ½ and the none/some confusion', () => {
    const params = { A: [[1, 0], [0, 2]], b: [-2, -8], c: 3 };
    expect(checkAnswer(quadraticMinimum, params, { x: '[2, 4]', value: '0' })).toMatchObject({ correct: false, note: 'missing-half' });
    expect(checkAnswer(quadraticMinimum, params, 'none')).toMatchObject({ correct: false, note: 'minimum-exists' });
    expect(checkAnswer(quadraticMinimum, params, { x: '[1, 2]', value: '-6' }, { lang: 'zh' })).toMatchObject({ correct: true, message: '正确。' });
    expect(checkAnswer(quadraticMinimum, params, { x: '[1, 2]', value: '-5' })).toMatchObject({ correct: false, note: 'value-wrong', parts: { x: { correct: true }, value: { correct: false } } });
    expect(checkAnswer(quadraticMinimum, params, '{"x":"[1,2]","value":"-6"}')).toMatchObject({ correct: true });
    expect(checkAnswer(quadraticMinimum, params, '[1,2]')).toMatchObject({ kind: 'invalid', reason: 'missing-part' });
    const saddle = { A: [[1, 2], [2, 1]], b: [0, 0], c: 0 };
    expect(checkAnswer(quadraticMinimum, saddle, { x: 'none', value: 'none' })).toMatchObject({ correct: true });
    expect(checkAnswer(quadraticMinimum, saddle, '无')).toMatchObject({ correct: true });
  });

  it('explains both outcomes in the steps', () => {
    expect(renderSteps(quadraticMinimum, { A: [[1, 0], [0, 2]], b: [-2, -8], c: 3 }, 'en')).toContain('= -6');
    const none = renderSteps(quadraticMinimum, { A: [[1, 2], [2, 1]], b: [0, 0], c: 0 }, 'en');
    expect(none).toContain('not positive definite');
    expect(none).toContain('\\to -\\infty');
    expect(renderSteps(quadraticMinimum, { A: [[1, 1], [1, 1]], b: [0, 0], c: 0 }, 'zh')).toContain('没有唯一的最小值点');
  });

  it('says which case "no unique minimum" is: unbounded below, or a minimum value on a whole line (v1 said "unbounded below or constant")', () => {
    const R = (rows: number[][]) => rows.map((r) => r.map((x) => Rational.from(x)));
    const V = (xs: number[]) => xs.map((x) => Rational.from(x));
    const of = (A: number[][], b: number[], c = 0) => degenerate({ A: R(A), b: V(b), c: Rational.from(c) });
    // A negative direction, including behind a zero pivot ([[0,1],[1,0]] is indefinite).
    for (const A of [[[1, 0], [0, -1]], [[0, 1], [1, 0]], [[-1, 0], [0, 0]], [[0, 0, 1], [0, 1, 0], [1, 0, 0]], [[0, 2], [2, -4]]]) {
      const d = of(A, [1, 1]);
      expect(d.kind, JSON.stringify(A)).toBe('negative-direction');
      if (d.kind === 'negative-direction') expect(la.quadraticForm(R(A), d.w).sign()).toBe(-1);
    }
    // Positive semidefinite, b not orthogonal to the null space: f(tv) = c + (bᵀv)t.
    const sloped = of([[1, 0], [0, 0]], [0, 1], 2);
    expect(sloped).toMatchObject({ kind: 'sloped-null-direction', slope: Rational.one });
    if (sloped.kind === 'sloped-null-direction') expect(la.matVec(R([[1, 0], [0, 0]]), sloped.v).every((x) => x.isZero())).toBe(true);
    // Positive semidefinite, bᵀv = 0: f = (x + y)² + 2(x + y) has minimum −1 on the line x + y = −1.
    const valley = of([[1, 1], [1, 1]], [2, 2]);
    expect(valley.kind).toBe('flat-valley');
    if (valley.kind === 'flat-valley') {
      expect(valley.value.toString()).toBe('-1');
      expect(la.matVec(R([[1, 1], [1, 1]]), valley.x0).map((x) => x.mul(Rational.from(2)).add(Rational.from(2)).isZero())).toEqual([true, true]);
      expect(la.matVec(R([[1, 1], [1, 1]]), valley.v).every((x) => x.isZero())).toBe(true);
    }
    expect(renderSteps(quadraticMinimum, { A: [[1, 1], [1, 1]], b: [2, 2], c: 0 }, 'en')).toContain('attain its minimum value $f(\\mathbf{x}_0) = -1$');
    expect(renderSteps(quadraticMinimum, { A: [[1, 0], [0, 0]], b: [0, 1], c: 2 }, 'en')).toContain('unbounded below');
    // The reported instance: seed 1, hard — A v = 0 with bᵀv ≠ 0.
    const { params } = generateInstance(quadraticMinimum, 1, 'hard');
    const steps = renderSteps(quadraticMinimum, params, 'en');
    expect(steps).toContain('positive semidefinite but singular');
    expect(steps).toContain('unbounded below');
    expect(steps).not.toContain('or constant');
    // Every generated no-minimum instance names exactly one case, in both languages.
    for (const level of ['easy', 'medium', 'hard'] as const) {
      for (let seed = 0; seed < 200; seed++) {
        const instance = generateInstance(quadraticMinimum, seed, level);
        if (instance.answer.exists) continue;
        const en = renderSteps(quadraticMinimum, instance.params, 'en');
        expect(['unbounded below', 'does attain its minimum value'].filter((phrase) => en.includes(phrase)), `${level} ${seed}`).toHaveLength(1);
        expect(renderSteps(quadraticMinimum, instance.params, 'zh')).toMatch(/无下界|确实取到最小值/);
      }
    }
  });
});
