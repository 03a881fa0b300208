import { describe, expect, it } from 'vitest';
import { texProblems } from './authoring-schema';

describe('texProblems', () => {
  it('regression: an escaped dollar (\\$) is a dollar sign, not an unclosed formula', () => {
    expect(texProblems('costs \\$5, and $x^2$ is maths')).toEqual([]);
    expect(texProblems('核 \\$k(x,y)\\$')).toEqual([]);
    expect(texProblems('an open $x')).toEqual(['a $ is not closed (write \\$ for a dollar sign)']);
    expect(texProblems('$$x$$ then $')).toEqual(['a $ is not closed (write \\$ for a dollar sign)']);
  });
});
