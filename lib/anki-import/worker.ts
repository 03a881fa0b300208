/**
 * The Anki worker: one worker thread per import or export (bundled into dist/anki-worker.mjs by
 * scripts/bundle.mjs), so unzipping, reading SQLite, sanitising, replaying reviews and writing the database or
 * the package never run on the thread that answers requests. It gets its task as workerData, answers one
 * message and ends.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { exportPackage } from './export-package';
import type { AnkiTask, AnkiWorkerReply } from './protocol';
import { ImportRefusedError } from './errors';
import { runImport } from './run';

const port = parentPort;
if (!port) throw new Error('anki-worker.mjs runs as a worker thread (lib/anki-import/client.ts starts it)');

async function perform(task: AnkiTask): Promise<AnkiWorkerReply> {
  try {
    if (task.op === 'import') return { kind: 'done', value: { op: 'import', summary: await runImport(task.job) } };
    return { kind: 'done', value: { op: 'export', bytes: await exportPackage(task.input, task.images) } };
  } catch (error) {
    if (error instanceof ImportRefusedError) return { kind: 'refused', status: error.status, code: error.code, args: error.args, problems: error.problems };
    console.error('anki worker:', error);
    return { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
}

void perform(workerData as AnkiTask).then((reply) => {
  const transfer = reply.kind === 'done' && reply.value.op === 'export' ? [reply.value.bytes.buffer as ArrayBuffer] : [];
  port.postMessage(reply, transfer);
});
