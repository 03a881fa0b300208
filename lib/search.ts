// Full-text search over cards: every raw SQL statement of the search index lives in this module, in
// both forms: SQLite FTS5, and PostgreSQL full-text search (tsvector with a GIN index).
//
// NOTE: Chinese has no spaces, and FTS5's unicode61 tokenizer would take a whole Chinese sentence as one
// token. The index therefore stores every Han (and kana/hangul) character as its own token, and a query
// turns each run of such characters into a phrase ("矩 阵" matches 矩阵 anywhere, as a substring search
// does). Unlike word segmentation (Intl.Segmenter), this finds a word however the sentence around it
// would have been segmented, and needs no dictionary. Latin words are matched by prefix.
// On PostgreSQL the same tokens are made here, in TypeScript (`lexemes`: lower case, no diacritics, as
// unicode61 does), and stored as a tsvector literal, so that matching never depends on the server's
// text-search configuration or locale.
import { Prisma } from '@prisma/client';
import type { Lang } from './accounts';
import { textIn } from './authoring-schema';
import type { CardContent } from './note-cards';
import { clozeView } from './cloze';
import { dialectOf, type RawSql } from './sql-dialect';
import { storedCardContent } from './stored-json';

type Sql = RawSql;

const cjk = /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])/gu;
const cjkChar = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]$/u;
const deletion = /\{\{c\d+::((?:(?!\}\}).)+?)(?:::((?:(?!\}\}).)+?))?\}\}/gs;

