/**
 * The one adapter around ts-fsrs (FSRS-6). Everything else in the app speaks the types below — plain,
 * readonly data whose field names match the Prisma `CardState` columns — and never imports ts-fsrs.
 *
 * Pure: time comes in as `now`, nothing reads the clock, and fuzz is seeded (see {@link nextStates}),
 * so the same call always gives the same answer.
 *
 * FSRS in one paragraph: a card's memory is a stability S (days until recall probability falls to 90%)
 * and a difficulty D ∈ [1, 10]. Recall probability after t days is the forgetting curve
 * R(t, S) = (1 + f·t/S)^(−w₂₀) with f = 0.9^(−1/w₂₀) − 1, so R(S, S) = 0.9. A review with rating G
 * updates (S, D) from (S, D, R, G) with the 21 weights w₀…w₂₀; the next interval is the t at which R
 * falls to the desired retention r: I = S/f · (r^(−1/w₂₀) − 1), rounded, capped and fuzzed.
 */
import {
  FSRSAlgorithm,
  GenSeedStrategyWithCardId,
  State,
  StrategyMode,
  createEmptyCard,
  dateDiffInDays,
  default_learning_steps,
  default_relearning_steps,
  default_w,
  forgetting_curve,
  fsrs,
  type Card,
  type FSRS,
  type Grade,
} from 'ts-fsrs';
import { SchedulerError } from './errors';

/** A card's scheduling state (the `CardState.state` column). */
export type CardStateName = 'new' | 'learning' | 'review' | 'relearning';

/**
 * Card states in the order every tool numbers them: ts-fsrs's `State`, the `review_state` of FSRS
 * revlog CSV (fsrs-rs) and Anki's card `type` all count 0 new, 1 learning, 2 review, 3 relearning.
 */
export const CARD_STATES: readonly CardStateName[] = Object.freeze(['new', 'learning', 'review', 'relearning'] as const);

/**
 * The number of a card state (0–3), or undefined for anything that is not a state name.
 *
 * @example
 * stateCode('review')  // 2
 */
export function stateCode(name: unknown): number | undefined {
  const code = CARD_STATES.indexOf(name as CardStateName);
  return code < 0 ? undefined : code;
}

/**
 * The card state numbered `code`, or undefined (revlog files may carry other codes).
 *
 * @example
 * stateOfCode(3)  // 'relearning'
 */
export function stateOfCode(code: number): CardStateName | undefined {
  return Number.isInteger(code) ? CARD_STATES[code] : undefined;
}

/** A review's rating: 1 Again, 2 Hard, 3 Good, 4 Easy. Only Again counts as a failed recall. */
export type Rating = 1 | 2 | 3 | 4;

/**
 * The four ratings in order.
 *
 * @example
 * RATINGS.map((r) => nextStates(memory, now)[r].intervalDays); // Again…Easy
 */
export const RATINGS: readonly Rating[] = Object.freeze([1, 2, 3, 4] as const);

/** A (re)learning step: whole minutes, hours or days, e.g. `'1m'`, `'10m'`, `'1h'`, `'1d'`. */
export type LearningStep = `${number}${'m' | 'h' | 'd'}`;

/**
 * What FSRS remembers about one card for one learner. Field names match the Prisma `CardState`
 * columns, so a row can be passed straight in.
 *
 * - `stability` S: days until R falls from 1 to 0.9 (0 for a new card).
 * - `difficulty` D ∈ [1, 10] (0 for a new card).
 * - `elapsedDays`: whole UTC calendar days between the last two reviews.
 * - `scheduledDays`: the interval chosen at the last review (0 inside (re)learning steps).
 * - `learningSteps`: index of the current (re)learning step.
 */
export interface CardMemory {
  readonly state: CardStateName;
  readonly due: Date;
  readonly stability: number;
  readonly difficulty: number;
  readonly elapsedDays: number;
  readonly scheduledDays: number;
  readonly learningSteps: number;
  readonly reps: number;
  readonly lapses: number;
  readonly lastReview: Date | null;
}

