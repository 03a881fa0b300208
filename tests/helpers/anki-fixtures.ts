/**
 * Builds Anki packages the way Anki lays them out, from Anki's published schema (rslib/src/storage/schema11.sql
 * and the schema 14/15/17/18 upgrades): legacy packages (`collection.anki2`/`collection.anki21`, col JSON for
 * note types and decks, a JSON media map) and current ones (`collection.anki21b`, schema 18 with notetypes/
 * fields/templates/decks tables holding protobuf configs, zstd everywhere, `meta` and a protobuf media list).
 * The SQLite is made here, independently of lib/anki's writer.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import yazl from 'yazl';
import { buildExportCollection, writeApkg, type ExportCard, type ExportReview } from '../../lib/anki';
import { encodeDeckKind, encodeMediaEntries, encodeNotetypeConfig, encodePackageMetadata, encodeTemplateConfig } from '../../lib/anki/protobuf';
import { schema11Sql } from '../../lib/anki/schema11';
import { encodeZstdStored } from '../../lib/anki/zstd';

export type FixtureFormat = 'legacy1' | 'legacy2' | 'latest';

interface FixtureNotetype { id: number; name: string; kind: 0 | 1; fields: string[]; templates: [string, string, string][] }
interface FixtureNote { id: number; guid: string; mid: number; tags: string; fields: string[] }
interface FixtureCard { id: number; nid: number; did: number; ord: number; type: number; queue: number; due: number; ivl: number; factor: number; reps: number; lapses: number; odid?: number; odue?: number }
type FixtureRevlog = [id: number, cid: number, ease: number, ivl: number, lastIvl: number, factor: number, time: number, type: number];

export interface FixtureData {
  crt: number;
  notetypes: FixtureNotetype[];
  decks: { id: number; name: string; dyn: boolean }[];
  notes: FixtureNote[];
  cards: FixtureCard[];
  revlog: FixtureRevlog[];
  media: { name: string; bytes: Buffer }[];
}

const T = 1_700_000_000_000;
/** A 1×1 PNG. */
export const pixelPng = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** A realistic small collection: Anki's four stock note types and a custom one, nested and filtered decks, HTML with script, TeX and an image, and a review log with every row type. */
export function sampleData(): FixtureData {
  return {
    crt: 1_690_000_000 - (1_690_000_000 % 86_400),
    notetypes: [
      { id: T + 1, name: 'Basic', kind: 0, fields: ['Front', 'Back'], templates: [['Card 1', '{{Front}}', '{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}']] },
      { id: T + 2, name: 'Basic (and reversed card)', kind: 0, fields: ['Front', 'Back'], templates: [['Card 1', '{{Front}}', '{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}'], ['Card 2', '{{Back}}', '{{FrontSide}}\n\n<hr id=answer>\n\n{{Front}}']] },
      { id: T + 3, name: 'Basic (optional reversed card)', kind: 0, fields: ['Front', 'Back', 'Add Reverse'], templates: [['Card 1', '{{Front}}', '{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}'], ['Card 2', '{{#Add Reverse}}{{Back}}{{/Add Reverse}}', '{{FrontSide}}\n\n<hr id=answer>\n\n{{Front}}']] },
      { id: T + 4, name: 'Cloze', kind: 1, fields: ['Text', 'Back Extra'], templates: [['Cloze', '{{cloze:Text}}', '{{cloze:Text}}<br>\n{{Back Extra}}']] },
      { id: T + 5, name: 'Vocab', kind: 0, fields: ['Word', 'Meaning', 'Example'], templates: [['Recognise', '<div class=w>{{Word}}</div>', '{{FrontSide}}<hr id=answer>{{Meaning}}<br>{{Example}}']] },
    ],
    decks: [
      { id: 1, name: 'Default', dyn: false },
      { id: T + 10, name: 'Maths', dyn: false },
      { id: T + 11, name: 'Maths::Linear algebra', dyn: false },
      { id: T + 12, name: 'Cram', dyn: true },
    ],
    notes: [
      { id: T + 100, guid: 'gBasic001', mid: T + 1, tags: ' maths eigen ', fields: ['What is an eigenvector of \\(A\\)?<script>alert(1)</script>', 'A vector \\(v \\neq 0\\) with \\[Av = \\lambda v\\]<img src="eigen.png" onerror="alert(2)">'] },
      { id: T + 101, guid: 'gRev00001', mid: T + 2, tags: ' maths ', fields: ['trace', 'sum of the diagonal'] },
      { id: T + 102, guid: 'gOpt00001', mid: T + 3, tags: '', fields: ['rank', 'dimension of the column space', ''] },
      { id: T + 103, guid: 'gCloze001', mid: T + 4, tags: ' cloze ', fields: ['The {{c1::determinant}} of \\(A\\) is the product of its {{c2::eigenvalues::values}}.', '<a href="javascript:alert(3)">more</a>'] },
      { id: T + 104, guid: 'gVocab001', mid: T + 5, tags: ' vocab ', fields: ['orthogonal', 'at right angles', '<i>u·v = 0</i>'] },
    ],
    cards: [
      { id: T + 200, nid: T + 100, did: T + 11, ord: 0, type: 2, queue: 2, due: 120, ivl: 12, factor: 2500, reps: 4, lapses: 1 },
      { id: T + 201, nid: T + 101, did: T + 10, ord: 0, type: 0, queue: 0, due: 1, ivl: 0, factor: 0, reps: 0, lapses: 0 },
      { id: T + 202, nid: T + 101, did: T + 10, ord: 1, type: 0, queue: 0, due: 2, ivl: 0, factor: 0, reps: 0, lapses: 0 },
      { id: T + 203, nid: T + 102, did: T + 10, ord: 0, type: 0, queue: 0, due: 3, ivl: 0, factor: 0, reps: 0, lapses: 0 },
      { id: T + 204, nid: T + 103, did: T + 11, ord: 0, type: 2, queue: 2, due: 130, ivl: 3, factor: 2300, reps: 3, lapses: 0 },
      { id: T + 205, nid: T + 103, did: T + 12, ord: 1, type: 1, queue: 1, due: 1_700_100_000, ivl: 0, factor: 2500, reps: 1, lapses: 0, odid: T + 11, odue: 0 },
      { id: T + 206, nid: T + 104, did: 1, ord: 0, type: 0, queue: 0, due: 4, ivl: 0, factor: 0, reps: 0, lapses: 0 },
    ],
    revlog: [
      [T + 1000, T + 200, 1, -60, 0, 0, 8000, 0],
      [T + 2000, T + 200, 3, 1, -60, 2500, 5000, 0],
      [T + 3000, T + 200, 3, 3, 1, 2500, 4000, 1],
      [T + 4000, T + 200, 1, -600, 3, 2300, 9000, 1],
      [T + 5000, T + 200, 3, 12, -600, 2300, 3000, 2],
      [T + 5500, T + 200, 3, 0, 0, 0, 2000, 3],
      [T + 1100, T + 204, 3, 1, 0, 2500, 6000, 0],
      [T + 6000, T + 204, 0, 0, 0, 0, 0, 4],
      [T + 7000, T + 204, 4, 3, 0, 2300, 7000, 1],
      [T + 7100, T + 205, 2, -600, 0, 2500, 61000, 0],
      [T + 7200, T + 999, 3, 1, 0, 2500, 1000, 1],
    ],
    media: [{ name: 'eigen.png', bytes: pixelPng }],
  };
}

