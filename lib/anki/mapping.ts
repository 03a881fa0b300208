import MarkdownIt from 'markdown-it';
import type { AnkiCard, AnkiNote, AnkiNotetype } from './model';
import type { AnkiSkipArgs } from './skips';

/** One of this app's cards made from an Anki card: text in this app's Markdown with `$…$`/`$$…$$` TeX. */
export type StudyCardDraft =
  | { readonly kind: 'basic'; readonly ankiCardId: number; readonly front: string; readonly back: string; readonly media: readonly string[] }
  | { readonly kind: 'cloze'; readonly ankiCardId: number; readonly index: number; readonly text: string; readonly extra: string; readonly media: readonly string[] };

export interface NoteMapping {
  readonly cards: readonly StudyCardDraft[];
  /** Anki cards of the note that became nothing, and why. */
  readonly skipped: readonly { readonly ankiCardId: number; readonly code: 'cloze-deletion-missing' | 'question-empty'; readonly args: AnkiSkipArgs }[];
}

/**
 * Maps one note and its Anki cards to this app's cards.
 * - Cloze note types: each Anki card (ord n−1) becomes cloze deletion n of the field the template names in
 *   `{{cloze:…}}` (Anki's "Text"), with the fields the answer adds ("Back Extra") as extra text.
 * - Standard note types (Basic, Basic (and reversed card), Basic (optional reversed card), and any other):
 *   each Anki card becomes a basic card; its front is the fields its template's question shows, its back the
 *   fields the answer adds. A template that names no field falls back to the first field as front and the
 *   remaining fields as back. Reversed cards therefore come out reversed, and an optional reverse exists
 *   exactly when Anki made its card.
 * Media: `<img src="name">` whose name is in `mediaNames` becomes `![alt](name)`; other images are dropped.
 */
export function mapNote(note: AnkiNote, notetype: AnkiNotetype, cards: readonly AnkiCard[], mediaNames: ReadonlySet<string>): NoteMapping {
  const out: StudyCardDraft[] = [];
  const skipped: { ankiCardId: number; code: 'cloze-deletion-missing' | 'question-empty'; args: AnkiSkipArgs }[] = [];
  const converted = note.fields.map((field) => ankiHtmlToStudyText(field, mediaNames));
  for (const card of [...cards].sort((a, b) => a.ord - b.ord)) {
    if (notetype.kind === 'cloze') {
      const { textField, extraFields } = clozeFields(notetype);
      const text = converted[textField];
      const index = card.ord + 1;
      if (!text || !new RegExp(`\\{\\{c${index}::`).test(text.text)) {
        skipped.push({ ankiCardId: card.id, code: 'cloze-deletion-missing', args: { index } });
        continue;
      }
      const extras = extraFields.map((field) => converted[field]).filter((value) => value !== undefined && value.text.trim() !== '');
      out.push({
        kind: 'cloze',
        ankiCardId: card.id,
        index,
        text: text.text,
        extra: extras.map((value) => value!.text).join('\n\n'),
        media: unique([...text.media, ...extras.flatMap((value) => value!.media)]),
      });
      continue;
    }
    const template = notetype.templates.find((candidate) => candidate.ord === card.ord);
    const { front, back } = templateSides(template?.qfmt ?? '', template?.afmt ?? '', notetype.fields);
    const pick = (indexes: number[]) => indexes.map((index) => converted[index]).filter((value) => value !== undefined && value.text.trim() !== '');
    const frontParts = pick(front);
    const backParts = pick(back);
    if (frontParts.length === 0) {
      skipped.push({ ankiCardId: card.id, code: 'question-empty', args: {} });
      continue;
    }
    out.push({
      kind: 'basic',
      ankiCardId: card.id,
      front: frontParts.map((part) => part!.text).join('\n\n'),
      back: backParts.map((part) => part!.text).join('\n\n'),
      media: unique([...frontParts, ...backParts].flatMap((part) => part!.media)),
    });
  }
  return { cards: out, skipped };
}

