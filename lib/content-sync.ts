import type { PrismaClient } from '@prisma/client';
import type { Content } from './content';

export interface SyncReport {
  readonly articles: number;
  readonly cardsAdded: number;
  readonly cardsUpdated: number;
  readonly cardsRetired: number;
}

/**
 * Brings the database in line with the content, in one transaction. Idempotent: a second run with the
 * same content changes nothing. A card that left the content is retired (kept with its history), and a
 * card that comes back is un-retired.
 */
export async function syncContent(db: PrismaClient, content: Content, now: Date): Promise<SyncReport> {
  return db.$transaction(async (tx) => {
    for (const article of content.articles) {
      await tx.article.upsert({ where: { slug: article.slug }, create: article, update: article });
    }
    const existing = new Map(
      // NOTE: cards of families authored in the app (`…/question/…`, lib/question-families.ts) are not file content.
      (await tx.card.findMany({ where: { NOT: { id: { contains: '/question/' } } }, select: { id: true, contentHash: true, position: true, retiredAt: true } })).map((c) => [c.id, c]),
    );
    let cardsAdded = 0;
    let cardsUpdated = 0;
    for (const card of content.cards) {
      const data = { ...card, content: JSON.stringify(card.content) };
      const before = existing.get(card.id);
      existing.delete(card.id);
      if (!before) {
        await tx.card.create({ data });
        cardsAdded++;
      } else if (before.contentHash !== card.contentHash || before.position !== card.position || before.retiredAt) {
        await tx.card.update({ where: { id: card.id }, data: { ...data, retiredAt: null } });
        cardsUpdated++;
      }
    }
    const retire = [...existing.values()].filter((c) => !c.retiredAt).map((c) => c.id);
    if (retire.length > 0) await tx.card.updateMany({ where: { id: { in: retire } }, data: { retiredAt: now } });
    return { articles: content.articles.length, cardsAdded, cardsUpdated, cardsRetired: retire.length };
  });
}
