// Full-text search over cards: every raw SQL statement of the search index lives in this module
// (SQLite FTS5 here; a PostgreSQL form can replace this one module).
//
// NOTE: Chinese has no spaces, and FTS5's unicode61 tokenizer would take a whole Chinese sentence as one
// token. The index therefore stores every Han (and kana/hangul) character as its own token, and a query
// turns each run of such characters into a phrase ("矩 阵" matches 矩阵 anywhere, as a substring search
// does). Unlike word segmentation (Intl.Segmenter), this finds a word however the sentence around it
// would have been segmented, and needs no dictionary. Latin words are matched by prefix.
import type { PrismaClient, Prisma } from '@prisma/client';
import type { Lang } from './accounts';
import { textIn } from './authoring-schema';
import type { CardContent } from './note-cards';
import { clozeView } from './cloze';
import { cardContentSchema, readStored } from './stored-json';

type Sql = Pick<PrismaClient | Prisma.TransactionClient, '$executeRawUnsafe' | '$queryRawUnsafe'>;

const cjk = /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])/gu;
const cjkChar = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]$/u;
const deletion = /\{\{c\d+::((?:(?!\}\}).)+?)(?:::((?:(?!\}\}).)+?))?\}\}/gs;

/** Creates the index table when missing (idempotent). */
export async function ensureSearchIndex(sql: Sql): Promise<void> {
  await sql.$executeRawUnsafe(
    `CREATE VIRTUAL TABLE IF NOT EXISTS card_search USING fts5(card_id UNINDEXED, article UNINDEXED, body, tags, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')`,
  );
}

/** The text a card is found by: every language of every field, and its note's tags, with CJK split into characters. */
export function searchBody(content: CardContent, tags: string): string {
  const parts: string[] = [];
  const add = (value: { zh?: string; en?: string } | undefined) => {
    if (value?.zh) parts.push(value.zh);
    if (value?.en) parts.push(value.en);
  };
  if (content.kind === 'basic') {
    add(content.front);
    add(content.back);
  } else if (content.kind === 'cloze') {
    add(content.text);
    add(content.extra);
  } else {
    parts.push(content.familyId.replace(/-/g, ' '), content.level);
  }
  parts.push(tags);
  return parts
    .join('\n')
    .replace(deletion, (_, hidden: string, hint: string | undefined) => `${hidden} ${hint ?? ''}`)
    .replace(cjk, ' $1 ');
}

/**
 * A tag as one exact FTS5 token: `t` and the hex of its UTF-8 bytes (a tag may hold '-', ':' or CJK,
 * which the tokenizer would otherwise split).
 */
export function tagToken(tag: string): string {
  return `t${Buffer.from(tag, 'utf8').toString('hex')}`;
}

