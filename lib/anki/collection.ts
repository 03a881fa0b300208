import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AnkiError } from './errors';
import type { AnkiLimits } from './limits';
import type { AnkiCard, AnkiCardType, AnkiDeck, AnkiNote, AnkiNotetype, AnkiRevlog, AnkiRevlogType, AnkiSkip, AnkiTemplate } from './model';
import { decodeDeckKind, decodeNotetypeConfig, decodeTemplateConfig } from './protobuf';
import { activeContentIn, sanitizeFieldHtml } from './sanitize';
import { ankiSkip } from './skips';

export interface CollectionContents {
  readonly schemaVersion: number;
  readonly createdSecs: number;
  readonly decks: AnkiDeck[];
  readonly notetypes: AnkiNotetype[];
  readonly notes: AnkiNote[];
  readonly cards: AnkiCard[];
  readonly revlog: AnkiRevlog[];
  readonly skipped: AnkiSkip[];
  readonly activeContent: AnkiSkip[];
}

/** Oldest and newest collection schema Anki opens (rslib/src/storage/upgrades: SCHEMA_MIN_VERSION..SCHEMA_MAX_VERSION). */
export const minSchemaVersion = 11;
export const maxSchemaVersion = 18;

const requiredColumns: Record<string, readonly string[]> = {
  col: ['id', 'crt', 'mod', 'scm', 'ver', 'dty', 'usn', 'ls', 'conf', 'models', 'decks', 'dconf', 'tags'],
  notes: ['id', 'guid', 'mid', 'mod', 'usn', 'tags', 'flds', 'sfld', 'csum', 'flags', 'data'],
  cards: ['id', 'nid', 'did', 'ord', 'mod', 'usn', 'type', 'queue', 'due', 'ivl', 'factor', 'reps', 'lapses', 'left', 'odue', 'odid', 'flags', 'data'],
  revlog: ['id', 'cid', 'usn', 'ease', 'ivl', 'lastIvl', 'factor', 'time', 'type'],
};

/**
 * Reads an Anki collection (SQLite bytes, schema 11 to 18; `file` is its entry's name, for messages) through a
 * temporary file that is always removed.
 * Only plain tables are read (a view or a computed column named like Anki's tables is refused), so nothing
 * a crafted file carries runs while it is read.
 */
