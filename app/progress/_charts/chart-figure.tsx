import type { ReactNode } from 'react';
import { escapeHtml } from '@/lib/rich-text';

export interface DataTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
}

/**
 * A chart with its caption and its numbers: the SVG is a picture for sighted readers; the same figures
 * sit in a data table behind a <details> toggle, which keyboard and screen-reader users reach like any
 * other control.
 */
export function ChartFigure({ id, title, note, table, showData, children }: { id: string; title: string; note?: ReactNode; table: DataTable; showData: string; children: ReactNode }) {
  return (
    <figure className="chart" aria-labelledby={`${id}-title`} data-testid={id}>
      <figcaption id={`${id}-title`} className="chart-title">
        {title}
      </figcaption>
      {note && <p className="chart-note">{note}</p>}
      {children}
      <details className="chart-data">
        <summary>{showData}</summary>
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                {table.columns.map((column) => (
                  <th key={column} scope="col">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            {/* NOTE: rows as markup, not React elements: a year of days is ≈ 1,100 elements (see heatmap.tsx). */}
            <tbody dangerouslySetInnerHTML={{ __html: table.rows.map(rowMarkup).join('') }} />
          </table>
        </div>
      </details>
    </figure>
  );
}

/** A data row: its first cell heads the row. */
function rowMarkup(row: readonly (string | number)[]): string {
  const cells = row.map((cell, j) => (j === 0 ? `<th scope="row">${escapeHtml(String(cell))}</th>` : `<td>${escapeHtml(String(cell))}</td>`));
  return `<tr>${cells.join('')}</tr>`;
}
