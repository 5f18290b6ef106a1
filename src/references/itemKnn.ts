/**
 * Item-kNN (as in Elliot / RecBole's ItemKNN): cosine similarity on the binary training matrix,
 * sim(i, j) = |U_i ∩ U_j| / √(|U_i|·|U_j|); each item j keeps its k most similar other items N_k(j)
 * (ties: lower index; zero similarities never count); a user's score of j = Σ_{i ∈ N_k(j) ∩ I_u} sim(i, j).
 * Pure TypeScript: runs in Node and in workers.
 */
import type { Csr } from '../data/types';
import { selectTopK } from '../nn/select';

/** Default neighbourhood size. */
export const DEFAULT_KNN_NEIGHBOURS = 100;

/** A fitted item-kNN. Scores are float32, row-major rows × items. */
export interface ItemKnn {
  readonly items: number;
  /** Neighbours kept per item. */
  readonly neighbours: number;
  /** Scores of training users (dense user indices): users.length × items. */
  scoreUsers(users: Int32Array): Float32Array;
  /** Scores of arbitrary binary rows given as a CSR with `items` columns (values ignored). */
  scoreRows(rows: Csr): Float32Array;
}

/** Options of {@link fitItemKnn}. */
export interface ItemKnnOptions {
  /** Neighbours per item, ≥ 1. */
  neighbours: number;
  /** Finished fraction in [0,1], called now and then. */
  onProgress?: (fraction: number) => void;
  /** Aborting throws the signal's reason at the next check. */
  signal?: AbortSignal;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Fits item-kNN on `train` (users × items CSR; any stored value counts as 1). */
export async function fitItemKnn(train: Csr, opts: ItemKnnOptions): Promise<ItemKnn> {
  const k = opts.neighbours;
  if (!Number.isInteger(k) || k < 1) throw new Error(`item-kNN neighbours must be a positive integer, got ${k}`);
  const { rows: users, cols: items, rowPtr, colIdx } = train;
  const colPtr = new Int32Array(items + 1);
  for (let e = 0; e < rowPtr[users]; e++) colPtr[colIdx[e] + 1]++;
  for (let i = 0; i < items; i++) colPtr[i + 1] += colPtr[i];
  const rowIdx = new Int32Array(rowPtr[users]);
  const fill = colPtr.slice(0, items);
  for (let u = 0; u < users; u++) for (let e = rowPtr[u]; e < rowPtr[u + 1]; e++) rowIdx[fill[colIdx[e]]++] = u;
  const norm = new Float64Array(items);
  for (let i = 0; i < items; i++) norm[i] = Math.sqrt(colPtr[i + 1] - colPtr[i]);
  // Incoming neighbours of each item j: nbr[j*k + r] = i, sim[j*k + r] = sim(i, j); -1 / 0 pad.
  const nbr = new Int32Array(items * k).fill(-1);
  const sim = new Float32Array(items * k);
  const co = new Float32Array(items);
  const skip = new Uint8Array(items);
  for (let j = 0; j < items; j++) {
    if (colPtr[j + 1] === colPtr[j]) continue;
    for (let a = colPtr[j]; a < colPtr[j + 1]; a++) {
      const u = rowIdx[a];
      for (let e = rowPtr[u]; e < rowPtr[u + 1]; e++) co[colIdx[e]]++;
    }
    const nj = norm[j];
    for (let i = 0; i < items; i++) if (co[i] !== 0) co[i] = co[i] / (norm[i] * nj);
    skip[j] = 1;
    const found = selectTopK(co, skip, k, nbr, sim, j * k);
    skip[j] = 0;
    for (let r = 0; r < found; r++) {
      if (sim[j * k + r] > 0) continue;
      nbr[j * k + r] = -1; // fewer than k items co-occur with j: drop the zero-similarity fillers
      sim[j * k + r] = 0;
    }
    co.fill(0);
    if ((j & 255) === 255) {
      opts.signal?.throwIfAborted();
      opts.onProgress?.(j / items);
      await yieldToEventLoop();
    }
  }
  // Outgoing lists (CSR by source item i): the items j that have i as a neighbour, with sim(i, j).
  const outPtr = new Int32Array(items + 1);
  for (const i of nbr) if (i >= 0) outPtr[i + 1]++;
  for (let i = 0; i < items; i++) outPtr[i + 1] += outPtr[i];
  const outItem = new Int32Array(outPtr[items]);
  const outSim = new Float32Array(outPtr[items]);
  const at = outPtr.slice(0, items);
  for (let j = 0; j < items; j++) {
    for (let r = 0; r < k; r++) {
      const i = nbr[j * k + r];
      if (i < 0) continue;
      outItem[at[i]] = j;
      outSim[at[i]++] = sim[j * k + r];
    }
  }
  opts.onProgress?.(1);
  const scoreInto = (cols: Int32Array, start: number, end: number, out: Float32Array, base: number): void => {
    for (let e = start; e < end; e++) {
      const i = cols[e];
      for (let q = outPtr[i]; q < outPtr[i + 1]; q++) out[base + outItem[q]] += outSim[q];
    }
  };
  return {
    items,
    neighbours: k,
    scoreUsers(list) {
      const out = new Float32Array(list.length * items);
      list.forEach((u, r) => {
        scoreInto(colIdx, rowPtr[u], rowPtr[u + 1], out, r * items);
      });
      return out;
    },
    scoreRows(x) {
      const out = new Float32Array(x.rows * items);
      for (let r = 0; r < x.rows; r++) scoreInto(x.colIdx, x.rowPtr[r], x.rowPtr[r + 1], out, r * items);
      return out;
    },
  };
}
