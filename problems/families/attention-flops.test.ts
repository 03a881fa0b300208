import { describe, expect, it } from 'vitest';
import { checkAnswer, renderSteps, solveParams, verifyInstance } from '../../engine';
import { attentionFlops } from './attention-flops';

describe('attention-flops', () => {
  it('counts 2n²(d+dv) for softmax and 4n·d·dv for linear attention', () => {
    expect(solveParams(attentionFlops, { n: 4, d: 2, dv: 2, variant: 'softmax' })).toEqual({ value: 128, exact: '128' });
    expect(solveParams(attentionFlops, { n: 4, d: 2, dv: 2, variant: 'linear' })).toEqual({ value: 64, exact: '64' });
    expect(solveParams(attentionFlops, { n: 1000, d: 64, dv: 128, variant: 'softmax' })).toEqual({ value: 384e6, exact: '384000000' });
    expect(solveParams(attentionFlops, { n: 10_000_000, d: 1_000_000, dv: 999_999, variant: 'softmax' })).toMatchObject({ exact: '399999800000000000000' });
  });

  it('verifies on real tensors when small and on a shape trace when large', async () => {
    expect(await verifyInstance(attentionFlops, { n: 16, d: 8, dv: 4, variant: 'linear' })).toMatchObject({ ok: true, method: expect.stringMatching(/TensorFlow/) });
    expect(await verifyInstance(attentionFlops, { n: 16, d: 8, dv: 4, variant: 'softmax' })).toMatchObject({ ok: true, method: expect.stringMatching(/TensorFlow/) });
    expect(await verifyInstance(attentionFlops, { n: 100_000, d: 128, dv: 64, variant: 'softmax' })).toMatchObject({ ok: true, method: expect.stringMatching(/shape/) });
  });

  it('validates params and diagnoses', () => {
    expect(() => solveParams(attentionFlops, { n: 4, d: 2, dv: 2, variant: 'cubic' })).toThrow(/variant must be one of/);
    expect(() => solveParams(attentionFlops, { n: 4.5, d: 2, dv: 2, variant: 'linear' })).toThrow(/integer/);
    const params = { n: 1024, d: 64, dv: 64, variant: 'softmax' };
    expect(checkAnswer(attentionFlops, params, '2^27')).toMatchObject({ note: 'counted-macs-not-flops' });
    expect(checkAnswer(attentionFlops, params, '4*1024*64*64')).toMatchObject({ note: 'other-variant' });
    expect(checkAnswer(attentionFlops, params, '2*1024^2*128')).toMatchObject({ correct: true });
    expect(checkAnswer(attentionFlops, params, '268,435,456')).toMatchObject({ correct: true });
    expect(checkAnswer(attentionFlops, params, '2.68435456×10^8')).toMatchObject({ correct: true });
  });

  it('shows each product with its shapes', () => {
    const steps = renderSteps(attentionFlops, { n: 1024, d: 64, dv: 64, variant: 'linear' }, 'en');
    expect(steps).toContain('$(64\\times 1024)(1024\\times 64)$');
    expect(steps).toContain('16\\,777\\,216');
  });
});
