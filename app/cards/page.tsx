import type { Metadata } from 'next';
import { dictionary, t } from '@/lib/i18n';
import { pageLang, requirePageUser } from '@/lib/session';
import { listSuspended } from '@/lib/study';
import { UnsuspendButton } from './unsuspend-button';

export const metadata: Metadata = { title: 'Suspended cards' };

export default async function SuspendedCardsPage() {
  const user = await requirePageUser();
  const lang = await pageLang(user);
  const cards = await listSuspended(user);
  const text = dictionary(lang);
  return (
    <section>
      <h1>{t(lang, 'suspendedCards')}</h1>
      <p className="muted">{t(lang, 'suspendedIntro')}</p>
      {cards.length === 0 && <p data-testid="no-suspended">{t(lang, 'noSuspended')}</p>}
      <ul className="card-list" data-testid="suspended-cards">
        {cards.map((card) => (
          <li key={card.id} className="card-item suspended-item">
            <span className="meta">
              <span className="tag">{card.article}</span>
              {card.leech && <span className="tag leech">leech · {card.lapses}</span>}
            </span>
            <span dangerouslySetInnerHTML={{ __html: card.frontHtml }} />
            <UnsuspendButton cardId={card.id} label={text.unsuspend} />
          </li>
        ))}
      </ul>
    </section>
  );
}
