/**
 * Work caps for reading Anki packages and text exports. Everything a package drives is bounded here, in one
 * place: the zip's entry count and unpacked sizes (counted while streaming, never taken from headers), the
 * zstd window, the collection's row counts and the width of a note.
 */
export interface AnkiLimits {
  /** Largest package (the zip itself) accepted, in bytes. */
  readonly maxPackageBytes: number;
  /** Most zip entries (collection, meta, media list and one per media file). */
  readonly maxEntries: number;
  /** Largest unpacked size of one entry, and of one zstd-decompressed entry, in bytes. */
  readonly maxEntryBytes: number;
  /** Largest unpacked size of all entries together (after zstd where used), in bytes. */
  readonly maxTotalBytes: number;
  /** Largest zstd window a frame may ask for, in bytes (the decoder allocates it). */
  readonly maxZstdWindowBytes: number;
  readonly maxNotes: number;
  readonly maxCards: number;
  readonly maxRevlog: number;
  readonly maxDecks: number;
  readonly maxNotetypes: number;
  /** Most fields in a note type (and in a note). */
  readonly maxFields: number;
  /** Most card templates in a note type. */
  readonly maxTemplates: number;
  /** Largest field, in characters (before sanitising). */
  readonly maxFieldChars: number;
  /** Most media files. */
  readonly maxMedia: number;
  /** Largest text export (`.txt`/`.csv`), in bytes. */
  readonly maxTextBytes: number;
}

const MiB = 1024 * 1024;

export const defaultAnkiLimits: AnkiLimits = {
  maxPackageBytes: 256 * MiB,
  maxEntries: 20_000,
  maxEntryBytes: 256 * MiB,
  maxTotalBytes: 768 * MiB,
  maxZstdWindowBytes: 64 * MiB,
  maxNotes: 200_000,
  maxCards: 400_000,
  maxRevlog: 2_000_000,
  maxDecks: 2_000,
  maxNotetypes: 500,
  maxFields: 64,
  maxTemplates: 32,
  maxFieldChars: 512 * 1024,
  maxMedia: 19_000,
  maxTextBytes: 32 * MiB,
};

export function withLimits(overrides: Partial<AnkiLimits> | undefined): AnkiLimits {
  return { ...defaultAnkiLimits, ...overrides };
}
