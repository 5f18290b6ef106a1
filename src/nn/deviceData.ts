/**
 * The training ratings on the device and per-batch tensors built from them.
 *
 * 'device' mode (CPU, WASM, WebGPU): per-entry tensors are uploaded once, at load (or on first use)
 * (O(ratings) in all), one set per batch of the canonical np.array_split layout (slicing one big tensor would copy all of it on WASM):
 * the flat position of each rating inside its batch, row-major (row·I + item) and transposed
 * (item·B + row), its row in the batch, its item, and its transformed input / target value.
 * A canonical batch (training without shuffling, evaluation) is one ScatterNd of those into a dense
 * [B, I] (and [I, B]) tensor — O(batch × items), no users × items anywhere. Other user sets
 * (shuffled batches, recommend()) upload only their own entries.
 * 'host' mode (WebGL, whose ScatterNd costs O(outputs × updates)): dense batches are filled on the CPU.
 * The fused WebGPU path reads its own layouts of the same entries (fusedGpu(), webgpuFused.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Csr } from '../data/types';
import { arraySplitOffsets } from './batching';
import { MASKED_SCORE } from './select';
import { FusedGpuData } from '../kernels/webgpu/webgpuFused';

export type BatchBuild = 'device' | 'host';

/** Users of a batch: a contiguous range [start, end) or an explicit list. */
export type UserSet = { start: number; end: number } | Int32Array;

/** What a consumer needs from a batch. */
export interface BatchNeeds {
  /** Dense [B, I] input. */
  x?: boolean;
  /** Dense [I, B] input (transposed). */
  xT?: boolean;
  /** Dense [B, I] target (may be the same tensor as x). */
  t?: boolean;
  /** Sparse view: rows, cols, vals. */
  sparse?: boolean;
  /** Flat row-major entry positions (for masking). */
  flat?: boolean;
  /** Sparse target: flat positions and clean target values (device mode). */
  targetEntries?: boolean;
}

/** Tensors of one batch (created inside the caller's tf.tidy). B users, I items, n entries. */
export interface Batch {
  size: number;
  x?: tf.Tensor2D;
  xT?: tf.Tensor2D;
  t?: tf.Tensor2D;
  /** [n] row in batch, [n] item, [n] input value (dropout applied). */
  rows?: tf.Tensor1D;
  cols?: tf.Tensor1D;
  vals?: tf.Tensor1D;
  /** [n] row·I + item (device mode). */
  flat?: tf.Tensor1D;
  /** [n] target values at `flat` (no dropout). */
  tvals?: tf.Tensor1D;
}

/** Number of users in a set. */
export function userCount(users: UserSet): number {
  return users instanceof Int32Array ? users.length : users.end - users.start;
}

function userList(users: UserSet): Int32Array {
  if (users instanceof Int32Array) return users;
  return Int32Array.from({ length: users.end - users.start }, (_, i) => users.start + i);
}

/** Host arrays of a batch's entries (same meaning as the device tensors). */
interface HostEntries {
  flat: Int32Array;
  flatT: Int32Array;
  rows: Int32Array;
  cols: Int32Array;
  vin: Float32Array;
  vt: Float32Array | null;
}

export class TrainingData {
  readonly items: number;
  /** Canonical batch offsets (np.array_split of users by the batch size). */
  readonly offsets: Int32Array;
  /** Per canonical batch: its entries' device tensors. */
  private readonly dev: Partial<Record<keyof HostEntries, tf.Tensor1D>>[] = [];
  /** The fused WebGPU path's layouts of the entries (made on first use). */
  private fused?: FusedGpuData;

