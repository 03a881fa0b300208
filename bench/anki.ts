// Anki package benchmark: reading a 10,000-note package with 100,000 review-log rows.
//
//   npm run bench:anki [-- --notes N --reviews N --runs N]
//
// Builds the package with lib/anki's writer (legacy `collection.anki2`, what the export route writes) and the
// same collection as a current-format package (`collection.anki21b`, zstd by the `zstd` tool when present,
// else stored zstd frames), then times, per format (median of the runs after a warm-up): unzip + SQLite read
// into the model (readAnkiPackage), mapping every note to this app's cards (mapNote), and turning the revlog
// into reviews with Anki's FSRS rules (revlogToReviews). The database import (writing cards and replaying
// reviews) comes with the import route and is not timed here.
import { execFileSync } from 'node:child_process';
import { buildExportCollection, mapNote, readAnkiPackage, revlogToReviews, writeApkg, type ExportCard, type ExportReview } from '../lib/anki';
import { encodePackageMetadata } from '../lib/anki/protobuf';
import { readZip } from '../lib/anki/zip';
import { defaultAnkiLimits } from '../lib/anki/limits';
import { encodeZstdStored } from '../lib/anki/zstd';
import { zipEntries } from '../tests/helpers/anki-fixtures';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) || fallback : fallback;
};
const noteCount = option('--notes', 10_000);
const reviewCount = option('--reviews', 100_000);
const runs = option('--runs', 5);
const now = Date.UTC(2026, 11, 1);
const dayMs = 86_400_000;

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = prng(13);
const cards: ExportCard[] = [];
for (let i = 0; i < noteCount; i += 1) {
  if (i % 4 === 3) {
    const text = `Note ${i}: the {{c1::gradient}} of $f(x) = x^${i % 9}$ is {{c2::$${i % 9}x^${(i % 9) - 1}$}} — <b>${i}</b>`;
    cards.push({ id: `bench/${i}-1`, kind: 'cloze', noteId: `bench/${i}`, index: 1, text, extra: 'Power rule.' });
    cards.push({ id: `bench/${i}-2`, kind: 'cloze', noteId: `bench/${i}`, index: 2, text, extra: 'Power rule.' });
  } else {
    cards.push({ id: `bench/${i}`, kind: 'basic', front: `Question ${i}: what is **$\\lambda_{${i}}$**?`, back: `Answer ${i}, with $$\\sum_{k=1}^{${i % 50}} k$$`, tags: ['bench', `group${i % 10}`] });
  }
}
const reviews: ExportReview[] = [];
const perCard = Math.ceil(reviewCount / cards.length);
for (const card of cards) {
  let at = now - 400 * dayMs + Math.floor(random() * 30 * dayMs);
  for (let k = 0; k < perCard && reviews.length < reviewCount; k += 1) {
    const rating = (random() < 0.15 ? 1 : random() < 0.1 ? 2 : random() < 0.9 ? 3 : 4) as 1 | 2 | 3 | 4;
    reviews.push({ cardId: card.id, reviewedAtMs: at, rating, durationMs: 2000 + Math.floor(random() * 20_000), kind: k === 0 ? 'learn' : rating === 1 ? 'review' : 'review', intervalDays: k + 1 });
    at += Math.floor((1 + k * random() * 3) * dayMs);
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

const collection = buildExportCollection({ deckName: 'Bench', cards, reviews, nowMs: now });
let started = performance.now();
const legacy = await writeApkg(collection, { nowMs: now });
const writeMs = performance.now() - started;

const sqlite = (await readZip(legacy, defaultAnkiLimits, (name) => name === 'collection.anki2')).get('collection.anki2')!;
let zstd = encodeZstdStored;
let zstdKind = 'stored zstd frames';
try {
  execFileSync('zstd', ['--version']);
  zstd = (bytes: Uint8Array) => execFileSync('zstd', ['-q', '-c', '-3'], { input: bytes, maxBuffer: 1 << 30 });
  zstdKind = 'zstd -3';
} catch {
  // the zstd tool is missing: stored frames still exercise the current-format path
}
const current = await zipEntries([
  ['collection.anki21b', zstd(sqlite)],
  ['media', zstd(new Uint8Array())],
  ['meta', Buffer.from(encodePackageMetadata(3))],
]);

console.log(`Anki package read: ${noteCount} notes, ${collection.cards.length} cards, ${collection.revlog.length} revlog rows; median of ${runs} runs after a warm-up`);
console.log(`written by writeApkg in ${(writeMs / 1000).toFixed(2)} s; legacy package ${(legacy.length / 1048576).toFixed(1)} MiB, current package (${zstdKind}) ${(current.length / 1048576).toFixed(1)} MiB, SQLite ${(sqlite.length / 1048576).toFixed(1)} MiB`);
for (const [label, bytes] of [['legacy (collection.anki2)', legacy], ['current (collection.anki21b)', current]] as const) {
  const read: number[] = [];
  const map: number[] = [];
  const revlog: number[] = [];
  let summary = '';
  for (let run = 0; run <= runs; run += 1) {
    started = performance.now();
    const model = await readAnkiPackage(bytes);
    const readMs = performance.now() - started;
    started = performance.now();
    const notetypes = new Map(model.notetypes.map((nt) => [nt.id, nt]));
    const cardsByNote = new Map<number, typeof model.cards[number][]>();
    for (const card of model.cards) cardsByNote.set(card.noteId, [...(cardsByNote.get(card.noteId) ?? []), card]);
    let mapped = 0;
    for (const note of model.notes) mapped += mapNote(note, notetypes.get(note.notetypeId)!, cardsByNote.get(note.id) ?? [], new Set()).cards.length;
    const mapMs = performance.now() - started;
    started = performance.now();
    const converted = revlogToReviews(model.revlog);
    const revlogMs = performance.now() - started;
    summary = `${model.notes.length} notes, ${mapped} cards mapped, ${converted.reviews.length} reviews kept`;
    if (run === 0) continue;
    read.push(readMs);
    map.push(mapMs);
    revlog.push(revlogMs);
  }
  const total = median(read) + median(map) + median(revlog);
  console.log(`${label}: read ${(median(read) / 1000).toFixed(2)} s, map notes ${(median(map) / 1000).toFixed(2)} s, revlog → reviews ${(median(revlog) / 1000).toFixed(2)} s, total ${(total / 1000).toFixed(2)} s (${summary})`);
}
