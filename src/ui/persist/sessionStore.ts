/**
 * The session saved in IndexedDB as training goes, so a reload or crash loses nothing: the loaded
 * dataset (LoadedData: typed arrays, stored by structured clone) once per load, and the last finished
 * epoch's snapshot with the run's curves (at most every few seconds). Reopening the page offers to
 * resume from there.
 */
import type { RunConfig } from '../../engine/config';
import type { EpochReport, ModelSnapshot, RankingMetrics } from '../../engine/engine';
import type { LoadedData } from '../../workers/protocol';
import { idbStore } from '../idbStore';

const session = idbStore('recsys-trainer-session', 'session');

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

/** Saves the dataset (replacing any saved one and the run that belonged to it). */
export async function saveData(saved: SavedData): Promise<void> {
  await session.request('readwrite', (s) => {
    s.delete('run');
    return s.put(saved, 'data');
  });
}

/** Saves the run's latest finished epoch. */
export async function saveRun(run: SavedRun): Promise<void> {
  await session.request('readwrite', (s) => s.put(run, 'run'));
}

/** The saved run, or null (also when storage is unavailable). */
export async function loadRun(): Promise<SavedRun | null> {
  return ((await session.request('readonly', (s) => s.get('run')).catch(() => undefined)) as SavedRun | undefined) ?? null;
}

/** The saved dataset, or null. */
export async function loadData(): Promise<SavedData | null> {
  return ((await session.request('readonly', (s) => s.get('data')).catch(() => undefined)) as SavedData | undefined) ?? null;
}

/** Forgets the saved run (the dataset stays for the next one). */
export async function clearRun(): Promise<void> {
  await session.request('readwrite', (s) => s.delete('run')).catch(() => undefined);
}
