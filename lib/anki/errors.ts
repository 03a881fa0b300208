/** Why an Anki package or text export could not be read (or written). Stable codes: the import route maps them to 4xx. */
export type AnkiErrorCode =
  | 'not-zip'
  | 'corrupt-zip'
  | 'too-large'
  | 'too-many-entries'
  | 'unknown-version'
  | 'missing-collection'
  | 'corrupt-zstd'
  | 'corrupt-metadata'
  | 'unsafe-media-name'
  | 'missing-media'
  | 'not-anki-collection'
  | 'unsupported-schema'
  | 'too-many-fields'
  | 'too-many-rows'
  | 'bad-text'
  | 'bad-export';

/** The one error class of lib/anki: every failure to read untrusted input is one of these, with a code and a message a person can act on. */
export class AnkiError extends Error {
  readonly code: AnkiErrorCode;

  constructor(code: AnkiErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AnkiError';
    this.code = code;
  }
}

export function isAnkiError(value: unknown): value is AnkiError {
  return value instanceof AnkiError;
}
