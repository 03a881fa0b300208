import { NextResponse, type NextRequest } from 'next/server';
import { z, type ZodType } from 'zod';
import { servedOverHttps } from './client-address';
import { isNulCharacterError } from './db-errors';

/** An error a client caused, answered with its status and message. */
export class HttpError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const maxBodyBytes = 64 * 1024;

/** `application/json` or `application/…+json`, with any parameters (charset). */
export function isJsonContentType(value: string | null): boolean {
  const type = (value ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

/**
 * Reads a JSON body of at most `maxBodyBytes` and validates it; anything else is a 4xx HttpError:
 * 415 unless the body is declared `application/json`, 413 when too large, 400 when not JSON or invalid.
 */
export async function readJson<T>(request: Request, schema: ZodType<T>): Promise<T> {
  if (!isJsonContentType(request.headers.get('content-type'))) {
    throw new HttpError(415, 'send the body as JSON with the header Content-Type: application/json');
  }
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBodyBytes) throw new HttpError(413, `request body over ${maxBodyBytes} bytes`);
  const text = await readCapped(request);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'request body is not valid JSON');
  }
  const result = schema.safeParse(raw);
  if (!result.success) throw new HttpError(400, describeIssues(result.error));
  return result.data;
}

async function readCapped(request: Request): Promise<string> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBodyBytes) {
      await reader.cancel();
      throw new HttpError(413, `request body over ${maxBodyBytes} bytes`);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

type Handler<C> = (request: NextRequest, context: C) => Promise<Response>;

/** HSTS for responses served over https (through a trusted proxy); one year, this host only. */
export const strictTransportSecurity = 'max-age=31536000';

/**
 * Wraps a route handler: HttpErrors become their status with `{error}`, anything else is logged and
 * answered with a bare 500 (never a stack trace). Every response is `Cache-Control: no-store` unless the
 * handler chose otherwise (API answers are per user), and carries HSTS when served over https.
 */
export function route<C>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    let response: Response;
    try {
      refuseCrossSite(request);
      response = await handler(request, context);
    } catch (error) {
      if (error instanceof HttpError) {
        response = json({ error: error.message }, error.status, error.headers);
      } else if (isNulCharacterError(error)) {
        response = json({ error: 'text must not contain the NUL character (U+0000)' }, 400);
      } else {
        console.error(error);
        response = json({ error: 'internal error' }, 500);
      }
    }
    if (!response.headers.has('cache-control')) response.headers.set('cache-control', 'no-store');
    if (servedOverHttps(request)) response.headers.set('strict-transport-security', strictTransportSecurity);
    return response;
  };
}

/**
 * Refuses a state-changing request whose Origin is another site (a CSRF defence on top of SameSite
 * cookies): scheme and host must both match the request's. Requests without Origin (curl,
 * server-to-server) carry no ambient browser credentials risk.
 * NOTE: X-Forwarded-Proto/Host are taken as sent (Next fills them when absent): a page on another origin
 * cannot set them on a browser's request without a CORS preflight, which this app never grants.
 */
function refuseCrossSite(request: Request): void {
  if (['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return;
  const origin = request.headers.get('origin');
  if (!origin) return;
  const host = request.headers.get('x-forwarded-host')?.split(',')[0]?.trim() ?? request.headers.get('host');
  const scheme = (request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() || new URL(request.url).protocol.replace(/:$/, '')).toLowerCase();
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    throw new HttpError(403, 'cross-site request refused');
  }
  if (parsed.host !== host || parsed.protocol !== `${scheme}:`) throw new HttpError(403, 'cross-site request refused');
}

/**
 * A dynamic route segment decoded once more (Next leaves some escapes, such as `%2F`, in params); a
 * segment that does not decode is a 404 for `what`, never a URIError.
 */
export function decodedParam(value: string, what: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new HttpError(404, `no such ${what}`);
  }
}

const utf8 = new TextEncoder();

/**
 * A JSON answer. NOTE: the server compresses every answer it can (scripts/server.ts: Next streams them, so the
 * compression middleware never sees their length, and Next drops a Content-Length or Content-Encoding set
 * here); a compression stream costs about as much CPU as the rest of a review's request, so an answer under
 * 1 KB (a review, an error) is marked `no-transform`, which the middleware honours, and goes out as it is.
 */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): NextResponse {
  // NOTE: bytes, not a string: for a string body undici first makes it well-formed (a copy and a scan of
  // every character), which JSON always is already.
  const bytes = utf8.encode(JSON.stringify(body));
  const small = bytes.length < 1024;
  return new NextResponse(bytes, { status, headers: { ...(small ? { 'cache-control': 'no-store, no-transform' } : {}), ...headers, 'content-type': 'application/json' } });
}
