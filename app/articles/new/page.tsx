import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ArticleForm, ImportForm } from '@/app/_components/article-form';
import { canEdit } from '@/lib/authoring';
import { dictionary, t } from '@/lib/i18n';
import { pageLang, requirePageUser } from '@/lib/session';

export const metadata: Metadata = { title: 'New article' };

export default async function NewArticlePage() {
  const user = await requirePageUser();
  if (!canEdit(user)) notFound();
  const lang = await pageLang(user);
  const text = dictionary(lang);
  return (
    <section className="narrow-wide">
      <h1>{t(lang, 'newArticle')}</h1>
      <p className="muted">{t(lang, 'newArticleIntro')}</p>
      <p>
        <Link href="/import" data-testid="anki-import-link">
          {t(lang, 'ankiFromAuthoring')}
        </Link>
      </p>
      <ArticleForm text={text} />
      <h2>{t(lang, 'importArticle')}</h2>
      <ImportForm text={text} />
    </section>
  );
}
