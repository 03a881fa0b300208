import { createHash, randomInt } from 'node:crypto';
import { Prisma, type Card, type CardState, type User } from '@prisma/client';
import { generateInstance, type CheckResult, type Instance, type Level } from '@/engine';
import { nextStates, type Rating, type SchedulerSettings } from '@/engine/scheduler';
import { checkTarget, familyFor, refreshAuthoredFamilies } from './question-families';
import type { Lang } from './accounts';
import { checkInWorker, checkResponse } from './answer-checks';
import { textIn } from './authoring-schema';
import { clozeView } from './cloze';
import { db } from './db';
import { HttpError } from './http';
import { selectQueue, type QueueItem } from './queue';
import { renderRich } from './rich-text';
import { defaultLeechLapses, maxReviewAgeMs, memoryOf, restoredState, reviewTime, reviewTransition, type ReviewPolicy } from './review-transition';
import { cardContentSchema, fsrsWeightsSchema, jsonValue, prevStateSchema, readStored, reviewResultSchema } from './stored-json';
import type { CheckResponse, QueueCard, QueueResponse, ReviewResult } from './study-types';

/** The scheduler settings of a learner: desired retention and, once fitted, their own FSRS weights. */
export function schedulerSettings(user: User): SchedulerSettings {
  const weights = user.fsrsParams === null ? undefined : readStored(fsrsWeightsSchema, user.fsrsParams, 'User.fsrsParams');
  return { desiredRetention: user.desiredRetention, ...(weights ? { weights } : {}) };
}

/** A short label for an interval: 1m, 10m, 3h, 4d, 2.5mo, 1.2y. */
export function intervalLabel(days: number): string {
  const minutes = days * 24 * 60;
  if (minutes < 60) return `${Math.max(1, Math.round(minutes))}m`;
  if (days < 1) return `${Math.round(minutes / 60)}h`;
  if (days < 30) return `${Math.round(days)}d`;
  if (days < 365) return `${(days / 30).toFixed(1).replace(/\.0$/, '')}mo`;
  return `${(days / 365).toFixed(1).replace(/\.0$/, '')}y`;
}

/** The seed of the instance a learner sees for a problem card: stored once reviewed, else derived. */
function problemSeed(userId: string, card: Card, state: CardState | null): number {
  if (state?.seed != null) return state.seed;
  return Number.parseInt(createHash('sha256').update(`${userId}:${card.id}`).digest('hex').slice(0, 8), 16) >>> 1;
}

/** The learner's instance: rebuilt from the family version its seed was drawn for (authored families change version). */
function problemInstance(card: Card, seed: number, state: CardState | null): Instance {
  const version = state?.seed != null && state.familyVersion != null ? state.familyVersion : card.familyVersion;
  const family = card.familyId ? familyFor(card.familyId, version) : undefined;
  if (!family || !card.level) throw new HttpError(409, `the exercise family ${card.familyId ?? '?'} of this card is no longer available`);
  return generateInstance(family, seed, card.level);
}

function present(item: QueueItem, user: User, lang: Lang, now: Date, titles: Map<string, string>): QueueCard {
  const { card, state } = item;
  const content = readStored(cardContentSchema, card.content, 'Card.content');
  const at = reviewTime(state, now, undefined, maxReviewAgeMs);
  const outcomes = nextStates(memoryOf(state, at), at, schedulerSettings(user), card.id);
  const intervals = {
    '1': intervalLabel(outcomes[1].intervalDays),
    '2': intervalLabel(outcomes[2].intervalDays),
    '3': intervalLabel(outcomes[3].intervalDays),
    '4': intervalLabel(outcomes[4].intervalDays),
  };
  const base = { id: card.id, kind: content.kind, article: card.articleSlug, articleTitle: titles.get(card.articleSlug) ?? card.articleSlug, queue: item.queue, intervals, leech: state?.leech ?? false };
  if (content.kind === 'basic') {
    const front = textIn(content.front, lang);
    const back = textIn(content.back, lang);
    return { ...base, front, frontHtml: renderRich(front), back, backHtml: renderRich(back) };
  }
  if (content.kind === 'cloze') {
    const front = clozeView(textIn(content.text, lang), content.index, 'question');
    const back = clozeView(textIn(content.text, lang), content.index, 'answer') + (content.extra ? `\n\n${textIn(content.extra, lang)}` : '');
    return { ...base, front, frontHtml: renderRich(front), back, backHtml: renderRich(back) };
  }
  const seed = problemSeed(user.id, card, state);
  const instance = problemInstance(card, seed, state);
  const prompt = instance.prompt(lang);
  return {
    ...base,
    front: prompt,
    frontHtml: renderRich(prompt),
    problem: {
      family: instance.familyId,
      version: instance.version,
      seed,
      level: instance.level,
      prompt,
      promptHtml: renderRich(prompt),
      parts: instance.answerSpec.parts.map((part) => ({ name: part.name, kind: part.kind, label: part.label[lang] })),
      allowsNone: instance.answerSpec.noneAllowed,
    },
  };
}

