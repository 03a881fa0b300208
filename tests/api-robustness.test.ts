// Issue 18 through the real server: no request stalls the server, nobody locks anyone out, and the low
// findings (415, no-store, Origin scheme, case-insensitive usernames, bounded problem ratings, tensor
// rechecks that name figures without their values).
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerTexts, generateInstance, type Level } from '../engine';
import { familyById } from '../problems';
import { ApiClient, startAppServer, type AppServer } from './helpers/app-server';

type QueueBody = { cards: { id: string; kind: string; problem?: { family: string; seed: number; level: string } }[] };

/** A few hundred characters of terms that took the engine ~1 s each (127 s in all, issue 18). */
export const hostileAnswer = Array.from({ length: 16 }, () => '(1+1e-300)^(1e300)').join('+');

let server: AppServer;
let admin: ApiClient;

async function count(sql: string, ...args: unknown[]): Promise<number> {
  const [row] = await server.database.query<{ n: number }>(sql, ...args);
  return row!.n;
}

async function problemCard(client: ApiClient, article: string) {
  const queue = (await client.call('GET', `/queue?limit=100&article=${article}`)).body as unknown as QueueBody;
  const card = queue.cards.find((c) => c.kind === 'problem');
  if (!card?.problem) throw new Error(`no problem card in ${article}`);
  return { id: card.id, ...card.problem };
}

/** One request over a socket bound to `localAddress` (127.0.0.2 is another client on loopback). */
function postFrom(localAddress: string, route: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const url = new URL(`${server.baseUrl}/api/v1${route}`);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress, headers: { 'content-type': 'application/json', ...headers } },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
      },
    );
    request.on('error', reject);
    request.end(JSON.stringify(body));
  });
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await work();
  return [value, performance.now() - started];
}

beforeAll(async () => {
  server = await startAppServer();
  admin = new ApiClient(server.baseUrl);
  expect((await admin.call('POST', '/setup', { username: 'Admin', password: 'correct horse', lang: 'en' })).status).toBe(201);
  // Every article's exercises in today's queue.
  expect((await admin.call('PATCH', '/settings', { newPerDay: 500 })).status).toBe(200);
});

afterAll(async () => {
  await server?.stop();
});

