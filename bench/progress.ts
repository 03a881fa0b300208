// Progress benchmark: the statistics behind /progress and /group for one learner with 100,000 reviews in a
// group of 20 members who all share their progress.
//
//   npx tsx bench/progress.ts [--reviews N] [--members N] [--every-day] [--page] [--port N] [--keep]
//
// Seeds a temp SQLite file (migrated, content loaded) with the measured learner's review log spread over
// three years and the other members' own histories (fewer reviews, shorter spans, other time zones), then
// times the statistics functions in-process (median of 9 runs after a warm-up). With --page it also starts
// the production app on that file (`node scripts/start.mjs`, which builds when stale), signs in as the
// measured learner and, once the server is quiet, times the server render of /progress, /group, a topic page
// and a card page (median of 21 after four warm-ups): wall time at the client and the server's CPU per request.
// --port N serves the app on that port (default: a free one); --keep leaves the seeded database file in place
// (its path is printed).
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
const option = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) || fallback : fallback);
const reviewCount = option('--reviews', 100_000);
const memberCount = Math.max(1, option('--members', 20));
const withPage = args.includes('--page');
const everyDay = args.includes('--every-day');
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

interface Member {
  readonly userId: string;
  readonly username: string;
  readonly password: string;
  readonly reviews: number;
  readonly spanDays: number;
  /** Days since the member's last review (0: today). */
  readonly idleDays: number;
  /** Share of the days in the span without any review. */
  readonly daysOff: number;
  readonly timeZone: string;
  readonly dayStartHour: number;
}

const zones = [
  ['Asia/Shanghai', 4],
  ['Europe/Berlin', 0],
  ['America/New_York', 5],
  ['Asia/Kolkata', 4],
  ['UTC', 3],
  ['Australia/Adelaide', 6],
] as const;

/**
 * The group: the measured learner (`reviewCount` reviews over three years, every day: a three-year streak,
 * the longest walk back; Asia/Shanghai, day start 04:00) and `memberCount - 1` others with a long tail of
 * smaller histories (the k-th has 30%/k of the learner's reviews over a shorter span, takes (5 + 2k)% of the
 * days off — none with --every-day — and some are idle for the last few days), in six time zones.
 */
function groupMembers(): Member[] {
  const learner = { userId: 'bench-user', username: 'bench', password: 'bench password', reviews: reviewCount, spanDays: 3 * 365, idleDays: 0, daysOff: 0, timeZone: 'Asia/Shanghai', dayStartHour: 4 };
  return [
    learner,
    ...Array.from({ length: memberCount - 1 }, (_, i) => {
      const k = i + 1;
      const [timeZone, dayStartHour] = zones[k % zones.length]!;
      return {
        userId: `bench-member-${k}`,
        username: `member${k}`,
        password: 'member password',
        reviews: Math.round((reviewCount * 0.3) / k),
        spanDays: Math.round(60 + 1035 * (1 - k / memberCount)),
        idleDays: k % 4 === 0 ? k : 0,
        daysOff: everyDay ? 0 : 0.05 + 0.02 * k,
        timeZone,
        dayStartHour,
      };
    }),
  ];
}

type Sqlite = InstanceType<typeof Database>;
type LiveCard = { id: string; kind: string; familyId: string | null };

