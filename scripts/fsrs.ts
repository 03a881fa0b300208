// The scheduler prediction CLI (DESIGN.md, "Scheduler prediction interface"):
//
//   npm run -s fsrs -- predict --train TRAIN.csv --test TEST.csv
//
// Fits a recall model on TRAIN (FSRS-6 weights by fsrs-rs, plus a boosted correction learnt by
// cross-fitting; see lib/fsrs-optimizer.ts), then prints CSV `card_id,review_time,p_recall` for every
// TEST review that has an earlier TEST review of the same card, predicted from that card's earlier
// TEST reviews only. Rows come out in TEST file order. Malformed rows are skipped with a warning on
// stderr; an empty or tiny TRAIN falls back to plain FSRS-6 with default weights. Exit 2 for usage
// errors and unreadable files.
import fs from 'node:fs';
import { parseRevlogCsv, predictRevlog, revlogReviewsByCard, type RevlogRow, type RevlogWarning } from '../engine/scheduler';
import { fitRecallModel } from '../lib/fsrs-optimizer';

const USAGE = 'usage: npm run -s fsrs -- predict --train TRAIN.csv --test TEST.csv';
const MAX_WARNINGS_SHOWN = 20;

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): { train: string; test: string } {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') throw new UsageError(USAGE);
  if (command !== 'predict') throw new UsageError(`unknown command ${JSON.stringify(command)}\n${USAGE}`);
  const flags = new Map<string, string>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? '';
    const match = /^--(train|test)(?:=(.*))?$/.exec(arg);
    if (!match) throw new UsageError(`unexpected argument ${JSON.stringify(arg)}\n${USAGE}`);
    const name = match[1] as string;
    const value = match[2] ?? rest[++i];
    if (value === undefined || value === '' || (match[2] === undefined && value.startsWith('--'))) {
      throw new UsageError(`--${name} needs a file\n${USAGE}`);
    }
    if (flags.has(name)) throw new UsageError(`--${name} given twice\n${USAGE}`);
    flags.set(name, value);
  }
  const train = flags.get('train');
  const test = flags.get('test');
  if (train === undefined || test === undefined) {
    throw new UsageError(`missing ${[train === undefined ? '--train' : '', test === undefined ? '--test' : ''].filter(Boolean).join(' and ')}\n${USAGE}`);
  }
  return { train, test };
}

function readRevlog(file: string, label: 'TRAIN' | 'TEST'): readonly RevlogRow[] {
  let text: string;
  try {
    if (!fs.statSync(file).isFile()) throw new UsageError(`${label} file ${file} is not a file`);
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read (${(error as Error).message})`;
    throw new UsageError(`${label} file ${file} ${reason}`);
  }
  const parsed = parseRevlogCsv(text);
  if (parsed.kind === 'invalid') throw new UsageError(`${label} file ${file}: ${parsed.message}`);
  report(label, file, parsed.warnings);
  return parsed.rows;
}

function report(label: string, file: string, warnings: readonly RevlogWarning[]): void {
  for (const w of warnings.slice(0, MAX_WARNINGS_SHOWN)) process.stderr.write(`warning: ${label} ${file}:${w.line}: ${w.message}\n`);
  if (warnings.length > MAX_WARNINGS_SHOWN) {
    process.stderr.write(`warning: ${label} ${file}: ${warnings.length - MAX_WARNINGS_SHOWN} more warnings not shown\n`);
  }
}

async function main(argv: readonly string[]): Promise<void> {
  const { train, test } = parseArgs(argv);
  const trainRows = readRevlog(train, 'TRAIN');
  const testRows = readRevlog(test, 'TEST');
  const trainHistory = revlogReviewsByCard(trainRows);
  const midway = [...trainHistory.values()].filter((r) => r[0]?.state === 'review' || r[0]?.state === 'relearning').length;
  if (midway > 0) {
    process.stderr.write(
      `note: ${midway} of ${trainHistory.size} TRAIN cards start mid-history (first review_state 2 or 3); ` +
        'like fsrs-rs, the fit skips them until a reset\n',
    );
  }
  const { model, report: fit } = await fitRecallModel(trainHistory);
  if (fit.cards < 10) process.stderr.write(`note: TRAIN has ${fit.cards} cards; predicting with ${trainRows.length === 0 ? 'default' : 'barely fitted'} FSRS-6 weights\n`);
  const lines = ['card_id,review_time,p_recall'];
  for (const { row, pRecall } of predictRevlog(testRows, model)) {
    lines.push(`${csvField(row.cardId)},${row.reviewTimeMs},${pRecall.toFixed(6)}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`fsrs: ${error.message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`fsrs: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  }
});
