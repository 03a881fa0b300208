import { describe, expect, it } from 'vitest';
import { centralDifference, Expression, richardsonDifference } from './index';

describe('finite differences', () => {
  it('central differences are O(h²), Richardson O(h⁴)', () => {
    const f = Expression.parse('exp(x) * sin(y)', ['x', 'y']).compile(['x', 'y']);
    const exact = Math.exp(0.5) * Math.sin(1) * 0.6 + Math.exp(0.5) * Math.cos(1) * 0.8;
    const u = [0.6, 0.8];
    const central = Math.abs((centralDifference(f, [0.5, 1], u, 1e-2) as number) - exact);
    const richardson = Math.abs((richardsonDifference(f, [0.5, 1], u, 1e-2) as number) - exact);
    expect(central).toBeLessThan(1e-4);
    expect(central).toBeGreaterThan(1e-7);
    expect(richardson).toBeLessThan(1e-9);
  });

  it('are undefined where f is', () => {
    const f = Expression.parse('sqrt(x)', ['x']).compile(['x']);
    expect(centralDifference(f, [0], [1], 1e-3)).toBeUndefined();
    expect(richardsonDifference(f, [0], [1], 1e-3)).toBeUndefined();
    expect(richardsonDifference(f, [4], [1], 1e-3)).toBeCloseTo(0.25, 10);
  });
});
