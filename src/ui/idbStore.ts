/**
 * One object store in its own IndexedDB database (plain API, version 1), opened once per page: the
 * helper behind the stored runs, the saved session and the You panel's ratings.
 */

/** A request runner over one object store. */
export interface IdbStore {
  /**
   * Runs `make` on the store in one transaction and resolves with its request's result once the
   * transaction has committed (undefined when `make` returned no request).
   */
  request<T>(mode: IDBTransactionMode, make: (store: IDBObjectStore) => IDBRequest<T> | undefined): Promise<T>;
}

/** The store `storeName` of database `dbName`, created on first open with `params` (e.g. a keyPath). */
export function idbStore(dbName: string, storeName: string, params?: IDBObjectStoreParameters): IdbStore {
  let dbPromise: Promise<IDBDatabase> | null = null;
  const open = (): Promise<IDBDatabase> => {
    dbPromise ??= new Promise<IDBDatabase>((resolve, reject) => {
      if (typeof indexedDB === 'undefined') {
        reject(new Error(`this browser has no IndexedDB: ${dbName} is not kept`));
        return;
      }
      const req = indexedDB.open(dbName, 1);
      req.onupgradeneeded = () => {
        if (!req.result.objectStoreNames.contains(storeName)) req.result.createObjectStore(storeName, params);
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error(`could not open IndexedDB ${dbName}`));
      req.onblocked = () => reject(new Error(`IndexedDB ${dbName} is blocked by another tab`));
    }).catch((e: unknown) => {
      dbPromise = null;
      throw e;
    });
    return dbPromise;
  };
  return {
    async request<T>(mode: IDBTransactionMode, make: (store: IDBObjectStore) => IDBRequest<T> | undefined): Promise<T> {
      const db = await open();
      return new Promise<T>((resolve, reject) => {
        const tx = db.transaction(storeName, mode);
        const req = make(tx.objectStore(storeName));
        tx.oncomplete = () => resolve(req?.result as T);
        tx.onerror = () => reject(tx.error ?? req?.error ?? new Error('IndexedDB request failed'));
        tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
      });
    },
  };
}
