/**
 * Expressiveness shown, not claimed: question-file versions of four built-in families give the same
 * answers as the TypeScript families over 1,000 seeds per level. For each seed and level the
 * built-in family generates params; the question family solves the same params (its own drawn
 * variables that the built-in params lack — e.g. `t` when the built-in asks for H_n — are taken
 * from its own instance at that seed, and do not enter the answer). Numbers must agree to 1e-9
 * relative, exact texts must be equivalent, shapes and `exists` must match.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { equivalent, generateInstance, solveParams, LEVELS, type JsonValue, type ProblemFamily } from '../engine';
import * as questions from '../engine/questions';
import { familyById } from '../problems';

const DIR = path.resolve(import.meta.dirname, '../problems/questions');
const SEEDS = Number(process.env.QUESTION_PORT_SEEDS ?? 1000);

function load(file: string): ProblemFamily {
  const r = questions.compileQuestionFile(fs.readFileSync(path.join(DIR, file), 'utf8'));
  if (!r.ok) throw new Error(`${file}: ${JSON.stringify(r.problems)}`);
  return r.family;
}

/** Why two answer objects differ, or null. */
function difference(a: JsonValue | undefined, b: JsonValue | undefined, where: string): string | null {
  if (typeof a === 'number' && typeof b === 'number') {
    return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)) + 1e-13 ? null : `${where}: ${a} ≠ ${b}`;
  }
  if (typeof a === 'string' && typeof b === 'string') return a === b || equivalent(a, b) ? null : `${where}: ${a} ≢ ${b}`;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${where}: length ${a.length} ≠ ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = difference(a[i], b[i], `${where}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    for (const key of Object.keys(a)) {
      const d = difference((a as Record<string, JsonValue>)[key], (b as Record<string, JsonValue>)[key], `${where}.${key}`);
      if (d) return d;
    }
    return null;
  }
  return a === b ? null : `${where}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`;
}

const PORTS: readonly [string, string][] = [
  ['harmonic-number-q.yaml', 'harmonic-number'],
  ['directional-derivative-q.yaml', 'directional-derivative'],
  ['quadratic-minimum-q.yaml', 'quadratic-minimum'],
  ['moe-params-q.yaml', 'moe-params'],
];

describe.each(PORTS)('%s answers like %s', (file, builtinId) => {
  for (const level of LEVELS) {
    it(`${SEEDS} seeds, level ${level}`, { timeout: 600_000 }, () => {
      const q = load(file);
      const builtin = familyById(builtinId) as ProblemFamily;
      const failures: string[] = [];
      for (let seed = 1; seed <= SEEDS && failures.length < 5; seed++) {
        const params = generateInstance(builtin, seed, level).params;
        const own = generateInstance(q, seed, q.levels.includes(level) ? level : 'medium').params;
        const mine = solveParams(q, { ...own, ...params });
        const theirs = solveParams(builtin, params);
        const d = difference(theirs, mine, 'answer');
        if (d) failures.push(`seed ${seed} ${JSON.stringify(params)}: ${d}`);
      }
      expect(failures).toEqual([]);
    });
  }
});
