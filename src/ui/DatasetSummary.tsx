/** Summary of the loaded dataset and its split (counts as data-* attributes for tests). */
import type { LoadedData } from '../workers/protocol';
import { fmtDuration, fmtInt, fmtNum, fmtPct } from './format';

/** Props of DatasetSummary. */
export interface DatasetSummaryProps {
  data: LoadedData;
}

const nnz = (c: { rowPtr: Int32Array; rows: number }) => c.rowPtr[c.rows] ?? 0;

/** The dataset summary card. */
export function DatasetSummary({ data }: DatasetSummaryProps) {
  const { stats, report, split, movies, warnings } = data;
  const train = nnz(split.train);
  const test = nnz(split.test);
  const val = nnz(split.validation);
  return (
    <section
      className="card summary"
      data-testid="dataset-summary"
      data-users={stats.users}
      data-items={stats.items}
      data-ratings={stats.ratings}
      data-train={train}
      data-test={test}
      data-validation={val}
      data-ingest-ms={data.ingestMs}
      data-ingest-phases={data.ingestPhasesMs ? JSON.stringify(data.ingestPhasesMs) : undefined}
      aria-labelledby="summary-title"
    >
      <h3 id="summary-title">
        {data.sample ? 'Built-in sample' : 'Dataset'}: <span className="mono">{report.fileName}</span>
      </h3>
      <dl className="stats">
        <div>
          <dt>Users</dt>
          <dd>{fmtInt(stats.users)}</dd>
        </div>
        <div>
          <dt>Items</dt>
          <dd>{fmtInt(stats.items)}</dd>
        </div>
        <div>
          <dt>Ratings</dt>
          <dd>{fmtInt(stats.ratings)}</dd>
        </div>
        <div>
          <dt>Density</dt>
          <dd>{fmtPct(stats.density, 3)}</dd>
        </div>
        <div>
          <dt>Rating range</dt>
          <dd>
            {fmtNum(stats.ratingMin)} – {fmtNum(stats.ratingMax)}
          </dd>
        </div>
        <div>
          <dt>Duplicates dropped</dt>
          <dd>{fmtInt(report.duplicatesDropped)}</dd>
        </div>
        <div>
          <dt>Single-rating users</dt>
          <dd>{fmtInt(stats.singleRatingUsers)}</dd>
        </div>
        <div>
          <dt>Format</dt>
          <dd>{report.format}</dd>
        </div>
        <div>
          <dt>Lines read</dt>
          <dd>{fmtInt(report.lines)}</dd>
        </div>
        <div>
          <dt>Parse time</dt>
          <dd>{fmtDuration(report.parseMs)}</dd>
        </div>
        <div>
          <dt>Movies file</dt>
          <dd>{movies ? `${movies.fileName} (${fmtInt(movies.ids.length)} titles)` : 'none (ids shown)'}</dd>
        </div>
        <div>
          <dt>Split</dt>
          <dd>
            train {fmtInt(train)} · test {fmtInt(test)}
            {val > 0 ? ` · validation ${fmtInt(val)}` : ''}
          </dd>
        </div>
      </dl>
      {warnings.length > 0 && (
        <details className="warnings">
          <summary>
            {warnings.length} warning{warnings.length > 1 ? 's' : ''}
          </summary>
          <ul>
            {warnings.map((w, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the list is fixed per dataset and may repeat a message
              <li key={i}>{w}</li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
