import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { checkAnswer, generateInstance, renderPrompt, renderSteps, solveParams, verifyInstance } from '../../../engine';
import { splitMath } from '../../../lib/rich-text';
import { moeParams } from '.';

/** Mixtral-8x7B-like: 32 layers, 8 SwiGLU experts of 4096 → 14336 → 4096, top-2. */
const mixtral = { d: 4096, dff: 14336, experts: 8, topK: 2, layers: 32, shared: 1_604_587_520, biases: false, gated: true };
const small = { d: 512, dff: 2048, experts: 8, topK: 2, layers: 1, shared: 0, biases: false, gated: false };

describe('moe-params', () => {
  it('reproduces Mixtral’s 46.7B total and 12.9B active parameters', () => {
    expect(solveParams(moeParams, { ask: 'both', ...mixtral })).toEqual({
      total: 46_702_792_704,
      active: 12_879_925_248,
      exact: { total: '46702792704', active: '12879925248' },
    });
    expect(solveParams(moeParams, { ask: 'ratio', ...mixtral })).toMatchObject({ value: 46_702_792_704 / 12_879_925_248 });
  });

  it('counts expert FLOPs per token and weight memory', () => {
    expect(solveParams(moeParams, { ask: 'flops', ...mixtral })).toEqual({ value: 22_548_578_304, exact: '22548578304' });
    expect(solveParams(moeParams, { ask: 'memory', ...mixtral, bytes: 2 })).toMatchObject({ value: 93.405585408 });
    expect(solveParams(moeParams, { ask: 'memory', ...mixtral, bytes: '1/2' })).toMatchObject({ value: 23.351396352, exact: '45608196/1953125' });
    expect(solveParams(moeParams, { ask: 'total', ...small, biases: true })).toMatchObject({ value: 4096 + 8 * (2 * 512 * 2048 + 2048 + 512) });
    expect(solveParams(moeParams, { ask: 'total', ...small, biases: true, gated: true })).toMatchObject({ value: 4096 + 8 * (3 * 512 * 2048 + 2 * 2048 + 512) });
  });

  it('verifies by an itemised inventory and a routed, traced token', async () => {
    for (const params of [
      { ask: 'both', ...mixtral },
      { ask: 'flops', ...mixtral, topK: 8 },
      { ask: 'memory', ...small, bytes: 0.5 },
      { ask: 'active', ...small, biases: true, gated: true, layers: 3, shared: 7 },
      { ask: 'ratio', d: 64, dff: 64, experts: 256, topK: 256, layers: 32, shared: 0, biases: true, gated: true },
    ]) {
      expect(await verifyInstance(moeParams, params)).toMatchObject({ ok: true });
    }
  });

  it('validates and caps params', () => {
    expect(() => solveParams(moeParams, { ask: 'total', ...small, topK: 9 })).toThrow(/topK must be between 1 and 8/);
    expect(() => solveParams(moeParams, { ask: 'total', ...small, experts: 1000 })).toThrow(/experts must be between/);
    expect(() => solveParams(moeParams, { ask: 'memory', ...small })).toThrow(/missing param bytes/);
    expect(() => solveParams(moeParams, { ask: 'total', ...small, bytes: 2 })).toThrow(/only used/);
    expect(() => solveParams(moeParams, { ask: 'memory', ...small, bytes: -2 })).toThrow(/bytes must be positive/);
    expect(() => solveParams(moeParams, { ask: 'total', ...small, gated: 'yes' })).toThrow(/gated must be true or false/);
    // A real own `__proto__` key (as JSON.parse makes it; an object literal would set the prototype
    // instead) is an unknown param, and so is `constructor`.
    const withProto = JSON.parse(JSON.stringify({ ask: 'total', ...small }).replace(/^\{/, '{"__proto__":{"x":1},')) as Record<string, unknown>;
    expect(Object.hasOwn(withProto, '__proto__')).toBe(true);
    expect(() => solveParams(moeParams, withProto)).toThrow(/unknown param "__proto__"/);
    const withConstructor = { ask: 'total', ...small };
    Object.defineProperty(withConstructor, 'constructor', { value: { x: 1 }, enumerable: true });
    expect(() => solveParams(moeParams, withConstructor)).toThrow(/unknown param "constructor"/);
    // Inherited properties are never read: `bytes` on the prototype neither counts nor trips "only used".
    const inherits = Object.assign(Object.create({ bytes: 2, ask: 'memory' }) as object, { ask: 'total', ...small });
    expect(solveParams(moeParams, inherits)).toEqual(solveParams(moeParams, { ask: 'total', ...small }));
    expect(() => solveParams(moeParams, 'moe')).toThrow(/object/);
  });

  it('names the usual miscounts', () => {
    expect(checkAnswer(moeParams, { ask: 'active', ...mixtral }, '46702792704')).toMatchObject({ note: 'all-experts-active' });
    expect(checkAnswer(moeParams, { ask: 'active', ...mixtral }, '12879925248 - 1604587520')).toMatchObject({ note: 'forgot-shared' });
    expect(checkAnswer(moeParams, { ask: 'active', ...mixtral }, '12879925248 - 32*4096*8')).toMatchObject({ note: 'forgot-router' });
    expect(checkAnswer(moeParams, { ask: 'total', ...mixtral }, '1604587520 + 4096*8 + 8*3*4096*14336')).toMatchObject({ note: 'one-layer' });
    expect(checkAnswer(moeParams, { ask: 'flops', ...mixtral }, '32*2*3*4096*14336')).toMatchObject({ note: 'counted-macs-not-flops' });
    expect(checkAnswer(moeParams, { ask: 'ratio', ...mixtral }, '0.2758')).toMatchObject({ note: 'ratio-inverted' });
  });

  it('writes steps from the computation, and every formula renders with KaTeX', () => {
    const steps = renderSteps(moeParams, { ask: 'both', ...mixtral }, 'en');
    expect(steps).toContain('176\\,160\\,768');
    expect(steps).toContain('46\\,702\\,792\\,704');
    expect(renderSteps(moeParams, { ask: 'memory', ...mixtral, bytes: 2 }, 'zh')).toContain('93.405585');
    for (const level of moeParams.levels) {
      for (let seed = 0; seed < 20; seed++) {
        const { params } = generateInstance(moeParams, seed, level);
        for (const lang of ['en', 'zh'] as const) {
          for (const text of [renderPrompt(moeParams, params, lang), renderSteps(moeParams, params, lang)]) {
            for (const s of splitMath(text)) {
              if (s.kind !== 'text') expect(() => katex.renderToString(s.tex, { throwOnError: true, displayMode: s.kind === 'display' })).not.toThrow();
            }
          }
        }
      }
    }
  });
});
