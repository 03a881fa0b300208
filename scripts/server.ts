// The server `npm start` runs (bundled to dist/server.mjs by scripts/bundle.mjs; scripts/start.mjs starts
// it): a node:http server that answers the requests people wait on through the fast path (lib/fast-path.ts:
// the app's own route handlers, without Next's per-request machinery) and hands every other request to
// Next's request handler (Next's custom-server API: `next({ dev: false, dir })`, `getRequestHandler()`).
//
//   PORT (default 3000), KEEP_ALIVE_TIMEOUT_MS (default 65000), STUDY_FAST_PATH=off (every request to Next).
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import next from 'next';
import { answerCompression } from '@/lib/answer-compression';
import type { FastPath } from '@/lib/fast-path';

const port = Number(process.env.PORT || 3000);
// NOTE: the host name `next start` gives Next when none is chosen; Next builds request URLs from it.
const hostname = 'localhost';
const dir = process.cwd();

// NOTE: the socket address reaches the app as `x-study-peer`, written over anything a client sent (Next 16
// gives route handlers headers only, and it fills X-Forwarded-For from the socket only when a client sent
// none); the mark tells lib/client-address.ts that the header is real.
(globalThis as Record<symbol, unknown>)[Symbol.for('ml-study.peer-address-hook')] = true;

// NOTE: Next's own compression is off (next.config `compress: false`): this middleware encodes every answer,
// the fast path's and Next's (lib/fast-path.ts `answerCompression`).
const compress = answerCompression();

let fast: FastPath | undefined;
const server = http.createServer((req, res) => {
  req.headers['x-study-peer'] = req.socket.remoteAddress ?? '';
  compress(req as never, res as never, () => {
    if (fast?.take(req, res)) return;
    toNext(req, res);
  });
});
// NOTE: idle keep-alive sockets stay open 65 s (Node's default is 5 s): longer than a proxy's or a client's own
// idle timeout, so a client never sends a request on a socket the server is closing at that moment (ECONNRESET).
server.keepAliveTimeout = Number(process.env.KEEP_ALIVE_TIMEOUT_MS || 65_000);

const app = next({ dev: false, dir, hostname, port, httpServer: server });
await app.prepare();
const handle = app.getRequestHandler();

function toNext(req: http.IncomingMessage, res: http.ServerResponse): void {
  handle(req, res).catch((error: unknown) => {
    // NOTE: as `next start` does when its handler throws.
    console.error(error);
    if (res.headersSent) return void res.destroy();
    res.statusCode = 500;
    res.end('Internal Server Error');
  });
}

// NOTE: the route modules (dist/fast-routes.mjs) load only now: what they import from Next (next/server,
// next/headers) must find the server environment Next has just set up (its AsyncLocalStorage), as Next's own
// route bundles do.
async function fastPath(): Promise<FastPath | undefined> {
  if (process.env.STUDY_FAST_PATH === 'off') {
    console.log('fast path: off (STUDY_FAST_PATH=off); Next answers every request');
    return undefined;
  }
  const started = performance.now();
  try {
    const routes = (await import(pathToFileURL(path.join(dir, 'dist', 'fast-routes.mjs')).href)) as typeof import('./fast-routes');
    const built = routes.appFastPath(dir, hostname, port);
    const skipped = built.skipped.length > 0 ? `; left to Next: ${built.skipped.join('; ')}` : '';
    console.log(`fast path: ${built.served.join('; ') || 'nothing'}${skipped} (loaded in ${Math.round(performance.now() - started)} ms)`);
    return built;
  } catch (error) {
    console.error(`fast path: off, it could not be set up (${error instanceof Error ? error.message : String(error)}); Next answers every request`);
    return undefined;
  }
}

/**
 * Next loads a route's code on the route's first request (≈ 0.2 s for the first API route that needs the
 * study modules: engine, problem families, KaTeX). Before the fast path the first queue or review paid that;
 * those never reach Next now, so the first check or exercise preview would, stalling every request for that
 * long. So each API route Next serves is asked once before the server takes connections (OPTIONS, which Next
 * answers itself: no handler runs, nothing is read or written), through a loopback-only server of its own.
 */
async function loadNextApiRoutes(): Promise<void> {
  const started = performance.now();
  const loader = http.createServer(toNext);
  try {
    await new Promise<void>((resolve) => loader.listen(0, '127.0.0.1', resolve));
    const { port: loaderPort } = loader.address() as AddressInfo;
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, '.next', 'server', 'app-paths-manifest.json'), 'utf8')) as Record<string, string>;
    const routes = Object.keys(manifest)
      .filter((page) => page.startsWith('/api/') && page.endsWith('/route'))
      .map((page) => page.slice(0, -'/route'.length).replace(/\[[^\]]+\]/g, 'preload'));
    for (const route of routes) await (await fetch(`http://127.0.0.1:${loaderPort}${route}`, { method: 'OPTIONS' })).arrayBuffer();
    console.log(`loaded ${routes.length} API routes in ${Math.round(performance.now() - started)} ms`);
  } catch (error) {
    console.error(`could not load the API routes ahead of their first request: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    loader.closeAllConnections();
    loader.close();
  }
}

fast = await fastPath();
await loadNextApiRoutes();
server.listen(port, () => console.log(`ready on http://${hostname}:${port}`));

// As `next start`: stop taking connections, let the requests under way finish, then exit 128 + signal.
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  process.once(signal, () => {
    // NOTE: a keep-alive socket that goes idle after close() would otherwise hold the exit for 65 s.
    setInterval(() => server.closeIdleConnections(), 100).unref();
    server.close(() => void app.close().finally(() => process.exit(code)));
  });
}
