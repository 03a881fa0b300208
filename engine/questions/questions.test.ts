import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acceptQuestionFile, compileQuestionFile, msg, QUESTION_MESSAGES_EN, readQuestionFile, renderMessage } from '.';
import { checkAnswer, generateInstance, renderSteps, solveParams, verifyInstance, answerTexts } from '../api';
import { Budget, evaluate } from './interpret';
import { parseQuestionExpr } from './syntax';
import { valueText } from './values';
import { InvalidParamsError } from '../errors';

const DESIGN = fs.readFileSync(path.resolve(import.meta.dirname, '../../tests/fixtures/questions/quadratic-form-gradient.yaml'), 'utf8');

const ev = (text: string): string => valueText(evaluate(parseQuestionExpr(text), new Map(), new Budget()));

function compiled(text: string) {
  const r = compileQuestionFile(text);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r;
}

describe('expression language', () => {
  it('computes exactly', () => {
    expect(ev('1/3 + 1/6')).toBe('1/2');
    expect(ev('2^3^2')).toBe('512');
    expect(ev('-2^2')).toBe('-4');
    expect(ev('sum(1/k, k, 1, 4)')).toBe('25/12');
    expect(ev('harmonic(4)')).toBe('25/12');
    expect(ev('binomial(10, 3) + 5!')).toBe('240');
    expect(ev('sqrt(8)^2')).toBe('8');
    expect(ev('det([[1, 2], [3, 4]])')).toBe('-2');
    expect(ev('inv([[2, 0], [0, 4]])')).toBe('[[1/2, 0], [0, 1/4]]');
    expect(ev('[[1, 2], [3, 4]] * [1, 1]')).toBe('[3, 7]');
    expect(ev('cross([1, 0, 0], [0, 1, 0])')).toBe('[0, 0, 1]');
    expect(ev('transpose([[1, 2], [3, 4]])')).toBe('[[1, 3], [2, 4]]');
    expect(ev('floor(7/2) + ceil(7/2) + min(3, 1/2) + max([1, 5, 2])')).toBe('25/2');
    expect(ev('floor(exp(10))')).toBe('22026');
    expect(ev('if(2 > 1 and not 1 == 2, 5, 6)')).toBe('5');
    expect(ev('first(harmonic(n) > 3, n, 1)')).toBe('11');
    expect(ev('posdef([[2, 1], [1, 2]])')).toBe('true');
    expect(ev('posdef([[1, 2], [2, 1]])')).toBe('false');
    expect(ev('[10, 20, 30][2]')).toBe('20');
    expect(ev('sqrt(2) == 2/sqrt(2)')).toBe('true');
    expect(ev('sqrt(2) < 3/2')).toBe('true');
  });

  it('differentiates and substitutes symbolically', () => {
    const env = new Map([['x', evaluate(parseQuestionExpr('1'), new Map(), new Budget())]]);
    env.clear();
    const r = compiled(DESIGN);
    const inst = generateInstance(r.family, 3, 'medium');
    expect(renderSteps(r.family, inst.params, 'en')).toMatch(/nabla f = /);
  });

  it('refuses what is not in the grammar, with a reason', () => {
    for (const [text, message] of [
      ['1:9', /unexpected character/],
      ['a = 1', /unexpected character|unexpected/],
      ['2x', /write \*/],
      ['((((((((((((((((((((((((((((((((((((((((((((((((((1))))))))))))))))))))))))))))))))))))))))))))))))))', /nested too deeply/],
      ['import("fs")', /unexpected character|unknown function/],
    ] as const) {
      expect(() => evaluate(parseQuestionExpr(text), new Map(), new Budget())).toThrow(message);
    }
  });

  it('stops hostile computations with a budget error', () => {
    for (const [text, message] of [
      ['2^(10^9)', /too large/],
      ['factorial(10^6)', /too large/],
      ['sum(k, k, 1, 10^9)', /more than/],
      ['first(n < 0, n, 1)', /no n within/],
      ['harmonic(10^12)', /too large|limited/],
      ['(7/3)^9999 * (11/13)^9999', /too large|budget/],
    ] as const) {
      const t0 = performance.now();
      expect(() => evaluate(parseQuestionExpr(text), new Map(), new Budget())).toThrow(message);
      expect(performance.now() - t0).toBeLessThan(1000);
    }
  });
});

