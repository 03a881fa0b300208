/**
 * The fast path of `npm start` (scripts/server.ts): the few API requests people wait on (a review, the
 * queue, who am I) are answered by calling the app's own route handlers (the exported GET/POST/… of
 * app/api/v1/…/route.ts, with lib/http.ts `route()` around them) on a NextRequest built from the Node
 * request, without Next's per-request routing, tracing and stream bridges (≈ 2.5 ms of CPU a request:
 * docs/BENCHMARKS.md). Every other request, and any request this module is not sure about, goes to Next.
 *
 * What Next adds to a route handler's answer is added here the same way, and tests/fast-path.test.ts
 * compares answers of both paths: the request as Next builds it (URL from the server's host name and port,
 * the `x-forwarded-*` headers Next fills in when a client sent none, an abort signal), the proxy (proxy.ts)
 * where the build runs it, the `headers()` of next.config, Next's `Vary`, the way Next copies a Response
 * onto the Node response. Compression is not Next's here: the server's middleware encodes the answers of
 * both paths (lib/answer-compression.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { NextRequest } from 'next/server';
import { planPath, type BuildFacts } from './fast-path-plan';

export type RouteMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type RouteHandler = (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
/** A route module (app/…/route.ts) as the fast path sees it: its exported method handlers. */
export type RouteModule = Partial<Record<RouteMethod, RouteHandler>>;
/** proxy.ts `proxy`: a pass-through is `NextResponse.next()`. */
export type Proxy = (request: NextRequest) => Response | Promise<Response>;

interface FastRoute {
  readonly module: RouteModule;
  readonly headers: readonly (readonly [string, string])[];
  readonly runsProxy: boolean;
}

export interface FastPathOptions {
  /** Exact path → its route module, e.g. `{'/api/v1/reviews': reviewsRoute}`. */
  readonly routes: Readonly<Record<string, RouteModule>>;
  readonly proxy: Proxy;
  readonly facts: BuildFacts;
  /** The host name and port Next was started with (they make the request URL, as in Next). */
  readonly hostname: string;
  readonly port: number;
}

export interface FastPath {
  /** The paths answered here (with the methods their modules export) and the ones left to Next, with why. */
  readonly served: readonly string[];
  readonly skipped: readonly string[];
  /** Answers `req` and returns true, or returns false (nothing written) when Next should answer it. */
  take(req: IncomingMessage, res: ServerResponse): boolean;
}

const methods: readonly RouteMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

// NOTE: headers Next's router reads (RSC and router-state requests, server actions, its internal headers):
// a request carrying any of them gets Next's handling, whatever it is.
const nextRequestHeader = /^(?:rsc|next-.*|x-middleware-.*|x-nextjs-.*|x-next-.*|x-invoke-.*|x-now-route-matches|x-matched-path)$/;

// NOTE: the Vary that Next's base server appends to every app-router answer (base-server.js setVaryHeader).
const appRouterVary = 'rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch';

// NOTE: as Next's sendResponse: these Response headers are not copied (the body may have been decoded),
// and only these may be added to a header already set (next.config's headers win over a handler's).
const droppedHeaders = new Set(['content-length', 'content-encoding', 'transfer-encoding', 'x-middleware-set-cookie']);
const repeatableHeaders = new Set(['set-cookie', 'www-authenticate', 'proxy-authenticate', 'vary']);

/** Builds the fast path for the build `options.facts`; paths the build does not allow go to Next. */
export function createFastPath(options: FastPathOptions): FastPath {
  const routes = new Map<string, FastRoute>();
  const skipped: string[] = [];
  for (const [routePath, module] of Object.entries(options.routes)) {
    const plan = planPath(options.facts, routePath);
    if (plan.kind === 'next') skipped.push(`${routePath} (${plan.reason})`);
    else routes.set(routePath, { module, headers: plan.headers, runsProxy: plan.runsProxy });
  }

  function take(req: IncomingMessage, res: ServerResponse): boolean {
    const url = req.url ?? '';
    const query = url.indexOf('?');
    const route = routes.get(query < 0 ? url : url.slice(0, query));
    const method = req.method as RouteMethod;
    const handler = methods.includes(method) ? route?.module[method] : undefined;
    if (!route || !handler) return false;
    for (const name in req.headers) if (nextRequestHeader.test(name)) return false;
    void serve(route, handler, req, res);
    return true;
  }

  async function serve(route: FastRoute, handler: RouteHandler, req: IncomingMessage, res: ServerResponse): Promise<void> {
    let release = () => {};
    try {
      const built = nextRequestFrom(req, res, options);
      const { request } = built;
      release = built.release;
      if (route.runsProxy) {
        const outcome = await options.proxy(request);
        // NOTE: the proxy lets API requests through unchanged (`NextResponse.next()`); should it ever answer
        // or change one itself, that is not something this path can reproduce: fail loudly.
        if (!isPlainPassThrough(outcome)) throw new Error(`the proxy did not pass ${req.method} ${req.url} through unchanged; take the path out of the fast path`);
      }
      const response = await handler(request, { params: Promise.resolve({}) });
      release();
      await wholeRequest(req);
      await send(res, response, route.headers);
    } catch (error) {
      console.error(error);
      if (res.headersSent) return void res.destroy();
      release();
      await wholeRequest(req);
      // NOTE: what Next's own server answers when its handler throws (start-server.js requestListener).
      res.statusCode = 500;
      res.end('Internal Server Error');
    } finally {
      release();
    }
  }

  return { served: [...routes.entries()].map(([p, r]) => `${methods.filter((m) => r.module[m]).join(', ')} ${p}`), skipped, take };
}

