const deletion = /\{\{c(\d+)::((?:(?!\}\}).)+?)(?:::((?:(?!\}\}).)+?))?\}\}/gs;

/**
 * A cloze text as shown for deletion `index`: in the question that deletion becomes `[…]` (or `[hint]`),
 * in the answer it is bold; other deletions always show their text.
 * Example: clozeView('a {{c1::b}} c', 1, 'question') → 'a **[…]** c'.
 */
export function clozeView(text: string, index: number, side: 'question' | 'answer'): string {
  return text.replace(deletion, (_, n: string, hidden: string, hint: string | undefined) => {
    if (Number(n) !== index) return hidden;
    return side === 'question' ? `**[${hint ?? '…'}]**` : `**${hidden}**`;
  });
}

/** The text with every deletion shown in bold (for browsing an article's cards). */
export function clozeRevealed(text: string): string {
  return text.replace(deletion, (_, _n: string, hidden: string) => `**${hidden}**`);
}
