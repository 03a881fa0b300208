// Scheduler benchmark: our recall predictor (the one `npm run fsrs -- predict` uses) against plain
// FSRS-6 with fsrs-rs-fitted weights, on held-out cards of a real review log.
//
//   npx tsx bench/fsrs.ts [--log FILE] [--cv]
//
// Split: by card. A card is TEST when FNV-1a(card_id) % 5 == 0 (≈ 20% of cards), else TRAIN; with
// --cv each of the five hash classes is TEST in turn and the table shows means over the five folds.
// Everything is fitted on TRAIN only; TEST reviews are predicted from the same card's earlier TEST
// reviews, exactly as the CLI does. Metrics follow open-spaced-repetition's srs-benchmark: log loss,
// RMSE(bins) (bins of interval × review number × lapses, count-weighted) and AUC.
import fs from 'node:fs';
import path from 'node:path';
import { FSRSBinding, type BindingMemoryState } from '../lib/fsrs-binding';
import {
  calendarDaysBetween,
  forgettingCurve,
  groupRevlogByCard,
  parseRevlogCsv,
  plainRecallModel,
  predictRevlog,
  revlogReviewsByCard,
  scorePredictions,
  type CardReviews,
  type PredictionMetrics,
  type RevlogRow,
  type ScoredPrediction,
} from '../engine/scheduler';
import { fitRecallModel, optimizeParameters } from '../lib/fsrs-optimizer';

const DEFAULT_LOG = path.resolve(import.meta.dirname, '../../shared/data/revlog-dev.csv');
const FOLDS = 5;

function fnv1a(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/** Plain FSRS-6 as fsrs-rs computes it: memory states from the binding's model, p = R(Δt, S). */
function bindingBaseline(weights: readonly number[], cards: readonly CardReviews[]): ScoredPrediction[] {
  const model = new FSRSBinding([...weights]);
  const out: ScoredPrediction[] = [];
  for (const card of cards) {
    let memory: BindingMemoryState | null = null;
    let previous: Date | null = null;
    let lapses = 0;
    card.reviews.forEach((review, k) => {
      const days = previous ? Math.max(0, calendarDaysBetween(previous, review.reviewedAt)) : 0;
      if (memory && previous) {
        const p = Math.min(Math.max(forgettingCurve(weights, days, memory.stability), 1e-4), 1 - 1e-4);
        out.push({ p, y: review.rating > 1 ? 1 : 0, elapsedDays: days, reviewIndex: k + 1, lapses });
        if (review.rating === 1 && days > 0) lapses++;
      }
      const next = model.nextStates(memory, 0.9, days);
      memory = [next.again, next.hard, next.good, next.easy][review.rating - 1]?.memory ?? null;
      previous = review.reviewedAt;
    });
  }
  return out;
}

interface Row {
  readonly name: string;
  readonly metrics: PredictionMetrics;
}

async function runSplit(rows: readonly RevlogRow[], testClass: number): Promise<{ rows: Row[]; seconds: number; trees: number }> {
  const isTest = (row: RevlogRow) => fnv1a(row.cardId) % FOLDS === testClass;
  const trainRows = rows.filter((r) => !isTest(r));
  const testRows = rows.filter(isTest);
  const train = revlogReviewsByCard(trainRows);
  const testCards = groupRevlogByCard(testRows);

  const weights = await optimizeParameters(train, { enableShortTerm: true });
  const weightsLongTerm = await optimizeParameters(train, { enableShortTerm: false });
  const started = performance.now();
  const { model, report } = await fitRecallModel(train);
  const ours = predictRevlog(testRows, model).map((x) => ({ ...x.case, p: x.pRecall }));
  const seconds = (performance.now() - started) / 1000;
  const plain = (w: readonly number[], shortTerm: boolean) =>
    predictRevlog(testRows, plainRecallModel(w, shortTerm)).map((x) => ({ ...x.case, p: x.pRecall }));
  return {
    seconds,
    trees: report.trees,
    rows: [
      { name: 'FSRS-6, fsrs-rs fit + fsrs-rs memory states (baseline)', metrics: scorePredictions(bindingBaseline(weights, testCards)) },
      { name: 'FSRS-6, fsrs-rs fit + our ts-fsrs adapter', metrics: scorePredictions(plain(weights, true)) },
      { name: 'FSRS-6, fitted with short-term off', metrics: scorePredictions(plain(weightsLongTerm, false)) },
      { name: 'ours: FSRS-6 + boosted correction (CLI)', metrics: scorePredictions(ours) },
    ],
  };
}

function table(rows: readonly Row[]): string {
  const f = (x: number) => x.toFixed(4);
  const lines = ['| model | reviews | log loss | RMSE(bins) | AUC |', '|---|---:|---:|---:|---:|'];
  for (const { name, metrics: m } of rows) lines.push(`| ${name} | ${m.count} | ${f(m.logLoss)} | ${f(m.rmseBins)} | ${f(m.auc)} |`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const logAt = args.indexOf('--log');
  const file = logAt >= 0 ? (args[logAt + 1] ?? '') : DEFAULT_LOG;
  const parsed = parseRevlogCsv(fs.readFileSync(file, 'utf8'));
  if (parsed.kind === 'invalid') throw new Error(`${file}: ${parsed.message}`);
  console.log(`log: ${path.basename(file)}, ${parsed.rows.length} reviews, ${new Set(parsed.rows.map((r) => r.cardId)).size} cards`);

  const single = await runSplit(parsed.rows, 0);
  console.log(`\nsplit: cards with FNV-1a(card_id) % ${FOLDS} == 0 are TEST (fit ${single.seconds.toFixed(1)} s, ${single.trees} trees)\n`);
  console.log(table(single.rows));

  if (args.includes('--cv')) {
    const folds = [single];
    for (let k = 1; k < FOLDS; k++) folds.push(await runSplit(parsed.rows, k));
    const mean = (pick: (m: PredictionMetrics) => number, i: number) => folds.reduce((s, f) => s + pick((f.rows[i] as Row).metrics), 0) / FOLDS;
    const rows = single.rows.map((row, i) => ({
      name: row.name,
      metrics: {
        count: folds.reduce((s, f) => s + (f.rows[i] as Row).metrics.count, 0),
        logLoss: mean((m) => m.logLoss, i),
        rmseBins: mean((m) => m.rmseBins, i),
        auc: mean((m) => m.auc, i),
      },
    }));
    const wins = folds.filter((f) => (f.rows[3] as Row).metrics.logLoss < (f.rows[0] as Row).metrics.logLoss).length;
    console.log(`\n${FOLDS}-fold by card (each hash class TEST once; means over folds; ours beats the baseline's log loss in ${wins}/${FOLDS} folds)\n`);
    console.log(table(rows));
  }
}

await main();
