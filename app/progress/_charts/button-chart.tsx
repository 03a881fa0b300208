export interface ButtonRow {
  readonly label: string;
  /** Presses of Again, Hard, Good, Easy. */
  readonly counts: readonly number[];
}

/**
 * The answer-button distribution: per kind of review one bar split into Again / Hard / Good / Easy by
 * share, with each share printed beside its colour key.
 */
export function ButtonChart({ rows, ratings }: { rows: readonly ButtonRow[]; ratings: readonly string[] }) {
  return (
    <>
      <ul className="chart-legend" aria-hidden="true">
        {ratings.map((name, k) => (
          <li key={name}>
            <span className={`swatch rating-${k + 1}`} />
            {name}
          </li>
        ))}
      </ul>
      <ul className="button-rows" role="list">
        {rows.map((row) => {
          const total = row.counts.reduce((a, b) => a + b, 0);
          const shares = row.counts.map((n) => (total > 0 ? (100 * n) / total : 0));
          const offsets = shares.map((_, k) => shares.slice(0, k).reduce((a, b) => a + b, 0));
          return (
            <li key={row.label} className="button-row">
              <span className="button-label">
                {row.label} <span className="muted">({total})</span>
              </span>
              <svg className="button-bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true">
                <rect className="track" width={100} height={8} />
                {shares.map((share, k) => (
                  <rect key={k} className={`rating-${k + 1}`} x={offsets[k]} width={share} height={8} />
                ))}
              </svg>
              <span className="button-shares">
                {shares.map((share, k) => (
                  <span key={k}>
                    <span className={`swatch rating-${k + 1}`} aria-hidden="true" />
                    <span className="visually-hidden">{ratings[k]} </span>
                    {Math.round(share)}%
                  </span>
                ))}
              </span>
            </li>
          );
        })}
      </ul>
    </>
  );
}
