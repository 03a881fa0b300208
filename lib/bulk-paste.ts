// The bulk-paste format (documented in README.md): cards separated by a line holding only `---`; inside a
// card, a line starting with a key opens a field and the lines after it continue that field.
//   Q: front   A: back            (a basic card)
//   C: cloze text with {{c1::…}}  X: extra text (optional)   (a cloze card)
//   T: tags separated by spaces
// A key may name its language, `Q(en):` or `A(zh):`; without one it is the language chosen for the paste.

export type PasteLang = 'zh' | 'en';

export interface PastedCard {
  /** 1-based line where the card starts. */
  readonly line: number;
  readonly card:
    | { kind: 'basic'; front: Partial<Record<PasteLang, string>>; back: Partial<Record<PasteLang, string>>; tags?: string[] }
    | { kind: 'cloze'; text: Partial<Record<PasteLang, string>>; extra?: Partial<Record<PasteLang, string>>; tags?: string[] };
}

export interface PasteProblem {
  readonly line: number;
  readonly message: string;
}

const keyLine = /^\s*([QACXT])(?:\((zh|en)\))?\s*[:：]\s?(.*)$/;
const fieldOf = { Q: 'front', A: 'back', C: 'text', X: 'extra', T: 'tags' } as const;

/** Parses a pasted block into cards; every problem is reported with its line and no card is half-read. */
export function parsePaste(text: string, lang: PasteLang, maxCards: number): { cards: PastedCard[]; problems: PasteProblem[] } {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const blocks: { line: number; lines: string[] }[] = [];
  let current: { line: number; lines: string[] } | null = null;
  for (const [i, line] of lines.entries()) {
    if (/^\s*---\s*$/.test(line)) {
      current = null;
      continue;
    }
    if (!current) {
      if (line.trim() === '') continue;
      current = { line: i + 1, lines: [] };
      blocks.push(current);
    }
    current.lines.push(line);
  }
  const cards: PastedCard[] = [];
  const problems: PasteProblem[] = [];
  if (blocks.length > maxCards) problems.push({ line: 1, message: `at most ${maxCards} cards in one paste (found ${blocks.length})` });
  for (const block of blocks.slice(0, maxCards)) {
    const fields = new Map<string, string>();
    let open: string | null = null;
    let ok = true;
    for (const [offset, line] of block.lines.entries()) {
      const match = keyLine.exec(line);
      if (match) {
        const name = `${fieldOf[match[1] as keyof typeof fieldOf]}.${match[2] ?? lang}`;
        if (fields.has(name)) {
          problems.push({ line: block.line + offset, message: `${match[1]}${match[2] ? `(${match[2]})` : ''}: appears twice in one card` });
          ok = false;
        }
        fields.set(name, match[3] ?? '');
        open = name;
      } else if (open) {
        fields.set(open, `${fields.get(open)}\n${line}`);
      } else {
        problems.push({ line: block.line + offset, message: 'a card starts with Q: (basic) or C: (cloze)' });
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    const pick = (name: string) => {
      const out: Partial<Record<PasteLang, string>> = {};
      for (const l of ['zh', 'en'] as const) {
        const value = fields.get(`${name}.${l}`)?.trim();
        if (value) out[l] = value;
      }
      return out;
    };
    const has = (name: string) => Object.keys(pick(name)).length > 0;
    const tags = [...new Set([...(fields.get('tags.zh') ?? '').split(/\s+/), ...(fields.get('tags.en') ?? '').split(/\s+/)].filter(Boolean))];
    const withTags = tags.length > 0 ? { tags } : {};
    if (has('text')) {
      if (has('front') || has('back')) {
        problems.push({ line: block.line, message: 'a card is either basic (Q:/A:) or cloze (C:), not both' });
        continue;
      }
      cards.push({ line: block.line, card: { kind: 'cloze', text: pick('text'), ...(has('extra') ? { extra: pick('extra') } : {}), ...withTags } });
    } else if (has('front') && has('back')) {
      cards.push({ line: block.line, card: { kind: 'basic', front: pick('front'), back: pick('back'), ...withTags } });
    } else {
      problems.push({ line: block.line, message: has('front') ? 'a basic card needs an answer (A:)' : 'a card needs Q: and A:, or C:' });
    }
  }
  return { cards, problems };
}
