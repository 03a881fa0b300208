/**
 * Fuzz: hostile and malformed input never throws, hangs or pollutes prototypes. Learner text goes
 * through checkAnswer / previewAnswer / compareExpressions for every family; arbitrary JSON goes
 * through the batch line handler. Each call must also finish quickly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { families, registry } from '../problems';
import {
  checkAnswer,
  checkExamples,
  compareExpressions,
  createBatchHandler,
  previewAnswer,
  type AnswerKind,
  type CheckResult,
  type ProblemFamily,
} from '../engine';

const SLOW_MS = 1500;
const RUNS = Number(process.env.FUZZ_RUNS ?? 250);

const TOKENS = [
  '0', '1', '2', '9', '.', '5', 'e', 'e-', 'E9', '00', '1e308', '1e-400', '9'.repeat(60),
  '+', '-', '*', '/', '^', '!', '(', ')', '[', ']', ',', ' ', '  ',
  'x', 'y', 'z', 'w', 'pi', 'π', 'i', 'Infinity', 'NaN', 'none', '无',
  'sqrt(', 'log(', 'ln(', 'sin(', 'asin(', 'exp(', 'abs(', 'C(', 'binom(', 'factorial(', 'nthRoot(', 'cbrt(',
  'import(', 'evaluate(', 'parse(', 'createUnit(', 'simplify(', 'derivative(', 'resolve(', 'compile(',
  'constructor', '__proto__', 'prototype', 'toString', 'this', 'globalThis', 'process',
  ':', ';', '=', '==', '"', "'", '`', '{', '}', '?', '&', '|', '$', '#', '@', '\\', '%', '<', '>', '~',
  '9^9^9', '2^(2^40)', '(10^400)!', 'C(10^6,5*10^5)', '1:999999999', 'x.y', 'a[1]', 'f(x)=x', '\n', '\u0000', '（', '，', '−', '²',
];

const tokenSoup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 50 }).map((t) => t.join(''));
const unicode = fc.string({ unit: 'binary', maxLength: 300 });
const nesting = fc
  .tuple(fc.integer({ min: 1, max: 4000 }), fc.constantFrom(['(', ')'], ['[', ']'], ['sqrt(', ')'], ['-(', ')'], ['2^(', ')']))
  .map(([n, [open, close]]) => open.repeat(n) + 'x' + close.repeat(n));
const hugeNumbers = fc.oneof(
  fc.bigInt({ min: -(10n ** 600n), max: 10n ** 600n }).map(String),
  fc.integer({ min: -1e9, max: 1e9 }).map((n) => `1e${n}`),
  fc.integer({ min: 1, max: 100 }).map((n) => Array.from({ length: n }, () => '9').join('^')),
  fc.integer({ min: 1, max: 1e9 }).map((n) => `${n}!`),
  fc.integer({ min: 1, max: 1e9 }).map((n) => `C(${n}, ${Math.floor(n / 2)})`),
  fc.integer({ min: 1, max: 1e6 }).map((n) => `(1+1/${n})^${n}`),
  fc.integer({ min: 1, max: 3000 }).map((n) => Array.from({ length: n }, (_, i) => `x^${i}`).join('+')),
);
const hostileText = fc.oneof(tokenSoup, unicode, nesting, hugeNumbers);

function timed<T>(what: string, fn: () => T): T {
  const started = performance.now();
  const result = fn();
  const ms = performance.now() - started;
  if (ms > SLOW_MS) throw new Error(`${what} took ${ms.toFixed(0)} ms`);
  return result;
}

function isCheckResult(r: CheckResult): boolean {
  if (r.kind === 'invalid') return typeof r.reason === 'string' && typeof r.message === 'string' && r.message.length > 0;
  return typeof r.correct === 'boolean' && typeof r.note === 'string' && typeof r.message === 'string';
}

/** Params of each family's first example (a valid instance to answer). */
const instances: ReadonlyArray<readonly [ProblemFamily, unknown]> = families.map((f) => [f, checkExamples(f)[0] && exampleParams(f)]);

function exampleParams(family: ProblemFamily): unknown {
  return family.use((def) => def.examples[0]?.params);
}

