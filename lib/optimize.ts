import type { User } from '@prisma/client';
import { DEFAULT_WEIGHTS, type Rating, type ReviewEvent } from '@/engine/scheduler';
import { db } from './db';
import { compareParameters, optimizeParameters } from './fsrs-optimizer';
import { HttpError } from './http';
import { lockForTransaction } from './sql-dialect';
import { fsrsWeightsSchema, readStored } from './stored-json';

export const minReviewsToOptimize = 200;

export interface OptimizeReport {
  readonly reviews: number;
  readonly before: { readonly logLoss: number; readonly rmseBins: number };
  readonly after: { readonly logLoss: number; readonly rmseBins: number };
  /**
   * Whether the fitted weights were kept: only when they predict this history at least as well, and the
   * weights they were compared with are still the learner's (another fit, by any app process, did not
   * change them meanwhile).
   */
  readonly applied: boolean;
}

/**
 * Fits FSRS-6 weights to the learner's own review log (fsrs-rs), compares log loss and RMSE(bins) of the
 * current and the fitted weights on that log, and keeps the fitted ones when they are no worse.
 */
export async function optimizeScheduler(user: User): Promise<OptimizeReport> {
  const reviews = await db.review.findMany({
    where: { userId: user.id, undoneAt: null },
    orderBy: { reviewedAt: 'asc' },
    select: { cardId: true, rating: true, stateBefore: true, reviewedAt: true },
  });
  if (reviews.length < minReviewsToOptimize) {
    throw new HttpError(400, `optimising needs at least ${minReviewsToOptimize} reviews; you have ${reviews.length}`);
  }
  const byCard = new Map<string, ReviewEvent[]>();
  for (const review of reviews) {
    const list = byCard.get(review.cardId) ?? [];
    list.push({ reviewedAt: review.reviewedAt, rating: review.rating as Rating, state: review.stateBefore });
    byCard.set(review.cardId, list);
  }
  const current = user.fsrsParams === null ? [...DEFAULT_WEIGHTS] : readStored(fsrsWeightsSchema, user.fsrsParams, 'User.fsrsParams');
  const fitted = await optimizeParameters(byCard);
  const { before, after } = compareParameters(current, fitted, byCard);
  // NOTE: compare-and-set on the weights read at the start, so two fits at once (in any app processes) never
  // keep a worse one: the transaction holds the write lock (SQLite) or a per-learner lock (PostgreSQL).
  const applied =
    after.logLoss <= before.logLoss &&
    (await db.$transaction(async (tx) => {
      await lockForTransaction(tx, `fsrs-weights:${user.id}`);
      const stored = await tx.user.findUnique({ where: { id: user.id }, select: { fsrsParams: true } });
      if (!stored || JSON.stringify(stored.fsrsParams) !== JSON.stringify(user.fsrsParams)) return false;
      await tx.user.update({ where: { id: user.id }, data: { fsrsParams: fitted } });
      return true;
    }));
  return {
    reviews: reviews.length,
    before: { logLoss: before.logLoss, rmseBins: before.rmseBins },
    after: { logLoss: after.logLoss, rmseBins: after.rmseBins },
    applied,
  };
}
