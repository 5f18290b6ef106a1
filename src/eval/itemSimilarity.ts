/**
 * Why an item is recommended: item–item cosine similarity of co-occurrence in the training data,
 * sim(a, b) = |users who rated both| / √(|users who rated a| · |users who rated b|) (the cosine of
 * the two items' binary user columns). A recommended item is explained by the rated item with the
 * highest sim × rating: the movie the person liked most among those rated by the same people.
 */
import type { Csr } from '../data/types';
import type { RatedItem } from '../engine/engine';

/**
 * Cosine co-occurrence similarities of every item in `a` with every item in `b` (dense item indices),
 * from one pass over the training CSR.
 * @returns row-major |a| × |b| matrix in [0, 1]; 0 where an item has no training ratings
 */
export function cooccurrenceCosine(train: Csr, a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const na = a.length;
  const nb = b.length;
  const slotA = new Map<number, number[]>();
  const slotB = new Map<number, number[]>();
  for (let i = 0; i < na; i++) slotA.set(a[i], [...(slotA.get(a[i]) ?? []), i]);
  for (let j = 0; j < nb; j++) slotB.set(b[j], [...(slotB.get(b[j]) ?? []), j]);
  // 1 = in a, 2 = in b (3 = both): one typed-array read per training rating, the maps only on hits.
  const member = new Uint8Array(train.cols);
  for (const item of slotA.keys()) if (item >= 0 && item < train.cols) member[item] |= 1;
  for (const item of slotB.keys()) if (item >= 0 && item < train.cols) member[item] |= 2;
  const countA = new Float64Array(na);
  const countB = new Float64Array(nb);
  const co = new Float64Array(na * nb);
  const hitsA: number[] = [];
  const hitsB: number[] = [];
  for (let u = 0; u < train.rows; u++) {
    hitsA.length = 0;
    hitsB.length = 0;
    for (let p = train.rowPtr[u]; p < train.rowPtr[u + 1]; p++) {
      const item = train.colIdx[p];
      const m = member[item];
      if (m === 0) continue;
      if (m & 1) hitsA.push(...slotA.get(item)!);
      if (m & 2) hitsB.push(...slotB.get(item)!);
    }
    for (const i of hitsA) countA[i]++;
    for (const j of hitsB) countB[j]++;
    for (const i of hitsA) for (const j of hitsB) co[i * nb + j]++;
  }
  for (let i = 0; i < na; i++)
    for (let j = 0; j < nb; j++) {
      const d = Math.sqrt(countA[i] * countB[j]);
      co[i * nb + j] = d > 0 ? co[i * nb + j] / d : 0;
    }
  return co;
}

/**
 * For each recommended item, the rated item that explains it: argmax over rated items of
 * sim(recommended, rated) × rating (ties: the earlier rated item). When no rated item co-occurs with
 * it, the highest-rated item (the earliest among equals).
 * @param recs dense item indices; −1 entries get −1
 * @returns the explaining rated item (dense index) per recommendation
 */
export function explainRecommendations(train: Csr, rated: readonly RatedItem[], recs: Int32Array): Int32Array {
  const ratedItems = rated.map((r) => r.item);
  const sim = cooccurrenceCosine(train, recs, ratedItems);
  let favourite = 0;
  for (let j = 1; j < rated.length; j++) if (rated[j].rating > rated[favourite].rating) favourite = j;
  const out = new Int32Array(recs.length).fill(-1);
  for (let i = 0; i < recs.length; i++) {
    if (recs[i] < 0 || rated.length === 0) continue;
    let best = -1;
    let bestScore = 0;
    for (let j = 0; j < rated.length; j++) {
      const s = sim[i * rated.length + j] * rated[j].rating;
      if (s > bestScore) {
        bestScore = s;
        best = j;
      }
    }
    out[i] = ratedItems[best >= 0 ? best : favourite];
  }
  return out;
}
