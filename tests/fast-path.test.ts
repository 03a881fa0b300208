// The fast path of `npm start` (lib/fast-path.ts) answers as Next does: the same requests, sent to a server
// with it and to one with STUDY_FAST_PATH=off (Next answers everything), both `npm start` on one database,
// get the same status, headers (all but Date) and body (decoded when compressed).
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerTexts, generateInstance, type Level } from '../engine';
import { familyById } from '../problems';
import { ApiClient, startAppServer, type AppServer } from './helpers/app-server';
import { realDatabase } from './helpers/test-database';

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string[]>;
  readonly body: unknown;
}

interface Sent {
  readonly method: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  /** A string is sent with its Content-Length; an array of chunks without (chunked). */
  readonly body?: string | readonly string[];
}

let fast: AppServer;
let next: AppServer;
let cookie: string;

/** Sends one request on its own connection, exactly as given, and reads the whole answer. */
function send(baseUrl: string, request: Sent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(`${baseUrl}${request.path}`, { method: request.method, headers: request.headers ?? {}, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const raw = Buffer.concat(chunks);
        const encoding = response.headers['content-encoding'];
        const decoded = encoding === 'gzip' ? zlib.gunzipSync(raw) : encoding === 'deflate' ? zlib.inflateSync(raw) : encoding === 'br' ? zlib.brotliDecompressSync(raw) : raw;
        const text = decoded.toString('utf8');
        // NOTE: framing is the transport's: the fast path sends a length where Next streams chunks.
        const { date: _date, 'content-length': length, 'transfer-encoding': _chunked, ...headers } = response.headersDistinct;
        if (length !== undefined && Number(length[0]) !== raw.length) reject(new Error(`Content-Length ${length[0]} for ${raw.length} bytes`));
        const isJson = String(response.headers['content-type']).startsWith('application/json');
        resolve({ status: response.statusCode ?? 0, headers: headers as Record<string, string[]>, body: isJson && text !== '' ? JSON.parse(text) : text });
      });
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    if (typeof request.body === 'string') outgoing.end(request.body);
    else {
      for (const chunk of request.body ?? []) outgoing.write(chunk);
      outgoing.end();
    }
  });
}

/** Sends `request` (a function of the server's address) to both servers, in the given order, and compares. */
async function expectSame(label: string, request: Sent | ((baseUrl: string) => Sent), order: 'fast first' | 'next first' = 'fast first'): Promise<Answer> {
  const build = typeof request === 'function' ? request : () => request;
  const servers = order === 'fast first' ? [fast, next] : [next, fast];
  const answers: Answer[] = [];
  for (const server of servers) answers.push(await send(server.baseUrl, build(server.baseUrl)));
  const [fastAnswer, nextAnswer] = order === 'fast first' ? answers : [answers[1], answers[0]];
  expect(fastAnswer, label).toEqual(nextAnswer);
  return fastAnswer!;
}

const json = (body: unknown, headers: Record<string, string> = {}) => ({ 'content-type': 'application/json', cookie, ...headers, body: JSON.stringify(body) });
const post = (path: string, body: unknown, headers: Record<string, string> = {}): Sent => {
  const { body: text, ...rest } = json(body, headers);
  return { method: 'POST', path, headers: rest, body: text };
};

beforeAll(async () => {
  fast = await startAppServer({ TRUST_PROXY: '1' });
  next = await startAppServer({ TRUST_PROXY: '1', STUDY_FAST_PATH: 'off' }, { database: fast.database });
  const admin = new ApiClient(fast.baseUrl);
  expect((await admin.call('POST', '/setup', { username: 'admin', password: 'correct horse' })).status).toBe(201);
  cookie = admin.sessionCookie;
}, 240_000);

afterAll(async () => {
  await next?.stop();
  await fast?.stop();
});

