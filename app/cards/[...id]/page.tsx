import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ActionButton } from '@/app/_components/article-form';
import { BundledDiff, valueAt } from '@/app/_components/bundled-diff';
import { CardEditor } from '@/app/_components/card-editor';
import { SuspendToggle } from '@/app/_components/suspend-toggle';
import { canEdit, noteDetail, suspendedCards } from '@/lib/authoring';
import type { NoteFields } from '@/lib/authoring-schema';
import { clozeRevealed } from '@/lib/cloze';
import { dictionary, t } from '@/lib/i18n';
import { renderRich } from '@/lib/rich-text';
import { pageLang, requirePageUser } from '@/lib/session';

type Props = { params: Promise<{ id: string[] }> };

export const metadata: Metadata = { title: 'Card' };

function FieldsView({ fields }: { fields: NoteFields }) {
  const entries = Object.entries(fields).filter(([name]) => name !== 'kind') as [string, { zh?: string; en?: string }][];
  return (
    <dl className="card-fields">
      {entries.map(([name, value]) =>
        (['zh', 'en'] as const).flatMap((lang) =>
          value[lang]
            ? [
                <div key={`${name}.${lang}`}>
                  <dt>
                    {name} · {lang}
                  </dt>
                  <dd className="rich" dangerouslySetInnerHTML={{ __html: renderRich(name === 'text' ? clozeRevealed(value[lang]!) : value[lang]!) }} />
                </div>,
              ]
            : [],
        ),
      )}
    </dl>
  );
}

/** The card id from its path segments, or null when a segment does not decode. */
function decodedId(segments: string[]): string | null {
  try {
    return segments.map(decodeURIComponent).join('/');
  } catch {
    return null;
  }
}

/** A card: its content, its versions (who, when, what changed), and for editors the editor and any bundled change. */
export default async function CardPage({ params }: Props) {
  const user = await requirePageUser();
  const lang = await pageLang(user);
  const id = decodedId((await params).id);
  const note = id === null ? null : await noteDetail(id);
  if (!note) notFound();
  const text = dictionary(lang);
  const editor = canEdit(user);
  const suspended = await suspendedCards(user.id, note.cardIds);
  const pendingRows = note.pendingBundled
    ? note.pendingBundled.changed.map((path) => ({ path, mine: valueAt(note.fields, note.tags, path), bundled: valueAt(note.pendingBundled!.fields, note.pendingBundled!.tags, path) }))
    : [];
  return (
    <section className="card-page" data-testid="card-page">
      <p>
        <Link href={`/articles/${note.articleSlug}`}>← {note.articleSlug}</Link>
      </p>
      <h1>
        {t(lang, 'cardPage')} <code className="slug">{note.id}</code>
      </h1>
      <p className="meta">
        <span className="tag">{note.kind === 'cloze' ? text.clozeCard : text.basicKind}</span>
        <span data-testid="card-version">
          {text.version} {note.version}
        </span>
        {note.tags.map((tag) => (
          <Link key={tag} className="tag" href={`/browse?tag=${encodeURIComponent(tag)}`}>
            {tag}
          </Link>
        ))}
        {note.retired && <span className="tag leech">{text.retired}</span>}
      </p>
      <FieldsView fields={note.fields} />
      <ul className="card-actions">
        {note.cardIds.map((cardId) => (
          <li key={cardId}>
            <code className="slug">{cardId}</code> <Link href={`/progress/cards/${cardId}`}>{text.reviewHistory}</Link> ·{' '}
            <SuspendToggle cardId={cardId} suspended={suspended.has(cardId)} labels={{ suspend: text.suspend, unsuspend: text.unsuspend }} />
          </li>
        ))}
      </ul>
      {editor && note.pendingBundled && (
        <section className="notice" data-testid="card-bundled-change">
          <h2>{text.bundledChanged}</h2>
          <p className="muted">{text.bundledChangedIntro}</p>
          <BundledDiff rows={pendingRows} mineLabel={text.mine} bundledLabel={text.bundled} />
          <ActionButton url={`/api/v1/cards/${encodeURIComponent(note.id)}/bundled`} body={{ take: 'bundled' }} label={text.takeBundled} className="primary" testId="take-bundled" />{' '}
          <ActionButton url={`/api/v1/cards/${encodeURIComponent(note.id)}/bundled`} body={{ take: 'mine' }} label={text.keepMine} testId="keep-mine" />
        </section>
      )}
      {editor && (
        <section>
          <h2>{text.editCard}</h2>
          <CardEditor
            key={`${note.id}@${note.version}`}
            text={text}
            target={{ edit: note.id }}
            initial={{ kind: note.kind, fields: Object.fromEntries(Object.entries(note.fields).filter(([k]) => k !== 'kind')) as Record<string, { zh?: string; en?: string }>, tags: note.tags }}
          />
          {!note.retired && (
            <p>
              <ActionButton url={`/api/v1/cards/${encodeURIComponent(note.id)}`} method="DELETE" label={text.retireCard} testId="retire-card" />
            </p>
          )}
        </section>
      )}
      <h2>{text.versions}</h2>
      <ul className="versions" data-testid="versions">
        {note.versions.map((version) => (
          <li key={version.version} data-version={version.version}>
            <strong>
              {text.version} {version.version}
            </strong>{' '}
            · {version.change} · {version.author ?? text.bundledContent} · <time dateTime={version.createdAt}>{version.createdAt.slice(0, 16).replace('T', ' ')}</time>
            {version.changed.length > 0 && (
              <span className="muted">
                {' '}
                · {text.changed}: {version.changed.join(', ')}
              </span>
            )}
            <details>
              <summary>{text.open}</summary>
              <FieldsView fields={version.fields} />
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
}
