import sanitizeHtml from 'sanitize-html';

/**
 * The HTML a field may keep: text formatting, lists, tables, line breaks and images that name a media file.
 * Everything else goes — script and style elements with their content, event handlers, `style`/`class`,
 * `javascript:`/`data:` URLs, iframes, forms. Links keep http(s)/mailto targets only; images keep a plain
 * relative `src` (a media name), never a scheme.
 */
const options: sanitizeHtml.IOptions = {
  allowedTags: [
    'b', 'strong', 'i', 'em', 'u', 's', 'sub', 'sup', 'br', 'hr', 'p', 'div', 'span', 'ul', 'ol', 'li',
    'blockquote', 'pre', 'code', 'table', 'thead', 'tbody', 'tr', 'td', 'th', 'img', 'a', 'h1', 'h2', 'h3', 'h4',
  ],
  allowedAttributes: { img: ['src', 'alt', 'width', 'height'], a: ['href'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: [] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'iframe', 'object', 'template'],
  exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
};

/** Sanitised field HTML. Example: sanitizeFieldHtml('<b onclick="x()">a</b><script>x()</script>') → '<b>a</b>'. */
export function sanitizeFieldHtml(html: string): string {
  return sanitizeHtml(html, options);
}

/** Active content in a field: its skip code (lib/anki/skips.ts) and what names it (element, attribute, URL scheme). */
export type ActiveContent =
  | { readonly code: 'active-element'; readonly args: { readonly element: string } }
  | { readonly code: 'active-handler'; readonly args: { readonly handler: string } }
  | { readonly code: 'active-link'; readonly args: { readonly scheme: string } };

/**
 * What active content a field's raw HTML carries, or null: a script, frame or plugin element, an event-handler
 * attribute, or a `javascript:`/`vbscript:` URL. The sanitiser removes all of it; the importer refuses such a
 * package instead of changing what its author wrote without a word.
 * Example: activeContentIn('<img src="a.png" onerror="x()">') → { code: 'active-handler', args: { handler: 'onerror' } }.
 */
export function activeContentIn(html: string): ActiveContent | null {
  // NOTE: tag by tag (split at '<', cut at '>'), so the scan stays linear on a field full of '<'.
  for (const piece of html.split('<').slice(1)) {
    const end = piece.indexOf('>');
    const tag = end >= 0 ? piece.slice(0, end) : piece;
    if (!/^[a-z]/i.test(tag)) continue; // '< 2' is text, not a tag
    const element = /^(script|iframe|object|embed|applet|frame|frameset|base|meta|link)\b/i.exec(tag);
    if (element) return { code: 'active-element', args: { element: element[1]!.toLowerCase() } };
    const handler = /\s(on[a-z]+)\s*=/i.exec(tag);
    if (handler) return { code: 'active-handler', args: { handler: handler[1]!.toLowerCase() } };
    const url = /(?:href|src|action|formaction|xlink:href)\s*=\s*["']?\s*(javascript|vbscript):/i.exec(tag);
    if (url) return { code: 'active-link', args: { scheme: url[1]!.toLowerCase() } };
  }
  return null;
}

/** Plain text of field HTML (tags removed, entities decoded), for sort fields, checksums and summaries. */
export function fieldText(html: string): string {
  const text = sanitizeHtml(html.replace(/<br\s*\/?>/gi, ' ').replace(/<\/(div|p|li)>/gi, ' '), {
    allowedTags: [],
    allowedAttributes: {},
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title'],
  });
  return decodeEntities(text).replace(/\s+/g, ' ').trim();
}

function decodeEntities(text: string): string {
  return text
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&');
}
