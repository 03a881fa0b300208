import protobuf from 'protobufjs';
import { AnkiError } from './errors';
import type { AnkiErrorCode, AnkiRefusalArgs } from './refusals';

/**
 * The few protobuf messages of Anki's format that a package reader needs, declared by field number exactly as
 * in ankitects/anki proto/anki/import_export.proto, notetypes.proto and decks.proto (proto3). Unknown fields
 * are skipped by the decoder, as prost does.
 */
const root = protobuf.Root.fromJSON({
  nested: {
    PackageMetadata: { fields: { version: { type: 'int32', id: 1 } } },
    MediaEntry: {
      fields: {
        name: { type: 'string', id: 1 },
        size: { type: 'uint32', id: 2 },
        sha1: { type: 'bytes', id: 3 },
        legacyZipFilename: { type: 'uint32', id: 255 },
      },
    },
    MediaEntries: { fields: { entries: { rule: 'repeated', type: 'MediaEntry', id: 1 } } },
    NotetypeConfig: {
      fields: {
        kind: { type: 'int32', id: 1 },
        sortFieldIdx: { type: 'uint32', id: 2 },
        css: { type: 'string', id: 3 },
        latexPre: { type: 'string', id: 5 },
        latexPost: { type: 'string', id: 6 },
      },
    },
    TemplateConfig: {
      fields: {
        qFormat: { type: 'string', id: 1 },
        aFormat: { type: 'string', id: 2 },
      },
    },
    DeckNormal: {
      fields: {
        configId: { type: 'int64', id: 1 },
        description: { type: 'string', id: 4 },
      },
    },
    DeckFiltered: { fields: { reschedule: { type: 'bool', id: 1 } } },
    DeckKindContainer: {
      oneofs: { kind: { oneof: ['normal', 'filtered'] } },
      fields: {
        normal: { type: 'DeckNormal', id: 1 },
        filtered: { type: 'DeckFiltered', id: 2 },
      },
    },
  },
});

/** PackageMetadata.Version: 0 unknown, 1 legacy 1 (collection.anki2), 2 legacy 2 (collection.anki21), 3 latest (collection.anki21b). */
export type PackageMetaVersion = 0 | 1 | 2 | 3;

export interface MediaEntryMessage {
  readonly name: string;
  readonly size: number;
  readonly sha1: Uint8Array;
  readonly legacyZipFilename?: number;
}

export interface NotetypeConfigMessage {
  readonly kind: number;
  readonly css: string;
}

export interface TemplateConfigMessage {
  readonly qFormat: string;
  readonly aFormat: string;
}

export interface DeckKindMessage {
  readonly kind: 'normal' | 'filtered' | 'none';
  readonly description: string;
}

/** Where a config message sits in a collection: its file and the note type's, template's or deck's name. */
export interface ConfigSubject {
  readonly file: string;
  readonly name: string;
}

/** Decodes a message; bytes it cannot decode are refused with `code` (whose template names `typeName`). */
function decode(typeName: string, bytes: Uint8Array, code: AnkiErrorCode, args: AnkiRefusalArgs = {}): protobuf.Message & Record<string, unknown> {
  try {
    return root.lookupType(typeName).decode(bytes) as protobuf.Message & Record<string, unknown>;
  } catch (error) {
    throw new AnkiError(code, { ...args, detail: error instanceof Error ? error.message : String(error) }, { cause: error });
  }
}

export function decodePackageMetadata(bytes: Uint8Array): number {
  const message = decode('PackageMetadata', bytes, 'meta-invalid');
  return typeof message.version === 'number' ? message.version : 0;
}

export function encodePackageMetadata(version: PackageMetaVersion): Uint8Array {
  const type = root.lookupType('PackageMetadata');
  return type.encode(type.create({ version })).finish();
}

export function decodeMediaEntries(bytes: Uint8Array): MediaEntryMessage[] {
  const message = decode('MediaEntries', bytes, 'media-list-invalid');
  const entries = Array.isArray(message.entries) ? (message.entries as Array<Record<string, unknown>>) : [];
  return entries.map((entry) => ({
    name: typeof entry.name === 'string' ? entry.name : '',
    size: typeof entry.size === 'number' ? entry.size : 0,
    sha1: entry.sha1 instanceof Uint8Array ? entry.sha1 : new Uint8Array(),
    // NOTE: `optional uint32` (proto3): protobufjs keeps defaults on the prototype, so only an own property
    // means the field was sent; a missing one must not read as entry "0".
    ...(Object.hasOwn(entry, 'legacyZipFilename') && typeof entry.legacyZipFilename === 'number' ? { legacyZipFilename: entry.legacyZipFilename } : {}),
  }));
}

export function encodeMediaEntries(entries: readonly MediaEntryMessage[]): Uint8Array {
  const type = root.lookupType('MediaEntries');
  return type.encode(type.create({ entries: entries.map((entry) => root.lookupType('MediaEntry').create(entry)) })).finish();
}

export function decodeNotetypeConfig(bytes: Uint8Array, subject: ConfigSubject): NotetypeConfigMessage {
  const message = decode('NotetypeConfig', bytes, 'notetype-config-invalid', { ...subject });
  return { kind: typeof message.kind === 'number' ? message.kind : 0, css: typeof message.css === 'string' ? message.css : '' };
}

export function encodeNotetypeConfig(config: NotetypeConfigMessage): Uint8Array {
  const type = root.lookupType('NotetypeConfig');
  return type.encode(type.create(config)).finish();
}

export function decodeTemplateConfig(bytes: Uint8Array, subject: ConfigSubject): TemplateConfigMessage {
  const message = decode('TemplateConfig', bytes, 'template-config-invalid', { ...subject });
  return {
    qFormat: typeof message.qFormat === 'string' ? message.qFormat : '',
    aFormat: typeof message.aFormat === 'string' ? message.aFormat : '',
  };
}

export function encodeTemplateConfig(config: TemplateConfigMessage): Uint8Array {
  const type = root.lookupType('TemplateConfig');
  return type.encode(type.create(config)).finish();
}

export function decodeDeckKind(bytes: Uint8Array, subject: ConfigSubject): DeckKindMessage {
  const message = decode('DeckKindContainer', bytes, 'deck-kind-invalid', { ...subject });
  if (message.filtered) return { kind: 'filtered', description: '' };
  const normal = message.normal as Record<string, unknown> | undefined;
  if (normal) return { kind: 'normal', description: typeof normal.description === 'string' ? normal.description : '' };
  return { kind: 'none', description: '' };
}

export function encodeDeckKind(kind: { filtered: boolean; description: string }): Uint8Array {
  const type = root.lookupType('DeckKindContainer');
  const value = kind.filtered ? { filtered: { reschedule: true } } : { normal: { configId: 1, description: kind.description } };
  return type.encode(type.create(value)).finish();
}
