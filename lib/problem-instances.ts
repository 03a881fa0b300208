/**
 * A learner's instance of a problem card. The card state stores the seed of the learner's pending
 * instance and the family version that seed was drawn for (`CardState.seed`, `.familyVersion`). The
 * instance is rebuilt from that version while the family still has it — authored families keep
 * every published version, a built-in family only its current one — and otherwise the learner gets
 * a new instance of the card's current version, from a seed derived from learner and card (so the
 * queue, the check and the review all see the same one without writing anything first).
 */
import { createHash } from 'node:crypto';
import type { Card, CardState } from '@prisma/client';
import { canRebuild, generateInstance, type Instance, type Level, type ProblemFamily } from '@/engine';
import { HttpError } from './http';
import { boundedCache, perProcess } from './memo';
import { familyFor } from './question-families';

/** What a problem card's instance depends on (a card row with or without its content). */
type ProblemCard = Pick<Card, 'id' | 'kind' | 'familyId' | 'familyVersion' | 'level'>;

/** The seed of a new instance for this learner and card: stable until a review stores a random one. */
function derivedSeed(userId: string, card: ProblemCard): number {
  return Number.parseInt(createHash('sha256').update(`${userId}:${card.id}`).digest('hex').slice(0, 8), 16) >>> 1;
}

function problemOf(card: ProblemCard): { familyId: string; level: Level } {
  if (!card.familyId || !card.level) throw new HttpError(409, `the exercise family ${card.familyId ?? '?'} of this card is no longer available`);
  return { familyId: card.familyId, level: card.level as Level };
}

/** The family version new instances of this card are drawn for (stored with their seed); null for other cards. */
export function currentFamilyVersion(card: ProblemCard): number | null {
  if (card.kind !== 'problem' || !card.familyId) return null;
  return familyFor(card.familyId, card.familyVersion)?.version ?? card.familyVersion;
}

/** The stored instance when its version can still be rebuilt, else undefined. */
function stored(card: ProblemCard, state: CardState | null): { seed: number; family: ProblemFamily } | undefined {
  if (state?.seed == null || state.familyVersion == null) return undefined;
  const { familyId, level } = problemOf(card);
  const family = familyFor(familyId, state.familyVersion);
  // NOTE: familyFor gives a built-in family whatever the version asked; only its current one rebuilds the seed's instance.
  return family && canRebuild(family, { version: state.familyVersion, level }) ? { seed: state.seed, family } : undefined;
}

/** The seed of the learner's instance (cheap: no instance is built). */
export function learnerSeed(userId: string, card: ProblemCard, state: CardState | null): number {
  return stored(card, state)?.seed ?? derivedSeed(userId, card);
}

// NOTE: an instance is a pure function of family, seed and level, and drawing one solves it exactly (0.1–0.3 ms
// for some families, at every queue, check and review): the last few thousand are kept, per family object
// (an authored family that changes is a new object, numbered here).
// NOTE: per process, shared by the fast path's bundle and Next's (each has its own family objects).
const drawn = perProcess('problem-instances', () => ({ instances: boundedCache<Instance>({ maxEntries: 2_000 }), families: new WeakMap<ProblemFamily, number>(), numbered: 0 }));

function instanceOf(family: ProblemFamily, seed: number, level: Level): Instance {
  let number = drawn.families.get(family);
  if (number === undefined) drawn.families.set(family, (number = ++drawn.numbered));
  return drawn.instances.get(`${number}|${seed}|${level}`, () => generateInstance(family, seed, level));
}

/** The learner's instance of a problem card, and its seed. 409 when the card's family is gone. */
export function learnerInstance(userId: string, card: ProblemCard, state: CardState | null): { seed: number; instance: Instance } {
  const { familyId, level } = problemOf(card);
  const kept = stored(card, state);
  // NOTE: `stored` checked that the kept seed's family version can still rebuild it.
  if (kept) return { seed: kept.seed, instance: instanceOf(kept.family, kept.seed, level) };
  const family = familyFor(familyId, card.familyVersion);
  if (!family || !family.levels.includes(level)) throw new HttpError(409, `the exercise family ${familyId} of this card is no longer available`);
  const seed = derivedSeed(userId, card);
  return { seed, instance: instanceOf(family, seed, level) };
}
