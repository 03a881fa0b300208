/**
 * Ties a family's graded parts (`solution.expected`, what learners are marked against) to the answer
 * object that its `verify` checks by an independent route: `gradedMismatch` says which graded part
 * differs from the answer-object value it should equal. A family's verify calls it first, so a wrong
 * graded part cannot pass verification unnoticed (tests/sweep-families.test.ts tampers with them).
 */
import { near, Rational, type Expression, type JsonObject, type JsonValue, type Solution } from '../../engine';

/**
 * The first graded part whose value differs from the given answer-object value (an exact text such
 * as `'45/512'`, a double, or a list or matrix of them), described for a verification detail;
 * undefined when all agree. Exact texts compare exactly, doubles to 1e-9 relative; every graded part
 * must be given a value.
 *
 * @example
 * gradedMismatch(solution, { value: solution.answer.exact })  // undefined when they agree
 */
export function gradedMismatch(solution: Solution, values: Readonly<Record<string, JsonValue | undefined>>): string | undefined {
  if (solution.expected.kind !== 'parts') return 'the graded answer is none';
  for (const [name, part] of Object.entries(solution.expected.parts)) {
    const want = values[name];
    if (want === undefined || want === null) return `graded part ${name} has no answer-object value to check`;
    const list = (Array.isArray(want) ? want.flat() : [want]) as JsonValue[];
    const graded: readonly Expression[] | null =
      part.kind === 'number' ? [part.value] : part.kind === 'vector' ? part.value : part.kind === 'matrix' ? part.value.flat() : null;
    if (!graded || graded.length !== list.length) return `graded part ${name} has the wrong kind or size`;
    for (let i = 0; i < list.length; i++) {
      const w = list[i];
      const g = graded[i] as Expression;
      const exact = typeof w === 'string' ? Rational.parse(w) : undefined;
      const same =
        typeof w === 'string' ? exact !== undefined && g.rational()?.equals(exact) === true : typeof w === 'number' ? near(g.toNumber(), w, 1e-9) : false;
      if (!same) return `graded part ${name}${graded.length > 1 ? `[${i}]` : ''} = ${g.toString()}, the verified value is ${JSON.stringify(w)}`;
    }
  }
  return undefined;
}

/** The answer object as plain JSON, for `gradedMismatch` (`answerOf(solution).exact`). */
export const answerOf = (solution: Solution): JsonObject => solution.answer;
/** A nested object of the answer (`sub(answerOf(s), 'exact').total`). */
export const sub = (o: JsonObject, key: string): JsonObject => (o[key] ?? {}) as JsonObject;
/** The verification result for a mismatch. */
export const gradedFailure = (detail: string) => ({ ok: false as const, method: 'graded parts against the verified answer object', detail });
