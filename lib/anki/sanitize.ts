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
