// The shapes of the Json columns (prisma/schema.prisma), checked with zod whenever a value is read, so
// code past this module works with typed values and never with a cast of whatever the database held.
// A stored value of the wrong shape is a bug or a damaged database: StoredDataError (a 500, logged).

import type { Prisma } from '@prisma/client';
import { z } from 'zod';
import { boundedCache, perProcess } from './memo';
import type { NoteFields } from './authoring-schema';
import type { CardContent } from './note-cards';
import { stateSnapshotSchema, type StateSnapshot } from './review-transition';
import type { ReviewResult } from './study-types';

export class StoredDataError extends Error {
  override name = 'StoredDataError';
}

const langText = z.object({ zh: z.string().optional(), en: z.string().optional() });

/** `Note.fields`, `NoteVersion.fields`. */
export const noteFieldsSchema: z.ZodType<NoteFields> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('basic'), front: langText, back: langText }),
  z.object({ kind: z.literal('cloze'), text: langText, extra: langText.optional() }),
]);

/** `Card.content`. */
export const cardContentSchema: z.ZodType<CardContent> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('basic'), front: langText, back: langText }),
  z.object({ kind: z.literal('cloze'), text: langText, index: z.number().int().min(1), extra: langText.optional() }),
  z.object({ kind: z.literal('problem'), familyId: z.string(), level: z.enum(['easy', 'medium', 'hard']) }),
]);

/** `Note.pendingBundled`: a newer bundled version waiting for an editor's decision. */
export const pendingNoteSchema = z.object({ hash: z.string(), fields: noteFieldsSchema, tags: z.string() });

/** `Article.pendingBundled`. */
export const pendingArticleSchema = z.object({
  hash: z.string(),
  fields: z.object({
    titleZh: z.string(),
    titleEn: z.string(),
    category: z.string(),
    date: z.string().nullable(),
    summaryZh: z.string(),
    summaryEn: z.string(),
  }),
});

export type PendingArticle = z.infer<typeof pendingArticleSchema>;

/** `NoteVersion.changed`: ["front.en", "tags", …]. */
export const changedPathsSchema = z.array(z.string());

/** `User.fsrsParams`: the learner's fitted FSRS weights. */
export const fsrsWeightsSchema = z.array(z.number());

/** `Review.prevState`. */
export const prevStateSchema: z.ZodType<StateSnapshot | null> = stateSnapshotSchema.nullable();

/** `Review.result`: the response of the first request, returned again to a repeat. */
export const reviewResultSchema: z.ZodType<ReviewResult> = z.object({
  id: z.string(),
  cardId: z.string(),
  rating: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  correct: z.boolean().optional(),
  note: z.string().nullable().optional(),
  message: z.string().optional(),
  state: z.string(),
  due: z.string(),
  intervalDays: z.number(),
  leech: z.boolean(),
  reviewedAt: z.string(),
});

/** The one field of `Review.result` the card history shows (rows imported with a review log carry no more). */
export const reviewIntervalSchema = z.object({ intervalDays: z.number().nullable().optional() });

/** `value`, read from the column `where`, checked against `schema`. */
export function readStored<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StoredDataError(`${where} holds a value of the wrong shape (${issue?.path.join('.') || 'value'}: ${issue?.message})`);
  }
  return parsed.data;
}

// NOTE: card content is read for every card shown; keyed by its exact JSON text, a checked value never goes stale.
const contents = perProcess('card-contents', () => boundedCache<CardContent>({ maxEntries: 10_000 }));

/** `Card.content` as the driver gives it (JSON text, or a parsed value), checked. */
export function storedCardContent(value: unknown): CardContent {
  if (typeof value !== 'string') return readStored(cardContentSchema, value, 'Card.content');
  return contents.get(value, () => readStored(cardContentSchema, JSON.parse(value), 'Card.content'));
}

/** A plain JSON value (readonly interfaces included) as Prisma's Json input. */
export function jsonValue(value: unknown): Prisma.InputJsonValue {
  return value as Prisma.InputJsonValue;
}
