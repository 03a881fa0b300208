import { describe, expect, it } from 'vitest';
import { answerSpecOf, checkAnswer, renderSteps, solveParams, verifyInstance, instanceRun } from '../../engine';
import { readingTolerance, walkMonteCarlo } from './walk-monte-carlo';

const params = { n: 10, k: 2, p: '1/2', walks: 10000, ask: 'eq' };

describe('walk-monte-carlo', () => {
  it('gives the exact binomial probabilities', () => {
    expect(solveParams(walkMonteCarlo, params)).toEqual({ value: 105 / 512, exact: '105/512' });
    expect(solveParams(walkMonteCarlo, { ...params, ask: 'ge' })).toEqual({ value: 193 / 512, exact: '193/512' });
    expect(solveParams(walkMonteCarlo, { ...params, k: 3 })).toEqual({ value: 0, exact: '0' });
  });

  it('accepts a reading within four Monte Carlo standard errors', () => {
    const tolerance = readingTolerance(105 / 512, 10000);
    expect(tolerance).toBeCloseTo((4 * Math.sqrt(((105 / 512) * (407 / 512)) / 10000)) / (105 / 512), 12);
    expect(answerSpecOf(walkMonteCarlo, params).parts[0]).toMatchObject({ tolerance: { relative: tolerance } });
    expect(checkAnswer(walkMonteCarlo, params, '0.194')).toMatchObject({ correct: true });
    expect(checkAnswer(walkMonteCarlo, params, '0.185')).toMatchObject({ correct: false });
    expect(readingTolerance(0.9, 100_000)).toBe(0.02);
    expect(readingTolerance(0.001, 100)).toBe(0.5);
  });

  it('verifies by dynamic programming and the tensor Monte Carlo program', async () => {
    expect(await verifyInstance(walkMonteCarlo, { n: 40, k: -10, p: '3/10', walks: 16000, ask: 'ge' })).toMatchObject({ ok: true });
    expect(await verifyInstance(walkMonteCarlo, params)).toMatchObject({ ok: true });
  });

  it('caps sizes and maps params to the tensor program', () => {
    expect(() => solveParams(walkMonteCarlo, { ...params, n: 200, walks: 50000 })).toThrow(/at most 2\^20/);
    expect(() => solveParams(walkMonteCarlo, { ...params, p: '3/2' })).toThrow(/p is too large/);
    const run = instanceRun(walkMonteCarlo, { ...params, p: '1/4' });
    expect([run?.program.kind, run?.setup, run?.figure, run?.view]).toEqual(['walk', { n: 10, walks: 10000, p: 0.25 }, 'walk', { k: params.k, ask: params.ask }]);
  });

  it('explains the standard error in the steps', () => {
    expect(renderSteps(walkMonteCarlo, params, 'en')).toContain('\\binom{10}{6}');
    expect(renderSteps(walkMonteCarlo, { ...params, ask: 'ge' }, 'zh')).toContain('\\sum_{j=6}^{10}');
  });
});
