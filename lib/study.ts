import { createHash, randomInt } from 'node:crypto';
import type { Card, User } from '@prisma/client';
import type { CheckResult, Instance } from '@/engine';
import { stateCode, type Rating, type SchedulerSettings } from '@/engine/scheduler';
import { familyById } from '@/problems';
import { currentFamilyVersion, learnerInstance, learnerSeed } from './problem-instances';
import { checkTarget, refreshAuthoredFamilies } from './question-families';
import type { CardContent } from './note-cards';
import type { Lang } from './accounts';
import { checkInWorker, checkResponse } from './answer-checks';
import { textIn } from './authoring-schema';
import { clozeView } from './cloze';
import { db, sqlDb } from './db';
import { HttpError } from './http';
import { selectQueue, type QueueItem } from './queue';
import { reviewContext, saveReview, storedReview } from './review-store';
import { buttonIntervalsWith } from './button-intervals';
import { isUniqueViolation, joinSql, sql } from './sql';
import { renderRich } from './rich-text';
import { lockForTransaction } from './sql-dialect';
import { defaultLeechLapses, maxReviewAgeMs, restoredState, reviewTransition, type ReviewPolicy } from './review-transition';
import { cardContentSchema, fsrsWeightsSchema, prevStateSchema, readStored, reviewResultSchema, storedCardContent } from './stored-json';
import type { CheckResponse, QueueCard, QueueResponse, ReviewResult } from './study-types';

/** The scheduler settings of a learner: desired retention and, once fitted, their own FSRS weights. */
export function schedulerSettings(user: User): SchedulerSettings {
  const weights = user.fsrsParams === null ? undefined : readStored(fsrsWeightsSchema, user.fsrsParams, 'User.fsrsParams');
  return { desiredRetention: user.desiredRetention, ...(weights ? { weights } : {}) };
}

interface Presenting {
  readonly user: User;
  readonly lang: Lang;
  readonly now: Date;
  readonly intervals: ReturnType<typeof buttonIntervalsWith>;
  readonly titles: ReadonlyMap<string, string>;
  readonly contents: ReadonlyMap<string, CardContent>;
}

function present(item: QueueItem, { user, lang, now, intervals: buttonIntervals, titles, contents }: Presenting): QueueCard {
  const { card, state } = item;
  const content = contents.get(card.id);
  if (!content) throw new Error(`the content of card ${card.id} was not read`);
  const intervals = buttonIntervals(card.id, state, now);
  const base = { id: card.id, kind: content.kind, article: card.articleSlug, articleTitle: titles.get(card.articleSlug) ?? card.articleSlug, queue: item.queue, intervals, leech: state?.leech ?? false };
  if (content.kind === 'basic') {
    const front = textIn(content.front, lang);
    const back = textIn(content.back, lang);
    return { ...base, front, back };
  }
  if (content.kind === 'cloze') {
    const front = clozeView(textIn(content.text, lang), content.index, 'question');
    const back = clozeView(textIn(content.text, lang), content.index, 'answer') + (content.extra ? `\n\n${textIn(content.extra, lang)}` : '');
    return { ...base, front, back };
  }
  const { seed, instance } = learnerInstance(user.id, card, state);
  const prompt = instance.prompt(lang);
  return {
    ...base,
    front: prompt,
    problem: {
      family: instance.familyId,
      version: instance.version,
      seed,
      level: instance.level,
      prompt,
      parts: instance.answerSpec.parts.map((part) => ({ name: part.name, kind: part.kind, label: part.label[lang] })),
      allowsNone: instance.answerSpec.noneAllowed,
    },
  };
}

