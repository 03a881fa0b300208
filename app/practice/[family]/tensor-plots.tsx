// Small inline-SVG plots of a tensor run (no chart library: these pages load TensorFlow.js already).
import type { LadderTiming } from '@/engine/tensor-runs';

const W = 360;
const H = 190;
const M = { left: 44, right: 12, top: 12, bottom: 30 } as const;
const plotWidth = W - M.left - M.right;
const plotHeight = H - M.top - M.bottom;

/** A short label for a number: 3 significant digits, no exponent for everyday sizes. */
export function short(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1e5 || abs < 1e-3) return x.toExponential(2);
  return String(Number(x.toPrecision(3)));
}

function YAxis({ max, format = short }: { max: number; format?: (x: number) => string }) {
  const ticks = [0, max / 2, max];
  return (
    <g className="axis">
      {ticks.map((v) => {
        const y = M.top + plotHeight - (v / max) * plotHeight;
        return (
          <g key={v}>
            <line x1={M.left} x2={W - M.right} y1={y} y2={y} className="grid" />
            <text x={M.left - 4} y={y + 3} textAnchor="end">
              {format(v)}
            </text>
          </g>
        );
      })}
    </g>
  );
}

/** Time of (QKᵀ)V and Q(KᵀV) against n: one line grows like n², the other like n. */
export function TimePlot({ timings, labels }: { timings: readonly LadderTiming[]; labels: { quadratic: string; linear: string; title: string } }) {
  if (timings.length === 0) return null;
  const maxN = Math.max(...timings.map((t) => t.n));
  const maxMs = Math.max(1e-3, ...timings.flatMap((t) => [t.quadraticMs, t.linearMs]));
  const x = (n: number) => M.left + (n / maxN) * plotWidth;
  const y = (ms: number) => M.top + plotHeight - (ms / maxMs) * plotHeight;
  const line = (pick: (t: LadderTiming) => number) => timings.map((t) => `${x(t.n).toFixed(1)},${y(pick(t)).toFixed(1)}`).join(' ');
  return (
    <figure className="tensor-plot" data-testid="time-plot">
      <figcaption>{labels.title}</figcaption>
      <ul className="tensor-legend">
        <li>
          <span className="swatch-quadratic" /> {labels.quadratic}
        </li>
        <li>
          <span className="swatch-linear" /> {labels.linear}
        </li>
      </ul>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={labels.title}>
        <YAxis max={maxMs} />
        {timings.map((t) => (
          <text key={t.n} x={x(t.n)} y={H - M.bottom + 14} textAnchor="middle">
            {t.n}
          </text>
        ))}
        <text x={W - M.right} y={H - 2} textAnchor="end">
          n
        </text>
        <polyline points={line((t) => t.quadraticMs)} className="quadratic" />
        <polyline points={line((t) => t.linearMs)} className="linear" />
        {timings.map((t) => (
          <g key={t.n}>
            <circle cx={x(t.n)} cy={y(t.quadraticMs)} r={3} className="quadratic-point" />
            <circle cx={x(t.n)} cy={y(t.linearMs)} r={3} className="linear-point" />
          </g>
        ))}
      </svg>
    </figure>
  );
}

/** Histogram of S_n from the run (bars) against the exact law (dots); asked positions highlighted. */
export function WalkHistogram(props: {
  n: number;
  walks: number;
  counts: readonly number[];
  law: readonly number[];
  asked: (position: number) => boolean;
  labels: { title: string; empirical: string; exact: string };
}) {
  const { n, walks, counts, law, asked, labels } = props;
  const visible = law.map((p, j) => p > 1e-4 || (counts[j] ?? 0) > 0);
  const lo = Math.max(0, visible.indexOf(true));
  const hi = Math.max(lo, visible.lastIndexOf(true));
  const slots = hi - lo + 1;
  const maxP = Math.max(1e-9, ...law.slice(lo, hi + 1), ...counts.slice(lo, hi + 1).map((c) => c / walks));
  const band = plotWidth / slots;
  const y = (p: number) => M.top + plotHeight - (p / maxP) * plotHeight;
  const every = Math.ceil(slots / 9);
  return (
    <figure className="tensor-plot" data-testid="walk-histogram">
      <figcaption>{labels.title}</figcaption>
      <ul className="tensor-legend">
        <li>
          <span className="swatch-bar" /> {labels.empirical}
        </li>
        <li>
          <span className="swatch-law" /> {labels.exact}
        </li>
      </ul>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={labels.title}>
        <YAxis max={maxP} />
        {Array.from({ length: slots }, (_, i) => {
          const j = lo + i;
          const position = 2 * j - n;
          const p = (counts[j] ?? 0) / walks;
          const left = M.left + i * band;
          return (
            <g key={j}>
              <rect x={left + band * 0.1} width={band * 0.8} y={y(p)} height={Math.max(0, M.top + plotHeight - y(p))} className={asked(position) ? 'bar asked' : 'bar'}>
                <title>{`S = ${position}: ${short(p)} (${labels.exact} ${short(law[j] ?? 0)})`}</title>
              </rect>
              <circle cx={left + band / 2} cy={y(law[j] ?? 0)} r={Math.min(3, band / 3)} className="law" />
              {i % every === 0 && (
                <text x={left + band / 2} y={H - M.bottom + 14} textAnchor="middle">
                  {position}
                </text>
              )}
            </g>
          );
        })}
        <text x={W - M.right} y={H - 2} textAnchor="end">
          {`S(n = ${n})`}
        </text>
      </svg>
    </figure>
  );
}

