import type { NextRequest } from 'next/server';
import { HttpError, route } from '@/lib/http';
import { storedImage } from '@/lib/media';
import { requireApiUser } from '@/lib/session';

type Context = { params: Promise<{ sha256: string }> };

/**
 * GET /api/v1/media/<sha256> → a stored image (PNG, JPEG, GIF or WebP) with its own type, never sniffed, never
 * run as a document. Content-addressed, so a browser may keep it for good.
 */
export const GET = route(async (request: NextRequest, context: Context) => {
  await requireApiUser(request);
  const image = await storedImage((await context.params).sha256);
  if (!image) throw new HttpError(404, 'no such image');
  return new Response(Buffer.from(image.bytes), {
    status: 200,
    headers: {
      'content-type': image.mimeType,
      'content-length': String(image.bytes.byteLength),
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'content-disposition': 'inline',
      'cache-control': 'private, max-age=31536000, immutable',
    },
  });
});
