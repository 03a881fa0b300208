/**
 * What media the app stores and shows: raster images only, recognised by their first bytes (never by a file
 * name or a declared type), addressed by the SHA-256 of their bytes. Pure, without Node's modules: the worker, the server and the
 * study page (lib/rich-text.ts) share it.
 */
export type ImageType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

/** Largest image stored, in bytes. */
export const maxImageBytes = 8 * 1024 * 1024;

/**
 * The image type of `bytes` from its signature, or null when it is not a PNG, JPEG, GIF or WebP.
 * SVG is refused on purpose: it is a document that can carry script.
 * Example: imageTypeOf(Buffer.from('89504e470d0a1a0a', 'hex')) → 'image/png'.
 */
export function imageTypeOf(bytes: Uint8Array): ImageType | null {
  const at = (offset: number, hex: string) => Buffer.from(bytes.subarray(offset, offset + hex.length / 2)).toString('hex') === hex;
  if (at(0, '89504e470d0a1a0a')) return 'image/png';
  if (at(0, 'ffd8ff')) return 'image/jpeg';
  if (at(0, '474946383761') || at(0, '474946383961')) return 'image/gif';
  if (at(0, '52494646') && at(8, '57454250')) return 'image/webp';
  return null;
}

export const imageExtensions: Readonly<Record<ImageType, string>> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp' };

/** Where the app serves a stored image. */
export function mediaUrl(sha256: string): string {
  return `/api/v1/media/${sha256}`;
}

/** The SHA-256 named by one of our media URLs, or null for any other URL (remote, relative, data:). */
export function mediaShaOf(url: string): string | null {
  return /^\/api\/v1\/media\/([0-9a-f]{64})$/.exec(url)?.[1] ?? null;
}
