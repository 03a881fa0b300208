import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Level } from '@/engine';
import type { NoteFields } from './authoring-schema';
import { cardContentHash, type CardContent } from './note-cards';

export { cardContentHash, cardsOfNote, hashOf, type CardContent } from './note-cards';
import { articleSourceSchema, type ArticleSource } from './content-schema';
import { parseSeed } from './seed';

/** What the loader needs to know of a problem family to make its cards. */
export interface FamilySummary {
  readonly id: string;
  readonly version: number;
  readonly article: string;
  readonly levels: readonly Level[];
}

export interface ArticleRecord {
  readonly slug: string;
  readonly position: number;
  readonly titleZh: string;
  readonly titleEn: string;
  readonly category: string;
  readonly date: string | null;
  readonly excerpt: string;
  readonly summaryZh: string;
  readonly summaryEn: string;
}

export interface CardRecord {
  readonly id: string;
  readonly articleSlug: string;
  readonly kind: CardContent['kind'];
  readonly noteId: string;
  readonly position: number;
  readonly content: CardContent;
  readonly familyId: string | null;
  readonly familyVersion: number | null;
  readonly level: Level | null;
  readonly contentHash: string;
}

/** A bundled note: one basic card, or one cloze text whose deletions are its cards. */
export interface NoteRecord {
  readonly id: string;
  readonly articleSlug: string;
  readonly kind: 'basic' | 'cloze';
  readonly position: number;
  readonly fields: NoteFields;
  readonly tags: string;
}

export interface Content {
  readonly articles: readonly ArticleRecord[];
  readonly cards: readonly CardRecord[];
  readonly notes: readonly NoteRecord[];
}

export class ContentError extends Error {
  override name = 'ContentError';
}

const root = process.cwd();
export const articlesDir = path.join(root, 'problems', 'articles');
export const seedFile = path.join(root, 'problems', 'seed', 'articles.txt');

/** Reads and validates every `problems/articles/*.yaml`; a broken file throws a ContentError naming it. */
export function readArticleSources(dir: string = articlesDir): ArticleSource[] {
  const files = fs.readdirSync(dir).filter((name) => name.endsWith('.yaml')).sort();
  return files.map((name) => {
    const raw: unknown = parseYaml(fs.readFileSync(path.join(dir, name), 'utf8'));
    const result = articleSourceSchema.safeParse(raw);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new ContentError(`${name}: ${issue?.path.join('.')}: ${issue?.message}`);
    }
    if (`${result.data.slug}.yaml` !== name) throw new ContentError(`${name}: slug ${result.data.slug} does not match the file name`);
    return result.data;
  });
}

/** The deletion indices of a cloze text: `{{c1::...}}` and `{{c2::...}}` give [1, 2]. */
export function clozeIndices(text: string): number[] {
  const found = new Set<number>();
  for (const match of text.matchAll(/\{\{c(\d+)::/g)) found.add(Number(match[1]));
  return [...found].sort((a, b) => a - b);
}


/** Merges the seed, the article sources and the problem families into the records the database holds. */
export function buildContent(seedText: string, sources: readonly ArticleSource[], families: readonly FamilySummary[]): Content {
  const seed = parseSeed(seedText);
  const articles: ArticleRecord[] = [];
  const cards: CardRecord[] = [];
  const notes: NoteRecord[] = [];
  const slugs = new Set(sources.map((source) => source.slug));
  for (const family of families) {
    if (!slugs.has(family.article)) throw new ContentError(`family ${family.id} names unknown article ${family.article}`);
  }
  for (const source of [...sources].sort((a, b) => a.order - b.order)) {
    const seedArticle = seed[source.order - 1];
    if (!seedArticle) throw new ContentError(`${source.slug}: the seed has no article at position ${source.order}`);
    articles.push({
      slug: source.slug,
      position: source.order,
      titleZh: source.title.zh,
      titleEn: source.title.en,
      category: seedArticle.category ?? source.category,
      date: seedArticle.date,
      excerpt: seedArticle.excerpt,
      summaryZh: source.summary.zh,
      summaryEn: source.summary.en,
    });
    const add = (id: string, noteId: string, content: CardContent, family?: FamilySummary) => {
      cards.push({
        id,
        articleSlug: source.slug,
        kind: content.kind,
        noteId,
        position: cards.length,
        content,
        familyId: family?.id ?? null,
        familyVersion: family?.version ?? null,
        level: content.kind === 'problem' ? content.level : null,
        contentHash: cardContentHash(content, family?.version ?? null),
      });
    };
    for (const card of source.cards) {
      const noteId = `${source.slug}/${card.id}`;
      const fields: NoteFields =
        card.kind === 'basic' ? { kind: 'basic', front: card.front, back: card.back } : { kind: 'cloze', text: card.text, ...(card.extra ? { extra: card.extra } : {}) };
      notes.push({ id: noteId, articleSlug: source.slug, kind: card.kind, position: cards.length, fields, tags: '' });
      if (card.kind === 'basic') {
        add(noteId, noteId, { kind: 'basic', front: card.front, back: card.back });
        continue;
      }
      const indices = clozeIndices(card.text.zh);
      if (indices.length === 0) throw new ContentError(`${noteId}: a cloze card needs at least one {{c1::...}}`);
      if (indices.join() !== clozeIndices(card.text.en).join()) throw new ContentError(`${noteId}: zh and en cloze deletions differ`);
      for (const index of indices) {
        add(`${noteId}/c${index}`, noteId, { kind: 'cloze', text: card.text, index, ...(card.extra ? { extra: card.extra } : {}) });
      }
    }
    for (const family of families.filter((f) => f.article === source.slug)) {
      for (const level of family.levels) {
        add(`${source.slug}/problem/${family.id}/${level}`, `family:${family.id}`, { kind: 'problem', familyId: family.id, level }, family);
      }
    }
  }
  return { articles, cards, notes };
}
