import fs from 'node:fs';
import Database from 'better-sqlite3';
import { buildExportCollection, writeApkg, type ExportCard, type ExportReview } from '/work/wt-anki/lib/anki';
import { runImport } from '/work/wt-anki/lib/anki-import/run';
const now = Date.UTC(2026, 11, 1); const dayMs = 86400000;
let a = 13; const random = () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
const cards: ExportCard[] = [];
for (let i = 0; i < 10000; i++) {
  if (i % 4 === 3) { const text = `Note ${i}: the {{c1::gradient}} of $f(x) = x^${i % 9}$ is {{c2::$${i % 9}x^${(i % 9) - 1}$}} — **${i}**`; cards.push({ id: `b/${i}-1`, kind: 'cloze', noteId: `b/${i}`, index: 1, text, extra: 'Power rule.' }); cards.push({ id: `b/${i}-2`, kind: 'cloze', noteId: `b/${i}`, index: 2, text, extra: 'Power rule.' }); }
  else cards.push({ id: `b/${i}`, kind: 'basic', front: `Question ${i}: what is **$\\lambda_{${i}}$**?`, back: `Answer ${i}, with $$\\sum_{k=1}^{${i % 50}} k$$`, tags: ['bench', `group${i % 10}`] });
}
const reviews: ExportReview[] = [];
const perCard = Math.ceil(100000 / cards.length);
for (const card of cards) { let at = now - 400 * dayMs + Math.floor(random() * 30 * dayMs); for (let k = 0; k < perCard && reviews.length < 100000; k++) { const rating = (random() < 0.15 ? 1 : random() < 0.1 ? 2 : random() < 0.9 ? 3 : 4) as 1|2|3|4; reviews.push({ cardId: card.id, reviewedAtMs: at, rating, durationMs: 2000 + Math.floor(random() * 20000), kind: k === 0 ? 'learn' : 'review', intervalDays: k + 1 }); at += Math.floor((1 + k * random() * 3) * dayMs); } }
const bytes = await writeApkg(buildExportCollection({ deckName: 'Bench', cards, reviews, nowMs: now }), { nowMs: now });
fs.writeFileSync('/tmp/anki-db/big.apkg', bytes);
fs.copyFileSync('/tmp/anki-db/study.db', '/tmp/anki-db/big.db');
for (const f of ['-wal','-shm']) if (fs.existsSync('/tmp/anki-db/study.db'+f)) fs.copyFileSync('/tmp/anki-db/study.db'+f, '/tmp/anki-db/big.db'+f);
const t = performance.now();
const s = await runImport({ bytes, filename: 'big.apkg', history: true, dryRun: process.argv.includes('--dry'), userId: 'u1', databaseFile: '/tmp/anki-db/big.db', nowMs: Date.now() });
console.log(((performance.now() - t)/1000).toFixed(2), 's', JSON.stringify({ ...s, skipped: s.skipped.slice(0, 5) }));
