/**
 * The "You" panel's ratings, kept in IndexedDB across reloads. They are stored by original item id
 * under a fingerprint of the dataset, so loading another dataset never shows ratings of movies it
 * does not have (or, worse, of other movies that happen to share a dense index).
 */

/** One of the person's ratings: original (file) item id and 1–5 stars. */
export interface StoredRating {
  itemId: number;
  rating: number;
}

const DB_NAME = 'recsys-you';
const STORE = 'ratings';

/**
 * A fingerprint of a dataset: FNV-1a (32-bit) over its user ids, item ids and rating count, as 8 hex
 * digits. The same file loaded again (or the built-in sample) gives the same fingerprint.
 */
export function datasetFingerprint(userIds: ArrayLike<number>, itemIds: ArrayLike<number>, ratings: number): string {
  let h = 0x811c9dc5;
  const mix = (v: number) => {
    for (let s = 0; s < 32; s += 8) {
      h ^= (v >>> s) & 0xff;
      h = Math.imul(h, 0x01000193);
    }
  };
  mix(userIds.length);
  for (let i = 0; i < userIds.length; i++) mix(userIds[i]);
  mix(itemIds.length);
  for (let i = 0; i < itemIds.length; i++) mix(itemIds[i]);
  mix(ratings);
  return (h >>> 0).toString(16).padStart(8, '0');
}

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB unavailable'));
  });
}

async function withStore<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = fn(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    });
  } finally {
    db.close();
  }
}

/** The ratings stored for this dataset fingerprint (empty when none). */
export async function loadYourRatings(fingerprint: string): Promise<StoredRating[]> {
  const v = await withStore<unknown>('readonly', (s) => s.get(fingerprint));
  if (!Array.isArray(v)) return [];
  return v.filter((r): r is StoredRating => Number.isInteger(r?.itemId) && Number.isFinite(r?.rating));
}

/** Replaces the ratings stored for this dataset fingerprint (an empty list deletes them). */
export async function saveYourRatings(fingerprint: string, ratings: StoredRating[]): Promise<void> {
  if (ratings.length === 0) await withStore('readwrite', (s) => s.delete(fingerprint));
  else
    await withStore('readwrite', (s) =>
      s.put(
        ratings.map(({ itemId, rating }) => ({ itemId, rating })),
        fingerprint,
      ),
    );
}
