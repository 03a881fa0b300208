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
    throw new AnkiError(version === 'latest' ? 'collection-missing-current' : 'collection-missing-legacy', { name: collectionName });
  }
  let budget = limits.maxTotalBytes;
  const unpack = (bytes: Buffer, what: string): Buffer => {
    if (version !== 'latest') return bytes;
    const out = decompressZstd(bytes, what, Math.min(limits.maxEntryBytes, budget), limits.maxZstdWindowBytes);
    budget -= out.length;
    return out;
  };
  const collectionBytes = unpack(stored, collectionName);
  const collection = readCollectionBytes(collectionBytes, collectionName, limits);
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
  throw new AnkiError('unknown-version', { version });
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
      throw new AnkiError('media-list-not-json', {}, { cause: error });
    }
    if (typeof map !== 'object' || map === null || Array.isArray(map)) {
      throw new AnkiError('media-list-not-object');
    }
    for (const [key, value] of Object.entries(map as Record<string, unknown>)) {
      if (!/^\d{1,9}$/.test(key) || typeof value !== 'string') {
        throw new AnkiError('media-list-bad-entry', { entry: JSON.stringify(key).slice(0, 40) });
      }
      named.push({ name: value, entry: key });
    }
  }
  if (named.length > limits.maxMedia) throw new AnkiError('too-many-media', { count: named.length, max: limits.maxMedia });
  const media: AnkiMedia[] = [];
  const seen = new Set<string>();
  for (const { name, entry } of named) {
    const problem = mediaNameProblem(name);
    if (problem) throw new AnkiError(`media-name-${problem}`, { name: JSON.stringify(name.slice(0, 80)) });
    const bytes = entries.get(entry);
    if (!bytes) throw new AnkiError('media-missing', { name, entry });
    if (seen.has(name)) {
      skipped.push(ankiSkip('media', name, 'media-listed-twice'));
      continue;
    }
    seen.add(name);
    media.push({ name, bytes: unpack(bytes, name) });
  }
  return media;
}

/** What makes a media name unsafe (the refusal is `media-name-<problem>`). */
export type MediaNameProblem = 'empty' | 'too-long' | 'path' | 'drive' | 'control';

/**
 * Why a media name is not a plain file name, or null when it is. Names are keys, never paths: separators,
 * `.`/`..`, drive prefixes, control characters and names over 255 bytes are refused.
 * Example: mediaNameProblem('../x.png') → 'path' (a path separator or a parent reference).
 */
export function mediaNameProblem(name: string): MediaNameProblem | null {
  if (name.length === 0) return 'empty';
  if (Buffer.byteLength(name, 'utf8') > 255) return 'too-long';
  if (name === '.' || name === '..' || /[/\\]/.test(name)) return 'path';
  if (/^[a-zA-Z]:/.test(name)) return 'drive';
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(name)) return 'control';
  return null;
}
