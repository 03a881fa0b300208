// `npm start`: migrations and content into SQLite, a production build and the worker bundle when the sources
// changed (dist/check-worker.mjs, dist/engine.mjs: scripts/bundle.mjs), then serve.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleTargets, staleTargets } from './bundle.mjs';
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
  // The check workers' bundle (dist/check-worker.mjs): Next does not build worker threads.
  await bundleTargets({ ifStale: true });
  if (buildIsStale()) run(bin('next'), ['build']);
}

const port = process.env.PORT || '3000';
// NOTE: the peer-address hook tells the app each request's socket address (see scripts/peer-address.mjs).
const nextCli = path.join('node_modules', 'next', 'dist', 'bin', 'next');
const hook = pathToFileURL(path.resolve('scripts', 'peer-address.mjs')).href;
// NOTE: idle keep-alive sockets stay open 65 s (Node's default is 5 s): longer than a proxy's or a client's own
// idle timeout, so a client never sends a request on a socket the server is closing at that moment (ECONNRESET).
const keepAlive = process.env.KEEP_ALIVE_TIMEOUT_MS || '65000';
// NOTE: V8 lets a busy server's heap grow to up to 4× what is live after each full collection (≈ 490 MB
// resident after 10,000 reviews, docs/BENCHMARKS.md); growing by at most 30% and a 4 MB young
// generation keep it near 300 MB at the same throughput. Neither is a hard limit: a large import still fits.
const v8Flags = ['--heap-growing-percent=30', '--max-semi-space-size=4'];
const server = spawn(process.execPath, [...v8Flags, '--import', hook, nextCli, 'start', '-p', port, '--keepAliveTimeout', keepAlive], { stdio: 'inherit', env: process.env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