/** Creates the index table when missing (idempotent). */
export async function ensureSearchIndex(sql: Sql): Promise<void> {
  if (dialectOf(sql) === 'postgresql') {
    await sql.$executeRaw`create table if not exists card_search (card_id text primary key, article text not null, body tsvector not null, tags tsvector not null)`;
    await sql.$executeRaw`create index if not exists card_search_body on card_search using gin (body)`;
    await sql.$executeRaw`create index if not exists card_search_tags on card_search using gin (tags)`;
    return;
  }
  await sql.$executeRaw`create virtual table if not exists card_search using fts5(card_id unindexed, article unindexed, body, tags, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')`;
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

/** A search term: a Latin (or other spaced-script) word matched by prefix, or a CJK run matched as a phrase of characters. */
type Term = { readonly kind: 'prefix'; readonly word: string } | { readonly kind: 'phrase'; readonly chars: readonly string[] };

/** The terms of what a person typed (at most 16 words); operators and punctuation are dropped. */
function queryTerms(text: string): Term[] {
  const words = text.normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? [];
  const terms: Term[] = [];
  for (const word of words.slice(0, 16)) {
    const runs = word.match(/([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|[^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+)/gu) ?? [];
    for (const run of runs) terms.push(cjkChar.test(run[0] ?? '') ? { kind: 'phrase', chars: [...run] } : { kind: 'prefix', word: run });
  }
  return terms;
}

/** An FTS5 query for what a person typed: every word must occur (Latin words by prefix, CJK runs as phrases). */
export function ftsQuery(text: string): string | null {
  const terms = queryTerms(text).map((term) => (term.kind === 'phrase' ? `"${term.chars.join(' ')}"` : `"${term.word}"*`));
  return terms.length > 0 ? terms.join(' ') : null;
}

/** A token as FTS5's unicode61 tokenizer with remove_diacritics makes it: lower case, without diacritics. */
function foldToken(token: string): string {
  return token.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').normalize('NFC');
}

/** The tokens of a search body, in order: runs of letters and digits, folded (the PostgreSQL index's lexemes). */
export function lexemes(body: string): string[] {
  return (body.match(/[\p{L}\p{N}\p{Co}]+/gu) ?? []).map((token) => foldToken(token).slice(0, 100));
}

/**
 * A tsvector literal of the tokens with their positions: `'lora':1 'rank':2,5`. Tokens hold letters and
 * digits only, so quoting needs no escapes. PostgreSQL keeps positions up to 16383 and 256 per lexeme.
 */
export function tsvectorLiteral(tokens: readonly string[]): string {
  const positions = new Map<string, number[]>();
  tokens.forEach((token, i) => {
    const list = positions.get(token) ?? [];
    if (list.length < 256) list.push(Math.min(i + 1, 16383));
    positions.set(token, list);
  });
  return [...positions].map(([token, at]) => `'${token}':${[...new Set(at)].join(',')}`).join(' ');
}

/** A tsquery for what a person typed, with the same meaning as {@link ftsQuery}: 'lora':* & ('低' <-> '秩'). */
export function tsQuery(text: string): string | null {
  const terms = queryTerms(text).flatMap((term) => {
    if (term.kind === 'phrase') return [`(${term.chars.map((char) => `'${foldToken(char)}'`).join(' <-> ')})`];
    const tokens = lexemes(term.word);
    return tokens.length > 0 ? [tokens.map((token) => `'${token}':*`).join(' & ')] : [];
  });
  return terms.length > 0 ? terms.join(' & ') : null;
}

interface IndexRow {
  id: string;
  article: string;
  content: unknown;
  tags: string | null;
}

async function insertRows(sql: Sql, rows: readonly IndexRow[]): Promise<void> {
  const postgres = dialectOf(sql) === 'postgresql';
  // NOTE: one statement per 200 rows: a statement through the driver adapter costs far more than a row.
  for (let i = 0; i < rows.length; i += 200) {
    const values = rows.slice(i, i + 200).map((row) => {
      const body = searchBody(storedCardContent(row.content), row.tags ?? '');
      const tags = (row.tags ?? '').split(' ').filter(Boolean).map(tagToken);
      if (postgres) return Prisma.sql`(${row.id}, ${row.article}, ${tsvectorLiteral(lexemes(body))}::tsvector, ${tsvectorLiteral(tags)}::tsvector)`;
      return Prisma.sql`(${row.id}, ${row.article}, ${body}, ${tags.join(' ')})`;
    });
    if (values.length > 0) await sql.$executeRaw`insert into card_search (card_id, article, body, tags) values ${Prisma.join(values)}`;
  }
}

const liveCardRows = (only: Prisma.Sql = Prisma.empty) => Prisma.sql`
  select c."id" as id, c."articleSlug" as article, c."content" as content, n."tags" as tags
  from "Card" c left join "Note" n on n."id" = c."noteId" where c."retiredAt" is null ${only}`;

const count = async (sql: Sql, query: Prisma.Sql) => Number((await sql.$queryRaw<{ n: bigint | number }[]>(query))[0]?.n ?? 0);

/** Brings the index entries of these cards up to date (retired cards leave the index). */
export async function reindexCards(sql: Sql, cardIds: readonly string[]): Promise<void> {
  if (cardIds.length === 0) return;
  for (let i = 0; i < cardIds.length; i += 500) {
    const chunk = Prisma.join(cardIds.slice(i, i + 500));
    await sql.$executeRaw`delete from card_search where card_id in (${chunk})`;
    await insertRows(sql, await sql.$queryRaw<IndexRow[]>(liveCardRows(Prisma.sql`and c."id" in (${chunk})`)));
  }
}

/** Rebuilds the whole index when it does not hold exactly the live cards (a fresh install, an older database). */
export async function rebuildSearchIndexIfStale(sql: Sql): Promise<boolean> {
  await ensureSearchIndex(sql);
  const indexed = await count(sql, Prisma.sql`select count(*) as n from card_search`);
  const live = await count(sql, Prisma.sql`select count(*) as n from "Card" where "retiredAt" is null`);
  const missing = await count(
    sql,
    Prisma.sql`select count(*) as n from "Card" c where c."retiredAt" is null and not exists (select 1 from card_search s where s.card_id = c."id")`,
  );
  if (indexed === live && missing === 0) return false;
  await rebuildSearchIndex(sql);
  return true;
}

/** Rebuilds the whole index from the live cards (after a copy of the database: lib/db-copy.ts). */
export async function rebuildSearchIndex(sql: Sql): Promise<void> {
  await ensureSearchIndex(sql);
  await sql.$executeRaw`delete from card_search`;
  await insertRows(sql, await sql.$queryRaw<IndexRow[]>(liveCardRows()));
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
  const postgres = dialectOf(sql) === 'postgresql';
  const text = filter.q ? (postgres ? tsQuery(filter.q) : ftsQuery(filter.q)) : null;
  if (filter.q && !text) return { cards: [], total: 0 };
  const matching = text !== null || filter.tag !== undefined;
  const where: Prisma.Sql[] = [];
  if (postgres) {
    if (text) where.push(Prisma.sql`s.body @@ ${text}::tsquery`);
    if (filter.tag) where.push(Prisma.sql`s.tags @@ ${`'${tagToken(filter.tag)}'`}::tsquery`);
  } else if (matching) {
    const terms = [...(text ? [`body : (${text})`] : []), ...(filter.tag ? [`tags : ${tagToken(filter.tag)}`] : [])];
    where.push(Prisma.sql`card_search match ${terms.join(' AND ')}`);
  }
  if (!matching) where.push(Prisma.sql`c."retiredAt" is null`);
  const idColumn = matching ? Prisma.sql`s.card_id` : Prisma.sql`c."id"`;
  if (filter.article) where.push(matching ? Prisma.sql`s.article = ${filter.article}` : Prisma.sql`c."articleSlug" = ${filter.article}`);
  if (filter.state) {
    // NOTE: EXISTS per match (a primary-key lookup), not IN (…): FTS5 cannot seek on card_id, and an
    // IN list there can make SQLite re-run the MATCH for every value.
    const condition = filter.state === 'suspended' ? Prisma.sql`cs2."suspendedAt" is not null` : Prisma.sql`cs2."leech" = ${Prisma.raw(postgres ? 'true' : '1')}`;
    where.push(Prisma.sql`exists (select 1 from "CardState" cs2 where cs2."userId" = ${filter.userId} and cs2."cardId" = ${idColumn} and ${condition})`);
  }
  const from = matching ? Prisma.sql`card_search s` : Prisma.sql`"Card" c join "Article" a on a."slug" = c."articleSlug"`;
  const order = !matching
    ? Prisma.sql`order by a."position", c."position"`
    : !postgres
      ? Prisma.sql`order by s.rank`
      : text
        ? Prisma.sql`order by ts_rank(s.body, ${text}::tsquery) desc, s.card_id`
        : Prisma.sql`order by s.card_id`;
  const conditions = Prisma.join(where, ' and ');
  const ids = await sql.$queryRaw<{ id: string }[]>`select ${idColumn} as id from ${from} where ${conditions} ${order} limit ${filter.limit} offset ${filter.offset}`;
  const total = await count(sql, Prisma.sql`select count(*) as n from ${from} where ${conditions}`);
  if (ids.length === 0) return { cards: [], total };
  const rows = await sql.$queryRaw<HitRow[]>`
    select c."id" as id, c."articleSlug" as article, c."kind" as kind, c."content" as content, c."noteId" as "noteId",
      cs."suspendedAt" as "suspendedAt", cs."leech" as leech
    from "Card" c left join "CardState" cs on cs."cardId" = c."id" and cs."userId" = ${filter.userId}
    where c."id" in (${Prisma.join(ids.map((row) => row.id))})`;
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
          front: frontOf(storedCardContent(row.content), lang),
          noteId: row.noteId,
          suspended: row.suspendedAt !== null && row.suspendedAt !== undefined,
          leech: Number(row.leech ?? 0) === 1 || row.leech === true,
        },
      ];
    }),
  };
}