/** One member's review log (rows as large as real ones), exercise attempts and card states. */
async function seedMember(sqlite: Sqlite, cards: readonly LiveCard[], member: Member, joinedAt: Date, now: Date, random: () => number): Promise<void> {
  sqlite
    .prepare('insert into User (id, username, usernameKey, passwordHash, role, createdAt, lang, timeZone, dayStartHour) values (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(member.userId, member.username, member.username, await hashPassword(member.password), member.userId === 'bench-user' ? 'admin' : 'member', sqliteTime(joinedAt), 'en', member.timeZone, member.dayStartHour);
  sqlite.prepare("insert into Membership (groupId, userId, role, joinedAt) values ('main', ?, ?, ?)").run(member.userId, member.userId === 'bench-user' ? 'admin' : 'member', sqliteTime(joinedAt));
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
  // The member studies a share of the cards: the learner all of them, the smallest histories a third.
  const studied = cards.slice(0, Math.max(10, Math.round(cards.length * Math.min(1, 0.33 + member.reviews / reviewCount))));
  const lastAt = now.getTime() - member.idleDays * dayMs;
  // Days (back from the last one) with reviews, most recent first.
  const studyDays = Array.from({ length: member.spanDays }, (_, d) => d).filter((d) => d === 0 || random() >= member.daysOff);
  for (let i = 0; i < member.reviews; i++) {
    const card = studied[Math.floor(random() * studied.length)]!;
    // Oldest first, within half a day of its study day; the last review lands a few hours before the member's last day.
    const day = studyDays[Math.min(studyDays.length - 1, Math.floor((1 - i / member.reviews) * studyDays.length))]!;
    const at = lastAt - (day + random() * 0.5) * dayMs;
    const rating = [1, 2, 3, 3, 3, 3, 3, 4][Math.floor(random() * 8)]!;
    const stateBefore = random() < 0.8 ? 'review' : (['new', 'learning', 'relearning'] as const)[Math.floor(random() * 3)]!;
    const undone = random() < 0.01;
    const id = randomUUID();
    const intervalDays = rating === 1 ? 0.007 : random() * 30;
    const due = new Date(at + intervalDays * dayMs).toISOString();
    const prevState = JSON.stringify({ state: stateBefore, due, stability: 12.3, difficulty: 5.1, elapsedDays: 3, scheduledDays: 12, learningSteps: 0, reps: 5, lapses: 0, lastReview: due, seed: null, suspendedAt: null, buriedUntil: null, leech: false });
    const result = JSON.stringify({ id, cardId: card.id, rating, state: 'review', due, intervalDays, leech: false, reviewedAt: new Date(at).toISOString() });
    review.run(id, member.userId, card.id, rating, stateBefore, sqliteTime(new Date(at)), 5000, 3, intervalDays, prevState, result, undone ? sqliteTime(new Date(at + 1000)) : null);
    if (card.kind === 'problem') attempt.run(id, member.userId, card.id, id, card.familyId, rating > 1 ? 'correct' : 'incorrect', sqliteTime(new Date(at)));
    if (!undone) {
      const seen = lastReview.get(card.id) ?? { at, reps: 0, lapses: 0 };
      lastReview.set(card.id, { at, reps: seen.reps + 1, lapses: seen.lapses + (rating === 1 ? 1 : 0) });
    }
  }
  for (const [cardId, seen] of lastReview) {
    const stability = 1 + random() * 120;
    const due = new Date(seen.at + stability * dayMs);
    state.run(member.userId, cardId, sqliteTime(due), stability, 1 + random() * 9, seen.reps, seen.lapses, sqliteTime(new Date(seen.at)), sqliteTime(now));
  }
}

/** Seeds the group; returns its members, the measured learner first. */
async function seed(file: string, now: Date): Promise<Member[]> {
  const sqlite = new Database(file);
  const cards = sqlite.prepare('select id, kind, familyId from Card where retiredAt is null order by articleSlug, position').all() as LiveCard[];
  sqlite.prepare("insert or ignore into \"Group\" (id, name, createdAt) values ('main', 'Study group', ?)").run(sqliteTime(now));
  const random = prng(42);
  const members = groupMembers();
  for (const [i, member] of members.entries()) {
    sqlite.exec('begin');
    await seedMember(sqlite, cards, member, new Date(now.getTime() - (4 * 365 - i) * dayMs), now, random);
    sqlite.exec('commit');
  }
  sqlite.close();
  return members;
}

/**
 * Median and max wall time of `runs` calls (9, or 21 for pages) after one warm-up, and the CPU time they cost: by default
 * this process's (median of the runs); for work in another process, `cpuOf` reads that process's total
 * and the row shows its mean per call (/proc counts in 10 ms ticks). The machine is shared: wall time
 * includes waiting for a core; CPU time does not.
 */
async function median(label: string, run: () => Promise<unknown>, cpuOf?: () => number, runs = 9): Promise<string> {
  await run();
  const wall: number[] = [];
  const cpu: number[] = [];
  const otherStarted = cpuOf?.() ?? 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    await run();
    const used = process.cpuUsage(cpuStarted);
    wall.push(performance.now() - started);
    cpu.push((used.user + used.system) / 1000);
  }
  const middle = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(runs / 2)]!.toFixed(1);
  const cpuColumn = cpuOf ? `${((cpuOf() - otherStarted) / runs).toFixed(0)} (server, mean)` : middle(cpu);
  return `| ${label} | ${middle(wall)} | ${Math.max(...wall).toFixed(1)} | ${cpuColumn} |`;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** CPU time (ms) used so far by a process and its descendants (Linux /proc; 0 elsewhere). */
function treeCpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const own = ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
    const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    return own + children.reduce((sum, child) => sum + treeCpuMs(child), 0);
  } catch {
    return 0;
  }
}

async function timePages(url: string, user: { username: string; password: string }, paths: readonly string[]): Promise<string[]> {
  const port = option('--port', 0) || (await freePort());
  const child = spawn(process.execPath, ['scripts/start.mjs'], { env: { ...process.env, DATABASE_URL: url, PORT: String(port) }, stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let ready = false; !ready; ) {
      if (child.exitCode !== null) throw new Error('the app exited');
      ready = await fetch(`${base}/api/v1/me`).then((r) => r.status === 401, () => false);
      if (!ready) await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const login = await fetch(`${base}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user.username, password: user.password }) });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    // NOTE: the server warms its answer-check workers in the background after it starts (seconds of CPU);
    // the measurements begin once the server process has been quiet (< 5% of a core) for a second.
    for (let quiet = false, waited = 0; !quiet && waited < 60; waited++) {
      const before = treeCpuMs(child.pid!);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      quiet = treeCpuMs(child.pid!) - before < 50;
    }
    const rows: string[] = [];
    for (const page of paths) {
      const fetchPage = async () => {
        const response = await fetch(`${base}${page}`, { headers: { cookie } });
        if (response.status !== 200) throw new Error(`${page}: ${response.status}`);
        await response.text();
      };
      // NOTE: a few renders first, so the route's code is loaded and compiled by V8 (a warm server).
      for (let i = 0; i < 3; i++) await fetchPage();
      rows.push(await median(`GET ${page} (server render, HTML)`, fetchPage, () => treeCpuMs(child.pid!), 21));
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
    const members = await seed(file, now);
    const learner = members[0]!;
    const total = members.reduce((sum, member) => sum + member.reviews, 0);
    console.log(
      `seeded ${members.length} members sharing progress, ${total} reviews (the measured learner ${learner.reviews}, the others ${members
        .slice(1)
        .map((member) => member.reviews)
        .join(', ')}) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    // NOTE: lib/db opens DATABASE_URL when first imported, so the app modules load after it is set.
    process.env.DATABASE_URL = url;
    const { db } = await import('../lib/db');
    const { calendarOf, progressDetail, topicProgress, cardProgress } = await import('../lib/progress');
    const { topicAttemptsPerWeek } = await import('../lib/progress-activity');
    const { groupActivity, groupProgress } = await import('../lib/group-progress');
    const user = await db.user.findUniqueOrThrow({ where: { id: learner.userId } });
    const rows = [
      '| what | wall median (ms) | wall max (ms) | CPU (ms) |',
      '| --- | ---: | ---: | ---: |',
      await median('`topicProgress` (the figures of GET /progress)', () => topicProgress(user, now)),
      await median('`progressDetail` (everything /progress shows)', () => progressDetail(user, now)),
      await median('`cardProgress` + `topicAttemptsPerWeek` (one topic page)', () =>
        Promise.all([cardProgress(user, now, 'lora'), topicAttemptsPerWeek(user.id, 'lora', calendarOf(user), now)]),
      ),
      await median(`\`groupProgress\` (the /group table, ${members.length} sharing members)`, () => groupProgress(user, now)),
      await median(`\`groupActivity\` (the /group charts, ${members.length} sharing members)`, () => groupActivity(user, now)),
    ];
    await db.$disconnect();
    if (withPage) rows.push(...(await timePages(url, learner, ['/progress', '/group', '/progress/lora', '/progress/cards/lora/core-idea'])));
    console.log(rows.join('\n'));
    console.log(`load average: ${os.loadavg().map((load) => load.toFixed(1)).join(', ')} (${os.cpus().length} cores)`);
  } finally {
    if (!args.includes('--keep')) fs.rmSync(dir, { recursive: true, force: true });
    else console.log(`kept ${file}`);
  }
}

await main();
