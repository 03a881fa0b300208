import { scaleLinear } from 'd3-scale';
import { area, line } from 'd3-shape';

export interface CurvePoint {
  readonly day: number;
  readonly recall: number;
}

const width = 400;
const height = 180;
const margin = { top: 10, right: 8, bottom: 22, left: 40 } as const;

/**
 * A forgetting curve: recall probability over the coming days (x: days from now), with the learner's
 * desired retention as a dashed line and the due day marked.
 */
export function CurveChart({ points, label, target, dueDay, text }: {
  points: readonly CurvePoint[];
  label: string;
  target: number;
  dueDay: number | null;
  text: { readonly target: string; readonly due: string };
}) {
  const lastDay = points.at(-1)?.day ?? 60;
  const x = scaleLinear().domain([0, lastDay]).range([margin.left, width - margin.right]);
  const y = scaleLinear().domain([0, 1]).range([height - margin.bottom, margin.top]);
  const path = line<CurvePoint>().x((p) => x(p.day)).y((p) => y(p.recall))(points) ?? '';
  const fill = area<CurvePoint>().x((p) => x(p.day)).y0(y(0)).y1((p) => y(p.recall))(points) ?? '';
  return (
    <svg viewBox={`0 0 ${width} ${height}`} className="chart-svg" role="img" aria-label={label}>
      {y.ticks(4).map((tick) => (
        <g key={tick} className="grid">
          <line x1={margin.left} x2={width - margin.right} y1={y(tick)} y2={y(tick)} />
          <text x={margin.left - 4} y={y(tick)} dy="0.32em" textAnchor="end">
            {Math.round(tick * 100)}%
          </text>
        </g>
      ))}
      {x.ticks(6).map((tick) => (
        <text key={tick} className="axis-label" x={x(tick)} y={height - 8} textAnchor="middle">
          {tick}
        </text>
      ))}
      <path className="curve-area" d={fill} />
      <path className="curve-line" d={path} />
      <g className="reference">
        <line x1={margin.left} x2={width - margin.right} y1={y(target)} y2={y(target)} />
        <text x={width - margin.right} y={y(target) - 3} textAnchor="end">
          {text.target} {Math.round(target * 100)}%
        </text>
      </g>
      {dueDay !== null && dueDay >= 0 && dueDay <= lastDay && (
        <g className="due-marker">
          <line x1={x(dueDay)} x2={x(dueDay)} y1={margin.top} y2={y(0)} />
          <text x={x(dueDay) + 3} y={y(0) - 4}>
            {text.due}
          </text>
        </g>
      )}
    </svg>
  );
}
