import { isMap, isSeq, LineCounter, parseDocument, stringify, type Document, type Node } from 'yaml';
import { articleFileSchema, authoringLimits, cardProblems, fileCardSchema, type ArticleFile, type LangText } from './authoring-schema';

/** A problem in an article file, with the line (1-based) it is on. */
export interface FileProblem {
  readonly line: number;
  readonly path: string;
  readonly message: string;
}

export type ParsedArticleFile = { ok: true; file: ArticleFile } | { ok: false; problems: FileProblem[] };

function lineOf(doc: Document, counter: LineCounter, path: readonly PropertyKey[]): number {
  // NOTE: a missing key has no node; report the line of the nearest thing that exists.
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as Node | undefined;
    const start = node && typeof node === 'object' && 'range' in node ? node.range?.[0] : undefined;
    if (start !== undefined) return counter.linePos(start).line;
    if (n === 0) break;
    const parent = doc.getIn(path.slice(0, n - 1), true);
    if (isMap(parent)) {
      const pair = parent.items.find((item) => (item.key as { value?: unknown } | null)?.value === path[n - 1]);
      const keyStart = (pair?.key as Node | undefined)?.range?.[0];
      if (keyStart !== undefined) return counter.linePos(keyStart).line;
    } else if (isSeq(parent) && parent.range) {
      return counter.linePos(parent.range[0]).line;
    }
  }
  return 1;
}

/**
 * Reads an article file and checks everything in it: YAML syntax, the shape, TeX in every field, cloze
 * markup, duplicate card ids. Every problem is reported with its line; nothing is partially accepted.
 * `slugTaken` says whether an article with this slug already exists in the install.
 */
export function parseArticleFile(text: string, slugTaken: (slug: string) => boolean): ParsedArticleFile {
  if (Buffer.byteLength(text, 'utf8') > authoringLimits.importBytes) {
    return { ok: false, problems: [{ line: 1, path: '', message: `the file is over ${authoringLimits.importBytes / 1024 / 1024} MB` }] };
  }
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((error) => ({ line: error.linePos?.[0]?.line ?? 1, path: '', message: `YAML: ${error.message.split('\n')[0]}` })),
    };
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 50 });
  } catch (error) {
    return { ok: false, problems: [{ line: 1, path: '', message: `YAML: ${error instanceof Error ? error.message : String(error)}` }] };
  }
  const problems: FileProblem[] = [];
  const at = (path: readonly PropertyKey[], message: string) =>
    problems.push({ line: lineOf(doc, counter, path), path: path.map(String).join('.'), message });
  // NOTE: the article's own fields and each card are checked separately, so one bad card does not hide
  // the problems of the others.
  const cardsRaw = raw && typeof raw === 'object' && Array.isArray((raw as { cards?: unknown }).cards) ? ((raw as { cards: unknown[] }).cards) : null;
  const head = articleFileSchema.safeParse(cardsRaw ? { ...(raw as object), cards: [] } : raw);
  if (!head.success) for (const issue of head.error.issues) at(issue.path, issue.message);
  if (cardsRaw && cardsRaw.length > authoringLimits.cardsPerArticle) at(['cards'], `at most ${authoringLimits.cardsPerArticle} cards in one file`);
  const cards: ArticleFile['cards'] = [];
  const seen = new Map<string, number>();
  for (const [i, card] of (cardsRaw ?? []).slice(0, authoringLimits.cardsPerArticle).entries()) {
    const id = card && typeof card === 'object' ? (card as { id?: unknown }).id : undefined;
    if (typeof id === 'string') {
      if (seen.has(id)) at(['cards', i, 'id'], `duplicate card id ${id} (first at card ${seen.get(id)! + 1})`);
      else seen.set(id, i);
    }
    const parsed = fileCardSchema.safeParse(card);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) at(['cards', i, ...issue.path], issue.message);
      continue;
    }
    for (const problem of cardProblems(parsed.data)) at(['cards', i, ...problem.path], problem.message);
    cards.push(parsed.data);
  }
  if (head.success && slugTaken(head.data.slug)) at(['slug'], `an article with the slug ${head.data.slug} already exists`);
  const file = head.success ? { ...head.data, cards } : null;
  if (problems.length === 0 && file) return { ok: true, file };
  return { ok: false, problems: sortProblems(problems) };
}

function sortProblems(problems: FileProblem[]): FileProblem[] {
  return [...problems].sort((a, b) => a.line - b.line);
}

function langOnly(value: LangText | undefined): LangText | undefined {
  if (!value) return undefined;
  const out: { zh?: string; en?: string } = {};
  if (value.zh) out.zh = value.zh;
  if (value.en) out.en = value.en;
  return out.zh === undefined && out.en === undefined ? undefined : out;
}

/** The YAML text of an article file (the same shape as problems/articles/*.yaml). */
export function writeArticleFile(file: ArticleFile): string {
  const ordered = {
    slug: file.slug,
    ...(file.category ? { category: file.category } : {}),
    title: langOnly(file.title),
    ...(langOnly(file.summary) ? { summary: langOnly(file.summary) } : {}),
    ...(file.date ? { date: file.date } : {}),
    ...(file.source ? { source: file.source } : {}),
    cards: file.cards.map((card) =>
      card.kind === 'basic'
        ? { id: card.id, kind: card.kind, front: langOnly(card.front), back: langOnly(card.back), ...(card.tags?.length ? { tags: card.tags } : {}) }
        : { id: card.id, kind: card.kind, text: langOnly(card.text), ...(langOnly(card.extra) ? { extra: langOnly(card.extra) } : {}), ...(card.tags?.length ? { tags: card.tags } : {}) },
    ),
  };
  return stringify(ordered, { lineWidth: 0, blockQuote: 'literal' });
}
