// Tensor runs in headless Chromium: the linear-attention practice run at n = 512, d = 64 on the wasm
// and cpu backends (median of several runs each, after one cold run), the server's cpu rerun, and
// a check that TensorFlow.js is in no page's first-load JavaScript (only fetched when Run is clicked).
// Needs a production build (`npx next build`) and Chromium at /usr/bin/chromium (or CHROMIUM_PATH).
// Run: npm run -s bench:tensors   (or: npx tsx bench/tensors.ts [runs per backend, default 7])
import os from 'node:os';
import { chromium, type Page } from '@playwright/test';
import { generateInstance } from '../engine';
import { familyById } from '../problems';
import { ApiClient, startAppServer } from '../tests/helpers/app-server';

const runsPerBackend = Math.max(2, Number(process.argv[2] ?? 7));
const family = 'linear-attention-run';
const level = 'medium';
/** Strings only TensorFlow.js's own bundles contain (URLs in its sources, its kernel registry's messages). */
const tfjsMarkers = [/tensorflow/i, /Kernel '\$\{/, /WEBGL_VERSION/];
const pages = ['/login', '/', '/articles/linear-attention', '/study', '/account', '/admin', '/cards', '/progress', '/group', '/practice'];

const seed = Array.from({ length: 1000 }, (_, s) => s).find((s) => {
  const params = generateInstance(familyById(family)!, s, level).params as { n: number; d: number };
  return params.n === 512 && params.d === 64;
});
if (seed === undefined) throw new Error('no medium instance with n = 512, d = 64');

const median = (xs: readonly number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const ms = (x: number) => x.toFixed(1);

interface Run {
  readonly backend: string;
  readonly ms: number;
  readonly quadraticMs: number;
  readonly linearMs: number;
  readonly serverMs: number;
}

async function runOnce(page: Page, count: number): Promise<Run> {
  const serverReply = page.waitForResponse((r) => r.url().endsWith('/api/v1/tensor-runs'));
  await page.getByTestId('run').click();
  await page.locator(`[data-testid="tensor-output"][data-runs="${count}"]`).waitFor({ timeout: 60_000 });
  const result = JSON.parse((await page.getByTestId('tensor-result').textContent()) ?? '') as {
    backend: string;
    ms: number;
    measured: { timings: { n: number; quadraticMs: number; linearMs: number }[] };
  };
  const server = (await (await serverReply).json()) as { server?: { ms: number }; error?: string };
  if (!server.server) throw new Error(`the server refused the run: ${server.error}`);
  const top = result.measured.timings.at(-1)!;
  return { backend: result.backend, ms: result.ms, quadraticMs: top.quadraticMs, linearMs: top.linearMs, serverMs: server.server.ms };
}

const load = () => os.loadavg()[0]!.toFixed(2);
const loadBefore = load();
const server = await startAppServer();
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const client = new ApiClient(server.baseUrl);
  const setup = await client.call('POST', '/setup', { username: 'admin', password: 'correct horse' });
  const token = setup.headers.get('set-cookie')?.split(';')[0]?.split('=')[1] ?? '';
  const context = await browser.newContext();
  await context.addCookies([{ name: 'study_session', value: token, url: server.baseUrl }]);
  const page = await context.newPage();

  const rows: string[] = [];
  for (const backend of ['wasm', 'cpu'] as const) {
    await page.goto(`${server.baseUrl}/practice/${family}?seed=${seed}&level=${level}&backend=${backend}`);
    const runs: Run[] = [];
    for (let i = 1; i <= runsPerBackend; i++) runs.push(await runOnce(page, i));
    if (runs.some((r) => r.backend !== backend)) throw new Error(`asked for ${backend}, ran on ${runs.map((r) => r.backend).join(', ')}`);
    const [cold, ...warm] = runs;
    rows.push(
      `| ${backend} | ${ms(cold!.ms)} | ${ms(median(warm.map((r) => r.ms)))} (${ms(Math.min(...warm.map((r) => r.ms)))}–${ms(Math.max(...warm.map((r) => r.ms)))}) | ${ms(median(warm.map((r) => r.quadraticMs)))} | ${ms(median(warm.map((r) => r.linearMs)))} | ${ms(median(runs.map((r) => r.serverMs)))} |`,
    );
  }

  // First-load JavaScript: the <script src> chunks of each page's HTML must hold no TensorFlow.js.
  const practicePages = ['/practice/linear-attention-run', '/practice/qk-variance', '/practice/walk-monte-carlo', '/practice/moe-routing'];
  const cookie = `study_session=${token}`;
  const chunkText = new Map<string, string>();
  const firstLoad: string[] = [];
  let tfjsFound = false;
  for (const path of [...pages, ...practicePages]) {
    const html = await (await fetch(`${server.baseUrl}${path}`, { headers: { cookie }, redirect: 'manual' })).text();
    // NOTE: as bench/first-load.ts: `noModule` polyfills are never fetched by module-capable browsers.
    const tags = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]).filter((tag) => !/\bnoModule\b/i.test(tag));
    const sources = [...new Set(tags.flatMap((tag) => [...tag.matchAll(/\bsrc="([^"]+)"/g)].map((m) => m[1]!)))];
    let bytes = 0;
    const hits: string[] = [];
    for (const src of sources) {
      if (!chunkText.has(src)) chunkText.set(src, await (await fetch(new URL(src, server.baseUrl))).text());
      const text = chunkText.get(src)!;
      bytes += Buffer.byteLength(text);
      if (tfjsMarkers.some((marker) => marker.test(text))) hits.push(src);
    }
    tfjsFound ||= hits.length > 0;
    firstLoad.push(`| ${path} | ${sources.length} | ${(bytes / 1024).toFixed(1)} kB | ${hits.length === 0 ? 'no' : `**yes**: ${hits.join(', ')}`} |`);
  }
  // What Run fetches on top: the chunks loaded after the page, and the .wasm binary.
  const fetched: { url: string; bytes: number }[] = [];
  const fresh = await context.newPage();
  fresh.on('response', async (r) => {
    if (/\/_next\/static\/chunks\/|\/tfjs\//.test(r.url())) fetched.push({ url: r.url(), bytes: (await r.body().catch(() => Buffer.alloc(0))).length });
  });
  await fresh.goto(`${server.baseUrl}/practice/${family}?seed=${seed}&level=${level}`);
  await fresh.waitForLoadState('networkidle');
  const beforeRun = fetched.length;
  await runOnce(fresh, 1);
  await fresh.waitForLoadState('networkidle');
  const onRun = fetched.slice(beforeRun);
  const onRunJs = onRun.filter((f) => f.url.endsWith('.js')).reduce((s, f) => s + f.bytes, 0);
  const onRunWasm = onRun.filter((f) => f.url.endsWith('.wasm'));
  // Positive control: the markers do find TensorFlow.js in what Run fetches.
  let markedOnRun = 0;
  for (const f of onRun.filter((x) => x.url.endsWith('.js'))) {
    const text = await (await fetch(f.url)).text();
    if (tfjsMarkers.some((marker) => marker.test(text))) markedOnRun++;
  }

  console.log(`Chromium ${browser.version()} (headless), ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, Node ${process.version}; load average ${loadBefore} before, ${load()} after.`);
  console.log(`Linear attention, n = 512, d = 64, d_v = 64 (seed ${seed}, level ${level}): one page, Run clicked ${runsPerBackend} times per backend.`);
  console.log('');
  console.log('| backend | cold run (ms) | warm runs, median (min–max) (ms) | (QKᵀ)V at n = 512 (ms) | Q(KᵀV) at n = 512 (ms) | server rerun, cpu in Node (ms) |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const row of rows) console.log(row);
  console.log('');
  console.log('| route | first-load scripts | first-load JS (raw) | TensorFlow.js in it? |');
  console.log('| --- | ---: | ---: | --- |');
  for (const row of firstLoad) console.log(row);
  console.log('');
  console.log(
    `Fetched when Run is first clicked: ${onRun.filter((f) => f.url.endsWith('.js')).length} JS chunks, ${(onRunJs / 1024).toFixed(0)} kB raw (${markedOnRun} of them carry the TensorFlow.js markers); ${onRunWasm.map((f) => `${f.url.split('/').pop()} (${(f.bytes / 1024).toFixed(0)} kB)`).join(', ') || 'no .wasm'}.`,
  );
  if (markedOnRun === 0) {
    console.error('the TensorFlow.js markers match nothing Run fetches: the first-load check above proves nothing');
    process.exitCode = 1;
  }
  if (tfjsFound) {
    console.error('TensorFlow.js found in first-load JavaScript');
    process.exitCode = 1;
  }
} finally {
  await browser.close();
  await server.stop();
}