  /**
   * @param inputs per-entry input values (aligned with train.colIdx).
   * @param targets per-entry target values, or null when equal to the inputs.
   * @param batchSize the canonical layout's batch size.
   * @param uploadNow upload every canonical batch's entries now (default) rather than on first use.
   *   Up front keeps tfjs-wasm's heap compact (lazily, interleaved with training allocations, the
   *   ML-20M tab peaked at 2,134 instead of 1,461 MiB); later suits the fused WebGPU path, which never
   *   reads them.
   */
  constructor(
    readonly train: Csr,
    readonly inputs: Float32Array,
    readonly targets: Float32Array | null,
    readonly mode: BatchBuild,
    batchSize: number,
    uploadNow = true,
  ) {
    this.items = train.cols;
    this.offsets = arraySplitOffsets(train.rows, batchSize);
    if (mode === 'device' && uploadNow) for (let b = 0; b + 1 < this.offsets.length; b++) this.canonicalEntries(b);
  }

  /** Canonical batch b's entry tensors, uploaded on first use (the fused WebGPU path never needs them). */
  private canonicalEntries(b: number): Partial<Record<keyof HostEntries, tf.Tensor1D>> {
    let part = this.dev[b];
    if (!part) {
      const o = this.offsets,
        p = this.train.rowPtr;
      const users = Int32Array.from({ length: o[b + 1] - o[b] }, (_, i) => o[b] + i);
      part = this.dev[b] = this.upload(this.entries(users, Int32Array.of(0, users.length), p[o[b + 1]] - p[o[b]]));
      for (const t of Object.values(part)) if (t) tf.keep(t); // owned here, not by the caller's tf.tidy
    }
    return part;
  }

  private upload(h: HostEntries): Partial<Record<keyof HostEntries, tf.Tensor1D>> {
    return {
      flat: tf.tensor1d(h.flat, 'int32'),
      flatT: tf.tensor1d(h.flatT, 'int32'),
      rows: tf.tensor1d(h.rows, 'int32'),
      cols: tf.tensor1d(h.cols, 'int32'),
      vin: tf.tensor1d(h.vin, 'float32'),
      vt: h.vt ? tf.tensor1d(h.vt, 'float32') : undefined,
    };
  }

  /** Entry arrays for `users` split into batches at `offsets` (positions in `users`). */
  private entries(users: Int32Array, offsets: Int32Array, n: number): HostEntries {
    const { rowPtr, colIdx } = this.train;
    const I = this.items;
    const h: HostEntries = {
      flat: new Int32Array(n),
      flatT: new Int32Array(n),
      rows: new Int32Array(n),
      cols: new Int32Array(n),
      vin: new Float32Array(n),
      vt: this.targets ? new Float32Array(n) : null,
    };
    let j = 0;
    for (let b = 0; b + 1 < offsets.length; b++) {
      const size = offsets[b + 1] - offsets[b];
      for (let r = 0; r < size; r++) {
        const u = users[offsets[b] + r];
        for (let e = rowPtr[u]; e < rowPtr[u + 1]; e++, j++) {
          const c = colIdx[e],
            k = j;
          h.flat[k] = r * I + c;
          h.flatT[k] = c * size + r;
          h.rows[k] = r;
          h.cols[k] = c;
          h.vin[k] = this.inputs[e];
          if (h.vt) h.vt[k] = this.targets![e];
        }
      }
    }
    return h;
  }

  /** The entries in the fused WebGPU programs' layouts (uploaded on first call; owned here). */
  fusedGpu(): FusedGpuData {
    this.fused ??= new FusedGpuData(this.train, this.inputs, this.targets, this.offsets);
    return this.fused;
  }

