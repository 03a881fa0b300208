import { Prisma, type CardState, type User } from '@prisma/client';
import { calendarDaysBetween, forgettingCurve, resolveSchedulerSettings, retrievabilityWith, type CardMemory, type CardStateName } from '@/engine/scheduler';
import type { Lang } from './accounts';
import { textIn } from './authoring-schema';
import { clozeView } from './cloze';
import type { CardContent } from './content';
import { db, sqlDb } from './db';
import { sql } from './sql';
import { daysBetween, dueForecast, reviewActivity, studyStreak, type DayCount, type ReviewActivity } from './progress-activity';
import { articleCards, cardCountsOf, cardStatesOf, type CardCounts } from './progress-figures';
import { periodOf, studyDateOf, type StudyCalendar } from './progress-periods';
import { readStored, reviewIntervalSchema, storedCardContent } from './stored-json';
import { schedulerSettings } from './study';

/**
 * One topic (article) of a learner, as `GET /api/v1/progress` reports it. Definitions:
 * - `cards`: live cards of the topic (not retired).
 * - `reviewed`: live cards with at least one review by the learner that was not undone.
 * - `learned`: live cards in the FSRS `review` state (graduated, not currently relearning).
 * - `due` / `dueThisWeek`: studied cards (state not `new`, not suspended) whose next review falls before
 *   the end of today's study day / of the sixth study day after today, in the learner's time zone with
 *   their day-start hour; overdue cards count. Cards never studied are not due.
 * - `recall`: mean FSRS retrievability now over the reviewed cards (0..1, the learner's own weights);
 *   null when none is reviewed.
 * - `accuracy`: share of correct exercise attempts on the topic's problem cards (attempts whose review
 *   was undone left out); null without attempts. `attempts` is its denominator.
 */
export interface TopicProgress {
  readonly slug: string;
  readonly cards: number;
  readonly reviewed: number;
  readonly due: number;
  readonly recall: number | null;
  readonly accuracy: number | null;
  readonly learned: number;
  readonly dueThisWeek: number;
  readonly attempts: number;
}

/** Everything the progress page shows: `GET /api/v1/progress?detail=1`. */
export interface ProgressDetail extends ReviewActivity {
  readonly topics: readonly TopicProgress[];
  /** Today's study date (YYYY-MM-DD) in the learner's time zone. */
  readonly today: string;
  /** Consecutive study days with at least one review, ending today or yesterday. */
  readonly streak: number;
  /** Cards coming due on each of the next 30 study days; today includes overdue cards. */
  readonly forecast: readonly DayCount[];
}

/** One card of a learner, for a topic's card list. `recall` is null until reviewed. */
export interface CardProgress {
  readonly id: string;
  readonly slug: string;
  readonly kind: string;
  readonly content: CardContent;
  readonly state: CardStateName;
  readonly reviewed: boolean;
  readonly due: Date | null;
  readonly recall: number | null;
  readonly reps: number;
  readonly lapses: number;
  readonly suspended: boolean;
}

export function calendarOf(user: User): StudyCalendar {
  return { timeZone: user.timeZone, dayStartHour: user.dayStartHour };
}

const num = (value: unknown) => Number(value ?? 0);

type SchedulerSettingsOf = ReturnType<typeof schedulerSettings>;

/** What the figures read of a card state: its FSRS memory and whether it is suspended. */
type StateFigures = CardMemory & Pick<CardState, 'suspendedAt'>;

/** `now`, or the last review when the clock has gone back since (the scheduler refuses a time before it). */
function notBefore(now: Date, lastReview: Date | null): Date {
  return lastReview && lastReview > now ? lastReview : now;
}

/** A card's state name: never studied is new. */
const stateNameOf = (state: StateFigures | undefined): CardStateName => state?.state ?? 'new';
/** When a studied card is due (null: never studied). */
const dueOf = (state: StateFigures | undefined): Date | null => (state && state.state !== 'new' ? state.due : null);

