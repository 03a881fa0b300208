import { describe, expect, it } from 'vitest';
import { diffWords } from './text-diff';

describe('diffWords', () => {
  it('marks removed and added words, Chinese by character', () => {
    expect(diffWords('a b c', 'a x c')).toEqual([
      { kind: 'same', text: 'a ' },
      { kind: 'removed', text: 'b' },
      { kind: 'added', text: 'x' },
      { kind: 'same', text: ' c' },
    ]);
    expect(diffWords('矩阵的迹', '矩阵的秩')).toEqual([
      { kind: 'same', text: '矩阵的' },
      { kind: 'removed', text: '迹' },
      { kind: 'added', text: '秩' },
    ]);
  });
});
