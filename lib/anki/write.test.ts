import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { readZip } from './zip';
import { buildExportCollection, exportNotetypes, mapNote, readAnkiPackage, revlogToReviews, writeApkg, type ExportInput } from './index';
import { defaultAnkiLimits } from './limits';
import { schema11Indexes, schema11Tables } from './schema11';

const now = Date.UTC(2026, 11, 3, 12);
const input: ExportInput = {
  deckName: 'ML Study::Linear algebra',
  deckDescription: 'Eigenvalues and friends',
  nowMs: now,
  cards: [
    { id: 'linear-algebra/eigen', kind: 'basic', front: 'What is an **eigenvector** of $A$?', back: 'A vector with $$Av = \\lambda v$$', tags: ['linear algebra'], state: { type: 'review', dueMs: now + 5 * 86_400_000, intervalDays: 9, reps: 4, lapses: 1 } },
    { id: 'linear-algebra/det-1', kind: 'cloze', noteId: 'linear-algebra/det', index: 1, text: 'The {{c1::determinant}} is the product of the {{c2::eigenvalues}} ($\\det A = \\prod \\lambda_i$).', extra: 'Over $\\mathbb{C}$.' },
    { id: 'linear-algebra/det-2', kind: 'cloze', noteId: 'linear-algebra/det', index: 2, text: 'The {{c1::determinant}} is the product of the {{c2::eigenvalues}} ($\\det A = \\prod \\lambda_i$).', extra: 'Over $\\mathbb{C}$.', state: { type: 'learning', dueMs: now + 600_000, intervalDays: 0, reps: 1, lapses: 0 } },
  ],
  reviews: [
    { cardId: 'linear-algebra/eigen', reviewedAtMs: now - 20 * 86_400_000, rating: 3, durationMs: 5200, kind: 'learn', intervalDays: 1 },
    { cardId: 'linear-algebra/eigen', reviewedAtMs: now - 19 * 86_400_000, rating: 4, durationMs: 3100, kind: 'review', intervalDays: 4, lastIntervalDays: 1 },
    { cardId: 'linear-algebra/eigen', reviewedAtMs: now - 15 * 86_400_000, rating: 1, durationMs: 90_000, kind: 'review', intervalDays: 1, lastIntervalDays: 4 },
    { cardId: 'linear-algebra/eigen', reviewedAtMs: now - 14 * 86_400_000, rating: 3, durationMs: 2000, kind: 'relearn', intervalDays: 9, lastIntervalDays: 1 },
    { cardId: 'linear-algebra/det-2', reviewedAtMs: now - 60_000, rating: 2, durationMs: 4000, kind: 'learn' },
  ],
};

