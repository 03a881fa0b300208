import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import type { Lang } from '@/lib/accounts';
import { generateInstance, type Level } from '@/engine';
import { getArticle, type ArticleCard } from '@/lib/articles';
import { canEdit } from '@/lib/authoring';
import { textIn } from '@/lib/authoring-schema';
import { familyFor, refreshAuthoredFamilies } from '@/lib/question-families';
import { clozeRevealed } from '@/lib/cloze';
import { t } from '@/lib/i18n';
import { renderRich } from '@/lib/rich-text';
import { pageLang, requirePageUser } from '@/lib/session';

type Props = { params: Promise<{ slug: string }> };

// NOTE: an imported deck can hold thousands of cards; the page renders (KaTeX included) a bounded number.
const listedCards = 300;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await params).slug };
}

function Rich({ source, inline }: { source: string; inline?: boolean }) {
  const html = renderRich(source, { inline });
  return inline ? <span dangerouslySetInnerHTML={{ __html: html }} /> : <div className="rich" dangerouslySetInnerHTML={{ __html: html }} />;
}

function CardView({ card, lang }: { card: ArticleCard; lang: Lang }) {
  const content = card.content;
  if (content.kind === 'basic') {
    return (
      <li className="card-item">
        <Rich source={textIn(content.front, lang)} />
        <details>
          <summary>{lang === 'zh' ? '答案' : 'Answer'}</summary>
          <Rich source={textIn(content.back, lang)} />
        </details>
      </li>
    );
  }
  if (content.kind === 'cloze') {
    return (
      <li className="card-item">
        <span className="tag">{t(lang, 'cloze')}</span>
        <Rich source={clozeRevealed(textIn(content.text, lang))} />
        {content.extra && <Rich source={textIn(content.extra, lang)} />}
      </li>
    );
  }
  return null;
}

export default async function ArticlePage({ params }: Props) {
  const user = await requirePageUser();
  const lang = await pageLang(user);
  const article = await getArticle((await params).slug, lang);
  if (!article) notFound();
  await refreshAuthoredFamilies();
  // NOTE: cloze siblings share one text, so the page lists each text once.
  const seenNotes = new Set<string>();
  const cards = article.cards.filter((card) => {
    if (card.content.kind === 'problem') return false;
    const note = card.id.replace(/\/c\d+$/, '');
    if (seenNotes.has(note)) return false;
    seenNotes.add(note);
    return true;
  });
  const problems = article.cards.filter((card) => card.content.kind === 'problem');
  return (
    <article className="article">
      <p>
        <Link href="/">← {t(lang, 'backHome')}</Link>
      </p>
      <h1>{article.title}</h1>
      <p className="meta">
        {article.category && <span className="tag">{article.category}</span>}
        {article.date && <time dateTime={article.date}>{article.date}</time>}
        <span>
          {article.cardCount} {t(lang, 'cards')}
        </span>
      </p>
      <p>
        <Link href={`/study?article=${article.slug}`} className="button-link" data-testid="study-article">
          {t(lang, 'studyArticle')}
        </Link>
        {canEdit(user) && (
          <>
            {' '}
            <Link href={`/articles/${article.slug}/edit`} data-testid="edit-article">
              {t(lang, 'editArticle')}
            </Link>
          </>
        )}{' '}
        <Link href={`/browse?article=${article.slug}`}>{t(lang, 'browse')}</Link>
        {' · '}
        <a href={`/api/v1/articles/${article.slug}/export?format=apkg`} download data-testid="export-apkg">
          {t(lang, 'exportApkg')}
        </a>
        {' · '}
        <a href={`/api/v1/articles/${article.slug}/export?format=apkg&history=1`} download data-testid="export-apkg-history">
          {t(lang, 'exportApkgHistory')}
        </a>
        {article.sourceUrl && (
          <>
            {' · '}
            <a href={article.sourceUrl} rel="noopener noreferrer nofollow" target="_blank">
              {t(lang, 'sourceLink')}
            </a>
          </>
        )}
      </p>
      <section>
        <h2>{t(lang, 'summary')}</h2>
        <Rich source={article.summary} />
      </section>
      {article.families.length > 0 && (
        <section>
          <h2>{t(lang, 'exercises')}</h2>
          <p className="muted">{t(lang, 'exercisesIntro')}</p>
          <ul className="family-list" data-testid="family-list">
            {article.families.map((id) => {
              const family = familyFor(id);
              const levels = problems.flatMap((card) => (card.content.kind === 'problem' && card.content.familyId === id ? [card.content.level] : []));
              const example = family && levels[0] ? generateInstance(family, 1, levels[0] as Level).prompt(lang) : null;
              return (
                <li key={id} className="card-item">
                  <strong>{family?.title[lang] ?? id}</strong>{' '}
                  <span className="muted">
                    {t(lang, 'level')}: {levels.join(' · ')}
                  </span>
                  {example && (
                    <details>
                      <summary>{t(lang, 'exampleInstance')}</summary>
                      <Rich source={example} />
                    </details>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      )}
      <section>
        <h2>{t(lang, 'cardsHeading')}</h2>
        <ol className="card-list" data-testid="card-list">
          {cards.slice(0, listedCards).map((card) => (
            <CardView key={card.id} card={card} lang={lang} />
          ))}
        </ol>
        {cards.length > listedCards && (
          <p className="muted">
            <Link href={`/browse?article=${article.slug}`}>{t(lang, 'articleCardsCapped').replace('{n}', String(listedCards))}</Link>
          </p>
        )}
      </section>
      {article.excerpt && (
        <details className="excerpt">
          <summary>{t(lang, 'sourceExcerpt')}</summary>
          <p lang="zh-CN">{article.excerpt}</p>
        </details>
      )}
    </article>
  );
}
