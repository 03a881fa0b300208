/**
 * Hostile question files fail with a clear error in well under a second: enormous ranges, huge
 * exponents, deep nesting, self-reference, alias bombs, 10 MB files, unsatisfiable constraints and
 * random combinations of them (fast-check). Each file goes through what POST /families runs:
 * compile, then the question tests over a few seeds of every level.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../engine';
import * as questions from '../engine/questions';

const LIMIT_MS = 1000;

function base(variables: string, extra = ''): string {
  return `id: hostile
article: harmonic-series
title: {en: Hostile, zh: 恶意}
symbols: [x]
variables:
${variables}
${extra}
prompt: {en: "Find {{v}}.", zh: "求 {{v}}。"}
answer: {value: {kind: number, expected: v}}
verify: ["v == v"]
tests:
  - {answer: v, correct: true}
  - {answer: "v + 1", correct: false}
`;
}

/**
 * Runs a file as POST /families would; returns the CPU time it took and the outcome. CPU time, not wall
 * time: the bound is on the work a file can cause, and a loaded machine must not fail the test.
 */
function run(text: string): { ms: number; ok: boolean; messages: string[] } {
  const t0 = process.cpuUsage();
  let ok = false;
  let messages: string[] = [];
  try {
    const r = questions.acceptQuestionFile(text, { seeds: 3 });
    ok = r.ok;
    messages = r.ok ? [] : r.problems.map((p) => p.message);
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    messages = [error.message];
  }
  const spent = process.cpuUsage(t0);
  return { ms: (spent.user + spent.system) / 1000, ok, messages };
}

const HOSTILE: readonly [string, string, RegExp][] = [
  ['enormous range', base('  a: {int: [0, "10^300"]}\n  v: "a"'), /too large/],
  ['huge exponent', base('  v: "2^(2^(2^20))"'), /too large|budget/],
  ['huge exponent of a fraction', base('  v: "(7/3)^(10^5)"'), /too large/],
  ['tower of factorials', base('  v: "factorial(factorial(20))"'), /too large/],
  ['nested sums', base('  v: "sum(sum(sum(i*j*k, k, 1, 10000), j, 1, 10000), i, 1, 10000)"'), /budget/],
  ['deep nesting', base(`  v: "${'('.repeat(5000)}1${')'.repeat(5000)}"`), /too (deeply|long|large)/],
  ['deep YAML nesting', base(`  v: ${'['.repeat(3000)}1${']'.repeat(3000)}`), /./],
  ['self-reference', base('  v: "v + 1"'), /unknown name v/],
  ['mutual reference', base('  a: "v"\n  v: "a"'), /unknown name v/],
  ['alias bomb', `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n`, /alias|Excessive|unknown key/i],
  ['10 MB file', base(`  v: "1"\n# ${'x'.repeat(10 * 1024 * 1024)}`), /too large/],
  ['unsatisfiable where', base('  a: {int: [1, 10]}\n  v: "a"', 'where: ["a > 100"]'), /unsatisfiable/],
  ['unsatisfiable verify', base('  a: {int: [1, 10]}\n  v: "a"').replace('verify: ["v == v"]', 'verify: ["v == v + 1"]'), /verify fails on every/],
  ['endless search', base('  v: "first(n < 0, n, 1)"'), /no n within|budget/],
  ['huge matrix', base('  M: {matrix: {size: 1000, int: [1, 2]}}\n  v: "det(M)"'), /too large/],
  ['huge harmonic', base('  v: "harmonic(10^14)"'), /too large|limited/],
  ['big binomial', base('  v: "binomial(10^9, 5*10^8)"'), /too large/],
  ['code injection', base('  v: "constructor.constructor(\'return process\')()"'), /unexpected|unknown/],
  ['mathjs-style range', base('  v: "1:999999999"'), /unexpected character/],
];

describe('hostile question files', () => {
  it.each(HOSTILE)('%s → a clear error in under a second', (_name, text, message) => {
    const r = run(text);
    expect(r.ok).toBe(false);
    expect(r.messages.join(' | ')).toMatch(message);
    expect(r.ms).toBeLessThan(LIMIT_MS);
  });

  it('random combinations of hostile pieces never hang or crash', { timeout: 120_000 }, () => {
    const number = fc.oneof(
      fc.integer({ min: -1000, max: 1000 }).map(String),
      fc.constantFrom('10^300', '2^(2^30)', '(-1)^(1/2)', '0', '1/0', '10^15', '99999999999999999999999', 'euler_gamma', 'pi'),
    );
    const expr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
      e: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        number,
        fc.constantFrom('a', 'b', 'v', 'x', 'M', 'u'),
        fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/', '^', '==', '<'), tie('e')).map(([l, op, r]) => `(${l}) ${op} (${r})`),
        fc.tuple(fc.constantFrom('sqrt', 'exp', 'log', 'factorial', 'harmonic', 'floor', 'abs', 'det', 'inv', 'norm', 'sin'), tie('e')).map(([f, a]) => `${f}(${a})`),
        fc.tuple(tie('e'), tie('e')).map(([l, r]) => `sum(${l}, k, 1, ${r})`),
        fc.tuple(tie('e'), tie('e')).map(([l, r]) => `[${l}, ${r}]`),
        fc.tuple(tie('e'), tie('e')).map(([l, r]) => `binomial(${l}, ${r})`),
        fc.tuple(tie('e'), tie('e')).map(([l, r]) => `diff(${l}, x) + subs(${r}, x, 2)`),
      ),
    })).e;
    const draw = fc.oneof(
      fc.tuple(number, number).map(([lo, hi]) => `{int: ["${lo}", "${hi}"]}`),
      fc.tuple(number, number).map(([n, m]) => `{matrix: {rows: "${n}", cols: "${m}", int: [-3, 3]}}`),
      fc.tuple(number).map(([n]) => `{vector: {size: "${n}", int: [-3, 3]}}`),
      fc.tuple(number, number).map(([d, t]) => `{polynomial: {symbols: [x], degree: "${d}", terms: [1, "${t}"]}}`),
      expr.map((e) => JSON.stringify(e)),
    );
    const file = fc
      .tuple(draw, draw, expr, fc.option(expr, { nil: undefined }))
      .map(([a, b, v, w]) => base(`  a: ${a}\n  b: ${b}\n  u: "[1, 2]"\n  M: "[[1, 2], [3, 4]]"\n  v: ${JSON.stringify(v)}`, w ? `where: [${JSON.stringify(w)}]` : ''));
    fc.assert(
      fc.property(file, (text) => {
        const r = run(text);
        if (!r.ok) expect(r.messages.length).toBeGreaterThan(0);
        expect(r.ms).toBeLessThan(LIMIT_MS);
      }),
      { numRuns: 300, seed: 20261203 },
    );
  });
});
