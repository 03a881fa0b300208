// Load benchmark (issue 14): `npm run bench:load` (needs a production build: `npm run build`, and
// PostgreSQL's server binaries, as for `npm test`).
//
// Learners post reviews (POST /api/v1/reviews of basic and cloze cards, each learner their own account)
// as fast as the app answers, 12 and then 48 at once, against: one `npm start` process on SQLite, and 1, 2
// and 4 processes on one PostgreSQL database (a throw-away server with its default, durable settings).
// The bench plays the proxy: learner i talks to process i mod N and names its own address in
// X-Forwarded-For (TRUST_PROXY=1), so that each learner has its own rate-limit key, as behind a real proxy.
// Then, with 4 processes and 48 learners, one process is killed with SIGKILL halfway through; its learners
// resend the same review id to the next process (the idempotency key makes that safe), and afterwards every
// acknowledged review (200) must be in the database. Loopback only; bounded: `-- --seconds N` per phase
// (default 15), about 5 minutes in all.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { freePort, startPostgres, withDatabase } from '../scripts/postgres-server.mjs';

const arg = (name: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const seconds = Number(arg('--seconds') ?? 15);
const concurrencies = [12, 48];

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const percentile = (xs: number[], p: number) => sorted(xs)[Math.min(xs.length - 1, Math.max(0, Math.ceil(p * xs.length) - 1))] ?? NaN;
const f = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1));

interface App {
  readonly url: string;
  readonly child: ChildProcess;
}

