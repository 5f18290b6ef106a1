/** One row per finished epoch: loss, held-out metrics at K, timings. */
import { memo, useState } from 'react';
import type { EpochReport } from '../engine/engine';
import { fmtDuration, fmtNum } from './format';

/** Props of EpochTable. */
export interface EpochTableProps {
  epochs: EpochReport[];
  k: number;
  /** Live tensors after each epoch, when known. */
  tensors?: Record<number, number>;
}

/** Rows per page: the DOM stays small over thousands of epochs. */
export const EPOCH_PAGE = 100;

/** The epoch table (newest first, scrollable), one page of EPOCH_PAGE rows at a time. */
function EpochTableView({ epochs, k, tensors = {} }: EpochTableProps) {
  const hasVal = epochs.some((e) => e.validation);
  /** Pages back from the newest (0: the newest rows, which follow training). */
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(epochs.length / EPOCH_PAGE));
  const shownPage = Math.min(page, pages - 1);
  const end = epochs.length - shownPage * EPOCH_PAGE;
  const rows = epochs.slice(Math.max(0, end - EPOCH_PAGE), end).reverse();
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section className="table-wrap" tabIndex={0} aria-label="Per-epoch results">
      <table data-testid="epoch-table">
        <caption>
          Per-epoch results ({epochs.length} epoch{epochs.length === 1 ? '' : 's'}
          {pages > 1 && `; epochs ${rows[rows.length - 1]?.epoch}–${rows[0]?.epoch} shown`})
          {pages > 1 && (
            <span className="pager">
              {' '}
              <button type="button" data-testid="epochs-newer" disabled={shownPage === 0} onClick={() => setPage(shownPage - 1)}>
                Newer
              </button>{' '}
              <button type="button" data-testid="epochs-older" disabled={shownPage >= pages - 1} onClick={() => setPage(shownPage + 1)}>
                Older
              </button>
            </span>
          )}
        </caption>
        <thead>
          <tr>
            <th scope="col">Epoch</th>
            <th scope="col">Loss</th>
            <th scope="col">P@{k}</th>
            <th scope="col">R@{k}</th>
            <th scope="col">nDCG@{k}</th>
            <th scope="col">Hit rate</th>
            <th scope="col">Coverage</th>
            {hasVal && <th scope="col">Val P@{k}</th>}
            <th scope="col">Train</th>
            <th scope="col">Eval</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => (
            <tr
              key={e.epoch}
              data-epoch={e.epoch}
              data-loss={e.loss}
              data-precision={e.test.precision}
              data-num-tensors={tensors[e.epoch] ?? ''}
              data-train-ms={e.trainMs}
              data-eval-ms={e.evalMs}
              data-kernels={e.kernels ?? ''}
            >
              <th scope="row">{e.epoch}</th>
              <td>{fmtNum(e.loss, 5)}</td>
              <td>{fmtNum(e.test.precision, 4)}</td>
              <td>{fmtNum(e.test.recall, 4)}</td>
              <td>{fmtNum(e.test.ndcg, 4)}</td>
              <td>{fmtNum(e.test.hitRate, 4)}</td>
              <td>{fmtNum(e.test.coverage, 3)}</td>
              {hasVal && <td>{e.validation ? fmtNum(e.validation.precision, 4) : '–'}</td>}
              <td>{fmtDuration(e.trainMs)}</td>
              <td>{fmtDuration(e.evalMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Memoised: re-rendered only when an epoch is added (not on every progress update while training). */
export const EpochTable = memo(EpochTableView);
