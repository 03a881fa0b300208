/**
 * Engine benchmark: `npm run bench:engine` (add `-- --write` to update docs/BENCHMARKS.md).
 *
 * Measures, on one core:
 *  - `checkAnswer` for typical answers (every family's examples and canonical answers of
 *    generated instances): median and p99 per call;
 *  - `equivalent` on typical pairs (textbook identities, the hard cases of the issue);
 *  - instances generated + solved + verified per second, per family;
 *  - the batch CLI answering 500 mixed lines, wall clock including start-up;
 *  - hostile answers (issue 18): 4000-character sums of (1+1e-300)^(1e300), towers, huge
 *    factorials, deep nesting… through `checkAnswer` for every family and through
 *    `compareExpressions`: p50 / max per call, and how many ran out of the work budget.
 * Targets (issue 3): check p99 < 2 ms; ≥ 5,000 instances/s for the non-tensor families; the batch
 * CLI answers 500 lines in under 2 s.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { families } from '../problems';
import {
  answerTexts,
  checkAnswer,
  compareExpressions,
  equivalent,
  generateInstance,
  LEVELS,
  verifyInstance,
  type ProblemFamily,
} from '../engine';

const ROOT = path.resolve(import.meta.dirname, '..');
const TENSOR_FAMILIES = new Set(['attention-flops']);

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] as number;
}

interface Timings {
  /** Wall-clock milliseconds per call, sorted. */
  readonly wall: number[];
  /** Process CPU milliseconds per call, sorted (not inflated when other processes take the core). */
  readonly cpu: number[];
}

function timeEach(calls: ReadonlyArray<() => unknown>, rounds: number): Timings {
  for (const call of calls) call(); // warm-up
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const call of calls) {
      const c = process.cpuUsage();
      const t = performance.now();
      call();
      wall.push(performance.now() - t);
      const d = process.cpuUsage(c);
      cpu.push((d.user + d.system) / 1000);
    }
  }
  return { wall: wall.sort((a, b) => a - b), cpu: cpu.sort((a, b) => a - b) };
}

const ms = (x: number) => (x < 0.1 ? x.toFixed(3) : x < 10 ? x.toFixed(2) : x.toFixed(0));

function examplesOf(family: ProblemFamily): Array<{ params: unknown; answer: unknown }> {
  return family.use((def) => def.examples.map((e) => ({ params: e.params, answer: e.answer })));
}

function checkCalls(family: ProblemFamily): Array<() => unknown> {
  const calls: Array<() => unknown> = examplesOf(family).map(({ params, answer }) => () => checkAnswer(family, params, answer));
  for (let seed = 0; seed < 60; seed++) {
    const level = LEVELS[seed % LEVELS.length] ?? 'medium';
    const { params } = generateInstance(family, seed, level);
    const copy = JSON.parse(JSON.stringify(params)) as unknown;
    const texts = answerTexts(family, copy);
    calls.push(() => checkAnswer(family, copy, texts));
  }
  return calls;
}

const EQUIV_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['(x-1)^2', 'x^2-2*x+1'],
  ['abs(x)', 'sqrt(x^2)'],
  ['x', 'sqrt(x^2)'],
  ['cos(x)^2+sin(x)^2', '1'],
  ['sqrt(12)', '2*sqrt(3)'],
  ['(19601-13860*sqrt(2))^(7/4)', '(5*sqrt(2)-7)^7'],
  ['sin(2*x)', '2*sin(x)*cos(x)'],
  ['exp(x+y)', 'exp(x)*exp(y)'],
  ['(x^2-1)/(x-1)', 'x+1'],
  ['log(x^2)', '2*log(x)'],
  ['(x+y)^6', 'x^6+6*x^5*y+15*x^4*y^2+20*x^3*y^3+15*x^2*y^4+6*x*y^5+y^6'],
  ['2*x+1', '2*x-1'],
  ['tan(x)^2+1', 'sec(x)^2'],
  ['[1,2]', '[1,2,3]'],
  ['3/5', '0.6'],
  ['abs(x+1000)', 'x+1000'],
];

