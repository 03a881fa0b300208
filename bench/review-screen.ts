// The review screen in Chromium (issue 15): `npm run bench:review-screen` (needs `npm run build` and
// Chromium at /usr/bin/chromium, or CHROMIUM_PATH). Starts the production app on a fresh SQLite file,
// signs in, opens /study and grades up to 40 cards with the keyboard (Space reveals, 3 grades; an exercise
// shows its solution first). For each grade it measures, in the page, the time from the grade key's
// keydown to the first animation frame after the next card is in the DOM (the frame that paints it), and
// whether the review's POST /api/v1/reviews (sent through the outbox) was still under way then.
// Options: `-- --port P` (default: a free port).
import os from 'node:os';
import { chromium } from '@playwright/test';
import { ApiClient, startAppServer } from '../tests/helpers/app-server';

const at = process.argv.indexOf('--port');
const port = at > 0 ? process.argv[at + 1] : undefined;
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const quantile = (xs: number[], q: number) => sorted(xs)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? NaN;

const loadBefore = os.loadavg();
const server = await startAppServer(port ? { PORT: port } : {});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const credentials = { username: 'bench', password: 'correct horse battery' };
  const setup = await new ApiClient(server.baseUrl).call('POST', '/setup', credentials);
  if (setup.status !== 201) throw new Error(`setup: ${setup.status}`);
  const page = await browser.newPage({ baseURL: server.baseUrl });
  if (!(await page.request.post('/api/v1/session', { data: credentials })).ok()) throw new Error('sign-in failed');
  // Every POST /reviews: when it finished (page clock), to compare with when the next card was shown.
  // NOTE: page code as text: tsx would wrap functions passed to the page in helpers the page does not have.
  await page.addInitScript(`
    window.reviewsDone = [];
    document.addEventListener('keydown', (event) => { if (['1', '2', '3', '4'].includes(event.key)) window.gradeAt = performance.now(); }, true);
    const original = window.fetch.bind(window);
    window.fetch = async (input, init) => {
      const response = await original(input, init);
      if (String(input).includes('/api/v1/reviews') && init && init.method === 'POST') window.reviewsDone.push(performance.now());
      return response;
    };`);
  await page.goto('/study');
  const card = page.getByTestId('study-card');
  await card.waitFor();
  const shownMs: number[] = [];
  let inFlight = 0;
  for (let i = 0; i < 40; i++) {
    const id = await card.getAttribute('data-card-id');
    if (!id) break;
    if ((await card.getAttribute('data-kind')) === 'problem') {
      await page.getByTestId('show-solution').click();
      await page.getByTestId('solution').waitFor();
    } else {
      await page.keyboard.press('Space');
      await page.getByTestId('card-back').waitFor();
    }
    // The observer is in place before the key is pressed; the result is read after.
    await page.evaluate(`window.nextShown = new Promise((resolve) => {
      const before = window.reviewsDone.length;
      const shown = () => (document.querySelector('[data-testid="study-card"]')?.getAttribute('data-card-id') ?? 'done') !== ${JSON.stringify(id)};
      const observer = new MutationObserver(() => {
        if (!shown()) return;
        observer.disconnect();
        requestAnimationFrame(() => resolve({ ms: performance.now() - window.gradeAt, pending: window.reviewsDone.length === before }));
      });
      observer.observe(document.body, { subtree: true, childList: true, attributes: true });
    }); true`);
    await page.keyboard.press('3');
    const { ms, pending } = (await page.evaluate('window.nextShown')) as { ms: number; pending: boolean };
    shownMs.push(ms);
    if (pending) inFlight++;
    if (!(await card.count())) break;
  }
  await page.waitForFunction(`JSON.parse(localStorage.getItem('study-outbox-v1') ?? '[]').length === 0`, undefined, { timeout: 30_000 });
  const loadAfter = os.loadavg();
  console.log(
    [
      `Command: \`npm run bench:review-screen\`. Chromium (headless, ${process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'}), production build, loopback; ` +
        `${os.cpus().length} cores, load average (1 min) ${loadBefore[0]?.toFixed(1)} → ${loadAfter[0]?.toFixed(1)}.`,
      '',
      '| what | n | median (ms) | p95 (ms) | max (ms) |',
      '| --- | ---: | ---: | ---: | ---: |',
      `| grade key → next card painted (keydown to the first animation frame with the next card in the DOM) | ${shownMs.length} | ${quantile(shownMs, 0.5).toFixed(1)} | ${quantile(shownMs, 0.95).toFixed(1)} | ${Math.max(...shownMs).toFixed(1)} |`,
      '',
      `The review's POST /api/v1/reviews was still under way when the next card was shown in ${inFlight} of ${shownMs.length} grades (the outbox sends in the background); every review reached the server (outbox empty).`,
    ].join('\n'),
  );
} finally {
  await browser.close();
  await server.stop();
}
