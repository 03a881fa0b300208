import { describe, expect, it } from 'vitest';
import { parsePaste } from './bulk-paste';

describe('parsePaste', () => {
  it('reads basic and cloze cards, languages, multi-line fields and tags', () => {
    const text = ['Q: front', 'line two', 'A(zh): 答案', 'T: a b', '---', '', 'C: x {{c1::y}}', 'X: extra', '---'].join('\n');
    expect(parsePaste(text, 'en', 10)).toEqual({
      cards: [
        { line: 1, card: { kind: 'basic', front: { en: 'front\nline two' }, back: { zh: '答案' }, tags: ['a', 'b'] } },
        { line: 7, card: { kind: 'cloze', text: { en: 'x {{c1::y}}' }, extra: { en: 'extra' } } },
      ],
      problems: [],
    });
  });

  it('names the line of every problem and caps the number of cards', () => {
    const text = ['Q: only a question', '---', 'just text', '---', 'Q: q', 'C: c', '---', 'Q: a', 'Q: b', 'A: c'].join('\n');
    expect(parsePaste(text, 'zh', 10).problems).toEqual([
      { line: 1, message: 'a basic card needs an answer (A:)' },
      { line: 3, message: 'a card starts with Q: (basic) or C: (cloze)' },
      { line: 5, message: 'a card is either basic (Q:/A:) or cloze (C:), not both' },
      { line: 9, message: 'Q: appears twice in one card' },
    ]);
    expect(parsePaste('Q: a\nA: b\n---\nQ: c\nA: d', 'en', 1).problems).toEqual([{ line: 1, message: 'at most 1 cards in one paste (found 2)' }]);
  });
});
