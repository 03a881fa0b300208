import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import yazl from 'yazl';
import { AnkiError } from './errors';
import type { AnkiCard, AnkiDeck, AnkiMedia, AnkiNote, AnkiNotetype, AnkiRevlog } from './model';
import { mediaNameProblem } from './package';
import { fieldText } from './sanitize';
import { schema11Sql } from './schema11';

/** What an `.apkg` is written from: the model's collection parts. */
export interface WritableCollection {
  /** Collection creation, epoch seconds, at a day start: review cards' `due` counts days from it. */
  readonly createdSecs: number;
  readonly decks: readonly AnkiDeck[];
  readonly notetypes: readonly AnkiNotetype[];
  readonly notes: readonly AnkiNote[];
  readonly cards: readonly AnkiCard[];
  readonly revlog: readonly AnkiRevlog[];
  readonly media: readonly AnkiMedia[];
}

export interface WriteOptions {
  /** The export time, epoch milliseconds (col.mod, scm). */
  readonly nowMs: number;
}

/**
 * Writes an `.apkg` in the legacy format every Anki and AnkiDroid opens: `collection.anki2` (SQLite, schema 11
 * with the `col` JSON of note types, decks and deck options), a JSON `media` map and numbered media files.
 * The SQLite file is built in a temporary folder that is always removed.
 */
