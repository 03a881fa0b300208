// Every family's parseParams caps what a client may send (POST /practice/check takes params), so that
// solve, verify and steps finish in milliseconds at the caps; values just over the caps are refused.
// Regression: random-walk with n = 1,000,000 took 78 s in /practice/check (issue 18).
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidParamsError, renderSteps, solveParams, tensor, verifyInstance } from '@/engine';
import { families, familyById } from '@/problems';

/** A generous bound for one of solve, verify, steps on a busy 2-core machine. */
const boundMs = 1_000;

// NOTE: 12-digit denominators are the largest rationals parseParams accepts (toRational's digit cap).
const p12 = '999999999989/999999999999';
const long = (terms: string[], length = 400) => {
  let text = terms[0] ?? '';
  for (let i = 1; text.length + 3 + (terms[i % terms.length] ?? '').length <= length; i++) text += ` + ${terms[i % terms.length]}`;
  return text;
};

/** Params at each family's caps (largest accepted sizes and worst accepted values), and just over them. */
const caps: Record<string, { readonly at: readonly object[]; readonly over: readonly object[] }> = {
  'random-walk': {
    at: [
      { n: 20_000, k: 0, p: '1/2' },
      { n: 20_000, k: 2, p: p12 },
      { n: 19_999, k: 19_999, p: p12 },
      { n: 5_000, k: 10, p: p12 },
    ],
    over: [{ n: 20_001, k: 1, p: '1/2' }, { n: 1_000_000, k: 0, p: '1/2' }, { n: 10, k: 20_001, p: '1/2' }],
  },
  'walk-return': {
    at: [
      { quantity: 'return', n: 400, p: '1/2' },
      { quantity: 'first-return', n: 400, p: '1/2' },
      { quantity: 'no-return', n: 400, p: '1/2' },
      { quantity: 'no-return', n: 30, p: p12 },
      { quantity: 'mean-abs', n: 30, p: p12 },
    ],
    over: [{ quantity: 'return', n: 401, p: '1/2' }, { quantity: 'return', n: 31, p: p12 }],
  },
  'walk-monte-carlo': {
    at: [
      { n: 30, k: 0, p: p12, walks: 30_000, ask: 'eq' },
      { n: 200, k: 0, p: '1/3', walks: 5_000, ask: 'ge' },
      { n: 20, k: -20, p: '1/2', walks: 50_000, ask: 'ge' },
    ],
    over: [{ n: 201, k: 1, p: '1/2', walks: 100, ask: 'eq' }, { n: 200, k: 0, p: '1/2', walks: 50_000, ask: 'eq' }, { n: 31, k: 1, p: p12, walks: 100, ask: 'eq' }],
  },
  'quadratic-minimum': {
    at: [
      {
        A: [
          [1e6, 999999, 999998, 999997, 999996, 999995],
          [999999, 1e6, 999999, 999998, 999997, 999996],
          [999998, 999999, 1e6, 999999, 999998, 999997],
          [999997, 999998, 999999, 1e6, 999999, 999998],
          [999996, 999997, 999998, 999999, 1e6, 999999],
          [999995, 999996, 999997, 999998, 999999, 1e6],
        ],
        b: [1e6, -1e6, 999999.5, -0.000001, 123456.789, 1e6],
        c: 1e6,
      },
      {
        A: Array.from({ length: 6 }, (_, i) => Array.from({ length: 6 }, (_, j) => (i === j ? '999999.999999' : '0.000001'))),
        b: Array.from({ length: 6 }, () => '-999999.999999'),
        c: '0.000001',
      },
    ],
    over: [{ A: Array.from({ length: 7 }, (_, i) => Array.from({ length: 7 }, (_, j) => (i === j ? 1 : 0))), b: [0, 0, 0, 0, 0, 0, 0], c: 0 }, { A: [[1e6 + 1]], b: [0], c: 0 }],
  },
  'directional-derivative': {
    at: [
      { f: long(['x^3*y^2*z', '(x+y+z)^3', 'x^2*y-z^3', '(x-y)^2*z'], 220), point: [1e6, -1e6, 999999.5], direction: [1e6, 1, -1e6] },
      { f: long(['exp(x*y*z/4)', 'sin(x*y)', 'log(x^2+y^2+1)', 'sqrt(x^2+z^2+1)', 'cos(x-y)^3']), point: [3, -2, 1], direction: [1, 2, 3] },
    ],
    over: [
      { f: 'x*y', point: [1e6 + 1, 0], direction: [1, 0] },
      { f: long(['x*y'], 401) + ' + x', point: [1, 0], direction: [1, 0] },
    ],
  },
  'gradient-steepest': {
    at: [
      { f: long(['x^2*y^2*z', '(x+y+z)^2', 'x*y-z^2', '(x-y)^2*z'], 220), point: [100, -99, 99.5], ask: 'rate' },
      { f: long(['exp(x*y*z/4)', 'sin(x*y)', 'log(x^2+y^2+1)', 'sqrt(x^2+z^2+1)', 'cos(x-y)^3']), point: [3, -2, 1], ask: 'gradient' },
    ],
    over: [{ f: 'x*y', point: [1e6 + 1, 0], ask: 'rate' }],
  },
  'attention-flops': {
    at: [{ n: 10_000_000, d: 1_000_000, dv: 1_000_000, variant: 'softmax' }, { n: 10_000_000, d: 1_000_000, dv: 1_000_000, variant: 'linear' }],
    over: [{ n: 10_000_001, d: 1, dv: 1, variant: 'softmax' }, { n: 1, d: 1_000_001, dv: 1, variant: 'linear' }],
  },
  'attention-crossover': {
    at: [{ d: 16_384, dv: 16_384, ask: 'crossover' }, { d: 16_384, dv: 16_384, ask: 'both', n: 10_000_000 }, { d: 1, dv: 16_384, ask: 'ratio', n: 10_000_000 }],
    over: [{ d: 16_385, dv: 1, ask: 'crossover' }, { d: 1, dv: 1, ask: 'ratio', n: 10_000_001 }],
  },
  'latent-compression': {
    at: [
      { task: 'shape', H: 16_384, W: 16_384, f: 64, c: 64 },
      { task: 'factor', H: 16_384, W: 16_384, f: 64, c: 64 },
      { task: 'memory', H: 16_384, W: 16_384, f: 64, c: 64, batch: 1024 },
    ],
    over: [{ task: 'shape', H: 16_385, W: 64, f: 1, c: 1 }, { task: 'memory', H: 64, W: 64, f: 1, c: 1, batch: 1025 }],
  },
  'diffusion-schedule': {
    at: [
      { T: 1000, beta1: '1/999999999989', betaT: '999999999988/999999999989', t: 1000, ask: 'alpha-bar' },
      { T: 1000, beta1: '7/999999999989', betaT: '999999999977/999999999989', t: 1000, ask: 'coefficients' },
      { T: 1000, beta1: '7/999999999989', betaT: '999999999977/999999999989', t: 999, ask: 'sample', x0: '98765432099/987654321', eps: '-98765432099/987654321' },
    ],
    over: [{ T: 1001, beta1: 0.1, betaT: 0.2, t: 1, ask: 'alpha-bar' }, { T: 10, beta1: 0.1, betaT: 0.2, t: 11, ask: 'alpha-bar' }],
  },
  'hungarian-matching': {
    at: [
      { cost: Array.from({ length: 6 }, (_, i) => Array.from({ length: 6 }, (_, j) => `${((i * 7 + j * 13) % 11) * 90_000_000_000 - 499_999_999_999}/999999`)), ask: 'both' },
      { cost: Array.from({ length: 6 }, (_, i) => Array.from({ length: 6 }, (_, j) => `${(i + 1) * (j + 2)}/${999_999_999_989 - i - 7 * j}`)), ask: 'cost' },
    ],
    over: [{ cost: Array.from({ length: 7 }, () => Array.from({ length: 7 }, () => 1)), ask: 'cost' }, { cost: [[1e6 + 1]], ask: 'cost' }],
  },
  'box-iou': {
    at: [
      { format: 'corners', a: [-10_000, -10_000, 10_000, 10_000], b: [-9_999, -10_000, 9_999, 10_000], ask: 'both' },
      { format: 'center', a: [10_000, -10_000, 10_000, 10_000], b: [-10_000, 10_000, 1, 1], ask: 'both' },
    ],
    over: [{ format: 'corners', a: [0, 0, 10_001, 1], b: [0, 0, 1, 1], ask: 'iou' }],
  },
  'lora-params': {
    at: [
      {
        task: 'merge',
        W: Array.from({ length: 6 }, () => Array.from({ length: 6 }, () => 1000)),
        B: Array.from({ length: 6 }, () => Array.from({ length: 6 }, () => -1000)),
        A: Array.from({ length: 6 }, () => Array.from({ length: 6 }, () => 999)),
        scale: '98765432099/987654321',
      },
      { task: 'count', layers: 1000, dModel: 100_000, dFf: 100_000, rank: 100_000, targets: ['q', 'k', 'v', 'o', 'up', 'down'] },
      { task: 'memory', totalParams: 1e13, layers: 1000, dModel: 10_000, dFf: 10_000, rank: 100_000, targets: ['q', 'v'] },
    ],
    over: [
      { task: 'count', layers: 1001, dModel: 1, dFf: 1, rank: 1, targets: ['q'] },
      { task: 'merge', W: Array.from({ length: 7 }, () => [1]), B: Array.from({ length: 7 }, () => [1]), A: [[1]], scale: 1 },
    ],
  },
  'linear-attention-run': {
    at: [{ n: 512, d: 128, dv: 128 }, { n: 1024, d: 32, dv: 32 }],
    over: [{ n: 1025, d: 1, dv: 1 }, { n: 1024, d: 33, dv: 1 }],
  },
  'qk-variance': {
    at: [{ d: 512, samples: 1024, varQ: '100', varK: '1/100', ask: 'scaled' }, { d: 8, samples: 65_536, varQ: '999999/10000', varK: '1', ask: 'raw' }],
    over: [{ d: 513, samples: 16, varQ: '1', varK: '1', ask: 'raw' }, { d: 512, samples: 1025, varQ: '1', varK: '1', ask: 'raw' }],
  },
  'moe-routing': {
    at: [{ tokens: 512, experts: 256, k: 16, capacityFactor: 8 }, { tokens: 16_384, experts: 8, k: 7, capacityFactor: 1.001 }],
    over: [{ tokens: 16_385, experts: 2, k: 1, capacityFactor: 1 }, { tokens: 1024, experts: 256, k: 1, capacityFactor: 1 }],
  },
  'gau-params': {
    at: [
      { ask: 'ratio', d: 1_000_000, e: 1_000_000, s: 1_000_000, dff: 1_000_000, biases: true },
      { ask: 'chunk', e: 1_000_000, s: 1_000_000, n: 1 << 20, chunk: 16 },
    ],
    over: [{ ask: 'gau', d: 1_000_001, e: 1, s: 1, biases: false }, { ask: 'chunk', e: 1, s: 1, n: (1 << 20) + 2, chunk: 2 }],
  },
  'init-variance': {
    at: [
      { ask: 'init', scheme: 'he', quantity: 'bound', fanIn: 10_000_000, fanOut: 9_999_999 },
      { ask: 'init', scheme: 'xavier', quantity: 'std', fanIn: 9_999_991, fanOut: 10_000_000 },
      { ask: 'dot', d: 4096, varQ: '999999999999/1000000', varK: '1/999999999989' },
    ],
    over: [{ ask: 'init', scheme: 'he', quantity: 'std', fanIn: 10_000_001, fanOut: 1 }, { ask: 'dot', d: 4097, varQ: 1, varK: 1 }],
  },
  'moe-params': {
    at: [
      { ask: 'both', d: 65_536, dff: 262_144, experts: 256, topK: 256, layers: 32, shared: 10_000_000_000_000, biases: true, gated: true },
      { ask: 'memory', d: 65_536, dff: 262_144, experts: 64, topK: 1, layers: 128, shared: 10_000_000_000_000, biases: true, gated: true, bytes: '15.99999' },
    ],
    over: [
      { ask: 'total', d: 65_537, dff: 1, experts: 1, topK: 1, layers: 1, shared: 0, biases: false, gated: false },
      { ask: 'total', d: 1, dff: 1, experts: 256, topK: 1, layers: 33, shared: 0, biases: false, gated: false },
    ],
  },
  'harmonic-number': {
    at: [{ ask: 'exact', n: 500 }, { ask: 'error', n: 10_000_000 }, { ask: 'threshold', t: 15 }, { ask: 'threshold', t: '14.99999999999' }],
    over: [{ ask: 'exact', n: 501 }, { ask: 'error', n: 10_000_001 }, { ask: 'threshold', t: 16 }],
  },
  'sparse-attention-cost': {
    at: [
      { pattern: 'window', ask: 'flops-ratio', n: 1_000_000, w: 999_999, d: 16_384 },
      { pattern: 'global', ask: 'count', n: 200_000, w: 100_000, g: 199_999 },
      { pattern: 'bigbird', ask: 'flops-ratio', n: 200_000, w: 10, g: 100, r: 400, d: 16_384 },
      { pattern: 'bigbird', ask: 'count', n: 200_000, w: 99_000, g: 1000, r: 400 },
    ],
    over: [{ pattern: 'window', ask: 'count', n: 1_000_001, w: 1 }, { pattern: 'global', ask: 'count', n: 200_001, w: 1, g: 1 }, { pattern: 'bigbird', ask: 'count', n: 10_000, w: 10, g: 10, r: 401 }],
  },
  'matrix-definiteness': {
    at: [
      { A: [[1000, -1000, 999], [-1000, 1000, -999], [999, -999, 1000]], ask: 'classify' },
      { A: [[-1000, 999], [999, 1000]], ask: 'eigenvalues' },
      { A: [[1000, 1000, 1000], [1000, 1000, 1000], [1000, 1000, -1000]], ask: 'minors' },
    ],
    over: [{ A: [[1001, 0], [0, 1]], ask: 'classify' }, { A: [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]], ask: 'classify' }],
  },
};

