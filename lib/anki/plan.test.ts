import { describe, expect, it } from 'vitest';
import { buildPackage, sampleData } from '../../tests/helpers/anki-fixtures';
import { planImport, readAnkiPackage } from './index';

const T = 1_700_000_000_000;

describe('planImport', () => {
  it('plans one article per deck with cards, the media they show, and the reviews FSRS keeps', async () => {
    const collection = await readAnkiPackage(await buildPackage(sampleData(), 'latest'));
    const plan = planImport(collection, { history: true });
    expect(plan.decks.map((deck) => [deck.name, deck.notes, deck.cards.length])).toEqual([
      ['Default', 1, 1],
      ['Maths', 2, 3],
      ['Maths::Linear algebra', 2, 3],
    ]);
    expect(plan.notes).toBe(5);
    expect(plan.cards).toBe(7);
    const cloze = plan.decks[2]!.cards.find((card) => card.kind === 'cloze' && card.index === 2)!;
    expect(cloze).toMatchObject({ noteGuid: 'gCloze001', ord: 1, tags: ['cloze'], ankiCardId: T + 205 });
    expect(plan.media.map((file) => file.name)).toEqual(['eigen.png']);
    // card 200: relearned after a lapse, cram row ignored; card 204: reset by "forget" (type 4, factor 0), graded since
    expect(plan.reviews.filter((review) => review.ankiCardId === T + 200).map((review) => review.rating)).toEqual([1, 3, 3, 1, 3]);
    expect(plan.reviews.filter((review) => review.ankiCardId === T + 204).map((review) => review.rating)).toEqual([4]);
    expect(plan.reviews.filter((review) => review.ankiCardId === T + 205).map((review) => review.durationMs)).toEqual([61000]);
    expect(plan.skipped).toEqual(expect.arrayContaining([
      { what: 'revlog', id: '1 rows', code: 'revlog-invalid', args: { rows: 1 }, reason: expect.stringContaining('not imported') },
      { what: 'revlog', id: '3 rows', code: 'revlog-ignored-by-fsrs', args: { rows: 3 }, reason: expect.stringContaining('FSRS ignores them') },
    ]));
  });

  it('leaves the review log out unless asked, and says so', async () => {
    const collection = await readAnkiPackage(await buildPackage(sampleData(), 'legacy1'));
    const plan = planImport(collection, { history: false });
    expect(plan.reviews).toEqual([]);
    expect(plan.skipped).toEqual(expect.arrayContaining([{ what: 'revlog', id: '10 rows', code: 'revlog-not-asked', args: { rows: 10 }, reason: 'review history was not asked for' }]));
  });
});
