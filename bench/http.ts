// HTTP benchmark (issue 15): `npm run bench:http` (needs a production build: `npm run build`).
//
// Starts the production app on a fresh SQLite file (tests/helpers/app-server.ts), loopback only, creates a
// user and measures, with medians and p99 (all requests from this process, keep-alive):
// - POST /api/v1/reviews of a basic card, one client, back to back;
// - the same with 12 concurrent clients for a fixed time: reviews/s and p99;
// - GET /api/v1/queue?limit=20 of that learner (after the reviews above) and of a second learner on their first
//   day (20 new cards), GET /study (HTML), GET /api/v1/me, GET /api/v1/me without a session (a 401,
//   no database), and GET /api/v1/progress without a session (the same 401 from a route Next serves: Next's
//   own floor). `npm start` answers reviews, the queue and /me on its fast path (lib/fast-path.ts); with
//   STUDY_FAST_PATH=off in the environment Next answers everything, as before the fast path;
// - the server's resident memory while 12 clients post 10,000 reviews (every 2,000; `--no-memory` skips it);
// - for each, the serving process's CPU time (user + system, all threads, from /proc) per request: on this
//   shared machine it moves far less with other people's load than wall-clock times do;
// and beside them, in the same run, two baselines on copies of the app's database:
// - bench/http-bare.mjs: a bare Node HTTP server doing the review's SQL with better-sqlite3 directly;
// - bench/http-lib.ts: the app's own session lookup and recordReview (lib/) on a bare Node HTTP server,
//   so what Next adds and what the app's code adds are separate ratios.
// Bounded: a few minutes. Options: `-- --seconds N` (concurrent phases, default 5), `-- --port P` (the
// app on P, the baselines on P+1 and P+2; default: free ports), `-- --profile DIR` (a V8 CPU profile of
// the server over 300 one-client POST /reviews — or, with `-- --profile-queue`, 300 GET /queue?limit=20 of
// the learner on their first day —
// after the warm-up, written to DIR/server.cpuprofile: open it in Chrome DevTools; bench/profile-summary.mjs
// ranks it).
import { spawn, type ChildProcess } from 'node:child_process';
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
const port = arg('--port') ? Number(arg('--port')) : undefined;
const profileDir = arg('--profile');
const profileQueue = process.argv.includes('--profile-queue');
const measureMemory = !process.argv.includes('--no-memory');
const CONCURRENCY = 12;
const MEMORY_REVIEWS = 10_000;
const MEMORY_STEP = 2_000;
const MEMORY_SECONDS_CAP = 900;

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

interface Measured {
  readonly times: number[];
  readonly perSecond?: number;
  /** CPU time (all threads) of the serving process per request, ms. */
  readonly cpu?: number;
}

async function sequential(n: number, work: () => Promise<{ status: number }>, pid?: number, expect = 200): Promise<Measured> {
  for (let i = 0; i < Math.min(20, n); i++) await timed(work, expect); // warm-up
  const times: number[] = [];
  const cpuBefore = pid ? cpuMs(pid) : 0;
  for (let i = 0; i < n; i++) times.push(await timed(work, expect));
  return { times, ...(pid ? { cpu: (cpuMs(pid) - cpuBefore) / n } : {}) };
}

async function concurrent(clients: number, ms: number, work: () => Promise<{ status: number }>, pid?: number): Promise<Measured> {
  const times: number[] = [];
  const cpuBefore = pid ? cpuMs(pid) : 0;
  const started = performance.now();
  const until = started + ms;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) times.push(await timed(work));
    }),
  );
  return { perSecond: times.length / ((performance.now() - started) / 1000), times, ...(pid ? { cpu: (cpuMs(pid) - cpuBefore) / times.length } : {}) };
}

/** POSTs JSON with fetch (keep-alive), like ApiClient but without its parsing, for the baselines. */
const post = async (url: string, body: unknown, cookie = '') => {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: JSON.stringify(body) });
  await response.arrayBuffer();
  return { status: response.status };
};