const schema18Extra = `
create table deck_config (id integer primary key not null, name text not null collate nocase, mtime_secs integer not null, usn integer not null, config blob not null);
create table config (key text not null primary key, usn integer not null, mtime_secs integer not null, val blob not null) without rowid;
create table fields (ntid integer not null, ord integer not null, name text not null collate nocase, config blob not null, primary key (ntid, ord)) without rowid;
create unique index idx_fields_name_ntid on fields (name, ntid);
create table templates (ntid integer not null, ord integer not null, name text not null collate nocase, mtime_secs integer not null, usn integer not null, config blob not null, primary key (ntid, ord)) without rowid;
create unique index idx_templates_name_ntid on templates (name, ntid);
create index idx_templates_usn on templates (usn);
create table notetypes (id integer not null primary key, name text not null collate nocase, mtime_secs integer not null, usn integer not null, config blob not null);
create unique index idx_notetypes_name on notetypes (name);
create index idx_notetypes_usn on notetypes (usn);
create table decks (name text not null primary key collate nocase, id integer not null, mtime_secs integer not null, usn integer not null, common blob not null, kind blob not null);
create unique index idx_decks_id on decks (id);
create table tags (id integer primary key not null, name text not null collate nocase, usn integer not null, config blob not null);
drop table graves;
create table graves (oid integer not null, type integer not null, usn integer not null, primary key (oid, type)) without rowid;
create index idx_graves_pending on graves (usn);
`;

