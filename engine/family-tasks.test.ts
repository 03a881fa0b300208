import { describe, expect, it } from 'vitest';
import { answerSpecOf, bi, checkAnswer, checkExamples, defineTaskFamily, Expression, generateInstance, params as read, solveParams, type FamilyTask } from './index';

type Double = { readonly ask: 'double'; readonly x: number };
type Square = { readonly ask: 'square'; readonly x: number };
type Value = { readonly value: number };

const answer = (v: number) => ({ answer: { value: v }, expected: { kind: 'parts' as const, parts: { value: { kind: 'number' as const, value: Expression.from(v) } } } });
const task = <P extends Double | Square>(ask: P['ask'], f: (x: number) => number): FamilyTask<P, Value> => ({
  parseParams: (raw) => ({ ask, x: read.readInt(read.readObject(raw, ['ask', 'x']), 'x', -10, 10) }) as P,
  prompt: (p) => `${ask} ${p.x}`,
  answerSpec: () => ({ parts: [{ name: 'value', kind: 'number', label: bi(ask, ask) }], noneAllowed: false }),
  solve: (p) => answer(f(p.x)),
  verify: () => ({ ok: true, method: 'none' }),
  steps: (p) => `1. ${f(p.x)}`,
  examples: [{ params: { ask, x: 3 } as P, answer: String(f(3)), correct: true }],
});

const family = defineTaskFamily({
  id: 'two-tasks',
  version: 1,
  article: 'random-walk',
  title: bi('Two tasks', '两个任务'),
  levels: ['easy', 'medium'],
  tag: 'ask',
  tasks: { double: task<Double>('double', (x) => 2 * x), square: task<Square>('square', (x) => x * x) },
  generate: (rng, level): Double | Square => (level === 'easy' ? { ask: 'double', x: rng.int(1, 5) } : { ask: 'square', x: rng.int(1, 5) }),
});

describe('defineTaskFamily', () => {
  it('sends everything to the task the params name, and tells its tasks', () => {
    expect(family.tasks).toEqual({ tag: 'ask', names: ['double', 'square'] });
    expect(solveParams(family, { ask: 'double', x: 4 })).toEqual({ value: 8 });
    expect(solveParams(family, { ask: 'square', x: 4 })).toEqual({ value: 16 });
    expect(checkAnswer(family, { ask: 'square', x: -3 }, '9')).toMatchObject({ kind: 'graded', correct: true });
    expect(generateInstance(family, 1, 'easy').params).toMatchObject({ ask: 'double' });
    expect(answerSpecOf(family, { ask: 'square', x: 1 }).parts[0]?.label.en).toBe('square');
    expect(checkExamples(family).map((o) => o.ok)).toEqual([true, true]);
  });

  it('refuses unknown tasks and each task its own bad params', () => {
    expect(() => solveParams(family, { ask: 'cube', x: 1 })).toThrow(/ask must be one of double, square/);
    expect(() => solveParams(family, { x: 1 })).toThrow(/ask must be one of/);
    expect(() => solveParams(family, [1])).toThrow(/params must be an object/);
    expect(() => solveParams(family, { ask: 'double', x: 11 })).toThrow(/x must be between/);
    expect(() => solveParams(family, { ask: 'toString', x: 1 })).toThrow(/ask must be one of/);
  });

  it('needs two tasks, each with examples of its own', () => {
    const base = { id: 'bad', version: 1, article: 'random-walk', title: bi('Bad', '坏'), levels: ['easy'] as const, tag: 'ask', generate: () => ({ ask: 'double' as const, x: 1 }) };
    expect(() => defineTaskFamily({ ...base, tasks: { double: task<Double>('double', (x) => x) } })).toThrow(/at least two tasks/);
    const wrongTag = { ...task<Square>('square', (x) => x), examples: [{ params: { ask: 'double', x: 1 } as unknown as Square, answer: '1', correct: true }] };
    expect(() => defineTaskFamily({ ...base, tasks: { double: task<Double>('double', (x) => x), square: wrongTag } })).toThrow(/an example of task square has another ask/);
    expect(() => defineTaskFamily({ ...base, tasks: { double: task<Double>('double', (x) => x), square: { ...task<Square>('square', (x) => x), examples: [] } } })).toThrow(/task square needs example answers/);
  });
});
