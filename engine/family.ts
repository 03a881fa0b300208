/**
 * The problem-family protocol. A family is data plus pure functions; `defineFamily` checks the
 * data once and hides the params type behind `ProblemFamily`, so a registry can hold families
 * with different params while every call still goes through the family's own validator.
 * See engine/README.md for a walkthrough.
 */
import type { Rng } from './rng';
import type { Bilingual, Lang } from './i18n';
import type { AnswerSpec, Expected, GivenAnswer } from './answers';
import { ContentError } from './errors';
import type { ProgramSetup, TensorProgram } from './tensor-runs/protocol';

export type Level = 'easy' | 'medium' | 'hard';
export const LEVELS: readonly Level[] = ['easy', 'medium', 'hard'];

export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };
export type JsonObject = { readonly [key: string]: JsonValue };

/** What `solve` returns. */
export interface Solution<A extends JsonObject = JsonObject> {
  /** The answer object of DESIGN.md (batch `solve`, `generate.answer`); may carry extra fields. */
  readonly answer: A;
  /** Exact expected values per answer part, or `none`. */
  readonly expected: Expected;
}

/** Outcome of the independent second computation. */
export type Verification =
  | { readonly ok: true; readonly method: string }
  | { readonly ok: false; readonly method: string; readonly detail: string };

/** A recognised mistake: a stable note code (kebab-case) and feedback for the learner. */
export interface Diagnosis {
  readonly note: string;
  readonly message: Bilingual;
}

/**
 * A family's feedback table as a typed lookup: `note(code)` is the Diagnosis with that code and
 * message, and a code that is not in the table does not compile.
 *
 * @example
 * const note = defineNotes({ 'inverted-ratio': bi('The ratio is the other way round.', '比值倒过来了。') });
 * note('inverted-ratio')  // { note: 'inverted-ratio', message: { en: …, zh: … } }
 */
export function defineNotes<C extends string>(table: Readonly<Record<C, Bilingual>>): (code: C) => Diagnosis {
  return (code) => ({ note: code, message: table[code] });
}

/** An answer with the verdict it must get — run by the sweep test for every family. */
export interface FamilyExample<P extends JsonObject> {
  readonly params: P;
  /** Text for a single-part answer, or `{part: text}`. */
  readonly answer: string | Readonly<Record<string, string>>;
  readonly correct: boolean;
  /** Expected note code, if any (e.g. 'direction-not-normalised'). */
  readonly note?: string;
  /** Why this example matters (for reviewers). */
  readonly comment?: string;
}

/**
 * A family's tensor run (optional ability): the seeded program its instances run in the learner's
 * browser and again on the server (engine/tensor-runs), with the program's setup for an instance.
 * The app lists every family that has one on its practice pages and draws the run with the figure
 * component registered under `figure` (default: the program's kind).
 */
export interface TensorRun<P extends JsonObject, S extends ProgramSetup = ProgramSetup> {
  readonly program: TensorProgram<S>;
  /** The program's setup for validated params (sizes, probabilities as numbers). */
  setup(params: P): S;
  /** Key of the figure component the practice page draws the run with; default `program.kind`. */
  readonly figure?: string;
  /** Instance facts the figure shows beside the run's own figures (the asked event, say): JSON. */
  view?(params: P): JsonObject;
}

/**
 * Types a family's tensor run: the setup must be the program's.
 *
 * @example
 * tensorRun: defineTensorRun<Params, WalkSetup>({ program: tensorRuns.walkProgram, setup: (p) => ({ n: p.n, walks: p.walks, p: 0.5 }) })
 */
export function defineTensorRun<P extends JsonObject, S extends ProgramSetup>(run: TensorRun<P, S>): TensorRun<P> {
  return run;
}

/**
 * What a family does with params `P` and answer object `A`: everything but its identity and
 * `generate`. A family with one task is a `FamilyDefinition`; a family whose params are a tagged
 * union of tasks gives one `FamilyTask` per tag (`defineTaskFamily`, engine/family-tasks.ts).
 */
export interface FamilyTask<P extends JsonObject, A extends JsonObject> {
  /**
   * Validates arbitrary client params (batch `solve`/`check`) and returns them typed.
   * Throws `InvalidParamsError` with a clear message; must cap sizes so nothing later can hang.
   */
  parseParams(raw: unknown): P;
  /** The question, Markdown + TeX. */
  prompt(params: P, lang: Lang): string;
  /** The parts the learner answers (labels, kinds, shapes). Must not reveal the answer. */
  answerSpec(params: P): AnswerSpec;
  /** The answer, computed. */
  solve(params: P): Solution<A>;
  /** An independent second route to the answer (finite differences, residuals, DP, simulation, tensor run). */
  verify(params: P, solution: Solution<A>): Verification | Promise<Verification>;
  /** Worked solution, Markdown + TeX, every number taken from the computation. */
  steps(params: P, solution: Solution<A>, lang: Lang): string;
  /** Recognise a common mistake in a wrong answer. */
  diagnose?(params: P, solution: Solution<A>, given: GivenAnswer): Diagnosis | undefined;
  readonly examples: readonly FamilyExample<P>[];
}