/** GET /queue: today's cards for the learner, presented in their language. */
export async function studyQueue(user: User, now: Date, limit: number, articleSlug?: string): Promise<QueueResponse> {
  const lang: Lang = user.lang === 'en' ? 'en' : 'zh';
  await refreshAuthoredFamilies();
  const selection = await selectQueue(user, now, articleSlug);
  const articles = await db.article.findMany({ select: { slug: true, titleZh: true, titleEn: true } });
  const titles = new Map(articles.map((a) => [a.slug, lang === 'en' ? a.titleEn || a.titleZh : a.titleZh || a.titleEn]));
  return { cards: selection.items.slice(0, limit).map((item) => present(item, user, lang, now, titles)), counts: selection.counts };
}

function assertLive(card: Card | null): asserts card is Card {
  if (!card) throw new HttpError(404, 'no such card');
  if (card.retiredAt) throw new HttpError(409, 'this card was retired from the content');
}

async function liveCard(cardId: string): Promise<Card> {
  const card = await db.card.findUnique({ where: { id: cardId } });
  assertLive(card);
  return card;
}

/**
 * Checks an answer to the learner's current instance of a problem card, recording nothing. The check runs
 * in the check pool with a deadline; an answer it cannot decide in time is `kind: 'invalid'`,
 * `note: 'undecided'` with a message saying so.
 */
export async function checkProblem(user: User, cardId: string, answer: unknown, seen: number | undefined, reveal: boolean): Promise<CheckResponse> {
  const card = await liveCard(cardId);
  if (card.kind !== 'problem') throw new HttpError(400, 'this card is not an exercise');
  const state = await db.cardState.findUnique({ where: { userId_cardId: { userId: user.id, cardId } } });
  const seed = problemSeed(user.id, card, state);
  if (seen !== undefined && seen !== seed) throw new HttpError(409, 'this exercise has changed since it was shown; reload the queue');
  await refreshAuthoredFamilies();
  const instance = problemInstance(card, seed, state);
  const target = checkTarget(instance);
  const lang: Lang = user.lang === 'en' ? 'en' : 'zh';
  return checkResponse(await checkInWorker(target, answer, lang, reveal ? 'always' : 'if-correct'), target, lang, reveal);
}

export interface ReviewInput {
  readonly id: string;
  readonly cardId: string;
  readonly rating?: Rating;
  readonly answer?: unknown;
  readonly durationMs?: number;
  /** When the learner graded the card by their clock (the offline outbox sends it); bounded by `reviewTime`. */
  readonly reviewedAt?: Date;
}

/** The learner's review policy (lib/review-transition.ts). */
export function reviewPolicy(user: User): ReviewPolicy {
  return { scheduler: schedulerSettings(user), leechLapses: defaultLeechLapses, timeZone: user.timeZone, dayStartHour: user.dayStartHour, maxReviewAgeMs };
}

/**
 * Records one review: the log entry, the new card state (FSRS), the problem attempt, buried siblings
 * and leech handling, all in one transaction; what they are is lib/review-transition.ts's pure
 * `reviewTransition`, this loads its input and saves its output. Idempotent by the client's review id:
 * a repeat returns the first result and records nothing.
 *
 * A problem card's answer is checked first (in the check pool, outside the transaction). An answer that
 * cannot be read or decided is not a review: 422 with the check's message, nothing recorded. The rating
 * of a problem card follows lib/review-rating.ts (the study screen's rule): a wrong answer, or none,
 * is 1 (Again) whatever the client sent; a right answer keeps the client's rating (default 3, Good).
 */
