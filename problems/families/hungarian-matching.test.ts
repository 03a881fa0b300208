import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { checkAnswer, generateInstance, renderPrompt, renderSteps, solveParams, verifyInstance } from '../../engine';
import { splitMath } from '../../lib/rich-text';
import { Rational } from '../../engine';
import { detrCost, hungarianMatching as FAMILY, round2 } from './hungarian-matching';

/** All permutations of 0..n−1 (test oracle for random matrices). */
function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]));
}

describe('hungarian-matching', () => {
  it('finds the minimum-cost one-to-one assignment (1-based query numbers)', () => {
    expect(solveParams(FAMILY, { cost: [[4, 1, 3], [2, 0, 5], [3, 2, 2]], ask: 'both' })).toEqual({ cost: 5, assignment: [2, 1, 3], exact: { cost: '5' } });
    expect(solveParams(FAMILY, { cost: [[1, 2, 9], [2, 9, 9], [9, 1, 1]], ask: 'both' })).toMatchObject({ assignment: [2, 1, 3], cost: 5 });
    // Rectangular (DETR padding): two objects, four queries.
    expect(solveParams(FAMILY, { cost: [['-0.9', 0.4, 1.2, 0.3], [1.1, '-0.2', '-0.8', 0.5]], ask: 'both' })).toMatchObject({ assignment: [1, 3], exact: { cost: '-17/10' } });
    expect(solveParams(FAMILY, { cost: [[7]], ask: 'cost' })).toEqual({ cost: 7, exact: { cost: '7' } });
    expect(solveParams(FAMILY, { cost: [['1/3', '1/2']], ask: 'both' })).toMatchObject({ assignment: [1], exact: { cost: '1/3' } });
  });

  it('agrees with brute force on random matrices up to 6×6 (the Hungarian solver, not just the sweep)', () => {
    let state = 12345;
    const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + Math.floor(next() * 6);
      const m = 1 + Math.floor(next() * n);
      const cost = Array.from({ length: m }, () => Array.from({ length: n }, () => Math.floor(next() * 41) - 10));
      let best = Infinity;
      for (const p of permutations(n)) best = Math.min(best, cost.reduce((s, row, i) => s + (row[p[i] as number] as number), 0));
      expect(solveParams(FAMILY, { cost, ask: 'cost' }).cost).toBe(best);
    }
  });

  it('verifies by brute force, and refuses to certify an assignment that is not unique', async () => {
    expect(await verifyInstance(FAMILY, { cost: [[4, 1, 3], [2, 0, 5], [3, 2, 2]], ask: 'both' })).toMatchObject({ ok: true, method: expect.stringMatching(/6 one-to-one/) });
    const six = Array.from({ length: 6 }, (_, i) => Array.from({ length: 6 }, (_, j) => ((i * 7 + j * 3) % 11) + i * j));
    expect(await verifyInstance(FAMILY, { cost: six, ask: 'cost' })).toMatchObject({ ok: true, method: expect.stringMatching(/720/) });
    const tied = { cost: [[1, 1], [1, 1]], ask: 'both' };
    expect(await verifyInstance(FAMILY, tied)).toMatchObject({ ok: false, detail: expect.stringMatching(/not unique/) });
    expect(await verifyInstance(FAMILY, { ...tied, ask: 'cost' })).toMatchObject({ ok: true });
  });

  it('generates unique optima, and mostly instances where greedy fails, above the easy level', () => {
    let greedyFails = 0;
    for (let seed = 0; seed < 100; seed++) {
      const instance = generateInstance(FAMILY, seed, 'hard');
      const cost = (instance.params as { cost: number[][] }).cost;
      expect(cost.length).toBeLessThan((cost[0] as number[]).length);
      const steps = renderSteps(FAMILY, instance.params, 'en');
      if (steps.includes('(greedy)')) greedyFails++;
    }
    expect(greedyFails).toBeGreaterThan(60);
  });

  it('validates params', () => {
    expect(() => solveParams(FAMILY, { cost: [[1, 2], [3, 4], [5, 6]], ask: 'cost' })).toThrow(/between 3 \(one per object\)/);
    expect(() => solveParams(FAMILY, { cost: [[1, 2], [3]], ask: 'cost' })).toThrow(/row 1 must have 2 entries/);
    expect(() => solveParams(FAMILY, { cost: Array.from({ length: 7 }, () => new Array(7).fill(1)), ask: 'cost' })).toThrow(/1 to 6 rows/);
    expect(() => solveParams(FAMILY, { cost: [[1, 'x']], ask: 'cost' })).toThrow(/cost\[0\]\[1\]/);
    expect(() => solveParams(FAMILY, { cost: [[1, 1e300]], ask: 'cost' })).toThrow(/too large/);
    expect(() => solveParams(FAMILY, { cost: [], ask: 'cost' })).toThrow(/1 to 6 rows/);
    expect(() => solveParams(FAMILY, { cost: [[1]], ask: 'all' })).toThrow(/ask must be one of/);
    expect(() => solveParams(FAMILY, { cost: 'matrix', ask: 'cost' })).toThrow(/matrix/);
  });

  it('diagnoses greedy, row minima, 0-based indices, the inverse map and maximising', () => {
    const params = { cost: [[1, 2, 9], [2, 9, 9], [9, 1, 1]], ask: 'both' };
    expect(checkAnswer(FAMILY, params, { assignment: '[1, 2, 3]', cost: '11' })).toMatchObject({ correct: false, note: 'greedy' });
    expect(checkAnswer(FAMILY, params, { assignment: '[1, 0, 2]', cost: '5' })).toMatchObject({ correct: false, note: 'zero-based', parts: { cost: { correct: true } } });
    expect(checkAnswer(FAMILY, { cost: [[4, 1, 3], [2, 0, 5], [3, 2, 2]], ask: 'cost' }, '3')).toMatchObject({ note: 'row-minima' });
    expect(checkAnswer(FAMILY, { cost: [[5, 1, 9], [9, 5, 1], [1, 9, 5]], ask: 'both' }, { assignment: '[3, 1, 2]', cost: '3' })).toMatchObject({ note: 'inverse-mapping' });
    expect(checkAnswer(FAMILY, { cost: [[4, 1, 3], [2, 0, 5], [3, 2, 2]], ask: 'cost' }, '11')).toMatchObject({ note: 'maximised' });
    expect(checkAnswer(FAMILY, params, { assignment: '[2, 1, 3]', cost: '5.0' })).toMatchObject({ correct: true });
    expect(checkAnswer(FAMILY, params, { assignment: '[2, 1, 3]', cost: '5.001' })).toMatchObject({ correct: false });
    expect(checkAnswer(FAMILY, params, { assignment: '[2, 1]', cost: '5' })).toMatchObject({ kind: 'invalid', reason: 'wrong-shape' });
  });

  it('certifies optimality with potentials in the steps, and enumerates small cases', () => {
    const square = renderSteps(FAMILY, { cost: [[8, 4, 7, 2], [5, 2, 3, 9], [9, 4, 8, 6], [3, 6, 1, 7]], ask: 'both' }, 'en');
    expect(square).toContain('u_i + v_j \\le C_{ij}');
    expect(square).toContain('\\boxed{0}');
    const rect = renderSteps(FAMILY, { cost: [['-0.9', 0.4, 1.2, 0.3], [1.1, '-0.2', '-0.8', 0.5]], ask: 'both' }, 'zh');
    expect(rect).toContain('\\varnothing_{2}');
    expect(rect).toContain('-0.9 + (-0.8) = -1.7');
    const small = renderSteps(FAMILY, { cost: [[4, 1, 3], [2, 0, 5], [3, 2, 2]], ask: 'cost' }, 'en');
    expect(small).toContain('$\\sigma = [2, 1, 3]$: $1 + 2 + 2 = 5$');
    expect(renderPrompt(FAMILY, { cost: [[4, 1, 3], [2, 0, 5], [3, 2, 2]], ask: 'both' }, 'en')).toContain('counting from 1');
    expect(renderPrompt(FAMILY, { cost: [[4, 1, 3], [2, 0, 5], [3, 2, 2]], ask: 'both' }, 'zh')).toContain('从 1 开始');
  });

  it('renders every prompt and worked solution with KaTeX, in both languages', () => {
    for (const level of FAMILY.levels) {
      for (let seed = 0; seed < 20; seed++) {
        const { params } = generateInstance(FAMILY, seed, level);
        for (const lang of ['en', 'zh'] as const) {
          for (const text of [renderPrompt(FAMILY, params, lang), renderSteps(FAMILY, params, lang)]) {
            expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f]|undefined|NaN/);
            for (const s of splitMath(text)) {
              if (s.kind !== 'text') expect(() => katex.renderToString(s.tex, { throwOnError: true, displayMode: s.kind === 'display' })).not.toThrow();
            }
          }
        }
      }
    }
  });

  it("builds the table from DETR's matching cost: −p̂ + 5·L1 − 2·GIoU (v1 drew random numbers)", () => {
    const R = (xs: number[]) => xs.map((x) => Rational.parse(String(x)) as Rational) as unknown as readonly [Rational, Rational, Rational, Rational];
    // g = (0.2, 0.4, 0.45, 0.55), b̂ = (0.35, 0.45, 0.95, 0.6): L1 over (cx, cy, w, h) = 0.325 + 0.05 + 0.35 + 0 = 0.725,
    // intersection 0.1·0.1 = 0.01, union 0.0375 + 0.09 − 0.01 = 0.1175 (IoU 4/47), hull 0.75·0.2 = 0.15.
    const t = detrCost(R([0.2, 0.4, 0.45, 0.55]), R([0.35, 0.45, 0.95, 0.6]), Rational.parse('0.1') as Rational);
    expect(t.l1.toString()).toBe('29/40');
    expect(t.iou.toString()).toBe('4/47');
    expect(t.giou.toNumber()).toBeCloseTo(4 / 47 - (0.15 - 0.1175) / 0.15, 12);
    expect(t.exact.toNumber()).toBeCloseTo(-0.1 + 5 * 0.725 - 2 * t.giou.toNumber(), 12);
    expect(round2(t.exact).toString()).toBe('379/100');
    expect(round2(Rational.parse('-1.005') as Rational).toString()).toBe('-101/100'); // half away from zero
    // A perfect prediction with p̂ = 1 costs −1 − 2 = −3.
    expect(detrCost(R([0.1, 0.1, 0.5, 0.5]), R([0.1, 0.1, 0.5, 0.5]), Rational.one).exact.toString()).toBe('-3');
    for (const level of FAMILY.levels) {
      for (let seed = 0; seed < 40; seed++) {
        const { params } = generateInstance(FAMILY, seed, level);
        expect(params.detr, `${level} ${seed}`).toBeDefined();
        expect(renderPrompt(FAMILY, params, 'en')).toContain('\\mathrm{GIoU}');
        expect(renderSteps(FAMILY, params, 'zh')).toContain('表中每一项都按 DETR 的公式计算');
      }
    }
  });

  it('refuses a cost table that is not the scene\'s DETR cost, and verify recomputes it', () => {
    const { params } = generateInstance(FAMILY, 3, 'hard');
    const cost = (params.cost as number[][]).map((row) => [...row]);
    (cost[0] as number[])[0] = ((cost[0] as number[])[0] as number) + 0.01;
    expect(() => solveParams(FAMILY, { ...params, cost })).toThrow(/DETR's cost of the scene rounded to 0.01/);
    expect(() => solveParams(FAMILY, { ...params, detr: { ...(params.detr as object), gt: [[0.5, 0.5, 0.4, 0.6]] } })).toThrow(/rows of 4 numbers|must be a box/);
  });
});
