/**
 * Top-K lists and ranking metrics of a fitted linear autoencoder (EASE / EDLAE), scored on the host in
 * user chunks: scores = x·B for each user's row of the model's own training matrix.
 */
import type { Csr } from '../data/types';
import { rankingMetrics, type RankingMetrics } from '../eval/metrics';
import { selectTopK } from '../nn/select';
import type { LinearAutoencoder } from '../references/linearAutoencoder';

/** Users scored per chunk (a chunk's scores are chunk × items float32). */
export const LINEAR_SCORE_CHUNK = 256;

/** Top-K lists: row-major users × k items (−1 pads) and their scores (0 pads). */
export interface TopKLists {
  items: Int32Array;
  scores: Float32Array;
}

/**
 * Top-k items of each user by x_u·B, one list per entry of `views`, each skipping every item the user
 * has in any of its `known` CSRs (users × items, e.g. train, or train and validation) and NaN scores;
 * ties keep the lower item index. Each user's scores are computed once for all views.
 * @param train the model's training matrix (its rows are the users' inputs x_u).
 * @param onChunk called after each chunk with the users done; may await (to yield, or to abort).
 * @returns the lists per view and Σ_u ‖x_u − x_u·B‖² (binary x_u), the reconstruction error.
 */
export async function linearTopK(
  model: LinearAutoencoder,
  train: Csr,
  users: Int32Array,
  k: number,
  views: Csr[][],
  onChunk?: (done: number) => void | Promise<void>,
): Promise<{ lists: TopKLists[]; squaredError: number }> {
  const I = model.items;
  const lists = views.map(() => ({ items: new Int32Array(users.length * k).fill(-1), scores: new Float32Array(users.length * k) }));
  const skip = new Uint8Array(I);
  let squaredError = 0;
  for (let from = 0; from < users.length; from += LINEAR_SCORE_CHUNK) {
    const chunk = users.subarray(from, Math.min(users.length, from + LINEAR_SCORE_CHUNK));
    const s = model.scoreUsers(chunk);
    for (let r = 0; r < chunk.length; r++) {
      const u = chunk[r];
      const row = s.subarray(r * I, (r + 1) * I);
      let err = 0;
      for (let i = 0; i < I; i++) err += row[i] * row[i];
      for (let e = train.rowPtr[u]; e < train.rowPtr[u + 1]; e++) err += 1 - 2 * row[train.colIdx[e]]; // (1 − v)² − v²
      squaredError += err;
      views.forEach((known, v) => {
        for (const m of known) for (let e = m.rowPtr[u]; e < m.rowPtr[u + 1]; e++) skip[m.colIdx[e]] = 1;
        selectTopK(row, skip, k, lists[v].items, lists[v].scores, (from + r) * k);
        for (const m of known) for (let e = m.rowPtr[u]; e < m.rowPtr[u + 1]; e++) skip[m.colIdx[e]] = 0;
      });
    }
    await onChunk?.(from + chunk.length);
  }
  return { lists, squaredError };
}

/** Every dense user index 0..n−1. */
export function allUsers(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}

/** Ranking metrics at k of row-major top-k lists of every user (0..n−1) on `heldOut`. */
export function listMetrics(items: Int32Array, heldOut: Csr, k: number, threshold: number): RankingMetrics {
  return rankingMetrics(items, allUsers(heldOut.rows), k, heldOut, threshold, heldOut.cols);
}
