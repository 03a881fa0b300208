// JSON as UTF-8 bytes for answers that carry long rendered texts (the study queue's card HTML). The same
// texts go out again and again; JSON.stringify would copy each into a new string that then has to be flattened
// and encoded (≈ 1 ms per 100 KB here). Each long text is encoded once instead, and the answer is the bytes of
// the small remainder with the cached bytes of the long texts put in their places.
import { randomUUID } from 'node:crypto';
import { boundedCache, perProcess } from './memo';

/** Strings at least this long are encoded once and kept. */
const longText = 512;
const utf8 = new TextEncoder();
const encoded = perProcess('json-long-text', () => boundedCache<Uint8Array>({ maxEntries: 20_000, maxWeight: 16_000_000, weigh: (bytes) => bytes.length }));
// NOTE: what stands in for a long text while the rest is stringified: random per process, so no text sent by
// anyone can be taken for it.
const marker = `\u0000${randomUUID()}`;
const markerJson = JSON.stringify(marker);

/** The same bytes as `new TextEncoder().encode(JSON.stringify(body))`. */
export function jsonBytes(body: unknown): Uint8Array<ArrayBuffer> {
  const long: string[] = [];
  const text = JSON.stringify(body, (_key, value: unknown) => {
    if (typeof value !== 'string' || value.length < longText) return value;
    long.push(value);
    return marker;
  });
  if (long.length === 0) return utf8.encode(text);
  const pieces = text.split(markerJson);
  const parts: Uint8Array[] = [];
  pieces.forEach((piece, i) => {
    parts.push(utf8.encode(piece));
    const value = long[i];
    if (value !== undefined) parts.push(encoded.get(value, () => utf8.encode(JSON.stringify(value))));
  });
  const bytes = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}