/** A card's recall now when a review of it stands (0 without a state), else null; `recall` is the learner's {@link retrievabilityWith}. */
function recallOf(state: StateFigures | undefined, reviewed: boolean, now: Date, recall: (memory: CardMemory, now: Date) => number): number | null {
  if (!reviewed) return null;
  if (!state) return 0;
  const at = notBefore(now, state.lastReview);
  return recall(state, at);
}

/** A card's figures for a learner from its state (none: never studied) and whether a review of it stands. */
function cardFigures(state: StateFigures | undefined, reviewed: boolean, now: Date, recall: (memory: CardMemory, now: Date) => number) {
  return {
    state: stateNameOf(state),
    reviewed,
    due: dueOf(state),
    recall: recallOf(state, reviewed, now, recall),
    reps: state?.reps ?? 0,
    lapses: state?.lapses ?? 0,
    suspended: Boolean(state?.suspendedAt),
  };
}

function toCardProgress(card: { id: string; slug: string; kind: string; content: unknown }, state: CardState | undefined, reviewed: boolean, now: Date, settings: SchedulerSettingsOf): CardProgress {
  return { ...card, content: storedCardContent(card.content), ...cardFigures(state, reviewed, now, retrievabilityWith(settings)) };
}

/** The learner's live cards (one topic's, or all) in article and card order, with their state and recall now. */
export async function cardProgress(user: User, now: Date, slug?: string): Promise<CardProgress[]> {
  const topic = slug === undefined ? Prisma.empty : Prisma.sql`and c."articleSlug" = ${slug}`;
  const [cards, states] = await Promise.all([
    db.$queryRaw<{ id: string; slug: string; kind: string; content: unknown; reviewed: bigint | boolean }[]>`
      select c."id" as id, c."articleSlug" as slug, c."kind" as kind, c."content" as content,
        exists(select 1 from "Review" r where r."userId" = ${user.id} and r."cardId" = c."id" and r."undoneAt" is null) as reviewed
      from "Card" c join "Article" a on a."slug" = c."articleSlug"
      where c."retiredAt" is null ${topic}
      order by a."position", c."position"`,
    db.cardState.findMany({ where: { userId: user.id, card: { retiredAt: null, ...(slug === undefined ? {} : { articleSlug: slug }) } } }),
  ]);
  const stateOf = new Map(states.map((s) => [s.cardId, s]));
  const recall = retrievabilityWith(schedulerSettings(user));
  return cards.map(({ reviewed, ...card }) => ({ ...card, content: storedCardContent(card.content), ...cardFigures(stateOf.get(card.id), num(reviewed) > 0, now, recall) }));
}

interface Attempts {
  readonly attempts: number;
  readonly correct: number;
}

/**
 * A topic's figures, card by card (see {@link TopicProgress} for the definitions); `dayEnd`/`weekEnd` end today
 * and the sixth study day after it. NOTE: counted as the cards come, with no list of them: a group of 20 has
 * ≈ 6,500 member cards to count on every render of /group.
 */
class TopicFigures {
  private cards = 0;
  private reviewed = 0;
  private due = 0;
  private dueThisWeek = 0;
  private learned = 0;
  private recallSum = 0;
  private recalls = 0;

  constructor(
    private readonly dayEnd: Date,
    private readonly weekEnd: Date,
  ) {}

  add(state: CardStateName, reviewed: boolean, due: Date | null, suspended: boolean, recall: number | null): void {
    this.cards++;
    if (reviewed) this.reviewed++;
    if (state === 'review') this.learned++;
    if (due !== null && !suspended) {
      if (due < this.dayEnd) this.due++;
      if (due < this.weekEnd) this.dueThisWeek++;
    }
    if (recall !== null) {
      this.recallSum += recall;
      this.recalls++;
    }
  }

