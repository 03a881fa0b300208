import { createHash, randomInt } from 'node:crypto';
import { Prisma, type Card, type CardState, type User } from '@prisma/client';
import type { CheckResult, Instance } from '@/engine';
import { applyReview, newCardMemory, nextStates, stateCode, type CardMemory, type Rating, type SchedulerSettings } from '@/engine/scheduler';
import { currentFamilyVersion, learnerInstance, learnerSeed } from './problem-instances';
import { checkTarget, refreshAuthoredFamilies } from './question-families';
import type { Lang } from './accounts';
import { checkInWorker, checkResponse } from './answer-checks';
import type { CardContent } from './content';
import { textIn } from './authoring-schema';
import { clozeView } from './cloze';
import { db } from './db';
import { HttpError } from './http';
import { selectQueue, type QueueItem } from './queue';
import { renderRich } from './rich-text';
import { lockForTransaction } from './sql-dialect';
import { nextStudyDayStart } from './study-day';
import type { CheckResponse, QueueCard, QueueResponse, ReviewResult } from './study-types';

export const leechLapses = 8;

/** The scheduler settings of a learner: desired retention and, once fitted, their own FSRS weights. */
export function schedulerSettings(user: User): SchedulerSettings {
  const weights = user.fsrsParams ? (JSON.parse(user.fsrsParams) as number[]) : undefined;
  return { desiredRetention: user.desiredRetention, ...(weights ? { weights } : {}) };
}

export function toMemory(state: CardState | null, now: Date): CardMemory {
  if (!state) return newCardMemory(now);
  return {
    state: state.state as CardMemory['state'],
    due: state.due,
    stability: state.stability,
    difficulty: state.difficulty,
    elapsedDays: state.elapsedDays,
    scheduledDays: state.scheduledDays,
    learningSteps: state.learningSteps,
    reps: state.reps,
    lapses: state.lapses,
    lastReview: state.lastReview,
  };
}