/** `npm start` processes on one database, started together; each in its own process group (for SIGKILL). */
async function startApps(count: number, databaseUrl: string): Promise<App[]> {
  const apps = await Promise.all(
    Array.from({ length: count }, async () => {
      const port = await freePort();
      const child = spawn(process.execPath, ['scripts/start.mjs'], {
        env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), NODE_ENV: 'production', STUDY_NO_BUILD: '1', TRUST_PROXY: '1' },
        stdio: ['ignore', 'ignore', 'pipe'],
        detached: true,
      });
      let errors = '';
      child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
      const url = `http://127.0.0.1:${port}`;
      const deadline = Date.now() + 180_000;
      for (;;) {
        if (child.exitCode !== null) throw new Error(`the app exited (${child.exitCode}):\n${errors}`);
        const ready = await fetch(`${url}/api/v1/me`).then((r) => r.status === 401, () => false);
        if (ready) break;
        if (Date.now() > deadline) throw new Error(`the app did not start in time:\n${errors}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      return { url, child };
    }),
  );
  return apps;
}

async function stopApps(apps: readonly App[]): Promise<void> {
  await Promise.all(
    apps.map(async (app) => {
      if (app.child.exitCode !== null || app.child.signalCode !== null) return;
      const exited = new Promise((resolve) => app.child.once('exit', resolve));
      app.child.kill('SIGTERM');
      await exited;
    }),
  );
}

interface Learner {
  readonly address: string;
  cookie: string;
}

async function call(baseUrl: string, learner: Learner, method: string, route: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${baseUrl}/api/v1${route}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-forwarded-for': learner.address, ...(learner.cookie ? { cookie: learner.cookie } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (cookie) learner.cookie = cookie;
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
}

/** The admin and `count` learners (each joined with its own address), and the cards they review. */
async function setUp(apps: readonly App[], count: number): Promise<{ learners: Learner[]; cards: string[] }> {
  const admin: Learner = { address: '10.77.0.1', cookie: '' };
  const setup = await call(apps[0]!.url, admin, 'POST', '/setup', { username: 'admin', password: 'correct horse battery' });
  if (setup.status !== 201) throw new Error(`setup: ${setup.status}`);
  const invite = (await call(apps[0]!.url, admin, 'POST', '/invites', { maxUses: count })).body as { code: string };
  const learners = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const learner: Learner = { address: `10.77.${1 + Math.floor(i / 200)}.${1 + (i % 200)}`, cookie: '' };
      const joined = await call(apps[i % apps.length]!.url, learner, 'POST', '/users', { invite: invite.code, username: `learner${i}`, password: `learner pass ${i}` });
      if (joined.status !== 201) throw new Error(`join: ${joined.status} ${JSON.stringify(joined.body)}`);
      return learner;
    }),
  );
  const queue = (await call(apps[0]!.url, learners[0]!, 'GET', '/queue?limit=100')).body as { cards: { id: string; kind: string }[] };
  const cards = queue.cards.filter((card) => card.kind !== 'problem').map((card) => card.id);
  if (cards.length === 0) throw new Error('no basic or cloze card in the queue');
  return { learners, cards };
}

interface PhaseResult {
  readonly acknowledged: string[];
  readonly latencies: number[];
  readonly failed: number;
  readonly resent: number;
  readonly elapsedMs: number;
}

/**
 * `clients` learners post reviews for `ms`. A learner whose process stops answering sends the same review
 * id to the next live process. `kill` SIGKILLs one process (its whole process group) at `atMs`.
 */
async function phase(apps: readonly App[], learners: readonly Learner[], cards: readonly string[], clients: number, ms: number, kill?: { atMs: number; app: number }): Promise<PhaseResult> {
  const acknowledged: string[] = [];
  const latencies: number[] = [];
  let failed = 0;
  let resent = 0;
  const started = performance.now();
  const until = started + ms;
  const killer = kill
    ? setTimeout(() => process.kill(-apps[kill.app]!.child.pid!, 'SIGKILL'), kill.atMs)
    : undefined;
  await Promise.all(
    Array.from({ length: clients }, async (_, i) => {
      const learner = learners[i]!;
      let home = i % apps.length;
      let turn = i;
      while (performance.now() < until) {
        const review = { id: randomUUID(), cardId: cards[turn++ % cards.length], rating: 1 + (turn % 4), durationMs: 3000 };
        const sent = performance.now();
        for (let attempt = 0; attempt < apps.length; attempt++) {
          const app = apps[home]!;
          try {
            const result = await call(app.url, learner, 'POST', '/reviews', review);
            if (result.status === 200) {
              acknowledged.push(review.id);
              latencies.push(performance.now() - sent);
            } else failed++;
            break;
          } catch {
            // The process is gone (connection refused or reset): the proxy sends the request to the next one.
            home = (home + 1) % apps.length;
            resent++;
          }
        }
      }
    }),
  );
  clearTimeout(killer);
  return { acknowledged, latencies, failed, resent, elapsedMs: performance.now() - started };
}

/** How many of the review ids the database holds. */
async function recorded(databaseUrl: string, ids: readonly string[]): Promise<number> {
  if (databaseUrl.startsWith('file:')) {
    const sqlite = new Database(databaseUrl.slice('file:'.length), { readonly: true });
    try {
      const find = sqlite.prepare('select count(*) as n from "Review" where "id" = ?');
      return ids.reduce((n, id) => n + Number((find.get(id) as { n: number }).n), 0);
    } finally {
      sqlite.close();
    }
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return Number((await client.query('select count(*) as n from "Review" where "id" = any($1)', [ids])).rows[0].n);
  } finally {
    await client.end();
  }
}

const rows: string[] = [];
const record = (database: string, processes: number, clients: number, result: PhaseResult) => {
  const perSecond = result.acknowledged.length / (result.elapsedMs / 1000);
  rows.push(
    `| ${database} | ${processes} | ${clients} | ${perSecond.toFixed(0)} | ${f(percentile(result.latencies, 0.5))} | ${f(percentile(result.latencies, 0.99))} | ${result.failed} |`,
  );
  console.log(rows.at(-1));
};

async function scenario(label: string, databaseUrl: string, processes: number, check: (ids: readonly string[]) => Promise<void>): Promise<void> {
  const apps = await startApps(processes, databaseUrl);
  try {
    const { learners, cards } = await setUp(apps, Math.max(...concurrencies));
    for (const clients of concurrencies) {
      const result = await phase(apps, learners, cards, clients, seconds * 1000);
      record(label, processes, clients, result);
      await check(result.acknowledged);
    }
  } finally {
    await stopApps(apps);
  }
}

const loadBefore = os.loadavg();
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-load-'));
const server = await startPostgres();
const admin = new pg.Client({ connectionString: server.url });
await admin.connect();
const newPostgresDatabase = async (name: string) => {
  await admin.query(`create database ${name}`);
  return withDatabase(server.url, name);
};
let killLine = '';
try {
  const sqliteUrl = `file:${path.join(scratch, 'study.db')}`;
  const allThere = (url: string) => async (ids: readonly string[]) => {
    const found = await recorded(url, ids);
    if (found !== ids.length) throw new Error(`${ids.length - found} acknowledged reviews are missing`);
  };
  await scenario('SQLite', sqliteUrl, 1, allThere(sqliteUrl));
  for (const processes of [1, 2, 4]) {
    const url = await newPostgresDatabase(`bench_${processes}`);
    await scenario('PostgreSQL', url, processes, allThere(url));
  }

  // One process of four SIGKILLed halfway through.
  const url = await newPostgresDatabase('bench_kill');
  const apps = await startApps(4, url);
  try {
    const { learners, cards } = await setUp(apps, 48);
    const result = await phase(apps, learners, cards, 48, seconds * 1000, { atMs: (seconds * 1000) / 2, app: 1 });
    record('PostgreSQL, 1 of 4 killed', 4, 48, result);
    const found = await recorded(url, result.acknowledged);
    killLine =
      `4 processes on PostgreSQL, 48 learners, process 2 SIGKILLed after ${seconds / 2} s: ${result.acknowledged.length} reviews acknowledged, ` +
      `${found} of them in the database afterwards; ${result.resent} requests resent to another process, ${result.failed} answered with an error.`;
    console.log(killLine);
    if (found !== result.acknowledged.length) throw new Error(`${result.acknowledged.length - found} acknowledged reviews are missing`);
  } finally {
    await stopApps(apps);
  }
} finally {
  await admin.end();
  server.stop();
  fs.rmSync(scratch, { recursive: true, force: true });
}

console.log(`\n## Load: reviews from many learners, 1 to 4 app processes (npm run bench:load, ${seconds} s per row)\n`);
console.log(`Load average before: ${loadBefore.map((x) => x.toFixed(1)).join(', ')}; after: ${os.loadavg().map((x) => x.toFixed(1)).join(', ')}; ${os.cpus().length} cores.\n`);
console.log('| database | app processes | learners at once | reviews/s | p50 (ms) | p99 (ms) | errors |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const row of rows) console.log(row);
console.log(`\n${killLine}`);
