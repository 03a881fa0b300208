// Engine CLI start-up benchmark: `npm run bench:engine-cli` (add `-- --runs N`, default 7).
//
// Issue 15's target: `npm run -s engine -- batch` answering 63 `equiv` lines, start-up included, within
// 0.6 s of a bare `node -e 0` measured in the same run. Prints the median wall clock of each of:
//   node -e 0                                   (the floor: starting Node at all)
//   node dist/engine.mjs batch                  (the compiled CLI alone)
//   npm run -s engine -- batch                  (the command of DESIGN.md: npm + staleness check + compiled CLI)
//   tsx scripts/engine.ts batch                 (what `npm run engine` ran before: TypeScript compiled at start)
// and checks every run answered 63 lines, all `{"equivalent": …}`.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleTargets } from '../scripts/bundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runsAt = process.argv.indexOf('--runs');
const runs = runsAt > 0 ? Number(process.argv[runsAt + 1]) : 7;

// 21 textbook pairs (equal and unequal) in three variable names: 63 lines.
const PAIRS = [
  ['(x-1)^2', 'x^2-2*x+1'],
  ['abs(x)', 'sqrt(x^2)'],
  ['x', 'sqrt(x^2)'],
  ['cos(x)^2+sin(x)^2', '1'],
  ['sqrt(12)*x', '2*sqrt(3)*x'],
  ['sin(2*x)', '2*sin(x)*cos(x)'],
  ['exp(x+y)', 'exp(x)*exp(y)'],
  ['(x^2-1)/(x-1)', 'x+1'],
  ['x-1', '(x^2-1)/(x+1)'],
  ['log(x^2)', '2*log(x)'],
  ['(x+y)^6', 'x^6+6*x^5*y+15*x^4*y^2+20*x^3*y^3+15*x^2*y^4+6*x*y^5+y^6'],
  ['2*x+1', '2*x-1'],
  ['tan(x)^2+1', 'sec(x)^2'],
  ['3/5*x', '0.6*x'],
  ['abs(x+1000)', 'x+1000'],
  ['sqrt(x^2-1)', 'sqrt(x-1)*sqrt(x+1)'],
  ['exp(2*log(x))', 'x^2'],
  ['1/(1+exp(-x))', 'exp(x)/(exp(x)+1)'],
  ['(x^3-8)/(x-2)', 'x^2+2*x+4'],
  ['cos(x+pi/2)', '-sin(x)'],
  ['x^(1/3)^3', 'x'],
];
const input =
  ['x', 't', 'u']
    .flatMap((v) => PAIRS.map(([a, b]) => JSON.stringify({ op: 'equiv', a: a.replace(/\bx\b/g, v), b: b.replace(/\bx\b/g, v) })))
    .join('\n') + '\n';
const LINES = 63;

const commands = [
  { label: '`node -e 0`', command: process.execPath, args: ['-e', '0'], lines: 0 },
  { label: '`node dist/engine.mjs batch`', command: process.execPath, args: ['dist/engine.mjs', 'batch'], lines: LINES },
  { label: '`npm run -s engine -- batch`', command: 'npm', args: ['run', '-s', 'engine', '--', 'batch'], lines: LINES },
  { label: '`tsx scripts/engine.ts batch` (before)', command: path.join('node_modules', '.bin', 'tsx'), args: ['scripts/engine.ts', 'batch'], lines: LINES },
];

await bundleTargets({ names: ['engine'], ifStale: true });
const load = os.loadavg()[0];
const times = commands.map(() => []);
// Interleaved, so a burst of load from other processes hits every command alike.
for (let run = 0; run < runs; run++) {
  commands.forEach((c, i) => {
    const started = performance.now();
    const r = spawnSync(c.command, c.args, { cwd: root, input: c.lines > 0 ? input : '', encoding: 'utf8' });
    times[i].push(performance.now() - started);
    const out = r.stdout.split('\n').filter((l) => l !== '');
    if (r.status !== 0 || out.length !== c.lines || !out.every((l) => typeof JSON.parse(l).equivalent === 'boolean')) {
      throw new Error(`${c.label}: exit ${r.status}, ${out.length} lines (expected ${c.lines})\n${r.stderr}\n${out.slice(0, 3).join('\n')}`);
    }
  });
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const floor = median(times[0]);
console.log(`Engine CLI, ${LINES} \`equiv\` lines including start-up: median of ${runs} interleaved runs (ms); ` +
  `${os.cpus()[0]?.model ?? 'CPU'}, ${os.cpus().length} cores, Node ${process.version}, load average ${load.toFixed(1)} → ${os.loadavg()[0].toFixed(1)}`);
console.log('| command | median (ms) | min–max (ms) | over `node -e 0` (ms) |');
console.log('| --- | ---: | ---: | ---: |');
commands.forEach((c, i) => {
  const m = median(times[i]);
  console.log(`| ${c.label} | ${Math.round(m)} | ${Math.round(Math.min(...times[i]))}–${Math.round(Math.max(...times[i]))} | ${i === 0 ? '—' : `+${Math.round(m - floor)}`} |`);
});
const over = median(times[2]) - floor;
console.log(`Target: \`npm run -s engine -- batch\` ≤ 600 ms over \`node -e 0\`: ${over <= 600 ? 'met' : 'NOT met'} (+${Math.round(over)} ms).`);
