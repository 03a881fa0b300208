import { createHash } from 'node:crypto';
import { stateCode } from '@/engine/scheduler';
import { AnkiError } from './errors';
import { studyTextToAnkiHtml } from './mapping';
import type { AnkiCard, AnkiCardType, AnkiNote, AnkiNotetype, AnkiRevlog, AnkiRevlogType } from './model';
import type { WritableCollection } from './write';

/** One of this app's cards, as the export needs it (text in Markdown with `$…$` TeX). */
export type ExportCard =
  | { readonly id: string; readonly kind: 'basic'; readonly noteId?: string; readonly front: string; readonly back: string; readonly tags?: readonly string[]; readonly state?: ExportCardState }
  | { readonly id: string; readonly kind: 'cloze'; readonly noteId: string; readonly index: number; readonly text: string; readonly extra?: string; readonly tags?: readonly string[]; readonly state?: ExportCardState };

/** The learner's schedule of a card, to carry into Anki. */
export interface ExportCardState {
  readonly type: 'new' | 'learning' | 'review' | 'relearning';
  /** When it is next due, epoch milliseconds. */
  readonly dueMs: number;
  readonly intervalDays: number;
  readonly reps: number;
  readonly lapses: number;
}

export interface ExportReview {
  readonly cardId: string;
  readonly reviewedAtMs: number;
  readonly rating: 1 | 2 | 3 | 4;
  readonly durationMs: number;
  readonly kind: 'learn' | 'review' | 'relearn';
  readonly intervalDays?: number;
  readonly lastIntervalDays?: number;
}

export interface ExportInput {
  /** The deck's name in Anki (the article title); `::` nests it. */
  readonly deckName: string;
  readonly deckDescription?: string;
  readonly cards: readonly ExportCard[];
  readonly reviews?: readonly ExportReview[];
  /** The export time, epoch milliseconds. */
  readonly nowMs: number;
}

export const basicNotetypeId = 1_700_000_000_001;
export const clozeNotetypeId = 1_700_000_000_002;

const cardCss = `.card {
  font-family: system-ui, "Helvetica Neue", Arial, "PingFang SC", "Noto Sans CJK SC", sans-serif;
  font-size: 20px;
  line-height: 1.5;
  text-align: left;
  color: #1f2328;
  background-color: #ffffff;
  max-width: 40em;
  margin: 0 auto;
}
.nightMode .card, .card.nightMode { color: #e6edf3; background-color: #0d1117; }
img { max-width: 100%; }
`;

/** The two note types of an export: Anki's stock Basic (Front/Back) and Cloze (Text/Back Extra). */
export const exportNotetypes: readonly AnkiNotetype[] = [
  {
    id: basicNotetypeId,
    name: 'ML Study Basic',
    kind: 'standard',
    fields: ['Front', 'Back'],
    templates: [{ name: 'Card 1', ord: 0, qfmt: '{{Front}}', afmt: '{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}' }],
    css: cardCss,
  },
  {
    id: clozeNotetypeId,
    name: 'ML Study Cloze',
    kind: 'cloze',
    fields: ['Text', 'Back Extra'],
    templates: [{ name: 'Cloze', ord: 0, qfmt: '{{cloze:Text}}', afmt: '{{cloze:Text}}<br>\n{{Back Extra}}' }],
    css: `${cardCss}.cloze { font-weight: bold; color: #0969da; }\n.nightMode .cloze { color: #58a6ff; }\n`,
  },
];

/**
 * Builds the collection of an article's export: one deck, Basic and Cloze note types, a note per basic card
 * and per cloze text (deletions of one text share a note), TeX as `\(…\)`/`\[…\]`, and optionally the review
 * log. Note guids and all ids derive from this app's ids, so exporting again gives the same notes and Anki
 * updates them instead of adding copies.
 */
