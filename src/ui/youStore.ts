/**
 * The "You" panel's ratings, kept in IndexedDB across reloads. They are stored by original item id
 * under the dataset's fingerprint (src/data/fingerprint.ts, via useRuns.datasetFingerprint), so loading
 * another dataset never shows ratings of movies it does not have (or, worse, of other movies that
 * happen to share a dense index).
 */
import { idbStore } from './idbStore';

/** One of the person's ratings: original (file) item id and 1–5 stars. */
export interface StoredRating {
  itemId: number;
  rating: number;
}

const store = idbStore('recsys-you', 'ratings');

/** The ratings stored for this dataset fingerprint (empty when none). */
export async function loadYourRatings(fingerprint: string): Promise<StoredRating[]> {
  const v = await store.request<unknown>('readonly', (s) => s.get(fingerprint));
  if (!Array.isArray(v)) return [];
  return v.filter((r): r is StoredRating => Number.isInteger(r?.itemId) && Number.isFinite(r?.rating));
}

/** Replaces the ratings stored for this dataset fingerprint (an empty list deletes them). */
export async function saveYourRatings(fingerprint: string, ratings: StoredRating[]): Promise<void> {
  if (ratings.length === 0) await store.request('readwrite', (s) => s.delete(fingerprint));
  else
    await store.request('readwrite', (s) =>
      s.put(
        ratings.map(({ itemId, rating }) => ({ itemId, rating })),
        fingerprint,
      ),
    );
}
