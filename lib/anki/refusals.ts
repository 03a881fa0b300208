// Why an Anki file is refused as a whole: a stable code with its arguments, and the English text made from them
// (the API's `error`, which tools read: keep each template's wording). lib/i18n-anki.ts has the Chinese template of
// every code; the import page shows the reader's language. Same style as the skips (skips.ts); no imports but that
// one, because the import page's browser code renders these too.
import { fillSkipTemplate } from './skips';

/** A template, or one per grammatical number, chosen by the argument `count` (1 → `one`). */
export type RefusalTemplate = string | { readonly one: string; readonly other: string };

/** Reading a package or text export (lib/anki: AnkiError). `{name}` is replaced by the argument `name`. */
export const ANKI_READ_REFUSALS_EN = {
  // The zip (zip.ts). Sizes are MiB with one decimal.
  'package-too-large': 'The package is {size} MiB; the limit is {max} MiB.',
  'not-zip': 'This file is not a zip archive, so it is not an Anki package (.apkg/.colpkg).',
  'zip-too-many-entries': 'The package has {count} entries; the limit is {max}.',
  'zip-entries-over-limit': 'The package has more than {max} entries.',
  'zip-entry-twice': 'The package holds "{name}" twice.',
  'zip-entry-too-large': '"{name}" unpacks to {size} MiB; the limit per entry is {max} MiB.',
  'zip-entry-bomb': 'The package unpacks to more than {max} MiB in "{name}".',
  'zip-total-bomb': 'The package unpacks to more than {max} MiB.',
  'zip-unsafe-entry-name': 'The package has an entry with an unsafe name ({detail}).',
  'zip-damaged': 'The package is a damaged or truncated zip archive ({detail}).',
  // zstd inside current packages (zstd.ts)
  'zstd-too-large': '"{name}" decompresses to more than {max} MiB.',
  'zstd-invalid': '"{name}" is not valid zstd data ({detail}).',
  'zstd-window-too-large': '"{name}" asks for a zstd window of {size} MiB; the limit is {max} MiB.',
  'zstd-declared-too-large': '"{name}" declares more than {max} MiB of content.',
  // The package's entries (package.ts, protobuf.ts)
  'collection-missing-current': 'The package has no "{name}" (its "meta" entry names the current format), so it holds no collection.',
  'collection-missing-legacy': 'The package has no "{name}" (its legacy format needs it), so it holds no collection.',
  'unknown-version': "The package's format version ({version}) is unknown: it was made by a newer Anki than this app reads (legacy 1–2 and current 3).",
  'meta-invalid': 'The package\'s "meta" entry is not a valid PackageMetadata message ({detail}).',
  'media-list-invalid': 'The package\'s "media" list is not a valid MediaEntries message ({detail}).',
  'media-list-not-json': 'The package\'s "media" list is not valid JSON.',
  'media-list-not-object': 'The package\'s "media" list is not a JSON object of numbered files.',
  'media-list-bad-entry': 'The package\'s "media" list has an invalid entry ({entry}).',
  'too-many-media': 'The package lists {count} media files; the limit is {max}.',
  'media-name-empty': 'The package names a media file {name}, which is empty.',
  'media-name-too-long': 'The package names a media file {name}, which is longer than 255 bytes.',
  'media-name-path': 'The package names a media file {name}, which contains a path separator or a parent reference.',
  'media-name-drive': 'The package names a media file {name}, which starts with a drive letter.',
  'media-name-control': 'The package names a media file {name}, which contains control characters.',
  'media-missing': 'The package lists media file "{name}" as entry {entry}, which is missing.',
  // The collection: SQLite of Anki's schema (collection.ts, protobuf.ts)
  'collection-not-sqlite': '"{file}" is not an Anki collection (not an SQLite database: {detail}).',
  'collection-unreadable': '"{file}" is not an Anki collection ({detail}).',
  'collection-table-missing': '"{file}" is not an Anki collection (it has no "{table}" table).',
  'collection-table-computed': '"{file}" is not an Anki collection (its "{table}" table has computed columns).',
  'collection-columns-missing': '"{file}" is not an Anki collection (its "{table}" table lacks {columns}).',
  'collection-col-empty': '"{file}" is not an Anki collection (its "col" table is empty).',
  'collection-json-invalid': '"{file}": col.{column} is not the JSON object an Anki collection keeps there.',
  'unsupported-schema': '"{file}" has collection schema {version}; Anki packages use schema {min} to {max}.',
  'too-many-notes': 'The collection has {count} notes; the limit is {max}.',
  'too-many-cards': 'The collection has {count} cards; the limit is {max}.',
  'too-many-reviews': 'The collection has {count} review log rows; the limit is {max}.',
  'too-many-notetypes': 'The collection has {count} note types; the limit is {max}.',
  'too-many-decks': 'The collection has {count} decks; the limit is {max}.',
  'note-too-many-fields': '"{file}": note {note} has {count} fields; the limit is {max}.',
  'notetype-too-many-fields': '"{file}": note type {notetype} has {count} fields; the limit is {max}.',
  'notetype-too-many-templates': '"{file}": note type {notetype} has {count} card templates; the limit is {max}.',
  'notetype-fields-over-limit': '"{file}": note type {notetype} has more than {max} fields.',
  'notetype-templates-over-limit': '"{file}": note type {notetype} has more than {max} card templates.',
  'notetype-config-invalid': '"{file}": note type {name} is not a valid NotetypeConfig message ({detail}).',
  'template-config-invalid': '"{file}": template {name} is not a valid TemplateConfig message ({detail}).',
  'deck-kind-invalid': '"{file}": deck {name} is not a valid DeckKindContainer message ({detail}).',
  // Anki's text export (text.ts)
  'text-too-large': 'The text file is {size} MiB; the limit is {max} MiB.',
  'text-not-utf8': 'The text file is not UTF-8 text.',
  'text-nul': 'The text file contains NUL characters; it is not a text export.',
  'text-invalid-tabs': 'The text file is not valid tab-separated text ({detail}).',
  'text-invalid-separated': 'The text file is not valid separated text ({detail}).',
  'text-too-many-rows': 'The text file has {count} rows; the limit is {max} notes.',
  'text-too-many-columns': 'The text file has rows of {count} columns; the limit is {max} fields.',
  // Writing a package (write.ts, export.ts): our own data breaking an invariant — a bug, never a reader's doing.
  'export-integrity': "The written collection failed SQLite's integrity check ({detail}).",
  'export-invalid': 'Cannot write this package: {detail}.',
} as const satisfies Record<string, RefusalTemplate>;

