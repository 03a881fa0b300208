/**
 * The FSRS ecosystem's review-log CSV (`card_id,review_time,review_rating,review_state,review_duration`,
 * times in ms since the epoch), parsed without I/O: the caller reads the text. A file is learner data,
 * so nothing here throws: a file we cannot read at all is `{ kind: 'invalid' }`, and a bad row is
 * skipped with a warning naming its line.
 */
import { stateOfCode, type CardStateName, type Rating, type ReviewEvent } from './fsrs';

/** One usable review from a revlog file. */
export interface RevlogRow {
  readonly cardId: string;
  readonly reviewTimeMs: number;
  readonly rating: Rating;
  /** `review_state` 0–3 as a name; `undefined` when the column is absent or holds another code. */
  readonly state: CardStateName | undefined;
  readonly durationMs: number | null;
  /** 1-based line number in the file (for messages). */
  readonly line: number;
}

/** Why a line was skipped (or how the file was read). */
export interface RevlogWarning {
  readonly line: number;
  readonly message: string;
}

/** The result of {@link parseRevlogCsv}. */
export type RevlogParseResult =
  | { readonly kind: 'parsed'; readonly rows: readonly RevlogRow[]; readonly warnings: readonly RevlogWarning[] }
  | { readonly kind: 'invalid'; readonly message: string };

/** The columns in the order the format defines them (used when a file has no header line). */
export const REVLOG_COLUMNS = ['card_id', 'review_time', 'review_rating', 'review_state', 'review_duration'] as const;

/** Largest review_time accepted (year ≈ 2286); anything bigger is not a millisecond timestamp. */
const MAX_TIME_MS = 1e13;

/**
 * Parses revlog CSV text. Columns are found by header name (any order, extra columns ignored;
 * `review_state` and `review_duration` are optional). A file whose first line is data rather than a
 * header is read in the standard column order, with a warning. Rows are skipped, each with a
 * warning, when the card id is empty, review_time is not a finite non-negative number of ms,
 * review_rating is not 1–4 (0 = manual entries, 5+, text), or review_state is present but not a
 * non-negative integer. Rows keep file order.
 *
 * @example
 * const result = parseRevlogCsv('card_id,review_time,review_rating,review_state,review_duration\n' +
 *   '7,1600000000000,3,0,8000\n7,1600086400000,9,2,8000\n');
 * result.kind === 'parsed' && result.rows.length;     // 1
 * result.kind === 'parsed' && result.warnings[0].line; // 3 (rating 9 is outside 1-4)
 */