/** Load of each expert (bars) with the mean and the capacity (dashed lines). */
export function LoadBars(props: { loads: readonly number[]; mean: number; capacity: number; labels: { title: string; mean: string; capacity: string } }) {
  const { loads, mean, capacity, labels } = props;
  const max = Math.max(capacity, ...loads) * 1.1;
  const band = plotWidth / loads.length;
  const y = (v: number) => M.top + plotHeight - (v / max) * plotHeight;
  const every = Math.ceil(loads.length / 16);
  return (
    <figure className="tensor-plot" data-testid="load-bars">
      <figcaption>{labels.title}</figcaption>
      <ul className="tensor-legend">
        <li>
          <span className="swatch-mean" /> {labels.mean} {short(mean)}
        </li>
        <li>
          <span className="swatch-capacity" /> {labels.capacity} {capacity}
        </li>
      </ul>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={labels.title}>
        <YAxis max={max} format={(v) => String(Math.round(v))} />
        {loads.map((load, e) => (
          <g key={e}>
            <rect x={M.left + e * band + band * 0.1} width={band * 0.8} y={y(load)} height={M.top + plotHeight - y(load)} className={load > capacity ? 'bar over' : 'bar'}>
              <title>{`expert ${e}: ${load}`}</title>
            </rect>
            {e % every === 0 && (
              <text x={M.left + e * band + band / 2} y={H - M.bottom + 14} textAnchor="middle">
                {e}
              </text>
            )}
          </g>
        ))}
        {[
          { v: mean, className: 'mean' },
          { v: capacity, className: 'capacity' },
        ].map((ref) => (
          <line key={ref.className} className={ref.className} x1={M.left} x2={W - M.right} y1={y(ref.v)} y2={y(ref.v)} />
        ))}
      </svg>
    </figure>
  );
}

/** Two bars per measure: unscaled and scaled softmax (largest weight, saturated share), each on 0..1. */
export function SaturationBars(props: { rows: readonly { label: string; unscaled: number; scaled: number }[]; labels: { unscaled: string; scaled: string } }) {
  const { rows, labels } = props;
  const rowHeight = 58;
  const height = rows.length * rowHeight;
  const width = W - 48;
  return (
    <figure className="tensor-plot" data-testid="saturation-bars">
      <ul className="tensor-legend">
        <li>
          <span className="swatch-quadratic" /> {labels.unscaled}
        </li>
        <li>
          <span className="swatch-linear" /> {labels.scaled}
        </li>
      </ul>
      <svg viewBox={`0 0 ${W} ${height}`} role="img" aria-label={rows.map((r) => r.label).join(', ')}>
        {rows.map((row, i) => (
          <g key={row.label} transform={`translate(0 ${i * rowHeight})`}>
            <text x={0} y={11} className="row-label">
              {row.label}
            </text>
            <rect x={0} y={17} height={15} width={Math.max(1, row.unscaled * width)} className="quadratic-fill" />
            <text x={row.unscaled * width + 4} y={29}>
              {short(row.unscaled)}
            </text>
            <rect x={0} y={35} height={15} width={Math.max(1, row.scaled * width)} className="linear-fill" />
            <text x={row.scaled * width + 4} y={47}>
              {short(row.scaled)}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  );
}
