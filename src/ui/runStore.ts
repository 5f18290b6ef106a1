/**
 * Stored runs in the browser's IndexedDB (plain API): database `recsys-trainer-runs`, object store
 * `runs` keyed by RunRecord.id. Records are plain structured-cloneable data.
 */
import type { RunRecord } from './runRecords';

const DB_NAME = 'recsys-trainer-runs';
const STORE = 'runs';

let dbPromise: Promise<IDBDatabase> | null = null;

function openDb(): Promise<IDBDatabase> {
  dbPromise ??= new Promise<IDBDatabase>((resolve, reject) => {
    if (typeof indexedDB === 'undefined') {
      reject(new Error('this browser has no IndexedDB: runs are not kept'));
      return;
    }
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => {
      if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE, { keyPath: 'id' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('could not open the runs database'));
    req.onblocked = () => reject(new Error('the runs database is blocked by another tab'));
  }).catch((e: unknown) => {
    dbPromise = null;
    throw e;
  });
  return dbPromise;
}

/** Runs one request in a transaction and resolves with its result once the transaction has committed. */
async function request<T>(mode: IDBTransactionMode, make: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb();
  return new Promise<T>((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const req = make(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(req.result);
    tx.onerror = () => reject(tx.error ?? req.error ?? new Error('IndexedDB request failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

/** Every stored run, oldest first. */
export async function listRuns(): Promise<RunRecord[]> {
  const all = await request('readonly', (s) => s.getAll() as IDBRequest<RunRecord[]>);
  return all.sort((a, b) => a.startedAt - b.startedAt || (a.id < b.id ? -1 : 1));
}

/** Inserts or replaces a run (same id: a resumed run updated). */
export async function saveRun(run: RunRecord): Promise<void> {
  await request('readwrite', (s) => s.put(run));
}

/** Deletes a run by id. */
export async function deleteRun(id: string): Promise<void> {
  await request('readwrite', (s) => s.delete(id));
}
