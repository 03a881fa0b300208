import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { buildPackage, packageEntries, pixelPng, sampleData, zipEntries } from '../../tests/helpers/anki-fixtures';
import { AnkiError, readAnkiPackage, refusalMessage, type AnkiCollection, type AnkiErrorCode } from './index';
import { schema11Tables } from './schema11';
import { encodeMediaEntries, encodePackageMetadata } from './protobuf';
import { decompressZstd, encodeZstdStored } from './zstd';

const T = 1_700_000_000_000;

/** The read is refused with `code`, and its message is that code's template filled from every one of its arguments. */
async function expectCode(promise: Promise<unknown>, code: AnkiErrorCode) {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(AnkiError);
  expect((error as AnkiError).code).toBe(code);
  expect((error as AnkiError).message).toBe(refusalMessage(code, (error as AnkiError).args));
  expect((error as AnkiError).message).not.toMatch(/\{[A-Za-z][A-Za-z0-9]*\}/);
}

function checkSample(collection: AnkiCollection) {
  expect(collection.decks.map((deck) => [deck.name, deck.filtered])).toEqual([
    ['Default', false], ['Maths', false], ['Maths::Linear algebra', false], ['Cram', true],
  ]);
  expect(collection.notetypes.map((nt) => [nt.name, nt.kind, nt.fields.length, nt.templates.length])).toEqual([
    ['Basic', 'standard', 2, 1], ['Basic (and reversed card)', 'standard', 2, 2], ['Basic (optional reversed card)', 'standard', 3, 2], ['Cloze', 'cloze', 2, 1], ['Vocab', 'standard', 3, 1],
  ]);
  expect(collection.notetypes[1]?.templates[1]).toMatchObject({ qfmt: '{{Back}}' });
  const basic = collection.notes[0]!;
  expect(basic.guid).toBe('gBasic001');
  expect(basic.tags).toEqual(['maths', 'eigen']);
  expect(basic.fields[0]).toBe('What is an eigenvector of \\(A\\)?');
  expect(basic.fields[1]).toBe('A vector \\(v \\neq 0\\) with \\[Av = \\lambda v\\]<img src="eigen.png" />');
  expect(collection.notes[3]!.fields[1]).toBe('<a>more</a>');
  expect(collection.cards).toHaveLength(7);
  // a card borrowed by the filtered deck "Cram" belongs to its home deck
  expect(collection.cards.find((card) => card.id === T + 205)).toMatchObject({ deckId: T + 11, type: 1, ord: 1 });
  expect(collection.cards.find((card) => card.id === T + 200)).toMatchObject({ type: 2, queue: 2, due: 120, ivl: 12, factor: 2500, reps: 4, lapses: 1 });
  expect(collection.revlog).toHaveLength(10);
  expect(collection.revlog.find((row) => row.id === T + 7100)).toEqual({ id: T + 7100, cardId: T + 205, ease: 2, ivl: -600, lastIvl: 0, factor: 2500, timeMs: 61000, type: 0 });
  expect(collection.skipped).toEqual([{ what: 'revlog', id: '1 rows', code: 'revlog-invalid', args: { rows: 1 }, reason: expect.stringContaining('not imported') }]);
  expect(collection.media).toHaveLength(1);
  expect(collection.media[0]!.name).toBe('eigen.png');
  expect(Buffer.from(collection.media[0]!.bytes).equals(pixelPng)).toBe(true);
}

