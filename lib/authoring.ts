import { randomBytes } from 'node:crypto';
import { Prisma, type Article, type Note, type User } from '@prisma/client';
import { parseArticleFile, writeArticleFile, type FileProblem } from './article-file';
import {
  authoringLimits,
  cardInputSchema,
  cardProblems,
  noteFieldsOf,
  tagsFromColumn,
  tagsToColumn,
  type ArticleFile,
  type ArticleInput,
  type ArticlePatch,
  type CardInput,
  type ContentProblem,
  type LangText,
  type NoteFields,
} from './authoring-schema';
import { parsePaste, type PasteLang, type PasteProblem } from './bulk-paste';
import { cardContentHash, cardsOfNote } from './note-cards';
import { articleEditable, changedPaths } from './content-sync';
import { db } from './db';
import { HttpError } from './http';
import { reindexCards, searchCards, type SearchFilter, type SearchHit } from './search';
import { changedPathsSchema, jsonValue, noteFieldsSchema, pendingArticleSchema, pendingNoteSchema, readStored, type PendingArticle } from './stored-json';

type Tx = Prisma.TransactionClient;

/** A 400 that lists what is wrong with submitted content, each problem with where it is. */
export class ContentProblemsError extends HttpError {
  constructor(
    message: string,
    readonly problems: readonly (ContentProblem | FileProblem | PasteProblem)[],
  ) {
    super(400, message);
  }
}

export type Role = 'admin' | 'editor' | 'member';

export function canEdit(user: Pick<User, 'role'> | null): boolean {
  return user?.role === 'admin' || user?.role === 'editor';
}

/** Sets a member's role (admin only; the admin's own role cannot change). */
export async function setUserRole(actorId: string, userId: string, role: 'editor' | 'member'): Promise<void> {
  if (actorId === userId) throw new HttpError(400, 'you cannot change your own role');
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user) throw new HttpError(404, 'no such user');
  if (user.role === 'admin') throw new HttpError(400, "the admin's role cannot be changed");
  await db.user.update({ where: { id: userId }, data: { role } });
}

function assertValid(card: CardInput): void {
  const problems = cardProblems(card);
  if (problems.length > 0) {
    throw new ContentProblemsError(problems.map((p) => `${p.path.join('.')}: ${p.message}`).join('; '), problems);
  }
}

function newCardId(): string {
  return `card-${randomBytes(4).toString('hex')}`;
}

async function nextArticlePosition(tx: Tx): Promise<number> {
  const last = await tx.article.aggregate({ _max: { position: true } });
  return (last._max.position ?? 0) + 1;
}

async function nextCardPosition(tx: Tx, slug: string): Promise<number> {
  const last = await tx.card.aggregate({ where: { articleSlug: slug }, _max: { position: true } });
  return (last._max.position ?? -1) + 1;
}

async function liveArticle(tx: Tx, slug: string): Promise<Article> {
  const article = await tx.article.findUnique({ where: { slug } });
  if (!article) throw new HttpError(404, 'no such article');
  return article;
}

function articleData(input: ArticlePatch) {
  const data: Record<string, string | null> = {};
  if (input.title) Object.assign(data, { titleZh: input.title.zh ?? '', titleEn: input.title.en ?? '' });
  if (input.category !== undefined) data.category = input.category;
  if (input.summary !== undefined) Object.assign(data, { summaryZh: input.summary.zh ?? '', summaryEn: input.summary.en ?? '' });
  if (input.date !== undefined) data.date = input.date;
  if (input.source !== undefined) data.sourceUrl = input.source;
  return data;
}

function summaryProblems(summary: LangText | undefined): ContentProblem[] {
  return cardProblems({ kind: 'basic', front: summary ?? {}, back: {} }).map((p) => ({ path: ['summary', ...p.path.slice(1)], message: p.message }));
}

