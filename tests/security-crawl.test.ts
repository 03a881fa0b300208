import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startAppServer, type AppServer } from './helpers/app-server';

// Every page and API route in app/, found on disk, so a new route is covered without editing this test.
function routesUnder(dir: string, file: string): string[] {
  const found: string[] = [];
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === file) found.push(path.relative(dir, current));
    }
  };
  walk(dir);
  return found.map((relative) =>
    ('/' + relative.split(path.sep).filter((part) => !part.startsWith('(') && !part.startsWith('_')).join('/'))
      .replace(/\[\.\.\.[^\]]+\]/g, 'any/thing')
      .replace(/\[[^\]]+\]/g, 'some-id')
      .replace(/\/$/, '') || '/',
  );
}

const appDir = path.join(import.meta.dirname, '..', 'app');
const pages = routesUnder(appDir, 'page.tsx');
const apiRoutes = routesUnder(appDir, 'route.ts').filter((route) => route.startsWith('/api/'));
// Public by design: they show forms, never data.
const publicPages = new Set(['/login', '/setup', '/join']);
// Public by design: sign-up, sign-in and sign-out take no session.
const publicApi = new Set(['POST /api/v1/setup', 'POST /api/v1/session', 'DELETE /api/v1/session', 'POST /api/v1/users']);

let server: AppServer;

beforeAll(async () => {
  server = await startAppServer();
  // An install with an admin, so pages redirect to login rather than setup.
  await new ApiClient(server.baseUrl).call('POST', '/setup', { username: 'admin', password: 'correct horse' });
});

afterAll(async () => {
  await server?.stop();
});

describe('unauthenticated crawl', () => {
  it('finds the routes it crawls', () => {
    expect(pages).toContain('/');
    expect(pages).toContain('/articles/some-id');
    expect(apiRoutes).toContain('/api/v1/articles');
  });

  it('redirects every private page to login', async () => {
    for (const page of pages.filter((p) => !publicPages.has(p))) {
      const response = await fetch(`${server.baseUrl}${page}`, { redirect: 'manual' });
      expect([302, 303, 307, 308], page).toContain(response.status);
      expect(response.headers.get('location') ?? '', page).toMatch(/\/login$/);
    }
  });

  it('answers 401 (or 404/405 for an unknown path or method) on every API route, never data', async () => {
    for (const route of apiRoutes) {
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
        if (publicApi.has(`${method} ${route}`)) continue;
        const response = await fetch(`${server.baseUrl}${route}`, {
          method,
          headers: { 'content-type': 'application/json' },
          body: method === 'GET' ? undefined : '{}',
        });
        const label = `${method} ${route}`;
        expect([401, 404, 405], label).toContain(response.status);
        if (route.includes('any/thing')) continue;
        if (response.status === 404) expect(label).toMatch(/some-id/);
      }
    }
  });

  it('sends security headers with pages', async () => {
    const response = await fetch(`${server.baseUrl}/login`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('same-origin');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  });

  it('answers 400/404, never 500, for malformed or tricky percent-encoding in every path segment (signed in)', async () => {
    const admin = new ApiClient(server.baseUrl);
    expect((await admin.call('POST', '/session', { username: 'admin', password: 'correct horse' })).status).toBe(200);
    const bad = ['%', '%25', '%C0%AF', '%E0%A4%A', '%ZZ', '%2F..%2F', '..%252F', '%00'];
    const dynamic = [...pages, ...apiRoutes].filter((route) => route.includes('some-id') || route.includes('any/thing'));
    expect(dynamic.length).toBeGreaterThan(3);
    for (const route of dynamic) {
      for (const segment of bad) {
        const path = route.replace('some-id', segment).replace('any/thing', `any/${segment}`);
        for (const method of route.startsWith('/api/') ? ['GET', 'POST', 'DELETE'] : ['GET']) {
          const response = await admin.call(method, path.replace(/^\/api\/v1/, ''), method === 'GET' ? undefined : { suspended: true }).catch(() => null);
          const status = route.startsWith('/api/') ? response?.status : (await fetch(`${server.baseUrl}${path}`, { headers: { cookie: admin.sessionCookie } })).status;
          expect([400, 404, 405, 409], `${method} ${path}`).toContain(status);
        }
      }
    }
  });

  it('refuses a cross-site state-changing request', async () => {
    const response = await fetch(`${server.baseUrl}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ username: 'admin', password: 'correct horse' }),
    });
    expect(response.status).toBe(403);
  });
});