describe('writeApkg', () => {
  it('writes a package that reads back as the same notes, cards and review log', async () => {
    const collection = buildExportCollection(input);
    const bytes = await writeApkg(collection, { nowMs: now });
    const back = await readAnkiPackage(bytes);
    expect(back.version).toBe('legacy1');
    expect(back.schemaVersion).toBe(11);
    expect(back.decks.map((deck) => deck.name)).toEqual(['Default', 'ML Study::Linear algebra']);
    expect(back.notetypes.map((nt) => [nt.name, nt.kind, nt.fields, nt.templates.map((t) => [t.qfmt, t.afmt])])).toEqual(
      exportNotetypes.map((nt) => [nt.name, nt.kind, nt.fields, nt.templates.map((t) => [t.qfmt, t.afmt])]),
    );
    const byId = <T extends { id: number }>(rows: readonly T[]) => [...rows].sort((a, b) => a.id - b.id);
    expect(back.notes).toEqual(byId(collection.notes));
    expect(back.cards).toEqual(byId(collection.cards));
    expect(back.revlog).toEqual(byId(collection.revlog));
    expect(back.skipped).toEqual([]);
    // TeX in Anki's delimiters, cloze as Anki cloze, one note for both deletions
    expect(back.notes).toHaveLength(2);
    const basic = back.notes.find((note) => note.notetypeId === exportNotetypes[0]!.id)!;
    const cloze = back.notes.find((note) => note.notetypeId === exportNotetypes[1]!.id)!;
    expect(basic.fields).toEqual(['What is an <strong>eigenvector</strong> of \\(A\\)?', 'A vector with \\[Av = \\lambda v\\]']);
    expect(cloze.fields[0]).toBe('The {{c1::determinant}} is the product of the {{c2::eigenvalues}} (\\(\\det A = \\prod \\lambda_i\\)).');
    expect(basic.tags).toEqual(['linear_algebra']);
    expect(back.revlog.map((row) => [row.ease, row.type, row.timeMs])).toEqual([[3, 0, 5200], [4, 1, 3100], [1, 1, 60000], [3, 2, 2000], [2, 0, 4000]]);
    // the review card is due 5 days after the export, counted in days from the collection's creation
    const review = back.cards.find((card) => card.type === 2)!;
    expect((back.createdSecs ?? 0) + review.due * 86_400).toBeGreaterThanOrEqual((now + 4 * 86_400_000) / 1000);
    // and the round trip maps back to the same cards of this app
    const media = new Set<string>();
    const mapped = [basic, cloze].flatMap((note) => mapNote(note, back.notetypes.find((nt) => nt.id === note.notetypeId)!, back.cards.filter((card) => card.noteId === note.id), media).cards);
    expect(mapped.map((card) => (card.kind === 'basic' ? [card.front, card.back] : [card.index, card.text, card.extra]))).toEqual([
      ['What is an **eigenvector** of $A$?', 'A vector with $$Av = \\lambda v$$'],
      [1, input.cards[1]!.kind === 'cloze' ? input.cards[1]!.text : '', 'Over $\\mathbb{C}$.'],
      [2, input.cards[1]!.kind === 'cloze' ? input.cards[1]!.text : '', 'Over $\\mathbb{C}$.'],
    ]);
    expect(revlogToReviews(back.revlog).reviews).toHaveLength(5);
  });

  it('gives the same guids and ids on every export', async () => {
    const first = buildExportCollection(input);
    const second = buildExportCollection({ ...input, nowMs: now + 86_400_000 * 30 });
    expect(second.notes.map((note) => [note.id, note.guid])).toEqual(first.notes.map((note) => [note.id, note.guid]));
    expect(second.cards.map((card) => card.id)).toEqual(first.cards.map((card) => card.id));
  });

  it('writes a SQLite file that passes integrity_check and has every table, column and index of schema 11', async () => {
    const bytes = await writeApkg(buildExportCollection(input), { nowMs: now });
    const entries = await readZip(bytes, defaultAnkiLimits, () => true);
    expect([...entries.keys()].sort()).toEqual(['collection.anki2', 'media']);
    expect(entries.get('media')!.toString()).toBe('{}');
    const dir = mkdtempSync(path.join(tmpdir(), 'anki-written-'));
    try {
      const file = path.join(dir, 'c.anki2');
      writeFileSync(file, entries.get('collection.anki2')!);
      const db = new Database(file, { readonly: true });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      for (const [table, columns] of Object.entries(schema11Tables)) {
        const info = db.prepare(`pragma table_info(${table})`).all() as { name: string; type: string; notnull: number; pk: number }[];
        expect(info.map((column) => column.name)).toEqual(columns.map(([name]) => name));
        expect(info.map((column) => column.type.toLowerCase())).toEqual(columns.map(([, type]) => type.split(' ')[0]));
      }
      const indexes = (db.prepare("select name from sqlite_master where type = 'index'").all() as { name: string }[]).map((row) => row.name).sort();
      expect(indexes).toEqual(schema11Indexes.map((sql) => sql.split(' ')[2]).sort());
      const col = db.prepare('select * from col').get() as Record<string, string | number>;
      expect(col.ver).toBe(11);
      const models = JSON.parse(String(col.models)) as Record<string, Record<string, unknown>>;
      for (const model of Object.values(models)) {
        for (const key of ['id', 'name', 'type', 'mod', 'usn', 'sortf', 'did', 'tmpls', 'flds', 'css', 'latexPre', 'latexPost', 'latexsvg', 'req']) expect(model).toHaveProperty(key);
      }
      const decks = JSON.parse(String(col.decks)) as Record<string, Record<string, unknown>>;
      expect(decks['1']).toMatchObject({ name: 'Default', dyn: 0, conf: 1 });
      for (const deck of Object.values(decks)) {
        for (const key of ['id', 'mod', 'name', 'usn', 'lrnToday', 'revToday', 'newToday', 'timeToday', 'collapsed', 'browserCollapsed', 'desc', 'dyn', 'conf', 'extendNew', 'extendRev']) expect(deck).toHaveProperty(key);
      }
      const dconf = JSON.parse(String(col.dconf)) as Record<string, Record<string, unknown>>;
      for (const key of ['id', 'mod', 'name', 'usn', 'maxTaken', 'autoplay', 'timer', 'new', 'rev', 'lapse']) expect(dconf['1']).toHaveProperty(key);
      const note = db.prepare("select sfld, csum from notes where flds like 'What%'").get() as { sfld: string; csum: number };
      expect(note.sfld).toBe('What is an eigenvector of \\(A\\)?');
      expect(note.csum).toBeGreaterThan(0);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes media as numbered entries with a JSON map, and refuses unsafe names', async () => {
    const collection = { ...buildExportCollection(input), media: [{ name: 'plot.png', bytes: new Uint8Array([1, 2, 3]) }] };
    const back = await readAnkiPackage(await writeApkg(collection, { nowMs: now }));
    expect(back.media.map((file) => [file.name, [...file.bytes]])).toEqual([['plot.png', [1, 2, 3]]]);
    await expect(writeApkg({ ...collection, media: [{ name: '../x.png', bytes: new Uint8Array() }] }, { nowMs: now })).rejects.toMatchObject({ code: 'export-invalid' });
  });
});
