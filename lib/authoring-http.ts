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

/** A raw body of at most `maxBytes`; `tooBig` is the 413 message (the declared length is checked before reading). */
export async function readBytes(request: Request, maxBytes: number, tooBig: string): Promise<Buffer> {
  if (Number(request.headers.get('content-length') ?? '0') > maxBytes) throw new HttpError(413, tooBig);
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new HttpError(413, tooBig);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

/** A raw text body of at most `maxBytes` (413 with the limit in the message otherwise). */
export async function readText(request: Request, maxBytes: number): Promise<string> {
  const bytes = await readBytes(request, maxBytes, `the file is over ${Math.round(maxBytes / 1024)} KB; split it into smaller files`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new HttpError(400, 'the file is not UTF-8 text');
  }
}