/**
 * A learner's scheduler settings; every field is optional and falls back to
 * {@link DEFAULT_SCHEDULER_SETTINGS}.
 *
 * - `desiredRetention` r ∈ (0, 1): the recall probability at which a card comes due (default 0.9).
 * - `weights`: the 21 FSRS-6 parameters fitted to this learner (default: ts-fsrs's defaults).
 * - `learningSteps` / `relearningSteps`: short steps before a card graduates (default `['1m','10m']` / `['10m']`).
 * - `maximumIntervalDays`: cap on FSRS's interval (default 36500). ts-fsrs still keeps Hard < Good < Easy
 *   at least a day apart, so with a tiny cap Good and Easy can pass it by a day or two.
 * - `enableFuzz`: spread intervals ≥ 3 days a little so cards learnt together do not stay together
 *   (default true; deterministic — see {@link nextStates}).
 * - `enableShortTerm`: use the steps and FSRS-6's same-day stability terms (default true).
 */
export interface SchedulerSettings {
  readonly desiredRetention?: number;
  readonly weights?: readonly number[];
  readonly learningSteps?: readonly LearningStep[];
  readonly relearningSteps?: readonly LearningStep[];
  readonly maximumIntervalDays?: number;
  readonly enableFuzz?: boolean;
  readonly enableShortTerm?: boolean;
}

/** {@link SchedulerSettings} with every field present and validated. */
export type ResolvedSchedulerSettings = { readonly [K in keyof SchedulerSettings]-?: NonNullable<SchedulerSettings[K]> };

/** Number of FSRS-6 weights. */
export const FSRS6_WEIGHT_COUNT = 21;

/**
 * ts-fsrs's default FSRS-6 weights w₀…w₂₀ (used until a learner's own are fitted).
 *
 * @example
 * DEFAULT_WEIGHTS.length; // 21
 * DEFAULT_WEIGHTS[20];    // 0.1542, the forgetting-curve decay
 */
export const DEFAULT_WEIGHTS: readonly number[] = Object.freeze([...default_w]);

/**
 * The settings used for any field a caller leaves out.
 *
 * @example
 * DEFAULT_SCHEDULER_SETTINGS.desiredRetention; // 0.9
 */
export const DEFAULT_SCHEDULER_SETTINGS: ResolvedSchedulerSettings = Object.freeze({
  desiredRetention: 0.9,
  weights: DEFAULT_WEIGHTS,
  learningSteps: Object.freeze([...default_learning_steps]) as readonly LearningStep[],
  relearningSteps: Object.freeze([...default_relearning_steps]) as readonly LearningStep[],
  maximumIntervalDays: 36500,
  enableFuzz: true,
  enableShortTerm: true,
});

const STEP_PATTERN = /^[1-9]\d{0,5}[mhd]$/;

/**
 * Fills in defaults and validates: r must lie in (0, 1), weights must be 21 finite numbers, steps must
 * look like `'10m'`, the maximum interval must be an integer in [1, 36500]. Throws {@link SchedulerError}
 * otherwise (bad settings are a bug in the caller, not learner input).
 *
 * @example
 * resolveSchedulerSettings({ desiredRetention: 0.85 }).weights.length; // 21
 * resolveSchedulerSettings({ desiredRetention: 1 }); // throws SchedulerError, reason 'desired-retention'
 */
