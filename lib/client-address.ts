/**
 * Who is asking: the client address used for rate limits, and whether the request came over https.
 *
 * The socket address reaches route handlers as `x-study-peer`, written by `npm start`'s server
 * (scripts/server.ts) over anything a client sent. `X-Forwarded-For` and `X-Forwarded-Proto` are
 * believed only when the operator sets `TRUST_PROXY`:
 * - unset (default): the socket address; forwarded headers are ignored (a client cannot pick its key);
 * - `TRUST_PROXY=1` (or N): the app sits behind 1 (N) proxies; each appends the address it saw to
 *   X-Forwarded-For, so the client is the Nth entry from the right of [X-Forwarded-For…, socket address];
 * - `TRUST_PROXY=10.0.0.2,10.0.0.3`: these proxy addresses are trusted; the client is the rightmost address
 *   in that chain that is not one of them (forwarded headers count only when the socket is one of them).
 */

export type ProxyTrust =
  | { readonly kind: 'none' }
  | { readonly kind: 'hops'; readonly hops: number }
  | { readonly kind: 'addresses'; readonly addresses: ReadonlySet<string> };

/** `::ffff:1.2.3.4` → `1.2.3.4`; lower case; no surrounding space. */
export function normaliseAddress(address: string): string {
  const a = address.trim().toLowerCase();
  return a.startsWith('::ffff:') && a.includes('.') ? a.slice(7) : a;
}

/** Reads `TRUST_PROXY` (see the module comment); anything unreadable trusts nobody. */
export function parseTrustProxy(value: string | undefined): ProxyTrust {
  const text = (value ?? '').trim();
  if (text === '' || text === '0' || text === 'false') return { kind: 'none' };
  if (/^\d{1,2}$/.test(text)) return { kind: 'hops', hops: Number(text) };
  if (text === 'true') return { kind: 'hops', hops: 1 };
  const addresses = text.split(',').map(normaliseAddress).filter((a) => a !== '');
  return addresses.length > 0 ? { kind: 'addresses', addresses: new Set(addresses) } : { kind: 'none' };
}

const hookFlag = Symbol.for('ml-study.peer-address-hook');

/** Whether `npm start`'s server (scripts/server.ts) runs this process (then `x-study-peer` is the socket address). */
export function peerHookActive(): boolean {
  return (globalThis as Record<symbol, unknown>)[hookFlag] === true;
}

function forwardedChain(headers: Headers): string[] {
  return (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map(normaliseAddress)
    .filter((a) => a !== '')
    .slice(-32);
}

/**
 * The client address of a request under `trust`. Without the peer hook (e.g. `next dev`) the socket address
 * is unknown; then the last X-Forwarded-For entry stands in for it (Next fills it from the socket when a
 * client sent none).
 */
export function clientAddressOf(headers: Headers, trust: ProxyTrust, hookActive: boolean): string {
  const chain = forwardedChain(headers);
  const peer = hookActive ? normaliseAddress(headers.get('x-study-peer') ?? '') : (chain.pop() ?? '');
  if (peer === '') return 'unknown';
  switch (trust.kind) {
    case 'none':
      return peer;
    case 'hops': {
      const full = [...chain, peer];
      return full[Math.max(0, full.length - 1 - trust.hops)] ?? peer;
    }
    case 'addresses': {
      if (!trust.addresses.has(peer)) return peer;
      for (let i = chain.length - 1; i >= 0; i--) if (!trust.addresses.has(chain[i] as string)) return chain[i] as string;
      return chain[0] ?? peer;
    }
  }
}

function configuredTrust(): ProxyTrust {
  return parseTrustProxy(process.env.TRUST_PROXY);
}

/** The client address of a request, for rate limits. */
export function clientAddress(request: Request): string {
  return clientAddressOf(request.headers, configuredTrust(), peerHookActive());
}

/**
 * Whether the request reached the client over https. `npm start` serves plain http, so https means a
 * TLS-terminating proxy, and its X-Forwarded-Proto counts only when the proxy is trusted (`TRUST_PROXY`).
 */
export function servedOverHttps(request: Request): boolean {
  return forwardedProtoIsHttps(request.headers, configuredTrust(), peerHookActive());
}

export function forwardedProtoIsHttps(headers: Headers, trust: ProxyTrust, hookActive: boolean): boolean {
  if (trust.kind === 'none') return false;
  if (trust.kind === 'addresses' && hookActive && !trust.addresses.has(normaliseAddress(headers.get('x-study-peer') ?? ''))) return false;
  return (headers.get('x-forwarded-proto') ?? '').split(',')[0]?.trim().toLowerCase() === 'https';
}
