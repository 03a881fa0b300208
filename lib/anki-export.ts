// GET /articles/<slug>/export?format=apkg[&history=1]: an article as an Anki package. The cards are read here
// (Prisma); the notes, their HTML and the package are made in the Anki worker (lib/anki-import/export-package.ts),
// so a large article never holds up other requests. Text goes out in the caller's language (else the other one).
import { createHash } from 'node:crypto';
import type { User } from '@prisma/client';
import { answerTexts, generateInstance, renderSteps, type Level } from '@/engine';
import type { ExportCard, ExportCardState, ExportReview } from './anki';
import { exportApkgInWorker } from './anki-import/client';
import type { PackedImage } from './anki-import/protocol';
import type { Lang } from './accounts';
import { tagsFromColumn, textIn } from './authoring-schema';
import { db } from './db';
import { HttpError } from './http';
import { imageExtensions, imageTypeOf } from './media-types';
import { familyFor, refreshAuthoredFamilies } from './question-families';
import { storedCardContent } from './stored-json';

const exerciseNote: Record<Lang, string> = {
  en: '*An exercise from ML Study. In the app every review draws a new instance of it and checks the answer by computing it; this card is one instance, with its worked solution.*',
  zh: '*来自 ML Study 的练习题。在应用里每次复习都会生成一道新题，并通过计算检查答案；这张卡片是其中一道，附有详细解答。*',
};
const answerLabel: Record<Lang, string> = { en: 'Answer', zh: '答案' };
const noMinimum: Record<Lang, string> = { en: 'none', zh: '不存在' };

/** The one instance an exported exercise card shows: fixed per card, so exporting again gives the same card. */
function exerciseSeed(cardId: string): number {
  return Number.parseInt(createHash('sha256').update(`apkg:${cardId}`).digest('hex').slice(0, 8), 16) >>> 1;
}

/** An exercise card as a basic card: one instance's question, then its answer and worked solution. */
function exerciseCard(card: { id: string; noteId: string; familyId: string | null; familyVersion: number | null; level: string | null }, lang: Lang): ExportCard | null {
  const family = card.familyId ? familyFor(card.familyId, card.familyVersion) : undefined;
  if (!family || !card.level) return null;
  const instance = generateInstance(family, exerciseSeed(card.id), card.level as Level);
  const answers = answerTexts(family, instance.params);
  const answer = answers === 'none' ? noMinimum[lang] : Object.entries(answers).map(([part, text]) => (Object.keys(answers).length > 1 ? `${part}: \`${text}\`` : `\`${text}\``)).join(', ');
  return {
    id: card.id,
    kind: 'basic',
    front: `${instance.prompt(lang)}\n\n${exerciseNote[lang]}`,
    back: `**${answerLabel[lang]}:** ${answer}\n\n${renderSteps(family, instance.params, lang)}`,
    tags: ['ml-study-exercise', family.id],
  };
}

const kindOf: Record<string, ExportReview['kind']> = { new: 'learn', learning: 'learn', review: 'review', relearning: 'relearn' };

/** The caller's own reviews and schedule of these cards (undone reviews left out). */
async function historyOf(user: User, cardIds: readonly string[]): Promise<{ reviews: ExportReview[]; states: Map<string, ExportCardState> }> {
  const rows = await db.review.findMany({ where: { userId: user.id, undoneAt: null, cardId: { in: [...cardIds] } }, orderBy: [{ reviewedAt: 'asc' }, { id: 'asc' }] });
  const lastInterval = new Map<string, number>();
  const reviews = rows.map((row): ExportReview => {
    const review = {
      cardId: row.cardId,
      reviewedAtMs: row.reviewedAt.getTime(),
      rating: row.rating as 1 | 2 | 3 | 4,
      durationMs: row.durationMs ?? 0,
      kind: kindOf[row.stateBefore] ?? 'review',
      intervalDays: Math.round(row.scheduledDays),
      lastIntervalDays: lastInterval.get(row.cardId) ?? 0,
    };
    lastInterval.set(row.cardId, Math.round(row.scheduledDays));
    return review;
  });
  const states = await db.cardState.findMany({ where: { userId: user.id, cardId: { in: [...cardIds] } } });
  return {
    reviews,
    states: new Map(
      states.map((state) => [
        state.cardId,
        { type: state.state as ExportCardState['type'], dueMs: state.due.getTime(), intervalDays: state.scheduledDays, reps: state.reps, lapses: state.lapses },
      ]),
    ),
  };
}

