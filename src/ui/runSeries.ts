/**
 * Stored runs drawn over the current run's curves: which runs, in which colour, and the chart rows
 * (one per epoch, a column per run). Pure.
 */
import type { EpochReport, RankingMetrics } from '../engine/engine';
import { type RunEpoch, type RunRecord, runLabel } from './runRecords';

/** Metrics the metric chart can show. */
export type MetricKey = 'precision' | 'recall' | 'ndcg';

/** A stored run drawn on the charts. */
export interface OverlaySeries {
  id: string;
  /** Legend label, e.g. "#2 mult-dae". */
  label: string;
  /** CSS colour, distinct from the current run's and the references'. */
  colour: string;
  epochs: readonly RunEpoch[];
}

/** Colours of stored runs (the current run keeps blue / green / amber; references grey). */
export const RUN_COLOURS = ['#7c3aed', '#db2777', '#0891b2', '#65a30d', '#9f1239', '#1e3a8a', '#c2410c', '#0f766e'];

/**
 * The ticked runs, in table order, except the current one (already drawn as the live curves).
 * A run's colour follows its row (index in `runs`), so it keeps its colour when others are ticked.
 */
export function overlaySeries(runs: readonly RunRecord[], compared: ReadonlySet<string>, currentId: string | null): OverlaySeries[] {
  const out: OverlaySeries[] = [];
  runs.forEach((r, i) => {
    if (!compared.has(r.id) || r.id === currentId || !r.epochs.length) return;
    out.push({ id: r.id, label: runLabel(r, i + 1), colour: RUN_COLOURS[i % RUN_COLOURS.length], epochs: r.epochs });
  });
  return out;
}

/** One chart row: the current run's loss / test / validation metric, and `loss_<i>` / `metric_<i>` per overlay i. */
export type ChartRow = { epoch: number } & Record<string, number | undefined>;

/** Rows over the union of epochs of the current run and the overlays, ascending. */
export function chartRows(current: readonly EpochReport[], overlays: readonly OverlaySeries[], metric: MetricKey): ChartRow[] {
  const rows = new Map<number, ChartRow>();
  const row = (epoch: number) => {
    const r = rows.get(epoch) ?? { epoch };
    rows.set(epoch, r);
    return r;
  };
  for (const e of current) {
    const r = row(e.epoch);
    r.loss = e.loss;
    r.test = e.test[metric];
    r.validation = e.validation ? (e.validation as RankingMetrics)[metric] : undefined;
  }
  overlays.forEach((s, i) => {
    for (const e of s.epochs) {
      const r = row(e.epoch);
      r[`loss_${i}`] = e.loss;
      r[`metric_${i}`] = e.test[metric];
    }
  });
  return [...rows.values()].sort((a, b) => a.epoch - b.epoch);
}

/** Series drawn on each chart: the current run (when it has an epoch) plus the overlays. */
export function seriesCount(current: readonly EpochReport[], overlays: readonly OverlaySeries[]): number {
  return (current.length ? 1 : 0) + overlays.length;
}
