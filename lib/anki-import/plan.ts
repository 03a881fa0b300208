// An Anki collection → the writes that make it this app's content, checked by the authoring rules (lib/authoring-schema):
// one article per deck, one note per cloze text or per basic card, notes matched by their Anki guid on re-import,
// images stored by content, and (with history) the review log replayed into card states. Reads the database only
// through `ImportLookup`, writes nothing: the store applies the result in one transaction.
import { createHash } from 'node:crypto';
import { ankiHtmlToStudyText, ankiSkip, planImport, sanitizeFieldHtml, type AnkiCollection, type AnkiMedia, type AnkiSkipArgs, type AnkiSkipCode, type PlannedCard } from '../anki';
import { authoringLimits, cardProblems, reservedSlugs, tagsToColumn, texProblems, type LangText, type NoteFields } from '../authoring-schema';
import { changedPaths } from '../content-sync';
import { cardContentHash, cardsOfNote } from '../note-cards';
import { imageTypeOf, maxImageBytes, mediaUrl } from '../media-types';
import { importedReviewId, replayHistory, type HistoryEvent } from './replay';
import type { CardWrite, ExistingNote, ImportChanges, ImportDeckSummary, ImportLookup, ImportSkip, ImportSummary, MediaWrite, NewArticle, NoteWrite, ReviewWrite, StateWrite } from './types';

export type ImportOutcome = Omit<ImportSummary, 'dryRun' | 'elapsedMs' | 'skipped' | 'skippedTotal'> & { readonly skipped: readonly ImportSkip[] };

/** A note of ours made from Anki cards, before it is matched against the database. */
interface Draft {
  readonly guid: string;
  readonly ankiDeckId: number;
  readonly kind: 'basic' | 'cloze';
  readonly fields: NoteFields;
  readonly tags: string;
  readonly media: readonly string[];
  /** Anki card id → our card id suffix ('' for a basic note's one card, '/cN' for a deletion). */
  readonly ankiCards: readonly { readonly ankiCardId: number; readonly suffix: string }[];
}

