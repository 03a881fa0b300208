import type { Metadata } from 'next';
import Link from 'next/link';
import { dictionary, t } from '@/lib/i18n';
import { exportQuestionFile, listAuthoredFamilies } from '@/lib/question-families';
import { HttpError } from '@/lib/http';
import { pageLang, requirePageUser } from '@/lib/session';
import { FamilyAuthoring } from './family-authoring';
import { STARTER } from './starter';

export const metadata: Metadata = { title: 'Question files' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Question files: the published list and the editor with its live preview (editors and admins). */
export default async function FamiliesPage({ searchParams }: Props) {
  const user = await requirePageUser();
  const lang = await pageLang(user);
  if (user.role !== 'admin' && user.role !== 'editor') {
    return (
      <article>
        <h1>{t(lang, 'families')}</h1>
        <p className="error">{t(lang, 'familiesEditorsOnly')}</p>
      </article>
    );
  }
  const query = await searchParams;
  const editId = typeof query.id === 'string' && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(query.id) ? query.id : undefined;
  let initial = STARTER[lang];
  if (editId) {
    try {
      initial = (await exportQuestionFile(editId)).yaml;
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
    }
  }
  const published = await listAuthoredFamilies(lang);
  return (
    <article className="families" data-testid="families-page">
      <h1>{t(lang, 'families')}</h1>
      <p className="muted">{t(lang, 'familiesIntro')}</p>
      <section>
        <h2>{t(lang, 'familiesPublished')}</h2>
        {published.length === 0 ? (
          <p className="muted">{t(lang, 'familiesNone')}</p>
        ) : (
          <ul className="family-list" data-testid="published-families">
            {published.map((f) => (
              <li key={f.id} className="card-item">
                <strong>{f.title}</strong> <code>{f.id}</code>{' '}
                <span className="muted">
                  {t(lang, 'familyVersion')} {f.version} · <Link href={`/articles/${f.article}`}>{f.article}</Link>
                </span>{' '}
                <Link href={`/families?id=${f.id}`}>{t(lang, 'familyEdit')}</Link> · <a href={`/api/v1/families/${f.id}`}>{t(lang, 'familyExport')}</a>
                {f.history.length > 1 && (
                  <details data-testid="family-versions">
                    <summary>
                      {t(lang, 'familyVersions')} ({f.history.length})
                    </summary>
                    <ul>
                      {f.history.map((v) => (
                        <li key={v.version}>
                          {t(lang, 'familyVersionLine')
                            .replace('{version}', String(v.version))
                            .replace('{date}', v.createdAt.slice(0, 16).replace('T', ' '))
                            .replace('{author}', v.author)}{' '}
                          · <a href={`/api/v1/families/${f.id}?version=${v.version}`}>{t(lang, 'familyExport')}</a>
                        </li>
                      ))}
                    </ul>
                  </details>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <FamilyAuthoring key={editId ?? 'new'} initial={initial} text={dictionary(lang)} />
    </article>
  );
}