/** An FTS5 query for what a person typed: every word must occur (Latin words by prefix, CJK runs as phrases). */
export function ftsQuery(text: string): string | null {
  const words = text.normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? [];
  const terms: string[] = [];
  for (const word of words.slice(0, 16)) {
    const runs = word.match(/([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|[^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+)/gu) ?? [];
    for (const run of runs) {
      if (cjkChar.test(run[0] ?? '')) terms.push(`"${[...run].join(' ')}"`);
      else terms.push(`"${run}"*`);
    }
  }
  return terms.length > 0 ? terms.join(' ') : null;
}

interface IndexRow {
  id: string;
  article: string;
  content: unknown;
  tags: string | null;
}

async function insertRows(sql: Sql, rows: readonly IndexRow[]): Promise<void> {
  // NOTE: one statement per 200 rows: a statement through the driver adapter costs far more than a row.
  for (let i = 0; i < rows.length; i += 200) {
    const chunk = rows.slice(i, i + 200);
    const values = chunk.flatMap((row) => [
      row.id,
      row.article,
      searchBody(readStored(cardContentSchema, row.content, 'Card.content'), row.tags ?? ''),
      (row.tags ?? '').split(' ').filter(Boolean).map(tagToken).join(' '),
    ]);
    await sql.$executeRawUnsafe(`INSERT INTO card_search (card_id, article, body, tags) VALUES ${chunk.map(() => '(?, ?, ?, ?)').join(', ')}`, ...values);
  }
}

const rowsSql = `SELECT c.id AS id, c.articleSlug AS article, c.content AS content, n.tags AS tags FROM Card c LEFT JOIN Note n ON n.id = c.noteId WHERE c.retiredAt IS NULL`;

/** Brings the index entries of these cards up to date (retired cards leave the index). */
export async function reindexCards(sql: Sql, cardIds: readonly string[]): Promise<void> {
  if (cardIds.length === 0) return;
  for (let i = 0; i < cardIds.length; i += 500) {
    const chunk = cardIds.slice(i, i + 500);
    const marks = chunk.map(() => '?').join(',');
    await sql.$executeRawUnsafe(`DELETE FROM card_search WHERE card_id IN (${marks})`, ...chunk);
    await insertRows(sql, await sql.$queryRawUnsafe<IndexRow[]>(`${rowsSql} AND c.id IN (${marks})`, ...chunk));
  }
}

/** Rebuilds the whole index when it does not hold exactly the live cards (a fresh install, an older database). */
export async function rebuildSearchIndexIfStale(sql: Sql): Promise<boolean> {
  await ensureSearchIndex(sql);
  const [indexed] = await sql.$queryRawUnsafe<{ n: bigint | number }[]>('SELECT count(*) AS n FROM card_search');
  const [live] = await sql.$queryRawUnsafe<{ n: bigint | number }[]>('SELECT count(*) AS n FROM Card WHERE retiredAt IS NULL');
  const [missing] = await sql.$queryRawUnsafe<{ n: bigint | number }[]>(
    'SELECT count(*) AS n FROM Card c WHERE c.retiredAt IS NULL AND NOT EXISTS (SELECT 1 FROM card_search s WHERE s.card_id = c.id)',
  );
  if (Number(indexed?.n) === Number(live?.n) && Number(missing?.n) === 0) return false;
  await sql.$executeRawUnsafe('DELETE FROM card_search');
  await insertRows(sql, await sql.$queryRawUnsafe<IndexRow[]>(rowsSql));
  return true;
}

export interface SearchFilter {
  readonly q?: string;
  readonly article?: string;
  readonly tag?: string;
  /** 'suspended' or 'leech': the caller's own card states. */
  readonly state?: 'suspended' | 'leech';
  readonly userId: string;
  readonly limit: number;
  readonly offset: number;
}

export interface SearchHit {
  readonly id: string;
  readonly article: string;
  readonly kind: string;
  readonly front: string;
  readonly noteId: string;
  readonly suspended: boolean;
  readonly leech: boolean;
}

interface HitRow {
  id: string;
  article: string;
  kind: string;
  content: unknown;
  noteId: string;
  suspendedAt: unknown;
  leech: number | bigint | boolean | null;
}

/** The front of a card in `lang` (Markdown + TeX), as a result line shows it. */
export function frontOf(content: CardContent, lang: Lang): string {
  if (content.kind === 'basic') return textIn(content.front, lang);
  if (content.kind === 'cloze') return clozeView(textIn(content.text, lang), content.index, 'question');
  return `${content.familyId} (${content.level})`;
}

/**
 * Cards matching the filter, best match first (article order without a text query), and how many match.
 * With text, the FTS index alone picks and counts the matches (it holds live cards only); the card rows
 * are read for the one page shown.
 */
export async function searchCards(sql: Sql, filter: SearchFilter, lang: Lang): Promise<{ cards: SearchHit[]; total: number }> {
  const text = filter.q ? ftsQuery(filter.q) : null;
  if (filter.q && !text) return { cards: [], total: 0 };
  const terms = [...(text ? [`body : (${text})`] : []), ...(filter.tag ? [`tags : ${tagToken(filter.tag)}`] : [])];
  const match = terms.length > 0 ? terms.join(' AND ') : null;
  const where: string[] = [];
  const params: unknown[] = [];
  const idColumn = match ? 's.card_id' : 'c.id';
  if (match) {
    where.push('card_search MATCH ?');
    params.push(match);
  } else where.push('c.retiredAt IS NULL');
  if (filter.article) {
    where.push(match ? 's.article = ?' : 'c.articleSlug = ?');
    params.push(filter.article);
  }
  if (filter.state) {
    // NOTE: EXISTS per match (a primary-key lookup), not IN (…): FTS5 cannot seek on card_id, and an
    // IN list there can make SQLite re-run the MATCH for every value.
    where.push(`EXISTS (SELECT 1 FROM CardState cs2 WHERE cs2.userId = ? AND cs2.cardId = ${idColumn} AND ${filter.state === 'suspended' ? 'cs2.suspendedAt IS NOT NULL' : 'cs2.leech = 1'})`);
    params.push(filter.userId);
  }
  const from = match ? 'card_search s' : 'Card c JOIN Article a ON a.slug = c.articleSlug';
  const order = match ? 'ORDER BY s.rank' : 'ORDER BY a.position, c.position';
  const ids = await sql.$queryRawUnsafe<{ id: string }[]>(
    `SELECT ${idColumn} AS id FROM ${from} WHERE ${where.join(' AND ')} ${order} LIMIT ? OFFSET ?`,
    ...params,
    filter.limit,
    filter.offset,
  );
  const [count] = await sql.$queryRawUnsafe<{ n: bigint | number }[]>(`SELECT count(*) AS n FROM ${from} WHERE ${where.join(' AND ')}`, ...params);
  const total = Number(count?.n ?? 0);
  if (ids.length === 0) return { cards: [], total };
  const rows = await sql.$queryRawUnsafe<HitRow[]>(
    `SELECT c.id AS id, c.articleSlug AS article, c.kind AS kind, c.content AS content, c.noteId AS noteId,
       cs.suspendedAt AS suspendedAt, cs.leech AS leech
     FROM Card c LEFT JOIN CardState cs ON cs.cardId = c.id AND cs.userId = ? WHERE c.id IN (${ids.map(() => '?').join(',')})`,
    filter.userId,
    ...ids.map((row) => row.id),
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  return {
    total,
    cards: ids.flatMap(({ id }) => {
      const row = byId.get(id);
      if (!row) return [];
      return [
        {
          id: row.id,
          article: row.article,
          kind: row.kind,
          front: frontOf(readStored(cardContentSchema, row.content, 'Card.content'), lang),
          noteId: row.noteId,
          suspended: row.suspendedAt !== null && row.suspendedAt !== undefined,
          leech: Number(row.leech ?? 0) === 1 || row.leech === true,
        },
      ];
    }),
  };
}