/** Starts a baseline server and waits for its "listening PORT" line. */
async function startBaseline(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'], env });
  const firstLine = await readline.createInterface({ input: child.stdout! })[Symbol.asyncIterator]().next();
  const listening = /listening (\d+)/.exec(String(firstLine.value))?.[1];
  if (!listening) throw new Error(`${args.join(' ')}: ${String(firstLine.value)}`);
  return { child, url: `http://127.0.0.1:${listening}/reviews` };
}

/** The first child process of `parent` whose command line matches `command`. */
function childOf(parent: number, command = /./): number | undefined {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent && command.test(fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8'))) return Number(entry);
    } catch {
      // the process ended meanwhile
    }
  }
  return undefined;
}

/** The server: the child of scripts/start.mjs running dist/server.mjs. */
function serverPid(parent: number): number {
  const pid = childOf(parent, /server\.mjs/);
  if (pid === undefined) throw new Error(`no server under process ${parent}`);
  return pid;
}

/** CPU time (user + system, all threads) a process has used so far, in ms. */
function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * (1000 / 100);
}

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

const loadBefore = os.loadavg();
const hook = pathToFileURL(path.join(import.meta.dirname, 'cpu-profile-hook.mjs')).href;
const server = await startAppServer({
  ...(profileDir ? { NODE_OPTIONS: `--import ${hook}`, STUDY_PROFILE_DIR: path.resolve(profileDir) } : {}),
  ...(port ? { PORT: String(port) } : {}),
});
const baselines: ChildProcess[] = [];
const bareDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-bare-'));
try {
  const client = new ApiClient(server.baseUrl);
  const setup = await client.call('POST', '/setup', { username: 'bench', password: 'correct horse battery' });
  if (setup.status >= 300) throw new Error(`setup: ${setup.status} ${JSON.stringify(setup.body)}`);
  const queue = (await client.call('GET', '/queue?limit=100')).body as unknown as { cards: { id: string; kind: string }[] };
  const basics = queue.cards.filter((c) => c.kind === 'basic').map((c) => c.id);
  if (basics.length === 0) throw new Error('no basic card in the queue');
  let turn = 0;
  const reviewBody = () => ({ id: randomUUID(), cardId: basics[turn++ % basics.length], rating: 3, durationMs: 3000 });
  const review = (c: ApiClient) => () => c.call('POST', '/reviews', reviewBody());

  // A second learner, on their first day throughout: a full queue of new cards.
  const invite = await client.call('POST', '/invites', {});
  const newcomer = new ApiClient(server.baseUrl);
  const joined = await newcomer.call('POST', '/users', { invite: invite.body.code, username: 'newcomer', password: 'correct horse battery' });
  if (joined.status !== 201) throw new Error(`POST /users: ${joined.status} ${JSON.stringify(joined.body)}`);

  const serving = serverPid(server.pid);
  const rows: Array<[string, Measured]> = [];
  rows.push(['POST /api/v1/reviews (basic card), 1 client', await sequential(200, review(client), serving)]);
  if (profileDir) {
    const pid = Number(fs.readFileSync(path.join(profileDir, 'server.pid'), 'utf8'));
    const out = path.join(profileDir, 'server.cpuprofile');
    fs.rmSync(out, { force: true });
    process.kill(pid, 'SIGUSR2');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const profiled = await sequential(300, profileQueue ? () => newcomer.call('GET', '/queue?limit=20') : review(client));
    process.kill(pid, 'SIGUSR2');
    while (!fs.existsSync(out)) await new Promise((resolve) => setTimeout(resolve, 100));
    console.log(`profiled 300 ${profileQueue ? 'GET /api/v1/queue?limit=20' : 'POST /api/v1/reviews'} (median ${f(median(profiled.times))} ms under the profiler): ${out}`);
  }
  // Twelve clients posting at once (one session: logins are rate-limited; fetch opens a connection each).
  rows.push([`POST /api/v1/reviews, ${CONCURRENCY} concurrent clients, ${seconds} s`, await concurrent(CONCURRENCY, seconds * 1000, review(client), serving)]);
  const cardsIn = (body: unknown) => (body as { cards: unknown[] }).cards.length;
  const reviewsToday = rows.reduce((n, [, measured]) => n + measured.times.length, 0);
  // NOTE: Node's fetch asks for gzip or deflate; a browser (the study page) also takes Brotli, which the server prefers.
  const browser = { 'accept-encoding': 'gzip, deflate, br, zstd' };
  const queueCards = cardsIn((await client.call('GET', '/queue?limit=20')).body);
  rows.push([`GET /api/v1/queue?limit=20 (after ${reviewsToday.toLocaleString('en')} reviews today: ${queueCards} cards; gzip)`, await sequential(100, () => client.call('GET', '/queue?limit=20'), serving)]);
  rows.push([`the same, as a browser asks (Brotli)`, await sequential(100, () => client.call('GET', '/queue?limit=20', undefined, browser), serving)]);
  const first = await newcomer.call('GET', '/queue?limit=20');
  const firstKb = Buffer.byteLength(JSON.stringify(first.body)) / 1024;
  rows.push([`GET /api/v1/queue?limit=20 (a learner's first day: ${cardsIn(first.body)} new cards, ${firstKb.toFixed(0)} KB of JSON; gzip)`, await sequential(100, () => newcomer.call('GET', '/queue?limit=20'), serving)]);
  rows.push([`the same, as a browser asks (Brotli)`, await sequential(100, () => newcomer.call('GET', '/queue?limit=20', undefined, browser), serving)]);
  const study = async () => {
    const response = await fetch(`${server.baseUrl}/study`, { headers: { cookie: client.sessionCookie } });
    await response.text();
    return { status: response.status };
  };
  rows.push(['GET /study (HTML)', await sequential(60, study, serving)]);
  rows.push(['GET /api/v1/me', await sequential(100, () => client.call('GET', '/me'), serving)]);
  rows.push(['GET /api/v1/me without a session (a 401)', await sequential(100, () => new ApiClient(server.baseUrl).call('GET', '/me'), serving, 401)]);
  rows.push(['GET /api/v1/progress without a session (Next: a 401)', await sequential(100, () => new ApiClient(server.baseUrl).call('GET', '/progress'), serving, 401)]);

  // The server's memory while it records 10,000 more reviews from 12 clients.
  const memory: Array<[number, number]> = [];
  if (measureMemory) {
    memory.push([0, rssMb(serving)]);
    let posted = 0;
    const deadline = performance.now() + MEMORY_SECONDS_CAP * 1000;
    while (posted < MEMORY_REVIEWS && performance.now() < deadline) {
      const target = posted + MEMORY_STEP;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (posted < target) {
            posted++;
            await timed(review(client));
          }
        }),
      );
      memory.push([posted, rssMb(serving)]);
    }
  }

  // The baselines, each on its own copy of the app's database (same schema, user, cards and reviews so far).
  // NOTE: bench:http runs on SQLite (no STUDY_TEST_POSTGRES): the baselines are better-sqlite3 ones.
  const source = new Database(server.database.file!, { readonly: true });
  const copies = [path.join(bareDir, 'bare.db'), path.join(bareDir, 'lib.db')];
  for (const copy of copies) {
    await source.backup(copy);
    // NOTE: a backup is written in rollback-journal mode; the app's database is in WAL (lib/prepare.ts).
    const opened = new Database(copy);
    opened.pragma('journal_mode = WAL');
    opened.close();
  }
  const userId = (source.prepare('SELECT id FROM User WHERE username = ?').get('bench') as { id: string }).id;
  source.close();
  const bare = await startBaseline(process.execPath, [path.join(import.meta.dirname, 'http-bare.mjs'), copies[0]!, userId, String(port ? port + 1 : 0)], process.env);
  baselines.push(bare.child);
  const bareReview = () => post(bare.url, reviewBody());
  const bareOne = await sequential(200, bareReview, bare.child.pid);
  const bareMany = await concurrent(CONCURRENCY, seconds * 1000, bareReview, bare.child.pid);
  bare.child.kill('SIGTERM');
  const tsx = path.join(process.cwd(), 'node_modules', '.bin', 'tsx');
  const lib = await startBaseline(tsx, [path.join(import.meta.dirname, 'http-lib.ts'), String(port ? port + 2 : 0)], { ...process.env, DATABASE_URL: `file:${copies[1]}` });
  baselines.push(lib.child);
  const libReview = () => post(lib.url, reviewBody(), client.sessionCookie);
  // NOTE: tsx runs the server as a child of its own launcher process.
  const libPid = childOf(lib.child.pid!) ?? lib.child.pid!;
  const libOne = await sequential(200, libReview, libPid);
  const libMany = await concurrent(CONCURRENCY, seconds * 1000, libReview, libPid);

  const loadAfter = os.loadavg();
  const cpu = (m: Measured) => (m.cpu === undefined ? '—' : f(m.cpu));
  const cell = (base: Measured | undefined) =>
    base ? `${f(median(base.times))} / ${f(p99(base.times))}${base.perSecond ? `, ${Math.round(base.perSecond)}/s` : ''}; CPU ${cpu(base)}` : '—';
  const ratio = (m: Measured, base: Measured | undefined) =>
    base ? `${(median(m.times) / median(base.times)).toFixed(1)}×` + (m.perSecond && base.perSecond ? ` (throughput ${(base.perSecond / m.perSecond).toFixed(1)}× lower)` : '') : '—';
  const lines = [
    `Command: \`npm run bench:http\` (${seconds} s concurrent phases; fast path ${process.env.STUDY_FAST_PATH === 'off' ? 'off: Next answers everything' : 'on'}). Machine: ${os.cpus()[0]?.model ?? 'CPU'}, ${os.cpus().length} cores, Node ${process.version}; ` +
      `load average (1 min) ${loadBefore[0]?.toFixed(1)} → ${loadAfter[0]?.toFixed(1)} during the run. Client and servers share the machine.`,
    '',
    '| request | n | median (ms) | p99 (ms) | reviews/s | server CPU per request (ms) | bare better-sqlite3 server: median / p99 (ms), reviews/s; CPU | app code on bare node:http: median / p99 (ms), reviews/s; CPU | app ÷ bare (median) | app ÷ app code on node:http |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  rows.forEach(([label, m], i) => {
    const bareBase = i === 0 ? bareOne : i === 1 ? bareMany : undefined;
    const libBase = i === 0 ? libOne : i === 1 ? libMany : undefined;
    lines.push(
      `| ${label} | ${m.times.length} | ${f(median(m.times))} | ${f(p99(m.times))} | ${m.perSecond ? Math.round(m.perSecond) : '—'} | ${cpu(m)} | ${cell(bareBase)} | ${cell(libBase)} | ${ratio(m, bareBase)} | ${ratio(m, libBase)} |`,
    );
  });
  if (memory.length > 0) {
    lines.push('', `Resident memory of the server (VmRSS) while ${CONCURRENCY} clients post reviews (after the phases above):`, '');
    lines.push(`| reviews posted | ${memory.map(([n]) => n.toLocaleString('en')).join(' | ')} |`);
    lines.push(`| --- | ${memory.map(() => '---:').join(' | ')} |`);
    lines.push(`| RSS (MB) | ${memory.map(([, mb]) => mb.toFixed(0)).join(' | ')} |`);
  }
  console.log(lines.join('\n'));
} finally {
  for (const child of baselines) child.kill('SIGTERM');
  await server.stop();
  fs.rmSync(bareDir, { recursive: true, force: true });
}
