// Anki benchmark: a 10,000-note package with 100,000 review-log rows, read and imported.
//
//   npm run bench:anki [-- --notes N --reviews N --runs N --no-import --postgres]
//
// 1. Reading (median of the runs after a warm-up), per format: the legacy package as the export route writes it
//    (`collection.anki2`) and the same collection as a current-format package (`collection.anki21b`, zstd by the
//    `zstd` tool when present, else stored zstd frames): unzip + SQLite read into the model (readAnkiPackage),
//    mapping every note to this app's cards (mapNote), the revlog into reviews with Anki's FSRS rules.
// 2. Importing through the app (needs `npm run build`; skipped with --no-import): the production server on a fresh
//    SQLite file, or with --postgres on a fresh database of a throw-away PostgreSQL server (scripts/postgres-server.mjs,
//    Debian's server binaries), `POST /api/v1/import?history=1` of the legacy package (the worker reads, plans, replays every
//    review through FSRS and writes everything in one transaction), once as a dry run and once for real, while
//    another client keeps asking `GET /api/v1/me` (a signed-in request that reads the database) every 250 ms and
//    `GET /api/v1/queue?limit=5` every 2 s: their latencies during the import against the same requests idle
//    (measured for 5 s after a warm-up).
import { execFileSync } from 'node:child_process';
import { mapNote, readAnkiPackage, revlogToReviews } from '../lib/anki';
import { encodePackageMetadata } from '../lib/anki/protobuf';
import { readZip } from '../lib/anki/zip';
import { defaultAnkiLimits } from '../lib/anki/limits';
import { encodeZstdStored } from '../lib/anki/zstd';
import { startPostgres } from '../scripts/postgres-server.mjs';
import { largePackage, zipEntries } from '../tests/helpers/anki-fixtures';
import type { ApiClient } from '../tests/helpers/app-server';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) || fallback : fallback;
};
const noteCount = option('--notes', 10_000);
const reviewCount = option('--reviews', 100_000);
const runs = option('--runs', 5);

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const median = (values: number[]) => sorted(values)[Math.floor(values.length / 2)] ?? 0;
const quantile = (values: number[], q: number) => sorted(values)[Math.min(values.length - 1, Math.max(0, Math.ceil(q * values.length) - 1))] ?? 0;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

let started = performance.now();
const built = await largePackage(noteCount, reviewCount);
const legacy = built.bytes;
const writeMs = performance.now() - started;

const sqlite = (await readZip(legacy, defaultAnkiLimits, (name) => name === 'collection.anki2')).get('collection.anki2')!;
let zstd = encodeZstdStored;
let zstdKind = 'stored zstd frames';
try {
  execFileSync('zstd', ['--version']);
  zstd = (bytes: Uint8Array) => execFileSync('zstd', ['-q', '-c', '-3'], { input: bytes, maxBuffer: 1 << 30 });
  zstdKind = 'zstd -3';
} catch {
  // the zstd tool is missing: stored frames still exercise the current-format path
}
const current = await zipEntries([
  ['collection.anki21b', zstd(sqlite)],
  ['media', zstd(new Uint8Array())],
  ['meta', Buffer.from(encodePackageMetadata(3))],
]);

console.log(`Anki package: ${noteCount} notes, ${built.cards} cards, ${built.revlog} revlog rows`);
console.log(`written by writeApkg in ${seconds(writeMs)}; legacy package ${(legacy.length / 1048576).toFixed(1)} MiB, current package (${zstdKind}) ${(current.length / 1048576).toFixed(1)} MiB, SQLite ${(sqlite.length / 1048576).toFixed(1)} MiB`);
console.log(`\nreading, median of ${runs} runs after a warm-up:`);
for (const [label, bytes] of [['legacy (collection.anki2)', legacy], ['current (collection.anki21b)', current]] as const) {
  const read: number[] = [];
  const map: number[] = [];
  const revlog: number[] = [];
  let summary = '';
  for (let run = 0; run <= runs; run += 1) {
    started = performance.now();
    const model = await readAnkiPackage(bytes);
    const readMs = performance.now() - started;
    started = performance.now();
    const notetypes = new Map(model.notetypes.map((nt) => [nt.id, nt]));
    const cardsByNote = new Map<number, (typeof model.cards)[number][]>();
    for (const card of model.cards) cardsByNote.set(card.noteId, [...(cardsByNote.get(card.noteId) ?? []), card]);
    let mapped = 0;
    for (const note of model.notes) mapped += mapNote(note, notetypes.get(note.notetypeId)!, cardsByNote.get(note.id) ?? [], new Set()).cards.length;
    const mapMs = performance.now() - started;
    started = performance.now();
    const converted = revlogToReviews(model.revlog);
    const revlogMs = performance.now() - started;
    summary = `${model.notes.length} notes, ${mapped} cards mapped, ${converted.reviews.length} reviews kept`;
    if (run === 0) continue;
    read.push(readMs);
    map.push(mapMs);
    revlog.push(revlogMs);
  }
  const total = median(read) + median(map) + median(revlog);
  console.log(`${label}: read ${seconds(median(read))}, map notes ${seconds(median(map))}, revlog → reviews ${seconds(median(revlog))}, total ${seconds(total)} (${summary})`);
}

