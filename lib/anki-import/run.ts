// One Anki import from start to end: read the upload (package or text export), plan it against the database,
// then either answer the summary (dry run) or write it in one transaction. Runs in the import worker thread
// (lib/anki-import/worker.ts) on a database connection of its own (lib/anki-import/store.ts), never the server's.
import { AnkiError, defaultAnkiLimits, readAnkiPackage, readAnkiText, type AnkiCollection, type AnkiLimits } from '../anki';
import { buildImport } from './plan';
import { ImportConflictError, openImportStore } from './store';
import { ImportRefusedError, maxUploadBytes } from './errors';
import { maxListedSkips, type ImportSkip, type ImportSummary } from './types';

export interface ImportJob {
  readonly bytes: Uint8Array;
  /** The uploaded file's name: its extension says package (.apkg, .colpkg) or text export (.txt, .csv, .tsv). */
  readonly filename: string;
  readonly history: boolean;
  readonly dryRun: boolean;
  readonly userId: string;
  /** The app's DATABASE_URL (normalised: lib/database-url.ts): a SQLite file or a PostgreSQL database. */
  readonly databaseUrl: string;
  readonly nowMs: number;
}


/** What one import may bring in: enough for a large personal collection, bounded so one import stays well under a minute. */
export const importLimits: Partial<AnkiLimits> = {
  maxPackageBytes: maxUploadBytes,
  maxNotes: 50_000,
  maxCards: 100_000,
  maxRevlog: 1_000_000,
};

function kindOf(filename: string, bytes: Uint8Array): 'package' | 'text' {
  const extension = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase();
  if (extension === 'apkg' || extension === 'colpkg') return 'package';
  if (extension === 'txt' || extension === 'csv' || extension === 'tsv') return 'text';
  if (extension) throw new ImportRefusedError(400, 'not-anki-file', { name: filename.slice(0, 80) });
  return bytes[0] === 0x50 && bytes[1] === 0x4b ? 'package' : 'text';
}

async function readUpload(job: ImportJob): Promise<AnkiCollection> {
  const kind = kindOf(job.filename, job.bytes);
  const maxText = defaultAnkiLimits.maxTextBytes;
  if (kind === 'text' && job.bytes.byteLength > maxText) {
    throw new ImportRefusedError(413, 'text-export-too-large', { max: maxText / 1048576 });
  }
  try {
    if (kind === 'package') return await readAnkiPackage(job.bytes, { filename: job.filename, limits: importLimits });
    return readAnkiText(job.bytes, { filename: job.filename, limits: importLimits });
  } catch (error) {
    // NOTE: a package that unpacks past the caps (a zip bomb) is a bad file, not a large upload: 400.
    if (error instanceof AnkiError) throw new ImportRefusedError(400, error.code, error.args);
    throw error;
  }
}

function listSkips(skipped: readonly ImportSkip[]): { skipped: ImportSkip[]; skippedTotal: number } {
  return { skipped: skipped.slice(0, maxListedSkips), skippedTotal: skipped.length };
}

/** Runs one import job; throws ImportRefusedError for anything the upload or the moment is to blame for. */
export async function runImport(job: ImportJob): Promise<ImportSummary> {
  const started = performance.now();
  const collection = await readUpload(job);
  if (collection.activeContent.length > 0) {
    const first = collection.activeContent[0]!;
    // NOTE: `reason` is the first problem's English text; the import page shows problems[0] in the reader's language.
    const args = { count: collection.activeContent.length, note: first.id, reason: first.reason };
    throw new ImportRefusedError(400, 'script-in-fields', args, collection.activeContent.slice(0, maxListedSkips));
  }
  const store = await openImportStore(job.databaseUrl);
  try {
    const user = await store.user(job.userId);
    if (!user) throw new ImportRefusedError(409, 'account-gone');
    const { changes, outcome } = await buildImport(collection, { history: job.history, nowMs: job.nowMs, lookup: store.lookup(job.userId, user.settings) });
    if (outcome.notes.created + outcome.notes.updated + outcome.notes.unchanged === 0) {
      const problems = outcome.skipped.slice(0, maxListedSkips);
      if (problems.length === 0) throw new ImportRefusedError(400, 'no-cards');
      // NOTE: `skipped` is the first three problems in English; the import page renders them in the reader's language.
      const skipped = problems.slice(0, 3).map((skip) => `${skip.what} ${skip.id}: ${skip.reason}`).join('; ');
      throw new ImportRefusedError(400, 'no-importable-cards', { skipped }, problems);
    }
    if (!job.dryRun) {
      try {
        await store.apply(changes, job.userId, job.nowMs);
      } catch (error) {
        if (error instanceof ImportConflictError) throw new ImportRefusedError(409, error.code, error.args);
        throw error;
      }
    }
    return { ...outcome, ...listSkips(outcome.skipped), dryRun: job.dryRun, elapsedMs: Math.round(performance.now() - started) };
  } finally {
    await store.close();
  }
}
