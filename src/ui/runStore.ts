/**
 * Stored runs in the browser's IndexedDB (plain API): database `recsys-trainer-runs`, object store
 * `runs` keyed by RunRecord.id. Records are plain structured-cloneable data.
 */
import { idbStore } from './idbStore';
import type { RunRecord } from './runRecords';

const runs = idbStore('recsys-trainer-runs', 'runs', { keyPath: 'id' });

/** Every stored run, oldest first. */
export async function listRuns(): Promise<RunRecord[]> {
  const all = await runs.request('readonly', (s) => s.getAll() as IDBRequest<RunRecord[]>);
  return all.sort((a, b) => a.startedAt - b.startedAt || (a.id < b.id ? -1 : 1));
}

/** Inserts or replaces a run (same id: a resumed run updated). */
export async function saveRun(run: RunRecord): Promise<void> {
  await runs.request('readwrite', (s) => s.put(run));
}

/** Deletes a run by id. */
export async function deleteRun(id: string): Promise<void> {
  await runs.request('readwrite', (s) => s.delete(id));
}
