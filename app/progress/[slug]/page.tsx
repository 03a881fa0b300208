import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { t, type MessageKey } from '@/lib/i18n';
import { calendarOf, cardFront, topicCards, topicTitles } from '@/lib/progress';
import { topicAttemptsPerWeek } from '@/lib/progress-activity';
import { renderRich } from '@/lib/rich-text';
import { pageLang, requirePageUser } from '@/lib/session';
import { BarChart } from '../_charts/bar-chart';
import { ChartFigure } from '../_charts/chart-figure';
import { Definitions } from '../_charts/definitions';
import { dateTime, percent, shortDate, stateLabel } from '../_charts/format';
import { StatTiles } from '../_charts/stat-tiles';

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Progress · ${(await params).slug}` };
}

export default async function TopicProgressPage({ params }: Props) {
  const user = await requirePageUser();
  const lang = await pageLang(user);
  const { slug } = await params;
  const titles = await topicTitles(lang);
  const title = titles.get(slug);
  if (!title) notFound();
  const now = new Date();
  const [{ topic, cards }, weeks] = await Promise.all([topicCards(user, slug, now), topicAttemptsPerWeek(user.id, slug, calendarOf(user), now)]);
  const text = (key: MessageKey) => t(lang, key);
  const hasProblems = cards.some((card) => card.kind === 'problem');
  return (
    <section className="progress">
      <p>
        <Link href="/progress">← {text('backToProgress')}</Link>
      </p>
      <h1>{title}</h1>
      <StatTiles
        tiles={[
          { id: 'reviewed', label: text('reviewed'), value: `${topic.reviewed} / ${topic.cards}` },
          { id: 'learned', label: text('learned'), value: `${topic.learned} / ${topic.cards}` },
          { id: 'recall', label: text('recall'), value: percent(topic.recall) },
          { id: 'due', label: text('dueToday'), value: String(topic.due) },
          { id: 'due-week', label: text('dueThisWeek'), value: String(topic.dueThisWeek) },
          { id: 'accuracy', label: text('accuracy'), value: topic.attempts > 0 ? `${percent(topic.accuracy)} (${topic.attempts})` : '—' },
        ]}
      />
      {hasProblems && topic.attempts === 0 && <p className="muted">{text('noAttempts')}</p>}
      {topic.attempts > 0 && (
        <ChartFigure
          id="accuracy"
          title={text('accuracyByWeek')}
          showData={text('showData')}
          table={{
            columns: [text('weekOf'), text('attempts'), text('correct'), text('accuracy')],
            rows: weeks.map((week) => [week.start, week.attempts, week.correct, percent(week.attempts > 0 ? week.correct / week.attempts : null)]),
          }}
        >
          <BarChart
            percent
            labelEvery={3}
            label={`${text('accuracyByWeek')}: ${percent(topic.accuracy)}`}
            bars={weeks.map((week) => {
              const share = week.attempts > 0 ? week.correct / week.attempts : null;
              return { label: shortDate(week.start, lang), value: share, title: `${shortDate(week.start, lang)}: ${percent(share)} (${week.correct}/${week.attempts})` };
            })}
          />
        </ChartFigure>
      )}
      <h2>{text('topicCards')}</h2>
      <div className="table-wrap">
        <table className="topic-cards" data-testid="topic-cards">
          <thead>
            <tr>
              <th scope="col">{text('card')}</th>
              <th scope="col">{text('state')}</th>
              <th scope="col">{text('nextReview')}</th>
              <th scope="col">{text('recall')}</th>
              <th scope="col">{text('reviews')}</th>
              <th scope="col">{text('lapses')}</th>
            </tr>
          </thead>
          <tbody>
            {cards.map((card) => (
              <tr key={card.id} data-card-id={card.id}>
                <th scope="row">
                  <Link href={`/progress/cards/${card.id}`} className="card-front-link">
                    <span className="clamp" dangerouslySetInnerHTML={{ __html: renderRich(cardFront(card.content, lang), { inline: true }) }} />
                  </Link>
                </th>
                <td>
                  {stateLabel(card.state, lang)}
                  {card.suspended && <span className="tag">{text('suspendedTag')}</span>}
                </td>
                <td>{card.due ? dateTime(card.due, lang, user.timeZone) : '—'}</td>
                <td>{percent(card.recall)}</td>
                <td>{card.reps}</td>
                <td>{card.lapses}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Definitions lang={lang} />
    </section>
  );
}
