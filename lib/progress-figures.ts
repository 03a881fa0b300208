// The rows behind the per-topic progress figures (lib/progress.ts `topicProgressOf`), for any number of
// learners in a fixed number of statements (lib/sql.ts, on the Prisma client's own connection): card states,
// and per card the database's own counts of reviews and attempts (CardTally) — of the Review rows only the
// few undone ones are read — so no review or attempt passes through JS.
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

/** What a learner did with one card: whether a review of it stands, and the exercise attempts that count. */
export interface CardCounts {
  readonly reviewed: boolean;
  readonly attempts: number;
  readonly correct: number;
}

/**
 * Each learner's {@link CardCounts} per card (cards without a review or an attempt left out), from the
 * database's own tally (CardTally, prisma/schema.prisma): one range of rows per learner. Attempts count unless
 * their review was undone: the tally counts them all, and those of the learner's undone reviews (a few, found
 * through the index of undone reviews, which comes first: a condition on the attempt's user would let SQLite
 * start from every attempt instead) are taken away. An attempt and its review are one learner's, written
 * together (lib/review-store.ts); an attempt without a review counts.
 */
export async function cardCountsOf(userIds: readonly string[]): Promise<Map<string, Map<string, CardCounts>>> {
  const [tallies, undone] = await Promise.all([
    sqlDb.query(sql`
      select t."userId" as u, t."cardId" as c, t."reviews" as reviews, t."attempts" as n, t."correct" as correct from "CardTally" t
      where t."userId" in ${list(userIds)}`),
    sqlDb.query(sql`
      select a."userId" as u, a."cardId" as c, count(*) as n, sum(case when a."verdict" = 'correct' then 1 else 0 end) as correct
      from "Review" r ${joinInOrder(dialectOf(db))} "ProblemAttempt" a on a."reviewId" = r."id"
      where r."userId" in ${list(userIds)} and r."undoneAt" is not null and a."cardId" is not null
      group by a."userId", a."cardId"`),
  ]);
  const counts = new Map(userIds.map((id) => [id, new Map<string, CardCounts>()]));
  for (const row of tallies) counts.get(String(row.u))?.set(String(row.c), { reviewed: num(row.reviews) > 0, attempts: num(row.n), correct: num(row.correct) });
  for (const row of undone) {
    const perCard = counts.get(String(row.u));
    const seen = perCard?.get(String(row.c));
    if (perCard && seen) perCard.set(String(row.c), { ...seen, attempts: seen.attempts - num(row.n), correct: seen.correct - num(row.correct) });
  }
  return counts;
}
