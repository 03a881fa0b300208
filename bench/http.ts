// HTTP benchmark (issue 15): `npm run bench:http` (needs a production build: `npm run build`).
//
// Starts the production app on a fresh SQLite file (tests/helpers/app-server.ts), loopback only, creates a
// user and measures, with medians and p99 (all requests from this process, keep-alive):
// - POST /api/v1/reviews of a basic card, one client, back to back;
// - the same with 12 concurrent clients for a fixed time: reviews/s and p99;
// - GET /api/v1/queue?limit=20, GET /study (HTML), GET /api/v1/me;
// and beside them, in the same run, a bare Node HTTP server (bench/http-bare.mjs) doing the same SQLite
// review transaction with better-sqlite3 directly on a copy of the app's database, so the app's overhead
// is a ratio. Bounded: about a minute. Options: `-- --seconds N` (concurrent phase, default 5),
// `-- --profile DIR` (a V8 CPU profile of the server over 300 one-client POST /reviews, after the
// warm-up, written to DIR/server.cpuprofile: open it in Chrome DevTools; bench/profile-summary.mjs ranks it).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { ApiClient, startAppServer } from '../tests/helpers/app-server';

const arg = (name: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const seconds = Number(arg('--seconds') ?? 5);
const profileDir = arg('--profile');
const CONCURRENCY = 12;

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)] ?? NaN;
const p99 = (xs: number[]) => sorted(xs)[Math.min(xs.length - 1, Math.ceil(0.99 * xs.length) - 1)] ?? NaN;
const f = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1));

async function timed(work: () => Promise<{ status: number }>, expect = 200): Promise<number> {
  const started = performance.now();
  const r = await work();
  const ms = performance.now() - started;
  if (r.status !== expect) throw new Error(`status ${r.status} (expected ${expect})`);
  return ms;
}

async function sequential(n: number, work: () => Promise<{ status: number }>): Promise<number[]> {
  for (let i = 0; i < Math.min(20, n); i++) await timed(work); // warm-up
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await timed(work));
  return out;
}

async function concurrent(clients: number, ms: number, work: () => Promise<{ status: number }>): Promise<{ perSecond: number; times: number[] }> {
  const times: number[] = [];
  const started = performance.now();
  const until = started + ms;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) times.push(await timed(work));
    }),
  );
  return { perSecond: times.length / ((performance.now() - started) / 1000), times };
}

/** POSTs JSON with fetch (keep-alive), like ApiClient but without its parsing, for the bare server. */
const post = async (url: string, body: unknown) => {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await response.arrayBuffer();
  return { status: response.status };
};