export async function recordReview(user: User, input: ReviewInput, now: Date): Promise<ReviewResult> {
  const card = await db.card.findUnique({ where: { id: input.cardId } });
  if (!card || card.retiredAt) {
    // NOTE: a repeat of a review recorded before the card was retired still gets its first answer.
    const existing = await db.review.findUnique({ where: { id: input.id } });
    if (existing) return replayed(existing, user);
  }
  assertLive(card);
  let checked: { seed: number; instance: Instance; verdict: CheckResult } | undefined;
  if (card.kind === 'problem') {
    if (input.answer === undefined && input.rating === undefined) throw new HttpError(400, 'an exercise review needs an answer or a rating');
    if (input.answer !== undefined) {
      // NOTE: a repeat must not pay for (or be refused by) a second check of its answer.
      const existing = await db.review.findUnique({ where: { id: input.id } });
      if (existing) return replayed(existing, user);
      const lang: Lang = user.lang === 'en' ? 'en' : 'zh';
      await refreshAuthoredFamilies();
      const state = await db.cardState.findUnique({ where: { userId_cardId: { userId: user.id, cardId: card.id } } });
      const seed = problemSeed(user.id, card, state);
      const instance = problemInstance(card, seed, state);
      const { verdict } = await checkInWorker(checkTarget(instance), input.answer, lang, 'never');
      if (verdict.kind === 'invalid') throw new HttpError(422, `${verdict.message} (${lang === 'en' ? 'nothing was recorded' : '未记录这次复习'})`);
      checked = { seed, instance, verdict };
    }
  } else if (input.answer !== undefined) {
    throw new HttpError(400, 'only exercise cards take an answer');
  }
  try {
    return await db.$transaction(async (tx) => {
      const twin = await tx.review.findUnique({ where: { id: input.id } });
      if (twin) return replayed(twin, user);
      const state = await tx.cardState.findUnique({ where: { userId_cardId: { userId: user.id, cardId: card.id } } });
      // NOTE: the check ran outside the transaction; the instance it checked must still be the learner's.
      if (checked && problemSeed(user.id, card, state) !== checked.seed) throw new HttpError(409, 'this exercise changed while the answer was checked; reload the queue');
      const verdict = checked?.verdict;
      const transition = reviewTransition({
        card: { id: card.id, kind: card.kind, familyVersion: card.familyVersion },
        state,
        request: input,
        ...(verdict ? { answer: { correct: verdict.kind === 'graded' && verdict.correct, note: verdict.kind === 'graded' ? verdict.note : verdict.reason, message: verdict.message } } : {}),
        now,
        nextSeed: randomInt(0, 2 ** 31 - 1),
        policy: reviewPolicy(user),
      });
      if (transition.kind === 'invalid') throw new HttpError(400, transition.message);
      const { log, state: next, effects } = transition;
      await tx.review.create({
        data: {
          ...log,
          userId: user.id,
          cardId: card.id,
          prevState: log.prevState === null ? Prisma.JsonNull : jsonValue(log.prevState),
          result: jsonValue(log.result),
        },
      });
      if (checked) {
        const { seed, instance } = checked;
        await tx.problemAttempt.create({
          data: {
            id: input.id,
            userId: user.id,
            cardId: card.id,
            reviewId: input.id,
            familyId: instance.familyId,
            familyVersion: instance.version,
            seed,
            params: jsonValue(instance.params),
            answerText: typeof input.answer === 'string' ? input.answer : JSON.stringify(input.answer),
            verdict: transition.result.correct ? 'correct' : 'incorrect',
            note: transition.result.note ?? null,
            createdAt: log.reviewedAt,
          },
        });
      }
      await tx.cardState.upsert({
        where: { userId_cardId: { userId: user.id, cardId: card.id } },
        create: { userId: user.id, cardId: card.id, ...next },
        update: next,
      });
      await burySiblings(tx, user.id, card, effects.buryUntil, log.reviewedAt);
      return transition.result;
    });
  } catch (error) {
    // NOTE: two identical requests racing: the loser's insert hits the primary key; answer like a repeat.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      const first = await db.review.findUnique({ where: { id: input.id } });
      if (first) return replayed(first, user);
    }
    throw error;
  }
}

function replayed(review: { userId: string; result: unknown }, user: User): ReviewResult {
  if (review.userId !== user.id) throw new HttpError(409, 'this review id is already used');
  return readStored(reviewResultSchema, review.result, 'Review.result');
}

