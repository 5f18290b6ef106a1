/**
 * Mini-batch layout exactly like the tutorial's np.array_split, per-epoch shuffling and the
 * per-entry input transform / dropout masks — host-side helpers shared by the fast path, the
 * reference path (tests) and evaluation.
 */
import type { Csr, DatasetSplit } from '../data/types';
import { Rng } from '../data/rng';
import type { ModelConfig } from '../engine/config';

/**
 * Batch boundaries of np.array_split(range(users), n) with n = max(1, ⌊users / batchSize⌋):
 * consecutive positions, the first (users mod n) batches one larger.
 *
 * @returns offsets of length n + 1 (batch b covers positions [offsets[b], offsets[b+1])).
 *   E.g. 1003 users / 250 → [0, 251, 502, 753, 1003]; 10 users / 250 → [0, 10].
 */
export function arraySplitOffsets(users: number, batchSize: number): Int32Array {
  const n = Math.max(1, Math.floor(users / batchSize));
  const base = Math.floor(users / n),
    extra = users % n;
  const offsets = new Int32Array(n + 1);
  for (let b = 0; b < n; b++) offsets[b + 1] = offsets[b] + base + (b < extra ? 1 : 0);
  return offsets;
}

/** A seed for an independent random stream (weight init, shuffle, dropout) of a given epoch. */
export function streamSeed(seed: number, stream: number, epoch: number): number {
  let h = Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(stream + 1, 0x85ebca6b) ^ Math.imul(epoch + 1, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h >>> 0;
}

export const STREAM_SHUFFLE = 1;
export const STREAM_DROPOUT = 2;

/**
 * The order users are visited in during a 0-based epoch: ascending, or a seeded permutation
 * (a pure function of seed and epoch, so a resumed run shuffles exactly like an uninterrupted one).
 * @returns null for ascending order.
 */
export function epochUserOrder(users: number, model: ModelConfig, epoch: number): Int32Array | null {
  if (!model.shuffle) return null;
  const order = Int32Array.from({ length: users }, (_, i) => i);
  return new Rng(streamSeed(model.seed, STREAM_SHUFFLE, epoch)).shuffle(order);
}

/**
 * The input value of one rating in a row of `rowLength` ratings, per the config's input transform:
 * minmax → (r − min)/(max − min) (1 when max = min; `scale` is learnt on train); binary-l2 → 1/√rowLength.
 */
export function inputValue(rating: number, rowLength: number, model: ModelConfig, scale: { min: number; max: number }): number {
  if (model.input === 'binary-l2') return 1 / Math.sqrt(rowLength);
  const range = scale.max - scale.min;
  return range > 0 ? (rating - scale.min) / range : 1;
}

/** Per-entry input values of the training CSR (aligned with train.colIdx), per `inputValue`. */
export function inputValues(split: DatasetSplit, model: ModelConfig): Float32Array {
  const { train, scale } = split;
  const out = new Float32Array(train.values.length);
  for (let u = 0; u < train.rows; u++) {
    const s = train.rowPtr[u],
      e = train.rowPtr[u + 1];
    for (let i = s; i < e; i++) out[i] = inputValue(train.values[i], e - s, model, scale);
  }
  return out;
}

/**
 * Per-entry targets: mse-dense reconstructs the input values; multinomial puts weight 1 on every
 * rated item (as in Mult-DAE, whose likelihood uses the raw 0/1 input).
 * @returns null when the targets equal the input values.
 */
export function targetValues(inputs: Float32Array, model: ModelConfig): Float32Array | null {
  return model.loss === 'multinomial' ? new Float32Array(inputs.length).fill(1) : null;
}

/** Entries (CSR positions) and their 0-based row within the batch, for the given users in order. */
export function batchEntries(train: Csr, users: Int32Array): { entries: Int32Array; localRows: Int32Array } {
  let n = 0;
  for (const u of users) n += train.rowPtr[u + 1] - train.rowPtr[u];
  const entries = new Int32Array(n),
    localRows = new Int32Array(n);
  let j = 0;
  users.forEach((u, r) => {
    for (let e = train.rowPtr[u]; e < train.rowPtr[u + 1]; e++, j++) {
      entries[j] = e;
      localRows[j] = r;
    }
  });
  return { entries, localRows };
}

/**
 * Input dropout multipliers for `n` batch entries: 0 with probability p, else 1/(1 − p).
 * Consumes the generator in entry order, so fast and reference paths draw identical masks.
 */
export function dropoutMask(rng: Rng, n: number, p: number): Float32Array {
  const m = new Float32Array(n);
  const keep = 1 / (1 - p);
  for (let i = 0; i < n; i++) m[i] = rng.next() < p ? 0 : keep;
  return m;
}
