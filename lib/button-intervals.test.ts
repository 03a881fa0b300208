import { describe, expect, it } from 'vitest';
import { Rng } from '@/engine/rng';
import { applyReview, DEFAULT_WEIGHTS, newCardMemory, nextStates, type CardMemory, type Rating, type SchedulerSettings } from '@/engine/scheduler';
import { buttonIntervalsWith, intervalLabel } from './button-intervals';

/** The labels by definition: FSRS's outcomes at that very instant. */
function labelsAt(cardId: string, state: CardMemory | null, now: Date, scheduler: SchedulerSettings) {
  const at = state?.lastReview && state.lastReview > now ? state.lastReview : now;
  const outcomes = nextStates(state ?? newCardMemory(at), at, scheduler, cardId);
  return { '1': intervalLabel(outcomes[1].intervalDays), '2': intervalLabel(outcomes[2].intervalDays), '3': intervalLabel(outcomes[3].intervalDays), '4': intervalLabel(outcomes[4].intervalDays) };
}

describe('buttonIntervalsWith', () => {
  it('labels intervals as the study screen shows them', () => {
    expect([0.0007, 10 / 1440, 3 / 24, 4, 75, 440].map(intervalLabel)).toEqual(['1m', '10m', '3h', '4d', '2.5mo', '1.2y']);
  });

  it('gives the labels FSRS gives at that instant, for learners at any time of any day after any history', () => {
    const rng = Rng.fromSeed(20261207);
    const next = () => rng.float();
    const settings: SchedulerSettings[] = [{}, { desiredRetention: 0.8 }, { desiredRetention: 0.95, weights: DEFAULT_WEIGHTS.map((w, i) => (i < 4 ? w * 1.7 : w)) }];
    const start = Date.UTC(2026, 2, 1, 7, 13);
    let compared = 0;
    let different = 0;
    for (let card = 0; card < 150; card++) {
      const cardId = `card-${card}`;
      // A history of 0–8 reviews, minutes to months apart.
      let state: CardMemory | null = null;
      let time = start + next() * 30 * 86_400_000;
      const reviews = Math.floor(next() * 9);
      for (let r = 0; r < reviews; r++) {
        state = applyReview(state ?? newCardMemory(new Date(time)), (1 + Math.floor(next() * 4)) as Rating, new Date(time), {}, cardId);
        time += next() < 0.5 ? next() * 3_600_000 : next() * 90 * 86_400_000;
      }
      for (const scheduler of settings) {
        const labels = buttonIntervalsWith(scheduler);
        const last = state?.lastReview?.getTime() ?? time;
        // Instants minutes, hours and days after the last review (a few before it: a clock behind the server's),
        // in random order, each asked twice: computed, then kept.
        const instants = Array.from({ length: 12 }, () => last + (next() < 0.1 ? -next() * 3_600_000 : next() < 0.5 ? next() * 86_400_000 : next() * 400 * 86_400_000));
        for (const instant of [...instants, ...instants.reverse()]) {
          const now = new Date(instant);
          const expected = labelsAt(cardId, state, now, scheduler);
          expect(labels(cardId, state, now), `${cardId} ${now.toISOString()} ${JSON.stringify(state)}`).toEqual(expected);
          if (JSON.stringify(expected) !== JSON.stringify(labelsAt(cardId, state, new Date(last + 1000), scheduler))) different++;
          compared++;
        }
      }
    }
    expect(compared).toBe(150 * 3 * 24);
    // The instants matter: many labels differ from those just after the last review.
    expect(different).toBeGreaterThan(compared / 4);
  });

  it('keeps labels apart per card, per state and per settings', () => {
    const now = new Date('2026-03-01T09:00:00Z');
    const a = buttonIntervalsWith({ desiredRetention: 0.7 });
    const b = buttonIntervalsWith({ desiredRetention: 0.97 });
    const reviewed = applyReview(applyReview(newCardMemory(now), 3, now, {}, 'x'), 3, new Date('2026-03-01T09:10:00Z'), {}, 'x');
    const later = new Date('2026-03-20T09:00:00Z');
    expect(a('x', reviewed, later)['3']).not.toBe(b('x', reviewed, later)['3']);
    expect(a('x', null, now)).not.toEqual(a('x', reviewed, later));
  });
});
