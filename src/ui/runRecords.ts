/**
 * Stored training runs (kept in IndexedDB by runStore.ts): what one run was, its best epoch, and the
 * runs CSV export. Pure functions, unit-tested in Node.
 */
import type { RunConfig } from '../engine/config';
import { runConfigToParams } from '../engine/configParams';
import type { BackendName, EpochReport, RankingMetrics, TrainState } from '../engine/engine';

/** One finished epoch of a stored run (EpochReport without the live-tensor bookkeeping). */
export type RunEpoch = Pick<EpochReport, 'epoch' | 'loss' | 'test' | 'validation' | 'trainMs' | 'evalMs'>;

/** A finished, stopped or failed run, as stored. */
export interface RunRecord {
  /** Unique id (time-ordered). */
  id: string;
  /** Wall-clock start and last update, ms since 1970. */
  startedAt: number;
  endedAt: number;
  /** How the run ended (the latest end when it was resumed). */
  state: Extract<TrainState, 'done' | 'stopped' | 'failed'>;
  config: RunConfig;
  /** Backends that trained it, in order (more than one after a "continue on" recovery). */
  backends: BackendName[];
  /** Fingerprints of the ratings and of the split (src/data/fingerprint.ts). */
  datasetFingerprint: string;
  splitFingerprint: string;
  /** The ratings file's name, or "built-in sample". */
  datasetLabel: string;
  /** Trained on the built-in sample (its link adds ?sample=1). */
  sample: boolean;
  /** Finished epochs, ascending. */
  epochs: RunEpoch[];
  /** Most-popular metrics on the same test set. */
  baseline: RankingMetrics | null;
}

/** The epoch reported as a run's best, and on which split it was chosen. */
export interface BestEpoch {
  epoch: number;
  /** Test P@K at that epoch. */
  precision: number;
  /**
   * 'validation': the epoch of the highest validation P@K (an honest pick when the run had a validation
   * carve); 'test': the highest test P@K (no validation split — an optimistic, after-the-fact figure).
   */
  chosenOn: 'validation' | 'test';
}

/** The best epoch of a run (null without epochs). Ties go to the earliest epoch. */
export function bestEpoch(epochs: readonly RunEpoch[]): BestEpoch | null {
  if (!epochs.length) return null;
  const onVal = epochs.every((e) => e.validation);
  const score = (e: RunEpoch) => (onVal ? e.validation!.precision : e.test.precision);
  let best = epochs[0];
  for (const e of epochs) if (score(e) > score(best)) best = e;
  return { epoch: best.epoch, precision: best.test.precision, chosenOn: onVal ? 'validation' : 'test' };
}

/** Test P@K after the run's last epoch (NaN without epochs). */
export function lastPrecision(r: Pick<RunRecord, 'epochs'>): number {
  return r.epochs.length ? r.epochs[r.epochs.length - 1].test.precision : Number.NaN;
}

/** Sum of the epochs' training time, ms (evaluation excluded). */
export function trainMs(r: Pick<RunRecord, 'epochs'>): number {
  return r.epochs.reduce((s, e) => s + e.trainMs, 0);
}

/** The query string that opens the run's configuration (`?preset=…`, plus `sample=1` for the sample). */
export function runQuery(r: Pick<RunRecord, 'config' | 'sample'>): string {
  const p = runConfigToParams(r.config);
  if (r.sample) p.set('sample', '1');
  const s = p.toString();
  return s ? `?${s}` : '?';
}

/** A short label: "#3 mult-dae". `index` is 1-based. */
export function runLabel(r: Pick<RunRecord, 'config'>, index: number): string {
  return `#${index} ${r.config.preset}`;
}

const csvCell = (v: string | number) => {
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : v;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Header of runsCsv. */
export const RUNS_CSV_HEADER = [
  'id',
  'started',
  'state',
  'preset',
  'dataset',
  'dataset_fingerprint',
  'split_fingerprint',
  'backends',
  'k',
  'epochs',
  'best_precision',
  'best_epoch',
  'best_chosen_on',
  'last_precision',
  'last_recall',
  'last_ndcg',
  'popular_precision',
  'train_ms',
  'eval_ms',
  'config',
];

/** runs.csv: one row per run (times in ms, started as ISO 8601 UTC, config as its query string). */
export function runsCsv(runs: readonly RunRecord[]): string {
  const lines = [RUNS_CSV_HEADER.join(',')];
  for (const r of runs) {
    const best = bestEpoch(r.epochs);
    const last = r.epochs[r.epochs.length - 1];
    const row: (string | number)[] = [
      r.id,
      new Date(r.startedAt).toISOString(),
      r.state,
      r.config.preset,
      r.datasetLabel,
      r.datasetFingerprint,
      r.splitFingerprint,
      r.backends.join('+'),
      r.config.k,
      r.epochs.length,
      best?.precision ?? Number.NaN,
      best?.epoch ?? Number.NaN,
      best?.chosenOn ?? '',
      last?.test.precision ?? Number.NaN,
      last?.test.recall ?? Number.NaN,
      last?.test.ndcg ?? Number.NaN,
      r.baseline?.precision ?? Number.NaN,
      Math.round(trainMs(r)),
      Math.round(r.epochs.reduce((s, e) => s + e.evalMs, 0)),
      runQuery(r).slice(1),
    ];
    lines.push(row.map(csvCell).join(','));
  }
  return `${lines.join('\n')}\n`;
}
