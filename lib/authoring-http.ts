import type { NextRequest } from 'next/server';
import { ContentProblemsError } from './authoring';
import { HttpError, json, route } from './http';

type Handler<C> = (request: NextRequest, context: C) => Promise<Response>;

/** `route`, plus: content with problems answers 400 `{error, problems:[{path|line, message}]}` so an editor sees each in place. */
export function contentRoute<C>(handler: Handler<C>): Handler<C> {
  return route(async (request: NextRequest, context: C) => {
    try {
      return await handler(request, context);
    } catch (error) {
      if (error instanceof ContentProblemsError) return json({ error: error.message, problems: error.problems }, 400);
      throw error;
    }
  });
}

/** A raw text body of at most `maxBytes` (413 with the limit in the message otherwise). */
export async function readText(request: Request, maxBytes: number): Promise<string> {
  const tooBig = () => new HttpError(413, `the file is over ${Math.round(maxBytes / 1024)} KB; split it into smaller files`);
  if (Number(request.headers.get('content-length') ?? '0') > maxBytes) throw tooBig();
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooBig();
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new HttpError(400, 'the file is not UTF-8 text');
  }
}
