import fs from 'node:fs';
import type { PrismaClient } from '@prisma/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildContent, readArticleSources, seedFile, type FamilySummary } from '../lib/content';
import type { ArticleSource } from '../lib/content-schema';
import { syncContent } from '../lib/content-sync';
import { createDbClient } from '../lib/db-client';
import { migrate } from '../lib/migrations';
import { createTestDatabase, realDatabase } from './helpers/test-database';

const database = await createTestDatabase();
const seedText = fs.readFileSync(seedFile, 'utf8');
const sources = readArticleSources();
const families: FamilySummary[] = [{ id: 'random-walk', version: 1, article: 'random-walk', levels: ['easy', 'hard'] }];
let db: PrismaClient;

beforeAll(async () => {
  await migrate(database.url);
  db = createDbClient(database.url);
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

function withoutFirstCard(all: readonly ArticleSource[], slug: string): ArticleSource[] {
  return all.map((source) => (source.slug === slug ? { ...source, cards: source.cards.slice(1) } : source));
}

describe(`content loader (${realDatabase}, migrations as npm start applies them)`, () => {
  it('loads the twelve articles with seed category and date, cards and problem cards', async () => {
    const content = buildContent(seedText, sources, families);
    const report = await syncContent(db, content, new Date('2026-11-01T00:00:00Z'));
    expect(report).toMatchObject({ articles: 12, cardsAdded: content.cards.length, cardsUpdated: 0, cardsRetired: 0 });
    const sd = await db.article.findUniqueOrThrow({ where: { slug: 'stable-diffusion' } });
    expect(sd).toMatchObject({ position: 2, category: 'Generative Model', date: '2026-01-11' });
    const walk = await db.article.findUniqueOrThrow({ where: { slug: 'random-walk' } });
    expect(walk.category).toBe('Mathematics');
    expect(walk.excerpt).toContain('随机游走');
    expect(await db.card.count({ where: { kind: 'problem', familyId: 'random-walk' } })).toBe(2);
  });

  it('is idempotent: a second run changes nothing', async () => {
    const before = await db.card.findMany({ orderBy: { id: 'asc' } });
    const report = await syncContent(db, buildContent(seedText, sources, families), new Date('2026-11-02T00:00:00Z'));
    expect(report).toMatchObject({ cardsAdded: 0, cardsUpdated: 0, cardsRetired: 0 });
    expect(await db.card.findMany({ orderBy: { id: 'asc' } })).toEqual(before);
  });

  it('retires a removed card without losing its history, and brings it back unchanged', async () => {
    const first = sources.find((s) => s.slug === 'lora')!.cards[0]!;
    const removedId = (await db.card.findFirstOrThrow({ where: { noteId: `lora/${first.id}` } })).id;
    const user = await db.user.create({ data: { id: 'u1', username: 'learner', passwordHash: 'x' } });
    await db.review.create({
      data: { id: 'r1', userId: user.id, cardId: removedId, rating: 3, stateBefore: 'new', reviewedAt: new Date(), prevState: {}, result: {} },
    });
    const report = await syncContent(db, buildContent(seedText, withoutFirstCard(sources, 'lora'), families), new Date('2026-11-03T00:00:00Z'));
    expect(report.cardsRetired).toBeGreaterThan(0);
    const retired = await db.card.findUniqueOrThrow({ where: { id: removedId } });
    expect(retired.retiredAt).toEqual(new Date('2026-11-03T00:00:00Z'));
    expect(await db.review.count({ where: { cardId: removedId } })).toBe(1);
    const back = await syncContent(db, buildContent(seedText, sources, families), new Date('2026-11-04T00:00:00Z'));
    expect(back.cardsRetired).toBe(0);
    expect((await db.card.findUniqueOrThrow({ where: { id: removedId } })).retiredAt).toBeNull();
  });

  it('updates an edited card in place, keeping its id', async () => {
    const moe = sources.find((s) => s.slug === 'moe')!;
    const target = moe.cards.find((card) => card.kind === 'basic')!;
    const edited = sources.map((source) =>
      source === moe
        ? { ...source, cards: source.cards.map((card) => (card === target ? { ...target, back: { zh: '改过的答案', en: 'An edited answer' } } : card)) }
        : source,
    );
    const report = await syncContent(db, buildContent(seedText, edited, families), new Date('2026-11-05T00:00:00Z'));
    expect(report).toMatchObject({ cardsAdded: 0, cardsUpdated: 1, cardsRetired: 0 });
    expect((await db.card.findUniqueOrThrow({ where: { id: `moe/${target.id}` } })).content).toMatchObject({ back: { en: 'An edited answer' } });
  });
});