describe('a hostile answer cannot stall the server', () => {
  it('answers a hostile check within 2 s as undecided, while another client keeps its usual speed', async () => {
    const card = await problemCard(admin, 'random-walk');
    const anonymous = new ApiClient(server.baseUrl);
    const baseline: number[] = [];
    for (let i = 0; i < 10; i++) baseline.push((await timed(() => anonymous.call('GET', '/me')))[1]);
    baseline.sort((a, b) => a - b);

    let checking = true;
    const during: number[] = [];
    const poll = (async () => {
      while (checking) {
        const [response, ms] = await timed(() => anonymous.call('GET', '/me'));
        expect(response.status).toBe(401);
        during.push(ms);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const [checked, checkMs] = await timed(() => admin.call('POST', '/check', { cardId: card.id, seed: card.seed, answer: hostileAnswer }));
    checking = false;
    await poll;

    expect(checked.status).toBe(200);
    expect(checked.body).toMatchObject({ kind: 'invalid', correct: false, note: 'undecided' });
    expect(String(checked.body.message)).toMatch(/could not check this answer/i);
    expect(checkMs).toBeLessThan(2_000);
    // NOTE: the budget ends this check in well under a second now, so only a few polls fit in; one is enough.
    expect(during.length).toBeGreaterThanOrEqual(1);
    // "Its usual speed": the slowest answer during the check is within a small margin of the usual slowest.
    expect(Math.max(...during)).toBeLessThan(Math.max(250, 3 * (baseline.at(-1) ?? 0)));
  });

  it('records nothing for a hostile review answer (422 with the message) and answers a right one after it', async () => {
    const card = await problemCard(admin, 'random-walk');
    const id = randomUUID();
    const [review, ms] = await timed(() => admin.call('POST', '/reviews', { id, cardId: card.id, answer: hostileAnswer, rating: 4 }));
    expect(ms).toBeLessThan(2_000);
    expect(review.status).toBe(422);
    expect(String(review.body.error)).toMatch(/could not check this answer.*nothing was recorded/i);
    expect(await count('select count(*) as n from "Review" where "id" = ?', id)).toBe(0);
    expect(await count('select count(*) as n from "ProblemAttempt" where "id" = ?', id)).toBe(0);
    // The worker that overran was replaced: the next check is answered normally.
    const right = answerTexts(familyById(card.family)!, generateInstance(familyById(card.family)!, card.seed, card.level as Level).params);
    const checked = await admin.call('POST', '/check', { cardId: card.id, seed: card.seed, answer: right === 'none' ? 'none' : right });
    expect(checked.body).toMatchObject({ kind: 'graded', correct: true });
  });

  it('answers a hostile practice check within 2 s as undecided', async () => {
    const [checked, ms] = await timed(() => admin.call('POST', '/practice/check', { family: 'random-walk', seed: 5, level: 'medium', answer: hostileAnswer }));
    expect(ms).toBeLessThan(2_000);
    expect(checked.status).toBe(200);
    expect(checked.body).toMatchObject({ kind: 'invalid', note: 'undecided' });
  });

  it('checks random-walk at its largest accepted n within the 1 s check deadline, and refuses a larger n', async () => {
    // NOTE: the hostile checks above had their workers replaced; the timing is of a check, not of a worker
    // start: as many checks at once as there are workers (3) wait until every worker is ready.
    for (let i = 0; i < 2; i++) {
      await Promise.all(Array.from({ length: 3 }, () => admin.call('POST', '/practice/check', { family: 'random-walk', seed: 1, level: 'easy', answer: '1' })));
    }
    for (const params of [{ n: 20_000, k: 0, p: '1/2' }, { n: 20_000, k: 2, p: '999999999989/999999999999' }, { n: 19_999, k: 19_999, p: '1/3' }]) {
      const [checked, ms] = await timed(() => admin.call('POST', '/practice/check', { family: 'random-walk', seed: 1, level: 'hard', params, answer: '0.0056', reveal: true }));
      expect(checked.status, JSON.stringify(params)).toBe(200);
      // A graded verdict means the check, worked solution included, finished inside the worker's 1 s
      // deadline; the whole request gets some slack for a machine shared with other work.
      expect(checked.body, JSON.stringify(params)).toMatchObject({ kind: 'graded' });
      expect(String(checked.body.solutionHtml)).toContain('katex');
      expect(ms, JSON.stringify(params)).toBeLessThan(2_000);
    }
    const refused = await admin.call('POST', '/practice/check', { family: 'random-walk', seed: 1, level: 'hard', params: { n: 1_000_000, k: 0, p: '1/2' }, answer: '0' });
    expect(refused.status).toBe(400);
    expect(String(refused.body.error)).toMatch(/n must be between 0 and 20000/);
  });
});

describe('problem reviews carry a rating the answer supports', () => {
  it('records a wrong answer as Again whatever rating the client sent, a right one as sent', async () => {
    const card = await problemCard(admin, 'directional-derivative');
    const family = familyById(card.family)!;
    const right = answerTexts(family, generateInstance(family, card.seed, card.level as Level).params);
    const wrong = await admin.call('POST', '/reviews', { id: randomUUID(), cardId: card.id, answer: right === 'none' ? '1' : Object.values(right).length === 1 ? '123456789' : Object.fromEntries(Object.keys(right).map((k) => [k, '123456789'])), rating: 4 });
    expect(wrong.status).toBe(200);
    expect(wrong.body).toMatchObject({ correct: false, rating: 1 });
    const next = await problemCard(admin, 'quadratic-minimum');
    const nextRight = answerTexts(familyById(next.family)!, generateInstance(familyById(next.family)!, next.seed, next.level as Level).params);
    const answer = nextRight === 'none' ? 'none' : Object.keys(nextRight).length === 1 ? Object.values(nextRight)[0] : nextRight;
    const good = await admin.call('POST', '/reviews', { id: randomUUID(), cardId: next.id, answer, rating: 4 });
    expect(good.body).toMatchObject({ correct: true, rating: 4 });
    const noAnswer = await problemCard(admin, 'random-walk');
    const bare = await admin.call('POST', '/reviews', { id: randomUUID(), cardId: noAnswer.id, rating: 4 });
    expect(bare.body).toMatchObject({ rating: 1 });
  });
});

describe('sign-in limits', () => {
  it('ignores a spoofed X-Forwarded-For and still signs in the right password from a fresh address', async () => {
    const member = 'spoofed-victim';
    const code = (await admin.call('POST', '/invites')).body.code;
    expect((await new ApiClient(server.baseUrl).call('POST', '/users', { invite: code, username: member, password: 'the right one' })).status).toBe(201);
    for (let i = 0; i < 10; i++) {
      const failed = await postFrom('127.0.0.1', '/session', { username: member, password: `guess ${i}` }, { 'x-forwarded-for': `203.0.113.${i}` });
      expect(failed.status).toBe(401);
    }
    // Another spoofed address is still the same socket: locked (and the right password is not even tried).
    const locked = await postFrom('127.0.0.1', '/session', { username: member, password: 'the right one' }, { 'x-forwarded-for': '198.51.100.7' });
    expect(locked.status).toBe(429);
    const wait = Number(locked.headers['retry-after']);
    expect(wait).toBeGreaterThan(0);
    // Knocking on a lock does not extend it.
    const again = await postFrom('127.0.0.1', '/session', { username: member, password: 'guess again' });
    expect(again.status).toBe(429);
    expect(Number(again.headers['retry-after'])).toBeLessThanOrEqual(wait);
    // The same account from another address signs in, in any letter case.
    const fresh = await postFrom('127.0.0.2', '/session', { username: member.toUpperCase(), password: 'the right one' });
    expect(fresh.status).toBe(200);
  });

  it('limits wrong current passwords on the password-change route', async () => {
    const code = (await admin.call('POST', '/invites')).body.code;
    const member = new ApiClient(server.baseUrl);
    expect((await member.call('POST', '/users', { invite: code, username: 'changer', password: 'first password' })).status).toBe(201);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await member.call('POST', '/me/password', { currentPassword: `wrong ${i}`, newPassword: 'second password' })).status);
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
    expect((await member.call('POST', '/me/password', { currentPassword: 'first password', newPassword: 'second password' })).status).toBe(429);
  });
});

describe('usernames are unique ignoring case', () => {
  it('refuses a name that differs only in case and signs in by any case', async () => {
    const code = (await admin.call('POST', '/invites', { maxUses: 2 })).body.code;
    expect((await new ApiClient(server.baseUrl).call('POST', '/users', { invite: code, username: 'Alice', password: 'alice password' })).status).toBe(201);
    const twin = await new ApiClient(server.baseUrl).call('POST', '/users', { invite: code, username: 'alice', password: 'other password' });
    expect(twin.status).toBe(409);
    const signIn = await new ApiClient(server.baseUrl).call('POST', '/session', { username: 'aLiCe', password: 'alice password' });
    expect(signIn.status).toBe(200);
    expect(signIn.body).toMatchObject({ username: 'Alice' });
  });
});

/** The directives of a Cache-Control header (small answers also carry `no-transform`: lib/http.ts `json`). */
function directives(header: string | null): string[] {
  return (header ?? '').split(',').map((d) => d.trim().toLowerCase());
}

describe('shared request rules', () => {
  it('answers authenticated API responses with Cache-Control: no-store', async () => {
    for (const route of ['/me', '/queue?limit=1', '/progress', '/articles', '/settings']) {
      const response = await admin.call('GET', route);
      expect(response.status, route).toBe(200);
      expect(directives(response.headers.get('cache-control')), route).toContain('no-store');
    }
    expect(directives((await admin.call('GET', '/no-such-route')).headers.get('cache-control'))).toContain('no-store');
  });

  it('refuses a JSON route body that is not declared application/json with 415', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const response = await admin.call('POST', '/check', JSON.stringify({ cardId: 'x', answer: '1' }), { 'content-type': type });
      expect(response.status, type).toBe(415);
    }
    const charset = await admin.call('PATCH', '/me', JSON.stringify({ lang: 'en' }), { 'content-type': 'application/json; charset=utf-8' });
    expect(charset.status).toBe(200);
  });

  it('compares the Origin scheme as well as its host', async () => {
    const host = new URL(server.baseUrl).host;
    const body = { lang: 'zh' };
    expect((await admin.call('PATCH', '/me', body, { origin: `http://${host}` })).status).toBe(200);
    expect((await admin.call('PATCH', '/me', body, { origin: `https://${host}` })).status).toBe(403);
    expect((await admin.call('PATCH', '/me', body, { origin: `http://evil.example` })).status).toBe(403);
  });

  it('sends no HSTS without a trusted proxy, even when a client claims https', async () => {
    const response = await admin.call('GET', '/me', undefined, { 'x-forwarded-proto': 'https' });
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });
});
