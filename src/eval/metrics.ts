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

/** {@link popularityTopK} with each item's training count as its score (0 pads). */
export function popularityLists(train: Csr, users: Int32Array, k: number): RankedLists {
  const counts = itemPopularity(train);
  const items = popularityTopK(train, users, k);
  return { items, scores: Float32Array.from(items, (i) => (i >= 0 ? counts[i] : 0)) };
}

/** The largest number of entries in any row of a CSR (0 when empty). */
export function maxRowLength(m: Csr): number {
  let max = 0;
  for (let r = 0; r < m.rows; r++) max = Math.max(max, m.rowPtr[r + 1] - m.rowPtr[r]);
  return max;
}

/**
 * Drops each user's `known` items from ranked lists and cuts them to `k`. With `width` ≥ k + the
 * user's known count (e.g. k + maxRowLength(known)), the result equals ranking with those items
 * masked, because filtering a best-first list keeps its order.
 *
 * @param lists row-major `users.length × width` dense item indices, best first; -1 pads.
 * @param users dense user index of each row.
 * @param known users × items CSR of the items to drop (e.g. the validation ratings).
 * @param scores optional scores aligned with `lists`, filtered alongside.
 * @returns row-major `users.length × k` items (-1 padded) and, when given, their scores (0 padded).
 */
export function dropKnownItems(
  lists: Int32Array,
  users: Int32Array,
  width: number,
  known: Csr,
  k: number,
  scores?: Float32Array,
): { items: Int32Array; scores: Float32Array } {
  if (lists.length !== users.length * width) throw new Error(`lists have ${lists.length} entries, expected ${users.length}×${width}`);
  const items = new Int32Array(users.length * k).fill(-1);
  const kept = new Float32Array(scores ? users.length * k : 0);
  const drop = new Uint8Array(known.cols);
  for (let r = 0; r < users.length; r++) {
    const u = users[r];
    const inRange = u >= 0 && u < known.rows;
    const start = inRange ? known.rowPtr[u] : 0;
    const end = inRange ? known.rowPtr[u + 1] : 0;
    for (let e = start; e < end; e++) drop[known.colIdx[e]] = 1;
    let j = 0;
    for (let c = 0; c < width && j < k; c++) {
      const item = lists[r * width + c];
      if (item < 0 || drop[item]) continue;
      if (scores) kept[r * k + j] = scores[r * width + c];
      items[r * k + j++] = item;
    }
    for (let e = start; e < end; e++) drop[known.colIdx[e]] = 0;
  }
  return { items, scores: kept };
}

/** Ranked lists with their scores, row-major `users × width`; items -1 and scores 0 pad short rows. */
export interface RankedLists {
  items: Int32Array;
  scores: Float32Array;
}

/**
 * THE rule for validation items, used by every test list, recommendation and export: they are known
 * interactions, like the training ones, so they are never recommended and never counted as test hits.
 * `rank(width)` gives each user's best-first lists with the training items already left out; it is
 * asked for k + the largest `known` row among `users`, and the known items are then dropped
 * ({@link dropKnownItems}) — the same lists as ranking with them masked.
 *
 * @param rank lists of `width` items per row of `users` (training items excluded).
 * @param users dense user index of each row.
 * @param k list length wanted.
 * @param known users × items CSR of the extra known items (the split's validation part; may be empty).
 * @returns row-major `users.length × k` items (-1 padded) and their scores (0 padded).
 */
export async function topKWithoutKnown(
  rank: (width: number) => RankedLists | Promise<RankedLists>,
  users: Int32Array,
  k: number,
  known: Csr,
): Promise<RankedLists> {
  let extra = 0;
  for (const u of users) if (u >= 0 && u < known.rows) extra = Math.max(extra, known.rowPtr[u + 1] - known.rowPtr[u]);
  const width = k + extra;
  const wide = await rank(width);
  return extra === 0 ? wide : dropKnownItems(wide.items, users, width, known, k, wide.scores);
}

/** The first `k` columns of row-major `rows × width` lists. */
export function firstColumns(lists: Int32Array, rows: number, width: number, k: number): Int32Array {
  if (width === k) return lists;
  const out = new Int32Array(rows * k);
  for (let r = 0; r < rows; r++) out.set(lists.subarray(r * width, r * width + k), r * k);
  return out;
}