export function parseRevlogCsv(text: string): RevlogParseResult {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const warnings: RevlogWarning[] = [];
  let first = 0;
  while (first < lines.length && (lines[first] ?? '').trim() === '') first++;
  if (first >= lines.length) {
    return { kind: 'parsed', rows: [], warnings: [{ line: 1, message: 'the file is empty' }] };
  }
  const headerFields = splitCsvLine(lines[first] ?? '').map((f) => f.trim().toLowerCase());
  let columns: Record<(typeof REVLOG_COLUMNS)[number], number>;
  let dataStart: number;
  if (headerFields.includes('card_id')) {
    columns = {
      card_id: headerFields.indexOf('card_id'),
      review_time: headerFields.indexOf('review_time'),
      review_rating: headerFields.indexOf('review_rating'),
      review_state: headerFields.indexOf('review_state'),
      review_duration: headerFields.indexOf('review_duration'),
    };
    const missing = (['review_time', 'review_rating'] as const).filter((c) => columns[c] < 0);
    if (missing.length > 0) {
      return { kind: 'invalid', message: `the header has no ${missing.join(' or ')} column (expected ${REVLOG_COLUMNS.join(',')})` };
    }
    dataStart = first + 1;
  } else if (headerFields.length >= 3 && isNumberText(headerFields[1] ?? '') && isNumberText(headerFields[2] ?? '')) {
    columns = { card_id: 0, review_time: 1, review_rating: 2, review_state: 3, review_duration: 4 };
    dataStart = first;
    warnings.push({ line: first + 1, message: `no header line; reading columns as ${REVLOG_COLUMNS.join(',')}` });
  } else {
    return { kind: 'invalid', message: `the first line is not a revlog header (expected ${REVLOG_COLUMNS.join(',')})` };
  }

  const rows: RevlogRow[] = [];
  const need = Math.max(columns.card_id, columns.review_time, columns.review_rating) + 1;
  for (let i = dataStart; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    if (raw.trim() === '') continue;
    const line = i + 1;
    const fields = splitCsvLine(raw);
    const skip = (why: string) => warnings.push({ line, message: `${why}; row skipped` });
    if (fields.length < need) {
      skip(`expected at least ${need} fields, found ${fields.length}`);
      continue;
    }
    const field = (index: number) => (index >= 0 ? (fields[index] ?? '').trim() : '');
    const cardId = field(columns.card_id);
    if (cardId === '') {
      skip('empty card_id');
      continue;
    }
    const timeText = field(columns.review_time);
    const reviewTimeMs = Number(timeText);
    if (timeText === '' || !Number.isFinite(reviewTimeMs) || reviewTimeMs < 0 || reviewTimeMs > MAX_TIME_MS) {
      skip(`review_time ${JSON.stringify(timeText.slice(0, 40))} is not a time in ms`);
      continue;
    }
    const ratingText = field(columns.review_rating);
    const rating = Number(ratingText);
    if (ratingText === '' || !(rating === 1 || rating === 2 || rating === 3 || rating === 4)) {
      skip(`review_rating ${JSON.stringify(ratingText.slice(0, 40))} is outside 1-4`);
      continue;
    }
    const stateText = field(columns.review_state);
    let state: CardStateName | undefined;
    if (stateText !== '') {
      const code = Number(stateText);
      if (!Number.isInteger(code) || code < 0) {
        skip(`review_state ${JSON.stringify(stateText.slice(0, 40))} is not a non-negative integer`);
        continue;
      }
      // NOTE: codes beyond 3 (some exporters write 4 for manual or filtered reviews) are kept as an unknown state.
      state = stateOfCode(code);
    }
    const durationMs = Number(field(columns.review_duration));
    rows.push({
      cardId,
      reviewTimeMs: Math.round(reviewTimeMs),
      rating,
      state,
      durationMs: field(columns.review_duration) !== '' && Number.isFinite(durationMs) ? durationMs : null,
      line,
    });
  }
  return { kind: 'parsed', rows, warnings };
}

function isNumberText(text: string): boolean {
  return text !== '' && Number.isFinite(Number(text));
}

/** Splits one CSV line on commas, honouring double quotes (`"a,b"`, `"say ""hi"""`). */
function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else current += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(current);
      current = '';
    } else current += ch;
  }
  fields.push(current);
  return fields;
}

/** A card's reviews, in time order, each remembering where it came from. */
export interface CardReviews {
  readonly cardId: string;
  /** Reviews sorted by time; ties keep file order. */
  readonly reviews: readonly ReviewEvent[];
  /** `rows[k]` is the row `reviews[k]` came from. */
  readonly rows: readonly RevlogRow[];
}

/**
 * Groups rows by card and sorts each card's reviews by time (a stable sort, so two reviews with the
 * same timestamp keep file order). Cards come in order of first appearance.
 *
 * @example
 * const cards = groupRevlogByCard(rows);
 * cards[0].reviews[0].reviewedAt; // the first card's earliest review
 */
export function groupRevlogByCard(rows: readonly RevlogRow[]): CardReviews[] {
  const byCard = new Map<string, RevlogRow[]>();
  for (const row of rows) {
    const list = byCard.get(row.cardId);
    if (list) list.push(row);
    else byCard.set(row.cardId, [row]);
  }
  const cards: CardReviews[] = [];
  for (const [cardId, list] of byCard) {
    const sorted = list.length > 1 ? [...list].sort((a, b) => a.reviewTimeMs - b.reviewTimeMs) : list;
    cards.push({
      cardId,
      rows: sorted,
      reviews: sorted.map((row) => ({ reviewedAt: new Date(row.reviewTimeMs), rating: row.rating, state: row.state })),
    });
  }
  return cards;
}

/**
 * The same grouping as a map from card id to its time-ordered reviews — the shape the optimiser
 * (`lib/fsrs-optimizer.ts`) takes.
 *
 * @example
 * revlogReviewsByCard(rows).get('7')?.length; // number of usable reviews of card 7
 */
export function revlogReviewsByCard(rows: readonly RevlogRow[]): Map<string, readonly ReviewEvent[]> {
  return new Map(groupRevlogByCard(rows).map((card) => [card.cardId, card.reviews]));
}
