import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { articleSourceSchema, type ArticleSource, type Bilingual } from '../lib/content-schema';
import { splitMath } from '../lib/rich-text';

/** The twelve articles of DESIGN.md, in seed order (order = index + 1). */
const SLUGS = [
  'random-walk',
  'stable-diffusion',
  'detr',
  'lora',
  'linear-attention',
  'flash-gau',
  'quadratic-minimum',
  'directional-derivative',
  'transformer-init',
  'moe',
  'efficient-transformers',
  'harmonic-series',
] as const;

const DIR = path.resolve(import.meta.dirname, '../problems/articles');
const FILES = readdirSync(DIR)
  .filter((name) => name.endsWith('.yaml'))
  .sort();

/** `{{c1::hidden}}` or `{{c1::hidden::hint}}`. */
const CLOZE = /\{\{c(\d+)::([\s\S]*?)(?:::([\s\S]*?))?\}\}/g;
const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]/;
const LANGS = ['zh', 'en'] as const;

function clozeIndices(text: string): number[] {
  return [...new Set([...text.matchAll(CLOZE)].map((m) => Number(m[1])))].sort((a, b) => a - b);
}

/** The text as shown on the back of a cloze card: markers removed, hidden text kept. */
function stripCloze(text: string): string {
  return text.replace(CLOZE, (_all, _n, hidden: string) => hidden);
}

/** Problems with the maths of one text (empty when all is well). */
function mathProblems(text: string): string[] {
  const problems: string[] = [];
  for (const segment of splitMath(text)) {
    if (segment.kind === 'text') {
      if (segment.value.includes('$')) problems.push(`unbalanced $ near: ${segment.value.slice(0, 60)}`);
      continue;
    }
    if (CJK.test(segment.tex)) problems.push(`Chinese inside maths: ${segment.tex}`);
    try {
      katex.renderToString(segment.tex, {
        displayMode: segment.kind === 'display',
        throwOnError: true,
        strict: 'error',
      });
    } catch (error) {
      problems.push(`KaTeX: ${segment.tex} → ${(error as Error).message}`);
    }
  }
  return problems;
}

/** Every text of an article with a label, cloze texts flagged. */
function texts(article: ArticleSource): { label: string; text: Bilingual; cloze: boolean }[] {
  const out = [
    { label: 'title', text: article.title, cloze: false },
    { label: 'summary', text: article.summary, cloze: false },
  ];
  for (const card of article.cards) {
    if (card.kind === 'basic') {
      out.push({ label: `${card.id}.front`, text: card.front, cloze: false });
      out.push({ label: `${card.id}.back`, text: card.back, cloze: false });
    } else {
      out.push({ label: `${card.id}.text`, text: card.text, cloze: true });
      if (card.extra) out.push({ label: `${card.id}.extra`, text: card.extra, cloze: false });
    }
  }
  return out;
}

function sentenceCount(text: string, lang: 'zh' | 'en'): number {
  const prose = splitMath(text)
    .map((s) => (s.kind === 'text' ? s.value : ' X '))
    .join('');
  const ends = lang === 'zh' ? prose.match(/[。！？]/g) : prose.match(/[.!?](?=\s|$)/g);
  return ends?.length ?? 0;
}

const articles = new Map<string, ArticleSource>();
for (const file of FILES) {
  const raw: unknown = parse(readFileSync(path.join(DIR, file), 'utf8'));
  const result = articleSourceSchema.safeParse(raw);
  if (result.success) articles.set(file, result.data);
}

describe('article content files', () => {
  it('has exactly the twelve articles, named <slug>.yaml, with orders 1..12', () => {
    expect(FILES).toEqual([...SLUGS].map((slug) => `${slug}.yaml`).sort());
    for (const [index, slug] of SLUGS.entries()) {
      const article = articles.get(`${slug}.yaml`);
      expect(article, `${slug}.yaml must pass the schema`).toBeDefined();
      expect(article?.slug).toBe(slug);
      expect(article?.order).toBe(index + 1);
    }
  });

  it.each(FILES)('%s passes articleSourceSchema', (file) => {
    const raw: unknown = parse(readFileSync(path.join(DIR, file), 'utf8'));
    const result = articleSourceSchema.safeParse(raw);
    expect(result.success ? [] : result.error.issues).toEqual([]);
    expect(result.data?.slug).toBe(file.replace(/\.yaml$/, ''));
  });

  it.each(FILES)('%s has enough cards of both kinds with unique ids', (file) => {
    const article = articles.get(file);
    expect(article).toBeDefined();
    if (!article) return;
    expect(article.cards.length).toBeGreaterThanOrEqual(12);
    const kinds = new Set(article.cards.map((c) => c.kind));
    expect([...kinds].sort()).toEqual(['basic', 'cloze']);
    const ids = article.cards.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(FILES)('%s has summaries of 3-6 sentences in both languages', (file) => {
    const article = articles.get(file);
    expect(article).toBeDefined();
    if (!article) return;
    for (const lang of LANGS) {
      const n = sentenceCount(article.summary[lang], lang);
      expect(n, `${lang} summary has ${n} sentences`).toBeGreaterThanOrEqual(3);
      expect(n, `${lang} summary has ${n} sentences`).toBeLessThanOrEqual(6);
    }
  });

  it.each(FILES)('%s has matching cloze deletions in zh and en, none inside maths', (file) => {
    const article = articles.get(file);
    expect(article).toBeDefined();
    if (!article) return;
    const problems: string[] = [];
    for (const { label, text, cloze } of texts(article)) {
      for (const lang of LANGS) {
        const source = text[lang];
        const indices = clozeIndices(source);
        if (!cloze) {
          if (indices.length > 0) problems.push(`${label}.${lang}: cloze marker outside a cloze card`);
          continue;
        }
        if (indices.length === 0) problems.push(`${label}.${lang}: no deletion`);
        if (/\{\{c\d+::/.test(stripCloze(source))) problems.push(`${label}.${lang}: malformed deletion`);
        for (const segment of splitMath(source)) {
          if (segment.kind !== 'text' && /\{\{c\d+::/.test(segment.tex)) {
            problems.push(`${label}.${lang}: deletion inside maths`);
          }
        }
        for (const match of source.matchAll(CLOZE)) {
          for (const part of [match[2], match[3]]) {
            if (part === undefined) continue;
            if (part.trim() === '') problems.push(`${label}.${lang}: empty deletion`);
            const math = mathProblems(part);
            if (math.length > 0) problems.push(`${label}.${lang}: deletion "${part}" is not self-contained: ${math[0]}`);
          }
        }
      }
      if (cloze) {
        expect(clozeIndices(text.zh), `${label}: zh and en deletions differ`).toEqual(clozeIndices(text.en));
      }
    }
    expect(problems).toEqual([]);
  });

  it.each(FILES)('%s is bilingual: Chinese in zh, none in en', (file) => {
    const article = articles.get(file);
    expect(article).toBeDefined();
    if (!article) return;
    const problems: string[] = [];
    for (const { label, text } of texts(article)) {
      if (!CJK.test(text.zh)) problems.push(`${label}.zh has no Chinese`);
      if (CJK.test(text.en)) problems.push(`${label}.en contains Chinese`);
    }
    expect(problems).toEqual([]);
  });

  it.each(FILES)('%s has maths that KaTeX renders', (file) => {
    const article = articles.get(file);
    expect(article).toBeDefined();
    if (!article) return;
    const problems: string[] = [];
    for (const { label, text } of texts(article)) {
      for (const lang of LANGS) {
        for (const problem of mathProblems(stripCloze(text[lang]))) problems.push(`${label}.${lang}: ${problem}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
