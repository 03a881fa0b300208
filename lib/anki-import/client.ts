/**
 * The server's side of the Anki worker: each import or export runs in a fresh worker thread
 * (dist/anki-worker.mjs) that ends with its task, so the thread answering requests only streams the upload in
 * and the answer out. One import at a time per process: a second one meanwhile is refused with 409 (and the
 * worker's write transaction excludes every other import's, whichever process runs it: lib/anki-import/store.ts).
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ExportInput } from '../anki';
import { databaseUrl } from '../database-url';
import { HttpError } from '../http';
import { ImportRefusedError } from './errors';
import type { AnkiTask, AnkiTaskValue, AnkiWorkerReply, PackedImage } from './protocol';
import type { ImportSummary } from './types';

/** An import is cut off after this long (the budget for a 10,000-note package is 30 s). */
const importDeadlineMs = 5 * 60 * 1000;
const exportDeadlineMs = 2 * 60 * 1000;

/** Where the bundled worker is: `ANKI_WORKER_FILE`, else dist/anki-worker.mjs in the app's folder. */
function workerFile(): string {
  return process.env.ANKI_WORKER_FILE ?? path.join(/* turbopackIgnore: true */ process.cwd(), 'dist', 'anki-worker.mjs');
}

function runTask(task: AnkiTask, transfer: ArrayBuffer[], deadlineMs: number, tooSlow: () => Error): Promise<AnkiTaskValue> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerFile(), { workerData: task, transferList: transfer });
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
      void worker.terminate();
    };
    const timer = setTimeout(() => finish(() => reject(tooSlow())), deadlineMs);
    worker.on('message', (reply: AnkiWorkerReply) =>
      finish(() => {
        if (reply.kind === 'done') resolve(reply.value);
        else if (reply.kind === 'refused') reject(new ImportRefusedError(reply.status, reply.code, reply.args, reply.problems));
        else reject(new Error(`anki worker: ${reply.message}`));
      }),
    );
    worker.on('error', (error) => finish(() => reject(error)));
    worker.on('exit', (code) => finish(() => reject(new Error(`anki worker stopped (exit code ${code})`))));
  });
}

// NOTE: on globalThis, because Next may load this module once per route bundle; one import per process.
const lockKey = Symbol.for('ml-study.anki-import-busy');
const holder = globalThis as typeof globalThis & { [lockKey]?: boolean };

/**
 * Imports (or, with `dryRun`, plans) an Anki upload for `userId`. The one-import lock is taken before the body is
 * read, so a second upload meanwhile is refused (409) at once instead of after its whole file has arrived.
 */
export async function importAnki(input: { readBody: () => Promise<Uint8Array>; filename: string; history: boolean; dryRun: boolean; userId: string; now: Date }): Promise<ImportSummary> {
  if (holder[lockKey]) throw new ImportRefusedError(409, 'import-busy');
  holder[lockKey] = true;
  try {
    const body = await input.readBody();
    if (body.byteLength === 0) throw new ImportRefusedError(400, 'upload-empty');
    // NOTE: the bytes move to the worker (transferred, not copied); a view into a shared pool is copied first.
    const bytes = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength ? body : body.slice();
    const value = await runTask(
      {
        op: 'import',
        job: { bytes, filename: input.filename, history: input.history, dryRun: input.dryRun, userId: input.userId, databaseUrl: databaseUrl(), nowMs: input.now.getTime() },
      },
      [bytes.buffer as ArrayBuffer],
      importDeadlineMs,
      () => new ImportRefusedError(503, 'import-too-slow', { seconds: importDeadlineMs / 1000 }),
    );
    if (value.op !== 'import') throw new Error('anki worker answered another task');
    return value.summary;
  } finally {
    holder[lockKey] = false;
  }
}

/** Builds and writes an article's `.apkg` in the worker (a large article's package takes seconds to make). */
export async function exportApkgInWorker(input: ExportInput, images: readonly PackedImage[]): Promise<Buffer> {
  const tooSlow = () => new HttpError(503, `the export took longer than ${exportDeadlineMs / 1000} s and was stopped; nothing was changed`);
  const value = await runTask({ op: 'export', input, images }, [], exportDeadlineMs, tooSlow);
  if (value.op !== 'export') throw new Error('anki worker answered another task');
  return Buffer.from(value.bytes.buffer, value.bytes.byteOffset, value.bytes.byteLength);
}
