import { describe, expect, it } from 'vitest';
import { problemRating, suggestedRating } from './review-rating';

describe('the exercise rating rule (review screen and server)', () => {
  it('suggests Good for a first right answer, Hard after a retry or the solution, Again otherwise', () => {
    expect(suggestedRating({ correct: true, attempts: 1, solutionShown: false })).toBe(3);
    expect(suggestedRating({ correct: true, attempts: 3, solutionShown: false })).toBe(2);
    expect(suggestedRating({ correct: true, attempts: 1, solutionShown: true })).toBe(2);
    expect(suggestedRating({ correct: false, attempts: 2, solutionShown: true })).toBe(1);
    expect(suggestedRating({ correct: false, attempts: 0, solutionShown: true })).toBe(1);
  });

  it('records Again for a wrong answer whatever was chosen, the choice for a right one, else the suggestion', () => {
    for (const chosen of [1, 2, 3, 4] as const) expect(problemRating({ correct: false, attempts: 1, solutionShown: false }, chosen)).toBe(1);
    expect(problemRating({ correct: true, attempts: 1, solutionShown: false }, 4)).toBe(4);
    expect(problemRating({ correct: true, attempts: 1, solutionShown: false }, 1)).toBe(1);
    expect(problemRating({ correct: true, attempts: 2, solutionShown: false })).toBe(2);
  });
});