  /** The canonical batch index of a contiguous range, or −1. */
  canonicalBatch(users: UserSet): number {
    if (users instanceof Int32Array) return -1;
    const o = this.offsets;
    let lo = 0,
      hi = o.length - 2;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (o[mid] < users.start) lo = mid + 1;
      else if (o[mid] > users.start) hi = mid - 1;
      else return o[mid + 1] === users.end ? mid : -1;
    }
    return -1;
  }

  /**
   * Builds a batch (call inside tf.tidy).
   * @param dropout per-entry input multipliers in entry order (see batchEntries), or null.
   */
  batch(users: UserSet, dropout: Float32Array | null, needs: BatchNeeds): Batch {
    const size = userCount(users);
    if (this.mode === 'host') return this.hostBatch(users, dropout, size, needs);
    const I = this.items;
    const b = this.canonicalBatch(users);
    let part: Partial<Record<keyof HostEntries, tf.Tensor1D>>;
    if (b >= 0) {
      part = this.canonicalEntries(b);
    } else {
      const list = userList(users);
      let n = 0;
      for (const u of list) n += this.train.rowPtr[u + 1] - this.train.rowPtr[u];
      part = this.upload(this.entries(list, Int32Array.of(0, list.length), n));
    }
    const n = part.flat!.shape[0];
    const clean = part.vin!;
    const vin = (dropout ? tf.mul(clean, tf.tensor1d(dropout, 'float32')) : clean) as tf.Tensor1D;
    const scatter = (idx: tf.Tensor1D, v: tf.Tensor1D, shape: [number, number]) =>
      n === 0
        ? (tf.zeros(shape) as tf.Tensor2D)
        : (tf.reshape(tf.scatterND(tf.expandDims(idx, 1), v, [shape[0] * shape[1]]), shape) as tf.Tensor2D);
    const out: Batch = { size };
    if (needs.x || (needs.t && !part.vt && !dropout)) out.x = scatter(part.flat!, vin, [size, I]);
    if (needs.xT) out.xT = scatter(part.flatT!, vin, [I, size]);
    if (needs.t) out.t = part.vt || dropout ? scatter(part.flat!, part.vt ?? clean, [size, I]) : out.x;
    if (needs.sparse) Object.assign(out, { rows: part.rows, cols: part.cols, vals: vin });
    if (needs.flat || needs.targetEntries) out.flat = part.flat;
    if (needs.targetEntries) out.tvals = part.vt ?? clean;
    return out;
  }

  private hostBatch(users: UserSet, dropout: Float32Array | null, size: number, needs: BatchNeeds): Batch {
    const list = userList(users);
    const I = this.items;
    const xs = new Float32Array(size * I);
    const ts = needs.t && (this.targets || dropout) ? new Float32Array(size * I) : null;
    let j = 0;
    list.forEach((u, r) => {
      for (let e = this.train.rowPtr[u]; e < this.train.rowPtr[u + 1]; e++, j++) {
        const at = r * I + this.train.colIdx[e];
        xs[at] = dropout ? this.inputs[e] * dropout[j] : this.inputs[e];
        if (ts) ts[at] = this.targets ? this.targets[e] : this.inputs[e];
      }
    });
    const x = tf.tensor2d(xs, [size, I]);
    return {
      size,
      x,
      xT: needs.xT ? (tf.transpose(x) as tf.Tensor2D) : undefined,
      t: needs.t ? (ts ? tf.tensor2d(ts, [size, I]) : x) : undefined,
    };
  }

  /**
   * [B, I] scores with the users' training items pushed to MASKED_SCORE (device: TensorScatterUpdate at
   * the batch's flat positions; host: an uploaded additive mask of MASKED_SCORE). Call inside tf.tidy.
   */
  maskTraining(scores: tf.Tensor2D, users: UserSet, batch: Batch): tf.Tensor2D {
    if (this.mode === 'device') {
      const n = batch.flat!.shape[0];
      if (n === 0) return scores;
      const flatScores = tf.reshape(scores, [scores.shape[0] * scores.shape[1]]);
      return tf.reshape(tf.tensorScatterUpdate(flatScores, tf.expandDims(batch.flat!, 1), tf.fill([n], MASKED_SCORE)), scores.shape);
    }
    const list = userList(users);
    const m = new Float32Array(list.length * this.items);
    list.forEach((u, r) => {
      for (let e = this.train.rowPtr[u]; e < this.train.rowPtr[u + 1]; e++) m[r * this.items + this.train.colIdx[e]] = MASKED_SCORE;
    });
    return tf.add(scores, tf.tensor2d(m, scores.shape));
  }

  dispose(): void {
    this.fused?.dispose();
    this.fused = undefined;
    for (const part of this.dev) if (part) for (const t of Object.values(part)) t?.dispose();
    this.dev.length = 0;
  }
}
