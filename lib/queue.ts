import type { Card, CardState, User } from '@prisma/client';
import { db } from './db';
import { nextStudyDayStart, studyDayStart } from './study-day';

export type QueueKind = 'new' | 'learning' | 'review';

export interface QueueItem {
  readonly card: Card;
  readonly state: CardState | null;
  readonly queue: QueueKind;
}

export interface QueueSelection {
  readonly items: readonly QueueItem[];
  readonly counts: { readonly new: number; readonly learning: number; readonly review: number };
}

const learnAheadMs = 20 * 60 * 1000;

/**
 * Today's queue of a learner, in the order to study it: due learning cards first, then due reviews
 * with new cards spread evenly among them. Limits: the user's new cards and reviews per day, minus what
 * was done since the study day began; one new card per note a day (siblings wait); suspended, buried
 * and retired cards are left out. `articleSlug` narrows the queue to one article.
 */
export async function selectQueue(user: User, now: Date, articleSlug?: string): Promise<QueueSelection> {
  const dayStart = studyDayStart(now, user.timeZone, user.dayStartHour);
  const dayEnd = nextStudyDayStart(now, user.timeZone, user.dayStartHour);
  const articleFilter = articleSlug ? { articleSlug } : {};
  const [doneToday, states, cards] = await Promise.all([
    db.review.findMany({ where: { userId: user.id, reviewedAt: { gte: dayStart }, undoneAt: null }, select: { stateBefore: true, card: { select: { noteId: true } } } }),
    db.cardState.findMany({ where: { userId: user.id, card: { retiredAt: null, ...articleFilter } }, include: { card: true } }),
    db.card.findMany({ where: { retiredAt: null, ...articleFilter }, orderBy: [{ article: { position: 'asc' } }, { position: 'asc' }] }),
  ]);
  const available = (state: CardState) => !state.suspendedAt && !(state.buriedUntil && state.buriedUntil > now);
  const newDone = doneToday.filter((r) => r.stateBefore === 'new').length;
  const reviewsDone = doneToday.filter((r) => r.stateBefore === 'review').length;

  const learningDue = states
    .filter((s) => (s.state === 'learning' || s.state === 'relearning') && available(s))
    .sort((a, b) => a.due.getTime() - b.due.getTime());
  const reviews = states
    .filter((s) => s.state === 'review' && available(s) && s.due < dayEnd)
    .sort((a, b) => a.due.getTime() - b.due.getTime())
    .slice(0, Math.max(0, user.reviewsPerDay - reviewsDone))
    .map((s): QueueItem => ({ card: s.card, state: stripCard(s), queue: 'review' }));

  const stateByCard = new Map(states.map((s) => [s.cardId, s]));
  const notesSeen = new Set(doneToday.map((r) => r.card.noteId));
  const fresh: QueueItem[] = [];
  for (const card of cards) {
    if (fresh.length >= Math.max(0, user.newPerDay - newDone)) break;
    const state = stateByCard.get(card.id);
    if (state && (state.state !== 'new' || !available(state))) continue;
    if (notesSeen.has(card.noteId)) continue;
    notesSeen.add(card.noteId);
    fresh.push({ card, state: state ? stripCard(state) : null, queue: 'new' });
  }

  const dueNow = learningDue.filter((s) => s.due <= now);
  const nothingElse = reviews.length === 0 && fresh.length === 0;
  const learning = (nothingElse ? learningDue.filter((s) => s.due.getTime() <= now.getTime() + learnAheadMs) : dueNow).map(
    (s): QueueItem => ({ card: s.card, state: stripCard(s), queue: 'learning' }),
  );
  return {
    items: [...learning, ...interleave(reviews, fresh)],
    counts: { new: fresh.length, learning: learning.length, review: reviews.length },
  };
}

function stripCard(state: CardState & { card?: Card }): CardState {
  const { card: _card, ...rest } = state;
  return rest;
}

/** Spreads `b` evenly through `a`: [r r n r r n ...]. */
export function interleave<T>(a: readonly T[], b: readonly T[]): T[] {
  if (b.length === 0) return [...a];
  if (a.length === 0) return [...b];
  const out: T[] = [];
  const step = (a.length + b.length) / b.length;
  let bi = 0;
  for (let i = 0, ai = 0; i < a.length + b.length; i++) {
    if (bi < b.length && i + 1 >= Math.round(step * (bi + 1))) out.push(b[bi++]!);
    else if (ai < a.length) out.push(a[ai++]!);
    else out.push(b[bi++]!);
  }
  return out;
}