describe('question files', () => {
  it('compiles the DESIGN example into a family that behaves like a built-in one', async () => {
    const r = compiled(DESIGN);
    expect(r.family.id).toBe('quadratic-form-gradient');
    expect(r.family.levels).toEqual(['easy', 'medium']);
    const inst = generateInstance(r.family, 42, 'easy');
    expect(inst.params).toEqual(generateInstance(r.family, 42, 'easy').params);
    const a = inst.params.a as number;
    const [vx, vy] = inst.params.v as number[];
    expect(a).toBeGreaterThanOrEqual(1);
    expect(solveParams(r.family, inst.params)).toMatchObject({ value: [2 * a * vx! + 3 * vy!, 3 * vx!] });
    expect(await verifyInstance(r.family, inst.params)).toMatchObject({ ok: true });
    const right = answerTexts(r.family, inst.params) as Record<string, string>;
    expect(checkAnswer(r.family, inst.params, right.value)).toMatchObject({ correct: true });
    const wrong = `[${-(2 * a * vx! + 3 * vy!)}, ${-3 * vx!}]`;
    expect(checkAnswer(r.family, inst.params, wrong)).toMatchObject({ correct: false, note: 'feedback-1', message: 'Check the sign.' });
    expect(inst.prompt('zh')).toContain('梯度');
  });

  it('validates params from outside like parseParams of a built-in family', () => {
    const r = compiled(DESIGN);
    expect(solveParams(r.family, { a: 1, v: [1, 2] })).toMatchObject({ value: [8, 3] });
    expect(() => solveParams(r.family, { a: 1, v: [0, 0] })).toThrow(InvalidParamsError);
    expect(() => solveParams(r.family, { a: 1 })).toThrow(/missing param v/);
    expect(() => solveParams(r.family, { a: 1, v: [1, 2], b: 3 })).toThrow(/unknown param b/);
    expect(() => solveParams(r.family, { a: 'x', v: [1, 2] })).toThrow(InvalidParamsError);
  });

  it('reports problems with their path and line', () => {
    const broken = DESIGN.replace('g: "subs(grad(f, [x, y]), [x, y], v)"', 'g: "subs(grad(f, [x, y]), [x, y], w)"');
    const r = readQuestionFile(broken);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0]).toMatchObject({ path: 'variables.g', line: 9, code: 'unknown-name-above', args: { name: 'w' } });
    expect(r.problems[0]?.message).toMatch(/unknown name w/);
  });

  it('keeps each message as data: a code, its args (nested messages too) and the English text', () => {
    const wrongTest = DESIGN.replace('- {answer: {value: "-g"}, correct: false}', '- {answer: {value: "2*g"}, correct: true}');
    const r = acceptQuestionFile(wrongTest, { seeds: 3 });
    if (r.ok) throw new Error('the test must fail');
    const [problem] = r.problems;
    expect(problem).toMatchObject({ code: 'test-fails', args: { level: 'easy', detail: { code: 'test-mismatch', args: { want: { code: 'want-correct' } } } } });
    expect(renderMessage({ code: problem!.code, ...(problem!.args ? { args: problem!.args } : {}) }, QUESTION_MESSAGES_EN, 'en')).toBe(problem!.message);
    expect(r.report?.tests[1]).toMatchObject({ path: 'tests[1]', answer: '2*g', correct: true, failed: 6, firstFailure: { seed: 1, level: 'easy', code: 'test-mismatch' } });
    expect(r.report?.tests[0]).toMatchObject({ answer: 'g', correct: true, passed: 6, failed: 0 });
    // Evaluation errors carry their args as messages too ("a: low must be a whole number…").
    const frac = acceptQuestionFile(DESIGN.replace('a: {int: [-5, 5], not: [0]}', 'a: {int: ["1/2", 5]}'), { seeds: 1 });
    if (frac.ok) throw new Error('a fractional bound must fail');
    expect(frac.problems[0]).toMatchObject({ path: 'variables.a', line: 6, code: 'at-seed', args: { seed: 1, level: 'medium', detail: { code: 'must-be-whole', args: { what: { code: 'what-part', args: { name: 'a', part: { code: 'part-low' } } } } } } });
    expect(frac.problems[0]?.message).toBe('seed 1, level medium: a: low must be a whole number, got 1/2');
    expect(renderMessage(msg('type-matrix', { rows: 2, cols: 3 }), { 'type-matrix': '{rows}×{cols} 矩阵' }, 'zh')).toBe('2×3 矩阵');
    expect(renderMessage(msg('verdict-invalid', { reason: 'r', message: { en: 'E', zh: 'Z' } }), QUESTION_MESSAGES_EN, 'zh')).toBe('invalid (r: Z)');
  });

  it('names the seed of a failing question test and blocks acceptance', () => {
    const wrongTest = DESIGN.replace('- {answer: {value: "-g"}, correct: false}', '- {answer: {value: "2*g"}, correct: true}');
    const r = acceptQuestionFile(wrongTest, { seeds: 5 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0]?.path).toBe('tests[1]');
    expect(r.problems[0]?.message).toMatch(/test fails at seed \d+, level easy/);
    expect(r.problems[0]?.line).toBeGreaterThan(15);
  });

  it('declares an unsatisfiable where an error, not a hang', () => {
    const impossible = DESIGN.replace('where: ["norm(v) != 0"]', 'where: ["a > 100"]');
    const t0 = performance.now();
    const r = acceptQuestionFile(impossible, { seeds: 2 });
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]?.message).toMatch(/unsatisfiable/);
  });

  it('a seed whose verification fails is redrawn and reported', () => {
    const shaky = DESIGN.replace('verify: ["dot(g, v) == subs(diff(f, x)*x + diff(f, y)*y, [x, y], v)"]', 'verify: ["a != 2"]');
    const r = acceptQuestionFile(shaky, { seeds: 10 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.some((p) => /verify failed on draw/.test(p.message))).toBe(true);
    const c = compiled(shaky);
    for (let seed = 0; seed < 30; seed++) expect(generateInstance(c.family, seed, 'easy').params.a).not.toBe(2);
  });

  it('changes the version when generation changes, not when text does', () => {
    const v0 = compiled(DESIGN).version;
    expect(compiled(DESIGN.replace('Find $', 'Compute $')).version).toBe(v0);
    expect(compiled(DESIGN.replace('a: {int: [-5, 5], not: [0]}', 'a: {int: [-6, 6], not: [0]}')).version).not.toBe(v0);
    expect(compiled(`version: 3\n${DESIGN}`).version).toBe(3);
  });
});