describe('readAnkiPackage', () => {
  it.each(['legacy1', 'legacy2', 'latest'] as const)('reads a %s package built from Anki\'s schema', async (format) => {
    const collection = await readAnkiPackage(await buildPackage(sampleData(), format));
    expect(collection.version).toBe(format);
    expect(collection.schemaVersion).toBe(format === 'latest' ? 18 : 11);
    checkSample(collection);
  });

  it.each(['legacy2', 'latest'] as const)('regression: reads every media file of a %s package from its own entry (a missing optional legacy_zip_filename is not entry 0)', async (format) => {
    const data = sampleData();
    data.media.push({ name: 'second.gif', bytes: Buffer.from('GIF89a second file') }, { name: 'third.mp3', bytes: Buffer.from('ID3 third file') });
    const collection = await readAnkiPackage(await buildPackage(data, format));
    expect(collection.media.map((file) => [file.name, Buffer.from(file.bytes).toString('latin1')])).toEqual(data.media.map((file) => [file.name, file.bytes.toString('latin1')]));
  });

  it('reads the committed current-format fixture compressed by the zstd tool', async () => {
    const bytes = readFileSync(path.join(import.meta.dirname, '../../tests/fixtures/anki/current-zstd.apkg'));
    const collection = await readAnkiPackage(bytes, { filename: 'deck.colpkg' });
    expect(collection.source).toBe('colpkg');
    expect(collection.version).toBe('latest');
    checkSample(collection);
  });

  it('decodes frames made by the zstd tool and the tool decodes our stored frames', () => {
    const data = Buffer.from('Anki '.repeat(100_000));
    let tool: Buffer;
    try {
      tool = execFileSync('zstd', ['-q', '-c', '-3'], { input: data });
    } catch {
      return expect(decompressZstd(encodeZstdStored(data), 'x', 1e7, 1e7).equals(data)).toBe(true);
    }
    expect(decompressZstd(tool, 'x', 1e7, 1e7).equals(data)).toBe(true);
    expect(execFileSync('zstd', ['-q', '-d', '-c'], { input: encodeZstdStored(data) }).equals(data)).toBe(true);
  });

  it('refuses what is not a package, with a code and a message', async () => {
    await expectCode(readAnkiPackage(Buffer.from('just some text, not a zip archive at all')), 'not-zip');
    const zip = await buildPackage(sampleData(), 'legacy1');
    await expectCode(readAnkiPackage(zip.subarray(0, Math.floor(zip.length / 2))), 'zip-damaged');
    await expectCode(readAnkiPackage(await zipEntries([['notes.txt', Buffer.from('hello')]])), 'collection-missing-legacy');
    await expectCode(readAnkiPackage(await zipEntries([['collection.anki2', Buffer.from('SQLite format 3\u0000 but not really a database file')]])), 'collection-not-sqlite');
  });

  it('refuses an unknown package version', async () => {
    const entries = packageEntries(sampleData(), 'latest').map(([name, bytes]): [string, Buffer] => [name, name === 'meta' ? Buffer.from(encodePackageMetadata(0)) : bytes]);
    await expectCode(readAnkiPackage(await zipEntries(entries)), 'unknown-version');
    const future = packageEntries(sampleData(), 'latest').map(([name, bytes]): [string, Buffer] => [name, name === 'meta' ? Buffer.from([0x08, 0x07]) : bytes]);
    await expectCode(readAnkiPackage(await zipEntries(future)), 'unknown-version');
  });

  it('refuses SQLite files that are not Anki collections', async () => {
    const db = new Database(':memory:');
    db.exec('create table notes (id integer primary key, body text); insert into notes values (1, \'x\')');
    const bytes = db.serialize();
    db.close();
    await expectCode(readAnkiPackage(await zipEntries([['collection.anki2', Buffer.from(bytes)], ['media', Buffer.from('{}')]])), 'collection-table-missing');
  });

  it('refuses path traversal and absolute paths in media names', async () => {
    const legacy = packageEntries(sampleData(), 'legacy1');
    const latest = packageEntries(sampleData(), 'latest');
    const withList = (entries: [string, Buffer][], list: Buffer) => entries.map(([entry, bytes]): [string, Buffer] => [entry, entry === 'media' ? list : bytes]);
    const names: [string, AnkiErrorCode][] = [
      ['../../etc/passwd', 'media-name-path'], ['/etc/passwd', 'media-name-path'], ['a\\b.png', 'media-name-path'], ['..', 'media-name-path'],
      ['C:evil.png', 'media-name-drive'], ['x\u0000.png', 'media-name-control'], ['', 'media-name-empty'], ['é'.repeat(128), 'media-name-too-long'],
    ];
    for (const [name, code] of names) {
      await expectCode(readAnkiPackage(await zipEntries(withList(legacy, Buffer.from(JSON.stringify({ 0: name }))))), code);
      const list = encodeZstdStored(encodeMediaEntries([{ name, size: pixelPng.length, sha1: new Uint8Array(20) }]));
      await expectCode(readAnkiPackage(await zipEntries(withList(latest, list))), code);
    }
  });

  it('refuses zip entries whose names climb out of the archive', async () => {
    const zip = await zipEntries([['collection.anki2', Buffer.from('x')], ['media', Buffer.from('{}')], ['zz/0', pixelPng]]);
    // the same name length, so the headers stay consistent: "zz/0" becomes "../0" in both the local and central header
    const evil = Buffer.from(zip.toString('latin1').replaceAll('zz/0', '../0'), 'latin1');
    await expectCode(readAnkiPackage(evil), 'zip-unsafe-entry-name');
  });

  it('stops zip bombs while inflating, whatever the headers say', async () => {
    const bomb = await zipEntries([['collection.anki2', Buffer.alloc(8 * 1024 * 1024)], ['media', Buffer.from('{}')]]);
    expect(bomb.length).toBeLessThan(64 * 1024);
    await expectCode(readAnkiPackage(bomb, { limits: { maxEntryBytes: 1024 * 1024 } }), 'zip-entry-too-large');
    await expectCode(readAnkiPackage(bomb, { limits: { maxTotalBytes: 1024 * 1024 } }), 'zip-total-bomb');
    const many = await zipEntries(Array.from({ length: 50 }, (_, index): [string, Buffer] => [String(index), Buffer.from('x')]));
    await expectCode(readAnkiPackage(many, { limits: { maxEntries: 20 } }), 'zip-too-many-entries');
  });

  it('stops zstd bombs and oversized windows', async () => {
    const big = Buffer.alloc(4 * 1024 * 1024);
    const withMedia = (frame: Buffer) => packageEntries(sampleData(), 'latest').map(([name, bytes]): [string, Buffer] => [name, name === '0' ? frame : bytes]);
    const limits = { maxEntryBytes: 1024 * 1024 };
    // Stored: the zip entry itself is over the cap. Compressed by the zstd tool (a few hundred bytes): the content
    // size its header declares is over the cap, or, without one, the output while decoding.
    await expectCode(readAnkiPackage(await zipEntries(withMedia(encodeZstdStored(big))), { limits }), 'zip-entry-too-large');
    const compressed = (flag: string) => execFileSync('zstd', ['-q', '-c', flag], { input: big });
    await expectCode(readAnkiPackage(await zipEntries(withMedia(compressed(`--stream-size=${big.length}`))), { limits }), 'zstd-declared-too-large');
    await expectCode(readAnkiPackage(await zipEntries(withMedia(compressed('--no-content-size'))), { limits }), 'zstd-too-large');
    const window = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0xf8, 0x01, 0x00, 0x00]); // asks for a 2 GiB window
    const windowed = packageEntries(sampleData(), 'latest').map(([name, bytes]): [string, Buffer] => [name, name === '0' ? window : bytes]);
    await expectCode(readAnkiPackage(await zipEntries(windowed)), 'zstd-window-too-large');
  });

  it('refuses note types with huge field counts', async () => {
    const data = sampleData();
    data.notetypes[0]!.fields = Array.from({ length: 200 }, (_, index) => `F${index}`);
    await expectCode(readAnkiPackage(await buildPackage(data, 'legacy1')), 'notetype-too-many-fields');
    await expectCode(readAnkiPackage(await buildPackage(data, 'latest')), 'notetype-fields-over-limit');
  });

  it('refuses collection schemas Anki does not write', async () => {
    const db = new Database(':memory:');
    for (const [table, columns] of Object.entries(schema11Tables)) db.exec(`create table ${table} (${columns.map(([c, t]) => `${c} ${t}`).join(', ')})`);
    db.exec("insert into col values (1, 0, 0, 0, 99, 0, 0, 0, '{}', '{}', '{}', '{}', '{}')");
    const bytes = Buffer.from(db.serialize());
    db.close();
    await expectCode(readAnkiPackage(await zipEntries([['collection.anki2', bytes], ['media', Buffer.from('{}')]])), 'unsupported-schema');
  });
});
