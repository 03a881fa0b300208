/**
 * Fuzz: mutated Anki packages (bit flips and truncations of the zip, of the collection's SQLite pages, of the
 * zstd streams, of `meta` and the media list; entries dropped or swapped) and mutated text exports give either
 * a valid model or an AnkiError with a code — never another exception, and never a hang.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANKI_REFUSALS_EN, AnkiError, readAnkiPackage, readAnkiText, refusalMessage, type AnkiCollection } from '../lib/anki';
import { packageEntries, sampleData, zipEntries } from './helpers/anki-fixtures';

const RUNS = Number(process.env.ANKI_FUZZ_RUNS ?? 40);
const SLOW_MS = 5000;
const limits = { maxEntryBytes: 4 * 1024 * 1024, maxTotalBytes: 8 * 1024 * 1024, maxZstdWindowBytes: 4 * 1024 * 1024 };

type Entries = [string, Buffer][];
const bases: Record<'legacy1' | 'latest', { entries: Entries; zip: Buffer }> = {} as never;

beforeAll(async () => {
  for (const format of ['legacy1', 'latest'] as const) {
    const entries = packageEntries(sampleData(), format);
    bases[format] = { entries, zip: await zipEntries(entries) };
  }
});

async function outcome(bytes: Uint8Array): Promise<'ok' | string> {
  const started = performance.now();
  try {
    const collection: AnkiCollection = await readAnkiPackage(bytes, { limits });
    checkModel(collection);
    return 'ok';
  } catch (error) {
    if (!(error instanceof AnkiError)) throw error;
    expectRefusal(error);
    if (process.env.ANKI_FUZZ_LOG) console.log(error.code, error.message.slice(0, 100));
    return error.code;
  } finally {
    expect(performance.now() - started).toBeLessThan(SLOW_MS);
  }
}

/** A refusal with a known code, whose message is that code's template with every placeholder filled. */
function expectRefusal(error: AnkiError) {
  expect(Object.keys(ANKI_REFUSALS_EN)).toContain(error.code);
  expect(error.message).toBe(refusalMessage(error.code, error.args));
  expect(error.message).not.toMatch(/\{[A-Za-z][A-Za-z0-9]*\}/);
  expect(error.message.length).toBeGreaterThan(10);
}

function checkModel(collection: AnkiCollection) {
  const notes = new Set(collection.notes.map((note) => note.id));
  const cards = new Set(collection.cards.map((card) => card.id));
  for (const card of collection.cards) expect(notes.has(card.noteId)).toBe(true);
  for (const row of collection.revlog) expect(cards.has(row.cardId)).toBe(true);
  for (const note of collection.notes) for (const field of note.fields) expect(field).not.toMatch(/<script|<[^>]*\son[a-z]+\s*=|<[^>]*javascript:/i);
  for (const file of collection.media) expect(file.name).not.toMatch(/[/\\]|^\.\.?$/);
}

const position = fc.integer({ min: 0, max: 2 ** 30 });
const flips = fc.array(fc.tuple(position, fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 12 });

function flip(bytes: Buffer, where: [number, number][]): Buffer {
  const out = Buffer.from(bytes);
  for (const [at, bit] of where) {
    const index = at % Math.max(1, out.length);
    out[index] = (out[index] ?? 0) ^ (1 << bit);
  }
  return out;
}

describe('Anki package fuzz', () => {
  it.each(['legacy1', 'latest'] as const)('bit flips and truncations of a whole %s package', async (format) => {
    await fc.assert(
      fc.asyncProperty(flips, fc.option(position, { nil: undefined }), async (where, cut) => {
        let bytes = flip(bases[format].zip, where);
        if (cut !== undefined) bytes = bytes.subarray(0, cut % bytes.length);
        await outcome(bytes);
      }),
      { numRuns: RUNS },
    );
  });

  it.each(['legacy1', 'latest'] as const)('mutated entries of a %s package (collection pages, zstd, meta, media list)', async (format) => {
    const names = bases[format].entries.map(([name]) => name);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...names),
        fc.constantFrom('flip', 'truncate', 'drop', 'swap', 'garbage'),
        flips,
        position,
        fc.uint8Array({ minLength: 0, maxLength: 64 }),
        async (target, mutation, where, cut, garbage) => {
          const entries: Entries = [];
          for (const [name, bytes] of bases[format].entries) {
            if (name !== target) entries.push([name, bytes]);
            else if (mutation === 'flip') entries.push([name, flip(bytes, where)]);
            else if (mutation === 'truncate') entries.push([name, bytes.subarray(0, cut % Math.max(1, bytes.length))]);
            else if (mutation === 'garbage') entries.push([name, Buffer.from(garbage)]);
            else if (mutation === 'swap') entries.push([name, bases[format].entries[0]![1]]);
          }
          await outcome(await zipEntries(entries));
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it('the unmutated packages read, so the properties above do test reading', async () => {
    expect(await outcome(bases.legacy1.zip)).toBe('ok');
    expect(await outcome(bases.latest.zip)).toBe('ok');
  });
});

describe('Anki text fuzz', () => {
  it('arbitrary text exports give a model or an AnkiError', () => {
    const pieces = fc.constantFrom('#separator:tab\n', '#html:true\n', '#html:false\n', '#tags column:3\n', '#deck column:9\n', '#notetype column:0\n', '#columns:a\tb\n', 'tags:x y\n', '\t', ',', ';', '|', '"', '""', '\n', '\r\n', '{{c1::', '}}', '<script>', '<img src=x onerror=y>', 'text', '\u0000', '#', 'é中');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }), (parts) => {
        try {
          const collection = readAnkiText(parts.join(''));
          checkModel(collection);
        } catch (error) {
          if (!(error instanceof AnkiError)) throw error;
          expectRefusal(error);
        }
      }),
      { numRuns: RUNS * 10 },
    );
  });
});