/** A family's identity: what the registry, the batch `list` and stored cards know it by. */
export interface FamilyIdentity {
  /** kebab-case, never changes. */
  readonly id: string;
  /** Bump whenever `generate` gives other params for the same seed and level. */
  readonly version: number;
  /** Slug of the article this family belongs to. */
  readonly article: string;
  readonly title: Bilingual;
  readonly levels: readonly Level[];
}

/**
 * What a family author writes. `P` is the params object of DESIGN.md (JSON, so instances can be
 * sent, stored and rebuilt); `A` is its answer object.
 */
export interface FamilyDefinition<P extends JsonObject, A extends JsonObject> extends FamilyIdentity, FamilyTask<P, A> {
  /** A fresh, well-conditioned instance; all randomness from `rng`. */
  generate(rng: Rng, level: Level): P;
  /** A tensor program the practice page runs for an instance, rechecked by the server. */
  readonly tensorRun?: TensorRun<P>;
}

/** A family in the registry, its params type hidden. Use it through the engine's functions. */
export interface ProblemFamily extends FamilyIdentity {
  /** The task names when params are a tagged union (`params[tag]`), else none. */
  readonly tasks?: { readonly tag: string; readonly names: readonly string[] };
  /** Runs `fn` with the typed definition (engine-internal plumbing). */
  use<R>(fn: <P extends JsonObject, A extends JsonObject>(definition: FamilyDefinition<P, A>) => R): R;
}

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * Registers a family definition: checks its metadata and returns the registry form.
 *
 * @example
 * export const randomWalk = defineFamily({ id: 'random-walk', version: 1, article: 'random-walk', ... });
 */
export function defineFamily<P extends JsonObject, A extends JsonObject>(definition: FamilyDefinition<P, A>): ProblemFamily {
  if (!KEBAB.test(definition.id)) throw new ContentError(`family id must be kebab-case: ${definition.id}`);
  if (!KEBAB.test(definition.article)) throw new ContentError(`article slug must be kebab-case: ${definition.article}`);
  if (!Number.isSafeInteger(definition.version) || definition.version < 1) {
    throw new ContentError(`${definition.id}: version must be a positive integer`);
  }
  if (definition.levels.length === 0) throw new ContentError(`${definition.id}: at least one level`);
  if (definition.examples.length === 0) throw new ContentError(`${definition.id}: give example answers with verdicts`);
  return Object.freeze({
    id: definition.id,
    version: definition.version,
    article: definition.article,
    title: definition.title,
    levels: definition.levels,
    use: <R>(fn: <Q extends JsonObject, B extends JsonObject>(d: FamilyDefinition<Q, B>) => R): R => fn(definition),
  });
}

/** An immutable lookup of families by id. */
export interface FamilyRegistry {
  readonly families: readonly ProblemFamily[];
  byId(id: string): ProblemFamily | undefined;
}

/** Builds a registry; throws ContentError on duplicate ids. */
export function createRegistry(families: readonly ProblemFamily[]): FamilyRegistry {
  const map = new Map<string, ProblemFamily>();
  for (const f of families) {
    if (map.has(f.id)) throw new ContentError(`duplicate family id ${f.id}`);
    map.set(f.id, f);
  }
  return { families: Object.freeze([...families]), byId: (id) => map.get(id) };
}

/**
 * Memoises a pure function of a params object, per object: parseParams, solve, verify and steps
 * of one instance then share the work (parsing f, exact linear algebra). The entry is keyed by
 * the object and checked against its JSON text, so a caller mutating params never gets a stale
 * result; nothing is shared between different params objects.
 *
 * @example
 * const setting = memoByParams((p: Params) => parseExpensively(p));
 */
export function memoByParams<P extends object, R>(compute: (params: P) => R): (params: P) => R {
  const cache = new WeakMap<P, { readonly json: string; readonly value: R }>();
  return (params) => {
    const json = JSON.stringify(params);
    const hit = cache.get(params);
    if (hit && hit.json === json) return hit.value;
    const value = compute(params);
    cache.set(params, { json, value });
    return value;
  };
}
