import { diffWords } from '@/lib/text-diff';

/** The bundled change against the local version, one changed field per row (removed words struck, added underlined). */
export function BundledDiff({ rows, mineLabel, bundledLabel }: { rows: readonly { path: string; mine: string; bundled: string }[]; mineLabel: string; bundledLabel: string }) {
  return (
    <dl className="bundled-diff" data-testid="bundled-diff">
      {rows.map((row) => (
        <div key={row.path}>
          <dt>
            <code>{row.path}</code> <span className="muted">({mineLabel} → {bundledLabel})</span>
          </dt>
          <dd>
            {diffWords(row.mine, row.bundled).map((part, i) =>
              part.kind === 'same' ? <span key={i}>{part.text}</span> : part.kind === 'removed' ? <del key={i}>{part.text}</del> : <ins key={i}>{part.text}</ins>,
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** The value at a path such as "front.en" of a note's fields ("tags" for the tags). */
export function valueAt(fields: Record<string, unknown>, tags: readonly string[], path: string): string {
  if (path === 'tags') return tags.join(' ');
  const [name, lang] = path.split('.');
  const value = fields[name ?? ''];
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && lang) return String((value as Record<string, unknown>)[lang] ?? '');
  return '';
}
