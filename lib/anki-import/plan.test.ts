import { describe, expect, it } from 'vitest';
import type { AnkiCollection, AnkiNote } from '../anki';
import { buildImport } from './plan';
import type { ExistingCard, ExistingNote, ImportLookup } from './types';

const basic = { id: 1, name: 'Basic', kind: 'standard' as const, fields: ['Front', 'Back'], templates: [{ name: 'Card 1', ord: 0, qfmt: '{{Front}}', afmt: '{{FrontSide}}<hr id=answer>{{Back}}' }], css: '' };

function collection(notes: { guid: string; fields: string[]; tags?: string[]; deck?: number }[], decks = [{ id: 10, name: '线性代数', filtered: false, description: '' }]): AnkiCollection {
  const ankiNotes: AnkiNote[] = notes.map((note, index) => ({ id: 100 + index, guid: note.guid, notetypeId: 1, fields: note.fields, tags: note.tags ?? [], modSecs: 0 }));
  return {
    source: 'apkg',
    version: 'legacy2',
    schemaVersion: 11,
    createdSecs: 0,
    decks,
    notetypes: [basic],
    notes: ankiNotes,
    cards: notes.map((note, index) => ({ id: 1000 + index, noteId: 100 + index, deckId: note.deck ?? 10, ord: 0, type: 0, queue: 0, due: index, ivl: 0, factor: 0, reps: 0, lapses: 0 })),
    revlog: [],
    media: [],
    skipped: [],
    activeContent: [],
  };
}

function lookup(options: { notes?: Map<string, ExistingNote>; cards?: Map<string, ExistingCard[]>; slugs?: string[] } = {}): ImportLookup {
  return {
    userId: 'u1',
    settings: {},
    notesByGuid: async (guids) => new Map([...(options.notes ?? new Map<string, ExistingNote>())].filter(([guid]) => guids.includes(guid))),
    cardsOfNotes: async () => options.cards ?? new Map(),
    articleExists: async (slug) => (options.slugs ?? []).includes(slug),
    existingNoteIds: async () => new Set(),
    reviewsOf: async () => [],
    statesOf: async () => new Map(),
    mediaExists: async () => new Set(),
  };
}

describe('buildImport', () => {
  it('names an article after its deck: CJK names get a hashed slug, a taken slug a suffix; CJK text is filed as zh', async () => {
    const { changes, outcome } = await buildImport(collection([{ guid: 'g1', fields: ['矩阵的秩', 'rank'] }]), { history: false, nowMs: 0, lookup: lookup() });
    expect(changes.articles).toEqual([{ slug: expect.stringMatching(/^anki-[0-9a-f]{8}$/), titleZh: '线性代数', titleEn: '', summaryZh: '', summaryEn: '' }]);
    expect(changes.notes[0]!.fields).toEqual({ kind: 'basic', front: { zh: '矩阵的秩' }, back: { zh: 'rank' } });
    expect(outcome.decks[0]).toMatchObject({ name: '线性代数', newArticle: true, notes: 1, cards: 1 });

    const taken = await buildImport(collection([{ guid: 'g1', fields: ['a', 'b'] }], [{ id: 10, name: 'LoRA', filtered: false, description: '' }]), { history: false, nowMs: 0, lookup: lookup({ slugs: ['lora', 'lora-2'] }) });
    expect(taken.changes.articles.map((article) => article.slug)).toEqual(['lora-3']);
  });

  it('skips, with the reason, what an editor could not write: TeX KaTeX rejects, an empty answer, bad tags', async () => {
    const { changes, outcome } = await buildImport(
      collection([
        { guid: 'tex', fields: ['\\(\\frac{1}\\)', 'x'] },
        { guid: 'empty', fields: ['question', ''] },
        { guid: 'ok', fields: ['q', 'a'], tags: ['good', 'x'.repeat(41), 'also"bad'] },
      ]),
      { history: false, nowMs: 0, lookup: lookup() },
    );
    expect(changes.notes.map((note) => note.guid)).toEqual(['anki:ok:0']);
    expect(changes.notes[0]!.tags).toBe(' good ');
    const reasons = outcome.skipped.map((skip) => `${skip.what} ${skip.id}: ${skip.reason}`);
    expect(reasons).toContainEqual(expect.stringMatching(/^note tex:0: front\.en: TeX error/));
    expect(reasons).toContain('note empty:0: its answer side is empty');
    expect(reasons.filter((reason) => reason.startsWith('tag '))).toHaveLength(2);
  });

  it('matches notes by guid: unchanged stays, changed becomes the next version with its card updated, retired is left alone', async () => {
    const existing = (guid: string, front: string, extra: Partial<ExistingNote> = {}): [string, ExistingNote] => [
      `anki:${guid}:0`,
      { id: `deck/anki-${guid}`, articleSlug: 'deck', kind: 'basic', fields: { kind: 'basic', front: { en: front }, back: { en: 'b' } }, tags: '', version: 3, retired: false, ...extra },
    ];
    const notes = new Map([existing('same', 'a'), existing('changed', 'old'), existing('gone', 'a', { retired: true })]);
    const cards = new Map([['deck/anki-changed', [{ id: 'deck/anki-changed', noteId: 'deck/anki-changed', contentHash: 'old-hash', retired: false }]]]);
    const { changes, outcome } = await buildImport(
      collection([
        { guid: 'same', fields: ['a', 'b'] },
        { guid: 'changed', fields: ['new', 'b'] },
        { guid: 'gone', fields: ['a', 'b'] },
      ]),
      { history: false, nowMs: 0, lookup: lookup({ notes, cards }) },
    );
    expect(changes.articles).toEqual([]);
    expect(changes.notes).toEqual([
      expect.objectContaining({ id: 'deck/anki-changed', version: 4, isNew: false, changed: ['front.en'], cards: [expect.objectContaining({ id: 'deck/anki-changed', action: 'update' })] }),
    ]);
    expect(changes.expect.noteVersions).toEqual([
      { id: 'deck/anki-same', version: 3 },
      { id: 'deck/anki-changed', version: 3 },
    ]);
    expect(outcome.notes).toEqual({ created: 0, updated: 1, unchanged: 1 });
    expect(outcome.skipped).toContainEqual({ what: 'note', id: 'gone:0', code: 'note-retired', args: { note: expect.any(String) }, reason: expect.stringContaining('retired in the app') });
    expect(outcome.decks).toEqual([{ name: '线性代数', slug: 'deck', newArticle: false, notes: 2, cards: 2 }]);
  });
});
