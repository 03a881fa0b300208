import { describe, expect, it } from 'vitest';
import { AnkiError, readAnkiText } from './index';

describe('readAnkiText (Anki\'s "Notes in Plain Text" export)', () => {
  it('reads the headers Anki writes: separator, html, tags column, notetype and deck columns', () => {
    const file = [
      '#separator:tab',
      '#html:true',
      '#notetype column:1',
      '#deck column:2',
      '#tags column:5',
      'Basic\tMaths::Algebra\tWhat is \\(x\\)?<script>bad()</script>\t<b>unknown</b>\talgebra easy',
      'Cloze\tMaths::Algebra\tThe {{c1::root}} of {{c2::unity}}\t\tcloze',
      'Basic (and reversed card)\tWords\tfront\tback\t',
    ].join('\n');
    const collection = readAnkiText(Buffer.from(file), { filename: 'export.txt' });
    expect(collection.source).toBe('text');
    expect(collection.decks.map((deck) => deck.name)).toEqual(['Maths::Algebra', 'Words']);
    expect(collection.notetypes.map((nt) => [nt.name, nt.kind, nt.templates.length])).toEqual([['Basic', 'standard', 1], ['Cloze', 'cloze', 1], ['Basic (and reversed card)', 'standard', 2]]);
    expect(collection.notes.map((note) => [note.fields, note.tags])).toEqual([
      [['What is \\(x\\)?', '<b>unknown</b>'], ['algebra', 'easy']],
      [['The {{c1::root}} of {{c2::unity}}', ''], ['cloze']],
      [['front', 'back'], []],
    ]);
    expect(collection.cards.map((card) => [card.noteId, card.ord])).toEqual([[1, 0], [2, 0], [2, 1], [3, 0], [3, 1]]);
    expect(new Set(collection.notes.map((note) => note.guid)).size).toBe(3);
  });

  it('treats # as a comment only at the start of a line, as Anki\'s csv reader does', () => {
    expect(readAnkiText('#separator:tab\nC# and F#\tlanguages\n# a comment line\nx\ty').notes.map((note) => note.fields)).toEqual([['C# and F#', 'languages'], ['x', 'y']]);
  });

  it('escapes plain text (#html:false) and turns its line breaks into <br>', () => {
    const collection = readAnkiText('#separator:Comma\n#html:false\n#tags:imported\n"a <b> & ""c""\nline 2",back\n');
    expect(collection.notes[0]!.fields).toEqual(['a &lt;b&gt; &amp; "c"<br />line 2', 'back']);
    expect(collection.notes[0]!.tags).toEqual(['imported']);
  });

  it('guesses the separator as Anki does (tab, |, ;, :, comma, space) and detects HTML', () => {
    expect(readAnkiText('a;b\nc;d').notes.map((note) => note.fields)).toEqual([['a', 'b'], ['c', 'd']]);
    expect(readAnkiText('a|b;c').notes[0]!.fields).toEqual(['a', 'b;c']);
    expect(readAnkiText('<i>a</i>,b').notes[0]!.fields).toEqual(['<i>a</i>', 'b']);
    expect(readAnkiText('#separator:|\n#columns:Question|Answer\nq|a').notetypes[0]!.fields).toEqual(['Question', 'Answer']);
  });

  it('takes the deck from #deck:, then from the file name, and global tags from a first tags: line', () => {
    expect(readAnkiText('tags:one two\n#deck:Physics\nq\ta').decks[0]!.name).toBe('Physics');
    expect(readAnkiText('tags:one two\nq\ta').notes[0]!.tags).toEqual(['one', 'two']);
    expect(readAnkiText('q\ta', { filename: 'Chemistry.txt' }).decks[0]!.name).toBe('Chemistry');
  });

  it('refuses binary, oversized and over-wide files with a code', () => {
    const code = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error instanceof AnkiError ? error.code : 'other';
      }
      return 'none';
    };
    expect(code(() => readAnkiText(new Uint8Array([0xff, 0xfe, 0x00, 0x41])))).toBe('text-not-utf8');
    expect(code(() => readAnkiText('a\u0000b'))).toBe('text-nul');
    expect(code(() => readAnkiText('a\tb', { limits: { maxTextBytes: 2 } }))).toBe('text-too-large');
    expect(code(() => readAnkiText(Array.from({ length: 100 }, () => 'x').join('\t')))).toBe('text-too-many-columns');
    expect(code(() => readAnkiText('a\nb\nc', { limits: { maxNotes: 2 } }))).toBe('text-too-many-rows');
  });
});