const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const tagPattern = /^[^\s"]+$/;

function hashHex(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** Chinese (or other CJK) text is filed as zh, everything else as en: a learner sees theirs, else the other. */
function langOf(texts: readonly string[]): 'zh' | 'en' {
  return texts.some((text) => cjk.test(text)) ? 'zh' : 'en';
}

function inLang(lang: 'zh' | 'en', text: string): LangText {
  return text.trim() === '' ? {} : { [lang]: text };
}

/** `![alt](<name>)` as lib/anki writes a packaged image → our media URL. */
function linkMedia(text: string, urls: ReadonlyMap<string, string>, names: readonly string[]): string {
  let out = text;
  for (const name of names) {
    const url = urls.get(name);
    if (url) out = out.split(`](<${name.replace(/[<>\\]/g, (c) => `\\${c}`)}>)`).join(`](${url})`);
  }
  return out;
}

/** Images only, each at most `maxImageBytes`: other media are left out with why. */
function usableMedia(media: readonly AnkiMedia[], skipped: ImportSkip[]): { kept: AnkiMedia[]; urls: Map<string, string>; files: Map<string, MediaWrite> } {
  const kept: AnkiMedia[] = [];
  const urls = new Map<string, string>();
  const files = new Map<string, MediaWrite>();
  for (const file of media) {
    const type = imageTypeOf(file.bytes);
    if (!type) {
      skipped.push(ankiSkip('media', file.name, 'media-not-image'));
      continue;
    }
    if (file.bytes.byteLength > maxImageBytes) {
      skipped.push(ankiSkip('media', file.name, 'media-too-large', { max: maxImageBytes / 1048576 }));
      continue;
    }
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    kept.push(file);
    urls.set(file.name, mediaUrl(sha256));
    files.set(file.name, { sha256, mimeType: type, bytes: file.bytes });
  }
  return { kept, urls, files };
}

function keptTags(ankiTags: readonly string[], noteLabel: string, skipped: ImportSkip[]): string[] {
  const tags: string[] = [];
  for (const tag of ankiTags) {
    if (!tagPattern.test(tag) || tag.length > authoringLimits.tagChars) {
      skipped.push(ankiSkip('tag', tag.slice(0, 60), 'tag-invalid', { note: noteLabel, max: authoringLimits.tagChars }));
    } else if (tags.length >= authoringLimits.tags) {
      skipped.push(ankiSkip('tag', tag, 'tag-too-many', { note: noteLabel, max: authoringLimits.tags }));
    } else tags.push(tag);
  }
  return tags;
}

/** Why a draft cannot become a card of ours (a skip code and its arguments), or null. */
function draftProblem(fields: NoteFields): { code: AnkiSkipCode; args: AnkiSkipArgs } | null {
  const texts = fields.kind === 'basic' ? [fields.front, fields.back] : [fields.text, fields.extra ?? {}];
  if (texts.some((text) => Object.values(text).some((value) => value.length > authoringLimits.fieldChars))) {
    return { code: 'note-field-too-long', args: { max: authoringLimits.fieldChars } };
  }
  if (fields.kind === 'basic' && Object.keys(fields.back).length === 0) return { code: 'note-answer-empty', args: {} };
  const problem = cardProblems(fields)[0];
  // NOTE: the authoring check's message (a TeX error from KaTeX, say) is shown as it is, in English.
  return problem ? { code: 'note-check-failed', args: { path: problem.path.join('.'), detail: problem.message } } : null;
}

/** Our notes from the planned cards: a cloze note's deletions become one note, each basic card its own. */
function draftsOf(cards: readonly (PlannedCard & { ankiDeckId: number })[], urls: ReadonlyMap<string, string>, skipped: ImportSkip[]): Draft[] {
  const drafts: Draft[] = [];
  const clozeByGuid = new Map<string, (PlannedCard & { ankiDeckId: number })[]>();
  for (const card of cards) {
    if (card.kind === 'cloze') {
      const list = clozeByGuid.get(card.noteGuid) ?? [];
      list.push(card);
      clozeByGuid.set(card.noteGuid, list);
      continue;
    }
    const front = linkMedia(card.front, urls, card.media);
    const back = linkMedia(card.back, urls, card.media);
    const lang = langOf([front, back]);
    drafts.push({
      guid: `anki:${card.noteGuid}:${card.ord}`,
      ankiDeckId: card.ankiDeckId,
      kind: 'basic',
      fields: { kind: 'basic', front: inLang(lang, front), back: inLang(lang, back) },
      tags: tagsToColumn(keptTags(card.tags, card.noteGuid, skipped)),
      media: card.media,
      ankiCards: [{ ankiCardId: card.ankiCardId, suffix: '' }],
    });
  }
  for (const [guid, list] of clozeByGuid) {
    const sorted = [...list].sort((a, b) => a.ord - b.ord);
    const first = sorted[0]!;
    if (first.kind !== 'cloze') continue;
    const text = linkMedia(first.text, urls, first.media);
    const extra = linkMedia(first.extra, urls, first.media);
    const lang = langOf([text, extra]);
    const extraText = inLang(lang, extra);
    drafts.push({
      guid: `anki:${guid}`,
      ankiDeckId: first.ankiDeckId,
      kind: 'cloze',
      fields: { kind: 'cloze', text: inLang(lang, text), ...(Object.keys(extraText).length > 0 ? { extra: extraText } : {}) },
      tags: tagsToColumn(keptTags(first.tags, guid, skipped)),
      media: [...new Set(sorted.flatMap((card) => card.media))],
      ankiCards: sorted.map((card) => ({ ankiCardId: card.ankiCardId, suffix: card.kind === 'cloze' ? `/c${card.index}` : '' })),
    });
  }
  return drafts;
}

/** A free slug from a deck name: kebab-case ASCII, else `anki-<hash>`; `-2`, `-3`… when taken. */
async function slugForDeck(name: string, taken: (slug: string) => Promise<boolean>): Promise<string> {
  const ascii = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/, '');
  const base = ascii.length >= 2 && !reservedSlugs.has(ascii) ? ascii : `anki-${hashHex(name, 8)}`;
  let slug = base;
  for (let n = 2; await taken(slug); n += 1) slug = `${base}-${n}`;
  return slug;
}

function deckSummaryText(description: string): string {
  const text = ankiHtmlToStudyText(sanitizeFieldHtml(description), new Set()).text.slice(0, authoringLimits.summaryChars);
  return texProblems(text).length === 0 ? text : '';
}

/**
 * Plans an import of `collection` against the database as `lookup` sees it. Nothing is written; `changes` is what
 * the store writes, `outcome` the summary (counts of what will be created, what is updated, what is skipped).
 */
export async function buildImport(collection: AnkiCollection, options: { history: boolean; nowMs: number; lookup: ImportLookup }): Promise<{ changes: ImportChanges; outcome: ImportOutcome }> {
  const { lookup, history, nowMs } = options;
  const skipped: ImportSkip[] = [];
  const media = usableMedia(collection.media, skipped);
  const plan = planImport({ ...collection, media: media.kept }, { history });
  skipped.push(...plan.skipped);

  const planned = plan.decks.flatMap((deck) => deck.cards.map((card) => ({ ...card, ankiDeckId: deck.ankiDeckId })));
  const drafts: Draft[] = [];
  for (const draft of draftsOf(planned, media.urls, skipped)) {
    const problem = draftProblem(draft.fields);
    if (problem) skipped.push(ankiSkip('note', draft.guid.replace(/^anki:/, ''), problem.code, problem.args));
    else drafts.push(draft);
  }

  const existing = await lookup.notesByGuid(drafts.map((draft) => draft.guid));
  const decks = new Map(collection.decks.map((deck) => [deck.id, deck]));
  // A deck's article: where most of its notes already live (a re-import), else a new article named after it.
  const slugOfDeck = new Map<number, { slug: string; isNew: boolean }>();
  const newArticles: NewArticle[] = [];
  const usedSlugs = new Set<string>();
  for (const deckId of new Set(drafts.map((draft) => draft.ankiDeckId))) {
    const votes = new Map<string, number>();
    for (const draft of drafts) {
      const note = draft.ankiDeckId === deckId ? existing.get(draft.guid) : undefined;
      if (note) votes.set(note.articleSlug, (votes.get(note.articleSlug) ?? 0) + 1);
    }
    const best = [...votes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
    if (best) {
      slugOfDeck.set(deckId, { slug: best, isNew: false });
      continue;
    }
    const deck = decks.get(deckId);
    const name = (deck?.name ?? `Deck ${deckId}`).slice(0, authoringLimits.titleChars);
    const slug = await slugForDeck(name, async (candidate) => usedSlugs.has(candidate) || (await lookup.articleExists(candidate)));
    usedSlugs.add(slug);
    const summary = deckSummaryText(deck?.description ?? '');
    const lang = langOf([name]);
    const summaryLang = langOf([summary]);
    newArticles.push({
      slug,
      titleZh: lang === 'zh' ? name : '',
      titleEn: lang === 'en' ? name : '',
      summaryZh: summaryLang === 'zh' ? summary : '',
      summaryEn: summaryLang === 'en' ? summary : '',
    });
    slugOfDeck.set(deckId, { slug, isNew: true });
  }

  const cardsBefore = await lookup.cardsOfNotes([...existing.values()].map((note) => note.id));
  // A new note's id: `<slug>/anki-<hash of its guid>`, or with `-2`, `-3`… when that is taken (looked up in one go).
  const baseNoteId = (draft: Draft) => `${slugOfDeck.get(draft.ankiDeckId)!.slug}/anki-${hashHex(draft.guid, 12)}`;
  const takenNoteIds = await lookup.existingNoteIds(drafts.filter((draft) => !existing.has(draft.guid)).map(baseNoteId));
  const usedNoteIds = new Set<string>();
  const notes: NoteWrite[] = [];
  const ourCardOfAnki = new Map<number, { cardId: string; matched: boolean }>();
  const deckCounts = new Map<number, { notes: number; cards: number }>();
  const noteVersions: { id: string; version: number }[] = [];
  const usedMedia = new Set<string>();
  let unchanged = 0;
  for (const draft of drafts) {
    const before = existing.get(draft.guid);
    let write: NoteWrite | null;
    if (before) {
      if (before.retired) {
        skipped.push(ankiSkip('note', draft.guid.replace(/^anki:/, ''), 'note-retired', { note: before.id }));
        continue;
      }
      write = updatedNote(before, draft, cardsBefore.get(before.id) ?? []);
      noteVersions.push({ id: before.id, version: before.version });
      if (!write) unchanged += 1;
    } else {
      const slug = slugOfDeck.get(draft.ankiDeckId)!.slug;
      const base = baseNoteId(draft);
      let id = base;
      for (let n = 2; usedNoteIds.has(id) || takenNoteIds.has(id) || (id !== base && (await lookup.existingNoteIds([id])).size > 0); n += 1) id = `${base}-${n}`;
      usedNoteIds.add(id);
      write = {
        id,
        articleSlug: slug,
        kind: draft.kind,
        fields: draft.fields,
        tags: draft.tags,
        guid: draft.guid,
        version: 1,
        changed: changedPaths(null, { fields: draft.fields, tags: draft.tags }),
        isNew: true,
        cards: cardsOfNote(id, draft.fields).map((card) => ({ id: card.id, content: card.content, contentHash: cardContentHash(card.content), action: 'create' as const })),
      };
    }
    if (write) notes.push(write);
    const noteId = before?.id ?? write!.id;
    const live = new Set(cardsOfNote(noteId, write?.fields ?? before!.fields).map((card) => card.id));
    for (const { ankiCardId, suffix } of draft.ankiCards) {
      if (live.has(`${noteId}${suffix}`)) ourCardOfAnki.set(ankiCardId, { cardId: `${noteId}${suffix}`, matched: before !== undefined });
    }
    for (const name of draft.media) usedMedia.add(name);
    const counts = deckCounts.get(draft.ankiDeckId) ?? { notes: 0, cards: 0 };
    counts.notes += 1;
    counts.cards += draft.ankiCards.length;
    deckCounts.set(draft.ankiDeckId, counts);
  }

  const mediaFiles = [...usedMedia].flatMap((name) => (media.files.has(name) ? [media.files.get(name)!] : []));
  const present = await lookup.mediaExists(mediaFiles.map((file) => file.sha256));
  const newMedia = [...new Map(mediaFiles.filter((file) => !present.has(file.sha256)).map((file) => [file.sha256, file])).values()];

  const { reviews, states, expectStates } = history ? await replayImported(collection, plan.reviews, ourCardOfAnki, lookup, nowMs, skipped) : { reviews: [], states: [], expectStates: [] };

  const decksOut: ImportDeckSummary[] = [...slugOfDeck].map(([deckId, { slug, isNew }]) => ({
    name: decks.get(deckId)?.name ?? String(deckId),
    slug,
    newArticle: isNew,
    ...(deckCounts.get(deckId) ?? { notes: 0, cards: 0 }),
  }));
  const cardWrites = notes.flatMap((note) => note.cards);
  return {
    changes: { articles: newArticles, notes, media: newMedia, reviews, states, expect: { noteVersions, states: expectStates } },
    outcome: {
      articles: [...new Set(decksOut.map((deck) => deck.slug))],
      cards: cardWrites.filter((card) => card.action === 'create').length,
      media: newMedia.length,
      reviews: reviews.length,
      decks: decksOut,
      notes: { created: notes.filter((note) => note.isNew).length, updated: notes.filter((note) => !note.isNew).length, unchanged },
      cardsUpdated: cardWrites.filter((card) => card.action !== 'create').length,
      statesReplayed: states.filter((state) => state.memory !== null).length,
      skipped,
    },
  };
}

/** A matched note with the package's content: the new version and its card changes, or null when nothing changed. */
function updatedNote(before: ExistingNote, draft: Draft, cards: readonly { id: string; contentHash: string; retired: boolean }[]): NoteWrite | null {
  const after = { fields: draft.fields, tags: draft.tags };
  const changed = changedPaths({ fields: before.fields, tags: before.tags }, after);
  if (changed.length === 0) return null;
  const wanted = cardsOfNote(before.id, draft.fields);
  const writes: CardWrite[] = [];
  for (const card of wanted) {
    const hash = cardContentHash(card.content);
    const old = cards.find((candidate) => candidate.id === card.id);
    if (!old) writes.push({ id: card.id, content: card.content, contentHash: hash, action: 'create' });
    else if (old.contentHash !== hash || old.retired) writes.push({ id: card.id, content: card.content, contentHash: hash, action: 'update' });
  }
  const keep = new Set(wanted.map((card) => card.id));
  for (const old of cards) if (!keep.has(old.id) && !old.retired) writes.push({ id: old.id, action: 'retire' });
  return { id: before.id, articleSlug: before.articleSlug, kind: draft.kind, fields: draft.fields, tags: draft.tags, guid: draft.guid, version: before.version + 1, changed, isNew: false, cards: writes };
}

/**
 * The kept review log (Anki's FSRS rules, lib/anki/revlog.ts) as reviews of our cards, each card's history
 * (with any reviews already in the log) replayed through the scheduler. Anki cards suspended there stay suspended.
 */
async function replayImported(
  collection: AnkiCollection,
  imported: readonly { ankiCardId: number; reviewedAtMs: number; rating: 1 | 2 | 3 | 4; durationMs: number }[],
  ourCardOfAnki: ReadonlyMap<number, { cardId: string; matched: boolean }>,
  lookup: ImportLookup,
  nowMs: number,
  skipped: ImportSkip[],
): Promise<{ reviews: ReviewWrite[]; states: StateWrite[]; expectStates: { cardId: string; reps: number | null }[] }> {
  const byCard = new Map<string, { ankiCardId: number; reviewedAtMs: number; rating: 1 | 2 | 3 | 4; durationMs: number }[]>();
  let orphaned = 0;
  for (const review of imported) {
    const target = ourCardOfAnki.get(review.ankiCardId);
    if (!target) {
      orphaned += 1;
      continue;
    }
    const list = byCard.get(target.cardId) ?? [];
    list.push(review);
    byCard.set(target.cardId, list);
  }
  if (orphaned > 0) skipped.push(ankiSkip('revlog', `${orphaned} rows`, 'revlog-cards-skipped', { rows: orphaned }));
  const suspended = new Set(collection.cards.filter((card) => card.queue === -1).flatMap((card) => {
    const target = ourCardOfAnki.get(card.id);
    return target ? [target.cardId] : [];
  }));
  const matched = [...ourCardOfAnki.values()].filter((target) => target.matched).map((target) => target.cardId);
  const touched = [...new Set([...byCard.keys(), ...suspended])];
  const touchedSet = new Set(touched);
  const before = await lookup.reviewsOf(matched.filter((cardId) => byCard.has(cardId)));
  const beforeByCard = new Map<string, (typeof before)[number][]>();
  for (const review of before) {
    const list = beforeByCard.get(review.cardId);
    if (list) list.push(review);
    else beforeByCard.set(review.cardId, [review]);
  }
  const statesBefore = await lookup.statesOf(matched.filter((cardId) => touchedSet.has(cardId)));
  const reviews: ReviewWrite[] = [];
  const states: StateWrite[] = [];
  const expectStates: { cardId: string; reps: number | null }[] = [];
  for (const cardId of touched) {
    const known = new Map((beforeByCard.get(cardId) ?? []).map((review) => [review.id, review]));
    const events: HistoryEvent[] = [...known.values()].map((review) => ({ id: review.id, rating: review.rating, reviewedAtMs: review.reviewedAtMs, durationMs: review.durationMs, isNew: false }));
    for (const review of byCard.get(cardId) ?? []) {
      const id = importedReviewId(lookup.userId, cardId, review.reviewedAtMs);
      if (!known.has(id)) events.push({ id, rating: review.rating, reviewedAtMs: review.reviewedAtMs, durationMs: review.durationMs, isNew: true });
    }
    const fresh = events.some((event) => event.isNew);
    if (!fresh && !suspended.has(cardId)) continue;
    const replayed = fresh ? replayHistory(cardId, events, lookup.settings) : { rows: [], memory: null };
    reviews.push(...replayed.rows);
    states.push({ cardId, memory: replayed.memory, suspendedAtMs: suspended.has(cardId) ? nowMs : null });
    expectStates.push({ cardId, reps: statesBefore.get(cardId)?.reps ?? null });
  }
  return { reviews, states, expectStates };
}
