// Why something in an Anki file is left out: a stable code with its arguments, and the English text made from
// them (`reason`). lib/i18n-anki.ts has the Chinese template of every code; the import page shows a person's own
// language, an API client may keep reading `reason`. No imports: the import page's browser code renders these too.

/** English templates: `{name}` is replaced by the argument `name`. */
export const ANKI_SKIP_REASONS_EN = {
  // Reading the collection (lib/anki)
  'note-bad-ids': 'its id or note type id is not an integer',
  'note-unknown-notetype': 'its note type {notetype} is not in the collection',
  'field-too-long': 'field {field} is longer than {max} characters',
  'active-element': 'its field {field} contains a <{element}> element',
  'active-handler': 'its field {field} contains an event handler ({handler}=)',
  'active-link': 'its field {field} contains a {scheme}: link',
  'card-bad-values': 'a column holds something other than an integer',
  'card-note-missing': 'its note {note} was not imported',
  'card-deck-missing': 'its deck {deck} is not in the collection',
  'revlog-invalid': 'they belong to cards that were not imported or hold invalid values',
  'media-listed-twice': 'the package lists this name twice; the first is kept',
  'row-no-text': 'it has no field text',
  'row-no-cloze': 'its cloze note has no {{c1::…}} deletion',
  // Mapping notes to cards and planning (lib/anki)
  'cloze-deletion-missing': "the note's first field has no cloze deletion c{index}",
  'question-empty': 'its question side is empty',
  'note-no-cards': 'it has no cards',
  'deck-no-cards': 'it holds no cards of its own',
  'media-unused': 'no imported card shows it',
  'revlog-cards-not-imported': 'their cards are not imported',
  'revlog-ignored-by-fsrs': 'FSRS ignores them (cramming, manual rescheduling, history before a reset)',
  'revlog-not-asked': 'review history was not asked for',
  // This app's rules for what it stores (lib/anki-import)
  'media-not-image': 'it is not a PNG, JPEG, GIF or WebP image (only images are shown on cards)',
  'media-too-large': 'it is larger than {max} MiB',
  'tag-invalid': 'note {note}: a tag has at most {max} characters and no quotes',
  'tag-too-many': 'note {note}: a card keeps at most {max} tags',
  'note-field-too-long': 'a field is longer than {max} characters after conversion',
  'note-answer-empty': 'its answer side is empty',
  'note-check-failed': '{path}: {detail}',
  'note-retired': 'it was imported before as {note} and retired in the app since; restore it there to update it',
  'revlog-cards-skipped': 'their cards were skipped',
} as const;

export type AnkiSkipCode = keyof typeof ANKI_SKIP_REASONS_EN;
export type AnkiSkipArgs = Readonly<Record<string, string | number>>;

/** Something in the input that was left out, and why (shown on the import summary). */
export interface AnkiSkip {
  readonly what: 'note' | 'card' | 'revlog' | 'deck' | 'notetype' | 'media' | 'row' | 'tag';
  readonly id: string;
  readonly code: AnkiSkipCode;
  readonly args: AnkiSkipArgs;
  /** The reason in English. */
  readonly reason: string;
}

/**
 * `template` with each `{name}` replaced by `args.name` (a name without an argument stays as it is).
 * Example: fillSkipTemplate('its deck {deck} is not in the collection', { deck: 7 }) → 'its deck 7 is not in the collection'.
 */
export function fillSkipTemplate(template: string, args: AnkiSkipArgs): string {
  return template.replace(/\{([A-Za-z][A-Za-z0-9]*)\}/g, (whole, name: string) => (name in args ? String(args[name]) : whole));
}

/** A skip with its code, arguments and English reason. */
export function ankiSkip(what: AnkiSkip['what'], id: string, code: AnkiSkipCode, args: AnkiSkipArgs = {}): AnkiSkip {
  return { what, id, code, args, reason: fillSkipTemplate(ANKI_SKIP_REASONS_EN[code], args) };
}