  of(slug: string, attempts: Attempts | undefined): TopicProgress {
    return {
      slug,
      cards: this.cards,
      reviewed: this.reviewed,
      due: this.due,
      recall: this.recalls > 0 ? this.recallSum / this.recalls : null,
      accuracy: attempts && attempts.attempts > 0 ? attempts.correct / attempts.attempts : null,
      learned: this.learned,
      dueThisWeek: this.dueThisWeek,
      attempts: attempts?.attempts ?? 0,
    };
  }
}

/** The ends of today's study day and of the sixth study day after it, in the learner's calendar. */
function dueBounds(user: User, now: Date): { dayEnd: Date; weekEnd: Date } {
  const calendar = calendarOf(user);
  const today = studyDateOf(now, calendar);
  return { dayEnd: periodOf(today, 1, calendar).end, weekEnd: periodOf(today, 7, calendar).end };
}

/** The per-topic figures of `GET /api/v1/progress`, in article order (every article, bundled or the group's own). */
export async function topicProgress(user: User, now: Date): Promise<TopicProgress[]> {
  return (await topicProgressOf([user], now)).get(user.id)!;
}

/**
 * {@link topicProgress} of several learners at once, by user id: five statements whatever their number
 * (lib/progress-figures.ts), then each learner's cards once in JS.
 */
export async function topicProgressOf(users: readonly User[], now: Date): Promise<Map<string, TopicProgress[]>> {
  const userIds = users.map((user) => user.id);
  const [{ articles, cards }, states, counts] = await Promise.all([articleCards(), cardStatesOf(userIds), cardCountsOf(userIds)]);
  const live = cards.filter((card) => card.live);
  const slugOf = new Map(cards.map((card) => [card.id, card.slug]));
  return new Map(
    users.map((user) => {
      const recall = retrievabilityWith(schedulerSettings(user));
      const stateOf = states.get(user.id);
      const perCard = counts.get(user.id);
      const { dayEnd, weekEnd } = dueBounds(user, now);
      const bySlug = new Map(articles.map((slug) => [slug, new TopicFigures(dayEnd, weekEnd)]));
      for (const card of live) {
        const state = stateOf?.get(card.id);
        const reviewed = perCard?.get(card.id)?.reviewed ?? false;
        bySlug.get(card.slug)?.add(stateNameOf(state), reviewed, dueOf(state), Boolean(state?.suspendedAt), recallOf(state, reviewed, now, recall));
      }
      const perSlug = topicAttempts(perCard, slugOf);
      return [user.id, articles.map((slug) => bySlug.get(slug)!.of(slug, perSlug.get(slug)))];
    }),
  );
}

/** Attempts per topic from attempts per card. */
function topicAttempts(perCard: ReadonlyMap<string, CardCounts> | undefined, slugOf: ReadonlyMap<string, string>): Map<string, Attempts> {
  const perSlug = new Map<string, Attempts>();
  for (const [cardId, counts] of perCard ?? []) {
    const slug = slugOf.get(cardId);
    if (slug === undefined || counts.attempts === 0) continue;
    const seen = perSlug.get(slug) ?? { attempts: 0, correct: 0 };
    perSlug.set(slug, { attempts: seen.attempts + counts.attempts, correct: seen.correct + counts.correct });
  }
  return perSlug;
}

/** One topic's figures and cards, for its page. */
export async function topicCards(user: User, slug: string, now: Date): Promise<{ topic: TopicProgress; cards: CardProgress[] }> {
  const [cards, counts, { cards: all }] = await Promise.all([cardProgress(user, now, slug), cardCountsOf([user.id]), articleCards()]);
  const perSlug = topicAttempts(counts.get(user.id), new Map(all.map((card) => [card.id, card.slug])));
  const { dayEnd, weekEnd } = dueBounds(user, now);
  const topic = new TopicFigures(dayEnd, weekEnd);
  for (const card of cards) topic.add(card.state, card.reviewed, card.due, card.suspended, card.recall);
  return { topic: topic.of(slug, perSlug.get(slug)), cards };
}

