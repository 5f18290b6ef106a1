/**
 * Data state of the app: loads files or the sample through the ingest worker (with progress and
 * cancel), re-splits on demand, and never drops the current dataset when a load fails.
 */
import { type RefObject, useCallback, useEffect, useRef, useState } from 'react';
import type { SplitConfig } from '../data/types';
import { IngestClient, type IngestProgress } from '../workers/ingestClient';
import type { LoadedData } from '../workers/protocol';

/** A load in progress. */
export interface LoadingState {
  id: number;
  label: string;
  progress: IngestProgress | null;
}

/** What useData returns. */
export interface DataApi {
  data: LoadedData | null;
  loading: LoadingState | null;
  /** The last load's error (the previous data stays loaded). */
  error: Error | null;
  /** A short note, e.g. "Load cancelled". */
  notice: string | null;
  loadFiles(files: File[], split: SplitConfig): Promise<LoadedData | null>;
  loadSample(split: SplitConfig): Promise<LoadedData | null>;
  cancel(): void;
  /** Re-splits the loaded dataset; resolves with the new data (null when nothing is loaded). */
  resplit(split: SplitConfig): Promise<LoadedData | null>;
  clearError(): void;
  /** Uses data loaded elsewhere (a saved session) and hands it to the ingest worker for re-splits. */
  adopt(data: LoadedData): void;
}

/** The ingest worker's client, created on first use. */
function ingestClient(ref: RefObject<IngestClient | null>): IngestClient {
  ref.current ??= new IngestClient();
  return ref.current;
}

/** Hook owning the ingest worker (terminated on unmount) and the loaded dataset. */
export function useData(): DataApi {
  const clientRef = useRef<IngestClient | null>(null);
  const [data, setData] = useState<LoadedData | null>(null);
  const dataRef = useRef<LoadedData | null>(null);
  /** The data shown was adopted and the worker does not hold it (yet): it may hold another dataset. */
  const adopted = useRef(false);
  /** The adopted data being handed to the worker; re-splits wait for it. */
  const restoring = useRef<Promise<void> | null>(null);
  const [loading, setLoading] = useState<LoadingState | null>(null);
  const loadingRef = useRef<LoadingState | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  // The worker goes with the component (a later load starts a new one).
  useEffect(
    () => () => {
      clientRef.current?.dispose();
      clientRef.current = null;
      loadingRef.current = null;
    },
    [],
  );

  const run = useCallback(
    async (label: string, start: (onProgress: (p: IngestProgress) => void) => { id: number; promise: Promise<LoadedData> }) => {
      if (loadingRef.current) ingestClient(clientRef).cancel(loadingRef.current.id);
      setNotice(null);
      let lastPaint = 0;
      const call = start((p) => {
        const now = performance.now();
        if (now - lastPaint < 100 && p.bytesDone < p.bytesTotal) return;
        lastPaint = now;
        if (loadingRef.current?.id === call.id) {
          loadingRef.current = { ...loadingRef.current, progress: p };
          setLoading(loadingRef.current);
        }
      });
      loadingRef.current = { id: call.id, label, progress: null };
      setLoading(loadingRef.current);
      try {
        const d = await call.promise;
        adopted.current = false;
        dataRef.current = d;
        setData(d);
        setError(null);
        return d;
      } catch (e) {
        const err = e instanceof Error ? e : new Error(String(e));
        if (loadingRef.current?.id !== call.id) return null; // superseded by a newer load
        if (err.name === 'AbortError') setNotice(`${label}: cancelled. The previous data is still loaded.`);
        else setError(err);
        return null;
      } finally {
        if (loadingRef.current?.id === call.id) {
          loadingRef.current = null;
          setLoading(null);
        }
      }
    },
    [],
  );

  const loadFiles = useCallback(
    (files: File[], split: SplitConfig) =>
      run(`Loading ${files.map((f) => f.name).join(', ')}`, (onProgress) => ingestClient(clientRef).ingest(files, split, onProgress)),
    [run],
  );

  const loadSample = useCallback(
    (split: SplitConfig) => run('Generating the built-in sample', (onProgress) => ingestClient(clientRef).sample({}, split, onProgress)),
    [run],
  );

  const cancel = useCallback(() => {
    if (loadingRef.current) ingestClient(clientRef).cancel(loadingRef.current.id);
  }, []);

  const resplit = useCallback(async (split: SplitConfig) => {
    await restoring.current;
    const cur = dataRef.current;
    if (!cur || adopted.current || !clientRef.current?.hasDataset) return null;
    try {
      const s = await ingestClient(clientRef).resplit(split);
      const d = { ...cur, split: s };
      dataRef.current = d;
      setData(d);
      return d;
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
      return null;
    }
  }, []);

  const clearError = useCallback(() => setError(null), []);

  const adopt = useCallback((d: LoadedData) => {
    adopted.current = true;
    dataRef.current = d;
    setData(d);
    setError(null);
    const handing = ingestClient(clientRef)
      .restore(d)
      .then(
        () => {
          if (dataRef.current === d) adopted.current = false;
        },
        (e: unknown) => {
          if (dataRef.current === d)
            setError(
              new Error(`could not keep the resumed data for re-splitting (${String(e)}); load the files again to change the split`),
            );
        },
      )
      .finally(() => {
        if (restoring.current === handing) restoring.current = null;
      });
    restoring.current = handing;
  }, []);

  return { data, loading, error, notice, loadFiles, loadSample, cancel, resplit, clearError, adopt };
}
