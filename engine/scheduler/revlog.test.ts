import { describe, expect, it } from 'vitest';
import { groupRevlogByCard, parseRevlogCsv, revlogReviewsByCard, type RevlogParseResult } from './index';

const HEADER = 'card_id,review_time,review_rating,review_state,review_duration';

function parsed(result: RevlogParseResult) {
  if (result.kind !== 'parsed') throw new Error(`expected parsed, got ${result.message}`);
  return result;
}

describe('parseRevlogCsv', () => {
  it('doc example: keeps good rows, skips a rating outside 1-4 with its line number', () => {
    const result = parsed(parseRevlogCsv(`${HEADER}\n7,1600000000000,3,0,8000\n7,1600086400000,9,2,8000\n`));
    expect(result.rows).toEqual([
      { cardId: '7', reviewTimeMs: 1600000000000, rating: 3, state: 'new', durationMs: 8000, line: 2 },
    ]);
    expect(result.warnings).toEqual([{ line: 3, message: 'review_rating "9" is outside 1-4; row skipped' }]);
  });

  it('skips every kind of malformed row and never throws', () => {
    const text = [
      HEADER,
      '1,1600000000000,3,0,8000',
      ',1600000000000,3,0,8000', // no card
      '1,yesterday,3,0,8000', // bad time
      '1,1600000000000,0,4,0', // manual entry (rating 0)
      '1,1600000000000,2.5,2,8000',
      '1,1600000000000,,2,8000',
      '1,1600000000000,3,-1,8000', // bad state
      '1,1600000000000', // too few fields
      '"1",1600086400000,"4",2,', // quoted, empty duration
      '',
      '1,1600172800000,1,7,abc', // unknown state code kept as unknown
    ].join('\r\n');
    const result = parsed(parseRevlogCsv(text));
    expect(result.rows.map((r) => [r.line, r.rating, r.state, r.durationMs])).toEqual([
      [2, 3, 'new', 8000],
      [10, 4, 'review', null],
      [12, 1, undefined, null],
    ]);
    expect(result.warnings.map((w) => w.line)).toEqual([3, 4, 5, 6, 7, 8, 9]);
  });

  it('finds columns by name, in any order, with optional state and duration', () => {
    const result = parsed(parseRevlogCsv('\uFEFFreview_rating,card_id,extra,review_time\n2,abc,x,1600000000000\n'));
    expect(result.rows).toEqual([{ cardId: 'abc', reviewTimeMs: 1600000000000, rating: 2, state: undefined, durationMs: null, line: 2 }]);
  });

  it('reads a headerless file in the standard order, with a warning', () => {
    const result = parsed(parseRevlogCsv('5,1600000000000,3,0,8000\n'));
    expect(result.rows).toHaveLength(1);
    expect(result.warnings[0]?.message).toMatch(/no header/);
  });

  it('an empty file parses to no rows; a file with another header is invalid', () => {
    expect(parsed(parseRevlogCsv(' \n\n')).rows).toEqual([]);
    expect(parseRevlogCsv('card_id,when,grade\n1,2,3\n')).toMatchObject({ kind: 'invalid' });
    expect(parseRevlogCsv('hello world\n')).toMatchObject({ kind: 'invalid' });
  });
});

describe('grouping', () => {
  it('sorts each card by time, keeping file order for ties, cards in order of appearance', () => {
    const text = [HEADER, 'b,300,3,2,0', 'a,200,3,2,0', 'b,100,3,0,0', 'b,300,1,2,0'].join('\n');
    const cards = groupRevlogByCard(parsed(parseRevlogCsv(text)).rows);
    expect(cards.map((c) => c.cardId)).toEqual(['b', 'a']);
    expect(cards[0]?.rows.map((r) => r.line)).toEqual([4, 2, 5]);
    expect(cards[0]?.reviews.map((r) => r.rating)).toEqual([3, 3, 1]);
    expect(revlogReviewsByCard(parsed(parseRevlogCsv(text)).rows).get('a')?.[0]?.reviewedAt).toEqual(new Date(200));
  });
});
