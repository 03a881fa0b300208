import { scaleBand, scaleLinear } from 'd3-scale';

export interface Bar {
  readonly label: string;
  /** null: no data for this bar (drawn as a gap, unlike a zero). */
  readonly value: number | null;
  /** The bar's tooltip: its label and value in words. */
  readonly title: string;
}

const width = 400;
const height = 160;
const margin = { top: 8, right: 4, bottom: 22, left: 40 } as const;

/**
 * Vertical bars with a value axis, drawn on the server: d3-scale places them, React writes the SVG.
 * `percent` reads values as shares (0..1); `reference` draws a dashed line such as a target retention.
 */
export function BarChart({ bars, label, percent = false, labelEvery = 1, reference }: { bars: readonly Bar[]; label: string; percent?: boolean; labelEvery?: number; reference?: { value: number; label: string } }) {
  const x = scaleBand<number>()
    .domain(bars.map((_, i) => i))
    .range([margin.left, width - margin.right])
    .paddingInner(0.2)
    .paddingOuter(0.1);
  const top = percent ? 1 : Math.max(4, ...bars.map((bar) => bar.value ?? 0));
  const y = scaleLinear().domain([0, top]).nice(4).range([height - margin.bottom, margin.top]);
  const ticks = y.ticks(4).filter((tick) => percent || Number.isInteger(tick));
  const format = (value: number) => (percent ? `${Math.round(value * 100)}%` : String(value));
  return (
    <svg viewBox={`0 0 ${width} ${height}`} className="chart-svg" role="img" aria-label={label}>
      {ticks.map((tick) => (
        <g key={tick} className="grid">
          <line x1={margin.left} x2={width - margin.right} y1={y(tick)} y2={y(tick)} />
          <text x={margin.left - 4} y={y(tick)} dy="0.32em" textAnchor="end">
            {format(tick)}
          </text>
        </g>
      ))}
      {bars.map((bar, i) =>
        bar.value === null ? null : (
          <rect key={i} className="bar" x={x(i)} width={x.bandwidth()} y={y(bar.value)} height={y(0) - y(bar.value)}>
            <title>{bar.title}</title>
          </rect>
        ),
      )}
      {reference && (
        <g className="reference">
          <line x1={margin.left} x2={width - margin.right} y1={y(reference.value)} y2={y(reference.value)} />
          <text x={width - margin.right} y={y(reference.value) - 3} textAnchor="end">
            {reference.label}
          </text>
        </g>
      )}
      {bars.map((bar, i) =>
        i % labelEvery === 0 ? (
          <text key={i} className="axis-label" x={x(i)! + x.bandwidth() / 2} y={height - 6} textAnchor="middle">
            {bar.label}
          </text>
        ) : null,
      )}
    </svg>
  );
}
