import { Prisma, type Note, type PrismaClient } from '@prisma/client';
import type { NoteFields } from './authoring-schema';
import type { ArticleRecord, Content, NoteRecord } from './content';
import { hashOf } from './note-cards';
import { reindexCards, rebuildSearchIndexIfStale } from './search';
import { lockForTransaction } from './sql-dialect';
import { jsonValue, noteFieldsSchema, readStored } from './stored-json';

export interface SyncReport {
  readonly articles: number;
  readonly cardsAdded: number;
  readonly cardsUpdated: number;
  readonly cardsRetired: number;
  /** Bundled changes waiting for an editor because the same article or note was also edited in the app. */
  readonly conflicts: number;
}

type Tx = Prisma.TransactionClient;

/** The article fields an editor can change; a bundled change to them is what a local edit may conflict with. */
export function articleEditable(article: Pick<ArticleRecord, 'titleZh' | 'titleEn' | 'category' | 'date' | 'summaryZh' | 'summaryEn'>) {
  return { titleZh: article.titleZh, titleEn: article.titleEn, category: article.category, date: article.date, summaryZh: article.summaryZh, summaryEn: article.summaryEn };
}

export function noteHash(fields: NoteFields, tags: string): string {
  return hashOf([fields, tags]);
}

/** Which fields differ between two versions of a note: ["front.en", "tags"]. */
export function changedPaths(before: { fields: NoteFields; tags: string } | null, after: { fields: NoteFields; tags: string }): string[] {
  const flat = (value: { fields: NoteFields; tags: string } | null): Map<string, string> => {
    const out = new Map<string, string>();
    if (!value) return out;
    for (const [name, text] of Object.entries(value.fields)) {
      if (name === 'kind') continue;
      if (text && typeof text === 'object') for (const [lang, v] of Object.entries(text as Record<string, string>)) out.set(`${name}.${lang}`, v);
    }
    out.set('kind', value.fields.kind);
    if (value.tags) out.set('tags', value.tags);
    return out;
  };
  const a = flat(before);
  const b = flat(after);
  return [...new Set([...a.keys(), ...b.keys()])].filter((key) => a.get(key) !== b.get(key)).sort();
}

async function syncArticle(tx: Tx, article: ArticleRecord): Promise<boolean> {
  const hash = hashOf(articleEditable(article));
  const existing = await tx.article.findUnique({ where: { slug: article.slug } });
  if (!existing) {
    await tx.article.create({ data: { ...article, origin: 'bundled', bundledHash: hash } });
    return false;
  }
  if (!existing.localEditAt) {
    await tx.article.update({ where: { slug: article.slug }, data: { ...article, bundledHash: hash, pendingBundled: Prisma.DbNull } });
    return false;
  }
  // NOTE: edited in the app: position and the seed excerpt still follow the bundle (nobody edits them);
  // the editable fields stay as the editor left them, and a newer bundled version waits for a decision.
  const data: Prisma.ArticleUpdateInput = { position: article.position, excerpt: article.excerpt };
  if (existing.bundledHash !== hash) {
    const same = hashOf(articleEditable(existing)) === hash;
    if (same) Object.assign(data, { bundledHash: hash, pendingBundled: Prisma.DbNull });
    else Object.assign(data, { pendingBundled: { hash, fields: articleEditable(article) } });
  }
  await tx.article.update({ where: { slug: article.slug }, data });
  return existing.bundledHash !== hash && data.pendingBundled !== undefined && data.pendingBundled !== Prisma.DbNull;
}