function isPlainPassThrough(response: Response): boolean {
  let names = 0;
  response.headers.forEach(() => names++);
  return names === 1 && response.headers.get('x-middleware-next') === '1';
}

/**
 * The NextRequest Next gives a route handler for `req`: the same headers (with the `x-forwarded-*` ones Next
 * fills in when absent: base-server.js handleRequestImpl) and the URL Next builds from its own host name
 * and port (next-server.js attachRequestMeta), aborted when the client goes away; `release` discards what
 * the handler left unread of the body.
 */
function nextRequestFrom(req: IncomingMessage, res: ServerResponse, server: { readonly hostname: string; readonly port: number }): { request: NextRequest; release(): void } {
  const headers = new Headers();
  for (const name in req.headers) {
    const value = req.headers[name];
    if (typeof value === 'string') headers.set(name, value);
    else if (value) for (const item of value) headers.append(name, item);
  }
  const forwardedProto = req.headers['x-forwarded-proto'];
  const https = forwardedProto ? forwardedProto === 'https' : (req.socket as TLSSocket).encrypted === true;
  if (!headers.has('x-forwarded-host')) headers.set('x-forwarded-host', req.headers.host ?? server.hostname);
  if (!headers.has('x-forwarded-port')) headers.set('x-forwarded-port', String(server.port));
  if (!headers.has('x-forwarded-proto')) headers.set('x-forwarded-proto', https ? 'https' : 'http');
  if (!headers.has('x-forwarded-for') && req.socket.remoteAddress) headers.set('x-forwarded-for', req.socket.remoteAddress);
  const protocol = headers.get('x-forwarded-proto')?.includes('https') ? 'https' : 'http';
  const aborted = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) aborted.abort();
  });
  const method = req.method ?? 'GET';
  const body = method === 'GET' || method === 'HEAD' ? undefined : bodyStream(req);
  const request = new NextRequest(`${protocol}://${server.hostname}:${server.port}${req.url ?? '/'}`, {
    method,
    headers,
    signal: aborted.signal,
    ...(body ? { body: body.stream, duplex: 'half' } : {}),
  });
  return { request, release: () => body?.release() };
}

/**
 * The request body as a web stream, read as the handler reads it. What the handler leaves unread (it answered
 * first, or stopped at its cap) is discarded by `release`, so the connection can carry the next request.
 */
function bodyStream(req: IncomingMessage): { readonly stream: ReadableStream<Uint8Array>; release(): void } {
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  const onData = (chunk: Buffer) => {
    controller?.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if ((controller?.desiredSize ?? 0) <= 0) req.pause();
  };
  const onEnd = () => controller?.close();
  const onError = (error: Error) => controller?.error(error);
  const release = () => {
    controller = undefined;
    req.off('data', onData).off('end', onEnd).off('error', onError);
    if (!req.readableEnded) req.resume();
  };
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      req.on('data', onData).once('end', onEnd).once('error', onError);
      req.pause();
    },
    pull() {
      req.resume();
    },
    cancel: release,
  });
  return { stream, release };
}

/**
 * Resolves once all of the request has arrived (what the handler left unread is being discarded). Next answers
 * only then; answering earlier, Node would close a `Connection: close` client's socket under its upload
 * (EPIPE), and the client would never read the answer (a 413 for a body over the cap, say).
 */
function wholeRequest(req: IncomingMessage): Promise<void> {
  if (req.complete) return Promise.resolve();
  return new Promise((resolve) => {
    req.once('end', resolve).once('close', resolve).once('error', () => resolve());
  });
}

/**
 * Writes `response` as Next does (send-response.js): status, next.config's headers, Next's Vary, the
 * handler's headers (each cookie on its own line), then the body, with its length. The server's compression
 * middleware around the fast path (lib/answer-compression.ts) encodes it as it encodes Next's answers.
 */
async function send(res: ServerResponse, response: Response, configHeaders: FastRoute['headers']): Promise<void> {
  const body = response.body ? new Uint8Array(await response.arrayBuffer()) : new Uint8Array(0);
  res.statusCode = response.status;
  res.statusMessage = response.statusText;
  for (const [name, value] of configHeaders) res.setHeader(name, value);
  res.appendHeader('vary', appRouterVary);
  for (const cookie of response.headers.getSetCookie()) res.appendHeader('set-cookie', cookie);
  response.headers.forEach((value, name) => {
    if (name === 'set-cookie' || droppedHeaders.has(name)) return;
    if (repeatableHeaders.has(name) || res.getHeader(name) === undefined) res.appendHeader(name, value);
  });
  if (body.byteLength > 0) res.setHeader('content-length', body.byteLength);
  res.end(body.byteLength > 0 ? body : undefined);
}
