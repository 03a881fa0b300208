// The requests `npm start` answers without Next's request handling (bundled to dist/fast-routes.mjs by
// scripts/bundle.mjs, loaded by scripts/server.ts once Next is ready): the app's own route modules —
// the same exports Next serves — under the fast path of lib/fast-path.ts.
import path from 'node:path';
import * as me from '@/app/api/v1/me/route';
import * as queue from '@/app/api/v1/queue/route';
import * as reviews from '@/app/api/v1/reviews/route';
import { createFastPath, type FastPath } from '@/lib/fast-path';
import { readBuildFacts } from '@/lib/fast-path-plan';
import { proxy } from '@/proxy';

export const fastRoutes = { '/api/v1/reviews': reviews, '/api/v1/queue': queue, '/api/v1/me': me };

/** The fast path for the app in `dir`, built by `next build` into dir/.next, served by Next as `hostname:port`. */
export function appFastPath(dir: string, hostname: string, port: number): FastPath {
  return createFastPath({ routes: fastRoutes, proxy, facts: readBuildFacts(path.join(dir, '.next')), hostname, port });
}
