import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { NextResponse, type NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerCompression } from './answer-compression';
import { createFastPath, type Proxy, type RouteModule } from './fast-path';
import { planPath, type BuildFacts } from './fast-path-plan';
import { json, route } from './http';

const securityHeaders = { regex: '^(?:/((?:[^/]+?)(?:/(?:[^/]+?))*))?(?:/)?$', headers: [{ key: 'X-Frame-Options', value: 'DENY' }] };
const facts = (routes: Partial<BuildFacts['routes']> = {}, proxyMatchers = ['^/api/.*$']): BuildFacts => ({
  routes: {
    basePath: '',
    redirects: [{ regex: '^(?:/((?:[^/]+?)(?:/(?:[^/]+?))*))/$' }],
    headers: [securityHeaders],
    rewrites: { beforeFiles: [], afterFiles: [], fallback: [] },
    staticRoutes: [{ page: '/api/v1/echo' }, { page: '/api/v1/other' }],
    ...routes,
  },
  poweredBy: false,
  proxyMatchers,
});

describe('planPath (what the build lets the fast path answer)', () => {
  it("takes next.config's headers in order and runs the proxy where its matchers say", () => {
    const more = { regex: '^/api/v1/echo$', headers: [{ key: 'X-Frame-Options', value: 'SAMEORIGIN' }, { key: 'X-Extra', value: 'yes' }] };
    expect(planPath(facts({ headers: [securityHeaders, more] }), '/api/v1/echo')).toEqual({
      kind: 'fast',
      headers: [['X-Frame-Options', 'DENY'], ['X-Frame-Options', 'SAMEORIGIN'], ['X-Extra', 'yes']],
      runsProxy: true,
    });
    expect(planPath(facts({}, ['^/pages/.*$']), '/api/v1/echo')).toMatchObject({ kind: 'fast', runsProxy: false });
  });

  it('leaves a path to Next when the build would answer it differently', () => {
    const next = (f: BuildFacts) => planPath(f, '/api/v1/echo').kind;
    expect(next(facts({ basePath: '/app' }))).toBe('next');
    expect(next({ ...facts(), poweredBy: true })).toBe('next');
    expect(next(facts({ i18n: { locales: ['en'] } }))).toBe('next');
    expect(next(facts({ staticRoutes: [{ page: '/api/v1/other' }] }))).toBe('next');
    expect(next(facts({ redirects: [{ regex: '^/api/v1/echo$' }] }))).toBe('next');
    expect(next(facts({ rewrites: { afterFiles: [{ regex: '^/api/(.*)$' }] } }))).toBe('next');
    expect(next(facts({ rewrites: [{ regex: '^/api/(.*)$' }] }))).toBe('next');
    expect(next(facts({ headers: [{ ...securityHeaders, has: [{ type: 'header', key: 'x-a' }] }] }))).toBe('next');
    expect(next(facts({ headers: [{ regex: '^/api/(.*)$', headers: [{ key: 'X-Path', value: '/:path' }] }] }))).toBe('next');
    expect(next(facts())).toBe('fast');
  });
});

