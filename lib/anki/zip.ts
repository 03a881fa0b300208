import yauzl from 'yauzl';
import { AnkiError } from './errors';
import { mb } from './refusals';
import type { AnkiLimits } from './limits';

/**
 * Unpacks the wanted entries of a zip held in memory. Sizes are counted while inflating (a zip bomb stops at
 * the cap, whatever its headers say) and yauzl checks each entry's real size against its header.
 * Entries the caller does not want are never inflated.
 */
export async function readZip(
  data: Uint8Array,
  limits: AnkiLimits,
  wanted: (name: string) => boolean,
): Promise<Map<string, Buffer>> {
  if (data.byteLength > limits.maxPackageBytes) {
    throw new AnkiError('package-too-large', { size: mb(data.byteLength), max: mb(limits.maxPackageBytes) });
  }
  const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (!looksLikeZip(buffer)) {
    throw new AnkiError('not-zip');
  }
  const zip = await openZip(buffer);
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    throw new AnkiError('zip-too-many-entries', { count: zip.entryCount, max: limits.maxEntries });
  }
  const entries = new Map<string, Buffer>();
  let total = 0;
  let seen = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const fail = (error: unknown) => reject(error);
      zip.on('error', (error: Error) => fail(zipError(error)));
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        seen += 1;
        const name = entry.fileName;
        if (seen > limits.maxEntries) return fail(new AnkiError('zip-entries-over-limit', { max: limits.maxEntries }));
        if (name.endsWith('/') || !wanted(name)) return zip.readEntry();
        if (entries.has(name)) return fail(new AnkiError('zip-entry-twice', { name }));
        if (entry.uncompressedSize > limits.maxEntryBytes) {
          return fail(new AnkiError('zip-entry-too-large', { name, size: mb(entry.uncompressedSize), max: mb(limits.maxEntryBytes) }));
        }
        zip.openReadStream(entry, (error, stream) => {
          if (error || !stream) return fail(zipError(error ?? new Error('no stream')));
          const chunks: Buffer[] = [];
          let size = 0;
          stream.on('data', (chunk: Buffer) => {
            size += chunk.length;
            total += chunk.length;
            if (size > limits.maxEntryBytes || total > limits.maxTotalBytes) {
              stream.destroy();
              fail(size > limits.maxEntryBytes ? new AnkiError('zip-entry-bomb', { name, max: mb(limits.maxEntryBytes) }) : new AnkiError('zip-total-bomb', { max: mb(limits.maxTotalBytes) }));
              return;
            }
            chunks.push(chunk);
          });
          stream.on('error', (streamError: Error) => fail(zipError(streamError)));
          stream.on('end', () => {
            entries.set(name, Buffer.concat(chunks, size));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  return entries;
}

function openZip(buffer: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true, validateEntrySizes: true, decodeStrings: true }, (error, zip) => {
      if (error || !zip) reject(zipError(error ?? new Error('no archive')));
      else resolve(zip);
    });
  });
}

function looksLikeZip(buffer: Buffer): boolean {
  if (buffer.length < 22) return false;
  const signature = buffer.readUInt32LE(0);
  // local file header, or the end-of-central-directory record of an empty archive
  return signature === 0x04034b50 || signature === 0x06054b50;
}

function zipError(error: unknown): AnkiError {
  if (error instanceof AnkiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/absolute path|invalid relative path|invalid characters in fileName/i.test(message)) {
    return new AnkiError('zip-unsafe-entry-name', { detail: message }, { cause: error });
  }
  return new AnkiError('zip-damaged', { detail: message }, { cause: error });
}
