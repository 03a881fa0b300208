import { describe, expect, it } from 'vitest';
import { ftsQuery, lexemes, searchBody, tsQuery, tsvectorLiteral } from './search';

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

  it('makes the PostgreSQL lexemes as unicode61 does: lower case, no diacritics, CJK one character each', () => {
    const body = searchBody({ kind: 'basic', front: { zh: '低秩矩阵', en: 'Naïve LoRA' }, back: { en: 'rank r' } }, ' t1 ');
    expect(lexemes(body)).toEqual(['低', '秩', '矩', '阵', 'naive', 'lora', 'rank', 'r', 't1']);
    expect(tsvectorLiteral(['a', 'b', 'a'])).toBe("'a':1,3 'b':2");
  });

  it('turns typed text into a tsquery with the meaning of the FTS5 query: phrases of characters, words by prefix', () => {
    expect(tsQuery('矩阵 Naïve')).toBe("('矩' <-> '阵') & 'naive':*");
    expect(tsQuery("' | ! <-> :*")).toBeNull();
    expect(tsQuery('低秩LoRA')).toBe("('低' <-> '秩') & 'lora':*");
  });
});
