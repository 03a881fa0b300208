import { NextResponse, type NextRequest } from 'next/server';
import { z, type ZodType } from 'zod';

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

/** Reads a JSON body of at most `maxBodyBytes` and validates it; anything else is a 4xx HttpError. */
export async function readJson<T>(request: Request, schema: ZodType<T>): Promise<T> {
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

/**
 * Wraps a route handler: HttpErrors become their status with `{error}`, anything else is logged and
 * answered with a bare 500 (never a stack trace).
 */
export function route<C>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    try {
      refuseCrossSite(request);
      return await handler(request, context);
    } catch (error) {
      if (error instanceof HttpError) {
        return NextResponse.json({ error: error.message }, { status: error.status, headers: error.headers });
      }
      console.error(error);
      return NextResponse.json({ error: 'internal error' }, { status: 500 });
    }
  };
}

/**
 * Refuses a state-changing request whose Origin is another site (a CSRF defence on top of SameSite
 * cookies). Requests without Origin (curl, server-to-server) carry no ambient browser credentials risk.
 */
function refuseCrossSite(request: Request): void {
  if (['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return;
  const origin = request.headers.get('origin');
  if (!origin) return;
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new HttpError(403, 'cross-site request refused');
  }
  if (originHost !== host) throw new HttpError(403, 'cross-site request refused');
}

export function json(body: unknown, status = 200): NextResponse {
  return NextResponse.json(body, { status });
}