export function resolveSchedulerSettings(settings: SchedulerSettings = {}): ResolvedSchedulerSettings {
  const d = DEFAULT_SCHEDULER_SETTINGS;
  const desiredRetention = settings.desiredRetention ?? d.desiredRetention;
  if (typeof desiredRetention !== 'number' || !(desiredRetention > 0 && desiredRetention < 1)) {
    throw new SchedulerError('desired-retention', `desiredRetention must lie in (0, 1), got ${String(desiredRetention)}`);
  }
  const weights = settings.weights ?? d.weights;
  if (!Array.isArray(weights) || weights.length !== FSRS6_WEIGHT_COUNT || !weights.every(isFiniteNumber)) {
    throw new SchedulerError(
      'weights',
      `weights must be ${FSRS6_WEIGHT_COUNT} finite numbers (FSRS-6), got ${Array.isArray(weights) ? `${weights.length} values` : typeof weights}`,
    );
  }
  const learningSteps = checkSteps(settings.learningSteps ?? d.learningSteps, 'learningSteps');
  const relearningSteps = checkSteps(settings.relearningSteps ?? d.relearningSteps, 'relearningSteps');
  const maximumIntervalDays = settings.maximumIntervalDays ?? d.maximumIntervalDays;
  if (!Number.isInteger(maximumIntervalDays) || maximumIntervalDays < 1 || maximumIntervalDays > 36500) {
    throw new SchedulerError('maximum-interval', `maximumIntervalDays must be an integer in [1, 36500], got ${maximumIntervalDays}`);
  }
  const enableFuzz = settings.enableFuzz ?? d.enableFuzz;
  const enableShortTerm = settings.enableShortTerm ?? d.enableShortTerm;
  if (typeof enableFuzz !== 'boolean' || typeof enableShortTerm !== 'boolean') {
    throw new SchedulerError('settings', 'enableFuzz and enableShortTerm must be booleans');
  }
  return Object.freeze({
    desiredRetention,
    weights,
    learningSteps,
    relearningSteps,
    maximumIntervalDays,
    enableFuzz,
    enableShortTerm,
  });
}

function isFiniteNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

function checkSteps(steps: readonly LearningStep[], name: string): readonly LearningStep[] {
  if (!Array.isArray(steps) || !steps.every((s) => typeof s === 'string' && STEP_PATTERN.test(s))) {
    throw new SchedulerError('steps', `${name} must be steps like '1m', '10m', '1h' or '1d', got ${JSON.stringify(steps)}`);
  }
  return steps;
}

// NOTE: ts-fsrs's card-id seed strategy computes String(card[FUZZ_KEY] + reps). Storing `${cardId}#`
// there makes the seed "<cardId>#<reps>", so card "1" at rep 12 and card "11" at rep 2 differ.
const FUZZ_KEY = 'fuzz_seed_prefix';

function checkDate(value: unknown, name: string): Date {
  if (!(value instanceof Date) || !Number.isFinite(value.getTime())) {
    throw new SchedulerError('date', `${name} must be a valid Date`);
  }
  return value;
}

function checkRating(rating: unknown): Rating {
  if (rating !== 1 && rating !== 2 && rating !== 3 && rating !== 4) {
    throw new SchedulerError('rating', `rating must be 1, 2, 3 or 4, got ${String(rating)}`);
  }
  return rating;
}

function checkMemory(memory: CardMemory): void {
  if (memory === null || typeof memory !== 'object' || stateCode(memory.state) === undefined) {
    throw new SchedulerError('memory', `unknown card state ${JSON.stringify((memory as { state?: unknown } | null)?.state)}`);
  }
  checkDate(memory.due, 'memory.due');
  if (memory.lastReview !== null) checkDate(memory.lastReview, 'memory.lastReview');
  const counts = [memory.reps, memory.lapses, memory.learningSteps];
  if (!counts.every((n) => Number.isInteger(n) && n >= 0)) {
    throw new SchedulerError('memory', 'reps, lapses and learningSteps must be non-negative integers');
  }
  if (![memory.stability, memory.difficulty, memory.elapsedDays, memory.scheduledDays].every(isFiniteNumber)) {
    throw new SchedulerError('memory', 'stability, difficulty, elapsedDays and scheduledDays must be finite numbers');
  }
  if (memory.state !== 'new') {
    if (memory.lastReview === null || !(memory.stability > 0) || memory.difficulty < 1 || memory.difficulty > 10) {
      throw new SchedulerError(
        'memory',
        `a ${memory.state} card needs a lastReview, stability > 0 and difficulty in [1, 10]`,
      );
    }
  }
}

