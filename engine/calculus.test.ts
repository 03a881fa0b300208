import { describe, expect, it } from 'vitest';
import { Expression } from './index';

const VARS = ['x', 'y'];

/** Central difference of f along variable v at a point. */
function numeric(f: Expression, v: string, point: readonly number[]): number {
  const run = f.compile(VARS);
  const i = VARS.indexOf(v);
  const h = 1e-5;
  const plus = point.map((p, j) => (j === i ? p + h : p));
  const minus = point.map((p, j) => (j === i ? p - h : p));
  return ((run(plus) as number) - (run(minus) as number)) / (2 * h);
}

describe('derivative', () => {
  const functions = [
    'x^2*y + 3*y', 'x*exp(2*y)', 'sin(x*y) + cos(x - y)', 'tan(x) + sec(y)', 'ln(x^2 + y^2 + 1)', 'sqrt(x^2 + y^2)',
    '(x - y)/(x + y)', 'x^y', '2^x*y', 'asin(x/4) + acos(y/5) + atan(x*y)', 'sinh(x) + cosh(y) + tanh(x*y)',
    'cbrt(x) + nthRoot(y, 5)', 'abs(x - 3)*y', 'log(x, 3) + log10(y) + log2(x*y)', 'cot(x) + csc(y)', 'x^(2/3)*y',
  ];
  it.each(functions)('d/dx and d/dy of %s agree with finite differences', (text) => {
    const f = Expression.parse(text, VARS);
    for (const point of [[1.3, 0.7], [2.1, 1.9], [0.4, 2.6]]) {
      for (const v of VARS) {
        const exact = f.derivative(v).compile(VARS)(point);
        expect(exact).toBeDefined();
        expect(exact as number).toBeCloseTo(numeric(f, v, point), 5);
      }
    }
  });

  it('simplifies polynomial derivatives to a normal form', () => {
    expect(Expression.parse('x^2*y + 3*y', VARS).derivative('x').simplify().toString()).toBe('2*x*y');
    expect(Expression.parse('(x+1)^3', VARS).derivative('x').simplify().toString()).toBe('3*x^2 + 6*x + 3');
  });

  it('is undefined where f is not differentiable', () => {
    const d = Expression.parse('abs(x)', VARS).derivative('x');
    expect(d.at({ x: 0, y: 0 }).isUndefined()).toBe(true);
    expect(d.at({ x: 2, y: 0 }).rational()?.toString()).toBe('1');
    expect(Expression.parse('sqrt(x)', VARS).derivative('x').at({ x: 0, y: 0 }).isUndefined()).toBe(true);
  });
});
