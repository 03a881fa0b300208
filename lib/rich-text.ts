import katex from 'katex';
import MarkdownIt from 'markdown-it';
import { mediaShaOf, mediaUrl } from './media-types';
import { boundedCache, perProcess } from './memo';

/** A piece of study text: prose (Markdown) or TeX maths, inline `$...$` or display `$$...$$`. */
export type TextSegment =
  | { readonly kind: 'text'; readonly value: string }
  | { readonly kind: 'inline'; readonly tex: string }
  | { readonly kind: 'display'; readonly tex: string };

/**
 * Splits study text into prose and maths. `\$` is a literal dollar sign.
 * Example: splitMath('a $x^2$ b') → [text 'a ', inline 'x^2', text ' b'].
 */
export function splitMath(source: string): TextSegment[] {
  const segments: TextSegment[] = [];
  const pattern = /\$\$([\s\S]+?)\$\$|(?<!\\)\$((?:\\\$|[^$])+?)\$/g;
  let last = 0;
  for (const match of source.matchAll(pattern)) {
    const at = match.index ?? 0;
    if (at > last) segments.push({ kind: 'text', value: source.slice(last, at).replace(/\\\$/g, '$') });
    if (match[1] !== undefined) segments.push({ kind: 'display', tex: match[1].trim() });
    else segments.push({ kind: 'inline', tex: (match[2] ?? '').trim() });
    last = at + match[0].length;
  }
  if (last < source.length) segments.push({ kind: 'text', value: source.slice(last).replace(/\\\$/g, '$') });
  return segments;
}

// NOTE: rendering is a pure function of the text, and KaTeX is the slow part of showing one: results are kept,
// bounded to about 16 million characters, once per process (the fast path and Next's bundles share them) or
// page (the study page renders its cards with this module in the browser: app/study/study-session.tsx).
const rendered = perProcess('rich-text', () => boundedCache<string>({ maxEntries: 20_000, maxWeight: 16_000_000, weigh: (html) => html.length }));

/**
 * Renders study text (Markdown with TeX) to HTML: raw HTML in the source is escaped, maths goes through
 * KaTeX with `trust: false` and size limits. A formula KaTeX rejects is shown as escaped source. Images are
 * shown only from this app's own media store (`/api/v1/media/<sha256>`); any other image becomes its alt text.
 */
export function renderRich(source: string, options: { inline?: boolean } = {}): string {
  const inline = options.inline === true;
  return rendered.get(`${inline ? 'i' : 'b'}${source}`, () => renderUncached(source, inline));
}

function renderUncached(source: string, inline: boolean): string {
  const maths: string[] = [];
  const prose = splitMath(source)
    .map((segment) => {
      if (segment.kind === 'text') return segment.value;
      maths.push(renderTex(segment.tex, segment.kind === 'display'));
      return `@@MATH${maths.length - 1}@@`;
    })
    .join('');
  // NOTE: CommonMark does not close `**…**` when the closing marker sits between punctuation and a
  // CJK character (`**[…]**中文`), which Chinese text does all the time; bold spans on one line are
  // therefore rendered here, before Markdown sees them.
  const bolds: string[] = [];
  const withBold = prose.replace(/\*\*([^*\n]+?)\*\*/g, (_, inner: string) => {
    bolds.push(`<strong>${markdown.renderInline(inner)}</strong>`);
    return `@@BOLD${bolds.length - 1}@@`;
  });
  const html = inline ? markdown.renderInline(withBold) : markdown.render(withBold);
  return html
    .replace(/@@BOLD(\d+)@@/g, (_, i: string) => bolds[Number(i)] ?? '')
    .replace(/@@MATH(\d+)@@/g, (_, i: string) => maths[Number(i)] ?? '');
}

/** KaTeX HTML for one formula, or its escaped source in a `tex-error` span when it does not parse. */
export function renderTex(tex: string, displayMode: boolean): string {
  try {
    return katex.renderToString(tex, { displayMode, throwOnError: true, trust: false, maxSize: 20, maxExpand: 200, strict: 'ignore', output: 'htmlAndMathml' });
  } catch {
    return `<code class="tex-error">${escapeHtml(tex)}</code>`;
  }
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: true });

// NOTE: no remote or data: images: a card never makes the browser fetch from elsewhere (nor track who reads it).
markdown.renderer.rules.image = (tokens, index) => {
  const token = tokens[index]!;
  const alt = token.children ? markdown.renderer.renderInlineAsText(token.children, markdown.options, {}) : token.content;
  const sha = mediaShaOf(String(token.attrGet('src') ?? ''));
  if (!sha) return alt ? `<span class="image-alt">[${escapeHtml(alt)}]</span>` : '';
  return `<img class="card-image" src="${mediaUrl(sha)}" alt="${escapeHtml(alt)}" loading="lazy">`;
};