/** `now`, or the card's last review if the clock has gone back since (the scheduler needs time to move forward). */
function reviewTime(state: CardState | null, now: Date): Date {
  return state?.lastReview && state.lastReview > now ? state.lastReview : now;
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

function present(item: QueueItem, user: User, lang: Lang, now: Date, titles: Map<string, string>): QueueCard {
  const { card, state } = item;
  const content = JSON.parse(card.content) as CardContent;
  const at = reviewTime(state, now);
  const outcomes = nextStates(toMemory(state, at), at, schedulerSettings(user), card.id);
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
  const { seed, instance } = learnerInstance(user.id, card, state);
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

async function liveCard(cardId: string): Promise<Card> {
  const card = await db.card.findUnique({ where: { id: cardId } });
  if (!card) throw new HttpError(404, 'no such card');
  if (card.retiredAt) throw new HttpError(409, 'this card was retired from the content');
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
}

/** The part of a card state a review changes, as JSON, so undo can put it back exactly. */
interface StateSnapshot {
  readonly state: string;
  readonly due: string;
  readonly stability: number;
  readonly difficulty: number;
  readonly elapsedDays: number;
  readonly scheduledDays: number;
  readonly learningSteps: number;
  readonly reps: number;
  readonly lapses: number;
  readonly lastReview: string | null;
  readonly seed: number | null;
  /** The family version `seed` was drawn for (absent in snapshots written before it was kept). */
  readonly familyVersion?: number | null;
  readonly suspendedAt: string | null;
  readonly buriedUntil: string | null;
  readonly leech: boolean;
}

function snapshot(state: CardState | null): string {
  if (!state) return 'null';
  const snap: StateSnapshot = {
    state: state.state,
    due: state.due.toISOString(),
    stability: state.stability,
    difficulty: state.difficulty,
    elapsedDays: state.elapsedDays,
    scheduledDays: state.scheduledDays,
    learningSteps: state.learningSteps,
    reps: state.reps,
    lapses: state.lapses,
    lastReview: state.lastReview?.toISOString() ?? null,
    seed: state.seed,
    familyVersion: state.familyVersion,
    suspendedAt: state.suspendedAt?.toISOString() ?? null,
    buriedUntil: state.buriedUntil?.toISOString() ?? null,
    leech: state.leech,
  };
  return JSON.stringify(snap);
}

function restore(snap: StateSnapshot) {
  const date = (value: string | null) => (value === null ? null : new Date(value));
  return { ...snap, due: new Date(snap.due), lastReview: date(snap.lastReview), suspendedAt: date(snap.suspendedAt), buriedUntil: date(snap.buriedUntil) };
}

/**
 * Records one review: the log entry, the new card state (FSRS), the problem attempt, buried siblings
 * and leech handling, all in one transaction. Idempotent by the client's review id: a repeat returns the
 * first result and records nothing.
 *
 * A problem card's answer is checked first (in the check pool, outside the transaction). An answer that
 * cannot be read or decided is not a review: 422 with the check's message, nothing recorded. The rating
 * of a problem card follows the study screen's rule (app/study `suggestRating`): a wrong answer, or none,
 * is 1 (Again) whatever the client sent; a right answer keeps the client's rating (default 3, Good).
 */
export async function recordReview(user: User, input: ReviewInput, now: Date): Promise<ReviewResult> {
  const existing = await db.review.findUnique({ where: { id: input.id } });
  if (existing) return replayed(existing, user);
  const card = await liveCard(input.cardId);
  const lang: Lang = user.lang === 'en' ? 'en' : 'zh';
  await refreshAuthoredFamilies();
  let checked: { seed: number; instance: Instance; verdict: CheckResult } | undefined;
  if (card.kind === 'problem') {
    if (input.answer === undefined && input.rating === undefined) throw new HttpError(400, 'an exercise review needs an answer or a rating');
    if (input.answer !== undefined) {
      const state = await db.cardState.findUnique({ where: { userId_cardId: { userId: user.id, cardId: card.id } } });
      const { seed, instance } = learnerInstance(user.id, card, state);
      const { verdict } = await checkInWorker(checkTarget(instance), input.answer, lang, 'never');
      if (verdict.kind === 'invalid') throw new HttpError(422, `${verdict.message} (${lang === 'en' ? 'nothing was recorded' : '未记录这次复习'})`);
      checked = { seed, instance, verdict };
    }
  } else if (input.answer !== undefined) {
    throw new HttpError(400, 'only exercise cards take an answer');
  }
  try {
    return await db.$transaction(async (tx) => {
      // NOTE: one review of a learner at a time, whichever app process serves it: the card state read
      // below is the one this review changes (on PostgreSQL, READ COMMITTED would let two reviews of
      // one card both start from the same state and one update be lost).
      await lockForTransaction(tx, `review:${user.id}`);
      // NOTE: the check ran outside the transaction; a twin request may have recorded this id meanwhile.
      const twin = await tx.review.findUnique({ where: { id: input.id } });
      if (twin) return replayed(twin, user);
      const state = await tx.cardState.findUnique({ where: { userId_cardId: { userId: user.id, cardId: card.id } } });
      let rating = input.rating;
      let verdict: { correct: boolean; note: string | null; message: string } | undefined;
      let attempt: Prisma.ProblemAttemptUncheckedCreateInput | undefined;
      if (card.kind === 'problem') {
        const correct = checked?.verdict.kind === 'graded' && checked.verdict.correct;
        rating = correct ? (rating ?? 3) : 1;
        if (checked) {
          const { seed, instance, verdict: result } = checked;
          if (learnerSeed(user.id, card, state) !== seed) throw new HttpError(409, 'this exercise changed while the answer was checked; reload the queue');
          verdict = { correct, note: result.kind === 'graded' ? result.note : result.reason, message: result.message };
          attempt = {
            id: input.id,
            userId: user.id,
            cardId: card.id,
            reviewId: input.id,
            familyId: instance.familyId,
            familyVersion: instance.version,
            seed,
            params: JSON.stringify(instance.params),
            answerText: typeof input.answer === 'string' ? input.answer : JSON.stringify(input.answer),
            verdict: correct ? 'correct' : 'incorrect',
            note: verdict.note,
            createdAt: now,
          };
        }
      }
      if (rating === undefined) throw new HttpError(400, 'rating is required (1 Again, 2 Hard, 3 Good, 4 Easy)');
      const at = reviewTime(state, now);
      const before = toMemory(state, at);
      const after = applyReview(before, rating, at, schedulerSettings(user), card.id);
      const leech = (state?.leech ?? false) || (after.lapses >= leechLapses && after.lapses > before.lapses);
      const result: ReviewResult = {
        id: input.id,
        cardId: card.id,
        rating,
        ...(verdict ?? {}),
        state: after.state,
        due: after.due.toISOString(),
        intervalDays: (after.due.getTime() - now.getTime()) / 86_400_000,
        leech,
        reviewedAt: now.toISOString(),
      };
      await tx.review.create({
        data: {
          id: input.id,
          userId: user.id,
          cardId: card.id,
          rating,
          stateBefore: before.state,
          reviewedAt: now,
          durationMs: input.durationMs ?? null,
          elapsedDays: after.elapsedDays,
          scheduledDays: after.scheduledDays,
          prevState: snapshot(state),
          result: JSON.stringify(result),
        },
      });
      if (attempt) await tx.problemAttempt.create({ data: attempt });
      const data = {
        ...after,
        // NOTE: a fresh instance at every review: the next time this card comes, it is a new problem.
        seed: card.kind === 'problem' ? randomInt(0, 2 ** 31 - 1) : null,
        familyVersion: currentFamilyVersion(card),
        leech,
        suspendedAt: leech && !state?.leech ? now : (state?.suspendedAt ?? null),
        buriedUntil: null,
      };
      await tx.cardState.upsert({
        where: { userId_cardId: { userId: user.id, cardId: card.id } },
        create: { userId: user.id, cardId: card.id, ...data },
        update: data,
      });
      await burySiblings(tx, user, card, now);
      return result;
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

function replayed(review: { userId: string; result: string }, user: User): ReviewResult {
  if (review.userId !== user.id) throw new HttpError(409, 'this review id is already used');
  return JSON.parse(review.result) as ReviewResult;
}

/** Siblings (other cards of the same note or family) wait until the next study day. */
async function burySiblings(tx: Prisma.TransactionClient, user: User, card: Card, now: Date): Promise<void> {
  const until = nextStudyDayStart(now, user.timeZone, user.dayStartHour);
  const siblings = await tx.card.findMany({ where: { noteId: card.noteId, id: { not: card.id }, retiredAt: null }, select: { id: true } });
  for (const sibling of siblings) {
    await tx.cardState.upsert({
      where: { userId_cardId: { userId: user.id, cardId: sibling.id } },
      create: { userId: user.id, cardId: sibling.id, state: 'new', due: now, buriedUntil: until },
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
  const previous = JSON.parse(review.prevState) as StateSnapshot | null;
  await db.$transaction(async (tx) => {
    await lockForTransaction(tx, `review:${user.id}`);
    // NOTE: inside the transaction, so that a review recorded meanwhile (by any app process) is seen.
    const latest = await tx.review.findFirst({ where: { userId: user.id, undoneAt: null }, orderBy: [{ reviewedAt: 'desc' }, { id: 'desc' }] });
    if (latest?.id !== review.id) throw new HttpError(409, 'only the latest review can be undone');
    if (previous === null) await tx.cardState.deleteMany({ where: { userId: user.id, cardId: review.cardId } });
    else await tx.cardState.update({ where: { userId_cardId: { userId: user.id, cardId: review.cardId } }, data: restore(previous) });
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
    const content = JSON.parse(state.card.content) as CardContent;
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
