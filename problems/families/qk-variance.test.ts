import { describe, expect, it } from 'vitest';
import { checkAnswer, Expression, generateInstance, renderPrompt, renderSteps, solveParams, verifyInstance, type ProblemFamily, type Verification, instanceRun } from '../../engine';
import { qkVariance } from './qk-variance';

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
    // A solution built on a wrong law must be rejected by the sampled variance.
    const withValue = (family: ProblemFamily, params: object, value: number): Promise<Verification> =>
      family.use(async (def) => {
        const p = def.parseParams(params);
        const wrong = { answer: { value, exact: String(value) }, expected: { kind: 'parts', parts: { value: { kind: 'number', value: Expression.from(value) } } } };
        return def.verify(p, wrong as unknown as Parameters<typeof def.verify>[1]);
      });
    const laws = [
      { params: unit, value: 8, law: 'standard deviation √d' },
      { params: unit, value: 1, law: 'forgot the d terms' },
      { params: unit, value: 48, law: 'three quarters of d' },
      { params: { d: 512, samples: 512, varQ: '4', varK: '1/4', ask: 'raw' }, value: 1024, law: 'σ instead of σ² (√4·√4·… off by 2)' },
      { params: { d: 96, samples: 2048, varQ: '2', varK: '2', ask: 'scaled' }, value: 2, law: 'σ_qσ_k instead of σ_q²σ_k²' },
      { params: { d: 96, samples: 2048, varQ: '2', varK: '2', ask: 'scaled' }, value: 5, law: '25% too large' },
    ];
    for (const { params, value, law } of laws) expect(await withValue(qkVariance, params, value), law).toMatchObject({ ok: false });
    // And the right law passes through the same door.
    expect(await withValue(qkVariance, unit, 64)).toMatchObject({ ok: true });
  });

  it('says the standard deviation is σ_q·σ_k·√d, not √d (v1 said "about √d" whatever the variances)', () => {
    expect(renderSteps(qkVariance, { d: 64, samples: 4096, varQ: '4', varK: '1', ask: 'raw' }, 'en')).toContain('\\sigma_q\\sigma_k\\sqrt{d} = 16');
    expect(renderSteps(qkVariance, { d: 96, samples: 2048, varQ: '1/2', varK: '3', ask: 'raw' }, 'zh')).toContain('\\sigma_q\\sigma_k\\sqrt{d} = 12');
    const { params } = generateInstance(qkVariance, 1, 'hard');
    expect(renderSteps(qkVariance, params, 'en')).not.toContain('about $\\sqrt{d}$');
  });

  it('caps sizes and checks variances', () => {
    expect(() => solveParams(qkVariance, { ...unit, samples: 65536 })).toThrow(/at most 2\^19/);
    expect(() => solveParams(qkVariance, { ...unit, varQ: '-1' })).toThrow(/between 1\/100 and 100/);
    const run = instanceRun(qkVariance, { ...unit, varQ: '1/4' });
    expect([run?.program.kind, run?.setup]).toEqual(['qk-variance', { d: 64, samples: 4096, varQ: 0.25, varK: 1 }]);
  });

  it('recognises the usual slips', () => {
    expect(checkAnswer(qkVariance, { ...unit, ask: 'scaled' }, '64')).toMatchObject({ note: 'forgot-scaling' });
    expect(checkAnswer(qkVariance, unit, '8')).toMatchObject({ note: 'standard-deviation' });
    expect(checkAnswer(qkVariance, unit, '61.7')).toMatchObject({ note: 'sampled-value' });
    expect(renderPrompt(qkVariance, { ...unit, varQ: '1/4', varK: '4' }, 'zh')).toContain('N(0, \\frac{1}{4})');
  });
});