describe('fuzz: hostile answers', () => {
  it.each(instances.map(([f, p]) => [f.id, f, p] as const))('%s: checkAnswer never throws and is quick', (_id, family, params) => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const r = timed(`check ${JSON.stringify(text.slice(0, 60))}`, () => checkAnswer(family, params, text));
        expect(isCheckResult(r)).toBe(true);
        if (r.kind === 'graded' && r.correct) expect(text).not.toMatch(/import|evaluate|constructor|__proto__/);
      }),
      { numRuns: RUNS, seed: 20240611 },
    );
  });

  it('multi-part answers with hostile parts and keys', () => {
    const family = registry.byId('quadratic-minimum') as ProblemFamily;
    const params = { A: [[1, 0], [0, 2]], b: [-2, -8], c: 3 };
    const answer = fc.dictionary(fc.constantFrom('x', 'value', '__proto__', 'constructor', 'toString', 'none'), fc.oneof(hostileText, fc.jsonValue()), {
      maxKeys: 4,
    });
    fc.assert(
      fc.property(fc.oneof(answer, fc.jsonValue(), hostileText), (a) => {
        const r = timed('check parts', () => checkAnswer(family, params, a));
        expect(isCheckResult(r)).toBe(true);
      }),
      { numRuns: RUNS, seed: 7 },
    );
  });

  it('previewAnswer never throws', () => {
    const kinds: AnswerKind[] = ['number', 'vector', 'matrix', 'expression', 'choice'];
    fc.assert(
      fc.property(fc.oneof(hostileText, fc.jsonValue()), fc.constantFrom(...kinds), (text, kind) => {
        const r = timed('preview', () => previewAnswer(text, kind));
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: RUNS * 2, seed: 11 },
    );
  });

  it('compareExpressions never throws and is symmetric on what it decides', () => {
    const expression = fc.oneof(hostileText, fc.constantFrom('x', 'x^2', 'abs(x)', 'sqrt(x^2)', '(x-1)^2', 'sin(x)^2+cos(x)^2', '1'));
    fc.assert(
      fc.property(expression, expression, (a, b) => {
        const ab = timed('equiv', () => compareExpressions(a, b));
        const ba = timed('equiv', () => compareExpressions(b, a));
        if (ab.kind === 'decided' && ba.kind === 'decided') expect(ab.equivalent).toBe(ba.equivalent);
        if (a === b && ab.kind === 'decided') expect(ab.equivalent || ab.method === 'domain').toBe(true);
      }),
      { numRuns: RUNS, seed: 3 },
    );
  });
});

describe('fuzz: batch lines', () => {
  const handle = createBatchHandler(registry);
  const key = fc.constantFrom('op', 'family', 'params', 'answer', 'seed', 'a', 'b', 'lang', 'level', '__proto__', 'constructor', 'prototype');
  const op = fc.constantFrom('list', 'generate', 'solve', 'check', 'equiv', 'steps', 'answer', 'preview', 'constructor', '__proto__', 'toString');
  const familyId = fc.constantFrom(...families.map((f) => f.id), '__proto__', 'constructor', 'hasOwnProperty', '');
  const request = fc.record(
    {
      op,
      family: familyId,
      seed: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(1e400)),
      params: fc.oneof(fc.jsonValue(), fc.constant(exampleParams(families[0] as ProblemFamily))),
      answer: fc.oneof(hostileText, fc.jsonValue()),
      a: hostileText,
      b: hostileText,
      level: fc.constantFrom('easy', 'medium', 'hard', 'x'),
    },
    { requiredKeys: ['op'] },
  );
  const line = fc.oneof(
    request.map((r) => JSON.stringify(r)),
    fc.dictionary(key, fc.jsonValue(), { maxKeys: 6 }).map((r) => JSON.stringify(r)),
    fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'),
    unicode,
    tokenSoup,
  );

  it('every line gets exactly one JSON object line back', async () => {
    await fc.assert(
      fc.asyncProperty(line, async (l) => {
        const started = performance.now();
        const out = await handle(l);
        expect(performance.now() - started).toBeLessThan(SLOW_MS * 2);
        expect(out).not.toContain('\n');
        const parsed = JSON.parse(out) as unknown;
        expect(typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)).toBe(true);
      }),
      { numRuns: RUNS * 2, seed: 5 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
  });
});