/** The import as a whole (lib/anki-import, the import route): the upload, the moment, the account. */
export const ANKI_IMPORT_REFUSALS_EN = {
  'not-anki-file': '"{name}" is not an Anki file: import a .apkg or .colpkg package, or a .txt/.csv text export',
  'text-export-too-large': 'the text export is over {max} MiB; export fewer notes at a time, or as an .apkg package',
  'script-in-fields': {
    one: "The file's fields contain script, which this app never runs ({count} note; first: note {note}: {reason}). Nothing was imported: remove it in Anki and export again.",
    other: "The file's fields contain script, which this app never runs ({count} notes; first: note {note}: {reason}). Nothing was imported: remove it in Anki and export again.",
  },
  'no-cards': 'The file holds no cards this app can import.',
  'no-importable-cards': 'The file holds no cards this app can import ({skipped}).',
  'account-gone': 'your account is gone; sign in again',
  'conflict-names-taken': 'the content changed while the package was read (another import or an edit took the same names); import again',
  'conflict-note-edited': 'the card {note} was edited while the package was read; import again',
  'conflict-card-reviewed': 'the card {card} was reviewed (or another import brought its history) while the package was read; import again',
  'upload-too-large': 'the file is over {max} MiB, the largest package this app imports; export fewer decks at a time',
  'upload-empty': 'send the Anki file (.apkg, .colpkg, .txt or .csv) as the request body',
  'bad-flag': '{name} is 0 or 1',
  'import-busy': 'another import is running; try again when it has finished',
  'import-too-slow': 'the import took longer than {seconds} s and was stopped; nothing was changed',
} as const satisfies Record<string, RefusalTemplate>;

export const ANKI_REFUSALS_EN: Readonly<Record<AnkiRefusalCode, RefusalTemplate>> = { ...ANKI_READ_REFUSALS_EN, ...ANKI_IMPORT_REFUSALS_EN };

/** Why lib/anki refuses a file (AnkiError's code). */
export type AnkiErrorCode = keyof typeof ANKI_READ_REFUSALS_EN;
/** Every refusal of an import: lib/anki's, and the import's own. */
export type AnkiRefusalCode = AnkiErrorCode | keyof typeof ANKI_IMPORT_REFUSALS_EN;
export type AnkiRefusalArgs = Readonly<Record<string, string | number>>;

/** A refusal as the API answers it, beside its English `error`. */
export interface AnkiRefusal {
  readonly code: AnkiRefusalCode;
  readonly args: AnkiRefusalArgs;
}

/** Longest text argument kept (library messages and names from the file; today's tighter caps stay where they are). */
export const maxRefusalArgChars = 300;

/** `args` with every text clipped to `maxRefusalArgChars`. */
export function clipRefusalArgs(args: AnkiRefusalArgs): AnkiRefusalArgs {
  return Object.fromEntries(Object.entries(args).map(([name, value]) => [name, typeof value === 'string' && value.length > maxRefusalArgChars ? `${value.slice(0, maxRefusalArgChars)}…` : value]));
}

/** A size in bytes as the templates show it: MiB with one decimal ('256.0'). */
export function mb(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}

/** The template for `args`: a plural template's `one` when `args.count` is 1, else its `other`. */
export function pickRefusalTemplate(template: RefusalTemplate, args: AnkiRefusalArgs): string {
  return typeof template === 'string' ? template : args.count === 1 ? template.one : template.other;
}

/**
 * The English text of a refusal.
 * Example: refusalMessage('zip-too-many-entries', { count: 50, max: 20 }) → 'The package has 50 entries; the limit is 20.'
 */
export function refusalMessage(code: AnkiRefusalCode, args: AnkiRefusalArgs = {}): string {
  return fillSkipTemplate(pickRefusalTemplate(ANKI_REFUSALS_EN[code], args), args);
}
