// TRUST_PROXY=1 through the real server: X-Forwarded-For then names the client (the proxy appends it),
// so limits follow it; HSTS is sent when the proxy says https.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startAppServer, type AppServer } from './helpers/app-server';

let server: AppServer;

beforeAll(async () => {
  server = await startAppServer({ TRUST_PROXY: '1' });
  expect((await new ApiClient(server.baseUrl).call('POST', '/setup', { username: 'admin', password: 'correct horse' })).status).toBe(201);
});

afterAll(async () => {
  await server?.stop();
});

describe('behind a trusted proxy (TRUST_PROXY=1)', () => {
  it('keys sign-in failures by the forwarded client: one locked client does not lock another', async () => {
    const client = new ApiClient(server.baseUrl);
    // A proxy appends the address it saw: whatever the client sent before it is ignored.
    const from = (address: string, spoof = '10.9.9.9') => ({ 'x-forwarded-for': `${spoof}, ${address}` });
    for (let i = 0; i < 10; i++) expect((await client.call('POST', '/session', { username: 'admin', password: `guess ${i}` }, from('203.0.113.5', `10.0.0.${i}`))).status).toBe(401);
    expect((await client.call('POST', '/session', { username: 'admin', password: 'correct horse' }, from('203.0.113.5'))).status).toBe(429);
    expect((await client.call('POST', '/session', { username: 'admin', password: 'correct horse' }, from('203.0.113.6'))).status).toBe(200);
  });

  it('brakes an account after 100 failures from many addresses, without extending the lock', async () => {
    const client = new ApiClient(server.baseUrl);
    const admin = new ApiClient(server.baseUrl);
    expect((await admin.call('POST', '/session', { username: 'admin', password: 'correct horse' }, { 'x-forwarded-for': '203.0.113.200' })).status).toBe(200);
    const code = (await admin.call('POST', '/invites')).body.code;
    expect((await client.call('POST', '/users', { invite: code, username: 'braked', password: 'correct horse' })).status).toBe(201);
    await client.call('DELETE', '/session');
    // NOTE: four at a time: each failure costs a scrypt hash, and the brake needs 100 of them.
    for (let batch = 0; batch < 25; batch++) {
      const statuses = await Promise.all(
        Array.from({ length: 4 }, async (_, j) => {
          const i = batch * 4 + j;
          return (await client.call('POST', '/session', { username: 'braked', password: `spray ${i}` }, { 'x-forwarded-for': `198.51.${Math.floor(i / 8)}.${i % 8}` })).status;
        }),
      );
      expect(statuses).toEqual([401, 401, 401, 401]);
    }
    const locked = await client.call('POST', '/session', { username: 'braked', password: 'correct horse' }, { 'x-forwarded-for': '192.0.2.77' });
    expect(locked.status).toBe(429);
    const wait = Number(locked.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(3000);
    expect(wait).toBeLessThanOrEqual(3600);
    for (let i = 0; i < 5; i++) await client.call('POST', '/session', { username: 'braked', password: `more ${i}` }, { 'x-forwarded-for': `192.0.2.${100 + i}` });
    const later = await client.call('POST', '/session', { username: 'braked', password: 'correct horse' }, { 'x-forwarded-for': '192.0.2.78' });
    expect(later.status).toBe(429);
    expect(Number(later.headers.get('retry-after'))).toBeLessThanOrEqual(wait);
  }, 240_000);

  it('sends HSTS when the trusted proxy says https, not otherwise', async () => {
    const client = new ApiClient(server.baseUrl);
    const https = await client.call('GET', '/me', undefined, { 'x-forwarded-proto': 'https' });
    expect(https.headers.get('strict-transport-security')).toBe('max-age=31536000');
    const page = await fetch(`${server.baseUrl}/login`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(page.headers.get('strict-transport-security')).toBe('max-age=31536000');
    const plain = await client.call('GET', '/me');
    expect(plain.headers.get('strict-transport-security')).toBeNull();
  });
});
