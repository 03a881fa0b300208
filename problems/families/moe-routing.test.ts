import { describe, expect, it } from 'vitest';
import { answerTexts, checkAnswer, renderSteps, solveParams, verifyInstance, instanceRun } from '../../engine';
import { moeRouting } from './moe-routing';

const params = { tokens: 1024, experts: 8, k: 2, capacityFactor: 1.25 };

describe('moe-routing', () => {
  it('load ~ Binomial(T, k/E): mean T·k/E, sd √(T·k/E·(1−k/E))', () => {
    expect(solveParams(moeRouting, params)).toEqual({ mean: 256, sd: Math.sqrt(192), exact: { mean: '256', variance: '192' } });
    expect(answerTexts(moeRouting, params)).toEqual({ mean: '256', sd: 'sqrt(192)' });
  });

  it('verifies by counting subsets and by a routing run on tensors', async () => {
    expect(await verifyInstance(moeRouting, params)).toMatchObject({ ok: true });
    expect(await verifyInstance(moeRouting, { tokens: 2048, experts: 64, k: 8, capacityFactor: 1 })).toMatchObject({ ok: true });
  });

  it('validates params', () => {
    expect(() => solveParams(moeRouting, { ...params, k: 8 })).toThrow(/smaller than the number of experts/);
    expect(() => solveParams(moeRouting, { ...params, tokens: 16384, experts: 16 })).toThrow(/at most 2\^17/);
    expect(() => solveParams(moeRouting, { ...params, capacityFactor: '5/4' })).toThrow(/capacityFactor/);
    const run = instanceRun(moeRouting, params);
    expect([run?.program.kind, run?.setup]).toEqual(['moe', params]);
  });

  it('diagnoses variance for sd and the Poisson shortcut', () => {
    expect(checkAnswer(moeRouting, params, { mean: '256', sd: '192' })).toMatchObject({ note: 'variance-not-sd' });
    expect(checkAnswer(moeRouting, params, { mean: '256', sd: '16' })).toMatchObject({ note: 'poisson-sd' });
    expect(renderSteps(moeRouting, params, 'en')).toContain('\\binom{7}{1}');
  });
});
