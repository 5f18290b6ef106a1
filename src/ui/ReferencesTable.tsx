/**
 * The references (most-popular, item-kNN, EASE) as rows above the epoch table: their held-out metrics
 * at K, parameters and time, with progress and cancel while the references worker computes them.
 * Test hooks: `reference-<name>` rows (`baseline` for most-popular) with `data-precision`, `data-recall`,
 * `data-ndcg`, `data-state` (running / done / skipped), `data-ms` (the worker's wall time: fit + every
 * user's list) and, for EASE, `data-solver` (how its dense matrix was inverted, e.g. "WebAssembly
 * SIMD, 2 threads") and `data-fit-ms` (the fit alone).
 */
import { memo } from 'react';
import type { RankingMetrics } from '../engine/engine';
import { MAX_DENSE_SIDE } from '../references/linearAutoencoder';
import { REFERENCE_LABELS, type ReferenceName, type ReferenceResult } from '../references/references';
import { fmtDuration, fmtNum } from './format';
import type { ReferencesApi } from './useReferences';

/** Props of ReferencesTable. */
export interface ReferencesTableProps {
  refs: ReferencesApi;
  /** Which references are configured (config.references.set). */
  set: 'none' | 'popular' | 'all';
  k: number;
  /** The training engine's most-popular metrics, shown when the references worker has none. */
  baseline: RankingMetrics | null;
}

const NAMES: ReferenceName[] = ['popular', 'itemknn', 'ease'];

/** Test id of a reference's row (most-popular keeps the app's `baseline`). */
export const referenceTestId = (name: ReferenceName) => (name === 'popular' ? 'baseline' : `reference-${name}`);

function paramsText(r: ReferenceResult): string {
  if (r.params.neighbours !== undefined) return `k = ${r.params.neighbours}`;
  if (r.params.lambda !== undefined)
    return `λ = ${r.params.lambda}${r.params.lambdaAuto ? ' (auto, on validation)' : ''}${r.params.solver ? `; solve: ${r.params.solver}` : ''}`;
  return '';
}

function ReferencesTableView({ refs, set, k, baseline }: ReferencesTableProps) {
  const wanted = set === 'none' ? [] : set === 'popular' ? NAMES.slice(0, 1) : NAMES;
  const byName = new Map(refs.results.map((r) => [r.name, r]));
  const running = refs.status === 'running';
  if (wanted.length === 0 && !baseline) return null;
  const rows = wanted.length ? wanted : (['popular'] as ReferenceName[]);
  return (
    <div className="table-wrap references">
      <table data-testid="references-table">
        <caption>
          References on the same split (train → test), computed in a worker
          {refs.backend ? ` (${refs.backend})` : ''}
          {running && (
            <button type="button" className="link" data-testid="references-cancel" onClick={refs.cancel}>
              Cancel
            </button>
          )}
          {(refs.status === 'cancelled' || refs.status === 'failed') && (
            <button type="button" className="link" data-testid="references-retry" onClick={refs.retry}>
              Compute again
            </button>
          )}
        </caption>
        <thead>
          <tr>
            <th scope="col">Reference</th>
            <th scope="col">P@{k}</th>
            <th scope="col">R@{k}</th>
            <th scope="col">nDCG@{k}</th>
            <th scope="col">Hit rate</th>
            <th scope="col">Coverage</th>
            <th scope="col">Setting</th>
            <th scope="col">Time</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((name) => {
            const r = byName.get(name);
            const m = r?.metrics ?? (name === 'popular' && !r ? baseline : null);
            const state = r ? (r.metrics ? 'done' : 'skipped') : m ? 'done' : running ? 'running' : refs.status;
            const pct = Math.round(100 * (refs.progress[name] ?? 0));
            return (
              <tr
                key={name}
                data-testid={referenceTestId(name)}
                data-state={state}
                data-precision={m ? m.precision : ''}
                data-recall={m ? m.recall : ''}
                data-ndcg={m ? m.ndcg : ''}
                data-solver={r?.params.solver ?? ''}
                data-ms={r ? r.ms : ''}
                data-fit-ms={r?.params.fitMs ?? ''}
              >
                <th scope="row">{REFERENCE_LABELS[name]}</th>
                {m ? (
                  <>
                    <td>{fmtNum(m.precision, 4)}</td>
                    <td>{fmtNum(m.recall, 4)}</td>
                    <td>{fmtNum(m.ndcg, 4)}</td>
                    <td>{fmtNum(m.hitRate, 4)}</td>
                    <td>{fmtNum(m.coverage, 3)}</td>
                    <td>{r ? paramsText(r) : ''}</td>
                    <td>{r ? fmtDuration(r.ms) : ''}</td>
                  </>
                ) : (
                  <td colSpan={7} className="muted">
                    {r?.skipped ??
                      (running ? (
                        <span
                          role="progressbar"
                          aria-label={`${REFERENCE_LABELS[name]} progress`}
                          aria-valuenow={pct}
                          aria-valuemin={0}
                          aria-valuemax={100}
                        >
                          computing… {pct}%
                        </span>
                      ) : refs.status === 'failed' ? (
                        `failed: ${refs.error}`
                      ) : refs.status === 'cancelled' ? (
                        'cancelled'
                      ) : (
                        'waiting for data'
                      ))}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      {wanted.includes('ease') && (
        <p className="muted small">
          EASE solves a dense min(users, items)² system; it is skipped above {MAX_DENSE_SIDE.toLocaleString('en-US')} (too large for a
          browser tab).
        </p>
      )}
    </div>
  );
}

/** Memoised: re-rendered when the references change, not on every training progress update. */
export const ReferencesTable = memo(ReferencesTableView);