/** Hostile answers: each is at most 4000 characters (the parser's cap). */
function hostileAnswers(): string[] {
  const fill = (term: (i: number) => string, op = '+') => {
    let out = term(1);
    for (let i = 2; out.length + op.length + term(i).length <= 4000; i++) out += op + term(i);
    return out;
  };
  return [
    fill(() => '(1+1e-300)^(1e300)'),
    fill((i) => `(1+${i}e-300)^(1e300)`),
    fill(() => '(1+1e-300)^(1e300)', '*'),
    fill(() => '9^9^9'),
    fill(() => '2^2^2^2^2'),
    fill(() => '1000!'),
    fill((i) => `C(20000,${10000 - i})`),
    fill((i) => `${i}/C(19999,${9000 + i})`),
    fill(() => 'sin(10^300)'),
    fill(() => 'exp(10^300)'),
    fill((i) => `(${i}+sqrt(2))^(10^${i % 300})`),
    fill((i) => `(1+1/${i}e299)^(${i}e299)`),
    fill(() => 'tan(10^299)'),
    fill(() => 'exp(exp(exp(exp(5))))'),
    fill((i) => `floor(10^${i % 400}*pi)`),
    fill((i) => `(10^${i % 300}+1)^(1/7)`),
    fill((i) => `atan(10^${(i * 7) % 400})`),
    fill((i) => `asin(1-10^-${(i * 7) % 400})`),
    'sqrt('.repeat(30) + '2' + ')'.repeat(30),
    'exp('.repeat(30) + '1' + ')'.repeat(30),
    'sin('.repeat(30) + '1e300' + ')'.repeat(30),
    '|'.repeat(30) + 'x' + '|'.repeat(30),
  ];
}

interface HostileRun {
  readonly wall: number[];
  readonly cpu: number[];
  readonly undecided: number;
  readonly calls: number;
  readonly slowest: string;
}

/** Every hostile answer through every family's `checkAnswer` (each part gets it) and `compareExpressions`. */
function hostileRun(): { check: HostileRun; equiv: HostileRun } {
  const answers = hostileAnswers();
  const measure = (calls: ReadonlyArray<readonly [string, () => boolean]>): HostileRun => {
    const wall: number[] = [];
    const cpu: number[] = [];
    let undecided = 0;
    let worst = -1;
    let slowest = '';
    for (const [label, call] of calls) {
      const c = process.cpuUsage();
      const t = performance.now();
      if (call()) undecided++;
      const w = performance.now() - t;
      const d = process.cpuUsage(c);
      wall.push(w);
      cpu.push((d.user + d.system) / 1000);
      if (w > worst) [worst, slowest] = [w, label];
    }
    return { wall: wall.sort((a, b) => a - b), cpu: cpu.sort((a, b) => a - b), undecided, calls: calls.length, slowest };
  };
  const checks: Array<readonly [string, () => boolean]> = [];
  for (const family of families) {
    const [example] = examplesOf(family);
    if (!example) continue;
    const parts = family.use((def) => def.answerSpec(def.parseParams(example.params)).parts.map((p) => p.name));
    for (const text of answers) {
      const answer = parts.length === 1 ? text : Object.fromEntries(parts.map((name) => [name, text]));
      checks.push([`${family.id}: ${text.slice(0, 30)}…`, () => {
        const r = checkAnswer(family, example.params, answer);
        return r.kind === 'invalid' && r.reason === 'undecided';
      }]);
    }
  }
  const equivs = answers.flatMap((a, i) => [
    [`${a.slice(0, 30)}… vs x`, () => compareExpressions(a, 'x').kind === 'undecided'] as const,
    [`${a.slice(0, 30)}… vs the next`, () => compareExpressions(a, answers[(i + 1) % answers.length] as string).kind === 'undecided'] as const,
  ]);
  return { check: measure(checks), equiv: measure(equivs) };
}

/** Instances per second: best of five 0.5 s windows by wall clock, and over all windows by CPU time. */
async function instancesPerSecond(family: ProblemFamily): Promise<{ wall: number; cpu: number }> {
  let seed = 0;
  const run = async () => {
    const level = LEVELS[seed % LEVELS.length] ?? 'medium';
    const instance = generateInstance(family, seed++, level);
    const v = await verifyInstance(family, instance.params);
    if (!v.ok) throw new Error(`${family.id} seed ${seed - 1}: ${v.detail}`);
  };
  for (let i = 0; i < 50; i++) await run(); // warm-up
  let best = 0;
  let total = 0;
  const cpuStart = process.cpuUsage();
  for (let window = 0; window < 5; window++) {
    let count = 0;
    const started = performance.now();
    while (performance.now() - started < 500) {
      await run();
      count++;
    }
    total += count;
    best = Math.max(best, count / ((performance.now() - started) / 1000));
  }
  const cpu = process.cpuUsage(cpuStart);
  return { wall: best, cpu: total / ((cpu.user + cpu.system) / 1e6) };
}

function batchLines(): string {
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
  return Array.from({ length: 500 }, (_, i) => (ops[i % ops.length] as string).replace('SEED', String(i))).join('\n') + '\n';
}

