import { describe, expect, it } from 'vitest';
import { interleave } from './queue';

describe('interleave', () => {
  it('spreads new cards evenly among reviews and keeps every item once', () => {
    expect(interleave(['r1', 'r2', 'r3', 'r4'], ['n1', 'n2'])).toEqual(['r1', 'r2', 'n1', 'r3', 'r4', 'n2']);
    expect(interleave([], ['n1'])).toEqual(['n1']);
    expect(interleave(['r1'], [])).toEqual(['r1']);
    const mixed = interleave([1, 2, 3], [10, 20, 30, 40, 50]);
    expect([...mixed].sort((x, y) => x - y)).toEqual([1, 2, 3, 10, 20, 30, 40, 50]);
  });
});
