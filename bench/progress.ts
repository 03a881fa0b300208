// Progress benchmark: the statistics behind /progress for one learner with 100,000 reviews.
//
//   npx tsx bench/progress.ts [--reviews N] [--page] [--keep]
//
// Seeds a temp SQLite file (migrated, content loaded) with one learner's review log spread over three
// years, then times the statistics functions in-process (median of 9 runs after a warm-up). With --page
// it also starts the production app on that file (`node scripts/start.mjs`, which builds when stale),
// signs in and times the server render of /progress, /progress/<topic>, a card page and /group.
// --keep leaves the seeded database file in place (its path is printed).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { hashPassword } from '../lib/passwords';
import { loadContent } from '../lib/prepare';
import { migrate } from '../lib/migrations';
import { sqliteTime } from '../lib/progress-periods';

const args = process.argv.slice(2);
const reviewCount = Number(args[args.indexOf('--reviews') + 1] ?? 0) || 100_000;
const withPage = args.includes('--page');
const runs = 9;
const dayMs = 86_400_000;

/** mulberry32: a small seeded PRNG, so every run seeds the same history. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function seed(file: string, now: Date): Promise<{ userId: string; username: string; password: string }> {
  const user = { userId: 'bench-user', username: 'bench', password: 'bench password' };
  const sqlite = new Database(file);
  const cards = sqlite.prepare('select id, kind, familyId from Card where retiredAt is null').all() as { id: string; kind: string; familyId: string | null }[];
  const stamp = sqliteTime(now);
  sqlite.prepare("insert or ignore into \"Group\" (id, name, createdAt) values ('main', 'Study group', ?)").run(stamp);
  sqlite
    .prepare("insert into User (id, username, passwordHash, role, createdAt, lang, timeZone, dayStartHour) values (?, ?, ?, 'admin', ?, 'en', 'Asia/Shanghai', 4)")
    .run(user.userId, user.username, await hashPassword(user.password), stamp);
  sqlite.prepare("insert into Membership (groupId, userId, role, joinedAt) values ('main', ?, 'admin', ?)").run(user.userId, stamp);

  const random = prng(42);
  const review = sqlite.prepare(
    'insert into Review (id, userId, cardId, rating, stateBefore, reviewedAt, durationMs, elapsedDays, scheduledDays, prevState, result, undoneAt) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const attempt = sqlite.prepare(
    "insert into ProblemAttempt (id, userId, cardId, reviewId, familyId, familyVersion, seed, params, answerText, verdict, createdAt) values (?, ?, ?, ?, ?, 1, 1, '{}', '1', ?, ?)",
  );
  const state = sqlite.prepare(
    "insert into CardState (userId, cardId, state, due, stability, difficulty, reps, lapses, lastReview, updatedAt) values (?, ?, 'review', ?, ?, ?, ?, ?, ?, ?)",
  );
  const lastReview = new Map<string, { at: number; reps: number; lapses: number }>();
  const spanDays = 3 * 365;
  sqlite.transaction(() => {
    for (let i = 0; i < reviewCount; i++) {
      const card = cards[Math.floor(random() * cards.length)]!;
      // Oldest first, at a random hour of the day; the last review lands a few hours before now.
      const at = now.getTime() - (spanDays * (1 - i / reviewCount) + random() * 0.5) * dayMs;
      const rating = [1, 2, 3, 3, 3, 3, 3, 4][Math.floor(random() * 8)]!;
      const stateBefore = random() < 0.8 ? 'review' : (['new', 'learning', 'relearning'] as const)[Math.floor(random() * 3)]!;
      const undone = random() < 0.01;
      const id = randomUUID();
      const intervalDays = rating === 1 ? 0.007 : random() * 30;
      const due = new Date(at + intervalDays * dayMs).toISOString();
      // Rows as large as real ones: the state snapshot for undo and the stored response.
      const prevState = JSON.stringify({ state: stateBefore, due, stability: 12.3, difficulty: 5.1, elapsedDays: 3, scheduledDays: 12, learningSteps: 0, reps: 5, lapses: 0, lastReview: due, seed: null, suspendedAt: null, buriedUntil: null, leech: false });
      const result = JSON.stringify({ id, cardId: card.id, rating, state: 'review', due, intervalDays, leech: false, reviewedAt: new Date(at).toISOString() });
      review.run(id, user.userId, card.id, rating, stateBefore, sqliteTime(new Date(at)), 5000, 3, intervalDays, prevState, result, undone ? sqliteTime(new Date(at + 1000)) : null);
      if (card.kind === 'problem') attempt.run(id, user.userId, card.id, id, card.familyId, rating > 1 ? 'correct' : 'incorrect', sqliteTime(new Date(at)));
      if (!undone) {
        const seen = lastReview.get(card.id) ?? { at, reps: 0, lapses: 0 };
        lastReview.set(card.id, { at, reps: seen.reps + 1, lapses: seen.lapses + (rating === 1 ? 1 : 0) });
      }
    }
    for (const [cardId, seen] of lastReview) {
      const stability = 1 + random() * 120;
      const due = new Date(seen.at + stability * dayMs);
      state.run(user.userId, cardId, sqliteTime(due), stability, 1 + random() * 9, seen.reps, seen.lapses, sqliteTime(new Date(seen.at)), stamp);
    }
  })();
  sqlite.close();
  return user;
}

/**
 * Median and max wall time of `runs` calls after one warm-up, and the median CPU time of this process
 * (the machine is shared: wall time includes waiting for the core; CPU time does not, and is '—' when
 * the work runs in another process).
 */