/** POST /articles: a new authored article (no cards yet). */
export async function createArticle(user: User, input: ArticleInput, now: Date): Promise<{ slug: string }> {
  const problems = summaryProblems(input.summary);
  if (problems.length > 0) throw new ContentProblemsError(problems.map((p) => `${p.path.join('.')}: ${p.message}`).join('; '), problems);
  try {
    await db.$transaction(async (tx) => {
      await tx.article.create({
        data: {
          slug: input.slug,
          position: await nextArticlePosition(tx),
          titleZh: input.title.zh ?? '',
          titleEn: input.title.en ?? '',
          category: input.category ?? '',
          date: input.date ?? null,
          excerpt: '',
          summaryZh: input.summary?.zh ?? '',
          summaryEn: input.summary?.en ?? '',
          sourceUrl: input.source ?? null,
          origin: 'authored',
          createdById: user.id,
          localEditAt: now,
        },
      });
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new HttpError(409, `an article with the slug ${input.slug} already exists`);
    throw error;
  }
  return { slug: input.slug };
}

/** PATCH /articles/<slug>: edits the article's own fields; a bundled article keeps the edit across restarts. */
export async function updateArticle(slug: string, patch: ArticlePatch, now: Date): Promise<void> {
  const problems = summaryProblems(patch.summary);
  if (problems.length > 0) throw new ContentProblemsError(problems.map((p) => `${p.path.join('.')}: ${p.message}`).join('; '), problems);
  await db.$transaction(async (tx) => {
    await liveArticle(tx, slug);
    await tx.article.update({ where: { slug }, data: { ...articleData(patch), localEditAt: now } });
  });
}

/** Takes the newer bundled version of an article ('bundled') or keeps the local edit ('mine'). */
export async function resolveArticleConflict(slug: string, take: 'bundled' | 'mine'): Promise<void> {
  await db.$transaction(async (tx) => {
    const article = await liveArticle(tx, slug);
    if (!article.pendingBundled) throw new HttpError(409, 'this article has no bundled change waiting');
    const pending = readStored(pendingArticleSchema, article.pendingBundled, 'Article.pendingBundled');
    await tx.article.update({
      where: { slug },
      data: take === 'bundled' ? { ...pending.fields, bundledHash: pending.hash, pendingBundled: Prisma.DbNull, localEditAt: null } : { bundledHash: pending.hash, pendingBundled: Prisma.DbNull },
    });
  });
}

/** Writes the cards of a note after an edit: changed ones updated, new deletions added, vanished ones retired. */
async function writeNoteCards(tx: Tx, note: { id: string; articleSlug: string }, fields: NoteFields | null, now: Date): Promise<string[]> {
  const existing = await tx.card.findMany({ where: { noteId: note.id } });
  const wanted = fields ? cardsOfNote(note.id, fields) : [];
  const touched: string[] = [];
  let position = await nextCardPosition(tx, note.articleSlug);
  for (const card of wanted) {
    const before = existing.find((c) => c.id === card.id);
    const data = { content: jsonValue(card.content), contentHash: cardContentHash(card.content), kind: card.content.kind, retiredAt: null };
    if (!before) {
      await tx.card.create({ data: { id: card.id, articleSlug: note.articleSlug, noteId: note.id, position: position++, ...data, createdAt: now } });
      touched.push(card.id);
    } else if (before.contentHash !== data.contentHash || before.retiredAt) {
      await tx.card.update({ where: { id: card.id }, data });
      touched.push(card.id);
    }
  }
  const keep = new Set(wanted.map((c) => c.id));
  for (const card of existing) {
    if (!keep.has(card.id) && !card.retiredAt) {
      await tx.card.update({ where: { id: card.id }, data: { retiredAt: now } });
      touched.push(card.id);
    }
  }
  return touched;
}

async function insertNote(tx: Tx, user: User, slug: string, card: CardInput & { id: string }, origin: 'authored' | 'imported', now: Date, guid?: string): Promise<string> {
  const noteId = `${slug}/${card.id}`;
  const fields = noteFieldsOf(card);
  const tags = tagsToColumn(card.tags);
  if (await tx.note.findUnique({ where: { id: noteId } })) throw new HttpError(409, `a card with the id ${card.id} already exists in ${slug}`);
  const count = await tx.note.count({ where: { articleSlug: slug, retiredAt: null } });
  if (count >= authoringLimits.cardsPerArticle) throw new HttpError(413, `an article holds at most ${authoringLimits.cardsPerArticle} cards`);
  const position = await nextCardPosition(tx, slug);
  await tx.note.create({
    data: { id: noteId, articleSlug: slug, kind: card.kind, position, fields: jsonValue(fields), tags, origin, localEditAt: now, createdAt: now, ...(guid ? { guid } : {}) },
  });
  await tx.noteVersion.create({
    data: {
      noteId,
      version: 1,
      fields: jsonValue(fields),
      tags,
      authorId: user.id,
      change: origin === 'imported' ? 'imported' : 'created',
      changed: changedPaths(null, { fields, tags }),
      createdAt: now,
    },
  });
  const touched = await writeNoteCards(tx, { id: noteId, articleSlug: slug }, fields, now);
  await reindexCards(tx, touched);
  return noteId;
}

/** POST /articles/<slug>/cards: a new card (a note: one basic card or the deletions of a cloze text). */
export async function addCard(user: User, slug: string, input: CardInput, now: Date): Promise<{ id: string; version: number }> {
  assertValid(input);
  return db.$transaction(async (tx) => {
    await liveArticle(tx, slug);
    const id = await insertNote(tx, user, slug, { ...input, id: input.id ?? newCardId() }, 'authored', now);
    return { id, version: 1 };
  });
}

/** The note a card id names: a note id itself, or a card of a note (`…/c2`). */
async function noteOf(tx: Tx, id: string): Promise<Note> {
  const direct = await tx.note.findUnique({ where: { id } });
  if (direct) return direct;
  const card = await tx.card.findUnique({ where: { id }, select: { noteId: true, kind: true } });
  if (card?.kind === 'problem') throw new HttpError(400, 'an exercise card is edited as a problem family, not here');
  const note = card ? await tx.note.findUnique({ where: { id: card.noteId } }) : null;
  if (!note) throw new HttpError(404, 'no such card');
  return note;
}

/** PATCH /cards/<id>: a new version of the card; earlier versions and every review stay. */
export async function editCard(user: User, id: string, input: CardInput, now: Date): Promise<{ id: string; version: number }> {
  assertValid(input);
  return db.$transaction(async (tx) => {
    const note = await noteOf(tx, id);
    if (note.kind !== input.kind) throw new HttpError(400, `this card is ${note.kind}; its kind cannot change (retire it and write a new card)`);
    const before = { fields: readStored(noteFieldsSchema, note.fields, 'Note.fields'), tags: note.tags };
    const after = { fields: noteFieldsOf(input), tags: input.tags === undefined ? note.tags : tagsToColumn(input.tags) };
    const changed = changedPaths(before, after);
    if (changed.length === 0 && !note.retiredAt) return { id: note.id, version: note.version };
    const version = note.version + 1;
    await tx.note.update({
      where: { id: note.id },
      data: { fields: jsonValue(after.fields), tags: after.tags, version, localEditAt: now, retiredAt: null },
    });
    await tx.noteVersion.create({
      data: { noteId: note.id, version, fields: jsonValue(after.fields), tags: after.tags, authorId: user.id, change: note.retiredAt ? 'restored' : 'edited', changed, createdAt: now },
    });
    await reindexCards(tx, await writeNoteCards(tx, note, after.fields, now));
    return { id: note.id, version };
  });
}

/** DELETE /cards/<id>: retires the card's note (its cards leave every queue; versions and reviews stay). */
export async function retireCard(user: User, id: string, now: Date): Promise<{ id: string; version: number }> {
  return db.$transaction(async (tx) => {
    const note = await noteOf(tx, id);
    if (note.retiredAt) return { id: note.id, version: note.version };
    const version = note.version + 1;
    await tx.note.update({ where: { id: note.id }, data: { retiredAt: now, version, localEditAt: now } });
    await tx.noteVersion.create({
      data: { noteId: note.id, version, fields: jsonValue(readStored(noteFieldsSchema, note.fields, 'Note.fields')), tags: note.tags, retired: true, authorId: user.id, change: 'retired', changed: [], createdAt: now },
    });
    await reindexCards(tx, await writeNoteCards(tx, note, null, now));
    return { id: note.id, version };
  });
}

/** Takes the newer bundled version of a note ('bundled', recorded as a new version) or keeps the local one ('mine'). */
export async function resolveCardConflict(user: User, id: string, take: 'bundled' | 'mine', now: Date): Promise<{ id: string; version: number }> {
  return db.$transaction(async (tx) => {
    const note = await noteOf(tx, id);
    if (!note.pendingBundled) throw new HttpError(409, 'this card has no bundled change waiting');
    const pending = readStored(pendingNoteSchema, note.pendingBundled, 'Note.pendingBundled');
    if (take === 'mine') {
      await tx.note.update({ where: { id: note.id }, data: { bundledHash: pending.hash, pendingBundled: Prisma.DbNull } });
      return { id: note.id, version: note.version };
    }
    const version = note.version + 1;
    const before = { fields: readStored(noteFieldsSchema, note.fields, 'Note.fields'), tags: note.tags };
    await tx.note.update({
      where: { id: note.id },
      data: { fields: jsonValue(pending.fields), tags: pending.tags, version, bundledHash: pending.hash, pendingBundled: Prisma.DbNull, localEditAt: null, retiredAt: null },
    });
    await tx.noteVersion.create({
      data: { noteId: note.id, version, fields: jsonValue(pending.fields), tags: pending.tags, authorId: user.id, change: 'bundled', changed: changedPaths(before, pending), createdAt: now },
    });
    await reindexCards(tx, await writeNoteCards(tx, note, pending.fields, now));
    return { id: note.id, version };
  });
}

export interface NoteVersionView {
  readonly version: number;
  readonly change: string;
  readonly changed: readonly string[];
  readonly author: string | null;
  readonly createdAt: string;
  readonly fields: NoteFields;
  readonly tags: readonly string[];
}

export interface NoteDetail {
  readonly id: string;
  readonly articleSlug: string;
  readonly kind: 'basic' | 'cloze';
  readonly origin: string;
  readonly version: number;
  readonly retired: boolean;
  readonly fields: NoteFields;
  readonly tags: readonly string[];
  readonly cardIds: readonly string[];
  readonly versions: readonly NoteVersionView[];
  readonly pendingBundled: { readonly fields: NoteFields; readonly tags: readonly string[]; readonly changed: readonly string[] } | null;
}

/** A note with its cards, every version (newest first, with author names) and any bundled change waiting. */
export async function noteDetail(id: string): Promise<NoteDetail | null> {
  try {
    return await db.$transaction(async (tx) => {
      const note = await noteOf(tx, id);
      const [versions, cards] = await Promise.all([
        tx.noteVersion.findMany({ where: { noteId: note.id }, orderBy: { version: 'desc' } }),
        tx.card.findMany({ where: { noteId: note.id, retiredAt: null }, orderBy: { position: 'asc' }, select: { id: true } }),
      ]);
      const authorIds = [...new Set(versions.flatMap((v) => (v.authorId ? [v.authorId] : [])))];
      const authors = new Map((await tx.user.findMany({ where: { id: { in: authorIds } }, select: { id: true, username: true } })).map((u) => [u.id, u.username]));
      const fields = readStored(noteFieldsSchema, note.fields, 'Note.fields');
      const pending = note.pendingBundled === null ? null : readStored(pendingNoteSchema, note.pendingBundled, 'Note.pendingBundled');
      return {
        id: note.id,
        articleSlug: note.articleSlug,
        kind: note.kind,
        origin: note.origin,
        version: note.version,
        retired: note.retiredAt !== null,
        fields,
        tags: tagsFromColumn(note.tags),
        cardIds: cards.map((c) => c.id),
        versions: versions.map((v) => ({
          version: v.version,
          change: v.change,
          changed: readStored(changedPathsSchema, v.changed, 'NoteVersion.changed'),
          author: v.authorId ? (authors.get(v.authorId) ?? null) : null,
          createdAt: v.createdAt.toISOString(),
          fields: readStored(noteFieldsSchema, v.fields, 'NoteVersion.fields'),
          tags: tagsFromColumn(v.tags),
        })),
        pendingBundled: pending
          ? { fields: pending.fields, tags: tagsFromColumn(pending.tags), changed: changedPaths({ fields, tags: note.tags }, { fields: pending.fields, tags: pending.tags }) }
          : null,
      };
    });
  } catch (error) {
    if (error instanceof HttpError && error.status === 404) return null;
    throw error;
  }
}

/** Which of these cards the learner has suspended. */
export async function suspendedCards(userId: string, cardIds: readonly string[]): Promise<Set<string>> {
  const states = await db.cardState.findMany({ where: { userId, cardId: { in: [...cardIds] }, suspendedAt: { not: null } }, select: { cardId: true } });
  return new Set(states.map((s) => s.cardId));
}

/** An article's stored row (for its editor page) with any bundled change waiting, or null. */
export async function articleRow(slug: string): Promise<(Omit<Article, 'pendingBundled'> & { pendingBundled: PendingArticle | null }) | null> {
  const article = await db.article.findUnique({ where: { slug } });
  if (!article) return null;
  return { ...article, pendingBundled: article.pendingBundled === null ? null : readStored(pendingArticleSchema, article.pendingBundled, 'Article.pendingBundled') };
}

/** The notes of an article, in order, for its editor page. */
export async function articleNotes(slug: string): Promise<{ id: string; kind: string; fields: NoteFields; tags: string[]; version: number; pending: boolean }[]> {
  const notes = await db.note.findMany({ where: { articleSlug: slug, retiredAt: null }, orderBy: { position: 'asc' } });
  return notes.map((n) => ({ id: n.id, kind: n.kind, fields: readStored(noteFieldsSchema, n.fields, 'Note.fields'), tags: tagsFromColumn(n.tags), version: n.version, pending: n.pendingBundled !== null }));
}

/** The article as its file: the article's fields and its live cards (problem cards belong to families, not here). */
export async function exportArticle(slug: string): Promise<{ file: ArticleFile; text: string }> {
  const article = await db.article.findUnique({ where: { slug } });
  if (!article) throw new HttpError(404, 'no such article');
  const notes = await db.note.findMany({ where: { articleSlug: slug, retiredAt: null }, orderBy: { position: 'asc' } });
  const only = (zh: string, en: string): LangText => ({ ...(zh ? { zh } : {}), ...(en ? { en } : {}) });
  const file: ArticleFile = {
    slug: article.slug,
    ...(article.category ? { category: article.category } : {}),
    title: only(article.titleZh, article.titleEn),
    ...(article.summaryZh || article.summaryEn ? { summary: only(article.summaryZh, article.summaryEn) } : {}),
    ...(article.date ? { date: article.date } : {}),
    ...(article.sourceUrl ? { source: article.sourceUrl } : {}),
    cards: notes.map((note) => {
      const fields = readStored(noteFieldsSchema, note.fields, 'Note.fields');
      const id = note.id.slice(slug.length + 1);
      const tags = tagsFromColumn(note.tags);
      const withTags = tags.length > 0 ? { tags } : {};
      return fields.kind === 'basic'
        ? { id, kind: 'basic' as const, front: fields.front, back: fields.back, ...withTags }
        : { id, kind: 'cloze' as const, text: fields.text, ...(fields.extra ? { extra: fields.extra } : {}), ...withTags };
    }),
  };
  return { file, text: writeArticleFile(file) };
}

/** POST /articles/import: validates the whole file first; any problem → 400 with every problem and its line, nothing created. */
export async function importArticle(user: User, text: string, now: Date): Promise<{ slug: string; cards: number }> {
  const slugs = new Set((await db.article.findMany({ select: { slug: true } })).map((a) => a.slug));
  const parsed = parseArticleFile(text, (slug) => slugs.has(slug));
  if (!parsed.ok) {
    throw new ContentProblemsError(parsed.problems.map((p) => `line ${p.line}: ${p.path ? `${p.path}: ` : ''}${p.message}`).join('\n'), parsed.problems);
  }
  const file = parsed.file;
  try {
    await db.$transaction(
      async (tx) => {
        await tx.article.create({
          data: {
            slug: file.slug,
            position: await nextArticlePosition(tx),
            titleZh: file.title.zh ?? '',
            titleEn: file.title.en ?? '',
            category: file.category ?? '',
            date: file.date ?? null,
            excerpt: '',
            summaryZh: file.summary?.zh ?? '',
            summaryEn: file.summary?.en ?? '',
            sourceUrl: file.source ?? null,
            origin: 'imported',
            createdById: user.id,
            localEditAt: now,
          },
        });
        for (const card of file.cards) await insertNote(tx, user, file.slug, card, 'imported', now);
      },
      { timeout: 60_000 },
    );
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new HttpError(409, `an article with the slug ${file.slug} already exists`);
    throw error;
  }
  return { slug: file.slug, cards: file.cards.length };
}

export interface PastePreview {
  readonly cards: readonly { line: number; card: CardInput; problems: readonly ContentProblem[] }[];
  readonly problems: readonly PasteProblem[];
}

/** Reads a pasted block: every card with what is wrong with it (nothing stored). */
export function previewPaste(text: string, lang: PasteLang): PastePreview {
  const parsed = parsePaste(text, lang, authoringLimits.pasteCards);
  const problems: PasteProblem[] = [...parsed.problems];
  const cards = parsed.cards.map(({ line, card }) => {
    const shape = cardInputSchema.safeParse(card);
    if (!shape.success) {
      const issues = shape.error.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message }));
      for (const issue of issues) problems.push({ line, message: `${issue.path.join('.')}: ${issue.message}` });
      return { line, card: card as CardInput, problems: issues };
    }
    const found = cardProblems(shape.data);
    for (const problem of found) problems.push({ line, message: `${problem.path.join('.')}: ${problem.message}` });
    return { line, card: shape.data, problems: found };
  });
  return { cards, problems: problems.sort((a, b) => a.line - b.line) };
}

/** Creates every pasted card in one transaction, or none when any has a problem. */
export async function confirmPaste(user: User, slug: string, text: string, lang: PasteLang, now: Date): Promise<{ ids: string[] }> {
  const preview = previewPaste(text, lang);
  if (preview.problems.length > 0) {
    throw new ContentProblemsError(preview.problems.map((p) => `line ${p.line}: ${p.message}`).join('\n'), preview.problems);
  }
  if (preview.cards.length === 0) throw new HttpError(400, 'nothing to create: the paste holds no cards');
  return db.$transaction(async (tx) => {
    await liveArticle(tx, slug);
    const ids: string[] = [];
    for (const { card } of preview.cards) ids.push(await insertNote(tx, user, slug, { ...card, id: card.id ?? newCardId() }, 'authored', now));
    return { ids };
  });
}


/** GET /search and the browse page: the caller's search, fronts in their language. */
export async function searchFor(user: User, filter: Omit<SearchFilter, 'userId'>): Promise<{ cards: SearchHit[]; total: number }> {
  return searchCards(db, { ...filter, userId: user.id }, user.lang === 'en' ? 'en' : 'zh');
}
