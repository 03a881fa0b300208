import { describe, expect, it } from 'vitest';
import { checkAnswer, renderSteps, solveParams, verifyInstance } from '../../engine';
import { directionalDerivative } from './directional-derivative';

const base = { f: 'x^2*y + 3*y', point: [1, 2], direction: [3, 4] };

describe('directional-derivative', () => {
  it('computes ∇f(P)·v/|v| exactly', () => {
    expect(solveParams(directionalDerivative, base)).toEqual({ value: 5.6, exact: '28/5' });
    expect(solveParams(directionalDerivative, { f: 'x*y', point: [1, 1], direction: [1, 1] })).toEqual({ value: Math.SQRT2, exact: 'sqrt(2)' });
    expect(solveParams(directionalDerivative, { f: 'x*y', point: [1, 2], direction: [1, 1] })).toMatchObject({ exact: '3/2*sqrt(2)' });
    expect(solveParams(directionalDerivative, { f: 'x*y*z', point: [1, 2, 3], direction: [1, 2, 2] })).toMatchObject({ exact: '16/3' });
    expect(solveParams(directionalDerivative, { f: 'exp(x*y)', point: [1, 1], direction: [0, 2] })).toMatchObject({ value: Math.E });
    expect(solveParams(directionalDerivative, { f: 'x^2', point: ['1/2', 0], direction: ['0.5', 0] })).toMatchObject({ exact: '1' });
  });

  it('verifies by finite differences', async () => {
    for (const params of [base, { f: 'sin(3*x + y) + x*y', point: [0, 0], direction: [1, -2] }, { f: 'ln(x^2 + y^2 + 1)', point: [2, -1], direction: [-3, 1] }]) {
      expect(await verifyInstance(directionalDerivative, params)).toMatchObject({ ok: true });
    }
  });

  it('refuses bad params clearly', () => {
    expect(() => solveParams(directionalDerivative, { ...base, direction: [0, 0] })).toThrow(/zero vector/);
    expect(() => solveParams(directionalDerivative, { ...base, f: 'x*z' })).toThrow(/uses z/);
    expect(() => solveParams(directionalDerivative, { ...base, f: 'x*w' })).toThrow(/unknown symbol w/);
    expect(() => solveParams(directionalDerivative, { ...base, f: 'abs(x)', point: [0, 1] })).toThrow(/differentiable/);
    expect(() => solveParams(directionalDerivative, { ...base, f: 'ln(x)', point: [-1, 1] })).toThrow(/defined/);
    expect(() => solveParams(directionalDerivative, { ...base, direction: [1, 2, 3] })).toThrow(/direction must have 2 entries/);
    expect(() => solveParams(directionalDerivative, { ...base, f: 'x+'.repeat(300) + 'x' })).toThrow(/too/);
  });

  it('recognises the usual mistakes', () => {
    expect(checkAnswer(directionalDerivative, base, '28')).toMatchObject({ note: 'direction-not-normalised' });
    expect(checkAnswer(directionalDerivative, base, '4*sqrt(2)')).toMatchObject({ note: 'gave-gradient-norm' });
    expect(checkAnswer(directionalDerivative, base, '-28/5')).toMatchObject({ note: 'sign-error' });
    expect(checkAnswer(directionalDerivative, base, '4')).toMatchObject({ note: 'used-one-partial' });
    expect(checkAnswer(directionalDerivative, base, '28/5', { lang: 'zh' })).toMatchObject({ correct: true });
  });

  it('shows partial derivatives, gradient and norm in the steps', () => {
    const steps = renderSteps(directionalDerivative, base, 'en');
    expect(steps).toContain('\\frac{\\partial f}{\\partial x} = 2\\,x \\cdot y');
    expect(steps).toContain('\\nabla f(P) = \\left(4,\\ 4\\right)');
    expect(steps).toContain('\\sqrt{25}');
    expect(steps).toContain('\\frac{28}{5}');
  });
});
