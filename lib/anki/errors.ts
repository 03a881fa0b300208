import { clipRefusalArgs, refusalMessage, type AnkiErrorCode, type AnkiRefusalArgs } from './refusals';

export type { AnkiErrorCode } from './refusals';

/**
 * The one error class of lib/anki: every failure to read untrusted input (or to write a package) is one of these,
 * with a stable code, its arguments, and the English message they make (refusals.ts holds every code's template).
 */
export class AnkiError extends Error {
  readonly code: AnkiErrorCode;
  readonly args: AnkiRefusalArgs;

  constructor(code: AnkiErrorCode, args: AnkiRefusalArgs = {}, options?: { cause?: unknown }) {
    const clipped = clipRefusalArgs(args);
    super(refusalMessage(code, clipped), options);
    this.name = 'AnkiError';
    this.code = code;
    this.args = clipped;
  }
}

export function isAnkiError(value: unknown): value is AnkiError {
  return value instanceof AnkiError;
}
