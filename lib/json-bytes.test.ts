import { describe, expect, it } from 'vitest';
import { jsonBytes } from './json-bytes';

const plain = (body: unknown) => Buffer.from(new TextEncoder().encode(JSON.stringify(body))).toString('utf8');
const ours = (body: unknown) => Buffer.from(jsonBytes(body)).toString('utf8');

describe('jsonBytes', () => {
  const long = (seed: string) => `<p class="x">${seed} 若每步以概率 "quoted" \\ back\nslash \u2028 ${'$x^2$ '.repeat(200)}</p>`;

  it('gives the bytes of JSON.stringify for bodies with and without long texts, again and again', () => {
    const bodies: unknown[] = [
      null,
      0,
      'short',
      long('top-level'),
      [long('a'), 'b', long('a'), undefined, () => 1, Number.NaN],
      { cards: [{ id: '1', html: long('a'), back: long('b'), n: 3, skip: undefined }, { id: '2', html: long('a') }], counts: { new: 1 } },
      { at: new Date('2026-12-07T10:00:00Z'), custom: { toJSON: () => long('from toJSON') } },
      { lone: `\ud800${'x'.repeat(600)}`, emoji: `😀${'y'.repeat(600)}`, nul: `\u0000${'z'.repeat(600)}` },
    ];
    for (let round = 0; round < 3; round++) for (const body of bodies) expect(ours(body)).toBe(plain(body));
  });

  it('keeps a text that looks like its placeholder as it is', () => {
    const body = { a: '\u0000', b: '\u0000'.repeat(600), c: long('c') };
    expect(JSON.parse(ours(body))).toEqual(body);
  });
});
