import { describe, expect, it } from 'vitest';
import { compareExpressions, createBatchHandler, createRegistry, equivalent } from './index';
import { HARD_PAIRS } from './equivalence-cases';

/** [a, b, equivalent?, why] — equal for all real values where both sides are defined. */
const CASES: ReadonlyArray<readonly [string, string, boolean, string?]> = [
  // the cases named in the issue
  ['x', 'sqrt(x^2)', false, 'differ for x < 0'],
  ['abs(x)', 'sqrt(x^2)', true],
  ['(x-1)^2', 'x^2-2*x+1', true],
  ['cos(x)^2+sin(x)^2', '1', true],
  ['sqrt(12)', '2*sqrt(3)', true],
  ['[1,2]', '[1,2,3]', false, 'shapes differ'],
  ['(19601-13860*sqrt(2))^(7/4)', '(5*sqrt(2)-7)^7', true, '5√2−7 ≈ 0.0711 > 0, so both are (5√2−7)^7'],
  ['(19601-13860*sqrt(2))^(7/4)', '(7-5*sqrt(2))^7', false, 'the right side is negative'],
  // polynomials and rational functions (exact path)
  ['(x+y)^10', 'x^10 + 10*x^9*y + 45*x^8*y^2 + 120*x^7*y^3 + 210*x^6*y^4 + 252*x^5*y^5 + 210*x^4*y^6 + 120*x^3*y^7 + 45*x^2*y^8 + 10*x*y^9 + y^10', true],
  ['(x+y)^10', 'x^10 + 10*x^9*y + 45*x^8*y^2 + 120*x^7*y^3 + 210*x^6*y^4 + 253*x^5*y^5 + 210*x^4*y^6 + 120*x^3*y^7 + 45*x^2*y^8 + 10*x*y^9 + y^10', false, 'one coefficient differs'],
  ['(x+1)^40', '(x+1)^39*(x+1)', true],
  ['(x+1)^40 + 1', '(x+1)^39*(x+1)', false],
  ['(x^2-1)/(x-1)', 'x+1', true, 'equal wherever both are defined'],
  ['x/x', '1', true],
  ['1/(x-1) - 1/(x+1)', '2/(x^2-1)', true],
  ['0.1 + 0.2', '0.3', true, 'decimals are exact rationals'],
  ['x/2', '0.5*x', true],
  ['10^20 + 1', '10^20', false],
  ['x + 10^-30', 'x', false],
  ['1/2x', 'x/2', true, 'mathjs reads 1/2x as (1/2)·x'],
  // roots, absolute values, real-domain powers
  ['sqrt(8)', '2*sqrt(2)', true],
  ['sqrt(3+2*sqrt(2))', '1+sqrt(2)', true],
  ['(sqrt(2)+1)^2', '3+2*sqrt(2)', true],
  ['sqrt(2)', '1.4142135623730951', false, 'the double nearest √2 is not √2'],
  ['sqrt(10^40+1)', '10^20', false, 'relative difference 5e-41'],
  ['(-8)^(1/3)', '-2', true, 'odd roots of negatives are real'],
  ['x^(1/3)', 'cbrt(x)', true],
  ['(x^3)^(1/3)', 'x', true],
  ['(x^2)^(1/2)', 'x', false],
  ['(x^2)^(1/2)', 'abs(x)', true],
  ['x^(2/3)', 'cbrt(x)^2', true],
  ['sqrt(x)^2', 'x', false, 'domains differ: x ≥ 0 against all x'],
  ['abs(x*y)', 'abs(x)*abs(y)', true],
  ['abs(x+1000)', 'x+1000', false, 'differ only for x < −1000'],
  ['sqrt(x-1000)*2', '2*sqrt(x-1000)', true, 'domain x ≥ 1000'],
  ['abs(x-1)', 'x-1', false],
  // exponentials and logarithms
  ['exp(x+y)', 'exp(x)*exp(y)', true],
  ['e^(x+1)', 'e*e^x', true],
  ['2^(x+1)', '2*2^x', true],
  ['2^x', 'exp(x*log(2))', true],
  ['log(x^2)', '2*log(x)', false, 'the left side is also defined for x < 0'],
  ['ln(x*y)', 'ln(x)+ln(y)', false, 'the left side is also defined for x, y < 0'],
  ['exp(ln(x))', 'x', false, 'the left side is defined for x > 0 only'],
  ['log(exp(x))', 'x', true],
  ['log(x, 2)', 'log2(x)', true],
  ['log10(1000)', '3', true],
  ['x^y', 'exp(y*ln(x))', true],
  // trigonometry
  ['sin(2x)', '2sin(x)cos(x)', true],
  ['cos(2x)', '1 - 2sin(x)^2', true],
  ['cos(x)^2 - sin(x)^2', 'cos(2*x)', true],
  ['tan(x)^2 + 1', 'sec(x)^2', true],
  ['tan(x)', 'sin(x)/cos(x)', true],
  ['sin(x)^2', 'sin(x^2)', false],
  ['asin(sin(x))', 'x', false, 'only on [−π/2, π/2]'],
  ['asin(x)', 'pi/2 - acos(x)', true],
  ['atan(1)', 'pi/4', true],
  ['cos(pi/3)', '1/2', true],
  ['sin(x)+10^-30', 'sin(x)', false],
  ['cosh(x)^2 - sinh(x)^2', '1', true],
  ['sinh(x)', '(e^x - e^(-x))/2', true],
  ['pi', '355/113', false],
  ['pi', '3.14159', false],
  // counting
  ['C(5,2)', '10', true],
  ['5!', '120', true],
  ['C(10,3)/2^10', '15/128', true],
  // vectors and matrices
  ['[x, 2x]', '[x, x+x]', true],
  ['[[1,2],[3,4]]', '[[1,2],[3,4]]', true],
  ['[[1,2],[3,4]]', '[[1,2],[4,3]]', false],
  ['[1,2]', '3', false],
  // more domains and edge cases
  ['sqrt(x^2+2*x+1)', 'abs(x+1)', true],
  ['sqrt(x^2+2*x+1)', 'x+1', false],
  ['tan(x/2)', 'sin(x)/(1+cos(x))', true],
  ['cot(x)', '1/tan(x)', true],
  ['acos(cos(x))', 'abs(x)', false],
  ['atan(tan(x))', 'x', false],
  ['x^x', 'exp(x*ln(x))', true],
  ['sign(x)', 'x/abs(x)', true],
  ['x**2', 'x^2', true, 'Python-style power'],
  ['exp(-1000)', '0', false, 'underflows a double, not a real number'],
  ['sin(x)*10^-400', '0', false],
  ['exp(-1000)', 'exp(-500)^2', true],
  ['sin(pi)', '0', true],
  ['sin(pi/4)', 'sqrt(2)/2', true],
  ['x^0', '1', true],
  ['e', 'exp(1)', true],
  ['(1+1/999999)^999999', 'e', false],
  // different variables, no common domain
  ['x', 'y', false],
  ['sqrt(-1-x^2)', 'sqrt(-2-x^2)', false, 'no real point where both are defined'],
];

