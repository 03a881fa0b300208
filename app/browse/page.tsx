import type { Metadata } from 'next';
import Link from 'next/link';
import { SuspendToggle } from '@/app/_components/suspend-toggle';
import { listArticles } from '@/lib/articles';
import { canEdit, searchFor } from '@/lib/authoring';
import { searchQuerySchema } from '@/lib/authoring-schema';
import { dictionary, t } from '@/lib/i18n';
import { renderRich } from '@/lib/rich-text';
import { pageLang, requirePageUser } from '@/lib/session';

export const metadata: Metadata = { title: 'Browse' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const pageSize = 50;

/** Anki's browser for the group: find cards by text (either language), article, tag, suspended/leech; open, edit, suspend. */
export default async function BrowsePage({ searchParams }: Props) {
  const user = await requirePageUser();
  const lang = await pageLang(user);
  const text = dictionary(lang);
  const raw = Object.fromEntries(Object.entries(await searchParams).flatMap(([k, v]) => (typeof v === 'string' && v !== '' ? [[k, v]] : [])));
  const parsed = searchQuerySchema.safeParse({ ...raw, limit: pageSize });
  const query = parsed.success ? parsed.data : { limit: pageSize, offset: 0 };
  const [articles, results] = await Promise.all([
    listArticles(lang),
    parsed.success ? searchFor(user, { ...query, ...(query.q?.trim() ? { q: query.q } : { q: undefined }) }) : Promise.resolve({ cards: [], total: 0 }),
  ]);
  const titles = new Map(articles.map((a) => [a.slug, a.title]));
  const editor = canEdit(user);
  const link = (offset: number) => `/browse?${new URLSearchParams({ ...raw, offset: String(offset) }).toString()}`;
  return (
    <section className="browse">
      <h1>{t(lang, 'browseTitle')}</h1>
      <p className="muted">{t(lang, 'browseIntro')}</p>
      <form className="inline-form browse-form" method="get" action="/browse" role="search">
        <label>
          {text.searchText} <input name="q" type="search" defaultValue={raw.q ?? ''} maxLength={200} data-testid="browse-q" />
        </label>
        <label>
          {text.home}{' '}
          <select name="article" defaultValue={raw.article ?? ''} data-testid="browse-article">
            <option value="">{text.allArticles}</option>
            {articles.map((a) => (
              <option key={a.slug} value={a.slug}>
                {a.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          {text.tag} <input name="tag" defaultValue={raw.tag ?? ''} maxLength={40} size={10} />
        </label>
        <label>
          {text.status}{' '}
          <select name="state" defaultValue={raw.state ?? ''}>
            <option value="">{text.anyState}</option>
            <option value="suspended">{text.suspendedState}</option>
            <option value="leech">{text.leechState}</option>
          </select>
        </label>
        <button type="submit" className="primary">
          {text.search}
        </button>
      </form>
      {!parsed.success && (
        <p className="error" role="alert">
          {parsed.error.issues[0]?.message}
        </p>
      )}
      <p data-testid="browse-total">
        {results.total} {text.results}
      </p>
      {results.cards.length === 0 && <p className="muted">{text.noResults}</p>}
      <ol className="card-list" data-testid="browse-results" start={query.offset + 1}>
        {results.cards.map((card) => (
          <li key={card.id} className="card-item" data-card={card.id}>
            <span className="meta">
              <Link className="tag" href={`/articles/${card.article}`}>
                {titles.get(card.article) ?? card.article}
              </Link>
              <span className="tag">{card.kind === 'cloze' ? text.clozeCard : card.kind === 'basic' ? text.basicKind : text.problemCard}</span>
              {card.suspended && <span className="tag">{text.suspendedState}</span>}
              {card.leech && <span className="tag leech">leech</span>}
            </span>
            <div className="rich clamp" dangerouslySetInnerHTML={{ __html: renderRich(card.front) }} />
            <span className="actions">
              {card.kind !== 'problem' ? <Link href={`/cards/${card.id}`}>{editor ? `${text.open} / ${text.edit}` : text.open}</Link> : <Link href={`/progress/cards/${card.id}`}>{text.open}</Link>} ·{' '}
              <SuspendToggle cardId={card.id} suspended={card.suspended} labels={{ suspend: text.suspend, unsuspend: text.unsuspend }} />
            </span>
          </li>
        ))}
      </ol>
      <p className="pager">
        {query.offset > 0 && <Link href={link(Math.max(0, query.offset - pageSize))}>← {text.previousPage}</Link>}{' '}
        {query.offset + pageSize < results.total && <Link href={link(query.offset + pageSize)}>{text.nextPage} →</Link>}
      </p>
    </section>
  );
}
