import { clipRefusalArgs, refusalMessage, type AnkiRefusal, type AnkiRefusalArgs, type AnkiRefusalCode } from '../anki/refusals';
import type { ImportSkip } from './types';

/** Largest upload, in bytes (the route refuses more with 413 before reading it all). */
export const maxUploadBytes = 256 * 1024 * 1024;

/**
 * An import refused for what the upload holds or for the moment it came: a status for the route, a stable code
 * with its arguments (the import page shows them in the reader's language: lib/i18n-anki.ts) and their English
 * message (the API's `error`).
 */
export class ImportRefusedError extends Error implements AnkiRefusal {
  readonly args: AnkiRefusalArgs;

  constructor(
    readonly status: 400 | 409 | 413 | 503,
    readonly code: AnkiRefusalCode,
    args: AnkiRefusalArgs = {},
    readonly problems: readonly ImportSkip[] = [],
  ) {
    const clipped = clipRefusalArgs(args);
    super(refusalMessage(code, clipped));
    this.name = 'ImportRefusedError';
    this.args = clipped;
  }
}