function toCard(memory: CardMemory, cardId: string | undefined): Card {
  const card: Card = {
    due: memory.due,
    stability: memory.stability,
    difficulty: memory.difficulty,
    elapsed_days: memory.elapsedDays,
    scheduled_days: memory.scheduledDays,
    learning_steps: memory.learningSteps,
    reps: memory.reps,
    lapses: memory.lapses,
    // NOTE: ts-fsrs numbers its State like CARD_STATES (fsrs.test.ts checks it).
    state: stateCode(memory.state) as State,
    ...(memory.lastReview ? { last_review: memory.lastReview } : {}),
  };
  return cardId === undefined ? card : Object.assign(card, { [FUZZ_KEY]: `${cardId}#` });
}

function fromCard(card: Card): CardMemory {
  return Object.freeze({
    state: stateOfCode(card.state) as CardStateName,
    due: new Date(card.due.getTime()),
    stability: card.stability,
    difficulty: card.difficulty,
    elapsedDays: card.elapsed_days,
    scheduledDays: card.scheduled_days,
    learningSteps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    lastReview: card.last_review ? new Date(card.last_review.getTime()) : null,
  });
}

function createScheduler(settings: ResolvedSchedulerSettings, cardId: string | undefined): FSRS {
  const scheduler = fsrs({
    request_retention: settings.desiredRetention,
    maximum_interval: settings.maximumIntervalDays,
    w: [...settings.weights],
    enable_fuzz: settings.enableFuzz,
    enable_short_term: settings.enableShortTerm,
    learning_steps: [...settings.learningSteps],
    relearning_steps: [...settings.relearningSteps],
  });
  // Without a card id ts-fsrs seeds fuzz from `${reviewTimeMs}_${reps}_${D·S}` — also deterministic.
  if (cardId !== undefined) scheduler.useStrategy(StrategyMode.SEED, GenSeedStrategyWithCardId(FUZZ_KEY));
  return scheduler;
}

/** Runs a ts-fsrs call, turning anything it throws into a SchedulerError. */
function viaFsrs<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof SchedulerError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new SchedulerError('fsrs', `ts-fsrs rejected the call: ${message}`, { cause: error });
  }
}

function checkReviewArgs(memory: CardMemory, now: Date): void {
  checkMemory(memory);
  checkDate(now, 'now');
  if (memory.lastReview !== null && now.getTime() < memory.lastReview.getTime()) {
    throw new SchedulerError(
      'date',
      `now (${now.toISOString()}) is before the card's last review (${memory.lastReview.toISOString()})`,
    );
  }
}

/**
 * Memory of a card nobody has studied yet: state `'new'`, due `now`, S = D = 0, no reviews.
 *
 * @example
 * const memory = newCardMemory(new Date('2025-01-01T09:00:00Z'));
 * memory.state;      // 'new'
 * memory.lastReview; // null
 */
export function newCardMemory(now: Date): CardMemory {
  checkDate(now, 'now');
  return fromCard(createEmptyCard(now));
}

/** What one rating would lead to: the new memory, its interval in days (fractional inside steps) and due time. */
export interface ScheduledOutcome {
  readonly memory: CardMemory;
  readonly intervalDays: number;
  readonly due: Date;
}

/** Every rating's outcome at once, keyed by rating (like Anki's `next_states`). */
export type NextStates = { readonly [R in Rating]: ScheduledOutcome };

const DAY_MS = 86_400_000;

/**
 * All four outcomes of reviewing `memory` at `now`, computed once so a UI can show the interval on
 * each button. `intervalDays = (due − now) / 1 day`: whole days once a card has graduated
 * (I = S/f·(r^(−1/w₂₀) − 1), rounded, ≥ 1, ≤ maximumIntervalDays, fuzzed when enabled), fractions for
 * (re)learning steps (10 minutes ≈ 0.0069).
 *
 * Fuzz is deterministic: with `cardId` the seed is `"<cardId>#<reps after this review>"`; without it,
 * ts-fsrs's own seed `"<now ms>_<reps>_<D·S>"`. Never `Math.random`.
 *
 * @example
 * const now = new Date('2025-01-01T09:00:00Z');
 * const outcomes = nextStates(newCardMemory(now), now);
 * outcomes[1].memory.state; // 'learning' (Again → first step, 1 minute)
 * outcomes[4].memory.state; // 'review'   (Easy graduates at once)
 * outcomes[4].intervalDays; // 9: S₀(Easy) = w₃ ≈ 8.3 days at r = 0.9 gives 8, fuzzed to 9
 */
