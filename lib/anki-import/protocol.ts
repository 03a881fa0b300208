// Messages between the server and the Anki worker thread (lib/anki-import/worker.ts). Plain data only.
import type { AnkiRefusalArgs, AnkiRefusalCode, ExportInput } from '../anki';
import type { ImportRefusedError } from './errors';
import type { ImportJob } from './run';
import type { ImportSkip, ImportSummary } from './types';

export type AnkiTask =
  | { readonly op: 'import'; readonly job: ImportJob }
  | { readonly op: 'export'; readonly input: ExportInput; readonly images: readonly PackedImage[] };

/** One of our stored images an export packs, under the file name the exported fields use. */
export interface PackedImage {
  readonly sha256: string;
  readonly name: string;
  readonly bytes: Uint8Array;
}

export type AnkiTaskValue = { readonly op: 'import'; readonly summary: ImportSummary } | { readonly op: 'export'; readonly bytes: Uint8Array };

export type AnkiWorkerReply =
  | { readonly kind: 'done'; readonly value: AnkiTaskValue }
  | { readonly kind: 'refused'; readonly status: ImportRefusedError['status']; readonly code: AnkiRefusalCode; readonly args: AnkiRefusalArgs; readonly problems: readonly ImportSkip[] }
  | { readonly kind: 'failed'; readonly message: string };
