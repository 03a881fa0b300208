// Search benchmark: GET /search's query (lib/search.ts, SQLite FTS5) over 20,000 cards in both languages.
//
//   npm run bench:search [-- --cards N]
//
// Seeds a temp SQLite file (migrated, bundled content loaded), adds N cards (default 20,000) in 40 extra
// articles whose text is the bundled cards' Chinese and English text with a variant number (so the words
// and their frequencies are real), builds the index, then times each query through the app's own Prisma
// client: median of 21 runs after a warm-up, including the total count the API returns.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from '@prisma/client';
import Database from 'better-sqlite3';
import { cardContentHash, type CardContent } from '../lib/note-cards';
import { loadContent } from '../lib/prepare';
import { migrate } from '../lib/migrations';
import { rebuildSearchIndexIfStale, searchCards } from '../lib/search';

const args = process.argv.slice(2);
const cardCount = Number(args[args.indexOf('--cards') + 1] ?? 0) || 20_000;
const runs = 21;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-search-'));
const file = path.join(dir, 'study.db');
const url = `file:${file}`;
try {
  await migrate(url);
  await loadContent(url);
  const sqlite = new Database(file);
  const bundled = (sqlite.prepare("select content from Card where kind in ('basic', 'cloze')").all() as { content: string }[]).map((r) => JSON.parse(r.content) as CardContent);
  const now = new Date().toISOString();
  const insertArticle = sqlite.prepare(
    "insert into Article (slug, position, titleZh, titleEn, category, excerpt, summaryZh, summaryEn, updatedAt, origin) values (?, ?, ?, ?, 'Bench', '', '', '', ?, 'authored')",
  );
  const insertNote = sqlite.prepare("insert into Note (id, articleSlug, kind, position, fields, tags, origin, updatedAt) values (?, ?, ?, ?, ?, ?, 'authored', ?)");
  const insertCard = sqlite.prepare('insert into Card (id, articleSlug, kind, noteId, position, content, contentHash, updatedAt) values (?, ?, ?, ?, ?, ?, ?, ?)');
  const seed = sqlite.transaction(() => {
    for (let a = 0; a < 40; a++) insertArticle.run(`bench-${a}`, 100 + a, `测试文章 ${a}`, `Bench article ${a}`, now);
    for (let i = 0; i < cardCount; i++) {
      const base = bundled[i % bundled.length]!;
      const slug = `bench-${i % 40}`;
      const id = `${slug}/card-${i}`;
      const variant = (t: { zh?: string; en?: string } | undefined) => t && { zh: `${t.zh ?? ''} 变体${i}`, en: `${t.en ?? ''} variant ${i}` };
      const content: CardContent =
        base.kind === 'basic' ? { kind: 'basic', front: variant(base.front)!, back: variant(base.back)! } : base.kind === 'cloze' ? { ...base, index: 1, text: variant(base.text)! } : base;
      const fields = content.kind === 'basic' ? { kind: 'basic', front: content.front, back: content.back } : content.kind === 'cloze' ? { kind: 'cloze', text: content.text } : {};
      const cardId = content.kind === 'cloze' ? `${id}/c1` : id;
      insertNote.run(id, slug, content.kind, i, JSON.stringify(fields), i % 7 === 0 ? ' bench sevens ' : ' bench ', now);
      insertCard.run(cardId, slug, content.kind, id, i, JSON.stringify(content), cardContentHash(content), now);
    }
  });
  seed();
  sqlite.close();

  const db = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }) });
  const buildStart = performance.now();
  await rebuildSearchIndexIfStale(db);
  const buildMs = performance.now() - buildStart;
  const [row] = await db.$queryRawUnsafe<{ n: bigint }[]>('select count(*) as n from card_search');
  const n = row?.n ?? 0;
  console.log(`search bench: ${Number(n)} cards indexed (${cardCount} added to the bundled ones) in ${buildMs.toFixed(0)} ms; median of ${runs} runs per query`);

  const queries: { label: string; q: string; article?: string; tag?: string; state?: 'suspended' | 'leech' }[] = [
    { label: 'zh word', q: '矩阵' },
    { label: 'zh phrase', q: '注意力矩阵' },
    { label: 'zh rare', q: '哈密顿' },
    { label: 'en word', q: 'attention' },
    { label: 'en prefix', q: 'grad' },
    { label: 'en two words', q: 'low rank' },
    { label: 'mixed zh+en', q: '低秩 LoRA' },
    { label: 'very common', q: 'the' },
    { label: 'with article', q: '矩阵', article: 'bench-7' },
    { label: 'with tag', q: 'attention', tag: 'sevens' },
    { label: 'suspended', q: 'attention', state: 'suspended' as const },
    { label: 'browse, no q', q: '', article: 'bench-3' },
  ];
  const medians: number[] = [];
  for (const query of queries) {
    const filter = { q: query.q || undefined, article: query.article, tag: query.tag, state: query.state, userId: 'bench-user', limit: 50, offset: 0 };
    const first = await searchCards(db, filter, 'en');
    const times: number[] = [];
    for (let r = 0; r < runs; r++) {
      const start = performance.now();
      await searchCards(db, filter, 'en');
      times.push(performance.now() - start);
    }
    const m = median(times);
    medians.push(m);
    console.log(`  ${query.label.padEnd(14)} ${JSON.stringify(query.q).padEnd(14)} total ${String(first.total).padStart(6)}  median ${m.toFixed(1).padStart(6)} ms  max ${Math.max(...times).toFixed(1)} ms`);
  }
  console.log(`median over all queries: ${median(medians).toFixed(1)} ms (limit ≤ 50 ms); slowest query median: ${Math.max(...medians).toFixed(1)} ms`);
  await db.$disconnect();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
