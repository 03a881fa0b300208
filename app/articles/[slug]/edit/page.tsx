import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ActionButton, ArticleForm } from '@/app/_components/article-form';
import { BulkPaste } from '@/app/_components/bulk-paste';
import { BundledDiff } from '@/app/_components/bundled-diff';
import { CardEditor } from '@/app/_components/card-editor';
import { articleNotes, articleRow, canEdit } from '@/lib/authoring';
import { textIn } from '@/lib/authoring-schema';
import { dictionary, t } from '@/lib/i18n';
import { renderRich } from '@/lib/rich-text';
import { pageLang, requirePageUser } from '@/lib/session';

type Props = { params: Promise<{ slug: string }> };

export const metadata: Metadata = { title: 'Edit article' };

const articleFieldNames = ['titleZh', 'titleEn', 'category', 'date', 'summaryZh', 'summaryEn'] as const;

export default async function EditArticlePage({ params }: Props) {
  const user = await requirePageUser();
  if (!canEdit(user)) notFound();
  const slug = (await params).slug;
  const article = await articleRow(slug);
  if (!article) notFound();
  const lang = await pageLang(user);
  const text = dictionary(lang);
  const notes = await articleNotes(slug);
  const pending = article.pendingBundled;
  const pendingRows = pending
    ? articleFieldNames
        .map((name) => ({ path: name, mine: String(article[name] ?? ''), bundled: String(pending.fields[name] ?? '') }))
        .filter((row) => row.mine !== row.bundled)
    : [];
  return (
    <section className="article-editor">
      <p>
        <Link href={`/articles/${slug}`}>← {article.titleZh || article.titleEn}</Link>
      </p>
      <h1>{t(lang, 'editArticle')}</h1>
      {pending && (
        <section className="notice" data-testid="article-bundled-change">
          <h2>{t(lang, 'bundledChanged')}</h2>
          <p className="muted">{t(lang, 'bundledChangedIntro')}</p>
          <BundledDiff rows={pendingRows} mineLabel={text.mine} bundledLabel={text.bundled} />
          <ActionButton url={`/api/v1/articles/${slug}/bundled`} body={{ take: 'bundled' }} label={text.takeBundled} className="primary" />{' '}
          <ActionButton url={`/api/v1/articles/${slug}/bundled`} body={{ take: 'mine' }} label={text.keepMine} />
        </section>
      )}
      <ArticleForm
        text={text}
        initial={{
          slug,
          titleZh: article.titleZh,
          titleEn: article.titleEn,
          category: article.category,
          date: article.date ?? '',
          source: article.sourceUrl ?? '',
          summaryZh: article.summaryZh,
          summaryEn: article.summaryEn,
        }}
      />
      <p>
        <a href={`/api/v1/articles/${slug}/export`} download data-testid="export-link">
          {t(lang, 'exportArticle')}
        </a>
      </p>
      <h2>{t(lang, 'addCard')}</h2>
      <CardEditor text={text} target={{ create: slug }} />
      <h2>{t(lang, 'bulkPaste')}</h2>
      <BulkPaste slug={slug} text={text} lang={lang} />
      <h2>
        {t(lang, 'cardsHeading')} ({notes.length})
      </h2>
      {notes.length === 0 && <p className="muted">{t(lang, 'noCardsYet')}</p>}
      <ol className="card-list" data-testid="editor-cards">
        {notes.map((note) => {
          const front = note.fields.kind === 'basic' ? textIn(note.fields.front, lang) : textIn(note.fields.text, lang);
          return (
            <li key={note.id} className="card-item">
              <span className="meta">
                <span className="tag">{note.kind === 'cloze' ? text.clozeCard : text.basicKind}</span>
                <span>
                  {text.version} {note.version}
                </span>
                {note.tags.map((tag) => (
                  <span key={tag} className="tag">
                    {tag}
                  </span>
                ))}
                {note.pending && <span className="tag leech">{text.bundledChanged}</span>}
                <Link href={`/cards/${note.id}`}>{text.edit}</Link>
              </span>
              <div className="rich clamp" dangerouslySetInnerHTML={{ __html: renderRich(front) }} />
            </li>
          );
        })}
      </ol>
    </section>
  );
}