/** The stored images the exported cards show (`![…](/api/v1/media/<sha256>)`), named as the package will hold them. */
async function imagesOf(cards: readonly ExportCard[]): Promise<PackedImage[]> {
  const wanted = new Set<string>();
  for (const card of cards) {
    const text = card.kind === 'basic' ? `${card.front}\n${card.back}` : `${card.text}\n${card.extra ?? ''}`;
    for (const match of text.matchAll(/\/api\/v1\/media\/([0-9a-f]{64})/g)) wanted.add(match[1]!);
  }
  if (wanted.size === 0) return [];
  const rows = await db.media.findMany({ where: { sha256: { in: [...wanted] } } });
  return rows.flatMap((row) => {
    const type = imageTypeOf(row.bytes);
    return type ? [{ sha256: row.sha256, name: `${row.sha256}.${imageExtensions[type]}`, bytes: row.bytes }] : [];
  });
}

/** The article as an `.apkg` Anki and AnkiDroid open: its live cards, optionally with the caller's review log and schedule. */
export async function exportArticleApkg(user: User, slug: string, history: boolean, now: Date): Promise<{ bytes: Buffer; filename: string }> {
  const lang: Lang = user.lang === 'en' ? 'en' : 'zh';
  const article = await db.article.findUnique({ where: { slug } });
  if (!article) throw new HttpError(404, 'no such article');
  const cards = await db.card.findMany({ where: { articleSlug: slug, retiredAt: null }, orderBy: { position: 'asc' } });
  if (cards.some((card) => card.kind === 'problem')) await refreshAuthoredFamilies();
  const notes = await db.note.findMany({ where: { articleSlug: slug }, select: { id: true, tags: true } });
  const tagsOf = new Map(notes.map((note) => [note.id, tagsFromColumn(note.tags)]));
  const { reviews, states } = history ? await historyOf(user, cards.map((card) => card.id)) : { reviews: [], states: new Map<string, ExportCardState>() };
  const exported: ExportCard[] = [];
  for (const card of cards) {
    const content = storedCardContent(card.content);
    const state = states.get(card.id);
    const withState = state ? { state } : {};
    if (content.kind === 'basic') {
      exported.push({ id: card.id, kind: 'basic', noteId: card.noteId, front: textIn(content.front, lang), back: textIn(content.back, lang), tags: tagsOf.get(card.noteId) ?? [], ...withState });
    } else if (content.kind === 'cloze') {
      const extra = content.extra ? textIn(content.extra, lang) : '';
      exported.push({ id: card.id, kind: 'cloze', noteId: card.noteId, index: content.index, text: textIn(content.text, lang), ...(extra ? { extra } : {}), tags: tagsOf.get(card.noteId) ?? [], ...withState });
    } else {
      const exercise = exerciseCard(card, lang);
      if (exercise) exported.push({ ...exercise, ...withState } as ExportCard);
    }
  }
  const title = lang === 'en' ? article.titleEn || article.titleZh : article.titleZh || article.titleEn;
  const input = {
    deckName: title.replace(/\s+/g, ' ').trim() || slug,
    deckDescription: lang === 'en' ? article.summaryEn || article.summaryZh : article.summaryZh || article.summaryEn,
    cards: exported,
    reviews,
    nowMs: now.getTime(),
  };
  const bytes = await exportApkgInWorker(input, await imagesOf(exported));
  return { bytes, filename: `${slug}${history ? '-with-history' : ''}.apkg` };
}