export function readCollectionBytes(bytes: Uint8Array, file: string, limits: AnkiLimits): CollectionContents {
  const dir = mkdtempSync(path.join(tmpdir(), 'anki-import-'));
  const copy = path.join(dir, 'collection.sqlite');
  let db: Database.Database | undefined;
  try {
    writeFileSync(copy, bytes);
    try {
      // NOTE: opened writable (it is our own copy) so a collection left in WAL mode still opens; query_only
      // then forbids every write, and trusted_schema=off keeps functions named in the schema from running.
      replaceUnicase(copy);
      db = new Database(copy, { fileMustExist: true });
      db.pragma('query_only = 1');
      db.pragma('trusted_schema = 0');
      db.prepare('select count(*) from sqlite_master').get();
    } catch (error) {
      throw new AnkiError('collection-not-sqlite', { file, detail: message(error) }, { cause: error });
    }
    try {
      return readCollection(db, file, limits);
    } catch (error) {
      if (error instanceof AnkiError) throw error;
      throw new AnkiError('collection-unreadable', { file, detail: message(error) }, { cause: error });
    }
  } finally {
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Anki declares its schema-15+ name columns `collate unicase`, a collation only Anki registers; SQLite cannot
 * plan queries on such tables without it. In our temporary copy the declarations become `nocase` (the same
 * for ASCII; we only scan these tables, never look names up).
 */
function replaceUnicase(file: string): void {
  const db = new Database(file, { fileMustExist: true });
  try {
    const uses = db.prepare("select count(*) as n from sqlite_master where sql like '%unicase%'").get() as { n: number };
    if (uses.n === 0) return;
    db.unsafeMode(true);
    db.pragma('writable_schema = 1');
    db.prepare("update sqlite_master set sql = replace(replace(sql, 'collate unicase', 'collate nocase'), 'COLLATE unicase', 'COLLATE nocase') where sql like '%unicase%'").run();
    db.pragma('writable_schema = 0');
  } finally {
    db.close();
  }
}

function readCollection(db: Database.Database, file: string, limits: AnkiLimits): CollectionContents {
  const tables = new Set((db.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map((row) => row.name));
  for (const [table, columns] of Object.entries(requiredColumns)) {
    if (!tables.has(table)) throw new AnkiError('collection-table-missing', { file, table });
    const info = db.prepare(`pragma table_xinfo(${table})`).all() as { name: string; hidden: number }[];
    if (info.some((column) => column.hidden !== 0)) throw new AnkiError('collection-table-computed', { file, table });
    const present = new Set(info.map((row) => row.name));
    const missing = columns.filter((column) => !present.has(column));
    if (missing.length > 0) throw new AnkiError('collection-columns-missing', { file, table, columns: missing.join(', ') });
  }
  const col = db.prepare('select crt, ver, models, decks from col limit 1').get() as
    | { crt: unknown; ver: unknown; models: unknown; decks: unknown }
    | undefined;
  if (!col) throw new AnkiError('collection-col-empty', { file });
  const schemaVersion = Number(col.ver);
  if (!Number.isInteger(schemaVersion) || schemaVersion < minSchemaVersion || schemaVersion > maxSchemaVersion) {
    throw new AnkiError('unsupported-schema', { file, version: String(col.ver), min: minSchemaVersion, max: maxSchemaVersion });
  }
  const skipped: AnkiSkip[] = [];
  const activeContent: AnkiSkip[] = [];
  const count = (table: string) => Number((db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n);
  capRows(count('notes'), limits.maxNotes, 'too-many-notes');
  capRows(count('cards'), limits.maxCards, 'too-many-cards');
  capRows(count('revlog'), limits.maxRevlog, 'too-many-reviews');

  const notetypes = tables.has('notetypes') && tables.has('fields') && tables.has('templates')
    ? readNotetypesTables(db, file, limits)
    : readNotetypesJson(col.models, file, limits);
  const decks = tables.has('decks') && hasColumns(db, 'decks', ['id', 'name', 'kind'])
    ? readDecksTable(db, file, limits)
    : readDecksJson(col.decks, file, limits);

  const notetypeById = new Map(notetypes.map((notetype) => [notetype.id, notetype]));
  const notes: AnkiNote[] = [];
  for (const row of db.prepare('select id, guid, mid, mod, tags, flds from notes order by id').iterate() as Iterable<Record<string, unknown>>) {
    const id = integer(row.id);
    const notetypeId = integer(row.mid);
    if (id === null || notetypeId === null) {
      skipped.push(ankiSkip('note', String(row.id), 'note-bad-ids'));
      continue;
    }
    const notetype = notetypeById.get(notetypeId);
    if (!notetype) {
      skipped.push(ankiSkip('note', String(id), 'note-unknown-notetype', { notetype: notetypeId }));
      continue;
    }
    const raw = typeof row.flds === 'string' ? row.flds.split('\x1f') : [];
    if (raw.length > limits.maxFields) {
      throw new AnkiError('note-too-many-fields', { file, note: id, count: raw.length, max: limits.maxFields });
    }
    const tooLong = raw.findIndex((field) => field.length > limits.maxFieldChars);
    if (tooLong >= 0) {
      skipped.push(ankiSkip('note', String(id), 'field-too-long', { field: tooLong + 1, max: limits.maxFieldChars }));
      continue;
    }
    const guid = typeof row.guid === 'string' ? row.guid : String(row.guid ?? id);
    raw.forEach((field, index) => {
      const active = activeContentIn(field);
      if (active) activeContent.push(ankiSkip('note', guid, active.code, { field: JSON.stringify(notetype.fields[index] ?? String(index + 1)), ...active.args }));
    });
    // Anki pads missing fields and folds surplus ones away; we keep the note type's field count.
    const fields = notetype.fields.map((_, index) => sanitizeFieldHtml(raw[index] ?? ''));
    notes.push({
      id,
      guid,
      notetypeId,
      fields,
      tags: splitTags(row.tags),
      modSecs: integer(row.mod) ?? 0,
    });
  }

  const noteIds = new Set(notes.map((note) => note.id));
  const deckIds = new Set(decks.map((deck) => deck.id));
  const cards: AnkiCard[] = [];
  const cardSql = 'select id, nid, did, odid, ord, type, queue, due, odue, ivl, factor, reps, lapses from cards order by id';
  for (const row of db.prepare(cardSql).iterate() as Iterable<Record<string, unknown>>) {
    const id = integer(row.id);
    const noteId = integer(row.nid);
    const odid = integer(row.odid) ?? 0;
    const deckId = odid !== 0 ? odid : integer(row.did);
    const values = ['ord', 'type', 'queue', 'due', 'ivl', 'factor', 'reps', 'lapses'].map((key) => integer(row[key]));
    if (id === null || noteId === null || deckId === null || values.some((value) => value === null)) {
      skipped.push(ankiSkip('card', String(row.id), 'card-bad-values'));
      continue;
    }
    if (!noteIds.has(noteId)) {
      skipped.push(ankiSkip('card', String(id), 'card-note-missing', { note: noteId }));
      continue;
    }
    if (!deckIds.has(deckId)) {
      skipped.push(ankiSkip('card', String(id), 'card-deck-missing', { deck: deckId }));
      continue;
    }
    const [ord, type, queue, due, ivl, factor, reps, lapses] = values as number[];
    cards.push({
      id,
      noteId,
      deckId,
      ord: ord ?? 0,
      type: (type === 1 || type === 2 || type === 3 ? type : 0) as AnkiCardType,
      queue: queue ?? 0,
      due: odid !== 0 ? (integer(row.odue) ?? due ?? 0) : (due ?? 0),
      ivl: ivl ?? 0,
      factor: factor ?? 0,
      reps: reps ?? 0,
      lapses: lapses ?? 0,
    });
  }

  const cardIds = new Set(cards.map((card) => card.id));
  const revlog: AnkiRevlog[] = [];
  let revlogSkipped = 0;
  for (const row of db.prepare('select id, cid, ease, ivl, lastIvl, factor, time, type from revlog order by id').iterate() as Iterable<Record<string, unknown>>) {
    const id = integer(row.id);
    const cardId = integer(row.cid);
    const type = integer(row.type);
    const values = [row.ease, row.ivl, row.lastIvl, row.factor, row.time].map(integer);
    if (id === null || cardId === null || type === null || type < 0 || type > 5 || values.some((value) => value === null) || !cardIds.has(cardId)) {
      revlogSkipped += 1;
      continue;
    }
    const [ease, ivl, lastIvl, factor, time] = values as number[];
    revlog.push({ id, cardId, ease: ease ?? 0, ivl: ivl ?? 0, lastIvl: lastIvl ?? 0, factor: factor ?? 0, timeMs: Math.max(0, time ?? 0), type: type as AnkiRevlogType });
  }
  if (revlogSkipped > 0) {
    skipped.push(ankiSkip('revlog', `${revlogSkipped} rows`, 'revlog-invalid', { rows: revlogSkipped }));
  }
  return { schemaVersion, createdSecs: integer(col.crt) ?? 0, decks, notetypes, notes, cards, revlog, skipped, activeContent };
}

function readNotetypesTables(db: Database.Database, file: string, limits: AnkiLimits): AnkiNotetype[] {
  const rows = db.prepare('select id, name, config from notetypes order by id').all() as Record<string, unknown>[];
  capRows(rows.length, limits.maxNotetypes, 'too-many-notetypes');
  const fieldsByType = new Map<number, { ord: number; name: string }[]>();
  for (const row of db.prepare('select ntid, ord, name from fields').iterate() as Iterable<Record<string, unknown>>) {
    const ntid = integer(row.ntid);
    if (ntid === null) continue;
    const list = fieldsByType.get(ntid) ?? [];
    list.push({ ord: integer(row.ord) ?? list.length, name: String(row.name ?? '') });
    if (list.length > limits.maxFields) throw new AnkiError('notetype-fields-over-limit', { file, notetype: ntid, max: limits.maxFields });
    fieldsByType.set(ntid, list);
  }
  const templatesByType = new Map<number, AnkiTemplate[]>();
  for (const row of db.prepare('select ntid, ord, name, config from templates').iterate() as Iterable<Record<string, unknown>>) {
    const ntid = integer(row.ntid);
    if (ntid === null) continue;
    const list = templatesByType.get(ntid) ?? [];
    const config = decodeTemplateConfig(blob(row.config), { file, name: String(row.name) });
    list.push({ name: String(row.name ?? ''), ord: integer(row.ord) ?? list.length, qfmt: config.qFormat, afmt: config.aFormat });
    if (list.length > limits.maxTemplates) throw new AnkiError('notetype-templates-over-limit', { file, notetype: ntid, max: limits.maxTemplates });
    templatesByType.set(ntid, list);
  }
  return rows.flatMap((row) => {
    const id = integer(row.id);
    if (id === null) return [];
    const config = decodeNotetypeConfig(blob(row.config), { file, name: String(row.name) });
    return [{
      id,
      name: String(row.name ?? ''),
      kind: config.kind === 1 ? ('cloze' as const) : ('standard' as const),
      fields: (fieldsByType.get(id) ?? []).sort((a, b) => a.ord - b.ord).map((field) => field.name),
      templates: (templatesByType.get(id) ?? []).sort((a, b) => a.ord - b.ord),
      css: config.css,
    }];
  });
}

function readNotetypesJson(models: unknown, file: string, limits: AnkiLimits): AnkiNotetype[] {
  const parsed = parseJsonObject(models, file, 'models');
  const values = Object.values(parsed);
  capRows(values.length, limits.maxNotetypes, 'too-many-notetypes');
  return values.flatMap((value) => {
    if (!isRecord(value)) return [];
    const id = integer(value.id);
    if (id === null) return [];
    const flds = Array.isArray(value.flds) ? value.flds : [];
    const tmpls = Array.isArray(value.tmpls) ? value.tmpls : [];
    if (flds.length > limits.maxFields) throw new AnkiError('notetype-too-many-fields', { file, notetype: id, count: flds.length, max: limits.maxFields });
    if (tmpls.length > limits.maxTemplates) throw new AnkiError('notetype-too-many-templates', { file, notetype: id, count: tmpls.length, max: limits.maxTemplates });
    const fields = flds
      .filter(isRecord)
      .map((field, index) => ({ ord: integer(field.ord) ?? index, name: String(field.name ?? '') }))
      .sort((a, b) => a.ord - b.ord)
      .map((field) => field.name);
    const templates = tmpls
      .filter(isRecord)
      .map((template, index) => ({
        name: String(template.name ?? ''),
        ord: integer(template.ord) ?? index,
        qfmt: String(template.qfmt ?? ''),
        afmt: String(template.afmt ?? ''),
      }))
      .sort((a, b) => a.ord - b.ord);
    return [{ id, name: String(value.name ?? ''), kind: integer(value.type) === 1 ? ('cloze' as const) : ('standard' as const), fields, templates, css: String(value.css ?? '') }];
  });
}

function readDecksTable(db: Database.Database, file: string, limits: AnkiLimits): AnkiDeck[] {
  const rows = db.prepare('select id, name, kind from decks order by id').all() as Record<string, unknown>[];
  capRows(rows.length, limits.maxDecks, 'too-many-decks');
  return rows.flatMap((row) => {
    const id = integer(row.id);
    if (id === null) return [];
    const kind = decodeDeckKind(blob(row.kind), { file, name: String(row.name) });
    // Schema 15+ stores the "native" name: components separated by U+001F instead of "::".
    return [{ id, name: String(row.name ?? '').split('\x1f').join('::'), filtered: kind.kind === 'filtered', description: kind.description }];
  });
}

function readDecksJson(decks: unknown, file: string, limits: AnkiLimits): AnkiDeck[] {
  const values = Object.values(parseJsonObject(decks, file, 'decks'));
  capRows(values.length, limits.maxDecks, 'too-many-decks');
  return values.flatMap((value) => {
    if (!isRecord(value)) return [];
    const id = integer(value.id);
    if (id === null) return [];
    const dyn = value.dyn === true || integer(value.dyn) === 1;
    return [{ id, name: String(value.name ?? ''), filtered: dyn, description: typeof value.desc === 'string' ? value.desc : '' }];
  });
}

function hasColumns(db: Database.Database, table: string, columns: readonly string[]): boolean {
  const present = new Set((db.prepare(`pragma table_info(${table})`).all() as { name: string }[]).map((row) => row.name));
  return columns.every((column) => present.has(column));
}

function parseJsonObject(value: unknown, file: string, column: 'models' | 'decks'): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(typeof value === 'string' ? value : Buffer.isBuffer(value) ? value.toString('utf8') : '');
    if (isRecord(parsed)) return parsed;
  } catch {
    // reported below
  }
  throw new AnkiError('collection-json-invalid', { file, column });
}

function capRows(count: number, limit: number, code: 'too-many-notes' | 'too-many-cards' | 'too-many-reviews' | 'too-many-notetypes' | 'too-many-decks'): void {
  if (count > limit) throw new AnkiError(code, { count, max: limit });
}

export function splitTags(value: unknown): string[] {
  return typeof value === 'string' ? value.split(/\s+/).filter((tag) => tag.length > 0) : [];
}

function integer(value: unknown): number | null {
  const number = typeof value === 'bigint' ? Number(value) : typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isSafeInteger(number) ? number : null;
}

function blob(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string') return Buffer.from(value, 'latin1');
  return new Uint8Array();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
