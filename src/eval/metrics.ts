/**
 * Ranking metrics at K and the most-popular baseline. Pure TypeScript (no tfjs) so the worker, the
 * CLI and the tests share one definition.
 */
import type { Csr } from '../data/types';

/** Ranking metrics at K over users with ≥ 1 relevant held-out item. All in [0,1]. */
export interface RankingMetrics {
  precision: number;
  recall: number;
  ndcg: number;
  hitRate: number;
  /** Distinct items recommended in anyone's top-K / number of items. */
  coverage: number;
  /** Users that had ≥ 1 relevant held-out item. */
  users: number;
}

/** DCG discount 1/log2(pos+2) for 0-based positions, cached up to the largest K seen. */
let discounts = new Float64Array(0);
function discount(k: number): Float64Array {
  if (discounts.length < k) {
    discounts = new Float64Array(k);
    for (let j = 0; j < k; j++) discounts[j] = 1 / Math.log2(j + 2);
  }
  return discounts;
}

/**
 * Ranking metrics of top-K lists against held-out ratings.
 *
 * @param topK row-major `users.length × k` dense item indices, best first; -1 pads short lists.
 * @param users dense user index of each row of `topK`.
 * @param k list length (the cut-off K).
 * @param test held-out ratings, users × items CSR (original rating scale).
 * @param threshold a held-out rating is relevant when rating ≥ threshold; ≤ 0 means every held-out rating.
 * @param numItems catalogue size, denominator of coverage.
 * @returns precision = hits/K, recall = hits/|relevant|, nDCG with binary gains (IDCG over
 *   min(|relevant|, K) positions), hit rate = share with ≥ 1 hit — each averaged over the rows whose
 *   user has ≥ 1 relevant item (`users` counts them; all zero when none); coverage = distinct items
 *   recommended in any row / numItems.
 */
export function rankingMetrics(
  topK: Int32Array,
  users: Int32Array,
  k: number,
  test: Csr,
  threshold: number,
  numItems: number,
): RankingMetrics {
  if (topK.length !== users.length * k) throw new Error(`topK has ${topK.length} entries, expected ${users.length}×${k}`);
  const disc = discount(k);
  const relevant = new Uint8Array(numItems);
  const seen = new Uint8Array(numItems);
  let distinct = 0;
  let precision = 0,
    recall = 0,
    ndcg = 0,
    hitRate = 0,
    counted = 0;
  for (let r = 0; r < users.length; r++) {
    const row = topK.subarray(r * k, (r + 1) * k);
    for (let j = 0; j < k; j++) {
      const item = row[j];
      if (item >= 0 && item < numItems && !seen[item]) {
        seen[item] = 1;
        distinct++;
      }
    }
    const u = users[r];
    if (u < 0 || u >= test.rows) continue;
    const start = test.rowPtr[u],
      end = test.rowPtr[u + 1];
    let nRel = 0;
    for (let e = start; e < end; e++) {
      if (threshold <= 0 || test.values[e] >= threshold) {
        relevant[test.colIdx[e]] = 1;
        nRel++;
      }
    }
    if (nRel === 0) continue;
    let hits = 0,
      dcg = 0;
    for (let j = 0; j < k; j++) {
      const item = row[j];
      if (item >= 0 && item < numItems && relevant[item]) {
        relevant[item] = 0; // a duplicate in the list cannot hit twice
        hits++;
        dcg += disc[j];
      }
    }
    let idcg = 0;
    for (let j = 0; j < Math.min(nRel, k); j++) idcg += disc[j];
    precision += hits / k;
    recall += hits / nRel;
    ndcg += dcg / idcg;
    if (hits > 0) hitRate++;
    counted++;
    for (let e = start; e < end; e++) relevant[test.colIdx[e]] = 0;
  }
  const n = Math.max(counted, 1);
  return {
    precision: precision / n,
    recall: recall / n,
    ndcg: ndcg / n,
    hitRate: hitRate / n,
    coverage: numItems > 0 ? distinct / numItems : 0,
    users: counted,
  };
}

/** Number of training ratings of each item (length train.cols). */
export function itemPopularity(train: Csr): Int32Array {
  const counts = new Int32Array(train.cols);
  const nnz = train.rowPtr[train.rows];
  for (let e = 0; e < nnz; e++) counts[train.colIdx[e]]++;
  return counts;
}

/**
 * The most-popular baseline: for each user, the K items with the most training ratings that the
 * user did not rate in training; ties go to the lower item index; -1 pads when fewer exist.
 *
 * @returns row-major `users.length × k` item indices.
 */
export function popularityTopK(train: Csr, users: Int32Array, k: number): Int32Array {
  const counts = itemPopularity(train);
  const order = Int32Array.from({ length: train.cols }, (_, i) => i).sort((a, b) => counts[b] - counts[a] || a - b);
  const out = new Int32Array(users.length * k).fill(-1);
  const rated = new Uint8Array(train.cols);
  for (let r = 0; r < users.length; r++) {
    const u = users[r];
    const start = train.rowPtr[u],
      end = train.rowPtr[u + 1];
    for (let e = start; e < end; e++) rated[train.colIdx[e]] = 1;
    let j = 0;
    for (let o = 0; o < order.length && j < k; o++) {
      if (!rated[order[o]]) out[r * k + j++] = order[o];
    }
    for (let e = start; e < end; e++) rated[train.colIdx[e]] = 0;
  }
  return out;
}