export function buildExportCollection(input: ExportInput): WritableCollection {
  const dayMs = 86_400_000;
  const createdSecs = Math.floor((input.nowMs - 3650 * dayMs) / dayMs) * 86_400;
  const deckId = stableId(`deck:${input.deckName}`);
  const notes = new Map<string, AnkiNote>();
  const cards: AnkiCard[] = [];
  const cardIds = new Map<string, number>();
  const used = new Set<number>([deckId, basicNotetypeId, clozeNotetypeId]);
  const claim = (id: number, what: string) => {
    if (used.has(id)) throw new AnkiError('export-invalid', { detail: `two exported items map to the same Anki id (${what})` });
    used.add(id);
    return id;
  };
  input.cards.forEach((card, position) => {
    const noteKey = card.kind === 'cloze' ? `cloze:${card.noteId}` : `basic:${card.noteId ?? card.id}`;
    let note = notes.get(noteKey);
    if (!note) {
      note = {
        id: claim(stableId(`note:${noteKey}`), noteKey),
        guid: createHash('sha1').update(`ml-study:${noteKey}`).digest('base64url').slice(0, 10),
        notetypeId: card.kind === 'cloze' ? clozeNotetypeId : basicNotetypeId,
        fields: card.kind === 'cloze' ? [studyTextToAnkiHtml(card.text), studyTextToAnkiHtml(card.extra ?? '')] : [studyTextToAnkiHtml(card.front), studyTextToAnkiHtml(card.back)],
        tags: (card.tags ?? []).map((tag) => tag.replace(/\s+/g, '_')),
        modSecs: Math.floor(input.nowMs / 1000),
      };
      notes.set(noteKey, note);
    }
    const id = claim(stableId(`card:${card.id}`), card.id);
    cardIds.set(card.id, id);
    cards.push({ id, noteId: note.id, deckId, ord: card.kind === 'cloze' ? card.index - 1 : 0, ...schedule(card.state, position, createdSecs) });
  });
  const revlog: AnkiRevlog[] = [];
  const times = new Set<number>();
  for (const review of [...(input.reviews ?? [])].sort((a, b) => a.reviewedAtMs - b.reviewedAtMs)) {
    const cardId = cardIds.get(review.cardId);
    if (cardId === undefined) continue;
    let id = Math.round(review.reviewedAtMs);
    while (times.has(id)) id += 1; // revlog ids are primary keys
    times.add(id);
    const type: AnkiRevlogType = review.kind === 'learn' ? 0 : review.kind === 'review' ? 1 : 2;
    revlog.push({ id, cardId, ease: review.rating, ivl: review.intervalDays ?? 0, lastIvl: review.lastIntervalDays ?? 0, factor: 2500, timeMs: Math.min(60_000, Math.max(0, Math.round(review.durationMs))), type });
  }
  return {
    createdSecs,
    decks: [{ id: deckId, name: input.deckName, filtered: false, description: input.deckDescription ?? '' }],
    notetypes: exportNotetypes,
    notes: [...notes.values()],
    cards,
    revlog,
    media: [],
  };
}

function schedule(state: ExportCardState | undefined, position: number, createdSecs: number): Pick<AnkiCard, 'type' | 'queue' | 'due' | 'ivl' | 'factor' | 'reps' | 'lapses'> {
  if (!state || state.type === 'new') return { type: 0, queue: 0, due: position + 1, ivl: 0, factor: 0, reps: 0, lapses: 0 };
  // NOTE: Anki numbers card types like FSRS numbers states (0 new, 1 learning, 2 review, 3 relearning).
  const type = stateCode(state.type) as AnkiCardType;
  const common = { ivl: Math.max(0, Math.round(state.intervalDays)), factor: 2500, reps: state.reps, lapses: state.lapses };
  if (type === 2) return { type, queue: 2, due: Math.floor((state.dueMs / 1000 - createdSecs) / 86_400), ...common };
  // Learning and relearning cards are due at a moment (epoch seconds) in queue 1.
  return { type, queue: 1, due: Math.floor(state.dueMs / 1000), ...common };
}

/** A positive id below 2^53 from a string (48 bits of its SHA-1, offset past small ids). */
function stableId(key: string): number {
  return 1_000_000_000_000 + Number.parseInt(createHash('sha1').update(key).digest('hex').slice(0, 12), 16);
}
