// What recording a review reads and writes, in SQL through lib/sql.ts (the review round trip is the
// request people wait on most): one statement reads the card, the learner's state of it and how many
// siblings it has; the writes are one INSERT for the log, one for an exercise attempt, one upsert for the
// state and, only for cards with siblings, one SELECT and one multi-row upsert to bury them.

import type { CardState } from '@prisma/client';
import type { ReviewLogEntry, StoredCardState } from './review-transition';
import { decodeCardHead, decodeState, selectCardHead, selectState, type CardHead } from './rows';
import { int, joinSql, jsonText, sql, type SqlRunner } from './sql';

export interface ReviewContext {
  readonly card: CardHead;
  readonly state: CardState | null;
  /** Live cards of the same note or family besides this one. */
  readonly siblings: number;
}

/** The card, the learner's state of it and its sibling count; null when there is no such card. */
export async function reviewContext(db: SqlRunner, userId: string, cardId: string): Promise<ReviewContext | null> {
  const [row] = await db.query(sql`
    SELECT ${selectCardHead('c')}, ${selectState('s')},
      (SELECT count(*) FROM "Card" o WHERE o."noteId" = c."noteId" AND o."id" <> c."id" AND o."retiredAt" IS NULL) AS "siblings"
    FROM "Card" c LEFT JOIN "CardState" s ON s."cardId" = c."id" AND s."userId" = ${userId}
    WHERE c."id" = ${cardId}`);
  return row ? { card: decodeCardHead(row, 'c'), state: decodeState(row, 's'), siblings: int(row.siblings) } : null;
}

/** The user and stored answer of a review id, or null. */
export async function storedReview(db: SqlRunner, id: string): Promise<{ userId: string; result: unknown } | null> {
  const [row] = await db.query(sql`SELECT "userId", "result" FROM "Review" WHERE "id" = ${id}`);
  return row ? { userId: String(row.userId), result: typeof row.result === 'string' ? JSON.parse(row.result) : row.result } : null;
}

export interface AttemptRow {
  readonly familyId: string;
  readonly familyVersion: number;
  readonly seed: number;
  readonly params: unknown;
  readonly answerText: string;
  readonly verdict: 'correct' | 'incorrect';
  readonly note: string | null;
}

/**
 * Writes one review inside the caller's transaction: the log row (a second insert of the same id fails on
 * the primary key: the caller answers it as a repeat), the exercise attempt, the learner's new state, and
 * the bury of the card's siblings until `buryUntil` (null: it has none).
 */
export async function saveReview(
  tx: SqlRunner,
  where: { readonly userId: string; readonly cardId: string; readonly noteId: string },
  log: ReviewLogEntry,
  state: StoredCardState,
  attempt: AttemptRow | null,
  buryUntil: Date | null,
  now: Date,
): Promise<void> {
  const { userId, cardId } = where;
  await tx.execute(sql`
    INSERT INTO "Review" ("id", "userId", "cardId", "rating", "stateBefore", "reviewedAt", "durationMs", "elapsedDays", "scheduledDays", "prevState", "result")
    VALUES (${log.id}, ${userId}, ${cardId}, ${log.rating}, ${log.stateBefore}, ${log.reviewedAt}, ${log.durationMs}, ${log.elapsedDays}, ${log.scheduledDays},
      ${jsonText(log.prevState)}, ${jsonText(log.result)})`);
  if (attempt) {
    await tx.execute(sql`
      INSERT INTO "ProblemAttempt" ("id", "userId", "cardId", "reviewId", "familyId", "familyVersion", "seed", "params", "answerText", "verdict", "note", "createdAt")
      VALUES (${log.id}, ${userId}, ${cardId}, ${log.id}, ${attempt.familyId}, ${attempt.familyVersion}, ${attempt.seed}, ${jsonText(attempt.params)},
        ${attempt.answerText}, ${attempt.verdict}, ${attempt.note}, ${log.reviewedAt})`);
  }
  const s = state;
  await tx.execute(sql`
    INSERT INTO "CardState" ("userId", "cardId", "state", "due", "stability", "difficulty", "elapsedDays", "scheduledDays", "learningSteps", "reps", "lapses",
      "lastReview", "seed", "familyVersion", "suspendedAt", "buriedUntil", "leech", "updatedAt")
    VALUES (${userId}, ${cardId}, ${s.state}, ${s.due}, ${s.stability}, ${s.difficulty}, ${s.elapsedDays}, ${s.scheduledDays}, ${s.learningSteps}, ${s.reps}, ${s.lapses},
      ${s.lastReview}, ${s.seed}, ${s.familyVersion}, ${s.suspendedAt}, ${s.buriedUntil}, ${s.leech}, ${now})
    ON CONFLICT ("userId", "cardId") DO UPDATE SET "state" = excluded."state", "due" = excluded."due", "stability" = excluded."stability",
      "difficulty" = excluded."difficulty", "elapsedDays" = excluded."elapsedDays", "scheduledDays" = excluded."scheduledDays",
      "learningSteps" = excluded."learningSteps", "reps" = excluded."reps", "lapses" = excluded."lapses", "lastReview" = excluded."lastReview",
      "seed" = excluded."seed", "familyVersion" = excluded."familyVersion", "suspendedAt" = excluded."suspendedAt",
      "buriedUntil" = excluded."buriedUntil", "leech" = excluded."leech", "updatedAt" = excluded."updatedAt"`);
  if (buryUntil === null) return;
  const siblings = await tx.query(sql`SELECT "id" FROM "Card" WHERE "noteId" = ${where.noteId} AND "id" <> ${cardId} AND "retiredAt" IS NULL`);
  if (siblings.length === 0) return;
  // NOTE: a sibling never studied gets a 'new' state that only carries the bury (as Prisma's upsert did).
  const rows = siblings.map((row) => sql`(${userId}, ${String(row.id)}, ${'new'}, ${log.reviewedAt}, ${buryUntil}, ${now})`);
  await tx.execute(sql`
    INSERT INTO "CardState" ("userId", "cardId", "state", "due", "buriedUntil", "updatedAt") VALUES ${joinSql(rows, ', ')}
    ON CONFLICT ("userId", "cardId") DO UPDATE SET "buriedUntil" = excluded."buriedUntil", "updatedAt" = excluded."updatedAt"`);
}
