import fs from 'node:fs';
import type { PrismaClient, User } from '@prisma/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildContent, readArticleSources, seedFile, type FamilySummary } from '../lib/content';
import type { ArticleSource } from '../lib/content-schema';
import { migrate } from '../lib/migrations';
import { createTestDatabase } from './helpers/test-database';
import { noteFieldsSchema, readStored } from '../lib/stored-json';

// The app's modules read DATABASE_URL when first imported: point it at this test's database first.
const database = await createTestDatabase();
process.env.DATABASE_URL = database.url;

const seedText = fs.readFileSync(seedFile, 'utf8');
const sources = readArticleSources();
const families: FamilySummary[] = [];
let db: PrismaClient;
let authoring: typeof import('../lib/authoring');
let sync: typeof import('../lib/content-sync');
let editor: User;

function withLora(change: (lora: ArticleSource) => ArticleSource): ArticleSource[] {
  return sources.map((source) => (source.slug === 'lora' ? change(source) : source));
}

function withCoreIdeaFront(en: string): ArticleSource[] {
  return withLora((lora) => ({ ...lora, cards: lora.cards.map((card) => (card.id === 'core-idea' && card.kind === 'basic' ? { ...card, front: { ...card.front, en } } : card)) }));
}

beforeAll(async () => {
  await migrate(database.url);
  db = (await import('../lib/db')).db;
  authoring = await import('../lib/authoring');
  sync = await import('../lib/content-sync');
  await sync.syncContent(db, buildContent(seedText, sources, families), new Date('2026-11-01T00:00:00Z'));
  editor = await db.user.create({ data: { id: 'editor-1', username: 'editor', passwordHash: 'x', role: 'editor' } });
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

const coreIdea = () => db.note.findUniqueOrThrow({ where: { id: 'lora/core-idea' } });

describe('bundled content and edits made in the app', () => {
  it('applies a newer bundled card to a card nobody edited, as a new version', async () => {
    const report = await sync.syncContent(db, buildContent(seedText, withCoreIdeaFront('Say what LoRA does, in one sentence.'), families), new Date('2026-11-02T00:00:00Z'));
    expect(report).toMatchObject({ cardsUpdated: 1, conflicts: 0 });
    const note = await coreIdea();
    expect(note.version).toBe(2);
    expect(note.fields).toMatchObject({ front: { en: 'Say what LoRA does, in one sentence.' } });
    const card = await db.card.findUniqueOrThrow({ where: { id: 'lora/core-idea' } });
    expect(card.content).toMatchObject({ front: { en: 'Say what LoRA does, in one sentence.' } });
  });

  it('never overwrites an edit made in the app: not on a restart, not by a newer bundled file, which waits as a diff', async () => {
    const before = readStored(noteFieldsSchema, (await coreIdea()).fields, 'Note.fields');
    if (before.kind !== 'basic') throw new Error('lora/core-idea is a basic card');
    const edited = await authoring.editCard(editor, 'lora/core-idea', { kind: 'basic', front: { ...before.front, en: 'In one sentence: what does LoRA train?' }, back: before.back }, new Date('2026-11-03T00:00:00Z'));
    expect(edited).toEqual({ id: 'lora/core-idea', version: 3 });

    // A restart with the same bundled content changes nothing.
    const same = buildContent(seedText, withCoreIdeaFront('Say what LoRA does, in one sentence.'), families);
    expect(await sync.syncContent(db, same, new Date('2026-11-04T00:00:00Z'))).toMatchObject({ cardsAdded: 0, cardsUpdated: 0, cardsRetired: 0, conflicts: 0 });
    expect((await coreIdea()).fields).toMatchObject({ front: { en: 'In one sentence: what does LoRA train?' } });

    // A newer bundled file: the edit stays; the bundled change waits for an editor.
    const newer = buildContent(seedText, withCoreIdeaFront('What does LoRA freeze, and what does it learn?'), families);
    expect(await sync.syncContent(db, newer, new Date('2026-11-05T00:00:00Z'))).toMatchObject({ conflicts: 1 });
    const card = await db.card.findUniqueOrThrow({ where: { id: 'lora/core-idea' } });
    expect(card.content).toMatchObject({ front: { en: 'In one sentence: what does LoRA train?' } });
    const detail = await authoring.noteDetail('lora/core-idea');
    expect(detail?.pendingBundled).toMatchObject({ changed: ['front.en'], fields: { front: { en: 'What does LoRA freeze, and what does it learn?' } } });

    // Keeping mine settles it for this bundled version; a restart does not ask again.
    await authoring.resolveCardConflict(editor, 'lora/core-idea', 'mine', new Date('2026-11-06T00:00:00Z'));
    expect((await coreIdea()).pendingBundled).toBeNull();
    expect(await sync.syncContent(db, newer, new Date('2026-11-07T00:00:00Z'))).toMatchObject({ conflicts: 0 });
    expect((await coreIdea()).fields).toMatchObject({ front: { en: 'In one sentence: what does LoRA train?' } });
  });

  it('takes the bundled version when the editor chooses it, recorded as a version', async () => {
    const newest = buildContent(seedText, withCoreIdeaFront('Which weights does LoRA train?'), families);
    expect(await sync.syncContent(db, newest, new Date('2026-11-08T00:00:00Z'))).toMatchObject({ conflicts: 1 });
    const taken = await authoring.resolveCardConflict(editor, 'lora/core-idea', 'bundled', new Date('2026-11-09T00:00:00Z'));
    expect(taken).toEqual({ id: 'lora/core-idea', version: 4 });
    const card = await db.card.findUniqueOrThrow({ where: { id: 'lora/core-idea' } });
    expect(card.content).toMatchObject({ front: { en: 'Which weights does LoRA train?' } });
    // Back to following the bundle: the next bundled change applies directly.
    const next = buildContent(seedText, withCoreIdeaFront('Which weights does LoRA train, and which stay frozen?'), families);
    expect(await sync.syncContent(db, next, new Date('2026-11-10T00:00:00Z'))).toMatchObject({ conflicts: 0, cardsUpdated: 1 });
    const versions = await db.noteVersion.findMany({ where: { noteId: 'lora/core-idea' }, orderBy: { version: 'asc' } });
    expect(versions.map((v) => [v.version, v.change, v.authorId])).toEqual([
      [1, 'bundled', null],
      [2, 'bundled', null],
      [3, 'edited', 'editor-1'],
      [4, 'bundled', 'editor-1'],
      [5, 'bundled', null],
    ]);
  });

  it('keeps a retired bundled card retired, and leaves authored articles and cards alone', async () => {
    await authoring.retireCard(editor, 'lora/why-rank-saves', new Date('2026-11-11T00:00:00Z'));
    await authoring.createArticle(editor, { slug: 'own-notes', title: { en: 'Own notes' } }, new Date('2026-11-11T00:00:00Z'));
    const own = await authoring.addCard(editor, 'own-notes', { kind: 'cloze', text: { zh: '迹等于特征值之{{c1::和}}。' } }, new Date('2026-11-11T00:00:00Z'));
    await sync.syncContent(db, buildContent(seedText, sources, families), new Date('2026-11-12T00:00:00Z'));
    expect((await db.card.findUniqueOrThrow({ where: { id: 'lora/why-rank-saves' } })).retiredAt).not.toBeNull();
    expect((await db.card.findUniqueOrThrow({ where: { id: `${own.id}/c1` } })).retiredAt).toBeNull();
    expect(await db.article.findUnique({ where: { slug: 'own-notes' } })).toMatchObject({ origin: 'authored', titleEn: 'Own notes' });
  });

  it('keeps an article edited in the app, showing a newer bundled title as a pending change', async () => {
    await authoring.updateArticle('lora', { title: { zh: 'LoRA（我们的标题）', en: 'LoRA (our title)' } }, new Date('2026-11-13T00:00:00Z'));
    const renamed = withLora((lora) => ({ ...lora, title: { ...lora.title, en: 'LoRA: low-rank adapters' } }));
    expect(await sync.syncContent(db, buildContent(seedText, renamed, families), new Date('2026-11-14T00:00:00Z'))).toMatchObject({ conflicts: 1 });
    const article = await db.article.findUniqueOrThrow({ where: { slug: 'lora' } });
    expect(article.titleEn).toBe('LoRA (our title)');
    expect(article.pendingBundled).toMatchObject({ fields: { titleEn: 'LoRA: low-rank adapters' } });
    await authoring.resolveArticleConflict('lora', 'bundled');
    expect((await db.article.findUniqueOrThrow({ where: { slug: 'lora' } })).titleEn).toBe('LoRA: low-rank adapters');
  });
});
