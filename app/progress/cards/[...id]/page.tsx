import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { t, type MessageKey } from '@/lib/i18n';
import { cardFront, cardHistory, topicTitles } from '@/lib/progress';
import { renderRich } from '@/lib/rich-text';
import { pageLang, requirePageUser } from '@/lib/session';
import { intervalLabel } from '@/lib/button-intervals';
import { ChartFigure } from '../../_charts/chart-figure';
import { CurveChart } from '../../_charts/curve-chart';
import { dateTime, percent, stateLabel } from '../../_charts/format';
import { StatTiles } from '../../_charts/stat-tiles';

type Props = { params: Promise<{ id: string[] }> };

export const metadata: Metadata = { title: 'Card history' };

const ratingKey: Record<number, MessageKey> = { 1: 'again', 2: 'hard', 3: 'good', 4: 'easy' };

export default async function CardHistoryPage({ params }: Props) {
  const user = await requirePageUser();
  const lang = await pageLang(user);
  const cardId = (await params).id.join('/');
  const [history, titles] = await Promise.all([cardHistory(user, cardId, new Date()), topicTitles(lang)]);
  if (!history) notFound();
  const { card } = history;
  const text = (key: MessageKey) => t(lang, key);
  const samples = history.curve.filter((point) => [0, 1, 2, 3, 5, 7, 10, 14, 21, 30, 45, 60].includes(point.day));
  return (
    <section className="progress">
      <p>
        <Link href={`/progress/${card.slug}`}>← {titles.get(card.slug) ?? card.slug}</Link>
      </p>
      <h1 className="rich card-history-front" dangerouslySetInnerHTML={{ __html: renderRich(cardFront(card.content, lang), { inline: true }) }} />
      <p className="meta">
        <code className="slug">{card.id}</code>
        {card.suspended && <span className="tag">{text('suspendedTag')}</span>}
      </p>
      <StatTiles
        tiles={[
          { id: 'state', label: text('state'), value: stateLabel(card.state, lang) },
          { id: 'recall', label: text('recall'), value: percent(card.recall) },
          { id: 'next', label: text('nextReview'), value: card.due ? dateTime(card.due, lang, user.timeZone) : '—' },
          { id: 'stability', label: text('stability'), value: history.stability === null ? '—' : history.stability.toFixed(1) },
          { id: 'difficulty', label: text('difficulty'), value: history.difficulty === null ? '—' : history.difficulty.toFixed(1) },
          { id: 'lapses', label: text('lapses'), value: String(card.lapses) },
        ]}
      />
      {history.curve.length > 0 ? (
        <ChartFigure
          id="curve"
          title={text('forgettingCurve')}
          note={text('forgettingNote')}
          showData={text('showData')}
          table={{ columns: [text('daysFromNow'), text('recall')], rows: samples.map((point) => [point.day, percent(point.recall)]) }}
        >
          <CurveChart
            points={history.curve}
            target={history.desiredRetention}
            dueDay={history.dueInDays}
            label={`${text('forgettingCurve')}: ${percent(history.curve[0]!.recall)} → ${percent(history.curve.at(-1)!.recall)}`}
            text={{ target: text('target'), due: text('due') }}
          />
        </ChartFigure>
      ) : (
        <p data-testid="never-reviewed">{text('neverReviewed')}</p>
      )}
      {history.reviews.length > 0 && <h2>{text('reviewHistory')}</h2>}
      {history.reviews.length > 0 && (
        <div className="table-wrap">
          <table data-testid="review-history">
            <thead>
              <tr>
                <th scope="col">{text('time')}</th>
                <th scope="col">{text('rating')}</th>
                <th scope="col">{text('stateBefore')}</th>
                <th scope="col">{text('interval')}</th>
              </tr>
            </thead>
            <tbody>
              {history.reviews.map((review, i) => (
                <tr key={i}>
                  <th scope="row">{dateTime(review.reviewedAt, lang, user.timeZone)}</th>
                  <td className={`rating-text-${review.rating}`}>{text(ratingKey[review.rating] ?? 'again')}</td>
                  <td>{stateLabel(review.stateBefore, lang)}</td>
                  <td>{review.intervalDays === null ? '—' : intervalLabel(review.intervalDays)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
