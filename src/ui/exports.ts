/**
 * Text exports generated in the browser: recs.tsv, train.tsv / test.tsv and metrics.csv.
 * Pure functions (no DOM) so they are unit-tested in Node.
 */
import { splitTsvChunks } from '../data/tsv';

export { formatScore, recsLines } from '../data/tsv';
import type { Csr } from '../data/types';
import type { EpochReport, RankingMetrics } from '../engine/engine';

/** Original ids of the dense users and items. */
export interface IdMaps {
  userIds: Int32Array;
  itemIds: Int32Array;
}

/**
 * train.tsv / test.tsv content: `user\titem\trating` lines (no header), original ids, sorted by user then item — the
 * CLI's format (src/data/tsv.ts), so the same seed and ratio give byte-identical files.
 */
export function splitTsvParts(csr: Csr, ids: IdMaps): string[] {
  return [...splitTsvChunks(csr, ids)];
}

const METRIC_COLS = ['precision', 'recall', 'ndcg', 'hitRate', 'coverage', 'users'] as const;

/** metrics.csv: one row per epoch (loss, test metrics, validation metrics when present, timings) and a baseline row. */
export function metricsCsv(epochs: EpochReport[], baseline: RankingMetrics | null, k: number): string {
  const hasVal = epochs.some((e) => e.validation);
  const head = ['epoch', 'loss', ...METRIC_COLS.map((m) => `test_${m}@${k}`)];
  if (hasVal) head.push(...METRIC_COLS.map((m) => `val_${m}@${k}`));
  head.push('train_ms', 'eval_ms');
  const lines = [head.join(',')];
  const metricCells = (m: RankingMetrics | undefined) => METRIC_COLS.map((c) => (m ? String(m[c]) : ''));
  for (const e of epochs) {
    const row = [String(e.epoch), String(e.loss), ...metricCells(e.test)];
    if (hasVal) row.push(...metricCells(e.validation));
    row.push(e.trainMs.toFixed(1), e.evalMs.toFixed(1));
    lines.push(row.join(','));
  }
  if (baseline) {
    const row = ['baseline-most-popular', '', ...metricCells(baseline)];
    if (hasVal) row.push(...metricCells(undefined));
    row.push('', '');
    lines.push(row.join(','));
  }
  return `${lines.join('\n')}\n`;
}
