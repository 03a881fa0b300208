import { describe, expect, it } from 'vitest';
import { bi, canRebuild, defineFamily, Expression, generateInstance, rebuildInstance } from './index';

type Params = { readonly x: number };
const family = defineFamily<Params, { value: number }>({
  id: 'draw-a-number',
  version: 3,
  article: 'random-walk',
  title: bi('A number', '一个数'),
  levels: ['easy', 'medium'],
  parseParams: (raw) => raw as Params,
  generate: (rng) => ({ x: rng.int(1, 1000) }),
  prompt: (p) => `x = ${p.x}`,
  answerSpec: () => ({ parts: [{ name: 'value', kind: 'number', label: bi('x', 'x') }], noneAllowed: false }),
  solve: (p) => ({ answer: { value: p.x }, expected: { kind: 'parts', parts: { value: { kind: 'number', value: Expression.from(p.x) } } } }),
  verify: () => ({ ok: true, method: 'none' }),
  steps: (p) => `1. ${p.x}`,
  examples: [{ params: { x: 1 }, answer: '1', correct: true }],
});

describe('rebuildInstance', () => {
  it('rebuilds a stored instance from its own version only', () => {
    const stored = { version: 3, seed: 42, level: 'easy' as const };
    expect(rebuildInstance(family, stored)?.params).toEqual(generateInstance(family, 42, 'easy').params);
    expect(rebuildInstance(family, stored)?.version).toBe(3);
    expect(rebuildInstance(family, { ...stored, version: 2 })).toBeUndefined();
    expect(canRebuild(family, { version: 4, level: 'easy' })).toBe(false);
    expect(canRebuild(family, { version: 3, level: 'hard' })).toBe(false);
    expect(canRebuild(family, { version: 3, level: 'medium' })).toBe(true);
  });
});