/**
 * The field a cloze note type deletes from (the one its question names as `{{cloze:Name}}`, else the first)
 * and the fields its answer adds (else the second field, Anki's "Back Extra").
 */
export function clozeFields(notetype: AnkiNotetype): { textField: number; extraFields: number[] } {
  const template = notetype.templates[0];
  const named = /\{\{(?:[^{}]*:)?cloze:([^{}]+)\}\}/.exec(template?.qfmt ?? '')?.[1]?.trim();
  const found = named === undefined ? -1 : notetype.fields.indexOf(named);
  const textField = found >= 0 ? found : 0;
  const answered = fieldRefs(template?.afmt ?? '', notetype.fields).filter((index) => index !== textField);
  return { textField, extraFields: answered.length > 0 ? answered : notetype.fields.length > 1 ? [textField === 1 ? 0 : 1] : [] };
}

/**
 * The fields (by index) a template's question shows and the ones its answer adds. Field references are
 * `{{Name}}` with optional filters (`{{type:Name}}`, `{{text:Name}}`); section markers (`{{#Name}}`,
 * `{{^Name}}`, `{{/Name}}`) and `{{FrontSide}}` are not references. Without any reference: first field and
 * the rest. Example: templateSides('{{Back}}', '{{FrontSide}}<hr id=answer>{{Front}}', ['Front', 'Back'])
 * → { front: [1], back: [0] }.
 */
export function templateSides(qfmt: string, afmt: string, fields: readonly string[]): { front: number[]; back: number[] } {
  const front = fieldRefs(qfmt, fields);
  const back = fieldRefs(afmt, fields).filter((index) => !front.includes(index));
  if (front.length === 0) return { front: fields.length > 0 ? [0] : [], back: fields.map((_, index) => index).slice(1) };
  return { front, back };
}

