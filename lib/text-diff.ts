/** One piece of a word diff: kept, removed (only in `before`) or added (only in `after`). */
export interface DiffPart {
  readonly kind: 'same' | 'removed' | 'added';
  readonly text: string;
}

/**
 * A word-level diff (longest common subsequence over words and whitespace; CJK characters count as words).
 * Example: diffWords('a b c', 'a x c') → same 'a ', removed 'b', added 'x', same ' c'.
 */
export function diffWords(before: string, after: string): DiffPart[] {
  const split = (s: string) => s.match(/[\p{Script=Han}]|[^\s\p{Script=Han}]+|\s+/gu) ?? [];
  const a = split(before).slice(0, 2000);
  const b = split(after).slice(0, 2000);
  const table: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) table[i]![j] = a[i] === b[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
  }
  const parts: DiffPart[] = [];
  const push = (kind: DiffPart['kind'], text: string) => {
    const last = parts[parts.length - 1];
    if (last && last.kind === kind) parts[parts.length - 1] = { kind, text: last.text + text };
    else parts.push({ kind, text });
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      push('same', a[i]!);
      i++;
      j++;
    } else if (table[i + 1]![j]! >= table[i]![j + 1]!) push('removed', a[i++]!);
    else push('added', b[j++]!);
  }
  while (i < a.length) push('removed', a[i++]!);
  while (j < b.length) push('added', b[j++]!);
  return parts;
}
