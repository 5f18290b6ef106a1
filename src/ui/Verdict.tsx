/**
 * The verdict shown when a run ends (done, stopped or failed with at least one epoch): its final
 * P@K against the reference figures on the same test set, and the best stored run of another preset
 * on the same data, split, K and relevance threshold when that one is better.
 */
import { useMemo } from 'react';
import type { LoadedData } from '../workers/protocol';
import { bestEpoch, lastPrecision } from './runRecords';
import type { RunsApi } from './useRuns';
import { splitFingerprint } from './useRuns';
import type { TrainerApi } from './useTrainer';
import { type VerdictReference, verdictSentence } from './verdict';

/** Props of Verdict. */
export interface VerdictProps {
  trainer: TrainerApi;
  runs: RunsApi;
  data: LoadedData | null;
  /** Reference figures besides most-popular (same test set and K), e.g. item-kNN, EASE. */
  references?: readonly VerdictReference[];
}

const ENDED = new Set(['done', 'stopped', 'failed']);
const NONE: readonly VerdictReference[] = [];

/** The one-sentence verdict (testid `verdict`), or nothing while a run is going or none has run. */
export function Verdict({ trainer, runs, data, references = NONE }: VerdictProps) {
  const { state, epochs, model, baseline } = trainer;
  const ended = ENDED.has(state) && epochs.length > 0 && model !== null && data !== null;
  const sentence = useMemo(() => {
    if (!ended || !model || !data) return null;
    const fp = splitFingerprint(model.split, data).split;
    const { config } = model;
    const refs: VerdictReference[] = [];
    if (baseline) refs.push({ label: 'most-popular', precision: baseline.precision });
    refs.push(...references);
    for (const r of runs.runs) {
      const c = r.config;
      if (r.id === runs.currentId || r.splitFingerprint !== fp || c.preset === config.preset) continue;
      if (c.k !== config.k || c.threshold !== config.threshold) continue;
      refs.push({ label: c.preset, precision: lastPrecision(r), kind: 'run' });
    }
    const last = epochs[epochs.length - 1];
    // A best epoch picked on the test set itself would flatter the run: only one chosen on validation is named.
    const best = bestEpoch(epochs);
    const honestBest = best?.chosenOn === 'validation' ? best : null;
    return verdictSentence({ k: config.k, precision: last.test.precision, lastEpoch: last.epoch, best: honestBest }, refs);
  }, [ended, model, data, baseline, references, runs.runs, runs.currentId, epochs]);
  if (!sentence) return null;
  return (
    <p className="verdict" data-testid="verdict" role="status">
      {sentence}
    </p>
  );
}
