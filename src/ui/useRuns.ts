/**
 * The stored runs of the app: loaded from IndexedDB on start; the current run is saved whenever it
 * ends (done, stopped or failed — again with the same id after a resume or a "continue on"), with its
 * configuration, per-epoch metrics, backends, times and the data's fingerprints. Also which runs are
 * ticked for comparison on the charts.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { type DataFingerprint, fingerprintSplit } from '../data/fingerprint';
import type { DatasetSplit } from '../data/types';
import type { BackendName } from '../engine/engine';
import type { LoadedData } from '../workers/protocol';
import type { RunRecord } from './runRecords';
import { deleteRun, listRuns, saveRun } from './runStore';
import type { TrainerApi } from './useTrainer';

const fingerprints = new WeakMap<DatasetSplit, DataFingerprint>();

/** Fingerprints of a split (computed once per split object). */
export function splitFingerprint(split: DatasetSplit, data: Pick<LoadedData, 'userIds' | 'itemIds'>): DataFingerprint {
  let fp = fingerprints.get(split);
  if (!fp) {
    fp = fingerprintSplit(split, data.userIds, data.itemIds);
    fingerprints.set(split, fp);
  }
  return fp;
}

/** What useRuns returns. */
export interface RunsApi {
  /** Stored runs, oldest first. */
  runs: RunRecord[];
  /** Ids of the runs ticked for comparison. */
  compared: ReadonlySet<string>;
  /** Id of the current (latest started) run, once begun. */
  currentId: string | null;
  /** A storage problem (IndexedDB unavailable, quota), shown next to the table. */
  error: string | null;
  /** Marks the start of a new run (call right before trainer.start). */
  begin(): void;
  toggle(id: string): void;
  remove(id: string): Promise<void>;
}

const newId = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
const ENDED = new Set(['done', 'stopped', 'failed']);

/** Hook keeping the runs table in step with IndexedDB and the trainer. */
export function useRuns(trainer: TrainerApi, data: LoadedData | null): RunsApi {
  const [runs, setRuns] = useState<RunRecord[]>([]);
  const [compared, setCompared] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [currentId, setCurrentId] = useState<string | null>(null);
  const current = useRef<{ id: string; startedAt: number; backends: BackendName[] } | null>(null);
  const fail = useCallback((e: unknown) => setError(e instanceof Error ? e.message : String(e)), []);

  useEffect(() => {
    listRuns().then((all) => setRuns((mine) => [...all.filter((r) => !mine.some((m) => m.id === r.id)), ...mine]), fail);
  }, [fail]);

  const begin = useCallback(() => {
    const id = newId();
    current.current = { id, startedAt: Date.now(), backends: [] };
    setCurrentId(id);
  }, []);

  // Backends that trained the current run, in order.
  const backendName = trainer.backend?.name;
  useEffect(() => {
    const c = current.current;
    if (c && backendName && trainer.state === 'running' && c.backends[c.backends.length - 1] !== backendName) c.backends.push(backendName);
  }, [backendName, trainer.state]);

  const { state, epochs, model, baseline } = trainer;
  /** The last end saved (run id, state, epochs): a run is saved once per end, not on later data changes. */
  const saved = useRef('');
  useEffect(() => {
    const c = current.current;
    if (!c || !ENDED.has(state) || !epochs.length || !model || !data) return;
    const key = `${c.id}:${state}:${epochs.length}`;
    if (saved.current === key) return;
    saved.current = key;
    const fp = splitFingerprint(model.split, data);
    const record: RunRecord = {
      id: c.id,
      startedAt: c.startedAt,
      endedAt: Date.now(),
      state: state as RunRecord['state'],
      config: model.config,
      backends: c.backends.length ? [...c.backends] : backendName ? [backendName] : [],
      datasetFingerprint: fp.dataset,
      splitFingerprint: fp.split,
      datasetLabel: data.sample ? 'built-in sample' : data.report.fileName,
      sample: data.sample,
      epochs: epochs.map(({ epoch, loss, test, validation, trainMs, evalMs }) => ({ epoch, loss, test, validation, trainMs, evalMs })),
      baseline,
    };
    setRuns((rs) => [...rs.filter((r) => r.id !== record.id), record].sort((a, b) => a.startedAt - b.startedAt));
    saveRun(record).then(() => setError(null), fail);
  }, [state, epochs, model, baseline, data, backendName, fail]);

  const toggle = useCallback((id: string) => {
    setCompared((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }, []);

  const remove = useCallback(
    async (id: string) => {
      setRuns((rs) => rs.filter((r) => r.id !== id));
      setCompared((s) => {
        const next = new Set(s);
        next.delete(id);
        return next;
      });
      await deleteRun(id).catch(fail);
    },
    [fail],
  );

  return { runs, compared, currentId, error, begin, toggle, remove };
}
