import { Decompress } from 'fzstd';
import { AnkiError } from './errors';
import { mb } from './refusals';

const zstdMagic = 0xfd2fb528;
const maxBlockBytes = 128 * 1024;

/**
 * Decompresses a zstd stream (one or more frames) as Anki writes them, with two caps: no frame may ask for a
 * window larger than `maxWindowBytes` (fzstd allocates the window up front), and the output stops with an
 * error as soon as it passes `maxBytes`, whatever the frame headers claim.
 */
export function decompressZstd(data: Uint8Array, name: string, maxBytes: number, maxWindowBytes: number): Buffer {
  checkFrames(data, name, maxBytes, maxWindowBytes);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const decoder = new Decompress((chunk) => {
    size += chunk.length;
    if (size > maxBytes) throw new AnkiError('zstd-too-large', { name, max: mb(maxBytes) });
    chunks.push(chunk.slice());
  });
  try {
    decoder.push(data, true);
  } catch (error) {
    if (error instanceof AnkiError) throw error;
    throw new AnkiError('zstd-invalid', { name, detail: error instanceof Error ? error.message : String(error) }, { cause: error });
  }
  return Buffer.concat(chunks, size);
}

/** True when the bytes start with a zstd frame. */
export function isZstd(data: Uint8Array): boolean {
  return data.length >= 4 && readU32(data, 0) === zstdMagic;
}

/**
 * Walks the frames and blocks without decoding them: checks the window each frame asks for and the content
 * sizes it declares, and that every block lies inside the data.
 */
function checkFrames(data: Uint8Array, name: string, maxBytes: number, maxWindowBytes: number): void {
  const corrupt = (why: string) => new AnkiError('zstd-invalid', { name, detail: why });
  let at = 0;
  let declared = 0;
  if (data.length === 0) throw corrupt('empty');
  while (at < data.length) {
    if (at + 4 > data.length) throw corrupt('truncated frame');
    const magic = readU32(data, at);
    if ((magic & 0xfffffff0) === 0x184d2a50) {
      if (at + 8 > data.length) throw corrupt('truncated skippable frame');
      at += 8 + readU32(data, at + 4);
      continue;
    }
    if (magic !== zstdMagic) throw corrupt('bad frame magic');
    at += 4;
    const descriptor = data[at++];
    if (descriptor === undefined) throw corrupt('truncated frame header');
    const fcsFlag = descriptor >> 6;
    const singleSegment = (descriptor >> 5) & 1;
    const hasChecksum = (descriptor >> 2) & 1;
    const dictBytes = [0, 1, 2, 4][descriptor & 3] ?? 0;
    if (descriptor & 8) throw corrupt('reserved bit set');
    let window = 0;
    if (!singleSegment) {
      const descriptorByte = data[at++];
      if (descriptorByte === undefined) throw corrupt('truncated frame header');
      const base = 2 ** (10 + (descriptorByte >> 3));
      window = base + (base / 8) * (descriptorByte & 7);
    }
    at += dictBytes;
    const fcsBytes = fcsFlag === 0 ? singleSegment : 1 << fcsFlag;
    if (at + fcsBytes > data.length) throw corrupt('truncated frame header');
    let contentSize = 0;
    for (let i = fcsBytes - 1; i >= 0; i -= 1) contentSize = contentSize * 256 + (data[at + i] ?? 0);
    if (fcsBytes === 2) contentSize += 256;
    at += fcsBytes;
    if (singleSegment) window = contentSize;
    if (window > maxWindowBytes) {
      throw new AnkiError('zstd-window-too-large', { name, size: mb(window), max: mb(maxWindowBytes) });
    }
    declared += contentSize;
    if (declared > maxBytes) throw new AnkiError('zstd-declared-too-large', { name, max: mb(maxBytes) });
    for (;;) {
      if (at + 3 > data.length) throw corrupt('truncated block');
      const header = (data[at] ?? 0) | ((data[at + 1] ?? 0) << 8) | ((data[at + 2] ?? 0) << 16);
      at += 3;
      const last = header & 1;
      const type = (header >> 1) & 3;
      const blockSize = header >>> 3;
      if (type === 3) throw corrupt('reserved block type');
      at += type === 1 ? 1 : blockSize;
      if (at > data.length) throw corrupt('truncated block');
      if (last) break;
    }
    at += hasChecksum * 4;
    if (at > data.length) throw corrupt('truncated checksum');
  }
}

/**
 * Wraps bytes in a valid zstd frame made of raw (stored) blocks: any zstd decoder reads it, nothing is
 * compressed. Used to build current-format packages in tests; the zip around them may still deflate.
 */
export function encodeZstdStored(data: Uint8Array): Buffer {
  const blocks = Math.max(1, Math.ceil(data.length / maxBlockBytes));
  const out = Buffer.alloc(4 + 2 + blocks * 3 + data.length);
  out.writeUInt32LE(zstdMagic, 0);
  out[4] = 0x00; // no content size, no checksum, no dictionary, not single-segment
  out[5] = (17 - 10) << 3; // window 128 KiB: one block
  let at = 6;
  for (let i = 0; i < blocks; i += 1) {
    const start = i * maxBlockBytes;
    const size = Math.min(maxBlockBytes, data.length - start);
    const header = (size << 3) | (0 << 1) | (i === blocks - 1 ? 1 : 0);
    out[at] = header & 0xff;
    out[at + 1] = (header >> 8) & 0xff;
    out[at + 2] = (header >> 16) & 0xff;
    at += 3;
    out.set(data.subarray(start, start + size), at);
    at += size;
  }
  return out;
}

function readU32(data: Uint8Array, at: number): number {
  return ((data[at] ?? 0) | ((data[at + 1] ?? 0) << 8) | ((data[at + 2] ?? 0) << 16) | ((data[at + 3] ?? 0) << 24)) >>> 0;
}
