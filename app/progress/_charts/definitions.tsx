import type { Lang } from '@/lib/accounts';
import { t } from '@/lib/i18n';

/** How each figure is defined, in a few lines under the charts. */
export function Definitions({ lang }: { lang: Lang }) {
  return (
    <details className="definitions">
      <summary>{t(lang, 'definitionsTitle')}</summary>
      <ul>
        {(['defReviewed', 'defLearned', 'defDue', 'defRecall', 'defAccuracy', 'defRetention', 'defStreak'] as const).map((key) => (
          <li key={key}>{t(lang, key)}</li>
        ))}
      </ul>
    </details>
  );
}
