// The rows behind the per-topic progress figures (lib/progress.ts `topicProgressOf`), for any number of
// learners in a fixed number of statements (lib/sql.ts, on the Prisma client's own connection). They read
// index entries (prisma/schema.prisma: Review (userId, cardId, undoneAt, …) and (userId, undoneAt, …),
// ProblemAttempt (userId, cardId, createdAt, verdict)) — of the Review rows only the few undone ones — and
// no review or attempt passes through JS.
import type { CardMemory } from '@/engine/scheduler';
import { db, sqlDb } from './db';
import { dialectOf, joinInOrder } from './sql-dialect';
import { decodeLearningState } from './rows';
import { date, dateOrNull, int, joinSql, sql, type Statement } from './sql';

const num = (value: unknown) => Number(value ?? 0);

/** `(?, ?, …)`: a list of values, never empty (an empty list is `('')`, which matches no id). */
function list(values: readonly string[]): Statement {
  return sql`(${joinSql((values.length > 0 ? values : ['']).map((value) => sql`${value}`), ', ')})`;
}

/** Article slugs in article order, and every card (retired ones too: their exercise attempts still count) with its topic. */
export async function articleCards(): Promise<{ articles: string[]; cards: { id: string; slug: string; live: boolean }[] }> {
  const [articles, cards] = await Promise.all([
    sqlDb.query(sql`select a."slug" as slug from "Article" a order by a."position"`),
    sqlDb.query(sql`select c."id" as id, c."articleSlug" as slug, c."retiredAt" as retired from "Card" c order by c."position"`),
  ]);
  return {
    articles: articles.map((row) => String(row.slug)),
    cards: cards.map((row) => ({ id: String(row.id), slug: String(row.slug), live: row.retired === null })),
  };
}

/** The learners' card states (memory and suspension), by user and card. */
export async function cardStatesOf(userIds: readonly string[]): Promise<Map<string, Map<string, CardMemory & { suspendedAt: Date | null }>>> {
  const rows = await sqlDb.query(sql`
    select s."userId" as u, s."cardId" as c, s."state" as state, s."due" as due, s."stability" as stability, s."difficulty" as difficulty,
      s."elapsedDays" as "elapsedDays", s."scheduledDays" as "scheduledDays", s."learningSteps" as "learningSteps", s."reps" as reps,
      s."lapses" as lapses, s."lastReview" as "lastReview", s."suspendedAt" as "suspendedAt"
    from "CardState" s where s."userId" in ${list(userIds)}`);
  const states = new Map(userIds.map((id) => [id, new Map<string, CardMemory & { suspendedAt: Date | null }>()]));
  for (const row of rows) {
    states.get(String(row.u))?.set(String(row.c), {
      state: decodeLearningState(row.state, 'CardState.state'),
      due: date(row.due),
      stability: Number(row.stability),
      difficulty: Number(row.difficulty),
      elapsedDays: Number(row.elapsedDays),
      scheduledDays: Number(row.scheduledDays),
      learningSteps: int(row.learningSteps),
      reps: int(row.reps),
      lapses: int(row.lapses),
      lastReview: dateOrNull(row.lastReview),
      suspendedAt: dateOrNull(row.suspendedAt),
    });
  }
  return states;
}

/** The live cards each learner has a review of that stands (not undone): one index seek per learner and card. */
export async function reviewedCardsOf(userIds: readonly string[]): Promise<Map<string, Set<string>>> {
  const users = joinSql((userIds.length > 0 ? userIds : ['']).map((id) => sql`(${id})`), ', ');
  const rows = await sqlDb.query(sql`
    with u(id) as (values ${users})
    select u.id as u, c."id" as c from u cross join "Card" c
    where c."retiredAt" is null and exists (select 1 from "Review" r where r."userId" = u.id and r."cardId" = c."id" and r."undoneAt" is null)`);
  const reviewed = new Map(userIds.map((id) => [id, new Set<string>()]));
  for (const row of rows) reviewed.get(String(row.u))?.add(String(row.c));
  return reviewed;
}

/**
 * Each learner's exercise attempts per card, and how many were correct, leaving out attempts whose review was
 * undone: all attempts counted from the index, minus those of the learner's undone reviews (a few, found
 * through the index of undone reviews, which comes first: a condition on the attempt's user would let SQLite
 * start from every attempt instead). An attempt and its review are one learner's, written together
 * (lib/review-store.ts); an attempt without a review counts.
 */
export async function attemptsOf(userIds: readonly string[]): Promise<Map<string, Map<string, { attempts: number; correct: number }>>> {
  const [all, undone] = await Promise.all([
    sqlDb.query(sql`
      select a."userId" as u, a."cardId" as c, count(*) as n, sum(case when a."verdict" = 'correct' then 1 else 0 end) as correct from "ProblemAttempt" a
      where a."userId" in ${list(userIds)} and a."cardId" is not null
      group by a."userId", a."cardId"`),
    sqlDb.query(sql`
      select a."userId" as u, a."cardId" as c, count(*) as n, sum(case when a."verdict" = 'correct' then 1 else 0 end) as correct
      from "Review" r ${joinInOrder(dialectOf(db))} "ProblemAttempt" a on a."reviewId" = r."id"
      where r."userId" in ${list(userIds)} and r."undoneAt" is not null and a."cardId" is not null
      group by a."userId", a."cardId"`),
  ]);
  const attempts = new Map(userIds.map((id) => [id, new Map<string, { attempts: number; correct: number }>()]));
  const add = (rows: typeof all, sign: 1 | -1) => {
    for (const row of rows) {
      const perCard = attempts.get(String(row.u));
      if (!perCard) continue;
      const seen = perCard.get(String(row.c)) ?? { attempts: 0, correct: 0 };
      perCard.set(String(row.c), { attempts: seen.attempts + sign * num(row.n), correct: seen.correct + sign * num(row.correct) });
    }
  };
  add(all, 1);
  add(undone, -1);
  return attempts;
}
