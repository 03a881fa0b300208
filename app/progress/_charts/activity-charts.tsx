import type { Lang } from '@/lib/accounts';
import { t } from '@/lib/i18n';
import type { ReviewActivity } from '@/lib/progress-activity';
import { BarChart } from './bar-chart';
import { ButtonChart } from './button-chart';
import { ChartFigure } from './chart-figure';
import { monthName, percent, shortDate } from './format';
import { HeatLegend, Heatmap } from './heatmap';

/** The review-log charts shared by /progress and /group: heatmap, answer buttons, true retention. */
export function ActivityCharts({ activity, lang, heatmapTitle, desiredRetention, idPrefix }: {
  activity: ReviewActivity;
  lang: Lang;
  heatmapTitle: string;
  desiredRetention?: number;
  idPrefix: string;
}) {
  const text = (key: Parameters<typeof t>[1]) => t(lang, key);
  const active = activity.heatmap.filter((day) => day.count > 0);
  const yearTotal = active.reduce((sum, day) => sum + day.count, 0);
  const ratings = [text('again'), text('hard'), text('good'), text('easy')];
  const reference = desiredRetention === undefined ? undefined : { value: desiredRetention, label: `${text('target')} ${percent(desiredRetention)}` };
  const retention = (periods: ReviewActivity['retention']['weeks'], label: (start: string) => string) =>
    periods.map((p) => ({ label: label(p.start), value: p.retention, title: `${label(p.start)}: ${percent(p.retention)} (${p.passed}/${p.reviews})` }));
  const retentionRows = (periods: ReviewActivity['retention']['weeks'], label: (start: string) => string) =>
    periods.map((p) => [label(p.start), p.reviews, p.passed, percent(p.retention)]);
  return (
    <>
      <ChartFigure
        id={`${idPrefix}heatmap`}
        title={heatmapTitle}
        note={<HeatLegend less={text('less')} more={text('more')} />}
        showData={text('showData')}
        table={{ columns: [text('date'), text('reviews')], rows: active.map((day) => [day.date, day.count]) }}
      >
        <div className="heatmap-scroll" tabIndex={0} role="group" aria-label={heatmapTitle}>
          <Heatmap
            days={activity.heatmap}
            label={`${heatmapTitle}: ${yearTotal} ${text('reviews')}, ${active.length} ${text('days')}`}
            weekdays={[text('mon'), text('wed'), text('fri')]}
            monthLabel={(date) => monthName(date, lang, 'short')}
            cellTitle={(day) => `${day.date}: ${day.count}`}
          />
        </div>
      </ChartFigure>
      <ChartFigure
        id={`${idPrefix}buttons`}
        title={text('buttonsTitle')}
        showData={text('showData')}
        table={{
          columns: [text('rating'), text('learningCards'), text('reviewCards')],
          rows: activity.buttons.map((b) => [ratings[b.rating - 1]!, b.learning, b.review]),
        }}
      >
        <ButtonChart
          ratings={ratings}
          rows={[
            { label: text('learningCards'), counts: activity.buttons.map((b) => b.learning) },
            { label: text('reviewCards'), counts: activity.buttons.map((b) => b.review) },
          ]}
        />
      </ChartFigure>
      <ChartFigure
        id={`${idPrefix}retention`}
        title={text('retentionTitle')}
        note={reference ? [text('retentionNote'), text('targetNote')].join(lang === 'zh' ? '' : ' ') : text('retentionNote')}
        showData={text('showData')}
        table={{
          columns: [text('period'), text('reviews'), text('passed'), text('retentionTitle')],
          rows: [...retentionRows(activity.retention.weeks, (d) => `${text('weekOf')} ${d}`), ...retentionRows(activity.retention.months, (d) => monthName(d, lang))],
        }}
      >
        <h3 className="chart-subtitle">{text('byWeek')}</h3>
        <BarChart bars={retention(activity.retention.weeks, (d) => shortDate(d, lang))} label={`${text('retentionTitle')}, ${text('byWeek')}`} percent labelEvery={2} reference={reference} />
        <h3 className="chart-subtitle">{text('byMonth')}</h3>
        <BarChart bars={retention(activity.retention.months, (d) => monthName(d, lang, 'short'))} label={`${text('retentionTitle')}, ${text('byMonth')}`} percent labelEvery={1} reference={reference} />
      </ChartFigure>
    </>
  );
}
