import { scaleQuantile } from 'd3-scale';
import type { DayCount } from '@/lib/progress-activity';
import { escapeHtml } from '@/lib/rich-text';

const cell = 7;
const step = 8.5;
const left = 26;
const top = 12;

/**
 * A year of study days as a calendar heatmap: one column per week (Monday at the top), darker for more
 * reviews. `days` start on a Monday. Each cell's <title> names its date and count.
 * NOTE: the four shades are quartiles of the days with reviews, so a few busy days do not wash out the rest.
 */
export function Heatmap({ days, label, weekdays, monthLabel, cellTitle }: {
  days: readonly DayCount[];
  label: string;
  /** Labels for Monday, Wednesday and Friday. */
  weekdays: readonly [string, string, string];
  monthLabel: (date: string) => string;
  cellTitle: (day: DayCount) => string;
}) {
  const level = scaleQuantile<number>()
    .domain(days.filter((day) => day.count > 0).map((day) => day.count))
    .range([1, 2, 3, 4]);
  const weeks = Math.ceil(days.length / 7);
  const width = left + weeks * step;
  const height = top + 7 * step;
  // NOTE: the cells are written as markup, not as React elements: a year is ≈ 1,100 elements, and rendering
  // them one by one (RSC payload, then HTML) was most of the page's render time (docs/BENCHMARKS.md, "Progress").
  const months = days.flatMap((day, i) =>
    i % 7 === 0 && Number(day.date.slice(8)) <= 7 ? [`<text class="axis-label" x="${left + (i / 7) * step}" y="${top - 4}">${escapeHtml(monthLabel(day.date))}</text>`] : [],
  );
  const weekdayLabels = weekdays.map(
    (name, k) => `<text class="axis-label" x="${left - 3}" y="${top + 2 * k * step + cell / 2}" dy="0.32em" text-anchor="end">${escapeHtml(name)}</text>`,
  );
  const cells = days.map(
    (day, i) =>
      `<rect class="heat-${day.count === 0 ? 0 : level(day.count)}" x="${left + Math.floor(i / 7) * step}" y="${top + (i % 7) * step}" width="${cell}" height="${cell}" rx="1.5"><title>${escapeHtml(cellTitle(day))}</title></rect>`,
  );
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      className="chart-svg heatmap"
      role="img"
      aria-label={label}
      dangerouslySetInnerHTML={{ __html: [...months, ...weekdayLabels, ...cells].join('') }}
    />
  );
}

/** The heatmap's colour key, from no reviews to the most. */
export function HeatLegend({ less, more }: { less: string; more: string }) {
  return (
    <span className="heat-legend" aria-hidden="true">
      {less}
      <svg viewBox="0 0 46 8" width="46" height="8">
        {[0, 1, 2, 3, 4].map((k) => (
          <rect key={k} className={`heat-${k}`} x={k * 9.5} width={7} height={7} rx={1.5} />
        ))}
      </svg>
      {more}
    </span>
  );
}
