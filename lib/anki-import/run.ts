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
  if (extension) throw new ImportRefusedError(400, `"${filename.slice(0, 80)}" is not an Anki file: import a .apkg or .colpkg package, or a .txt/.csv text export`);
  return bytes[0] === 0x50 && bytes[1] === 0x4b ? 'package' : 'text';
}

async function readUpload(job: ImportJob): Promise<AnkiCollection> {
  const kind = kindOf(job.filename, job.bytes);
  const maxText = defaultAnkiLimits.maxTextBytes;
  if (kind === 'text' && job.bytes.byteLength > maxText) {
    throw new ImportRefusedError(413, `the text export is over ${maxText / 1048576} MiB; export fewer notes at a time, or as an .apkg package`);
  }
  try {
    if (kind === 'package') return await readAnkiPackage(job.bytes, { filename: job.filename, limits: importLimits });
    return readAnkiText(job.bytes, { filename: job.filename, limits: importLimits });
  } catch (error) {
    // NOTE: a package that unpacks past the caps (a zip bomb) is a bad file, not a large upload: 400.
    if (error instanceof AnkiError) throw new ImportRefusedError(400, error.message);
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
    throw new ImportRefusedError(
      400,
      `The file's fields contain script, which this app never runs (${collection.activeContent.length} ${collection.activeContent.length === 1 ? 'note' : 'notes'}; first: note ${first.id}: ${first.reason}). Nothing was imported: remove it in Anki and export again.`,
      collection.activeContent.slice(0, maxListedSkips),
    );
  }
  const store = await openImportStore(job.databaseUrl);
  try {
    const user = await store.user(job.userId);
    if (!user) throw new ImportRefusedError(409, 'your account is gone; sign in again');
    const { changes, outcome } = await buildImport(collection, { history: job.history, nowMs: job.nowMs, lookup: store.lookup(job.userId, user.settings) });
    if (outcome.notes.created + outcome.notes.updated + outcome.notes.unchanged === 0) {
      const reasons = outcome.skipped.slice(0, 3).map((skip) => `${skip.what} ${skip.id}: ${skip.reason}`).join('; ');
      throw new ImportRefusedError(400, `The file holds no cards this app can import${reasons ? ` (${reasons})` : ''}.`, outcome.skipped.slice(0, maxListedSkips));
    }
    if (!job.dryRun) {
      try {
        await store.apply(changes, job.userId, job.nowMs);
      } catch (error) {
        if (error instanceof ImportConflictError) throw new ImportRefusedError(409, error.message);
        throw error;
      }
    }
    return { ...outcome, ...listSkips(outcome.skipped), dryRun: job.dryRun, elapsedMs: Math.round(performance.now() - started) };
  } finally {
    await store.close();
  }
}
