import type { Metadata } from 'next';
import { t } from '@/lib/i18n';
import { progressDetail, topicTitles } from '@/lib/progress';
import { mondayOf } from '@/lib/progress-periods';
import { pageLang, requirePageUser } from '@/lib/session';
import { ActivityCharts } from './_charts/activity-charts';
import { BarChart } from './_charts/bar-chart';
import { ChartFigure } from './_charts/chart-figure';
import { Definitions } from './_charts/definitions';
import { dayCount, percent, shortDate } from './_charts/format';
import { MasteryChart } from './_charts/mastery-chart';
import { StatTiles } from './_charts/stat-tiles';

export const metadata: Metadata = { title: 'Progress' };

export default async function ProgressPage() {
  const user = await requirePageUser();
  const lang = await pageLang(user);
  const [detail, titles] = await Promise.all([progressDetail(user, new Date()), topicTitles(lang)]);
  const text = (key: Parameters<typeof t>[1]) => t(lang, key);
  const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
  const thisWeek = detail.heatmap.filter((day) => day.date >= mondayOf(detail.today));
  return (
    <section className="progress">
      <h1>{text('progressTitle')}</h1>
      <p className="muted">{text('progressIntro')}</p>
      <StatTiles
        tiles={[
          { id: 'streak', label: text('streak'), value: dayCount(detail.streak, lang) },
          { id: 'today', label: text('reviewsToday'), value: String(detail.heatmap.at(-1)?.count ?? 0) },
          { id: 'week', label: text('reviewsThisWeek'), value: String(sum(thisWeek.map((day) => day.count))) },
          { id: 'due', label: text('dueToday'), value: String(sum(detail.topics.map((topic) => topic.due))) },
          { id: 'due-week', label: text('dueThisWeek'), value: String(sum(detail.topics.map((topic) => topic.dueThisWeek))) },
          { id: 'year', label: text('reviewsPastYear'), value: String(sum(detail.heatmap.map((day) => day.count))) },
        ]}
      />
      <ChartFigure
        id="mastery"
        title={text('masteryTitle')}
        showData={text('showData')}
        table={{
          columns: [text('topic'), text('cardsHeading'), text('reviewed'), text('learned'), text('dueToday'), text('dueThisWeek'), text('recall'), text('accuracy')],
          rows: detail.topics.map((topic) => [
            titles.get(topic.slug) ?? topic.slug,
            topic.cards,
            topic.reviewed,
            topic.learned,
            topic.due,
            topic.dueThisWeek,
            percent(topic.recall),
            topic.attempts > 0 ? `${percent(topic.accuracy)} (${topic.attempts})` : '—',
          ]),
        }}
      >
        <MasteryChart
          text={{ learned: text('learned'), started: text('started'), notStarted: text('notStarted'), recall: text('recall') }}
          rows={detail.topics.map((topic) => ({
            slug: topic.slug,
            title: titles.get(topic.slug) ?? topic.slug,
            href: `/progress/${topic.slug}`,
            total: topic.cards,
            learned: topic.learned,
            reviewed: topic.reviewed,
            recall: topic.recall,
          }))}
        />
      </ChartFigure>
      <ChartFigure
        id="forecast"
        title={text('forecastTitle')}
        note={text('forecastNote')}
        showData={text('showData')}
        table={{ columns: [text('date'), text('cardsDue')], rows: detail.forecast.map((day) => [day.date, day.count]) }}
      >
        <BarChart
          label={`${text('forecastTitle')}: ${sum(detail.forecast.map((day) => day.count))}`}
          labelEvery={7}
          bars={detail.forecast.map((day) => ({ label: shortDate(day.date, lang), value: day.count, title: `${shortDate(day.date, lang)}: ${day.count}` }))}
        />
      </ChartFigure>
      <ActivityCharts activity={detail} lang={lang} heatmapTitle={text('heatmapTitle')} desiredRetention={user.desiredRetention} idPrefix="" />
      <Definitions lang={lang} />
    </section>
  );
}
