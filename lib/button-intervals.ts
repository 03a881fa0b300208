/**
 * The interval each rating button gives a card (Again, Hard, Good, Easy), as the study screen labels them.
 *
 * NOTE: kept per card state, scheduler settings and day. FSRS's four outcomes (ts-fsrs `repeat`, ≈ 50 µs a
 * card: a third of the CPU of a first-day queue of 20 cards) depend on the review time only through the
 * whole UTC days since the card's last review (ts-fsrs `elapsed_days`), and each outcome is due at the review
 * time plus a step in minutes or a whole number of days, so due − time is the same at every instant that
 * counts the same days. The fuzz is seeded by card id and repetitions (engine/scheduler/fsrs.ts), not the
 * time. lib/button-intervals.test.ts compares the kept labels with `nextStates` at random instants.
 */
import { nextStates, type CardMemory, type Rating, type SchedulerSettings } from '@/engine/scheduler';
import { boundedCache, perProcess } from './memo';
import { maxReviewAgeMs, memoryOf, reviewTime } from './review-transition';

export type ButtonIntervals = Readonly<Record<`${Rating}`, string>>;

/** A short label for an interval: 1m, 10m, 3h, 4d, 2.5mo, 1.2y. */
export function intervalLabel(days: number): string {
  const minutes = days * 24 * 60;
  if (minutes < 60) return `${Math.max(1, Math.round(minutes))}m`;
  if (days < 1) return `${Math.round(minutes / 60)}h`;
  if (days < 30) return `${Math.round(days)}d`;
  if (days < 365) return `${(days / 30).toFixed(1).replace(/\.0$/, '')}mo`;
  return `${(days / 365).toFixed(1).replace(/\.0$/, '')}y`;
}

const kept = perProcess('button-intervals', () => boundedCache<ButtonIntervals>({ maxEntries: 50_000 }));
const dayMs = 86_400_000;
const utcDay = (instant: Date) => Math.floor(instant.getTime() / dayMs);

/**
 * The labels of a learner's buttons under `scheduler`: `(cardId, state, now) → {'1': '1m', '2': '6m', …}`.
 * `state` is the learner's stored memory of the card, null for a card never studied.
 *
 * @example
 * const labels = buttonIntervalsWith({ desiredRetention: 0.9 });
 * labels('card-1', null, new Date()); // { '1': '1m', '2': '6m', '3': '10m', '4': '8d' } (Easy fuzzed per card)
 */
export function buttonIntervalsWith(scheduler: SchedulerSettings): (cardId: string, state: CardMemory | null, now: Date) => ButtonIntervals {
  const settingsKey = JSON.stringify(scheduler);
  return (cardId, state, now) => {
    const at = reviewTime(state, now, undefined, maxReviewAgeMs);
    const memoryKey =
      state === null
        ? 'unseen'
        : [state.state, state.due.getTime(), state.stability, state.difficulty, state.elapsedDays, state.scheduledDays, state.learningSteps, state.reps, state.lapses, state.lastReview?.getTime() ?? '']
            .join(',');
    const daysSince = state?.lastReview ? utcDay(at) - utcDay(state.lastReview) : '';
    return kept.get(`${cardId}|${settingsKey}|${memoryKey}|${daysSince}`, () => {
      const outcomes = nextStates(memoryOf(state, at), at, scheduler, cardId);
      return Object.freeze({
        '1': intervalLabel(outcomes[1].intervalDays),
        '2': intervalLabel(outcomes[2].intervalDays),
        '3': intervalLabel(outcomes[3].intervalDays),
        '4': intervalLabel(outcomes[4].intervalDays),
      });
    });
  };
}