/** GET /queue: today's cards for the learner, presented in their language. */
export async function studyQueue(user: User, now: Date, limit: number, articleSlug?: string): Promise<QueueResponse> {
  const lang: Lang = user.lang === 'en' ? 'en' : 'zh';
  const selection = await selectQueue(user, now, articleSlug);
  const shown = selection.items.slice(0, limit);
  // NOTE: authored families are looked up only when an exercise of one is shown (built-in ones are code).
  if (shown.some((item) => item.card.familyId !== null && !familyById(item.card.familyId))) await refreshAuthoredFamilies();
  const ids = shown.map((item) => item.card.id);
  const [articles, contentRows] = await Promise.all([
    sqlDb.query(sql`SELECT "slug", "titleZh", "titleEn" FROM "Article"`),
    ids.length === 0 ? [] : sqlDb.query(sql`SELECT "id", "content" FROM "Card" WHERE "id" IN (${joinSql(ids.map((id) => sql`${id}`), ', ')})`),
  ]);
  const title = (zh: string, en: string) => (lang === 'en' ? en || zh : zh || en);
  const titles = new Map(articles.map((a) => [String(a.slug), title(String(a.titleZh), String(a.titleEn))]));
  const contents = new Map(contentRows.map((row) => [String(row.id), storedCardContent(row.content)]));
  const presenting: Presenting = { user, lang, now, intervals: buttonIntervalsWith(schedulerSettings(user)), titles, contents };
  return { cards: shown.map((item) => present(item, presenting)), counts: selection.counts };
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
  await refreshAuthoredFamilies();
  const { seed, instance } = learnerInstance(user.id, card, state);
  if (seen !== undefined && seen !== seed) throw new HttpError(409, 'this exercise has changed since it was shown; reload the queue');
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
 * `reviewTransition`, this loads its input and saves its output (lib/review-store.ts). Idempotent by the
 * client's review id: a repeat returns the first result and records nothing.
 *
 * A problem card's answer is checked first (in the check pool, outside the transaction). An answer that
 * cannot be read or decided is not a review: 422 with the check's message, nothing recorded. The rating
 * of a problem card follows lib/review-rating.ts (the study screen's rule): a wrong answer, or none,
 * is 1 (Again) whatever the client sent; a right answer keeps the client's rating (default 3, Good).
 */
export async function recordReview(user: User, input: ReviewInput, now: Date): Promise<ReviewResult> {
  const checked = input.answer === undefined ? undefined : await checkReviewAnswer(user, input);
  if (checked && 'replay' in checked) return checked.replay;
  try {
    return await sqlDb.transaction(async (tx) => {
      // NOTE: one review of a learner at a time, whichever app process serves it: the card state read
      // below is the one this review changes (on PostgreSQL, READ COMMITTED would let two reviews of
      // one card both start from the same state and one update be lost; SQLite's BEGIN IMMEDIATE
      // already holds the write lock).
      await tx.lock(`review:${user.id}`);
      const context = await reviewContext(tx, user.id, input.cardId);
      if (!context || context.card.retiredAt) throw new CardGone(context === null);
      const { card, state } = context;
      if (card.kind === 'problem' && input.answer === undefined && input.rating === undefined) throw new HttpError(400, 'an exercise review needs an answer or a rating');
      // NOTE: the check ran outside the transaction; the instance it checked must still be the learner's.
      if (checked && learnerSeed(user.id, card, state) !== checked.seed) throw new HttpError(409, 'this exercise changed while the answer was checked; reload the queue');
      const verdict = checked?.verdict;
      const transition = reviewTransition({
        card: { id: card.id, kind: card.kind, familyVersion: currentFamilyVersion(card), siblings: context.siblings },
        state,
        request: input,
        ...(verdict ? { answer: { correct: verdict.kind === 'graded' && verdict.correct, note: verdict.kind === 'graded' ? verdict.note : verdict.reason, message: verdict.message } } : {}),
        now,
        nextSeed: randomInt(0, 2 ** 31 - 1),
        policy: reviewPolicy(user),
      });
      if (transition.kind === 'invalid') throw new HttpError(400, transition.message);
      const { log, result } = transition;
      const attempt = checked && {
        familyId: checked.instance.familyId,
        familyVersion: checked.instance.version,
        seed: checked.seed,
        params: checked.instance.params,
        answerText: typeof input.answer === 'string' ? input.answer : JSON.stringify(input.answer),
        verdict: result.correct ? ('correct' as const) : ('incorrect' as const),
        note: result.note ?? null,
      };
      await saveReview(tx, { userId: user.id, cardId: card.id, noteId: card.noteId }, log, transition.state, attempt ?? null, transition.effects.buryUntil, now);
      return result;
    });
  } catch (error) {
    // NOTE: a repeat (or two identical requests racing: the loser's insert hits the primary key), or a
    // repeat of a review recorded before its card was retired: the first answer.
    if (isUniqueViolation(error) || error instanceof CardGone) {
      const first = await storedReview(sqlDb, input.id);
      if (first) return replayed(first, user);
    }
    if (error instanceof CardGone) throw new HttpError(error.missing ? 404 : 409, error.missing ? 'no such card' : 'this card was retired from the content');
    throw error;
  }
}

class CardGone extends Error {
  constructor(readonly missing: boolean) {
    super(missing ? 'no such card' : 'retired card');
  }
}

/**
 * The check of an exercise answer sent with a review (outside the transaction: it runs in the check pool),
 * or the first answer when this review id was recorded already (a repeat must not pay for, or be refused
 * by, a second check).
 */
async function checkReviewAnswer(user: User, input: ReviewInput): Promise<{ seed: number; instance: Instance; verdict: CheckResult } | { replay: ReviewResult }> {
  const existing = await storedReview(sqlDb, input.id);
  if (existing) return { replay: replayed(existing, user) };
  const context = await reviewContext(sqlDb, user.id, input.cardId);
  if (!context) throw new HttpError(404, 'no such card');
  if (context.card.retiredAt) throw new HttpError(409, 'this card was retired from the content');
  const { card, state } = context;
  if (card.kind !== 'problem') throw new HttpError(400, 'only exercise cards take an answer');
  const lang: Lang = user.lang === 'en' ? 'en' : 'zh';
  await refreshAuthoredFamilies();
  const { seed, instance } = learnerInstance(user.id, card, state);
  const { verdict } = await checkInWorker(checkTarget(instance), input.answer, lang, 'never');
  if (verdict.kind === 'invalid') throw new HttpError(422, `${verdict.message} (${lang === 'en' ? 'nothing was recorded' : '未记录这次复习'})`);
  return { seed, instance, verdict };
}

function replayed(review: { userId: string; result: unknown }, user: User): ReviewResult {
  if (review.userId !== user.id) throw new HttpError(409, 'this review id is already used');
  return readStored(reviewResultSchema, review.result, 'Review.result');
}

/** Undoes the learner's latest review: the card state before it comes back; the log keeps the row, marked undone. */
export async function undoReview(user: User, reviewId: string, now: Date): Promise<{ id: string; cardId: string }> {
  const review = await db.review.findUnique({ where: { id: reviewId } });
  if (!review) throw new HttpError(404, 'no such review');
  if (review.userId !== user.id) throw new HttpError(403, 'this review is not yours');
  if (review.undoneAt) return { id: review.id, cardId: review.cardId };
  const previous = readStored(prevStateSchema, review.prevState, 'Review.prevState');
  await db.$transaction(async (tx) => {
    await lockForTransaction(tx, `review:${user.id}`);
    // NOTE: inside the transaction, so that a review recorded meanwhile (by any app process) is seen.
    const latest = await tx.review.findFirst({ where: { userId: user.id, undoneAt: null }, orderBy: [{ reviewedAt: 'desc' }, { id: 'desc' }] });
    if (latest?.id !== review.id) throw new HttpError(409, 'only the latest review can be undone');
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

/** A stable integer id for a card in revlog exports (the FSRS tools expect integers). */
export function revlogCardId(cardId: string): number {
  return Number.parseInt(createHash('sha256').update(cardId).digest('hex').slice(0, 12), 16);
}

/** The learner's review log (undone reviews left out) as FSRS revlog CSV. */
export async function reviewLogCsv(user: User): Promise<string> {
  const reviews = await db.review.findMany({ where: { userId: user.id, undoneAt: null }, orderBy: [{ reviewedAt: 'asc' }, { id: 'asc' }] });
  const lines = reviews.map((r) => [revlogCardId(r.cardId), r.reviewedAt.getTime(), r.rating, stateCode(r.stateBefore) ?? 0, r.durationMs ?? 0].join(','));
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
