import type { ImportSkip } from './types';

/** Largest upload, in bytes (the route refuses more with 413 before reading it all). */
export const maxUploadBytes = 256 * 1024 * 1024;

/** An import refused for what the upload holds or for the moment it came: a status for the route and a message for a person. */
export class ImportRefusedError extends Error {
  constructor(
    readonly status: 400 | 409 | 413,
    message: string,
    readonly problems: readonly ImportSkip[] = [],
  ) {
    super(message);
    this.name = 'ImportRefusedError';
  }
}