function batchWallClock(): { ms: number; lines: number } {
  const input = batchLines();
  const runs: number[] = [];
  let lines = 0;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const r = spawnSync('npm', ['run', '-s', 'engine', '--', 'batch'], { cwd: ROOT, input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    runs.push(performance.now() - started);
    lines = r.stdout.split('\n').filter((l) => l !== '').length;
  }
  return { ms: runs.sort((a, b) => a - b)[1] as number, lines };
}

async function main(): Promise<void> {
  const loadBefore = os.loadavg()[0] ?? 0;
  const rows: string[] = [];
  const checkWall: number[] = [];
  const checkCpu: number[] = [];
  rows.push('| family | `check` median / p99, wall (ms) | `check` median / p99, CPU (ms) | instances/s, wall (best 0.5 s) | instances/s, CPU |');
  rows.push('| --- | ---: | ---: | ---: | ---: |');
  const count = (x: number) => Math.round(x).toLocaleString('en-US');
  for (const family of families) {
    const times = timeEach(checkCalls(family), 20);
    checkWall.push(...times.wall);
    checkCpu.push(...times.cpu);
    const rate = await instancesPerSecond(family);
    const tensor = TENSOR_FAMILIES.has(family.id) ? ' (tensor)' : '';
    rows.push(
      `| ${family.id}${tensor} | ${ms(quantile(times.wall, 0.5))} / ${ms(quantile(times.wall, 0.99))} | ${ms(quantile(times.cpu, 0.5))} / ${ms(quantile(times.cpu, 0.99))} | ${count(rate.wall)} | ${count(rate.cpu)} |`,
    );
  }
  checkWall.sort((a, b) => a - b);
  checkCpu.sort((a, b) => a - b);
  const equivTimes = timeEach(
    EQUIV_PAIRS.map(([a, b]) => () => equivalent(a, b)),
    20,
  );
  const batch = batchWallClock();
  const hostile = hostileRun();
  const hostileLine = (what: string, h: HostileRun) =>
    `- Hostile answers, ${what}: ${h.calls} calls, wall p50 ${ms(quantile(h.wall, 0.5))} ms, p99 ${ms(quantile(h.wall, 0.99))} ms, max ${ms(quantile(h.wall, 1))} ms; ` +
    `CPU p50 ${ms(quantile(h.cpu, 0.5))} ms, max ${ms(quantile(h.cpu, 1))} ms; ${h.undecided} answered "undecided" (slowest: \`${h.slowest.replace(/`/g, '')}\`).`;
  const loadAfter = os.loadavg()[0] ?? 0;

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const section = [
    '## Engine',
    '',
    'Command: `npm run bench:engine` (one Node process, single-threaded; `-- --write` rewrites this section). Machine: ' +
      `${cpu}, ${os.cpus().length} cores, Node ${process.version}; load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)} during the run ` +
      '(the machine is shared: wall-clock figures include time other processes held the core; CPU figures count only this process).',
    '',
    rows.join('\n'),
    '',
    `- \`check\`, all families together, ${checkWall.length} calls (every family's examples and the canonical answers of 60 generated instances each, 20 rounds): ` +
      `wall median ${ms(quantile(checkWall, 0.5))} ms, p99 ${ms(quantile(checkWall, 0.99))} ms; CPU median ${ms(quantile(checkCpu, 0.5))} ms, p99 ${ms(quantile(checkCpu, 0.99))} ms (target p99 < 2 ms).`,
    `- \`equivalent\` on ${EQUIV_PAIRS.length} typical pairs (parsing included): wall median ${ms(quantile(equivTimes.wall, 0.5))} ms, p99 ${ms(quantile(equivTimes.wall, 0.99))} ms; ` +
      `CPU median ${ms(quantile(equivTimes.cpu, 0.5))} ms, p99 ${ms(quantile(equivTimes.cpu, 0.99))} ms, max ${ms(quantile(equivTimes.cpu, 1))} ms.`,
    hostileLine(`\`checkAnswer\`, ${hostileAnswers().length} answers of ≤ 4000 characters (sums of (1+1e-300)^(1e300), towers, huge factorials and binomials, deep nesting; see \`hostileAnswers\` in bench/engine.ts) × every family, every part`, hostile.check),
    hostileLine('`compareExpressions`, each against `x` and against the next', hostile.equiv),
    '  Work budget (engine/budget.ts): 300,000 units per check or comparison (≈ 0.3 s of CPU); target: every call well under 1 s.',
    `- Batch CLI, 500 mixed lines (generate/solve/check/equiv) including start-up: ${Math.round(batch.ms)} ms (median of 3 runs, ${batch.lines} lines answered; target < 2000 ms).`,
    '- Instances/s target: ≥ 5,000 for the non-tensor families; attention-flops verifies on real TensorFlow.js tensors (cpu backend) for small sizes.',
    '',
  ].join('\n');
  process.stdout.write(section + '\n');

  if (process.argv.includes('--write')) {
    const file = path.join(ROOT, 'docs', 'BENCHMARKS.md');
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
    const start = current.indexOf('## Engine');
    let next: string;
    if (start < 0) next = `${current.trimEnd()}\n\n${section}`;
    else {
      const after = current.indexOf('\n## ', start + 1);
      next = current.slice(0, start) + section + (after < 0 ? '' : current.slice(after + 1));
    }
    fs.writeFileSync(file, next.endsWith('\n') ? next : next + '\n');
    process.stdout.write(`updated ${path.relative(ROOT, file)}\n`);
  }
}

await main();