describe('createFastPath (the fast path on a real node:http server)', () => {
  let server: http.Server;
  let base: string;
  let proxyAnswer: () => Response = () => NextResponse.next();
  const proxy: Proxy = () => proxyAnswer();
  const echo: RouteModule = {
    GET: route(async (request: NextRequest) =>
      json({ url: request.url, limit: request.nextUrl.searchParams.get('limit'), forwarded: ['host', 'port', 'proto', 'for'].map((h) => request.headers.get(`x-forwarded-${h}`)) }),
    ),
    // Answers once the body has started to arrive, without reading it.
    PATCH: route(async () => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      return json({ unread: true }, 401);
    }),
    POST: route(async (request: NextRequest) => {
      const response = json({ body: await request.text(), padding: 'x'.repeat(2000) });
      response.headers.append('set-cookie', 'a=1; Path=/');
      response.headers.append('set-cookie', 'b=2; Path=/');
      response.headers.set('x-frame-options', 'SAMEORIGIN');
      response.headers.set('vary', 'Cookie');
      return response;
    }),
  };

  beforeAll(async () => {
    server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const fast = createFastPath({ routes: { '/api/v1/echo': echo, '/api/v1/missing': echo }, proxy, facts: facts(), hostname: 'localhost', port });
    expect(fast.served).toEqual(['GET, POST, PATCH /api/v1/echo']);
    expect(fast.skipped).toEqual(['/api/v1/missing (/api/v1/missing is not a route of this build)']);
    // NOTE: as scripts/server.ts serves it: the compression middleware around everything.
    const compress = answerCompression();
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      compress(req as never, res as never, () => {
        if (!fast.take(req, res)) res.writeHead(299, { 'x-answered-by': 'next' }).end();
      });
    });
    base = `http://127.0.0.1:${port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const call = (path: string, init: RequestInit = {}) => fetch(`${base}${path}`, init);

  it('answers the methods the route module exports on the exact path, as Next builds the request', async () => {
    const response = await call('/api/v1/echo?limit=%33');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ url: `http://localhost:${new URL(base).port}/api/v1/echo?limit=%33`, limit: '3', forwarded: [new URL(base).host, new URL(base).port, 'http', '127.0.0.1'] });
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('vary')).toBe('rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch');
    const viaProxy = await call('/api/v1/echo', { headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'study.example' } });
    expect((await viaProxy.json()).url).toBe(`https://localhost:${new URL(base).port}/api/v1/echo`);
  });

  it('leaves everything else to Next: other methods and paths, and requests carrying Next router headers', async () => {
    const toNext: [string, RequestInit][] = [
      ['/api/v1/echo', { method: 'HEAD' }],
      ['/api/v1/echo', { method: 'OPTIONS' }],
      ['/api/v1/echo', { method: 'DELETE' }],
      ['/api/v1/echo/', {}],
      ['/api/v1/ech%6F', {}],
      ['/api/v1/missing', {}],
      ['/api/v1/echo', { headers: { rsc: '1' } }],
      ['/api/v1/echo', { headers: { 'next-router-prefetch': '1' } }],
      ['/api/v1/echo', { headers: { 'x-middleware-subrequest': 'middleware' } }],
      ['/api/v1/echo', { headers: { 'x-nextjs-data': '1' } }],
    ];
    for (const [path, init] of toNext) expect((await call(path, init)).headers.get('x-answered-by'), `${init.method ?? 'GET'} ${path}`).toBe('next');
  });

  it("reads a chunked body, keeps next.config's headers over the handler's, one line per cookie, and compresses as Next", async () => {
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const part of ['{"a":', '"chunked"}']) controller.enqueue(new TextEncoder().encode(part));
        controller.close();
      },
    });
    const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const request = http.request(`${base}/api/v1/echo`, { method: 'POST', headers: { 'accept-encoding': 'gzip' } }, resolve);
      request.on('error', reject);
      void (async () => {
        for await (const chunk of chunks) request.write(chunk);
        request.end();
      })();
    });
    const body: Buffer[] = [];
    for await (const chunk of response) body.push(chunk as Buffer);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(zlib.gunzipSync(Buffer.concat(body)).toString()).body).toBe('{"a":"chunked"}');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(response.headers.vary).toBe('rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch, Cookie, Accept-Encoding');
  });

  it('is encoded by the compression middleware: Brotli first for a browser, gzip before deflate, nothing refused', async () => {
    const encodedAs = (accept: string) =>
      new Promise<{ encoding: string | undefined; text: string }>((resolve, reject) => {
        const request = http.request(`${base}/api/v1/echo`, { method: 'POST', headers: { 'accept-encoding': accept } }, (response) => {
          const body: Buffer[] = [];
          response.on('data', (chunk: Buffer) => body.push(chunk));
          response.on('end', () => {
            const raw = Buffer.concat(body);
            const encoding = response.headers['content-encoding'];
            const decoded = encoding === 'br' ? zlib.brotliDecompressSync(raw) : encoding === 'gzip' ? zlib.gunzipSync(raw) : encoding === 'deflate' ? zlib.inflateSync(raw) : raw;
            resolve({ encoding, text: JSON.parse(decoded.toString()).body });
          });
        });
        request.on('error', reject);
        request.end('x'.repeat(2000));
      });
    const cases: [string, string | undefined][] = [
      ['gzip, deflate, br, zstd', 'br'],
      ['deflate, gzip', 'gzip'],
      ['deflate', 'deflate'],
      ['br;q=0.5, gzip', 'gzip'],
      ['br;q=0, gzip;q=0', undefined],
      ['zstd', undefined],
    ];
    for (const [accept, expected] of cases) {
      const answer = await encodedAs(accept);
      expect(answer.encoding, accept).toBe(expected);
      expect(answer.text).toBe('x'.repeat(2000));
    }
  });

  it('discards a body the handler left unread, so the connection carries the next request', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const ask = (method: string, body?: string) =>
      new Promise<{ status: number; socket: unknown }>((resolve, reject) => {
        const request = http.request(`${base}/api/v1/echo`, { method, agent, headers: { 'content-type': 'application/json' } }, (response) => {
          response.resume();
          response.on('end', () => resolve({ status: response.statusCode ?? 0, socket: request.socket }));
        });
        request.on('error', reject);
        if (body !== undefined) for (let i = 0; i < body.length; i += 16_384) request.write(body.slice(i, i + 16_384));
        request.end();
      });
    try {
      const unread = await ask('PATCH', 'x'.repeat(300_000));
      expect(unread.status).toBe(401);
      const next = await ask('GET');
      expect(next.status).toBe(200);
      expect(next.socket).toBe(unread.socket);
    } finally {
      agent.destroy();
    }
  });

  it('refuses to answer when the proxy would not let the request through unchanged', async () => {
    proxyAnswer = () => NextResponse.json({ error: 'stop' }, { status: 418 });
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (error: unknown) => errors.push(error);
    try {
      const response = await call('/api/v1/echo');
      expect(response.status).toBe(500);
      expect(await response.text()).toBe('Internal Server Error');
      expect(String(errors[0])).toContain('the proxy did not pass GET /api/v1/echo through unchanged');
    } finally {
      console.error = original;
      proxyAnswer = () => NextResponse.next();
    }
  });
});
