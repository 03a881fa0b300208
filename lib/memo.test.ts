import { describe, expect, it } from 'vitest';
import { boundedCache, perProcess } from './memo';

describe('boundedCache', () => {
  it('keeps the most recently used entries within its bounds', () => {
    const squares = boundedCache<number>({ maxEntries: 2 });
    expect(squares.get('3', () => 9)).toBe(9);
    expect(squares.get('3', () => 0)).toBe(9);
    squares.get('4', () => 16);
    squares.get('3', () => 0);
    squares.get('5', () => 25);
    expect(squares.size).toBe(2);
    expect(squares.get('4', () => -1)).toBe(-1);
  });
});

describe('perProcess', () => {
  it('makes one value per name, whichever caller comes first', () => {
    const first = perProcess('memo-test', () => new Map<string, number>());
    const second = perProcess('memo-test', () => new Map<string, number>());
    expect(second).toBe(first);
    expect(perProcess('memo-test-other', () => new Map())).not.toBe(first);
  });
});
