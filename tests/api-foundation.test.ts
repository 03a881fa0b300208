import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startAppServer, type AppServer } from './helpers/app-server';
import { realDatabase } from './helpers/test-database';

let server: AppServer;

beforeAll(async () => {
  server = await startAppServer();
});

afterAll(async () => {
  await server?.stop();
});

describe(`HTTP API foundation (real server, ${realDatabase})`, () => {
  it('answers 401 without a session', async () => {
    const anonymous = new ApiClient(server.baseUrl);
    expect((await anonymous.call('GET', '/me')).status).toBe(401);
    expect((await anonymous.call('GET', '/articles')).status).toBe(401);
  });

  it('rejects a bad setup body with 400 and changes nothing', async () => {
    const client = new ApiClient(server.baseUrl);
    const cases: unknown[] = ['not json', { username: 'ad', password: 'longenough' }, { username: 'admin', password: 'short' }, [], null, { username: 5 }];
    for (const body of cases) {
      const response = await client.call('POST', '/setup', typeof body === 'string' ? body : JSON.stringify(body));
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(typeof response.body.error).toBe('string');
    }
    expect(await server.database.query('select count(*) as n from "User"')).toEqual([{ n: 0 }]);
  });

  it('answers 413 for an oversized body', async () => {
    const client = new ApiClient(server.baseUrl);
    const response = await client.call('POST', '/setup', { username: 'admin', password: 'x'.repeat(200_000) });
    expect(response.status).toBe(413);
  });

  it('sets up the first admin once, then 409', async () => {
    const admin = new ApiClient(server.baseUrl);
    const created = await admin.call('POST', '/setup', { username: 'admin', password: 'correct horse' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: 'admin', role: 'admin' });
    const me = await admin.call('GET', '/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: created.body.id, username: 'admin', role: 'admin' });
    const again = await new ApiClient(server.baseUrl).call('POST', '/setup', { username: 'other', password: 'correct horse' });
    expect(again.status).toBe(409);
  });

  it('stores only a scrypt hash of the password and a hash of the session token', async () => {
    const [user] = await server.database.query<{ passwordHash: string }>('select "passwordHash" from "User" where "username" = ?', 'admin');
    expect(user!.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(user!.passwordHash).not.toContain('correct horse');
    const sessions = await server.database.query<{ id: string }>('select "id" from "Session"');
    expect(sessions.length).toBeGreaterThan(0);
    for (const session of sessions) expect(session.id).toMatch(/^[0-9a-f]{64}$/);
  });

  it('logs in with the right password only, sets an httpOnly SameSite cookie, and logs out', async () => {
    const client = new ApiClient(server.baseUrl);
    expect((await client.call('POST', '/session', { username: 'admin', password: 'wrong password' })).status).toBe(401);
    expect((await client.call('POST', '/session', { username: 'nobody', password: 'whatever1' })).status).toBe(401);
    const login = await client.call('POST', '/session', { username: 'admin', password: 'correct horse' });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=lax/i);
    expect((await client.call('GET', '/me')).status).toBe(200);
    expect((await client.call('DELETE', '/session')).status).toBe(200);
    expect((await client.call('GET', '/me')).status).toBe(401);
  });

  it('lists the twelve articles in seed order with cards', async () => {
    const client = new ApiClient(server.baseUrl);
    await client.call('POST', '/session', { username: 'admin', password: 'correct horse' });
    const response = await client.call('GET', '/articles');
    expect(response.status).toBe(200);
    const articles = response.body as unknown as { slug: string; title: string; category: string; cardCount: number; families: string[] }[];
    expect(articles.map((a) => a.slug)).toEqual([
      'random-walk', 'stable-diffusion', 'detr', 'lora', 'linear-attention', 'flash-gau',
      'quadratic-minimum', 'directional-derivative', 'transformer-init', 'moe', 'efficient-transformers', 'harmonic-series',
    ]);
    expect(articles[1]).toMatchObject({ category: 'Generative Model' });
    for (const article of articles) {
      expect(article.title.length).toBeGreaterThan(0);
      expect(article.cardCount).toBeGreaterThanOrEqual(12);
      expect(Array.isArray(article.families)).toBe(true);
    }
    expect(articles.find((a) => a.slug === 'random-walk')?.families).toContain('random-walk');
  });

  it('changes the password, ending other sessions', async () => {
    const first = new ApiClient(server.baseUrl);
    const second = new ApiClient(server.baseUrl);
    await first.call('POST', '/session', { username: 'admin', password: 'correct horse' });
    await second.call('POST', '/session', { username: 'admin', password: 'correct horse' });
    expect((await first.call('POST', '/me/password', { currentPassword: 'nope nope', newPassword: 'battery staple' })).status).toBe(400);
    expect((await first.call('POST', '/me/password', { currentPassword: 'correct horse', newPassword: 'battery staple' })).status).toBe(200);
    expect((await first.call('GET', '/me')).status).toBe(200);
    expect((await second.call('GET', '/me')).status).toBe(401);
    expect((await second.call('POST', '/session', { username: 'admin', password: 'battery staple' })).status).toBe(200);
  });

  it('answers JSON 404 for unknown API routes', async () => {
    const response = await new ApiClient(server.baseUrl).call('GET', '/no-such-thing');
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ error: expect.any(String) });
  });

  it('answers text with a NUL character as bad input, never 500 (PostgreSQL stores no NUL in text)', async () => {
    const client = new ApiClient(server.baseUrl);
    const login = await client.call('POST', '/session', { username: 'ad\u0000min', password: 'correct horse' });
    expect([400, 401]).toContain(login.status);
    const admin = new ApiClient(server.baseUrl);
    expect((await admin.call('POST', '/session', { username: 'admin', password: 'battery staple' })).status).toBe(200);
    for (const route of ['/search?q=a%00b', '/search?tag=a%00b', '/articles/a%00b/export']) expect([200, 400, 404]).toContain((await admin.call('GET', route)).status);
  });

  it('rate-limits repeated failed logins for one account with 429', async () => {
    const client = new ApiClient(server.baseUrl);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      statuses.push((await client.call('POST', '/session', { username: 'victim', password: `guess-${i}-xx` })).status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});
