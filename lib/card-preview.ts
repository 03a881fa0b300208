import type { LangText } from './authoring-schema';
import { clozeRevealed } from './cloze';
import { renderRich } from './rich-text';

type PreviewCard =
  | { kind: 'basic'; front?: LangText; back?: LangText }
  | { kind: 'cloze'; text?: LangText; extra?: LangText };

/** Each field of a card rendered as the learner will see it ({field: {zh?, en?}} of HTML); cloze deletions shown in bold. */
export function previewHtml(card: PreviewCard): Record<string, { zh?: string; en?: string }> {
  const render = (value: LangText | undefined, transform: (s: string) => string = (s) => s) => {
    const out: { zh?: string; en?: string } = {};
    if (value?.zh) out.zh = renderRich(transform(value.zh));
    if (value?.en) out.en = renderRich(transform(value.en));
    return out;
  };
  if (card.kind === 'basic') return { front: render(card.front), back: render(card.back) };
  return { text: render(card.text, clozeRevealed), ...(card.extra ? { extra: render(card.extra) } : {}) };
}
