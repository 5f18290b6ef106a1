/**
 * The stored runs side by side: preset, data, best P@K and its epoch, last P@K, train time,
 * backend; a tick to draw a run's curves on the charts, a link that opens its configuration, delete,
 * and the runs.csv export. Rows carry data-run-id, data-best-precision, data-last-precision and
 * data-preset for tests.
 */
import { downloadBlob } from './download';
import { fmtDuration, fmtNum } from './format';
import { bestEpoch, lastPrecision, runLabel, runQuery, runsCsv, trainMs } from './runRecords';
import { RUN_COLOURS } from './runSeries';
import type { RunsApi } from './useRuns';

/** Props of RunsTable. */
export interface RunsTableProps {
  runs: RunsApi;
}

const short = (fp: string) => fp.slice(-8);

/** The runs table. */
export function RunsTable({ runs: api }: RunsTableProps) {
  const { runs, compared, currentId } = api;
  return (
    <div className="runs" data-testid="runs">
      <div className="runs-head">
        <h3 id="runs-title">Stored runs ({runs.length})</h3>
        <button
          type="button"
          data-testid="runs-export"
          disabled={!runs.length}
          onClick={() => downloadBlob('runs.csv', runsCsv(runs), 'text/csv;charset=utf-8')}
        >
          Export runs.csv
        </button>
      </div>
      {api.error && (
        <p className="bad" role="alert">
          Runs storage: {api.error}
        </p>
      )}
      {runs.length === 0 ? (
        <p className="muted">Every finished or stopped run is kept here (in this browser) to compare with later runs.</p>
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
        <section className="table-wrap" tabIndex={0} aria-labelledby="runs-title">
          <table data-testid="runs-table">
            <thead>
              <tr>
                <th scope="col">Compare</th>
                <th scope="col">Run</th>
                <th scope="col">Data</th>
                <th scope="col">Best P@K (epoch)</th>
                <th scope="col">Last P@K</th>
                <th scope="col">Epochs</th>
                <th scope="col">Train time</th>
                <th scope="col">Backend</th>
                <th scope="col">Configuration</th>
                <th scope="col">
                  <span className="visually-hidden">Delete</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r, i) => {
                const best = bestEpoch(r.epochs);
                const label = runLabel(r, i + 1);
                const isCurrent = r.id === currentId;
                return (
                  <tr
                    key={r.id}
                    data-run-id={r.id}
                    data-best-precision={best?.precision ?? ''}
                    data-last-precision={r.epochs.length ? lastPrecision(r) : ''}
                    data-preset={r.config.preset}
                    data-state={r.state}
                    aria-current={isCurrent ? 'true' : undefined}
                    className={isCurrent ? 'current' : undefined}
                  >
                    <td>
                      <input
                        type="checkbox"
                        data-testid="run-compare"
                        checked={compared.has(r.id)}
                        onChange={() => api.toggle(r.id)}
                        aria-label={`Draw ${label} on the charts`}
                      />
                      {compared.has(r.id) && !isCurrent && (
                        <span className="swatch" style={{ background: RUN_COLOURS[i % RUN_COLOURS.length] }} aria-hidden="true" />
                      )}
                    </td>
                    <th scope="row">
                      {label}
                      {isCurrent && <span className="muted"> (this run)</span>}
                      {r.state !== 'done' && <span className="muted"> · {r.state}</span>}
                    </th>
                    <td title={`dataset ${r.datasetFingerprint}, split ${r.splitFingerprint}`}>
                      {r.datasetLabel} <span className="muted mono">{short(r.splitFingerprint)}</span>
                    </td>
                    <td>
                      {fmtNum(best?.precision, 3)} ({best?.epoch ?? '–'}
                      {best?.chosenOn === 'validation' ? ', by validation' : ''})
                    </td>
                    <td>{fmtNum(lastPrecision(r), 3)}</td>
                    <td>{r.epochs.length}</td>
                    <td>{fmtDuration(trainMs(r))}</td>
                    <td>{r.backends.join(' → ')}</td>
                    <td>
                      <a href={runQuery(r)} aria-label={`Open the configuration of ${label}`}>
                        open
                      </a>
                    </td>
                    <td>
                      <button
                        type="button"
                        className="small"
                        data-testid="run-delete"
                        onClick={() => void api.remove(r.id)}
                        aria-label={`Delete ${label}`}
                      >
                        Delete
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