/** What the sync does with one bundled note; `owned` means the app's version wins and its cards are left alone. */
async function syncNote(tx: Tx, note: NoteRecord, existing: Note | undefined, now: Date): Promise<{ owned: boolean; conflict: boolean }> {
  const hash = noteHash(note.fields, note.tags);
  const fields = jsonValue(note.fields);
  if (!existing) {
    await tx.note.create({
      data: { id: note.id, articleSlug: note.articleSlug, kind: note.kind, position: note.position, fields, tags: note.tags, origin: 'bundled', bundledHash: hash, createdAt: now },
    });
    await tx.noteVersion.create({
      data: { noteId: note.id, version: 1, fields, tags: note.tags, change: 'bundled', changed: changedPaths(null, note), createdAt: now },
    });
    return { owned: false, conflict: false };
  }
  if (existing.origin !== 'bundled') return { owned: true, conflict: false };
  if (existing.localEditAt) {
    if (existing.bundledHash === hash) return { owned: true, conflict: false };
    const current = { fields: readStored(noteFieldsSchema, existing.fields, 'Note.fields'), tags: existing.tags };
    const same = noteHash(current.fields, current.tags) === hash && !existing.retiredAt;
    await tx.note.update({
      where: { id: note.id },
      data: same ? { bundledHash: hash, pendingBundled: Prisma.DbNull } : { pendingBundled: jsonValue({ hash, fields: note.fields, tags: note.tags }) },
    });
    return { owned: true, conflict: !same };
  }
  if (existing.bundledHash !== hash || existing.retiredAt || existing.position !== note.position) {
    const before = { fields: readStored(noteFieldsSchema, existing.fields, 'Note.fields'), tags: existing.tags };
    const changed = existing.bundledHash !== hash || existing.retiredAt !== null;
    const version = changed ? existing.version + 1 : existing.version;
    await tx.note.update({
      where: { id: note.id },
      data: { fields, tags: note.tags, kind: note.kind, position: note.position, bundledHash: hash, retiredAt: null, pendingBundled: Prisma.DbNull, version },
    });
    if (changed) {
      await tx.noteVersion.create({
        data: { noteId: note.id, version, fields, tags: note.tags, change: 'bundled', changed: changedPaths(before, note), createdAt: now },
      });
    }
  }
  return { owned: false, conflict: false };
}

/**
 * Brings the database in line with the bundled content, in one transaction. Idempotent: a second run with
 * the same content changes nothing. A bundled card that left the content is retired (kept with its
 * history), and a card that comes back is un-retired. What was edited in the app is never overwritten:
 * authored and imported notes are not touched, and for a bundled note or article edited in the app a newer
 * bundled version is kept aside (`pendingBundled`) for an editor to take or decline.
 * Several app processes starting at once on one database take turns (a lock held by the transaction): the
 * first loads the content, the others find it loaded and change nothing.
 */
export async function syncContent(db: PrismaClient, content: Content, now: Date): Promise<SyncReport> {
  return db.$transaction(
    async (tx) => {
      await lockForTransaction(tx, 'content-sync');
      let conflicts = 0;
      for (const article of content.articles) if (await syncArticle(tx, article)) conflicts++;

      const notes = new Map((await tx.note.findMany()).map((n) => [n.id, n]));
      const owned = new Set<string>();
      for (const note of content.notes) {
        const result = await syncNote(tx, note, notes.get(note.id), now);
        if (result.owned) owned.add(note.id);
        if (result.conflict) conflicts++;
      }
      const bundledIds = new Set(content.notes.map((n) => n.id));
      for (const note of notes.values()) {
        if (note.origin !== 'bundled') owned.add(note.id);
        else if (!bundledIds.has(note.id)) {
          if (note.localEditAt) owned.add(note.id);
          else if (!note.retiredAt) await tx.note.update({ where: { id: note.id }, data: { retiredAt: now } });
        }
      }

      const existing = new Map(
        // NOTE: cards of families authored in the app (`…/question/…`, lib/question-families.ts) are not file content.
        (await tx.card.findMany({ where: { NOT: { id: { contains: '/question/' } } }, select: { id: true, noteId: true, contentHash: true, position: true, retiredAt: true } })).map((c) => [c.id, c]),
      );
      let cardsAdded = 0;
      let cardsUpdated = 0;
      const touched: string[] = [];
      for (const card of content.cards) {
        const before = existing.get(card.id);
        existing.delete(card.id);
        if (owned.has(card.noteId)) continue;
        const data = { ...card, content: jsonValue(card.content) };
        if (!before) {
          await tx.card.create({ data });
          cardsAdded++;
          touched.push(card.id);
        } else if (before.contentHash !== card.contentHash || before.position !== card.position || before.retiredAt) {
          await tx.card.update({ where: { id: card.id }, data: { ...data, retiredAt: null } });
          cardsUpdated++;
          touched.push(card.id);
        }
      }
      const retire = [...existing.values()].filter((c) => !c.retiredAt && !owned.has(c.noteId)).map((c) => c.id);
      if (retire.length > 0) await tx.card.updateMany({ where: { id: { in: retire } }, data: { retiredAt: now } });
      touched.push(...retire);
      if (!(await rebuildSearchIndexIfStale(tx))) await reindexCards(tx, touched);
      return { articles: content.articles.length, cardsAdded, cardsUpdated, cardsRetired: retire.length, conflicts };
    },
    { timeout: 120_000 },
  );
}
