/**
 * Families whose params are a tagged union of tasks: `params[tag]` names the task, and each task is
 * a `FamilyTask` with its own params and answer types, text and checks. The family draws the task
 * in `generate` (by level, or at random within a level); everything else goes to the task the
 * params name. Ids, params and answer objects are those of an ordinary family: the union is the
 * family's params type, so stored instances and batch clients see no difference.
 */
import { InvalidParamsError, ContentError } from './errors';
import type { Rng } from './rng';
import { defineFamily, type FamilyDefinition, type FamilyIdentity, type FamilyTask, type JsonObject, type Level, type ProblemFamily } from './family';

/** Tasks by name. Each task's params carry `[tag]: name`. */
export type TaskMap = { readonly [name: string]: FamilyTask<JsonObject, JsonObject> };

/** The params union of a task map. */
export type TaskParams<T extends TaskMap> = { [K in keyof T]: T[K] extends FamilyTask<infer P, JsonObject> ? P : never }[keyof T];

export interface TaskFamilyDefinition<T extends TaskMap> extends FamilyIdentity {
  /** The params field that names the task (`'task'`, `'ask'`). */
  readonly tag: string;
  readonly tasks: T;
  /** A fresh instance of some task; all randomness from `rng`. */
  generate(rng: Rng, level: Level): TaskParams<T>;
}

/**
 * Registers a family of several tasks. Every task needs example answers, each tagged with its name.
 *
 * @example
 * export const loraParams = defineTaskFamily({ id: 'lora-params', ..., tag: 'task', tasks: { merge, count, memory }, generate });
 */
export function defineTaskFamily<T extends TaskMap>(definition: TaskFamilyDefinition<T>): ProblemFamily {
  const { tag, tasks } = definition;
  const names = Object.keys(tasks);
  if (names.length < 2) throw new ContentError(`${definition.id}: a task family has at least two tasks`);
  for (const name of names) {
    const examples = (tasks[name] as FamilyTask<JsonObject, JsonObject>).examples;
    if (examples.length === 0) throw new ContentError(`${definition.id}: task ${name} needs example answers`);
    if (examples.some((e) => e.params[tag] !== name)) throw new ContentError(`${definition.id}: an example of task ${name} has another ${tag}`);
  }
  const taskOf = (params: JsonObject): FamilyTask<JsonObject, JsonObject> => {
    const name = params[tag];
    const task = typeof name === 'string' && Object.hasOwn(tasks, name) ? tasks[name] : undefined;
    if (!task) throw new InvalidParamsError(`${tag} must be one of ${names.join(', ')}`);
    return task;
  };
  const union: FamilyDefinition<JsonObject, JsonObject> = {
    id: definition.id,
    version: definition.version,
    article: definition.article,
    title: definition.title,
    levels: definition.levels,
    parseParams(raw) {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new InvalidParamsError('params must be an object');
      const task = taskOf(raw as JsonObject);
      return task.parseParams(raw);
    },
    generate: (rng, level) => definition.generate(rng, level),
    prompt: (params, lang) => taskOf(params).prompt(params, lang),
    answerSpec: (params) => taskOf(params).answerSpec(params),
    solve: (params) => taskOf(params).solve(params),
    verify: (params, solution) => taskOf(params).verify(params, solution),
    steps: (params, solution, lang) => taskOf(params).steps(params, solution, lang),
    diagnose: (params, solution, given) => taskOf(params).diagnose?.(params, solution, given),
    examples: names.flatMap((name) => (tasks[name] as FamilyTask<JsonObject, JsonObject>).examples),
  };
  return Object.freeze({ ...defineFamily(union), tasks: { tag, names } });
}
