import type { Metadata } from 'next';
import Link from 'next/link';
import { t } from '@/lib/i18n';
import { pageLang, requirePageUser } from '@/lib/session';
import { listPractice } from '@/lib/tensor-runs';

export const metadata: Metadata = { title: 'Practice' };

export default async function PracticeIndexPage() {
  const user = await requirePageUser();
  const lang = await pageLang(user);
  return (
    <>
      <h1>{t(lang, 'practiceTitle')}</h1>
      <p className="muted">{t(lang, 'practiceIntro')}</p>
      <ul className="practice-list" data-testid="practice-list">
        {listPractice(lang).map((item) => (
          <li key={item.id} className="practice-item">
            <Link href={`/practice/${item.id}`} className="practice-link">
              <strong>{item.title}</strong>
              <span className="meta">
                <span className="tag">{item.article}</span>
                <code className="slug">{item.id}</code>
              </span>
            </Link>
            <span className="practice-levels">
              {t(lang, 'level')}:{' '}
              {item.levels.map((level, i) => (
                <span key={level}>
                  {i > 0 && ' · '}
                  <Link href={`/practice/${item.id}?level=${level}`}>{level}</Link>
                </span>
              ))}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}
