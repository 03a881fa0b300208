import { readCollectionBytes } from './collection';
import { AnkiError } from './errors';
import { type AnkiLimits, withLimits } from './limits';
import type { AnkiCollection, AnkiMedia, AnkiPackageVersion, AnkiSkip } from './model';
import { decodeMediaEntries, decodePackageMetadata } from './protobuf';
import { readZip } from './zip';
import { decompressZstd } from './zstd';
import { ankiSkip } from './skips';

export interface ReadPackageOptions {
  /** The uploaded file's name: `.colpkg` marks a whole-collection package, anything else is read as `.apkg`. */
  readonly filename?: string;
  readonly limits?: Partial<AnkiLimits>;
}

const collectionFiles: Record<AnkiPackageVersion, string> = {
  legacy1: 'collection.anki2',
  legacy2: 'collection.anki21',
  latest: 'collection.anki21b',
};

/**
 * Reads an `.apkg` or `.colpkg` the way Anki does (rslib/src/import_export/package/meta.rs, media.rs):
 * the `meta` entry (PackageMetadata) names the version; without it, `collection.anki21` means legacy 2 and
 * otherwise `collection.anki2` legacy 1. Latest packages zstd-compress the collection, the media list
 * (protobuf MediaEntries, whose position is the zip entry name) and every media file; legacy ones keep a JSON
 * map `{"0": "name.jpg"}` and plain files. Media names are checked to be plain file names and stay opaque keys.
 */
export async function readAnkiPackage(data: Uint8Array, options: ReadPackageOptions = {}): Promise<AnkiCollection> {
  const limits = withLimits(options.limits);
  const wanted = (name: string) => name === 'meta' || name === 'media' || /^collection\.anki2(1b?)?$/.test(name) || /^\d{1,9}$/.test(name);
  const entries = await readZip(data, limits, wanted);

  const version = packageVersion(entries);
  const collectionName = collectionFiles[version];
  const stored = entries.get(collectionName);
  if (!stored) {
    throw new AnkiError('missing-collection', `The package has no "${collectionName}" (its ${version === 'latest' ? '"meta" entry names the current format' : 'legacy format needs it'}), so it holds no collection.`);
  }
  let budget = limits.maxTotalBytes;
  const unpack = (bytes: Buffer, what: string): Buffer => {
    if (version !== 'latest') return bytes;
    const out = decompressZstd(bytes, what, Math.min(limits.maxEntryBytes, budget), limits.maxZstdWindowBytes);
    budget -= out.length;
    return out;
  };
  const collectionBytes = unpack(stored, collectionName);
  const collection = readCollectionBytes(collectionBytes, `"${collectionName}"`, limits);
  const skipped: AnkiSkip[] = [...collection.skipped];
  const media = readMedia(entries, version, limits, unpack, skipped);
  return {
    source: options.filename?.toLowerCase().endsWith('.colpkg') ? 'colpkg' : 'apkg',
    version,
    schemaVersion: collection.schemaVersion,
    createdSecs: collection.createdSecs,
    decks: collection.decks,
    notetypes: collection.notetypes,
    notes: collection.notes,
    cards: collection.cards,
    revlog: collection.revlog,
    media,
    skipped,
    activeContent: collection.activeContent,
  };
}

function packageVersion(entries: Map<string, Buffer>): AnkiPackageVersion {
  const meta = entries.get('meta');
  if (!meta) return entries.has('collection.anki21') ? 'legacy2' : 'legacy1';
  const version = decodePackageMetadata(meta);
  if (version === 1) return 'legacy1';
  if (version === 2) return 'legacy2';
  if (version === 3) return 'latest';
  throw new AnkiError('unknown-version', `The package's format version (${version}) is unknown: it was made by a newer Anki than this app reads (legacy 1–2 and current 3).`);
}

function readMedia(
  entries: Map<string, Buffer>,
  version: AnkiPackageVersion,
  limits: AnkiLimits,
  unpack: (bytes: Buffer, what: string) => Buffer,
  skipped: AnkiSkip[],
): AnkiMedia[] {
  const list = entries.get('media');
  if (!list) return [];
  const named: { name: string; entry: string }[] = [];
  if (version === 'latest') {
    decodeMediaEntries(unpack(list, 'media')).forEach((entry, index) => {
      named.push({ name: entry.name, entry: String(entry.legacyZipFilename ?? index) });
    });
  } else {
    let map: unknown;
    try {
      map = JSON.parse(list.toString('utf8'));
    } catch (error) {
      throw new AnkiError('corrupt-metadata', 'The package\'s "media" list is not valid JSON.', { cause: error });
    }
    if (typeof map !== 'object' || map === null || Array.isArray(map)) {
      throw new AnkiError('corrupt-metadata', 'The package\'s "media" list is not a JSON object of numbered files.');
    }
    for (const [key, value] of Object.entries(map as Record<string, unknown>)) {
      if (!/^\d{1,9}$/.test(key) || typeof value !== 'string') {
        throw new AnkiError('corrupt-metadata', `The package's "media" list has an invalid entry (${JSON.stringify(key).slice(0, 40)}).`);
      }
      named.push({ name: value, entry: key });
    }
  }
  if (named.length > limits.maxMedia) throw new AnkiError('too-many-entries', `The package lists ${named.length} media files; the limit is ${limits.maxMedia}.`);
  const media: AnkiMedia[] = [];
  const seen = new Set<string>();
  for (const { name, entry } of named) {
    const problem = mediaNameProblem(name);
    if (problem) throw new AnkiError('unsafe-media-name', `The package names a media file ${JSON.stringify(name.slice(0, 80))}, which ${problem}.`);
    const bytes = entries.get(entry);
    if (!bytes) throw new AnkiError('missing-media', `The package lists media file "${name}" as entry ${entry}, which is missing.`);
    if (seen.has(name)) {
      skipped.push(ankiSkip('media', name, 'media-listed-twice'));
      continue;
    }
    seen.add(name);
    media.push({ name, bytes: unpack(bytes, name) });
  }
  return media;
}

/**
 * Why a media name is not a plain file name, or null when it is. Names are keys, never paths: separators,
 * `.`/`..`, drive prefixes, control characters and over-long names are refused.
 * Example: mediaNameProblem('../x.png') → 'contains a path separator or a parent reference'.
 */
export function mediaNameProblem(name: string): string | null {
  if (name.length === 0) return 'is empty';
  if (Buffer.byteLength(name, 'utf8') > 255) return 'is longer than 255 bytes';
  if (name === '.' || name === '..' || /[/\\]/.test(name)) return 'contains a path separator or a parent reference';
  if (/^[a-zA-Z]:/.test(name)) return 'starts with a drive letter';
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(name)) return 'contains control characters';
  return null;
}