export function nextStates(memory: CardMemory, now: Date, settings: SchedulerSettings = {}, cardId?: string): NextStates {
  const resolved = resolveSchedulerSettings(settings);
  checkReviewArgs(memory, now);
  return viaFsrs(() => {
    const preview = createScheduler(resolved, cardId).repeat(toCard(memory, cardId), now);
    const outcome = (rating: Rating): ScheduledOutcome => {
      const next = fromCard(preview[rating as Grade].card);
      return Object.freeze({ memory: next, intervalDays: (next.due.getTime() - now.getTime()) / DAY_MS, due: next.due });
    };
    return Object.freeze({ 1: outcome(1), 2: outcome(2), 3: outcome(3), 4: outcome(4) });
  });
}

/**
 * The memory after reviewing with `rating` at `now` — the same as `nextStates(...)[rating].memory`.
 * Again on a review card counts a lapse and moves it to `'relearning'`.
 *
 * @example
 * const now = new Date('2025-01-01T09:00:00Z');
 * const after = applyReview(newCardMemory(now), 3, now);
 * after.state;     // 'learning' (Good → second step, 10 minutes)
 * after.stability; // w₂ = 2.3065 with the default weights
 */
export function applyReview(
  memory: CardMemory,
  rating: Rating,
  now: Date,
  settings: SchedulerSettings = {},
  cardId?: string,
): CardMemory {
  const resolved = resolveSchedulerSettings(settings);
  checkRating(rating);
  checkReviewArgs(memory, now);
  return viaFsrs(() => fromCard(createScheduler(resolved, cardId).next(toCard(memory, cardId), now, rating as Grade).card));
}

/**
 * The probability of recalling the card at `now`: R(t, S) = (1 + f·t/S)^(−w₂₀), f = 0.9^(−1/w₂₀) − 1,
 * with t the whole UTC calendar days since the last review — the same t FSRS uses when the card is
 * reviewed at `now`, so R is 1 until the next calendar day. 0 for a card never reviewed (there is no
 * memory to recall yet).
 *
 * @example
 * const t0 = new Date('2025-01-01T09:00:00Z');
 * const t1 = new Date('2025-01-01T09:10:00Z');
 * const m = applyReview(applyReview(newCardMemory(t0), 3, t0), 3, t1); // S = 2.3065 days
 * retrievability(m, new Date('2025-01-01T20:00:00Z')); // 1 (same calendar day)
 * retrievability(m, new Date('2025-01-03T09:10:00Z')); // ≈ 0.909 (t = 2 days)
 * retrievability(newCardMemory(t0), t0);               // 0
 */
export function retrievability(memory: CardMemory, now: Date, settings: SchedulerSettings = {}): number {
  return retrievabilityWith(settings)(memory, now);
}

/**
 * {@link retrievability} under one learner's settings, checked once: for the many cards of a progress page.
 *
 * @example
 * const recall = retrievabilityWith({ desiredRetention: 0.85 });
 * recall(m, now); // === retrievability(m, now, { desiredRetention: 0.85 })
 */
export function retrievabilityWith(settings: SchedulerSettings = {}): (memory: CardMemory, now: Date) => number {
  const resolved = resolveSchedulerSettings(settings);
  return (memory, now) => {
    checkReviewArgs(memory, now);
    if (memory.state === 'new' || memory.lastReview === null || !(memory.stability > 0)) return 0;
    const lastReview = memory.lastReview;
    return viaFsrs(() => forgettingCurve(resolved.weights, calendarDaysBetween(lastReview, now), memory.stability));
  };
}

/**
 * One review in a card's history. `state` is the card's state when it was reviewed, as a revlog
 * records it; when given, a `'new'`/`'learning'` review after a `'review'`/`'relearning'` one marks a
 * reset (the card was forgotten and learnt again), and memory starts afresh there — the rule fsrs-rs
 * uses to cut a revlog.
 */
