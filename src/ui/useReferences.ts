/**
 * References state of the app: computes most-popular, item-kNN and EASE for the loaded split in the
 * references worker whenever the split or the evaluation / reference settings change (debounced),
 * cancelling a computation that became stale. Never blocks the UI or training.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DatasetSplit } from '../data/types';
import type { RunConfig } from '../engine/config';
import type { ReferenceName, ReferenceResult } from '../references/references';
import { ReferencesClient } from '../workers/referencesClient';

/** What useReferences returns. */
export interface ReferencesApi {
  status: 'idle' | 'running' | 'done' | 'failed' | 'cancelled';
  /** Finished fraction of each reference while running. */
  progress: Partial<Record<ReferenceName, number>>;
  /** Results for the current split and K (empty until computed, and while recomputing for new ones). */
  results: ReferenceResult[];
  error: string | null;
  /** tfjs backend of the worker (EASE's solve). */
  backend: string | null;
  cancel(): void;
  /** Computes again (after a cancel or failure). */
  retry(): void;
}

/** Hook owning the references worker. `split` null (or stale) = nothing to compute. */
export function useReferences(split: DatasetSplit | null, config: RunConfig): ReferencesApi {
  const clientRef = useRef<ReferencesClient | null>(null);
  const callRef = useRef<number | null>(null);
  const [status, setStatus] = useState<ReferencesApi['status']>('idle');
  const [progress, setProgress] = useState<ReferencesApi['progress']>({});
  const [done, setDone] = useState<{ split: DatasetSplit; key: string; results: ReferenceResult[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [backend, setBackend] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const { k: wantK, threshold, references } = config;
  const refsKey = JSON.stringify(references);
  /** What the results depend on besides the split. */
  const key = `${wantK}|${threshold}|${refsKey}|${attempt}`;

  useEffect(() => () => clientRef.current?.dispose(), []);

  useEffect(() => {
    if (!split) return;
    const refs = JSON.parse(refsKey) as RunConfig['references'];
    let live = true;
    const t = setTimeout(() => {
      if (!clientRef.current) clientRef.current = new ReferencesClient();
      const client = clientRef.current;
      if (callRef.current !== null) client.cancel(callRef.current);
      setStatus('running');
      setProgress({});
      setError(null);
      const call = client.compute(
        {
          train: split.train,
          test: split.test,
          validation: split.validation,
          splitSeed: split.config.seed,
          k: wantK,
          threshold,
          config: refs,
        },
        (name, fraction) => live && setProgress((p) => ({ ...p, [name]: fraction })),
      );
      callRef.current = call.id;
      call.promise.then(
        (r) => {
          if (!live) return;
          setDone({ split, key, results: r.results });
          setBackend(r.backend);
          setStatus('done');
        },
        (e: unknown) => {
          if (!live) return;
          const err = e instanceof Error ? e : new Error(String(e));
          setStatus(err.name === 'AbortError' ? 'cancelled' : 'failed');
          if (err.name !== 'AbortError') setError(err.message);
        },
      );
    }, 200);
    return () => {
      live = false;
      clearTimeout(t);
      if (callRef.current !== null) clientRef.current?.cancel(callRef.current);
      callRef.current = null;
    };
  }, [split, wantK, threshold, refsKey, key]);

  const cancel = useCallback(() => {
    if (callRef.current !== null) clientRef.current?.cancel(callRef.current);
  }, []);
  const retry = useCallback(() => setAttempt((a) => a + 1), []);

  const results = done && done.split === split && done.key === key ? done.results : [];
  return { status, progress, results, error, backend, cancel, retry };
}
