// `npm start`: migrations and content into the database, a production build and the bundles when the sources
// changed (dist/server.mjs, dist/check-worker.mjs, …: scripts/bundle.mjs), then serve (dist/server.mjs).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { bundleTargets, staleTargets, targets } from './bundle.mjs';
import { copyWasm } from './copy-wasm.mjs';

process.env.NEXT_TELEMETRY_DISABLED = '1';
const bin = (name) => path.join('node_modules', '.bin', name);

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const sourceRoots = ['app', 'lib', 'engine', 'problems', 'public', 'next.config.ts', 'proxy.ts', 'instrumentation.ts', 'package-lock.json', 'tsconfig.json'];

function newestMtimeMs(entry) {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of fs.readdirSync(entry)) newest = Math.max(newest, newestMtimeMs(path.join(entry, name)));
  return newest;
}

function buildIsStale() {
  const buildId = path.join('.next', 'BUILD_ID');
  if (!fs.existsSync(buildId)) return true;
  const builtAt = fs.statSync(buildId).mtimeMs;
  return sourceRoots.some((root) => newestMtimeMs(root) > builtAt);
}

run(bin('tsx'), ['scripts/prepare.ts']);
copyWasm();
if (buildIsStale() || staleTargets().length > 0) {
  // NOTE: test harnesses start many servers at once; they must never race to rebuild the same .next.
  if (process.env.STUDY_NO_BUILD === '1') {
    console.error('The production build is older than the sources: run `npm run build` first.');
    process.exit(1);
  }
  // The bundles Next does not build: the server, the worker threads, the engine CLI (scripts/bundle.mjs).
  await bundleTargets({ ifStale: true });
  if (buildIsStale()) run(bin('next'), ['build']);
}

// NOTE: the server (scripts/server.ts, bundled to dist/server.mjs) is Next's custom server with the fast path of
// lib/fast-path.ts; it reads PORT and KEEP_ALIVE_TIMEOUT_MS. NODE_ENV must be set before it loads React and Next.
// NOTE: V8 lets a busy server's heap grow to up to 4× what is live after each full collection (≈ 490 MB
// resident after 10,000 reviews, docs/BENCHMARKS.md); growing by at most 30% and a 4 MB young
// generation keep it near 300 MB at the same throughput. Neither is a hard limit: a large import still fits.
const v8Flags = ['--heap-growing-percent=30', '--max-semi-space-size=4'];
const env = { ...process.env, NODE_ENV: process.env.NODE_ENV || 'production', PORT: process.env.PORT || '3000' };
const server = spawn(process.execPath, [...v8Flags, targets.server.outfile], { stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
