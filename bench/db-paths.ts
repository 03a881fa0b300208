// The ways a query can reach SQLite from the app, side by side (issue 15): `npm run bench:db-paths`.
// On a fresh database with the bundled content, in one process: a card lookup by id, and a transaction of
// one read and one write (the shape of a review), each through
// - the Prisma client's typed API (`findUnique`, `$transaction(async (tx) => …)`),
// - the Prisma client's raw SQL (`$queryRaw` tagged template, `$queryRawUnsafe`),
// - the Prisma client's driver adapter directly (lib/sql.ts: what the review, queue and session use),
// - better-sqlite3's prepared statements (no Prisma at all).
// Prisma's other engine types ("library", "binary") need a native query engine that Prisma downloads at
// install; it cannot be downloaded here, so the WebAssembly query compiler ("client") is the only one measured.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { PrismaClient } from '@prisma/client';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { prepareDatabase } from '../lib/prepare';
import { sharedAdapter, sql, sqlOn } from '../lib/sql';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-db-paths-'));
const file = path.join(dir, 'study.db');
const url = `file:${file}`;
await prepareDatabase(url);
const adapter = sharedAdapter(new PrismaBetterSQLite3({ url, timeout: 5000 }));
const db = new PrismaClient({ adapter });
const direct = sqlOn(adapter.adapter);
const sqlite = new Database(file);
const ids = (await db.card.findMany({ select: { id: true } })).map((c) => c.id);
const id = (i: number) => ids[i % ids.length]!;

async function measure(n: number, work: (i: number) => unknown): Promise<{ wall: number; cpu: number }> {
  for (let i = 0; i < 200; i++) await work(i);
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < n; i++) await work(i);
  const used = process.cpuUsage(cpu);
  return { wall: ((performance.now() - started) / n) * 1000, cpu: (used.user + used.system) / n };
}

const lookup = sqlite.prepare('SELECT * FROM "Card" WHERE "id" = ?');
const touch = sqlite.prepare('UPDATE "Card" SET "position" = "position" WHERE "id" = ?');
const rows: Array<[string, { wall: number; cpu: number }, { wall: number; cpu: number }]> = [
  [
    'Prisma typed API',
    await measure(2000, (i) => db.card.findUnique({ where: { id: id(i) } })),
    await measure(1000, (i) =>
      db.$transaction(async (tx) => {
        const card = await tx.card.findUnique({ where: { id: id(i) } });
        await tx.card.update({ where: { id: id(i) }, data: { position: card!.position } });
      }),
    ),
  ],
  [
    'Prisma `$queryRaw` (tagged template)',
    await measure(2000, (i) => db.$queryRaw`SELECT * FROM "Card" WHERE "id" = ${id(i)}`),
    await measure(1000, (i) =>
      db.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT * FROM "Card" WHERE "id" = ${id(i)}`;
        await tx.$executeRaw`UPDATE "Card" SET "position" = "position" WHERE "id" = ${id(i)}`;
      }),
    ),
  ],
  [
    'Prisma `$queryRawUnsafe`',
    await measure(2000, (i) => db.$queryRawUnsafe('SELECT * FROM "Card" WHERE "id" = ?', id(i))),
    await measure(1000, (i) =>
      db.$transaction(async (tx) => {
        await tx.$queryRawUnsafe('SELECT * FROM "Card" WHERE "id" = ?', id(i));
        await tx.$executeRawUnsafe('UPDATE "Card" SET "position" = "position" WHERE "id" = ?', id(i));
      }),
    ),
  ],
  [
    'the driver adapter directly (lib/sql.ts)',
    await measure(2000, (i) => direct.query(sql`SELECT * FROM "Card" WHERE "id" = ${id(i)}`)),
    await measure(1000, (i) =>
      direct.transaction(async (tx) => {
        await tx.query(sql`SELECT * FROM "Card" WHERE "id" = ${id(i)}`);
        await tx.execute(sql`UPDATE "Card" SET "position" = "position" WHERE "id" = ${id(i)}`);
      }),
    ),
  ],
  ['better-sqlite3 prepared statements', await measure(2000, (i) => lookup.get(id(i))), await measure(1000, (i) => sqlite.transaction(() => (lookup.get(id(i)), touch.run(id(i))))())],
];
const load = os.loadavg()[0]?.toFixed(1);
console.log(
  [
    `Command: \`npm run bench:db-paths\`. ${os.cpus()[0]?.model ?? 'CPU'}, ${os.cpus().length} cores, Node ${process.version}; load average (1 min) ${load}. ` +
      `Per call, after 200 warm-up calls; CPU is this process's.`,
    '',
    '| path | card by id: wall / CPU (µs) | read + write in a transaction: wall / CPU (µs) | ÷ better-sqlite3 (CPU, lookup / transaction) |',
    '| --- | ---: | ---: | ---: |',
    ...rows.map(
      ([name, one, tx]) =>
        `| ${name} | ${one.wall.toFixed(0)} / ${one.cpu.toFixed(0)} | ${tx.wall.toFixed(0)} / ${tx.cpu.toFixed(0)} | ${(one.cpu / rows[4]![1].cpu).toFixed(1)}× / ${(tx.cpu / rows[4]![2].cpu).toFixed(1)}× |`,
    ),
  ].join('\n'),
);
await db.$disconnect();
sqlite.close();
fs.rmSync(dir, { recursive: true, force: true });