describe(`the fast path answers as Next does (two servers, ${realDatabase})`, () => {
  it('is on in one server and off in the other', () => {
    expect(fast.output()).toContain('fast path: GET, POST /api/v1/reviews; GET /api/v1/queue; GET, PATCH /api/v1/me (loaded in');
    expect(next.output()).toContain('fast path: off');
  });

  it('GET /api/v1/me: with and without a session, compressed or not, behind an https proxy', async () => {
    const me = await expectSame('me', { method: 'GET', path: '/api/v1/me', headers: { cookie } });
    expect(me.status).toBe(200);
    expect(me.headers['x-frame-options']).toEqual(['DENY']);
    expect(me.headers['cache-control']).toEqual(['no-store, no-transform']);
    expect((await expectSame('no session', { method: 'GET', path: '/api/v1/me' })).status).toBe(401);
    await expectSame('unknown session', { method: 'GET', path: '/api/v1/me', headers: { cookie: 'study_session=nothing' } });
    await expectSame('several cookies', { method: 'GET', path: '/api/v1/me', headers: { cookie: `a=1; ${cookie}; b=2` } });
    await expectSame('small: not compressed', { method: 'GET', path: '/api/v1/me', headers: { cookie, 'accept-encoding': 'gzip, deflate, br' } });
    const https = await expectSame('https proxy', { method: 'GET', path: '/api/v1/me', headers: { cookie, 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' } });
    expect(https.headers['strict-transport-security']).toEqual(['max-age=31536000']);
  });

  it('PATCH /api/v1/me: settings, bad bodies, cross-site requests', async () => {
    expect((await expectSame('lang en', { ...post('/api/v1/me', { lang: 'en' }), method: 'PATCH' })).status).toBe(200);
    await expectSame('me in en', { method: 'GET', path: '/api/v1/me', headers: { cookie } });
    await expectSame('lang zh', { ...post('/api/v1/me', { lang: 'zh' }), method: 'PATCH' }, 'next first');
    expect((await expectSame('bad lang', { ...post('/api/v1/me', { lang: 'fr' }), method: 'PATCH' })).status).toBe(400);
    expect((await expectSame('cross-site', { ...post('/api/v1/me', { lang: 'en' }, { origin: 'https://elsewhere.example' }), method: 'PATCH' })).status).toBe(403);
    const sameSite = (baseUrl: string): Sent => ({ ...post('/api/v1/me', { lang: 'zh' }, { origin: baseUrl }), method: 'PATCH' });
    expect((await expectSame('same site', sameSite)).status).toBe(200);
  });

  it('GET /api/v1/queue: queries good and bad, with and without compression', async () => {
    const queue = await expectSame('queue gzip', { method: 'GET', path: '/api/v1/queue?limit=20', headers: { cookie, 'accept-encoding': 'gzip' } });
    expect(queue.status).toBe(200);
    expect(queue.headers['content-encoding']).toEqual(['gzip']);
    expect(queue.headers.vary).toEqual(['rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch, Accept-Encoding']);
    // What a browser sends: Brotli, which the server's compression middleware prefers.
    const browser = await expectSame('queue br', { method: 'GET', path: '/api/v1/queue?limit=20', headers: { cookie, 'accept-encoding': 'gzip, deflate, br, zstd' } });
    expect(browser.headers['content-encoding']).toEqual(['br']);
    expect(browser.body).toEqual(queue.body);
    await expectSame('queue deflate', { method: 'GET', path: '/api/v1/queue?limit=20', headers: { cookie, 'accept-encoding': 'deflate' } });
    await expectSame('queue identity', { method: 'GET', path: '/api/v1/queue?limit=20', headers: { cookie } });
    await expectSame('queue refused gzip', { method: 'GET', path: '/api/v1/queue?limit=2', headers: { cookie, 'accept-encoding': 'gzip;q=0, identity' } });
    // The encoding the middleware would choose, whatever the client prefers (deflate first still gets gzip).
    for (const accept of ['gzip, deflate', 'deflate, gzip', 'deflate, gzip;q=0.5', 'deflate', '*', 'br', 'br;q=0.5, gzip', 'identity;q=0, deflate;q=0.1', 'GZIP;q=0.9', 'zstd']) {
      await expectSame(`queue, Accept-Encoding: ${accept}`, { method: 'GET', path: '/api/v1/queue?limit=2', headers: { cookie, 'accept-encoding': accept } });
    }
    await expectSame('default limit', { method: 'GET', path: '/api/v1/queue', headers: { cookie } });
    await expectSame('encoded query', { method: 'GET', path: '/api/v1/queue?limit=%33&article=lora', headers: { cookie } });
    await expectSame('repeated key', { method: 'GET', path: '/api/v1/queue?limit=3&limit=4', headers: { cookie } });
    expect((await expectSame('bad limit', { method: 'GET', path: '/api/v1/queue?limit=abc', headers: { cookie } })).status).toBe(400);
    expect((await expectSame('bad article', { method: 'GET', path: '/api/v1/queue?article=../x', headers: { cookie } })).status).toBe(400);
    expect((await expectSame('no session', { method: 'GET', path: '/api/v1/queue' })).status).toBe(401);
  });

  it('POST /api/v1/reviews: a review and its repeat from either path, an exercise, and every refusal', async () => {
    const queue = (await send(fast.baseUrl, { method: 'GET', path: '/api/v1/queue?limit=50', headers: { cookie } })).body as { cards: { id: string; kind: string; problem?: { family: string; seed: number; level: string } }[] };
    const basics = queue.cards.filter((c) => c.kind !== 'problem');
    const exercise = queue.cards.find((c) => c.kind === 'problem' && c.problem)!;
    const review = { id: randomUUID(), cardId: basics[0]!.id, rating: 3, durationMs: 2000 };
    expect((await expectSame('review, then its repeat through Next', post('/api/v1/reviews', review))).status).toBe(200);
    await expectSame('review through Next, then its repeat here', post('/api/v1/reviews', { ...review, id: randomUUID(), cardId: basics[1]!.id }), 'next first');
    const family = familyById(exercise.problem!.family)!;
    const right = answerTexts(family, generateInstance(family, exercise.problem!.seed, exercise.problem!.level as Level).params);
    const checked = await expectSame('exercise answer', post('/api/v1/reviews', { id: randomUUID(), cardId: exercise.id, answer: right }));
    expect(checked.body).toMatchObject({ correct: true });
    const refusals: [string, Sent | ((baseUrl: string) => Sent), number][] = [
      ['exercise without answer or rating', post('/api/v1/reviews', { id: randomUUID(), cardId: exercise.id }), 400],
      ['bad rating', post('/api/v1/reviews', { ...review, id: randomUUID(), rating: 5 }), 400],
      ['not a UUID', post('/api/v1/reviews', { ...review, id: 'x' }), 400],
      ['unknown card', post('/api/v1/reviews', { ...review, id: randomUUID(), cardId: 'no/such-card' }), 404],
      ['no session', post('/api/v1/reviews', review, { cookie: '' }), 401],
      ['not JSON', { method: 'POST', path: '/api/v1/reviews', headers: { 'content-type': 'application/json', cookie }, body: '{"id":' }, 400],
      ['no content type', { method: 'POST', path: '/api/v1/reviews', headers: { cookie }, body: JSON.stringify(review) }, 415],
      ['declared too large', { method: 'POST', path: '/api/v1/reviews', headers: { 'content-type': 'application/json', cookie }, body: `{"pad":"${'x'.repeat(70_000)}"}` }, 413],
      ['far too large (over the proxy body limit of Next)', { method: 'POST', path: '/api/v1/reviews', headers: { 'content-type': 'application/json', cookie }, body: ['{"pad":"', ...Array.from({ length: 11 }, () => 'x'.repeat(1_048_576)), '"}'] }, 413],
      ['chunked too large', { method: 'POST', path: '/api/v1/reviews', headers: { 'content-type': 'application/json', cookie }, body: ['{"pad":"', 'x'.repeat(40_000), 'x'.repeat(40_000), '"}'] }, 413],
      ['cross-site', post('/api/v1/reviews', { ...review, id: randomUUID() }, { origin: 'http://evil.example' }), 403],
      ['cross-scheme', (baseUrl) => post('/api/v1/reviews', { ...review, id: randomUUID() }, { origin: baseUrl.replace('http:', 'https:') }), 403],
    ];
    for (const [label, request, status] of refusals) expect((await expectSame(label, request)).status, label).toBe(status);
    const log = await expectSame('review log', { method: 'GET', path: '/api/v1/reviews?format=csv', headers: { cookie, 'accept-encoding': 'gzip' } });
    expect(String(log.body).split('\n').length).toBeGreaterThan(2);
    expect((await expectSame('bad format', { method: 'GET', path: '/api/v1/reviews?format=json', headers: { cookie } })).status).toBe(400);
  });

  it('leaves to Next what it does not serve: other methods, other spellings of the paths, Next router requests', async () => {
    const cases: [string, Sent, number][] = [
      ['HEAD', { method: 'HEAD', path: '/api/v1/me', headers: { cookie } }, 200],
      ['OPTIONS', { method: 'OPTIONS', path: '/api/v1/reviews' }, 204],
      ['PUT on the queue', { method: 'PUT', path: '/api/v1/queue', headers: { cookie } }, 405],
      ['DELETE on reviews', { method: 'DELETE', path: '/api/v1/reviews', headers: { cookie } }, 405],
      ['trailing slash', { method: 'GET', path: '/api/v1/me/', headers: { cookie } }, 308],
      ['encoded path', { method: 'GET', path: '/api/v1/%6De', headers: { cookie } }, 404],
      ['double slash', { method: 'GET', path: '/api//v1/me', headers: { cookie } }, 308],
      ['malformed escape', { method: 'GET', path: '/api/v1/me%', headers: { cookie } }, 400],
      ['an RSC request', { method: 'GET', path: '/api/v1/me', headers: { cookie, rsc: '1' } }, 307],
    ];
    for (const [label, request, status] of cases) expect((await expectSame(label, request)).status, label).toBe(status);
  });
});