/** Siblings (other cards of the same note or family) wait until `until`, the next study day. */
async function burySiblings(tx: Prisma.TransactionClient, userId: string, card: Card, until: Date, at: Date): Promise<void> {
  const siblings = await tx.card.findMany({ where: { noteId: card.noteId, id: { not: card.id }, retiredAt: null }, select: { id: true } });
  for (const sibling of siblings) {
    await tx.cardState.upsert({
      where: { userId_cardId: { userId, cardId: sibling.id } },
      create: { userId, cardId: sibling.id, state: 'new', due: at, buriedUntil: until },
      update: { buriedUntil: until },
    });
  }
}

/** Undoes the learner's latest review: the card state before it comes back; the log keeps the row, marked undone. */
export async function undoReview(user: User, reviewId: string, now: Date): Promise<{ id: string; cardId: string }> {
  const review = await db.review.findUnique({ where: { id: reviewId } });
  if (!review) throw new HttpError(404, 'no such review');
  if (review.userId !== user.id) throw new HttpError(403, 'this review is not yours');
  if (review.undoneAt) return { id: review.id, cardId: review.cardId };
  const latest = await db.review.findFirst({ where: { userId: user.id, undoneAt: null }, orderBy: [{ reviewedAt: 'desc' }, { id: 'desc' }] });
  if (latest?.id !== review.id) throw new HttpError(409, 'only the latest review can be undone');
  const previous = readStored(prevStateSchema, review.prevState, 'Review.prevState');
  await db.$transaction(async (tx) => {
    if (previous === null) await tx.cardState.deleteMany({ where: { userId: user.id, cardId: review.cardId } });
    else await tx.cardState.update({ where: { userId_cardId: { userId: user.id, cardId: review.cardId } }, data: restoredState(previous) });
    await tx.review.update({ where: { id: review.id }, data: { undoneAt: now } });
  });
  return { id: review.id, cardId: review.cardId };
}

/** Suspends or unsuspends a card for the learner (unsuspending also clears the leech tag). */
export async function setSuspended(user: User, cardId: string, suspended: boolean, now: Date): Promise<void> {
  await liveCard(cardId);
  const data = suspended ? { suspendedAt: now } : { suspendedAt: null, leech: false };
  await db.cardState.upsert({
    where: { userId_cardId: { userId: user.id, cardId } },
    create: { userId: user.id, cardId, state: 'new', due: now, ...data },
    update: data,
  });
}

const revlogState: Record<string, number> = { new: 0, learning: 1, review: 2, relearning: 3 };

/** A stable integer id for a card in revlog exports (the FSRS tools expect integers). */
export function revlogCardId(cardId: string): number {
  return Number.parseInt(createHash('sha256').update(cardId).digest('hex').slice(0, 12), 16);
}

/** The learner's review log (undone reviews left out) as FSRS revlog CSV. */
export async function reviewLogCsv(user: User): Promise<string> {
  const reviews = await db.review.findMany({ where: { userId: user.id, undoneAt: null }, orderBy: [{ reviewedAt: 'asc' }, { id: 'asc' }] });
  const lines = reviews.map((r) => [revlogCardId(r.cardId), r.reviewedAt.getTime(), r.rating, revlogState[r.stateBefore] ?? 0, r.durationMs ?? 0].join(','));
  return ['card_id,review_time,review_rating,review_state,review_duration', ...lines].join('\n') + '\n';
}

export interface SuspendedCard {
  readonly id: string;
  readonly article: string;
  readonly kind: string;
  readonly frontHtml: string;
  readonly leech: boolean;
  readonly lapses: number;
  readonly suspendedAt: string;
}

/** The learner's suspended cards (leeches first), with a short front to recognise them. */
export async function listSuspended(user: User): Promise<SuspendedCard[]> {
  const lang: Lang = user.lang === 'en' ? 'en' : 'zh';
  const states = await db.cardState.findMany({
    where: { userId: user.id, suspendedAt: { not: null }, card: { retiredAt: null } },
    include: { card: true },
    orderBy: [{ leech: 'desc' }, { suspendedAt: 'desc' }],
  });
  return states.map((state) => {
    const content = readStored(cardContentSchema, state.card.content, 'Card.content');
    const front =
      content.kind === 'basic' ? textIn(content.front, lang) : content.kind === 'cloze' ? clozeView(textIn(content.text, lang), content.index, 'question') : `${content.familyId} (${content.level})`;
    return {
      id: state.cardId,
      article: state.card.articleSlug,
      kind: content.kind,
      frontHtml: renderRich(front, { inline: true }),
      leech: state.leech,
      lapses: state.lapses,
      suspendedAt: state.suspendedAt!.toISOString(),
    };
  });
}