export async function writeApkg(collection: WritableCollection, options: WriteOptions): Promise<Buffer> {
  checkWritable(collection);
  const dir = mkdtempSync(path.join(tmpdir(), 'anki-export-'));
  const file = path.join(dir, 'collection.anki2');
  try {
    const db = new Database(file);
    try {
      db.pragma('journal_mode = delete');
      db.pragma('synchronous = off'); // a temporary file, checked below before it is zipped
      db.exec(schema11Sql());
      fill(db, collection, options);
      const check = db.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw new AnkiError('export-integrity', { detail: String(check) });
    } finally {
      db.close();
    }
    return await zip(readFileSync(file), collection.media);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function fill(db: Database.Database, collection: WritableCollection, options: WriteOptions): void {
  const modSecs = Math.floor(options.nowMs / 1000);
  const models = Object.fromEntries(collection.notetypes.map((notetype) => [String(notetype.id), notetypeJson(notetype, modSecs)]));
  const decks: Record<string, unknown> = { '1': deckJson({ id: 1, name: 'Default', filtered: false, description: '' }, modSecs) };
  for (const deck of collection.decks) decks[String(deck.id)] = deckJson(deck, modSecs);
  const firstDeck = collection.decks[0]?.id ?? 1;
  const conf = {
    activeDecks: [firstDeck],
    curDeck: firstDeck,
    newSpread: 0,
    collapseTime: 1200,
    timeLim: 0,
    estTimes: true,
    dueCounts: true,
    curModel: collection.notetypes[0] ? String(collection.notetypes[0].id) : null,
    nextPos: collection.cards.filter((card) => card.type === 0).length + 1,
    sortType: 'noteFld',
    sortBackwards: false,
    addToCur: true,
    schedVer: 2,
  };
  db.transaction(() => {
    db.prepare('insert into col values (1, ?, ?, ?, 11, 0, 0, 0, ?, ?, ?, ?, ?)').run(
      collection.createdSecs,
      options.nowMs,
      options.nowMs,
      JSON.stringify(conf),
      JSON.stringify(models),
      JSON.stringify(decks),
      JSON.stringify({ '1': deckConfigJson(modSecs) }),
      '{}',
    );
    const insertNote = db.prepare('insert into notes values (?, ?, ?, ?, 0, ?, ?, ?, ?, 0, \'\')');
    for (const note of collection.notes) {
      const first = fieldText(note.fields[0] ?? '');
      insertNote.run(note.id, note.guid, note.notetypeId, note.modSecs, note.tags.length ? ` ${note.tags.join(' ')} ` : '', note.fields.join('\x1f'), first, fieldChecksum(first));
    }
    const insertCard = db.prepare('insert into cards values (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, \'\')');
    for (const card of collection.cards) {
      insertCard.run(card.id, card.noteId, card.deckId, card.ord, modSecs, card.type, card.queue, card.due, card.ivl, card.factor, card.reps, card.lapses);
    }
    const insertRevlog = db.prepare('insert into revlog values (?, ?, 0, ?, ?, ?, ?, ?, ?)');
    for (const row of collection.revlog) {
      insertRevlog.run(row.id, row.cardId, row.ease, row.ivl, row.lastIvl, row.factor, row.timeMs, row.type);
    }
  })();
}

/** Anki's note checksum: the first 8 hex digits of the SHA-1 of the first field's text, as an integer. */
export function fieldChecksum(text: string): number {
  return Number.parseInt(createHash('sha1').update(text, 'utf8').digest('hex').slice(0, 8), 16);
}

function notetypeJson(notetype: AnkiNotetype, modSecs: number): Record<string, unknown> {
  return {
    id: notetype.id,
    name: notetype.name,
    type: notetype.kind === 'cloze' ? 1 : 0,
    mod: modSecs,
    usn: 0,
    sortf: 0,
    did: null,
    tmpls: notetype.templates.map((template) => ({
      name: template.name,
      ord: template.ord,
      qfmt: template.qfmt,
      afmt: template.afmt,
      bqfmt: '',
      bafmt: '',
      did: null,
      bfont: '',
      bsize: 0,
    })),
    flds: notetype.fields.map((name, ord) => ({ name, ord, sticky: false, rtl: false, font: 'Arial', size: 20, description: '', plainText: false, collapsed: false, excludeFromSearch: false })),
    css: notetype.css,
    latexPre: '\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n',
    latexPost: '\\end{document}',
    latexsvg: false,
    // Which fields must be non-empty for each card; Anki recomputes this on import.
    req: notetype.kind === 'cloze' ? [[0, 'any', [0]]] : notetype.templates.map((template) => [template.ord, 'any', [Math.min(template.ord, notetype.fields.length - 1)]]),
    tags: [],
    vers: [],
  };
}

function deckJson(deck: AnkiDeck, modSecs: number): Record<string, unknown> {
  return {
    id: deck.id,
    mod: modSecs,
    name: deck.name,
    usn: 0,
    lrnToday: [0, 0],
    revToday: [0, 0],
    newToday: [0, 0],
    timeToday: [0, 0],
    collapsed: false,
    browserCollapsed: false,
    desc: deck.description,
    dyn: 0,
    conf: 1,
    extendNew: 0,
    extendRev: 0,
  };
}

function deckConfigJson(modSecs: number): Record<string, unknown> {
  return {
    id: 1,
    mod: modSecs,
    name: 'Default',
    usn: 0,
    maxTaken: 60,
    autoplay: true,
    timer: 0,
    replayq: true,
    dyn: false,
    new: { bury: false, delays: [1, 10], initialFactor: 2500, ints: [1, 4, 0], order: 1, perDay: 20 },
    rev: { bury: false, ease4: 1.3, ivlFct: 1, maxIvl: 36500, perDay: 200, hardFactor: 1.2 },
    lapse: { delays: [10], leechAction: 1, leechFails: 8, minInt: 1, mult: 0 },
  };
}

function zip(collection: Buffer, media: readonly AnkiMedia[]): Promise<Buffer> {
  const archive = new yazl.ZipFile();
  archive.addBuffer(collection, 'collection.anki2', { mtime: new Date(0) });
  archive.addBuffer(Buffer.from(JSON.stringify(Object.fromEntries(media.map((file, index) => [String(index), file.name])))), 'media', { mtime: new Date(0) });
  media.forEach((file, index) => archive.addBuffer(Buffer.from(file.bytes), String(index), { mtime: new Date(0) }));
  archive.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    archive.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    archive.outputStream.on('error', reject);
    archive.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

function checkWritable(collection: WritableCollection): void {
  const fail = (why: string) => {
    throw new AnkiError('export-invalid', { detail: why });
  };
  const notetypes = new Map(collection.notetypes.map((notetype) => [notetype.id, notetype]));
  const notes = new Set(collection.notes.map((note) => note.id));
  const decks = new Set([1, ...collection.decks.map((deck) => deck.id)]);
  const cards = new Set(collection.cards.map((card) => card.id));
  for (const note of collection.notes) {
    const notetype = notetypes.get(note.notetypeId);
    if (!notetype) fail(`note ${note.id} names note type ${note.notetypeId}, which is not written`);
    else if (note.fields.length !== notetype.fields.length) fail(`note ${note.id} has ${note.fields.length} fields; its note type has ${notetype.fields.length}`);
    if (note.fields.some((field) => field.includes('\x1f'))) fail(`note ${note.id} has a field containing the field separator U+001F`);
  }
  for (const card of collection.cards) {
    if (!notes.has(card.noteId)) fail(`card ${card.id} belongs to note ${card.noteId}, which is not written`);
    if (!decks.has(card.deckId)) fail(`card ${card.id} is in deck ${card.deckId}, which is not written`);
  }
  for (const row of collection.revlog) if (!cards.has(row.cardId)) fail(`review ${row.id} is of card ${row.cardId}, which is not written`);
  for (const file of collection.media) {
    const problem = mediaNameProblem(file.name);
    if (problem) fail(`media name ${JSON.stringify(file.name)} is not a plain file name (${problem})`);
  }
}