describe('equivalent', () => {
  it.each(CASES.map(([a, b, expected]) => ({ a, b, expected })))('$a ≡ $b is $expected', ({ a, b, expected }) => {
    expect(equivalent(a, b)).toBe(expected);
    expect(equivalent(b, a)).toBe(expected);
  });

  it(`decides ${HARD_PAIRS.length} hard pairs as a teacher would, in both directions`, () => {
    expect(HARD_PAIRS.length).toBeGreaterThanOrEqual(60);
    const wrong: string[] = [];
    for (const [a, b, expected, reason] of HARD_PAIRS) {
      for (const [x, y] of [[a, b], [b, a]] as const) {
        const r = compareExpressions(x, y);
        if (r.kind !== 'decided' || r.equivalent !== expected) wrong.push(`${x} ≡ ${y}: want ${expected} (${reason}), got ${JSON.stringify(r)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('the batch equiv op gives the same verdicts (sampled pairs)', async () => {
    const handle = createBatchHandler(createRegistry([]));
    for (const [a, b, expected] of HARD_PAIRS.filter((_, i) => i % 7 === 0)) {
      const out = JSON.parse(await handle(JSON.stringify({ op: 'equiv', a: b, b: a }))) as { equivalent: boolean };
      expect(out.equivalent).toBe(expected);
    }
  });

  it('says undecided, not a verdict, when the work budget runs out', async () => {
    const hostile = Array.from({ length: 40 }, (_, i) => `(1+${i + 1}e-300)^(1e300)`).join('+');
    const r = compareExpressions(hostile, 'x');
    expect(r).toMatchObject({ kind: 'undecided', equivalent: false, reason: 'undecided' });
    const handle = createBatchHandler(createRegistry([]));
    const out = JSON.parse(await handle(JSON.stringify({ op: 'equiv', a: hostile, b: 'x' }))) as Record<string, unknown>;
    expect(out).toEqual({ equivalent: false, reason: 'undecided', message: "Could not check this answer within the engine's limits; simplify it." });
    // One such term is cheap (two function calls at 400 digits) and decided against 3 …
    expect(compareExpressions('(1+1e-300)^(1e300)', '3')).toMatchObject({ kind: 'decided', equivalent: false });
    // … but not against e: it is e^(1 − 5·10^-301 …), and telling that from e needs ~700 digits.
    expect(compareExpressions('(1+1e-300)^(1e300)', 'e')).toMatchObject({ kind: 'undecided', equivalent: false });
  });

  it('reports the method', () => {
    expect(compareExpressions('(x-1)^2', 'x^2-2*x+1')).toEqual({ kind: 'decided', equivalent: true, method: 'exact' });
    expect(compareExpressions('[1,2]', '[1,2,3]')).toEqual({ kind: 'decided', equivalent: false, method: 'shape' });
    expect(compareExpressions('x', 'sqrt(x^2)')).toMatchObject({ equivalent: false, method: 'numeric' });
    expect(compareExpressions('sqrt(x-1)*sqrt(x+1)', 'sqrt(x^2-1)')).toEqual({ kind: 'decided', equivalent: false, method: 'domain' });
    expect(compareExpressions('(x^2-1)/(x+1)', 'x-1')).toEqual({ kind: 'decided', equivalent: true, method: 'exact' });
  });

  it('refuses unreadable input with a reason instead of a verdict', () => {
    expect(compareExpressions('x +', 'x')).toMatchObject({ kind: 'invalid', side: 'a', reason: 'syntax' });
    expect(compareExpressions('x', 'import("fs")')).toMatchObject({ kind: 'invalid', side: 'b', reason: 'bad-character' });
    expect(compareExpressions(42, 'x')).toMatchObject({ kind: 'invalid', reason: 'not-text' });
    expect(equivalent('1:9', '1:9')).toBe(false);
  });

  it('is deterministic', () => {
    const verdicts = Array.from({ length: 3 }, () => CASES.map(([a, b]) => equivalent(a, b)));
    expect(verdicts[1]).toEqual(verdicts[0]);
    expect(verdicts[2]).toEqual(verdicts[0]);
  });
});
