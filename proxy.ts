import { NextResponse, type NextRequest } from 'next/server';
import { servedOverHttps } from './lib/client-address';
import { strictTransportSecurity } from './lib/http';

/**
 * The Content-Security-Policy of every page, with a fresh nonce per request for Next's own scripts.
 * KaTeX output needs inline style attributes; the tfjs wasm backend needs 'wasm-unsafe-eval'.
 */
export function contentSecurityPolicy(nonce: string, development: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic' 'wasm-unsafe-eval'${development ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Whether a raw (still percent-encoded) path has an escape that does not decode (`%`, `%C0%AF`), or one
 * that decodes to the NUL character (`%00`): no id holds it, and PostgreSQL refuses it in any query.
 */
export function hasMalformedEncoding(rawPath: string): boolean {
  try {
    return decodeURIComponent(rawPath).includes('\u0000');
  } catch {
    return true;
  }
}

export function proxy(request: NextRequest) {
  // NOTE: Next answers a path it cannot decode with a bare 500 (its /400 page does not exist in the app
  // router); every route, API or page, gets a 400 here first.
  if (hasMalformedEncoding(request.nextUrl.pathname)) {
    return NextResponse.json({ error: 'malformed percent-encoding in the path' }, { status: 400, headers: { 'cache-control': 'no-store' } });
  }
  if (request.nextUrl.pathname.startsWith('/api/')) return NextResponse.next();
  const nonce = btoa(crypto.randomUUID());
  const policy = contentSecurityPolicy(nonce, process.env.NODE_ENV !== 'production');
  const requestHeaders = new Headers(request.headers);
  // NOTE: Next reads the nonce for its bootstrap scripts from the request-side CSP header.
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', policy);
  if (servedOverHttps(request)) response.headers.set('strict-transport-security', strictTransportSecurity);
  return response;
}

// NOTE: the Anki import (POST /api/v1/import) is left out: Next buffers the body of every request the proxy
// sees and cuts it at 10 MB, while a package may be far larger (the route reads it with its own cap).
export const config = {
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico|api/v1/import).*)' }],
};
