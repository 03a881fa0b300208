// Generated hostile answers (towers, huge exponents and factorials, long sums of them, deep nesting) posted
// to every answer route of the real server: each answers within the check budget, never with a 500.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startAppServer, type AppServer } from './helpers/app-server';

type QueueBody = { cards: { id: string; kind: string; problem?: { seed: number } }[] };

/** The check deadline is 1 s; the rest is the request itself on a busy machine. */
const budgetMs = 2_500;

const big = fc.constantFrom('1e300', '1e-300', '9^9^9', '10^10^10', '(1+1e-300)', '999999999999', '0.000000001', 'pi', 'e');
const atom = fc.oneof(big, fc.integer({ min: -99, max: 99 }).map(String));
const tower = fc.array(atom, { minLength: 2, maxLength: 6 }).map((xs) => xs.join('^'));
const power = fc.tuple(atom, atom).map(([a, b]) => `(${a})^(${b})`);
const factorial = fc.constantFrom('100!', '1000!', '99999!', '(10^10)!', '170!', '(1e300)!', '9!!!');
const term = fc.oneof(tower, power, factorial, fc.constantFrom('(1+1e-300)^(1e300)', 'sqrt(1e300)^1e300', 'exp(exp(exp(10)))', 'binomial(10^9, 10^8)'));
const sum = fc.array(term, { minLength: 1, maxLength: 30 }).map((ts) => ts.join('+'));
const nested = fc.tuple(fc.integer({ min: 10, max: 400 }), term).map(([depth, t]) => '('.repeat(depth) + t + ')'.repeat(depth));
const hostile = fc.oneof(sum, nested, tower, fc.tuple(sum, sum).map(([a, b]) => `${a}*${b}`)).map((text) => text.slice(0, 4000));

let server: AppServer;
let client: ApiClient;
let card: { id: string };

beforeAll(async () => {
  server = await startAppServer();
  client = new ApiClient(server.baseUrl);
  expect((await client.call('POST', '/setup', { username: 'fuzzer', password: 'correct horse' })).status).toBe(201);
  const queue = (await client.call('GET', '/queue?limit=100&article=random-walk')).body as unknown as QueueBody;
  const problem = queue.cards.find((c) => c.kind === 'problem');
  card = { id: problem!.id };
});

afterAll(async () => {
  await server?.stop();
});

async function post(route: string, body: unknown) {
  const started = performance.now();
  const response = await client.call('POST', route, body);
  return { ...response, ms: performance.now() - started };
}

describe('hostile answers on every answer route', () => {
  it('POST /check, /practice/check, /reviews and /preview answer within the budget, never 500', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, fc.constantFrom('/check', '/practice/check', '/reviews', '/preview'), async (answer, route) => {
        const body =
          route === '/check'
            ? { cardId: card.id, answer }
            : route === '/practice/check'
              ? { family: 'walk-return', seed: 3, level: 'hard', answer }
              : route === '/reviews'
                ? { id: randomUUID(), cardId: card.id, answer, rating: 4 }
                : { text: answer, kind: 'number' };
        const response = await post(route, body);
        expect(response.status, `${route} ${answer.slice(0, 80)}`).toBeLessThan(500);
        expect(response.ms, `${route} ${answer.slice(0, 80)}`).toBeLessThan(budgetMs);
        if (route === '/reviews' && response.status === 200) expect(response.body.correct).toBe(false);
        if (route === '/check' || route === '/practice/check') expect(response.body).toMatchObject({ correct: false });
      }),
      { numRuns: 24, seed: 18 },
    );
  });
});
