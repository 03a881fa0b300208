import katex from 'katex';
import { z } from 'zod';
import type { Lang } from './accounts';
import { splitMath } from './rich-text';

// What an editor may write, and the limits on it (checked before anything is stored or rendered).
export const authoringLimits = {
  fieldChars: 8000,
  summaryChars: 20_000,
  titleChars: 200,
  categoryChars: 60,
  tags: 20,
  tagChars: 40,
  cardsPerArticle: 2000,
  importBytes: 2 * 1024 * 1024,
  pasteCards: 200,
  formulasPerField: 200,
} as const;

/** Text in one or both languages; a learner sees theirs, else the other. */
export interface LangText {
  readonly zh?: string;
  readonly en?: string;
}

/** The text of `value` in `lang`, else in the other language ('' when neither). */
export function textIn(value: LangText | undefined, lang: Lang): string {
  if (!value) return '';
  return (lang === 'en' ? (value.en ?? value.zh) : (value.zh ?? value.en)) ?? '';
}

const kebab = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const reservedSlugs = new Set(['new', 'import']);

function langText(maxChars: number) {
  const one = z.string().trim().min(1, 'must not be empty').max(maxChars, `at most ${maxChars} characters`);
  return z
    .strictObject({ zh: one.optional(), en: one.optional() })
    .refine((value) => value.zh !== undefined || value.en !== undefined, 'give the text in zh, en or both');
}

export const fieldText = langText(authoringLimits.fieldChars);
export const titleText = langText(authoringLimits.titleChars);
export const summaryText = langText(authoringLimits.summaryChars);

const tag = z
  .string()
  .trim()
  .min(1)
  .max(authoringLimits.tagChars, `a tag has at most ${authoringLimits.tagChars} characters`)
  .regex(/^[^\s"]+$/, 'a tag has no spaces or quotes');
export const tagList = z.array(tag).max(authoringLimits.tags, `at most ${authoringLimits.tags} tags`);

export const slugSchema = z
  .string()
  .min(2, 'a slug has at least 2 characters')
  .max(60, 'a slug has at most 60 characters')
  .regex(kebab, 'a slug is kebab-case: a-z, 0-9 and single hyphens')
  .refine((slug) => !reservedSlugs.has(slug), 'this slug is reserved');

export const cardIdSchema = z.string().max(80, 'a card id has at most 80 characters').regex(kebab, 'card ids are kebab-case');

const basicInput = z.strictObject({
  id: cardIdSchema.optional(),
  kind: z.literal('basic'),
  front: fieldText,
  back: fieldText,
  tags: tagList.optional(),
});
const clozeInput = z.strictObject({
  id: cardIdSchema.optional(),
  kind: z.literal('cloze'),
  text: fieldText,
  extra: fieldText.optional(),
  tags: tagList.optional(),
});

/** A card as in the article file (`id` optional when written through the API). */
export const cardInputSchema = z.discriminatedUnion('kind', [basicInput, clozeInput]);
export type CardInput = z.infer<typeof cardInputSchema>;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD');
const sourceUrl = z
  .string()
  .trim()
  .max(500)
  .refine((value) => /^https?:\/\/[^\s]+$/i.test(value), 'a source link starts with http:// or https://');

export const articleInputSchema = z.strictObject({
  slug: slugSchema,
  title: titleText,
  category: z.string().trim().max(authoringLimits.categoryChars).optional(),
  summary: summaryText.optional(),
  date: isoDate.optional(),
  source: sourceUrl.optional(),
});
export type ArticleInput = z.infer<typeof articleInputSchema>;

export const articlePatchSchema = articleInputSchema.omit({ slug: true }).partial();
export type ArticlePatch = z.infer<typeof articlePatchSchema>;

/** The article file (import and export): the bundled YAML's shape, with one-language text allowed. */
export const articleFileSchema = z.strictObject({
  slug: slugSchema,
  order: z.number().int().min(1).optional(),
  category: z.string().trim().max(authoringLimits.categoryChars).optional(),
  title: titleText,
  summary: summaryText.optional(),
  date: isoDate.optional(),
  source: sourceUrl.optional(),
  cards: z.array(z.lazy(() => fileCardSchema)).max(authoringLimits.cardsPerArticle, `at most ${authoringLimits.cardsPerArticle} cards in one file`),
});

/** A card in the article file: as in the API, with its `id` required. */
export const fileCardSchema = z.discriminatedUnion('kind', [basicInput.required({ id: true }), clozeInput.required({ id: true })]);
export type ArticleFile = z.infer<typeof articleFileSchema>;

/** The fields a note stores (JSON in Note.fields). */
export type NoteFields =
  | { readonly kind: 'basic'; readonly front: LangText; readonly back: LangText }
  | { readonly kind: 'cloze'; readonly text: LangText; readonly extra?: LangText };

export function noteFieldsOf(card: CardInput): NoteFields {
  return card.kind === 'basic'
    ? { kind: 'basic', front: card.front, back: card.back }
    : { kind: 'cloze', text: card.text, ...(card.extra ? { extra: card.extra } : {}) };
}

/** A problem in what an editor wrote: where (a path such as ["front", "en"]) and why. */
export interface ContentProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

const deletionPattern = /\{\{c(\d+)::((?:(?!\}\}).)+?)(?:::((?:(?!\}\}).)+?))?\}\}/gs;

