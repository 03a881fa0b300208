/**
 * Every question file in the repo (problems/questions, tests/fixtures/questions), swept like the
 * built-in families: 1,000 seeds of every level generate, verify (a seed whose verify fails counts
 * as a failure even though it is redrawn), accept their own canonical answer, and pass every
 * question test. `QUESTION_SWEEP_SEEDS` lowers the count for a quick run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as questions from '../engine/questions';

const ROOT = path.resolve(import.meta.dirname, '..');
const DIRS = ['problems/questions', 'tests/fixtures/questions'];
const SEEDS = Number(process.env.QUESTION_SWEEP_SEEDS ?? 1000);
const files = DIRS.flatMap((d) =>
  fs
    .readdirSync(path.join(ROOT, d))
    .filter((n) => /\.ya?ml$/.test(n))
    .map((n) => path.join(d, n)),
);

describe('question-file sweep', () => {
  it('finds the bundled files', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  it.each(files)('%s', { timeout: 900_000 }, (file) => {
    const r = questions.acceptQuestionFile(fs.readFileSync(path.join(ROOT, file), 'utf8'), { seeds: SEEDS, maxProblems: 5 });
    expect(r.ok ? [] : r.problems).toEqual([]);
    if (r.ok) expect(r.report.instances).toBe(SEEDS * r.family.levels.length);
  });
});
