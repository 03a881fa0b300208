import type { ReactNode } from 'react';

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
            <tbody>
              {table.rows.map((row, i) => (
                <tr key={i}>
                  {row.map((cell, j) => (j === 0 ? <th key={j} scope="row">{cell}</th> : <td key={j}>{cell}</td>))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
