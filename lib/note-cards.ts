import { createHash } from 'node:crypto';
import type { Level } from '@/engine';
import { noteClozeIndices, type LangText, type NoteFields } from './authoring-schema';

export type CardContent =
  | { readonly kind: 'basic'; readonly front: LangText; readonly back: LangText }
  | { readonly kind: 'cloze'; readonly text: LangText; readonly index: number; readonly extra?: LangText }
  | { readonly kind: 'problem'; readonly familyId: string; readonly level: Level };

export function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);
}

/** The cards of a note: a basic note is one card with the note's id; a cloze note has `<id>/cN` per deletion. */
export function cardsOfNote(noteId: string, fields: NoteFields): { id: string; content: CardContent }[] {
  if (fields.kind === 'basic') return [{ id: noteId, content: { kind: 'basic', front: fields.front, back: fields.back } }];
  return noteClozeIndices(fields.text).map((index) => ({
    id: `${noteId}/c${index}`,
    content: { kind: 'cloze', text: fields.text, index, ...(fields.extra ? { extra: fields.extra } : {}) },
  }));
}

/** The hash stored with a card, to see whether its content changed. */
export function cardContentHash(content: CardContent, familyVersion: number | null = null): string {
  return hashOf([content, familyVersion]);
}

