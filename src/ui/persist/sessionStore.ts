/**
 * The session saved in IndexedDB as training goes, so a reload or crash loses nothing: the loaded
 * dataset (LoadedData: typed arrays, stored by structured clone) once per load, and the last finished
 * epoch's snapshot with the run's curves (at most every few seconds). Reopening the page offers to
 * resume from there.
 */
import type { RunConfig } from '../../engine/config';
import type { EpochReport, ModelSnapshot, RankingMetrics } from '../../engine/engine';
import type { LoadedData } from '../../workers/protocol';

const DB_NAME = 'recsys-trainer-session';
const STORE = 'session';

/** A training run as saved: the model at `snapshot.epoch` and the curves up to it. */
export interface SavedRun {
  config: RunConfig;
  snapshot: ModelSnapshot;
  /** Epoch reports 1..snapshot.epoch, oldest first. */
  epochs: EpochReport[];
  baseline: RankingMetrics | null;
  /** Date.now() of the save. */
  savedAt: number;
  /** Identifies the dataset record the run belongs to. */
  dataId: string;
}

/** The dataset as saved, with its id. */
export interface SavedData {
  dataId: string;
  data: LoadedData;
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB unavailable'));
  });
}

async function tx<T>(mode: IDBTransactionMode, body: (s: IDBObjectStore) => IDBRequest<T> | undefined): Promise<T | undefined> {
  const db = await open();
  try {
    return await new Promise<T | undefined>((resolve, reject) => {
      const t = db.transaction(STORE, mode);
      const req = body(t.objectStore(STORE));
      t.oncomplete = () => resolve(req?.result);
      t.onerror = () => reject(t.error ?? new Error('IndexedDB transaction failed'));
      t.onabort = () => reject(t.error ?? new Error('IndexedDB transaction aborted'));
    });
  } finally {
    db.close();
  }
}

/** Saves the dataset (replacing any saved one and the run that belonged to it). */
export async function saveData(saved: SavedData): Promise<void> {
  await tx('readwrite', (s) => {
    s.delete('run');
    return s.put(saved, 'data');
  });
}

/** Saves the run's latest finished epoch. */
export async function saveRun(run: SavedRun): Promise<void> {
  await tx('readwrite', (s) => s.put(run, 'run'));
}

/** The saved run, or null (also when storage is unavailable). */
export async function loadRun(): Promise<SavedRun | null> {
  return ((await tx('readonly', (s) => s.get('run')).catch(() => undefined)) as SavedRun | undefined) ?? null;
}

/** The saved dataset, or null. */
export async function loadData(): Promise<SavedData | null> {
  return ((await tx('readonly', (s) => s.get('data')).catch(() => undefined)) as SavedData | undefined) ?? null;
}

/** Forgets the saved run (the dataset stays for the next one). */
export async function clearRun(): Promise<void> {
  await tx('readwrite', (s) => s.delete('run')).catch(() => undefined);
}
