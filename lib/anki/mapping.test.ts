import { describe, expect, it } from 'vitest';
import { buildPackage, sampleData } from '../../tests/helpers/anki-fixtures';
import { ankiHtmlToStudyText, mapNote, readAnkiPackage, sanitizeFieldHtml, studyTextToAnkiHtml, templateSides } from './index';

describe('mapNote', () => {
  it('maps the stock note types and a custom one to basic and cloze cards', async () => {
    const collection = await readAnkiPackage(await buildPackage(sampleData(), 'legacy1'));
    const media = new Set(collection.media.map((file) => file.name));
    const mapped = collection.notes.map((note) =>
      mapNote(note, collection.notetypes.find((nt) => nt.id === note.notetypeId)!, collection.cards.filter((card) => card.noteId === note.id), media),
    );
    const [basic, reversed, optional, cloze, vocab] = mapped;
    expect(basic!.cards).toEqual([{ kind: 'basic', ankiCardId: 1_700_000_000_200, front: 'What is an eigenvector of $A$?', back: 'A vector $v \\neq 0$ with $$Av = \\lambda v$$![](<eigen.png>)', media: ['eigen.png'] }]);
    expect(reversed!.cards.map((card) => card.kind === 'basic' && [card.front, card.back])).toEqual([['trace', 'sum of the diagonal'], ['sum of the diagonal', 'trace']]);
    // the optional reverse card exists only when Anki made it (here it did not)
    expect(optional!.cards.map((card) => card.kind === 'basic' && [card.front, card.back])).toEqual([['rank', 'dimension of the column space']]);
    expect(cloze!.cards.map((card) => card.kind === 'cloze' && [card.index, card.extra])).toEqual([[1, 'more'], [2, 'more']]);
    expect(cloze!.cards[0]!.kind === 'cloze' && cloze!.cards[0]!.text).toBe('The {{c1::determinant}} of $A$ is the product of its {{c2::eigenvalues::values}}.');
    expect(vocab!.cards.map((card) => card.kind === 'basic' && [card.front, card.back])).toEqual([['orthogonal', 'at right angles\n\n*u·v = 0*']]);
  });

  it('skips a cloze card whose deletion is gone from the text', () => {
    const notetype = { id: 1, name: 'Cloze', kind: 'cloze' as const, fields: ['Text', 'Back Extra'], templates: [], css: '' };
    const note = { id: 2, guid: 'g', notetypeId: 1, fields: ['{{c1::a}}', ''], tags: [], modSecs: 0 };
    const card = { id: 3, noteId: 2, deckId: 1, ord: 2, type: 0 as const, queue: 0, due: 0, ivl: 0, factor: 0, reps: 0, lapses: 0 };
    expect(mapNote(note, notetype, [card], new Set())).toEqual({ cards: [], skipped: [{ ankiCardId: 3, code: 'cloze-deletion-missing', args: { index: 3 } }] });
  });
});

describe('templateSides', () => {
  it('reads field references, filters and sections, and falls back to first and remaining fields', () => {
    expect(templateSides('{{Front}}', '{{FrontSide}}<hr id=answer>{{Back}}', ['Front', 'Back'])).toEqual({ front: [0], back: [1] });
    expect(templateSides('{{#Add Reverse}}{{Back}}{{/Add Reverse}}', '{{FrontSide}}<hr id=answer>{{Front}}', ['Front', 'Back', 'Add Reverse'])).toEqual({ front: [1], back: [0] });
    expect(templateSides('{{Front}}{{type:Back}}', '{{Front}}<hr>{{type:Back}}', ['Front', 'Back'])).toEqual({ front: [0, 1], back: [] });
    expect(templateSides('Say it', 'Done', ['A', 'B', 'C'])).toEqual({ front: [0], back: [1, 2] });
  });
});

describe('TeX and HTML conversion', () => {
  it('turns Anki\'s TeX delimiters into $…$ and $$…$$', () => {
    const media = new Set<string>();
    expect(ankiHtmlToStudyText('\\(a&lt;b\\) and \\[x^2\\]', media).text).toBe('$a<b$ and $$x^2$$');
    expect(ankiHtmlToStudyText('[$]e^{i\\pi}[/$] [$$]\\sum_i x_i[/$$] [latex]\\frac{1}{2}[/latex] [latex]$y$[/latex]', media).text).toBe('$e^{i\\pi}$ $$\\sum_i x_i$$ $$\\frac{1}{2}$$ $y$');
  });

  it('escapes Markdown and dollar signs in Anki text, keeps formatting and known images only', () => {
    const result = ankiHtmlToStudyText('costs $5 *not bold* <b>bold</b><br /><img src="a.png" alt="A" /><img src="gone.png" />', new Set(['a.png']));
    expect(result).toEqual({ text: 'costs \\$5 \\*not bold\\* **bold**\n![A](<a.png>)', media: ['a.png'] });
  });

  it('turns this app\'s Markdown with TeX into Anki HTML with \\(…\\) and \\[…\\]', () => {
    expect(studyTextToAnkiHtml('**Area** $\\pi r^2$')).toBe('<strong>Area</strong> \\(\\pi r^2\\)');
    expect(studyTextToAnkiHtml('$$a<b$$')).toBe('\\[a&lt;b\\]');
    expect(studyTextToAnkiHtml('<script>alert(1)</script> costs \\$5')).toBe('&lt;script&gt;alert(1)&lt;/script&gt; costs $5');
    expect(studyTextToAnkiHtml('{{c1::$x$::hint}}')).toBe('{{c1::\\(x\\)::hint}}');
  });
});

describe('sanitizeFieldHtml', () => {
  it('removes script, handlers, javascript: and data: URLs, keeps plain formatting and media images', () => {
    expect(sanitizeFieldHtml('<b onclick="x()">a</b><script>alert(1)</script>')).toBe('<b>a</b>');
    expect(sanitizeFieldHtml('<a href="javascript:alert(1)">x</a><a href="https://example.org">y</a>')).toBe('<a>x</a><a href="https://example.org">y</a>');
    expect(sanitizeFieldHtml('<img src="data:image/png;base64,AA"><img src="p.png" onerror="x">')).toBe('<img src="p.png" />');
    expect(sanitizeFieldHtml('<svg onload="x"><script>1</script></svg><iframe src="x"></iframe><style>*{}</style>ok')).toBe('ok');
    expect(sanitizeFieldHtml('<div style="color:red" class="x">t</div>')).toBe('<div>t</div>');
  });
});

describe('clozeFields', () => {
  it('finds the deleted field from {{cloze:…}} and the extra fields from the answer', async () => {
    const { clozeFields } = await import('./mapping');
    const stock = { id: 1, name: 'Cloze', kind: 'cloze' as const, fields: ['Text', 'Back Extra'], templates: [{ name: 'Cloze', ord: 0, qfmt: '{{cloze:Text}}', afmt: '{{cloze:Text}}<br>{{Back Extra}}' }], css: '' };
    expect(clozeFields(stock)).toEqual({ textField: 0, extraFields: [1] });
    const custom = { ...stock, fields: ['Source', 'Sentence', 'Notes'], templates: [{ name: 'C', ord: 0, qfmt: '{{Source}} {{cloze:Sentence}}', afmt: '{{cloze:Sentence}}<hr>{{Notes}}' }] };
    expect(clozeFields(custom)).toEqual({ textField: 1, extraFields: [2] });
  });
});