export interface ReviewEvent {
  readonly reviewedAt: Date;
  readonly rating: Rating;
  readonly state?: CardStateName | undefined;
}

/**
 * Whether a review starts a new learning history: it is in `'new'`/`'learning'` and the review before
 * it was in `'review'`/`'relearning'`. Unknown states never reset.
 *
 * @example
 * startsNewHistory('review', 'new');      // true
 * startsNewHistory('learning', 'learning'); // false
 * startsNewHistory(undefined, 'new');     // false
 */
export function startsNewHistory(previous: CardStateName | undefined, current: CardStateName | undefined): boolean {
  const learningLike = (s: CardStateName | undefined) => s === 'new' || s === 'learning';
  return previous !== undefined && current !== undefined && learningLike(current) && !learningLike(previous);
}

/**
 * The memory after a whole review history, applied in time order (ties keep their given order):
 * M₀ = newCardMemory(first review time), Mₖ = applyReview(Mₖ₋₁, ratingₖ, timeₖ), restarting from a
 * new card at a reset (see {@link ReviewEvent}). Throws {@link SchedulerError} for an empty history.
 *
 * @example
 * const memory = replay([
 *   { reviewedAt: new Date('2025-01-01T09:00:00Z'), rating: 3 },
 *   { reviewedAt: new Date('2025-01-01T09:10:00Z'), rating: 3 },
 *   { reviewedAt: new Date('2025-01-04T09:00:00Z'), rating: 1 },
 * ]);
 * memory.state;  // 'relearning'
 * memory.lapses; // 1
 */
export function replay(reviews: readonly ReviewEvent[], settings: SchedulerSettings = {}, cardId?: string): CardMemory {
  const steps = replaySteps(reviews, settings, cardId);
  // replaySteps refuses an empty history, so there is a last step.
  return steps[steps.length - 1] as CardMemory;
}

/**
 * Like {@link replay}, but every memory along the way: `steps[k]` is the memory after the k-th review in
 * time order (ties keep their given order). One scheduler serves the whole history, which makes replaying
 * a long imported review log several times cheaper than calling {@link applyReview} per review.
 *
 * @example
 * const steps = replaySteps([
 *   { reviewedAt: new Date('2025-01-01T09:00:00Z'), rating: 3 },
 *   { reviewedAt: new Date('2025-01-01T09:10:00Z'), rating: 3 },
 * ]);
 * steps.map((m) => m.state); // ['learning', 'review']
 */
export function replaySteps(reviews: readonly ReviewEvent[], settings: SchedulerSettings = {}, cardId?: string): readonly CardMemory[] {
  const resolved = resolveSchedulerSettings(settings);
  if (!Array.isArray(reviews) || reviews.length === 0) {
    throw new SchedulerError('reviews', 'replay needs at least one review');
  }
  const ordered = [...reviews].sort((a, b) => checkDate(a.reviewedAt, 'reviewedAt').getTime() - checkDate(b.reviewedAt, 'reviewedAt').getTime());
  const scheduler = createScheduler(resolved, cardId);
  const steps: CardMemory[] = [];
  let memory: CardMemory | null = null;
  let previousState: CardStateName | undefined;
  for (const review of ordered) {
    const rating = checkRating(review.rating);
    if (memory === null || startsNewHistory(previousState, review.state)) memory = newCardMemory(review.reviewedAt);
    const before: CardMemory = memory;
    memory = viaFsrs(() => fromCard(scheduler.next(toCard(before, cardId), review.reviewedAt, rating as Grade).card));
    steps.push(memory);
    previousState = review.state;
  }
  return steps;
}

/**
 * Whole UTC calendar days from `from` to `to` (negative if `to` is earlier) — how ts-fsrs counts
 * `elapsedDays`, and how our optimiser counts revlog intervals.
 *
 * @example
 * calendarDaysBetween(new Date('2025-01-01T23:00:00Z'), new Date('2025-01-02T01:00:00Z')); // 1
 * calendarDaysBetween(new Date('2025-01-01T01:00:00Z'), new Date('2025-01-01T23:00:00Z')); // 0
 */
