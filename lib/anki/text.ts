import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { AnkiError } from './errors';
import { mb } from './refusals';
import { type AnkiLimits, withLimits } from './limits';
import type { AnkiCard, AnkiCollection, AnkiDeck, AnkiNote, AnkiNotetype, AnkiSkip } from './model';
import { activeContentIn, sanitizeFieldHtml } from './sanitize';
import { ankiSkip } from './skips';

/** Anki's separators, in the order Anki tries them when a file does not name one (csv/metadata.rs). */
const delimiters = [
  ['tab', '\t'],
  ['pipe', '|'],
  ['semicolon', ';'],
  ['colon', ':'],
  ['comma', ','],
  ['space', ' '],
] as const;

export interface TextHeaders {
  delimiter: string;
  html: boolean | null;
  globalTags: string[];
  columns: string[];
  notetype: string | null;
  deck: string | null;
  notetypeColumn: number;
  deckColumn: number;
  tagsColumn: number;
  guidColumn: number;
}

/**
 * Reads Anki's text export (`.txt`/`.csv`, "Notes in Plain Text") into the model, with the headers Anki writes
 * and reads (rslib/src/import_export/text/csv/metadata.rs): `#separator:` (Tab, Pipe, Semicolon, Colon, Comma,
 * Space, by name or character), `#html:true|false`, `#tags:`, `#columns:`, `#notetype:`, `#deck:`,
 * `#notetype column:`, `#deck column:`, `#tags column:`, `#guid column:` (columns count from 1), and a first
 * line `tags:…`. Without `#separator:` the first of tab, |, ;, :, comma, space found in the data is used;
 * without `#html:` the file is HTML when any field has a tag. Plain-text fields are escaped and their line
 * breaks become `<br>`. Note types are made from the file: cloze when the note type's name says Cloze or the
 * first field has `{{cN::…}}`, otherwise basic (Front/Back, reversed too when its name says "reversed").
 */