async function median(label: string, run: () => Promise<unknown>, inProcess = true): Promise<string> {
  await run();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    await run();
    const used = process.cpuUsage(cpuStarted);
    wall.push(performance.now() - started);
    cpu.push((used.user + used.system) / 1000);
  }
  const middle = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(runs / 2)]!.toFixed(1);
  return `| ${label} | ${middle(wall)} | ${Math.max(...wall).toFixed(1)} | ${inProcess ? middle(cpu) : '—'} |`;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function timePages(url: string, user: { username: string; password: string }, paths: readonly string[]): Promise<string[]> {
  const port = await freePort();
  const child = spawn(process.execPath, ['scripts/start.mjs'], { env: { ...process.env, DATABASE_URL: url, PORT: String(port) }, stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let ready = false; !ready; ) {
      if (child.exitCode !== null) throw new Error('the app exited');
      ready = await fetch(`${base}/api/v1/me`).then((r) => r.status === 401, () => false);
      if (!ready) await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const login = await fetch(`${base}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(user) });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const rows: string[] = [];
    for (const page of paths) {
      rows.push(
        await median(`GET ${page} (server render, HTML)`, async () => {
          const response = await fetch(`${base}${page}`, { headers: { cookie } });
          if (response.status !== 200) throw new Error(`${page}: ${response.status}`);
          await response.text();
        }, false),
      );
    }
    return rows;
  } finally {
    child.kill('SIGTERM');
  }
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'study-bench-progress-'));
  const file = path.join(dir, 'study.db');
  const url = `file:${file}`;
  try {
    await migrate(url);
    await loadContent(url);
    const now = new Date();
    const started = performance.now();
    const seeded = await seed(file, now);
    console.log(`seeded ${reviewCount} reviews in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    // NOTE: lib/db opens DATABASE_URL when first imported, so the app modules load after it is set.
    process.env.DATABASE_URL = url;
    const { db } = await import('../lib/db');
    const { calendarOf, progressDetail, topicProgress, cardProgress } = await import('../lib/progress');
    const { topicAttemptsPerWeek } = await import('../lib/progress-activity');
    const { groupActivity, groupProgress } = await import('../lib/group-progress');
    const user = await db.user.findUniqueOrThrow({ where: { id: seeded.userId } });
    const rows = [
      '| what | wall median (ms) | wall max (ms) | CPU median (ms) |',
      '| --- | ---: | ---: | ---: |',
      await median('`topicProgress` (the figures of GET /progress)', () => topicProgress(user, now)),
      await median('`progressDetail` (everything /progress shows)', () => progressDetail(user, now)),
      await median('`cardProgress` + `topicAttemptsPerWeek` (one topic page)', () =>
        Promise.all([cardProgress(user, now, 'lora'), topicAttemptsPerWeek(user.id, 'lora', calendarOf(user), now)]),
      ),
      await median('`groupProgress` + `groupActivity` (the /group page, one sharing member)', () => Promise.all([groupProgress(user, now), groupActivity(user, now)])),
    ];
    await db.$disconnect();
    if (withPage) rows.push(...(await timePages(url, seeded, ['/progress', '/progress/lora', '/progress/cards/lora/core-idea', '/group'])));
    console.log(rows.join('\n'));
    console.log(`load average: ${os.loadavg().map((load) => load.toFixed(1)).join(', ')} (${os.cpus().length} cores)`);
  } finally {
    if (!args.includes('--keep')) fs.rmSync(dir, { recursive: true, force: true });
    else console.log(`kept ${file}`);
  }
}

await main();