const loadBefore = os.loadavg();
const hook = pathToFileURL(path.join(import.meta.dirname, 'cpu-profile-hook.mjs')).href;
const server = await startAppServer(profileDir ? { NODE_OPTIONS: `--import ${hook}`, STUDY_PROFILE_DIR: path.resolve(profileDir) } : {});
let bare: ReturnType<typeof spawn> | undefined;
const bareDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-bare-'));
try {
  const client = new ApiClient(server.baseUrl);
  const setup = await client.call('POST', '/setup', { username: 'bench', password: 'correct horse battery' });
  if (setup.status >= 300) throw new Error(`setup: ${setup.status} ${JSON.stringify(setup.body)}`);
  const queue = (await client.call('GET', '/queue?limit=100')).body as unknown as { cards: { id: string; kind: string }[] };
  const basics = queue.cards.filter((c) => c.kind === 'basic').map((c) => c.id);
  if (basics.length === 0) throw new Error('no basic card in the queue');
  let turn = 0;
  const review = (c: ApiClient) => () => c.call('POST', '/reviews', { id: randomUUID(), cardId: basics[turn++ % basics.length], rating: 3, durationMs: 3000 });

  const rows: Array<[string, number[], number | undefined]> = [];
  rows.push(['POST /api/v1/reviews (basic card), 1 client', await sequential(200, review(client)), undefined]);
  if (profileDir) {
    const pid = Number(fs.readFileSync(path.join(profileDir, 'server.pid'), 'utf8'));
    const out = path.join(profileDir, 'server.cpuprofile');
    fs.rmSync(out, { force: true });
    process.kill(pid, 'SIGUSR2');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const profiled = await sequential(300, review(client));
    process.kill(pid, 'SIGUSR2');
    while (!fs.existsSync(out)) await new Promise((resolve) => setTimeout(resolve, 100));
    console.log(`profiled 300 POST /api/v1/reviews (median ${f(median(profiled))} ms under the profiler): ${out}`);
  }
  // Twelve clients posting at once (one session: logins are rate-limited; fetch opens a connection each).
  const together = await concurrent(CONCURRENCY, seconds * 1000, review(client));
  rows.push([`POST /api/v1/reviews, ${CONCURRENCY} concurrent clients, ${seconds} s`, together.times, together.perSecond]);
  rows.push(['GET /api/v1/queue?limit=20', await sequential(100, () => client.call('GET', '/queue?limit=20')), undefined]);
  const study = async () => {
    const response = await fetch(`${server.baseUrl}/study`, { headers: { cookie: client.sessionCookie } });
    await response.text();
    return { status: response.status };
  };
  rows.push(['GET /study (HTML)', await sequential(60, study), undefined]);
  rows.push(['GET /api/v1/me', await sequential(100, () => client.call('GET', '/me')), undefined]);

  // The bare server on a copy of the app's database (same schema, user, cards and the reviews so far).
  const copy = path.join(bareDir, 'bare.db');
  // NOTE: bench:http runs on SQLite (no STUDY_TEST_POSTGRES): the bare server is a better-sqlite3 one.
  const source = new Database(server.database.file!, { readonly: true });
  await source.backup(copy);
  const userId = (source.prepare('SELECT id FROM User WHERE username = ?').get('bench') as { id: string }).id;
  source.close();
  bare = spawn(process.execPath, [path.join(import.meta.dirname, 'http-bare.mjs'), copy, userId], { stdio: ['ignore', 'pipe', 'inherit'] });
  const firstLine = await readline.createInterface({ input: bare.stdout! })[Symbol.asyncIterator]().next();
  const port = /listening (\d+)/.exec(String(firstLine.value))?.[1];
  if (!port) throw new Error(`bare server: ${String(firstLine.value)}`);
  const bareUrl = `http://127.0.0.1:${port}/reviews`;
  const bareReview = () => post(bareUrl, { id: randomUUID(), cardId: basics[turn++ % basics.length], rating: 3, durationMs: 3000 });
  const bareOne = await sequential(200, bareReview);
  const bareMany = await concurrent(CONCURRENCY, seconds * 1000, bareReview);

  const loadAfter = os.loadavg();
  const lines = [
    `Command: \`npm run bench:http\` (${seconds} s concurrent phases). Machine: ${os.cpus()[0]?.model ?? 'CPU'}, ${os.cpus().length} cores, Node ${process.version}; ` +
      `load average (1 min) ${loadBefore[0]?.toFixed(1)} → ${loadAfter[0]?.toFixed(1)} during the run. Client and servers share the machine.`,
    '',
    '| request | n | median (ms) | p99 (ms) | reviews/s | bare better-sqlite3 server: median / p99 (ms), reviews/s | app ÷ bare (median) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  rows.forEach(([label, times, perSecond], i) => {
    const base = i === 0 ? { times: bareOne, perSecond: undefined } : i === 1 ? bareMany : undefined;
    const baseCell = base ? `${f(median(base.times))} / ${f(p99(base.times))}${base.perSecond ? `, ${Math.round(base.perSecond)}/s` : ''}` : '—';
    const ratio = base ? `${(median(times) / median(base.times)).toFixed(1)}×` + (perSecond && base.perSecond ? ` (throughput ${(base.perSecond / perSecond).toFixed(1)}× lower)` : '') : '—';
    lines.push(`| ${label} | ${times.length} | ${f(median(times))} | ${f(p99(times))} | ${perSecond ? Math.round(perSecond) : '—'} | ${baseCell} | ${ratio} |`);
  });
  console.log(lines.join('\n'));
} finally {
  bare?.kill('SIGTERM');
  await server.stop();
  fs.rmSync(bareDir, { recursive: true, force: true });
}
