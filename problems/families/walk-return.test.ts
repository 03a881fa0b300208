import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { checkAnswer, generateInstance, renderPrompt, renderSteps, solveParams, verifyInstance } from '../../engine';
import { splitMath } from '../../lib/rich-text';
import { walkReturn as FAMILY } from './walk-return';

/** Brute force over all 2ⁿ paths (test oracle, small n): exact numerator over 2ⁿ·… as a double. */
function enumerate(n: number, p: number, quantity: string): number {
  let total = 0;
  for (let mask = 0; mask < 2 ** n; mask++) {
    let s = 0;
    let prob = 1;
    let visited = false;
    let firstAt = -1;
    let abs = 0;
    for (let t = 1; t <= n; t++) {
      const up = (mask >> (t - 1)) & 1;
      s += up ? 1 : -1;
      prob *= up ? p : 1 - p;
      if (s === 0 && !visited) {
        visited = true;
        firstAt = t;
      }
    }
    abs = Math.abs(s);
    if (quantity === 'return' && s === 0) total += prob;
    if (quantity === 'first-return' && firstAt === n) total += prob;
    if (quantity === 'no-return' && !visited) total += prob;
    if (quantity === 'mean-abs') total += abs * prob;
  }
  return total;
}

describe('walk-return', () => {
  it('gives exact return, first-return, no-return and mean-distance values', () => {
    expect(solveParams(FAMILY, { quantity: 'return', n: 4, p: '1/2' })).toEqual({ value: 0.375, exact: '3/8' });
    expect(solveParams(FAMILY, { quantity: 'return', n: 20, p: '1/2' })).toMatchObject({ exact: '46189/262144' });
    expect(solveParams(FAMILY, { quantity: 'first-return', n: 2, p: '1/2' })).toMatchObject({ exact: '1/2' });
    expect(solveParams(FAMILY, { quantity: 'first-return', n: 6, p: '1/2' })).toMatchObject({ exact: '1/16' });
    expect(solveParams(FAMILY, { quantity: 'no-return', n: 10, p: '1/2' })).toMatchObject({ exact: '63/256' });
    expect(solveParams(FAMILY, { quantity: 'mean-abs', n: 8, p: '1/2' })).toMatchObject({ exact: '35/16' });
    expect(solveParams(FAMILY, { quantity: 'return', n: 7, p: '1/3' })).toMatchObject({ exact: '0' });
    expect(solveParams(FAMILY, { quantity: 'no-return', n: 5, p: 1 })).toMatchObject({ exact: '1' });
    expect(solveParams(FAMILY, { quantity: 'mean-abs', n: 5, p: 0 })).toMatchObject({ exact: '5' });
  });

  it('matches brute force over all paths for small n and several p', () => {
    for (const quantity of ['return', 'first-return', 'no-return', 'mean-abs']) {
      for (const p of ['1/2', '1/3', '3/4', '0.3']) {
        for (let n = 1; n <= 10; n++) {
          const got = solveParams(FAMILY, { quantity, n, p }).value as number;
          const pNumber = p.includes('/') ? Number(p.split('/')[0]) / Number(p.split('/')[1]) : Number(p);
          expect(got).toBeCloseTo(enumerate(n, pNumber, quantity), 12);
        }
      }
    }
  });

  it('verifies by exact dynamic programming, up to the size cap', async () => {
    for (const params of [
      { quantity: 'first-return', n: 30, p: '2/5' },
      { quantity: 'no-return', n: 25, p: '3/7' },
      { quantity: 'mean-abs', n: 400, p: '1/2' },
      { quantity: 'return', n: 400, p: '1/3' },
    ]) {
      expect(await verifyInstance(FAMILY, params)).toMatchObject({ ok: true, method: expect.stringMatching(/dynamic programming/) });
    }
  });

  it('validates params, capping the exact work', () => {
    expect(() => solveParams(FAMILY, { quantity: 'return', n: 0, p: '1/2' })).toThrow(/n must be between 1/);
    expect(() => solveParams(FAMILY, { quantity: 'return', n: 401, p: '1/2' })).toThrow(/n must be between/);
    expect(() => solveParams(FAMILY, { quantity: 'return', n: 400, p: '123456789/1000000000' })).toThrow(/at most 1200/);
    expect(() => solveParams(FAMILY, { quantity: 'return', n: 4, p: 1.5 })).toThrow(/p is too large/);
    expect(() => solveParams(FAMILY, { quantity: 'return', n: 4, p: 'half' })).toThrow(/fraction/);
    expect(() => solveParams(FAMILY, { quantity: 'last-return', n: 4, p: '1/2' })).toThrow(/quantity must be one of/);
    expect(() => solveParams(FAMILY, { quantity: 'return', n: 4 })).toThrow(/missing param p/);
  });

  it('diagnoses the usual slips', () => {
    expect(checkAnswer(FAMILY, { quantity: 'return', n: 6, p: '1/2' }, '1/64')).toMatchObject({ note: 'missing-binomial-coefficient' });
    expect(checkAnswer(FAMILY, { quantity: 'return', n: 5, p: '1/2' }, 'C(5,2)/32')).toMatchObject({ note: 'impossible-parity' });
    expect(checkAnswer(FAMILY, { quantity: 'first-return', n: 8, p: '1/3' }, 'C(8,4)*(2/9)^4')).toMatchObject({ note: 'not-first-return' });
    expect(checkAnswer(FAMILY, { quantity: 'first-return', n: 8, p: '1/3' }, 'C(8,4)*(2/9)^4/7')).toMatchObject({ correct: true });
    expect(checkAnswer(FAMILY, { quantity: 'no-return', n: 6, p: '1/2' }, '1 - 5/16')).toMatchObject({ note: 'complement' });
    expect(checkAnswer(FAMILY, { quantity: 'no-return', n: 7, p: '1/2' }, '5/32')).toMatchObject({ note: 'one-side-only' });
    expect(checkAnswer(FAMILY, { quantity: 'mean-abs', n: 6, p: '2/3' }, '2')).toMatchObject({ note: 'signed-mean' });
    expect(checkAnswer(FAMILY, { quantity: 'mean-abs', n: 6, p: '1/2' }, 'sqrt(6)')).toMatchObject({ note: 'root-mean-square' });
    expect(checkAnswer(FAMILY, { quantity: 'mean-abs', n: 8, p: '1/2' }, '2.19')).toMatchObject({ correct: true });
  });

  it('keeps the worked solution short and exact for large n', () => {
    const big = renderSteps(FAMILY, { quantity: 'mean-abs', n: 400, p: '1/3' }, 'en');
    expect(big.length).toBeLessThan(2000);
    expect(big).toContain('\\approx');
    const small = renderSteps(FAMILY, { quantity: 'first-return', n: 6, p: '1/2' }, 'en');
    expect(small).toContain('C_{2} = \\frac{1}{3}\\binom{4}{2} = 2');
    expect(small).toContain('\\frac{1}{16}');
    expect(renderSteps(FAMILY, { quantity: 'no-return', n: 4, p: '1/2' }, 'zh')).toContain('投票定理');
    expect(renderPrompt(FAMILY, { quantity: 'first-return', n: 6, p: '1/2' }, 'en')).toContain('**for the first time**');
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
});