function fieldRefs(template: string, fields: readonly string[]): number[] {
  const refs: number[] = [];
  for (const match of template.matchAll(/\{\{([^#^/{}][^{}]*)\}\}/g)) {
    const name = (match[1] ?? '').split(':').at(-1)?.trim() ?? '';
    const index = fields.indexOf(name);
    if (index >= 0 && !refs.includes(index)) refs.push(index);
  }
  return refs;
}

/**
 * Anki field HTML (sanitised) → this app's Markdown with TeX: `\(…\)` and `[$]…[/$]` become `$…$`;
 * `\[…\]`, `[$$]…[/$$]` and `[latex]…[/latex]` become `$$…$$`; `<br>`/`<div>`/`<p>` become line breaks,
 * `<b>`/`<strong>` `**…**`, `<i>`/`<em>` `*…*`, list items `- …`; images of known media become `![alt](name)`;
 * other tags are dropped and their text kept; Markdown and `$` characters in the text are escaped.
 * Example: ankiHtmlToStudyText('Area: \\(\\pi r^2\\)<br><b>m²</b>', new Set()).text → 'Area: $\\pi r^2$\n**m²**'.
 */
export function ankiHtmlToStudyText(html: string, mediaNames: ReadonlySet<string>): { text: string; media: string[] } {
  const maths: string[] = [];
  const stash = (tex: string, display: boolean) => {
    maths.push(display ? `$$${cleanTex(tex)}$$` : `$${cleanTex(tex)}$`);
    return `\u0000M${maths.length - 1}\u0000`;
  };
  let source = html
    .replace(/\\\[([\s\S]*?)\\\]/g, (_, tex: string) => stash(tex, true))
    .replace(/\\\(([\s\S]*?)\\\)/g, (_, tex: string) => stash(tex, false))
    .replace(/\[\$\$\]([\s\S]*?)\[\/\$\$\]/gi, (_, tex: string) => stash(tex, true))
    .replace(/\[\$\]([\s\S]*?)\[\/\$\]/gi, (_, tex: string) => stash(tex, false))
    .replace(/\[latex\]([\s\S]*?)\[\/latex\]/gi, (_, tex: string) => {
      const inner = tex.trim();
      const dollars = /^\$\$([\s\S]*)\$\$$/.exec(inner) ?? /^\$([\s\S]*)\$$/.exec(inner);
      return dollars ? stash(dollars[1] ?? '', inner.startsWith('$$')) : stash(inner, true);
    });
  const media: string[] = [];
  const images: string[] = [];
  source = source.replace(/<(\/?)([a-z0-9]+)((?:\s+[a-z-]+(?:="[^"]*")?)*)\s*\/?>/gi, (_, close: string, tag: string, attrs: string) => {
    const name = tag.toLowerCase();
    if (name === 'br') return '\n';
    if (name === 'div' || name === 'p' || name === 'ul' || name === 'ol' || name === 'table' || name === 'tr' || /^h[1-6]$/.test(name)) return '\n';
    if (name === 'li') return close ? '\n' : '\n- ';
    if (name === 'b' || name === 'strong') return '\u0000B\u0000';
    if (name === 'i' || name === 'em') return '\u0000I\u0000';
    if (name === 'td' || name === 'th') return close ? ' ' : '';
    if (name === 'img' && !close) {
      const src = decodeEntities(/\bsrc="([^"]*)"/i.exec(attrs)?.[1] ?? '');
      const alt = decodeEntities(/\balt="([^"]*)"/i.exec(attrs)?.[1] ?? '');
      if (!mediaNames.has(src)) return '';
      media.push(src);
      images.push(`![${escapeMarkdown(alt)}](<${src.replace(/[<>\\]/g, (c) => `\\${c}`)}>)`);
      return `\u0000G${images.length - 1}\u0000`;
    }
    return '';
  });
  const text = escapeMarkdown(decodeEntities(source))
    .replace(/\u0000B\u0000/g, '**')
    .replace(/\u0000I\u0000/g, '*')
    .replace(/\u0000G(\d+)\u0000/g, (_, i: string) => images[Number(i)] ?? '')
    .replace(/\u0000M(\d+)\u0000/g, (_, i: string) => maths[Number(i)] ?? '')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { text, media: unique(media) };
}

/** TeX as Anki's editor stores it: HTML entities and `<br>` inside the formula. */
function cleanTex(tex: string): string {
  return decodeEntities(tex.replace(/<br\s*\/?>/gi, ' ').replace(/<[^>]*>/g, '')).trim();
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]#<>$~|])/g, '\\$1');
}

function decodeEntities(text: string): string {
  return text
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, code: string) => safeChar(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => safeChar(Number.parseInt(code, 16)))
    .replace(/&amp;/g, '&');
}

function safeChar(code: number): string {
  return code > 0 && code <= 0x10ffff && code !== 0 ? String.fromCodePoint(code) : '';
}

const markdown = new MarkdownIt({ html: false, linkify: false, breaks: true });

/**
 * This app's Markdown with TeX → Anki field HTML: prose through Markdown (raw HTML escaped), `$…$` as `\(…\)`
 * and `$$…$$` as `\[…\]` (Anki's MathJax delimiters), cloze markers `{{cN::…}}` kept as Anki cloze.
 * Example: studyTextToAnkiHtml('**Area** $\\pi r^2$') → '<strong>Area</strong> \\(\\pi r^2\\)'.
 */
export function studyTextToAnkiHtml(text: string): string {
  const maths: string[] = [];
  const pattern = /\$\$([\s\S]+?)\$\$|(?<!\\)\$((?:\\\$|[^$])+?)\$/g;
  const prose = text.replace(pattern, (_, display: string | undefined, inline: string | undefined) => {
    const tex = escapeHtml((display ?? inline ?? '').trim());
    maths.push(display !== undefined ? `\\[${tex}\\]` : `\\(${tex}\\)`);
    return `@@ANKIMATH${maths.length - 1}@@`;
  });
  const html = markdown.render(prose.replace(/\\\$/g, '$')).trim();
  const unwrapped = /^<p>([\s\S]*)<\/p>$/.test(html) && !html.slice(3).includes('<p>') ? html.slice(3, -4) : html;
  return unwrapped.replace(/\n/g, '').replace(/@@ANKIMATH(\d+)@@/g, (_, i: string) => maths[Number(i)] ?? '');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
