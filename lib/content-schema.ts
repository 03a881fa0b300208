import { z } from 'zod';

const text = z.string().trim().min(1, 'must not be empty');
const bilingual = z.strictObject({ zh: text, en: text });
const cardId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'card ids are kebab-case');

const basicCard = z.strictObject({
  id: cardId,
  kind: z.literal('basic'),
  front: bilingual,
  back: bilingual,
});

const clozeCard = z.strictObject({
  id: cardId,
  kind: z.literal('cloze'),
  text: bilingual,
  extra: bilingual.optional(),
});

export const cardSourceSchema = z.discriminatedUnion('kind', [basicCard, clozeCard]);

export const articleSourceSchema = z
  .strictObject({
    slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
    order: z.number().int().min(1).max(12),
    category: text,
    title: bilingual,
    summary: bilingual,
    cards: z.array(cardSourceSchema).min(1),
  })
  .superRefine((article, ctx) => {
    const seen = new Set<string>();
    for (const [i, card] of article.cards.entries()) {
      if (seen.has(card.id)) ctx.addIssue({ code: 'custom', path: ['cards', i, 'id'], message: `duplicate card id ${card.id}` });
      seen.add(card.id);
    }
  });

export type ArticleSource = z.infer<typeof articleSourceSchema>;
export type CardSource = z.infer<typeof cardSourceSchema>;
export type Bilingual = z.infer<typeof bilingual>;
