// The rating rule of an exercise review, one module for the review screen (which suggests a grade) and
// the server (which records one). Pure and dependency-free: imported by client components too.

import type { Rating } from './study-types';

/** How a learner's work on one exercise went before they graded it. */
export interface ProblemOutcome {
  /** Whether the last checked answer was right. */
  readonly correct: boolean;
  /** Checked answers, wrong ones included (an unreadable answer is not an attempt). */
  readonly attempts: number;
  /** Whether the worked solution was revealed before a right answer. */
  readonly solutionShown: boolean;
}

/**
 * The grade an exercise suggests: wrong or given up → 1 (Again); right after a retry or after the
 * solution → 2 (Hard); right at the first try → 3 (Good).
 *
 * @example
 * suggestedRating({ correct: true, attempts: 1, solutionShown: false }); // 3
 * suggestedRating({ correct: true, attempts: 2, solutionShown: false }); // 2
 * suggestedRating({ correct: false, attempts: 1, solutionShown: true }); // 1
 */
export function suggestedRating(outcome: ProblemOutcome): Rating {
  if (!outcome.correct) return 1;
  return outcome.attempts > 1 || outcome.solutionShown ? 2 : 3;
}

/**
 * The rating an exercise review records: a wrong answer (or none) is 1 (Again) whatever the learner
 * chose — recall failed; a right one keeps the learner's choice, else the suggestion.
 *
 * @example
 * problemRating({ correct: false, attempts: 1, solutionShown: false }, 4); // 1
 * problemRating({ correct: true, attempts: 1, solutionShown: false }, 4); // 4
 * problemRating({ correct: true, attempts: 1, solutionShown: false }); // 3
 */
export function problemRating(outcome: ProblemOutcome, chosen?: Rating): Rating {
  if (!outcome.correct) return 1;
  return chosen ?? suggestedRating(outcome);
}
