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

/**
 * Answers built to make the evaluator work hard (issue 18): towers, huge exponents and factorials,
 * long sums of them up to the 4000-character cap, deep nesting, and `(1+1e-300)^(1e300)`
 * repeated. Every call must stay within the engine's work budget: CPU time is the hard limit
 * (wall time on a shared 2-core machine also measures the neighbours), wall time a hang guard.
 */
const HOSTILE_RUNS = Number(process.env.FUZZ_HOSTILE_RUNS ?? 6);
const CPU_LIMIT_MS = 1000;
const WALL_LIMIT_MS = 4000;

const digit = fc.integer({ min: 1, max: 9 });
const tower = fc.array(fc.constantFrom('2', '9', '10', '1.0001', 'pi', 'e', 'sqrt(2)', '(1+1e-300)'), { minLength: 2, maxLength: 6 }).map((b) => b.join('^'));
const hugePower = fc.oneof(
  fc.tuple(digit, fc.integer({ min: 100, max: 400 })).map(([k, n]) => `(1+${k}e-${n})^(${k}e${n})`),
  fc.tuple(fc.constantFrom('2', '3/2', 'sqrt(2)', '(1+sqrt(5))/2', 'pi', '-3', '(1-1e-300)'), fc.integer({ min: 10, max: 400 })).map(([b, n]) => `${b}^(10^${n})`),
  fc.tuple(fc.constantFrom('2', '7', 'pi'), fc.integer({ min: 10, max: 400 })).map(([b, n]) => `${b}^(-10^${n})`),
);
const hugeCount = fc.oneof(
  fc.integer({ min: 1, max: 1e6 }).map((n) => `${n}!`),
  fc.integer({ min: 1, max: 20000 }).map((n) => `C(${n}, ${Math.floor(n / 2)})`),
  fc.integer({ min: 2, max: 9 }).map((n) => `(${n}!)!`),
  fc.integer({ min: 1, max: 400 }).map((n) => `(10^${n})!`),
);
const transcendental = fc.tuple(fc.constantFrom('sin', 'cos', 'tan', 'atan', 'asin', 'acos', 'exp', 'log', 'sqrt', 'sinh', 'tanh', 'floor', 'ceil'), fc.constantFrom('10^300', '10^-300', '1-10^-300', '1e299', 'pi*10^200', '0.5'))
  .map(([f, a]) => `${f}(${a})`);
const term = fc.oneof(tower, hugePower, hugeCount, transcendental);
const longSum = fc.tuple(fc.array(term, { minLength: 2, maxLength: 40 }), fc.constantFrom('+', '*', '-', '/')).map(([terms, op]) => {
  let out = terms.join(op);
  while (out.length < 3900 && terms.length > 0) out += op + terms.join(op);
  return out.slice(0, 4000).replace(/[+*/^(-]+$/, '');
});
const nested = fc.tuple(fc.array(fc.constantFrom('sin(', 'exp(', 'sqrt(', 'log(', 'atan(', 'asin(', 'floor(', 'abs(', '|', 'max(1,', '2^(', 'tanh('), { minLength: 1, maxLength: 30 }), fc.constantFrom('1e300', '1+1e-300', '2', 'pi', '0.5'))
  .map(([opens, core]) => opens.join('') + core + opens.map((o) => (o === '|' ? '|' : ')')).reverse().join(''));
const repeated = fc.tuple(fc.integer({ min: 1, max: 210 }), fc.constantFrom('+', '*')).map(([n, op]) => Array.from({ length: n }, () => '(1+1e-300)^(1e300)').join(op));
const hostileAnswer = fc.oneof(term, longSum, nested, repeated);

function withinBudget<T>(what: string, fn: () => T): T {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = fn();
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  if (cpuMs > CPU_LIMIT_MS || wall > WALL_LIMIT_MS) throw new Error(`${what} took ${cpuMs.toFixed(0)} ms CPU, ${wall.toFixed(0)} ms wall`);
  return result;
}

describe('fuzz: answers built to exhaust the evaluator stay within the work budget', () => {
  it.each(instances.map(([f, p]) => [f.id, f, p] as const))('%s: checkAnswer', (_id, family, params) => {
    const parts = family.use((def) => def.answerSpec(def.parseParams(params)).parts.map((p) => p.name));
    fc.assert(
      fc.property(hostileAnswer, (text) => {
        const answer = parts.length === 1 ? text : Object.fromEntries(parts.map((name) => [name, text]));
        const r = withinBudget(`check ${JSON.stringify(text.slice(0, 60))}`, () => checkAnswer(family, params, answer));
        expect(isCheckResult(r)).toBe(true);
        if (r.kind === 'invalid' && r.reason === 'undecided') expect(r.message).toMatch(/could not check/i);
      }),
      { numRuns: HOSTILE_RUNS, seed: 18, endOnFailure: true },
    );
  });

  it('compareExpressions, with and without variables', () => {
    const side = fc.oneof(hostileAnswer, hostileAnswer.map((h) => `x*${h}`), fc.constantFrom('x', 'sin(x)^2+cos(x)^2', 'e'));
    fc.assert(
      fc.property(side, side, (a, b) => {
        const r = withinBudget(`equiv ${JSON.stringify(a.slice(0, 40))} ${JSON.stringify(b.slice(0, 40))}`, () => compareExpressions(a, b));
        expect(['decided', 'undecided', 'invalid']).toContain(r.kind);
        if (r.kind === 'undecided') expect(r).toMatchObject({ equivalent: false, reason: 'undecided' });
      }),
      { numRuns: HOSTILE_RUNS * 8, seed: 18, endOnFailure: true },
    );
  });

  it('the issue 18 answer: a sum of (1+1e-300)^(1e300) up to the length cap, single and two-part', () => {
    const text = Array.from({ length: 210 }, () => '(1+1e-300)^(1e300)').join('+');
    expect(text.length).toBeLessThanOrEqual(4000);
    const walk = registry.byId('random-walk') as ProblemFamily;
    const r = withinBudget('random-walk', () => checkAnswer(walk, exampleParams(walk), text));
    expect(r).toMatchObject({ kind: 'invalid', reason: 'undecided' });
    const quadratic = registry.byId('quadratic-minimum') as ProblemFamily;
    const two = withinBudget('quadratic-minimum', () => checkAnswer(quadratic, { A: [[1, 0], [0, 2]], b: [-2, -8], c: 3 }, { x: `[${text.slice(0, 1900)}, 1]`, value: text }));
    expect(['undecided', 'not-real', 'number-too-large', 'wrong-shape', 'syntax']).toContain(two.kind === 'invalid' ? two.reason : 'graded');
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
