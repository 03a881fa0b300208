import { describe, expect, it } from 'vitest';
import { charge, remainingWork, tryWithBudget, withBudget, WorkLimitExceeded } from './budget';
import { BallOps, decimalArith } from './ball';
import { foldExact } from './evaluate';
import { parseExpr } from './parse';

const parse = (s: string) => {
  const r = parseExpr(s, { variables: 'any' });
  if (!r.ok) throw new Error(r.message.en);
  return r.expr;
};

describe('work budget', () => {
  it('is unlimited outside a budget and counts inside one', () => {
    expect(remainingWork()).toBe(Infinity);
    charge(1e9);
    expect(remainingWork()).toBe(Infinity);
    expect(withBudget(100, () => {
      charge(30);
      return remainingWork();
    })).toBe(70);
    expect(remainingWork()).toBe(Infinity);
  });

  it('throws when spent, and tryWithBudget turns that into a value', () => {
    expect(() => withBudget(10, () => charge(11))).toThrow(WorkLimitExceeded);
    expect(tryWithBudget(10, () => charge(11))).toEqual({ ok: false });
    expect(tryWithBudget(10, () => 5)).toEqual({ ok: true, value: 5 });
  });

  it('charges nested work to the enclosing budget, and never gives more than is left', () => {
    const left = withBudget(100, () => {
      const inner = tryWithBudget(1000, () => {
        const start = remainingWork();
        charge(40);
        return start;
      });
      expect(inner).toEqual({ ok: true, value: 100 });
      return remainingWork();
    });
    expect(left).toBe(60);
    // An inner budget that runs out leaves the outer one going when it still has work left …
    expect(withBudget(100, () => [tryWithBudget(10, () => charge(20)).ok, remainingWork()])).toEqual([false, 80]);
    // … but an outer budget that is itself spent stops its caller.
    expect(() => withBudget(10, () => tryWithBudget(1000, () => charge(20)))).toThrow(WorkLimitExceeded);
  });

  it('is charged by ball arithmetic at a cost growing with the precision', () => {
    const cost = (digits: number) => {
      const ops = new BallOps(decimalArith(digits));
      const x = { m: ops.A.fromNumber(2), r: ops.A.zero };
      return withBudget(1e9, () => {
        ops.exp(x);
        ops.mul(x, x);
        return 1e9 - remainingWork();
      });
    };
    expect(cost(40)).toBeGreaterThan(100);
    expect(cost(400)).toBeGreaterThan(10 * cost(40));
  });

  it('is charged by exact big-number work (gcd, binomials)', () => {
    const used = (text: string) => withBudget(1e12, () => {
      foldExact(parse(text));
      return 1e12 - remainingWork();
    });
    expect(used('C(20000, 10000) / 3^5000')).toBeGreaterThan(10_000);
    expect(used('1/3 + 1/7')).toBeLessThan(10);
    expect(tryWithBudget(1000, () => foldExact(parse('C(20000, 9000) + 1/3')))).toEqual({ ok: false });
  });
});
