import type { CardState, User } from '@prisma/client';
import { db, sqlDb } from './db';
import { decodeCardHead, decodeLearningState, decodeState, selectCardHead, selectState, type CardHead } from './rows';
import { raw, sql } from './sql';
import { dialectOf, joinInOrder } from './sql-dialect';
import { nextStudyDayStart, studyDayStart } from './study-day';

export type QueueKind = 'new' | 'learning' | 'review';

export interface QueueItem {
  /** The card without its content (read for the cards shown). */
  readonly card: CardHead;
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
 *
 * Three statements (lib/sql.ts), each reading only rows that can be in the queue: today's reviews (for the
 * limits), the learner's studied cards that are due or in (re)learning, and the first new card of each
 * note not seen today, in article and card order, up to the day's remaining new cards. NOTE: the new cards
 * are read in that order (Article (position), Card (articleSlug)) and the reading stops at the limit: a card
 * is taken when no earlier sibling is eligible and its note was not seen today, each one index probe per
 * sibling (Review (userId, cardId, undoneAt, reviewedAt)). Numbering every eligible card per note with a
 * window function instead read all cards every time (1.0–1.2 ms against 0.17–0.33 ms here for 20 of 327).
 */
export async function selectQueue(user: User, now: Date, articleSlug?: string): Promise<QueueSelection> {
  const dayStart = studyDayStart(now, user.timeZone, user.dayStartHour);
  const dayEnd = nextStudyDayStart(now, user.timeZone, user.dayStartHour);
  const inArticle = articleSlug === undefined ? raw('') : sql`AND c."articleSlug" = ${articleSlug}`;
  const inSiblingArticle = articleSlug === undefined ? raw('') : sql`AND e."articleSlug" = ${articleSlug}`;
  const available = sql`s."suspendedAt" IS NULL AND (s."buriedUntil" IS NULL OR s."buriedUntil" <= ${now})`;
  const siblingAvailable = sql`es."suspendedAt" IS NULL AND (es."buriedUntil" IS NULL OR es."buriedUntil" <= ${now})`;
  const done = await sqlDb.query(sql`
    SELECT r."stateBefore" AS "stateBefore", count(*) AS "n" FROM "Review" r
    WHERE r."userId" = ${user.id} AND r."reviewedAt" >= ${dayStart} AND r."undoneAt" IS NULL GROUP BY r."stateBefore"`);
  const doneBy = new Map(done.map((row) => [decodeLearningState(row.stateBefore, 'Review.stateBefore'), Number(row.n)]));
  const newLeft = Math.max(0, user.newPerDay - (doneBy.get('new') ?? 0));
  const reviewsLeft = Math.max(0, user.reviewsPerDay - (doneBy.get('review') ?? 0));
  const [studied, fresh] = await Promise.all([
    sqlDb.query(sql`
      SELECT ${selectState('s')}, ${selectCardHead('c')} FROM "CardState" s JOIN "Card" c ON c."id" = s."cardId"
      WHERE s."userId" = ${user.id} AND c."retiredAt" IS NULL ${inArticle} AND ${available}
        AND (s."state" IN ('learning', 'relearning') OR (s."state" = 'review' AND s."due" < ${dayEnd}))
      ORDER BY s."due", s."cardId"`),
    newLeft === 0
      ? []
      : sqlDb.query(sql`
      SELECT ${selectCardHead('c')}, ${selectState('s')}
      FROM "Article" a ${joinInOrder(dialectOf(db))} "Card" c ON c."articleSlug" = a."slug"
      LEFT JOIN "CardState" s ON s."cardId" = c."id" AND s."userId" = ${user.id}
      WHERE c."retiredAt" IS NULL ${inArticle} AND (s."cardId" IS NULL OR (s."state" = 'new' AND ${available}))
        AND NOT EXISTS (SELECT 1 FROM "Card" e JOIN "Article" ea ON ea."slug" = e."articleSlug"
            LEFT JOIN "CardState" es ON es."cardId" = e."id" AND es."userId" = ${user.id}
          WHERE e."noteId" = c."noteId" AND e."id" <> c."id" AND e."retiredAt" IS NULL ${inSiblingArticle}
            AND (es."cardId" IS NULL OR (es."state" = 'new' AND ${siblingAvailable}))
            AND (ea."position" < a."position" OR (ea."position" = a."position"
              AND (e."position" < c."position" OR (e."position" = c."position" AND e."id" < c."id")))))
        AND NOT EXISTS (SELECT 1 FROM "Card" seen WHERE seen."noteId" = c."noteId" AND EXISTS (SELECT 1 FROM "Review" r
          WHERE r."userId" = ${user.id} AND r."cardId" = seen."id" AND r."undoneAt" IS NULL AND r."reviewedAt" >= ${dayStart}))
      ORDER BY a."position", c."position", c."id" LIMIT ${newLeft}`),
  ]);
  const item = (queue: QueueKind) => (row: (typeof studied)[number]): QueueItem => ({ card: decodeCardHead(row, 'c'), state: decodeState(row, 's'), queue });
  const learningDue = studied.filter((row) => row['s.state'] !== 'review').map(item('learning'));
  const reviews = studied.filter((row) => row['s.state'] === 'review').slice(0, reviewsLeft).map(item('review'));
  const newCards = fresh.map(item('new'));
  const nothingElse = reviews.length === 0 && newCards.length === 0;
  const horizon = now.getTime() + (nothingElse ? learnAheadMs : 0);
  const learning = learningDue.filter((i) => i.state!.due.getTime() <= horizon);
  return {
    items: [...learning, ...interleave(reviews, newCards)],
    counts: { new: newCards.length, learning: learning.length, review: reviews.length },
  };
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
