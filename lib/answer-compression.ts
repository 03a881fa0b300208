import compression from 'compression';

/**
 * The compression middleware `npm start` runs around both paths (scripts/server.ts), in place of Next's own
 * (next.config `compress: false`: the same middleware in a version without Brotli): Brotli for the clients that
 * take it (browsers do), else gzip or deflate. No size threshold: Next streams its answers without a length, so
 * its middleware never applied one; the fast path sends lengths, and its small JSON answers say `no-transform`
 * (lib/http.ts `json`).
 */
export function answerCompression(): ReturnType<typeof compression> {
  return compression({ threshold: 0 });
}
