// Hostile-answer benchmark (issue 18): answer checks run in worker threads with a deadline.
//
//   npm run bench:hostile            (needs a production build: `npm run build`)
//
// Starts the production app on a fresh SQLite file (tests/helpers/app-server.ts) and prints medians:
// - an ordinary /api/v1/check (right answer, worked solution included) through the worker pool, next to
//   the same check run in-process (the main-thread cost it had before the pool);
// - a hostile /api/v1/check (16 terms of (1+1e-300)^(1e300), ~1 s each for the engine): its answer time,
//   and anonymous GET /api/v1/me latency idle and while two clients keep posting hostile checks.
import { answerTexts, checkAnswer, generateInstance, renderSteps, type Level } from '../engine';
import { familyById } from '../problems';
import { ApiClient, startAppServer } from '../tests/helpers/app-server';

const hostileAnswer = Array.from({ length: 16 }, () => '(1+1e-300)^(1e300)').join('+');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? NaN;

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await work();
  return [value, performance.now() - started];
}

const server = await startAppServer();
try {
  const admin = new ApiClient(server.baseUrl);
  await admin.call('POST', '/setup', { username: 'bench', password: 'correct horse' });
  const queue = (await admin.call('GET', '/queue?limit=100&article=random-walk')).body as unknown as { cards: { id: string; kind: string; problem?: { family: string; seed: number; level: string } }[] };
  const card = queue.cards.find((c) => c.kind === 'problem')!;
  const family = familyById(card.problem!.family)!;
  const params = generateInstance(family, card.problem!.seed, card.problem!.level as Level).params;
  const texts = answerTexts(family, params);
  const right = texts === 'none' ? 'none' : texts;

  // Ordinary checks: through HTTP + worker, and in-process (what the main thread used to do).
  const viaWorker: number[] = [];
  for (let i = 0; i < 31; i++) viaWorker.push((await timed(() => admin.call('POST', '/check', { cardId: card.id, answer: right })))[1]);
  const inProcess: number[] = [];
  for (let i = 0; i < 31; i++) {
    const started = performance.now();
    const result = checkAnswer(family, params, right, { lang: 'en' });
    if (result.kind === 'graded' && result.correct) renderSteps(family, params, 'en');
    inProcess.push(performance.now() - started);
  }

  const anonymous = new ApiClient(server.baseUrl);
  const idle: number[] = [];
  for (let i = 0; i < 40; i++) idle.push((await timed(() => anonymous.call('GET', '/me')))[1]);

  // Two clients post hostile checks back to back for ~8 s while a third polls GET /me.
  const hostile: number[] = [];
  const busy: number[] = [];
  const until = performance.now() + 8_000;
  const attacker = async () => {
    while (performance.now() < until) hostile.push((await timed(() => admin.call('POST', '/check', { cardId: card.id, answer: hostileAnswer })))[1]);
  };
  const poller = async () => {
    while (performance.now() < until) {
      busy.push((await timed(() => anonymous.call('GET', '/me')))[1]);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  await Promise.all([attacker(), attacker(), poller()]);

  const ms = (x: number) => `${x.toFixed(1)} ms`;
  console.log(`ordinary check, HTTP + worker pool: p50 ${ms(median(viaWorker))} (n=${viaWorker.length})`);
  console.log(`ordinary check, in-process (old main-thread cost): p50 ${ms(median(inProcess))} (n=${inProcess.length})`);
  console.log(`hostile check (16 terms): p50 ${ms(median(hostile))}, max ${ms(Math.max(...hostile))} (n=${hostile.length})`);
  console.log(`GET /me idle: p50 ${ms(median(idle))}, p95 ${ms(quantile(idle, 0.95))} (n=${idle.length})`);
  console.log(`GET /me during hostile checks: p50 ${ms(median(busy))}, p95 ${ms(quantile(busy, 0.95))}, max ${ms(Math.max(...busy))} (n=${busy.length})`);
} finally {
  await server.stop();
}
