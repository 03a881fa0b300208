import Link from 'next/link';

export interface MasteryRow {
  readonly slug: string;
  readonly title: string;
  readonly href?: string;
  /** Cards of the topic (times members, for a group). */
  readonly total: number;
  readonly learned: number;
  /** Reviewed at least once (learned ones included). */
  readonly reviewed: number;
  readonly recall: number | null;
}

export interface MasteryText {
  readonly learned: string;
  readonly started: string;
  readonly notStarted: string;
  readonly recall: string;
}

/**
 * Mastery across the topics: per topic a bar of its cards (learned / reviewed but still learning / not
 * started) and a thinner bar of expected recall now. Titles are HTML so they wrap on a phone; the bars
 * are small SVGs that stretch to the row.
 */
export function MasteryChart({ rows, text }: { rows: readonly MasteryRow[]; text: MasteryText }) {
  return (
    <>
      <ul className="chart-legend" aria-hidden="true">
        <li><span className="swatch learned" />{text.learned}</li>
        <li><span className="swatch started" />{text.started}</li>
        <li><span className="swatch track" />{text.notStarted}</li>
        <li><span className="swatch recall" />{text.recall}</li>
      </ul>
      <ol className="mastery" role="list">
        {rows.map((row) => {
          const share = (n: number) => (row.total > 0 ? (100 * n) / row.total : 0);
          const recall = row.recall === null ? '—' : `${Math.round(row.recall * 100)}%`;
          return (
            <li key={row.slug} className="mastery-row" data-slug={row.slug}>
              <span className="mastery-title">{row.href ? <Link href={row.href}>{row.title}</Link> : row.title}</span>
              <svg className="mastery-bars" viewBox="0 0 100 14" preserveAspectRatio="none" aria-hidden="true">
                <rect className="track" width={100} height={8} />
                <rect className="started" width={share(row.reviewed)} height={8} />
                <rect className="learned" width={share(row.learned)} height={8} />
                <rect className="track" y={10} width={100} height={4} />
                <rect className="recall" y={10} width={(row.recall ?? 0) * 100} height={4} />
              </svg>
              <span className="mastery-figures">
                {row.reviewed}/{row.total} · {text.recall} {recall}
              </span>
            </li>
          );
        })}
      </ol>
    </>
  );
}
