// Question-file benchmark (issue 12): what checking a file before publishing costs, to set the worker
// deadline (lib/question-families.ts `questionFileDeadlineMs`) well above what real files need.
//
//   npm run bench:questions
//
// For every question file in the repository: compile alone, and compile + question tests over 20 seeds
// of every level (what POST /api/v1/families runs in a check worker), in-process, median of 5 runs
// after one warm-up; and the heavy file of tests/api-questions.test.ts (every cap respected) for one level.
import fs from 'node:fs';
import path from 'node:path';
import * as questions from '../engine/questions';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

function time(work: () => unknown, runs: number): number {
  work();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    work();
    out.push(performance.now() - started);
  }
  return median(out);
}

const files = ['problems/questions', 'tests/fixtures/questions'].flatMap((dir) =>
  fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.join(dir, f)),
);
console.log('file | compile ms | compile + tests, 20 seeds per level, ms');
for (const file of files) {
  const text = fs.readFileSync(file, 'utf8');
  const compile = time(() => questions.compileQuestionFile(text), 5);
  const accept = time(() => {
    if (!questions.acceptQuestionFile(text, { seeds: 20 }).ok) throw new Error(`${file} does not pass its tests`);
  }, 5);
  console.log(`${file} | ${compile.toFixed(0)} | ${accept.toFixed(0)}`);
}

const heavy = 'sum(k*k, k, 1, 9999) - sum(k*k, k, 1, 9999)';
const heavyFile = `id: heavy-sums
article: quadratic-minimum
title: {en: Heavy, zh: 很重}
variables:
  a: {int: [1, 9]}
  w: "${heavy}"
  v: "a + w"
prompt: {en: "Find {{v}}.", zh: "求 {{v}}。"}
answer: {value: {kind: number, expected: v}}
verify: ["v == a + ${heavy}"]
tests:
${Array.from({ length: 60 }, (_, i) => `  - {answer: "v + ${i === 1 ? 1 : 0} + ${heavy}", correct: ${i !== 1}}`).join('\n')}
`;
const oneSeed = time(() => questions.acceptQuestionFile(heavyFile, { seeds: 1 }), 1);
console.log(`heavy file (60 tests of 2 × 10^4-term sums), 1 seed of 1 level: ${oneSeed.toFixed(0)} ms → 20 seeds × 3 levels ≈ ${((oneSeed * 60) / 1000).toFixed(0)} s`);

// In the app: publishing that file (in a check worker, 10 s deadline) while a member keeps loading the queue.
const { ApiClient, startAppServer } = await import('../tests/helpers/app-server');
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? NaN;
const server = await startAppServer();
try {
  const admin = new ApiClient(server.baseUrl);
  await admin.call('POST', '/setup', { username: 'bench', password: 'correct horse' });
  const ordinary = fs.readFileSync('tests/fixtures/questions/quadratic-form-gradient.yaml', 'utf8');
  const checks: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    await admin.call('POST', '/families/check', ordinary, { 'content-type': 'application/yaml' });
    checks.push(performance.now() - started);
  }
  const idle: number[] = [];
  for (let i = 0; i < 30; i++) {
    const started = performance.now();
    await admin.call('GET', '/queue?limit=5');
    idle.push(performance.now() - started);
  }
  let running = true;
  const during: number[] = [];
  const poll = (async () => {
    while (running) {
      const started = performance.now();
      await admin.call('GET', '/queue?limit=5');
      during.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const started = performance.now();
  const published = await admin.call('POST', '/families', heavyFile.replace('id: heavy-sums', 'id: heavy-sums\nlevels: {easy: {a: {int: [1, 5]}}, hard: {a: {int: [5, 9]}}}'), { 'content-type': 'application/yaml' });
  const publishMs = performance.now() - started;
  running = false;
  await poll;
  console.log(`POST /families/check of quadratic-form-gradient (worker): median ${median(checks).toFixed(0)} ms`);
  console.log(`POST /families of the heavy file: ${published.status} after ${(publishMs / 1000).toFixed(1)} s (${(published.body.problems as unknown as { code: string }[])?.[0]?.code})`);
  console.log(`GET /queue?limit=5: idle median ${median(idle).toFixed(0)} ms, p95 ${quantile(idle, 0.95).toFixed(0)} ms, max ${Math.max(...idle).toFixed(0)} ms; during median ${median(during).toFixed(0)} ms, p95 ${quantile(during, 0.95).toFixed(0)} ms, max ${Math.max(...during).toFixed(0)} ms (${during.length} requests)`);
} finally {
  await server.stop();
}