export function readAnkiText(data: Uint8Array | string, options: { filename?: string; limits?: Partial<AnkiLimits> } = {}): AnkiCollection {
  const limits = withLimits(options.limits);
  const size = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
  if (size > limits.maxTextBytes) throw new AnkiError('text-too-large', { size: mb(size), max: mb(limits.maxTextBytes) });
  let text: string;
  try {
    text = typeof data === 'string' ? data : new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch (error) {
    throw new AnkiError('text-not-utf8', {}, { cause: error });
  }
  text = text.replace(/^\uFEFF/, '');
  if (text.includes('\u0000')) throw new AnkiError('text-nul');
  const { headers, body } = readHeaders(text);
  let records: string[][];
  try {
    records = parse(body, { delimiter: headers.delimiter, relax_column_count: true, relax_quotes: true, comment: '#', comment_no_infix: true, skip_empty_lines: true, max_record_size: limits.maxFieldChars * 4 }) as string[][];
  } catch (error) {
    throw new AnkiError(headers.delimiter === '\t' ? 'text-invalid-tabs' : 'text-invalid-separated', { detail: error instanceof Error ? error.message : String(error) }, { cause: error });
  }
  if (records.length > limits.maxNotes) throw new AnkiError('text-too-many-rows', { count: records.length, max: limits.maxNotes });
  const width = Math.max(0, ...records.map((record) => record.length));
  if (width > limits.maxFields + 4) throw new AnkiError('text-too-many-columns', { count: width, max: limits.maxFields });
  const html = headers.html ?? records.some((record) => record.some((field) => /<\/?[a-z][a-z0-9]*(\s[^>]*)?>/i.test(field)));
  const meta = new Set([headers.notetypeColumn, headers.deckColumn, headers.tagsColumn, headers.guidColumn].filter((column) => column > 0));
  const fieldColumns = Array.from({ length: width }, (_, index) => index + 1).filter((column) => !meta.has(column));

  const skipped: AnkiSkip[] = [];
  const activeContent: AnkiSkip[] = [];
  const decks = new Map<string, AnkiDeck>();
  const notetypes = new Map<string, AnkiNotetype>();
  const notes: AnkiNote[] = [];
  const cards: AnkiCard[] = [];
  const defaultDeck = headers.deck ?? (options.filename ? options.filename.replace(/\.[^.]*$/, '') : 'Default');
  records.forEach((record, row) => {
    const cell = (column: number) => (column > 0 ? (record[column - 1] ?? '').trim() : '');
    const values = fieldColumns.map((column) => record[column - 1] ?? '');
    if (values.length === 0 || values.every((value) => value.trim() === '')) {
      skipped.push(ankiSkip('row', String(row + 1), 'row-no-text'));
      return;
    }
    const tooLong = values.findIndex((value) => value.length > limits.maxFieldChars);
    if (tooLong >= 0) {
      skipped.push(ankiSkip('row', String(row + 1), 'field-too-long', { field: tooLong + 1, max: limits.maxFieldChars }));
      return;
    }
    const fields = values.map((value) => sanitizeFieldHtml(html ? value : escapeHtml(value).replace(/\r?\n/g, '<br>')));
    if (html) {
      values.forEach((value, index) => {
        const active = activeContentIn(value);
        if (active) activeContent.push(ankiSkip('row', String(row + 1), active.code, { field: index + 1, ...active.args }));
      });
    }
    const notetypeName = cell(headers.notetypeColumn) || headers.notetype || (/\{\{c\d+::/.test(fields[0] ?? '') ? 'Cloze' : 'Basic');
    const notetype = notetypes.get(notetypeName) ?? makeNotetype(notetypeName, notetypes.size + 1, fields, headers.columns, fieldColumns);
    notetypes.set(notetypeName, notetype);
    const deckName = cell(headers.deckColumn) || defaultDeck;
    const deck = decks.get(deckName) ?? { id: decks.size + 1, name: deckName, filtered: false, description: '' };
    decks.set(deckName, deck);
    const noteFields = notetype.fields.map((_, index) => fields[index] ?? '');
    const id = row + 1;
    notes.push({
      id,
      guid: cell(headers.guidColumn) || createHash('sha1').update(`${notetypeName}\u001f${noteFields.join('\u001f')}`).digest('base64url').slice(0, 10),
      notetypeId: notetype.id,
      fields: noteFields,
      tags: [...headers.globalTags, ...cell(headers.tagsColumn).split(/\s+/).filter(Boolean)],
      modSecs: 0,
    });
    const ords = notetype.kind === 'cloze'
      ? [...new Set([...(noteFields[0] ?? '').matchAll(/\{\{c(\d+)::/g)].map((match) => Number(match[1]) - 1))].sort((a, b) => a - b)
      : notetype.templates.map((template) => template.ord);
    if (ords.length === 0) skipped.push(ankiSkip('row', String(row + 1), 'row-no-cloze'));
    for (const ord of ords) {
      cards.push({ id: id * 1000 + ord, noteId: id, deckId: deck.id, ord, type: 0, queue: 0, due: id, ivl: 0, factor: 0, reps: 0, lapses: 0 });
    }
  });
  return {
    source: 'text',
    version: null,
    schemaVersion: null,
    createdSecs: null,
    decks: [...decks.values()],
    notetypes: [...notetypes.values()],
    notes,
    cards,
    revlog: [],
    media: [],
    skipped,
    activeContent,
  };
}

/** Splits off and reads the header lines (`#key:value`, and a first line `tags:…`). */
export function readHeaders(text: string): { headers: TextHeaders; body: string } {
  const headers: TextHeaders = { delimiter: '', html: null, globalTags: [], columns: [], notetype: null, deck: null, notetypeColumn: 0, deckColumn: 0, tagsColumn: 0, guidColumn: 0 };
  const lines = text.split('\n');
  let index = 0;
  let pendingColumns: string | null = null;
  if (lines[0]?.startsWith('tags:')) {
    headers.globalTags = lines[0].slice(5).trim().split(/\s+/).filter(Boolean);
    index = 1;
  }
  for (; index < lines.length; index += 1) {
    const line = (lines[index] ?? '').replace(/\r$/, '');
    if (!line.startsWith('#')) break;
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(1, colon).trim().toLowerCase();
    const value = line.slice(colon + 1);
    const column = () => (/^\s*\d+\s*$/.test(value) ? Number(value) : 0);
    if (key === 'separator') {
      const normed = value.toLowerCase();
      const found = delimiters.find(([name, char]) => normed.trim() === name || normed === char);
      if (found) headers.delimiter = found[1];
    } else if (key === 'html') {
      if (/^(true|false)$/i.test(value.trim())) headers.html = value.trim().toLowerCase() === 'true';
    } else if (key === 'tags') headers.globalTags = value.trim().split(/\s+/).filter(Boolean);
    else if (key === 'columns') pendingColumns = value;
    else if (key === 'notetype') headers.notetype = value.trim() || null;
    else if (key === 'deck') headers.deck = value.trim() || null;
    else if (key === 'notetype column') headers.notetypeColumn = column();
    else if (key === 'deck column') headers.deckColumn = column();
    else if (key === 'tags column') headers.tagsColumn = column();
    else if (key === 'guid column') headers.guidColumn = column();
  }
  const body = lines.slice(index).join('\n');
  if (!headers.delimiter) {
    const sample = body.slice(0, 8192);
    headers.delimiter = delimiters.find(([, char]) => sample.includes(char))?.[1] ?? ' ';
  }
  if (pendingColumns !== null) {
    try {
      headers.columns = (parse(pendingColumns, { delimiter: headers.delimiter, relax_quotes: true }) as string[][])[0] ?? [];
    } catch {
      headers.columns = [];
    }
  }
  return { headers, body };
}

function makeNotetype(name: string, id: number, fields: readonly string[], labels: readonly string[], fieldColumns: readonly number[]): AnkiNotetype {
  const cloze = /cloze/i.test(name) || /\{\{c\d+::/.test(fields[0] ?? '');
  const count = Math.max(2, fields.length);
  const label = (index: number, fallback: string) => labels[(fieldColumns[index] ?? 0) - 1]?.trim() || fallback;
  if (cloze) {
    const names = Array.from({ length: count }, (_, index) => label(index, index === 0 ? 'Text' : index === 1 ? 'Back Extra' : `Field ${index + 1}`));
    return { id, name, kind: 'cloze', fields: names, templates: [{ name: 'Cloze', ord: 0, qfmt: `{{cloze:${names[0]}}}`, afmt: `{{cloze:${names[0]}}}<br>\n{{${names[1]}}}` }], css: '' };
  }
  const names = Array.from({ length: count }, (_, index) => label(index, index === 0 ? 'Front' : index === 1 ? 'Back' : `Field ${index + 1}`));
  const [front, back] = [names[0], names[1]];
  const templates = [{ name: 'Card 1', ord: 0, qfmt: `{{${front}}}`, afmt: `{{FrontSide}}\n\n<hr id=answer>\n\n{{${back}}}` }];
  if (/revers/i.test(name)) templates.push({ name: 'Card 2', ord: 1, qfmt: `{{${back}}}`, afmt: `{{FrontSide}}\n\n<hr id=answer>\n\n{{${front}}}` });
  return { id, name, kind: 'standard', fields: names, templates, css: '' };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
