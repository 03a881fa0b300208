import { describe, expect, it } from 'vitest';
import { ftsQuery, searchBody } from './search';

describe('search text', () => {
  it('splits Chinese into characters so a word is found anywhere, and strips cloze markup', () => {
    expect(searchBody({ kind: 'cloze', text: { zh: '斑马矩阵的{{c1::迹}}', en: 'the {{c1::trace::tr}}' }, index: 1 }, ' linalg ')).toBe(
      ' 斑  马  矩  阵  的  迹  \nthe trace tr\n linalg ',
    );
  });

  it('turns typed text into a safe FTS5 query: CJK runs as phrases, words by prefix, operators dropped', () => {
    expect(ftsQuery('矩阵 trace')).toBe('"矩 阵" "trace"*');
    expect(ftsQuery('低秩LoRA')).toBe('"低 秩" "LoRA"*');
    expect(ftsQuery('" OR * NEAR(')).toBe('"OR"* "NEAR"*');
    expect(ftsQuery('  ')).toBeNull();
  });
});