if (!args.includes('--no-import')) await benchImport();

/** Requests another client makes while the import runs: latencies of GET /me every 250 ms and GET /queue every 2 s. */
function pollWhile(client: ApiClient, running: () => boolean): Promise<{ me: number[]; queue: number[] }> {
  const me: number[] = [];
  const queue: number[] = [];
  const loop = async (route: string, everyMs: number, into: number[]) => {
    while (running()) {
      const at = performance.now();
      const response = await client.call('GET', route);
      if (response.status !== 200) throw new Error(`${route}: ${response.status}`);
      into.push(performance.now() - at);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  };
  return Promise.all([loop('/me', 250, me), loop('/queue?limit=5', 2000, queue)]).then(() => ({ me, queue }));
}

function describe(label: string, values: number[]): string {
  return `${label} n=${values.length} p50 ${median(values).toFixed(1)} ms, p95 ${quantile(values, 0.95).toFixed(1)} ms, max ${Math.max(...values).toFixed(1)} ms`;
}

async function benchImport(): Promise<void> {
  const postgres = args.includes('--postgres') ? await startPostgres() : null;
  // NOTE: tests/helpers/test-database.ts reads STUDY_TEST_POSTGRES when it is loaded, so it is loaded only now.
  if (postgres) process.env.STUDY_TEST_POSTGRES = postgres.url;
  const { ApiClient, startAppServer } = await import('../tests/helpers/app-server');
  const where = postgres ? 'a fresh database of a throw-away PostgreSQL server' : 'a fresh SQLite file';
  let server: Awaited<ReturnType<typeof startAppServer>> | undefined;
  try {
    server = await startAppServer();
    const admin = new ApiClient(server.baseUrl);
    const setup = await admin.call('POST', '/setup', { username: 'admin', password: 'bench password' });
    if (setup.status !== 201) throw new Error(`setup: ${setup.status}`);
    const other = new ApiClient(server.baseUrl);
    await other.call('POST', '/session', { username: 'admin', password: 'bench password' });
    for (let i = 0; i < 10; i += 1) await Promise.all([other.call('GET', '/me'), other.call('GET', '/queue?limit=5')]);
    let idle = true;
    setTimeout(() => (idle = false), 5000);
    const baseline = await pollWhile(other, () => idle);
    console.log(`\nimport through the app (POST /api/v1/import?history=1, legacy package, production server on ${where}):`);
    console.log(`idle: ${describe('GET /me', baseline.me)}; ${describe('GET /queue', baseline.queue)}`);
    for (const dryRun of [true, false]) {
      let running = true;
      const polled = pollWhile(other, () => running);
      const at = performance.now();
      const response = await fetch(`${server.baseUrl}/api/v1/import?filename=bench.apkg&history=1${dryRun ? '&dryRun=1' : ''}`, {
        method: 'POST',
        headers: { cookie: admin.sessionCookie, 'content-type': 'application/octet-stream' },
        body: new Uint8Array(legacy),
      });
      const elapsed = performance.now() - at;
      running = false;
      const body = (await response.json()) as { cards?: number; reviews?: number; elapsedMs?: number; error?: string };
      const during = await polled;
      if (response.status !== (dryRun ? 200 : 201)) throw new Error(`import: ${response.status} ${body.error}`);
      console.log(`${dryRun ? 'dry run' : 'import '}: ${seconds(elapsed)} over HTTP (worker ${seconds(body.elapsedMs ?? 0)}; ${body.cards} cards, ${body.reviews} reviews)`);
      console.log(`  meanwhile: ${describe('GET /me', during.me)}; ${describe('GET /queue', during.queue)}`);
    }
  } finally {
    await server?.stop();
    postgres?.stop();
  }
}
