/**
 * The batch CLI as other tools use it: a real `npm run -s engine -- batch` subprocess, fed JSON
 * lines (many of them hostile), answering exactly one JSON line per input line, in order.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

interface Run {
  readonly lines: string[];
  readonly code: number | null;
  readonly stderr: string;
  readonly elapsedMs: number;
}

/** Runs the CLI with `input` on stdin (written in chunks, like a pipe would). */
function runBatch(input: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('npm', ['run', '-s', 'engine', '--', 'batch'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      const text = Buffer.concat(out).toString('utf8');
      resolve({
        lines: text.endsWith('\n') ? text.slice(0, -1).split('\n') : text === '' ? [] : text.split('\n'),
        code,
        stderr: Buffer.concat(err).toString('utf8'),
        elapsedMs: performance.now() - started,
      });
    });
    const data = Buffer.from(input, 'utf8');
    const chunk = 64 * 1024;
    for (let i = 0; i < data.length; i += chunk) child.stdin.write(data.subarray(i, i + chunk));
    child.stdin.end();
  });
}

const json = (line: string | undefined): Record<string, unknown> => JSON.parse(line ?? 'null') as Record<string, unknown>;
const RW = { n: 4, k: 2, p: '1/2' };

describe('engine batch CLI (subprocess)', () => {
  it('answers every op of DESIGN.md and survives hostile lines, one line out per line in', async () => {
    const hostile: Array<[string, (out: Record<string, unknown>) => void]> = [
      ['{"op":"list"}', (o) => expect((o.families as unknown[]).length).toBeGreaterThanOrEqual(4)],
      ['', (o) => expect(o).toEqual({ error: 'empty line' })],
      ['   ', (o) => expect(o).toEqual({ error: 'empty line' })],
      ['not json', (o) => expect(o).toEqual({ error: 'invalid JSON' })],
      ['[1,2]', (o) => expect(o).toEqual({ error: 'expected a JSON object' })],
      ['null', (o) => expect(o).toEqual({ error: 'expected a JSON object' })],
      ['"check"', (o) => expect(o).toEqual({ error: 'expected a JSON object' })],
      ['{"op":"generate","family":"random-walk","seed":42}', (o) => {
        expect(Object.keys(o)).toEqual(expect.arrayContaining(['family', 'version', 'seed', 'params', 'prompt', 'answer']));
        expect(o.family).toBe('random-walk');
        expect(o.seed).toBe(42);
      }],
      ['{"op":"generate","family":"quadratic-minimum","seed":7,"lang":"zh","level":"hard"}', (o) => expect(o.prompt).toMatch(/求/)],
      ['{"op":"solve","family":"random-walk","params":{"n":4,"k":2,"p":"1/2"}}', (o) => expect(o).toEqual({ value: 0.25, exact: '1/4' })],
      ['{"op":"solve","family":"quadratic-minimum","params":{"A":[[1,2],[2,1]],"b":[0,0],"c":0}}', (o) => expect(o).toEqual({ exists: false })],
      ['{"op":"solve","family":"quadratic-minimum","params":{"A":[[2,1],[1,2]],"b":[1,0],"c":0}}', (o) => expect(o).toMatchObject({ exists: true, exact: { x: ['-1/3', '1/6'], value: '-1/6' } })],
      ['{"op":"solve","family":"directional-derivative","params":{"f":"x^2*y + 3*y","point":[1,2],"direction":[3,4]}}', (o) => expect(o).toMatchObject({ value: 5.6 })],
      ['{"op":"solve","family":"attention-flops","params":{"n":1024,"d":64,"dv":64,"variant":"softmax"}}', (o) => expect(o).toMatchObject({ value: 268435456 })],
      [JSON.stringify({ op: 'check', family: 'random-walk', params: RW, answer: '1/4' }), (o) => expect(o).toMatchObject({ correct: true, note: 'correct' })],
      [JSON.stringify({ op: 'check', family: 'random-walk', params: RW, answer: '1:999999999' }), (o) => expect(o).toMatchObject({ correct: false, reason: 'bad-character' })],
      [JSON.stringify({ op: 'check', family: 'random-walk', params: RW, answer: '('.repeat(5000) + '1' + ')'.repeat(5000) }), (o) => expect(o).toMatchObject({ correct: false, reason: 'too-long' })],
      [JSON.stringify({ op: 'check', family: 'random-walk', params: RW, answer: '('.repeat(100) + '1' + ')'.repeat(100) }), (o) => expect(o).toMatchObject({ correct: false, reason: 'too-deep' })],
      [JSON.stringify({ op: 'check', family: 'random-walk', params: RW, answer: '9^9^9^9' }), (o) => expect(o.correct).toBe(false)],
      [JSON.stringify({ op: 'check', family: 'random-walk', params: RW, answer: '1e999999999' }), (o) => expect(o).toMatchObject({ correct: false, reason: 'number-too-large' })],
      [JSON.stringify({ op: 'check', family: 'random-walk', params: RW, answer: 'x'.repeat(999_000) }), (o) => expect(o).toMatchObject({ correct: false, reason: 'too-long' })],
      [JSON.stringify({ op: 'check', family: 'random-walk', params: RW, answer: ['1/4'] }), (o) => expect(o).toMatchObject({ correct: false, reason: 'not-text' })],
      [JSON.stringify({ op: 'check', family: 'random-walk', params: RW, answer: 0.25 }), (o) => expect(o).toMatchObject({ correct: true })],
      [JSON.stringify({ op: 'check', family: 'random-walk', params: RW, answer: 'import("child_process")' }), (o) => expect(o.correct).toBe(false)],
      [JSON.stringify({ op: 'check', family: 'random-walk', params: RW, answer: 'evaluate("1+1")' }), (o) => expect(o.correct).toBe(false)],
      [JSON.stringify({ op: 'check', family: 'quadratic-minimum', params: { A: [[1, 0], [0, 2]], b: [-2, -8], c: 3 }, answer: { x: '[1, 2]', value: '-6' } }), (o) => expect(o).toMatchObject({ correct: true, parts: { x: { correct: true }, value: { correct: true } } })],
      [JSON.stringify({ op: 'check', family: 'quadratic-minimum', params: { A: [[1, 2], [2, 1]], b: [0, 0], c: 0 }, answer: 'none' }), (o) => expect(o).toMatchObject({ correct: true })],
      [JSON.stringify({ op: 'check', family: 'quadratic-minimum', params: { A: [[1, 0], [0, 2]], b: [-2, -8], c: 3 }, answer: { x: '[1, 2, 3]', value: '-6' } }), (o) => expect(o).toMatchObject({ correct: false, reason: 'wrong-shape', message: 'x: expected a vector of 2 numbers' })],
      [JSON.stringify({ op: 'check', family: 'directional-derivative', params: { f: 'x^2*y + 3*y', point: [1, 2], direction: [3, 4] }, answer: '28' }), (o) => expect(o).toMatchObject({ correct: false, note: 'direction-not-normalised' })],
      ['{"op":"check","family":"quadratic-minimum","params":{"A":[[1]],"b":[1],"c":0,"__proto__":{"polluted":1}},"answer":"none"}', (o) => expect(String(o.error)).toMatch(/unknown param "__proto__"/)],
      ['{"op":"check","family":"quadratic-minimum","params":{"A":[[1]],"b":[1],"c":0},"answer":{"__proto__":{"x":"[1]"},"x":"[-1/2]","value":"-1/4"}}', (o) => expect(o).toMatchObject({ correct: true })],
      ['{"__proto__":{"op":"list"}}', (o) => expect(o).toEqual({ error: '"op" must be a string' })],
      ['{"op":"constructor"}', (o) => expect(o).toEqual({ error: 'unknown op "constructor"' })],
      ['{"op":"solve","family":"__proto__","params":{}}', (o) => expect(o).toEqual({ error: 'unknown family "__proto__"' })],
      ['{"op":"solve","family":"toString","params":{}}', (o) => expect(o).toEqual({ error: 'unknown family "toString"' })],
      ['{"op":"solve","family":"random-walk","params":"n=4"}', (o) => expect(o).toEqual({ error: 'params must be an object' })],
      ['{"op":"solve","family":"random-walk","params":{"n":1e308,"k":0,"p":0.5}}', (o) => expect(String(o.error)).toMatch(/n must be an integer|n must be between/)],
      ['{"op":"solve","family":"random-walk","params":{"n":20000,"k":0,"p":"1/2"}}', (o) => expect(o.value).toBeCloseTo(0.0056418, 6)],
      ['{"op":"solve","family":"random-walk","params":{"n":1000000,"k":0,"p":"1/2"}}', (o) => expect(String(o.error)).toMatch(/n must be between 0 and 20000/)],
      ['{"op":"solve","family":"quadratic-minimum","params":{"A":[[1,2],[3,4]],"b":[0,0],"c":0}}', (o) => expect(o).toEqual({ error: 'A must be symmetric' })],
      ['{"op":"solve","family":"attention-flops","params":{"n":-1,"d":2,"dv":2,"variant":"softmax"}}', (o) => expect(String(o.error)).toMatch(/n must be between/)],
      ['{"op":"solve","family":"directional-derivative","params":{"f":"sqrt(x)","point":[0,0],"direction":[1,0]}}', (o) => expect(String(o.error)).toMatch(/differentiable/)],
      ['{"op":"generate","family":"random-walk","seed":1e400}', (o) => expect(String(o.error)).toMatch(/seed must be an integer/)],
      ['{"op":"generate","family":"random-walk","seed":1.5}', (o) => expect(String(o.error)).toMatch(/seed must be an integer/)],
      ['{"op":"generate","family":"random-walk","seed":12345678901234567890}', (o) => expect(o.family).toBe('random-walk')],
      ['{"op":"generate","family":"random-walk","seed":3,"level":"impossible"}', (o) => expect(String(o.error)).toMatch(/level/)],
      [JSON.stringify({ op: 'equiv', a: '(19601-13860*sqrt(2))^(7/4)', b: '(5*sqrt(2)-7)^7' }), (o) => expect(o).toMatchObject({ equivalent: true })],
      [JSON.stringify({ op: 'equiv', a: 'x', b: 'sqrt(x^2)' }), (o) => expect(o).toMatchObject({ equivalent: false })],
      [JSON.stringify({ op: 'equiv', a: 'x²', b: 'x*x' }), (o) => expect(o).toMatchObject({ equivalent: true })],
      [JSON.stringify({ op: 'equiv', a: 'x +', b: 'x' }), (o) => expect(o).toMatchObject({ equivalent: false, reason: 'syntax' })],
      [JSON.stringify({ op: 'equiv', a: 12, b: { x: 1 } }), (o) => expect(o).toMatchObject({ equivalent: false, reason: 'not-text' })],
      ['[' .repeat(200_000) + ']'.repeat(200_000), (o) => expect(typeof o.error).toBe('string')],
      ['{"op":"list"}\r', (o) => expect(o.families).toBeDefined()],
      [JSON.stringify({ op: 'steps', family: 'random-walk', params: RW, lang: 'zh' }), (o) => expect(String(o.steps)).toMatch(/binom\{4\}\{3\}/)],
    ];
    const tooLong = JSON.stringify({ op: 'equiv', a: 'x'.repeat(1_500_000), b: 'x' });
    const input = [...hostile.map(([line]) => line), tooLong, '{"op":"list"}'].join('\n') + '\n{"op":"equiv","a":"1","b":"1"}';
    const run = await runBatch(input);
    expect(run.code).toBe(0);
    expect(run.lines).toHaveLength(hostile.length + 3);
    hostile.forEach(([line, check], i) => {
      const out = json(run.lines[i]);
      try {
        check(out);
      } catch (error) {
        throw new Error(`line ${i} ${line.slice(0, 120)} → ${JSON.stringify(out).slice(0, 300)}: ${String(error)}`);
      }
    });
    expect(json(run.lines[hostile.length])).toEqual({ error: 'line too long (more than 1000000 characters)' });
    expect(json(run.lines[hostile.length + 1]).families).toBeDefined();
    expect(json(run.lines[hostile.length + 2])).toMatchObject({ equivalent: true });
  }, 120_000);

  it('answers 500 lines quickly, including start-up', async () => {
    const ops = [
      '{"op":"generate","family":"random-walk","seed":SEED}',
      '{"op":"generate","family":"quadratic-minimum","seed":SEED}',
      '{"op":"generate","family":"directional-derivative","seed":SEED}',
      '{"op":"generate","family":"attention-flops","seed":SEED}',
      '{"op":"check","family":"directional-derivative","params":{"f":"x^2*y + 3*y","point":[1,2],"direction":[3,4]},"answer":"28/5"}',
      '{"op":"check","family":"quadratic-minimum","params":{"A":[[2,1],[1,2]],"b":[1,0],"c":0},"answer":{"x":"[-1/3,1/6]","value":"-1/6"}}',
      '{"op":"solve","family":"random-walk","params":{"n":20,"k":4,"p":"1/3"}}',
      '{"op":"equiv","a":"(x-1)^2","b":"x^2-2*x+1"}',
      '{"op":"equiv","a":"sin(2*x)","b":"2*sin(x)*cos(x)"}',
      '{"op":"check","family":"random-walk","params":{"n":10,"k":4,"p":"1/3"},"answer":"0.01626"}',
    ];
    const lines = Array.from({ length: 500 }, (_, i) => (ops[i % ops.length] as string).replace('SEED', String(i)));
    const run = await runBatch(lines.join('\n') + '\n');
    expect(run.lines).toHaveLength(500);
    expect(run.lines.filter((l) => 'error' in json(l))).toEqual([]);
    // Target: < 2 s on an idle 2-core machine (docs/BENCHMARKS.md); generous here for loaded CI.
    expect(run.elapsedMs).toBeLessThan(8000);
  }, 60_000);
});