/** The SQLite bytes of a collection holding `data`, schema 11 (JSON in col) or 18 (tables, protobuf configs). */
export function buildCollection(data: FixtureData, schema: 11 | 18): Buffer {
  const dir = mkdtempSync(path.join(tmpdir(), 'anki-fixture-'));
  const file = path.join(dir, 'c.db');
  try {
    const db = new Database(file);
    db.pragma('journal_mode = delete');
    db.pragma('synchronous = off'); // a fixture: no need to wait for the disk on every insert
    db.exec(schema11Sql());
    const models = Object.fromEntries(data.notetypes.map((nt) => [String(nt.id), {
      id: nt.id, name: nt.name, type: nt.kind, mod: 0, usn: 0, sortf: 0, did: null,
      tmpls: nt.templates.map(([name, qfmt, afmt], ord) => ({ name, ord, qfmt, afmt, bqfmt: '', bafmt: '', did: null, bfont: '', bsize: 0 })),
      flds: nt.fields.map((name, ord) => ({ name, ord, sticky: false, rtl: false, font: 'Arial', size: 20 })),
      css: '.card { font-family: arial; }', latexPre: '', latexPost: '', latexsvg: false, req: [[0, 'any', [0]]],
    }]));
    const decks = Object.fromEntries(data.decks.map((deck) => [String(deck.id), {
      id: deck.id, mod: 0, name: deck.name, usn: 0, lrnToday: [0, 0], revToday: [0, 0], newToday: [0, 0], timeToday: [0, 0],
      collapsed: false, browserCollapsed: false, desc: deck.dyn ? '' : `About ${deck.name}`, dyn: deck.dyn ? 1 : 0,
      ...(deck.dyn ? { resched: true, terms: [['deck:Maths', 100, 0]], separate: true, delays: null, previewDelay: 10 } : { conf: 1, extendNew: 0, extendRev: 0 }),
    }]));
    db.prepare('insert into col values (1, ?, ?, ?, ?, 0, 0, 0, ?, ?, ?, ?, ?)').run(
      data.crt, T, T, schema, JSON.stringify({ schedVer: 2, curDeck: 1 }),
      schema === 11 ? JSON.stringify(models) : '{}', schema === 11 ? JSON.stringify(decks) : '{}', schema === 11 ? '{"1":{"id":1,"name":"Default"}}' : '{}', '{}',
    );
    if (schema === 18) {
      db.exec(schema18Extra);
      for (const nt of data.notetypes) {
        db.prepare('insert into notetypes values (?, ?, 0, 0, ?)').run(nt.id, nt.name, Buffer.from(encodeNotetypeConfig({ kind: nt.kind, css: '.card { font-family: arial; }' })));
        nt.fields.forEach((name, ord) => db.prepare('insert into fields values (?, ?, ?, ?)').run(nt.id, ord, name, Buffer.alloc(0)));
        nt.templates.forEach(([name, qFormat, aFormat], ord) => db.prepare('insert into templates values (?, ?, ?, 0, 0, ?)').run(nt.id, ord, name, Buffer.from(encodeTemplateConfig({ qFormat, aFormat }))));
      }
      for (const deck of data.decks) {
        db.prepare('insert into decks values (?, ?, 0, 0, ?, ?)').run(deck.name.split('::').join('\x1f'), deck.id, Buffer.alloc(0), Buffer.from(encodeDeckKind({ filtered: deck.dyn, description: deck.dyn ? '' : `About ${deck.name}` })));
      }
      db.prepare('insert into deck_config values (1, ?, 0, 0, ?)').run('Default', Buffer.alloc(0));
    }
    const note = db.prepare('insert into notes values (?, ?, ?, 0, 0, ?, ?, ?, 0, 0, \'\')');
    for (const n of data.notes) note.run(n.id, n.guid, n.mid, n.tags, n.fields.join('\x1f'), n.fields[0] ?? '');
    const card = db.prepare('insert into cards values (?, ?, ?, ?, 0, 0, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, 0, \'\')');
    for (const c of data.cards) card.run(c.id, c.nid, c.did, c.ord, c.type, c.queue, c.due, c.ivl, c.factor, c.reps, c.lapses, c.odue ?? 0, c.odid ?? 0);
    const rev = db.prepare('insert into revlog values (?, ?, 0, ?, ?, ?, ?, ?, ?)');
    for (const r of data.revlog) rev.run(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]);
    if (schema === 18) {
      // Anki declares these columns `collate unicase`, a collation only Anki registers: the tables were made
      // with nocase (to insert rows here) and their declarations now say unicase, as in a real collection.
      db.unsafeMode(true);
      db.pragma('writable_schema = 1');
      db.prepare("update sqlite_master set sql = replace(sql, 'collate nocase', 'collate unicase') where sql like '%collate nocase%'").run();
      db.pragma('writable_schema = 0');
    }
    db.close();
    return readFileSync(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface PackageParts { entries: [string, Buffer][] }

/** The zip entries of a package of `data` in `format`; `zstd` compresses current-format entries. */
export function packageEntries(data: FixtureData, format: FixtureFormat, zstd: (bytes: Buffer) => Buffer = encodeZstdStored): [string, Buffer][] {
  if (format === 'latest') {
    const collection = zstd(buildCollection(data, 18));
    const mediaList = Buffer.from(encodeMediaEntries(data.media.map((file) => ({ name: file.name, size: file.bytes.length, sha1: new Uint8Array(20) }))));
    return [
      ['collection.anki2', buildCollection({ ...data, notes: [], cards: [], revlog: [] }, 11)],
      ['collection.anki21b', collection],
      ['media', zstd(mediaList)],
      ['meta', Buffer.from(encodePackageMetadata(3))],
      ...data.media.map((file, index): [string, Buffer] => [String(index), zstd(file.bytes)]),
    ];
  }
  return [
    [format === 'legacy2' ? 'collection.anki21' : 'collection.anki2', buildCollection(data, 11)],
    ['media', Buffer.from(JSON.stringify(Object.fromEntries(data.media.map((file, index) => [String(index), file.name]))))],
    ...data.media.map((file, index): [string, Buffer] => [String(index), file.bytes]),
  ];
}

/** Zips entries (deflated, fixed times) into a package. */
export function zipEntries(entries: readonly (readonly [string, Buffer])[]): Promise<Buffer> {
  const archive = new yazl.ZipFile();
  for (const [name, bytes] of entries) archive.addBuffer(bytes, name, { mtime: new Date(0) });
  archive.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    archive.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    archive.outputStream.on('error', reject);
    archive.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

export async function buildPackage(data: FixtureData, format: FixtureFormat, zstd?: (bytes: Buffer) => Buffer): Promise<Buffer> {
  return zipEntries(packageEntries(data, format, zstd));
}

/**
 * A large deck as this app's export writes it (bench:anki and the import tests): `notes` notes, every fourth a cloze
 * note of two deletions, TeX and Markdown in every field, and `reviews` review-log rows spread over a year.
 */
export async function largePackage(notes: number, reviews: number, nowMs = Date.UTC(2026, 11, 1)): Promise<{ bytes: Buffer; cards: number; revlog: number }> {
  const dayMs = 86_400_000;
  let state = 13;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const cards: ExportCard[] = [];
  for (let i = 0; i < notes; i += 1) {
    if (i % 4 === 3) {
      const text = `Note ${i}: the {{c1::gradient}} of $f(x) = x^${i % 9}$ is {{c2::$${i % 9}x^${(i % 9) - 1}$}} — **${i}**`;
      cards.push({ id: `bench/${i}-1`, kind: 'cloze', noteId: `bench/${i}`, index: 1, text, extra: 'Power rule.' });
      cards.push({ id: `bench/${i}-2`, kind: 'cloze', noteId: `bench/${i}`, index: 2, text, extra: 'Power rule.' });
    } else {
      cards.push({ id: `bench/${i}`, kind: 'basic', front: `Question ${i}: what is **$\\lambda_{${i}}$**?`, back: `Answer ${i}, with $$\\sum_{k=1}^{${i % 50}} k$$`, tags: ['bench', `group${i % 10}`] });
    }
  }
  const log: ExportReview[] = [];
  const perCard = Math.ceil(reviews / cards.length);
  for (const card of cards) {
    let at = nowMs - 400 * dayMs + Math.floor(random() * 30 * dayMs);
    for (let k = 0; k < perCard && log.length < reviews; k += 1) {
      const rating = (random() < 0.15 ? 1 : random() < 0.1 ? 2 : random() < 0.9 ? 3 : 4) as 1 | 2 | 3 | 4;
      log.push({ cardId: card.id, reviewedAtMs: at, rating, durationMs: 2000 + Math.floor(random() * 20_000), kind: k === 0 ? 'learn' : 'review', intervalDays: k + 1 });
      at += Math.floor((1 + k * random() * 3) * dayMs);
    }
  }
  const collection = buildExportCollection({ deckName: 'Bench', cards, reviews: log, nowMs });
  return { bytes: await writeApkg(collection, { nowMs }), cards: collection.cards.length, revlog: collection.revlog.length };
}
