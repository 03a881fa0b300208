import Link from 'next/link';
import { listArticles } from '@/lib/articles';
import { selectQueue } from '@/lib/queue';
import { t } from '@/lib/i18n';
import { pageLang, requirePageUser } from '@/lib/session';

export default async function HomePage() {
  const user = await requirePageUser();
  const lang = await pageLang(user);
  const [articles, queue] = await Promise.all([listArticles(lang), selectQueue(user, new Date())]);
  const { counts } = queue;
  return (
    <>
      <div className="study-home" data-testid="study-home">
        <Link href="/study" className="button-link">
          {t(lang, 'studyNow')}
        </Link>
        <span className="counts">
          <span className="count-new">
            {t(lang, 'newCards')} {counts.new}
          </span>
          <span className="count-learning">
            {t(lang, 'learningCards')} {counts.learning}
          </span>
          <span className="count-review">
            {t(lang, 'reviewCards')} {counts.review}
          </span>
        </span>
      </div>
      <h1>{t(lang, 'articlesTitle')}</h1>
      <p className="muted">{t(lang, 'articlesIntro')}</p>
      <ol className="article-list" data-testid="article-list">
        {articles.map((article) => (
          <li key={article.slug} className="article-item">
            <Link href={`/articles/${article.slug}`}>
              <span className="article-number">{article.position}</span>
              <span className="article-text">
                <strong lang={lang === 'zh' ? 'zh-CN' : 'en'}>{article.title}</strong>
                <span className="muted" lang={lang === 'zh' ? 'en' : 'zh-CN'}>
                  {lang === 'zh' ? article.titleEn : article.titleZh}
                </span>
                <span className="meta">
                  {article.category && <span className="tag">{article.category}</span>}
                  {article.date && <time dateTime={article.date}>{article.date}</time>}
                  <span>
                    {article.cardCount} {t(lang, 'cards')}
                  </span>
                  {article.families.length > 0 && (
                    <span>
                      {article.families.length} {t(lang, 'exerciseFamilies')}
                    </span>
                  )}
                  <code className="slug">{article.slug}</code>
                </span>
              </span>
            </Link>
          </li>
        ))}
      </ol>
    </>
  );
}
