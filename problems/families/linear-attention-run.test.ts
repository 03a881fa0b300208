import { describe, expect, it } from 'vitest';
import { checkAnswer, generateInstance, renderSteps, solveParams, verifyInstance, instanceRun } from '../../engine';
import { linearAttentionRun } from './linear-attention-run';

describe('linear-attention-run', () => {
  it('gives the cost ratio n(d+dv)/(2·d·dv) exactly', () => {
    expect(solveParams(linearAttentionRun, { n: 512, d: 64, dv: 64 })).toEqual({ value: 8, exact: '8', flopsQuadratic: 67_108_864, flopsLinear: 8_388_608 });
    expect(solveParams(linearAttentionRun, { n: 320, d: 64, dv: 16 })).toMatchObject({ value: 12.5, exact: '25/2' });
  });

  it('verifies on real tensors when small and by shape trace plus a small real run when large', async () => {
    expect(await verifyInstance(linearAttentionRun, { n: 64, d: 16, dv: 16 })).toMatchObject({ ok: true, method: expect.stringMatching(/^TensorFlow/) });
    expect(await verifyInstance(linearAttentionRun, { n: 1024, d: 32, dv: 32 })).toMatchObject({ ok: true, method: expect.stringMatching(/^shape trace/) });
  });

  it('caps what a run may cost', () => {
    expect(() => solveParams(linearAttentionRun, { n: 1024, d: 64, dv: 64 })).toThrow(/at most 2\^25/);
    expect(() => solveParams(linearAttentionRun, { n: 4096, d: 8, dv: 8 })).toThrow(/n must be between/);
    expect(() => instanceRun(linearAttentionRun, { n: 8, d: 8 })).toThrow(/missing param dv/);
    expect(instanceRun(linearAttentionRun, { n: 8, d: 4, dv: 2 })?.setup).toEqual({ n: 8, d: 4, dv: 2 });
    expect(instanceRun(linearAttentionRun, { n: 8, d: 4, dv: 2 })?.program.kind).toBe('linear-attention');
  });

  it('offers n = 512, d = 64 at the medium level (the benchmark size)', () => {
    const seeds = Array.from({ length: 200 }, (_, seed) => generateInstance(linearAttentionRun, seed, 'medium').params);
    expect(seeds).toContainEqual({ n: 512, d: 64, dv: 64 });
  });

  it('diagnoses an inverted ratio and shows the crossover in the steps', () => {
    expect(checkAnswer(linearAttentionRun, { n: 256, d: 32, dv: 64 }, '1/6')).toMatchObject({ correct: false, note: 'inverted-ratio' });
    const steps = renderSteps(linearAttentionRun, { n: 512, d: 64, dv: 64 }, 'en');
    expect(steps).toContain('67\\,108\\,864');
    expect(steps).toContain('n < 64');
  });
});