function timed<T>(work: () => T): [T, number] {
  const started = performance.now();
  const value = work();
  return [value, performance.now() - started];
}

describe('family parameter caps', () => {
  // NOTE: loading TensorFlow.js (~1 s, once per process) is not the work of the verify that happens to come first.
  beforeAll(async () => {
    await tensor.loadTensorFlow();
  });

  it('has cases for every family', () => {
    expect(Object.keys(caps).sort()).toEqual(families.map((f) => f.id).sort());
  });

  for (const [id, { at, over }] of Object.entries(caps)) {
    describe(id, () => {
      at.forEach((params, i) => {
        it(`at its caps (#${i + 1}): solve, verify and steps each finish within ${boundMs} ms`, async () => {
          const family = familyById(id)!;
          const [, solveMs] = timed(() => solveParams(family, params));
          const started = performance.now();
          const verification = await verifyInstance(family, params);
          const verifyMs = performance.now() - started;
          const [steps, stepsMs] = timed(() => renderSteps(family, params, 'en'));
          expect(verification.ok, JSON.stringify(verification)).toBe(true);
          expect(steps.length).toBeGreaterThan(0);
          expect({ solveMs, verifyMs, stepsMs }).toEqual({
            solveMs: expect.toBeWithin(0, boundMs),
            verifyMs: expect.toBeWithin(0, boundMs),
            stepsMs: expect.toBeWithin(0, boundMs),
          });
        });
      });
      over.forEach((params, i) => {
        it(`just over its caps (#${i + 1}) is refused with InvalidParamsError`, () => {
          expect(() => solveParams(familyById(id)!, params)).toThrow(InvalidParamsError);
        });
      });
    });
  }
});

declare module 'vitest' {
  interface AsymmetricMatchersContaining {
    toBeWithin(min: number, max: number): unknown;
  }
}

expect.extend({
  toBeWithin(received: number, min: number, max: number) {
    const pass = received >= min && received < max;
    return { pass, message: () => `expected ${received.toFixed(1)} ms to be below ${max} ms` };
  },
});