/** The progress page's figures for one learner (`GET /api/v1/progress?detail=1`). */
export async function progressDetail(user: User, now: Date): Promise<ProgressDetail> {
  const calendar = calendarOf(user);
  const [topics, activity, streak, forecast] = await Promise.all([
    topicProgress(user, now),
    reviewActivity([user.id], calendar, now),
    studyStreak(user.id, calendar, now),
    dueForecast(user.id, calendar, now),
  ]);
  return { topics, today: studyDateOf(now, calendar), streak, forecast, ...activity };
}

/** Article titles in the learner's language, by slug. */
export async function topicTitles(lang: Lang): Promise<Map<string, string>> {
  const articles = await sqlDb.query(sql`select a."slug" as slug, a."titleZh" as zh, a."titleEn" as en from "Article" a`);
  return new Map(articles.map((a) => [String(a.slug), String(lang === 'en' ? a.en || a.zh : a.zh || a.en)]));
}

/** One review in a card's history; `intervalDays` is the wait it scheduled (from the stored response). */
export interface HistoryReview {
  readonly reviewedAt: Date;
  readonly rating: number;
  readonly stateBefore: string;
  readonly intervalDays: number | null;
}

/** A card's page: its state now, its reviews (undone ones left out) and its forgetting curve. */
export interface CardHistory {
  readonly card: CardProgress;
  readonly stability: number | null;
  readonly difficulty: number | null;
  readonly desiredRetention: number;
  readonly reviews: readonly HistoryReview[];
  /** Recall over the next 60 days without a review: R(t + d, S) for d = 0..60, t = days since the last review. */
  readonly curve: readonly { readonly day: number; readonly recall: number }[];
  /** Study days from today until the card is due (0 when due or overdue), null for a card never studied. */
  readonly dueInDays: number | null;
}

/** The learner's history of one card, or null when no such card exists. */
export async function cardHistory(user: User, cardId: string, now: Date): Promise<CardHistory | null> {
  const [card, state, reviews] = await Promise.all([
    db.card.findUnique({ where: { id: cardId }, select: { id: true, articleSlug: true, kind: true, content: true } }),
    db.cardState.findUnique({ where: { userId_cardId: { userId: user.id, cardId } } }),
    db.review.findMany({ where: { userId: user.id, cardId, undoneAt: null }, orderBy: [{ reviewedAt: 'asc' }, { id: 'asc' }] }),
  ]);
  if (!card) return null;
  const settings = schedulerSettings(user);
  const progress = toCardProgress({ id: card.id, slug: card.articleSlug, kind: card.kind, content: card.content }, state ?? undefined, reviews.length > 0, now, settings);
  const studied = state && state.state !== 'new' && state.lastReview ? { ...state, lastReview: state.lastReview } : null;
  const weights = resolveSchedulerSettings(settings).weights;
  const elapsed = studied ? calendarDaysBetween(studied.lastReview, notBefore(now, studied.lastReview)) : 0;
  const calendar = calendarOf(user);
  return {
    card: progress,
    stability: studied?.stability ?? null,
    difficulty: studied?.difficulty ?? null,
    desiredRetention: user.desiredRetention,
    reviews: reviews.map((review) => ({ reviewedAt: review.reviewedAt, rating: review.rating, stateBefore: review.stateBefore, intervalDays: storedInterval(review.result) })),
    curve: studied ? Array.from({ length: 61 }, (_, day) => ({ day, recall: forgettingCurve(weights, elapsed + day, studied.stability) })) : [],
    dueInDays: studied ? Math.max(0, daysBetween(studyDateOf(now, calendar), studyDateOf(studied.due, calendar))) : null,
  };
}

function storedInterval(result: unknown): number | null {
  return readStored(reviewIntervalSchema, result, 'Review.result').intervalDays ?? null;
}

/** The front of a card as study text (Markdown + TeX) in `lang`, to recognise it in a list. */
export function cardFront(content: CardContent, lang: Lang): string {
  if (content.kind === 'basic') return textIn(content.front, lang);
  if (content.kind === 'cloze') return clozeView(textIn(content.text, lang), content.index, 'question');
  return `${content.familyId} (${content.level})`;
}
