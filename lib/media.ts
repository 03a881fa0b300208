import { db } from './db';
import { imageTypeOf } from './media-types';

/** A stored image by its SHA-256, or null (also for anything whose bytes are not an image we serve). */
export async function storedImage(sha256: string): Promise<{ mimeType: string; bytes: Uint8Array } | null> {
  if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
  const row = await db.media.findUnique({ where: { sha256 } });
  if (!row) return null;
  // NOTE: the type is taken from the bytes again, never from the row alone: only images leave this function.
  const type = imageTypeOf(row.bytes);
  return type ? { mimeType: type, bytes: row.bytes } : null;
}