export function calendarDaysBetween(from: Date, to: Date): number {
  return dateDiffInDays(checkDate(from, 'from'), checkDate(to, 'to'));
}

/**
 * The FSRS-6 forgetting curve R(t, S) = (1 + f·t/S)^(−w₂₀) with f = 0.9^(−1/w₂₀) − 1, rounded to
 * 8 decimals as ts-fsrs does. t may be fractional; R(0, S) = 1 and R(S, S) = 0.9.
 *
 * @example
 * forgettingCurve(DEFAULT_WEIGHTS, 10, 10); // 0.9
 * forgettingCurve(DEFAULT_WEIGHTS, 0, 10);  // 1
 */
export function forgettingCurve(weights: readonly number[], elapsedDays: number, stability: number): number {
  return forgetting_curve(weights, Math.max(0, elapsedDays), stability);
}

/** FSRS memory without scheduling: the (S, D) pair a rating history leads to. */
export interface MemoryState {
  readonly stability: number;
  readonly difficulty: number;
}

/**
 * FSRS's memory dynamics for one weight vector, without steps, intervals or fuzz — what an optimiser
 * or a recall predictor needs. `next` follows the card from (S, D) after t days with rating G:
 * first review S₀ = w_{G−1}, D₀ = w₄ − e^{w₅(G−1)} + 1; same day (t = 0, short-term on)
 * S' = S·e^{w₁₇(G−3+w₁₈)}·S^{−w₁₉}; recall S' = S·(1 + e^{w₈}(11−D)S^{−w₉}(e^{w₁₀(1−R)}−1)·h·b);
 * lapse S' = min(w₁₁D^{−w₁₂}((S+1)^{w₁₃}−1)e^{w₁₄(1−R)}, S/e^{w₁₇w₁₈}). These are exactly the S and D
 * the scheduler stores, because it calls the same ts-fsrs code.
 */
export interface FsrsMemoryModel {
  /** The weights in use, after ts-fsrs clamps them to their legal ranges. */
  readonly weights: readonly number[];
  /** Memory after the first review of a card. */
  initial(rating: Rating): MemoryState;
  /** Memory after a review `elapsedDays` (whole calendar days) after the previous one. */
  next(memory: MemoryState, elapsedDays: number, rating: Rating): MemoryState;
  /** R(t, S) with this model's decay; t may be fractional. */
  retrievability(elapsedDays: number, stability: number): number;
}

/**
 * Builds an {@link FsrsMemoryModel} for `weights` (default {@link DEFAULT_WEIGHTS}).
 *
 * @example
 * const model = createMemoryModel();
 * const m1 = model.initial(3);        // { stability: 2.3065, difficulty: ≈2.12 }
 * const m2 = model.next(m1, 3, 3);    // a successful recall after 3 days: S grows
 * model.retrievability(3, m1.stability); // ≈ 0.88
 */
export function createMemoryModel(
  weights: readonly number[] = DEFAULT_WEIGHTS,
  options: { readonly enableShortTerm?: boolean } = {},
): FsrsMemoryModel {
  const resolved = resolveSchedulerSettings({ weights, enableShortTerm: options.enableShortTerm ?? true });
  const algorithm = viaFsrs(() => new FSRSAlgorithm({ w: [...resolved.weights], enable_short_term: resolved.enableShortTerm }));
  const used: readonly number[] = Object.freeze([...algorithm.parameters.w]);
  return Object.freeze({
    weights: used,
    initial(rating: Rating): MemoryState {
      const state = algorithm.next_state(null, 0, checkRating(rating));
      return { stability: state.stability, difficulty: state.difficulty };
    },
    next(memory: MemoryState, elapsedDays: number, rating: Rating): MemoryState {
      const state = viaFsrs(() => algorithm.next_state(memory, Math.max(0, elapsedDays), checkRating(rating)));
      return { stability: state.stability, difficulty: state.difficulty };
    },
    retrievability(elapsedDays: number, stability: number): number {
      return forgetting_curve(used, Math.max(0, elapsedDays), stability);
    },
  });
}
