import { describe, expect, it } from 'vitest';
import { checkAnswer, renderPrompt, solveParams, verifyInstance } from '../../engine';
import { qkVariance, qkVarianceProgram } from './qk-variance';

const unit = { d: 64, samples: 4096, varQ: '1', varK: '1', ask: 'raw' };

describe('qk-variance', () => {
  it('Var(q·k) = d·σq²·σk², Var(q·k/√d) = σq²·σk²', () => {
    expect(solveParams(qkVariance, unit)).toEqual({ value: 64, exact: '64' });
    expect(solveParams(qkVariance, { ...unit, ask: 'scaled' })).toEqual({ value: 1, exact: '1' });
    expect(solveParams(qkVariance, { d: 96, samples: 2048, varQ: '1/2', varK: 3, ask: 'raw' })).toEqual({ value: 144, exact: '144' });
  });

  it('verifies by Monte Carlo on tensors, and catches a wrong law', async () => {
    expect(await verifyInstance(qkVariance, unit)).toMatchObject({ ok: true });
    expect(await verifyInstance(qkVariance, { d: 512, samples: 512, varQ: '4', varK: '1/4', ask: 'scaled' })).toMatchObject({ ok: true });
  });

  it('caps sizes and checks variances', () => {
    expect(() => solveParams(qkVariance, { ...unit, samples: 65536 })).toThrow(/at most 2\^19/);
    expect(() => solveParams(qkVariance, { ...unit, varQ: '-1' })).toThrow(/between 1\/100 and 100/);
    expect(qkVarianceProgram({ ...unit, varQ: '1/4' })).toEqual({ kind: 'qk-variance', d: 64, samples: 4096, varQ: 0.25, varK: 1 });
  });

  it('recognises the usual slips', () => {
    expect(checkAnswer(qkVariance, { ...unit, ask: 'scaled' }, '64')).toMatchObject({ note: 'forgot-scaling' });
    expect(checkAnswer(qkVariance, unit, '8')).toMatchObject({ note: 'standard-deviation' });
    expect(checkAnswer(qkVariance, unit, '61.7')).toMatchObject({ note: 'sampled-value' });
    expect(renderPrompt(qkVariance, { ...unit, varQ: '1/4', varK: '4' }, 'zh')).toContain('N(0, \\frac{1}{4})');
  });
});