/** The deletion indices of a cloze text, or a message when its `{{c1::…}}` markup is broken. */
export function clozeDeletions(text: string): { indices: number[] } | { error: string } {
  const indices = new Set<number>();
  for (const match of text.matchAll(deletionPattern)) {
    const index = Number(match[1]);
    if (index < 1 || index > 50) return { error: `cloze numbers run from c1 to c50 (found c${match[1]})` };
    indices.add(index);
  }
  const rest = text.replace(deletionPattern, '');
  const broken = /\{\{c\d*:?:?|\{\{c|::\s*\}\}/.exec(rest);
  if (broken) return { error: `unclosed or malformed cloze deletion near "${rest.slice(broken.index, broken.index + 20)}": write {{c1::hidden text}}` };
  if (indices.size === 0) return { error: 'a cloze card needs at least one deletion, e.g. {{c1::hidden text}}' };
  return { indices: [...indices].sort((a, b) => a - b) };
}

/** Problems with the TeX of one Markdown field: each formula must parse in KaTeX, every `$` must close. */
export function texProblems(source: string): string[] {
  const problems: string[] = [];
  const segments = splitMath(source);
  if (segments.filter((s) => s.kind !== 'text').length > authoringLimits.formulasPerField) {
    return [`at most ${authoringLimits.formulasPerField} formulas in one field`];
  }
  // NOTE: on the source, not the text segments: splitMath has already turned each escaped `\$` into `$` there.
  const outsideMaths = source.replace(/\$\$[\s\S]+?\$\$|(?<!\\)\$(?:\\\$|[^$])+?\$/g, '').replace(/\\\$/g, '');
  if (outsideMaths.includes('$')) problems.push('a $ is not closed (write \\$ for a dollar sign)');
  for (const segment of segments) {
    if (segment.kind === 'text') continue;
    // NOTE: a cloze deletion may sit inside a formula's text only as a whole; strip markup before parsing.
    const tex = segment.tex.replace(deletionPattern, (_, _n: string, hidden: string) => hidden);
    try {
      katex.renderToString(tex, { displayMode: segment.kind === 'display', throwOnError: true, trust: false, maxSize: 20, maxExpand: 200, strict: 'ignore' });
    } catch (error) {
      const message = error instanceof Error ? error.message.replace(/^KaTeX parse error: /, '') : String(error);
      problems.push(`TeX error in $${tex.length > 40 ? `${tex.slice(0, 40)}…` : tex}$: ${message}`);
    }
  }
  return problems;
}

/** Everything wrong with a card's content beyond its shape: TeX, cloze markup, cloze languages that disagree. */
export function cardProblems(card: CardInput | NoteFields): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const checkText = (name: string, value: LangText | undefined) => {
    for (const lang of ['zh', 'en'] as const) {
      const text = value?.[lang];
      if (text === undefined) continue;
      for (const message of texProblems(text)) problems.push({ path: [name, lang], message });
    }
  };
  if (card.kind === 'basic') {
    checkText('front', card.front);
    checkText('back', card.back);
    return problems;
  }
  checkText('text', card.text);
  checkText('extra', card.extra);
  const found: Partial<Record<Lang, number[]>> = {};
  for (const lang of ['zh', 'en'] as const) {
    const text = card.text[lang];
    if (text === undefined) continue;
    const result = clozeDeletions(text);
    if ('error' in result) problems.push({ path: ['text', lang], message: result.error });
    else found[lang] = result.indices;
  }
  if (found.zh && found.en && found.zh.join() !== found.en.join()) {
    problems.push({ path: ['text'], message: `zh and en have different deletions (c${found.zh.join(', c')} vs c${found.en.join(', c')})` });
  }
  return problems;
}

/** The cloze indices of a valid cloze note (the union over its languages). */
export function noteClozeIndices(text: LangText): number[] {
  const all = new Set<number>();
  for (const value of [text.zh, text.en]) {
    if (value === undefined) continue;
    const result = clozeDeletions(value);
    if ('indices' in result) for (const index of result.indices) all.add(index);
  }
  return [...all].sort((a, b) => a - b);
}

/** Tags as Anki stores them: " a b " (sorted, unique), "" for none. */
export function tagsToColumn(tags: readonly string[] | undefined): string {
  const unique = [...new Set((tags ?? []).map((t) => t.trim()).filter(Boolean))].sort();
  return unique.length === 0 ? '' : ` ${unique.join(' ')} `;
}

export function tagsFromColumn(column: string): string[] {
  return column.split(' ').filter(Boolean);
}

/** The query of GET /search and the browse page. */
export const searchQuerySchema = z.object({
  q: z.string().max(200, 'a search has at most 200 characters').optional(),
  article: z.string().max(60).optional(),
  tag: z.string().max(40).optional(),
  state: z.enum(['suspended', 'leech']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
