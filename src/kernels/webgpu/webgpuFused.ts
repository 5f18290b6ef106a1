/**
 * The fused WebGPU path: one training step in 7 compute dispatches (webgpuKernels.ts) instead of ~66
 * tfjs kernels, and evaluation in 2 per chunk of up to 8,192 users instead of ~70 per 250. On a GPU,
 * tfjs's cost per kernel (bind group, uniforms, dispatch: ~0.1 ms in Node/Dawn on an H200) dwarfs
 * the arithmetic of this model, so fewer, fatter kernels are what makes it fast.
 *
 * Same maths as Network.trainStep's generic path (asserted by webgpuFused.test.ts): the sparse first
 * layer, dense MSE over the whole batch computed against the sparse target, hand-derived gradients,
 * TF1 RMSProp. It applies to mse-dense, no dropout, no L2, RMSProp without momentum, hidden widths
 * ≤ MAX_FUSED_HIDDEN and canonical (unshuffled) batches; anything else takes the generic path.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Csr } from '../../data/types';
import type { ModelConfig } from '../../engine/config';
import { runWebGPUProgram, type ProgramUniform } from '../../backends/tfjsInternals';
import {
  firstLayerGradProgram,
  hiddenGradProgram,
  hiddenParamGradProgram,
  outputGradProgram,
  rmsPropSlotProgram,
  rmsPropThetaProgram,
} from './webgpuGradKernels';
import { forwardProgram, MAX_FUSED_HIDDEN, MAX_FUSED_K, topKProgram, type FusedLayout, type GpuProgram } from './webgpuKernels';

/** Users per evaluation dispatch pair (keeps each dispatch well under a browser's GPU watchdog). */
export const FUSED_EVAL_CHUNK = 8192;

/** Runs one program on the active (webgpu) backend; the result is tracked by the enclosing tf.tidy. */
const run = (program: GpuProgram, inputs: tf.Tensor[], uniforms: ProgramUniform[]) =>
  runWebGPUProgram(program, inputs, uniforms) as tf.Tensor1D;

const i32 = (...data: number[]): ProgramUniform => ({ type: 'int32', data });
const f32 = (...data: number[]): ProgramUniform => ({ type: 'float32', data });

/** Hidden layers that the programs' per-thread arrays hold (at least one, each ≤ MAX_FUSED_HIDDEN). */
const hiddenFits = (model: ModelConfig) => model.hidden.length > 0 && model.hidden.every((h) => h <= MAX_FUSED_HIDDEN);

/** Why the fused path cannot train this model, or null when it can. */
export function fusedUnsupported(model: ModelConfig): string | null {
  if (model.loss !== 'mse-dense') return 'loss is not mse-dense';
  if (model.dropout > 0) return 'dropout';
  if (model.l2 > 0) return 'L2 regularisation';
  if (model.optimizer !== 'rmsprop-tf1' || model.momentum > 0) return 'optimiser is not RMSProp without momentum';
  if (model.shuffle) return 'shuffled batches';
  if (!hiddenFits(model)) return `no hidden layer, or one wider than ${MAX_FUSED_HIDDEN}`;
  return null;
}

/** Whether fused top-k can rank for this model and k. */
export function fusedTopKSupported(model: ModelConfig, k: number, byLogits: boolean): boolean {
  return byLogits && k <= MAX_FUSED_K && hiddenFits(model);
}

/** The program layout of a model from θ's parameter offsets (W1, b1, W2, b2, …). */
export function fusedLayout(model: ModelConfig, items: number, offsets: number[], size: number): FusedLayout {
  const offW: number[] = [],
    offB: number[] = [];
  for (const [i, o] of offsets.entries()) (i % 2 === 0 ? offW : offB).push(o);
  return { items, hidden: [...model.hidden], activations: [...model.activations], offW, offB, size };
}

/**
 * The training entries on the device in the layouts the programs read: all users' CSR (items
 * ascending per row) with input and target values, and per canonical batch the same entries ordered
 * by item then row (a CSC per batch), for the per-item programs.
 */
export class FusedGpuData {
  readonly rowPtr: tf.Tensor1D;
  readonly cols: tf.Tensor1D;
  readonly vin: tf.Tensor1D;
  readonly vt: tf.Tensor1D;
  /** [users] 0, 1, 2, … (rows of a contiguous range are ids[start + r]). */
  readonly ids: tf.Tensor1D;
  /** [batches·(I + 1)] entry offsets per item, per batch. */
  readonly colPtr: tf.Tensor1D;
  readonly cscRow: tf.Tensor1D;
  readonly cscV: tf.Tensor1D;
  readonly cscT: tf.Tensor1D;

  /**
   * @param inputs per-entry input values aligned with train.colIdx; @param targets target values (null: the inputs).
   * @param offsets canonical batch offsets (np.array_split).
   */
  constructor(train: Csr, inputs: Float32Array, targets: Float32Array | null, offsets: Int32Array) {
    const I = train.cols,
      nnz = train.rowPtr[train.rows];
    const { colIdx, vin, vt } = sortedRows(train, inputs, targets ?? inputs);
    const nb = offsets.length - 1;
    const colPtr = new Int32Array(nb * (I + 1));
    const cscRow = new Int32Array(nnz),
      cscV = new Float32Array(nnz),
      cscT = new Float32Array(nnz);
    const next = new Int32Array(I);
    for (let b = 0; b < nb; b++) {
      const e0 = train.rowPtr[offsets[b]],
        e1 = train.rowPtr[offsets[b + 1]];
      const base = b * (I + 1);
      for (let e = e0; e < e1; e++) colPtr[base + colIdx[e] + 1]++;
      colPtr[base] = e0;
      for (let i = 0; i < I; i++) colPtr[base + i + 1] += colPtr[base + i];
      next.set(colPtr.subarray(base, base + I));
      for (let u = offsets[b]; u < offsets[b + 1]; u++) {
        for (let e = train.rowPtr[u]; e < train.rowPtr[u + 1]; e++) {
          const q = next[colIdx[e]]++;
          cscRow[q] = u - offsets[b];
          cscV[q] = vin[e];
          cscT[q] = vt[e];
        }
      }
    }
    this.rowPtr = tf.tensor1d(train.rowPtr, 'int32');
    this.cols = tf.tensor1d(colIdx, 'int32');
    this.vin = tf.tensor1d(vin, 'float32');
    this.vt = targets ? tf.tensor1d(vt, 'float32') : this.vin;
    this.ids = tf.tensor1d(
      Int32Array.from({ length: train.rows }, (_, u) => u),
      'int32',
    );
    this.colPtr = tf.tensor1d(colPtr, 'int32');
    this.cscRow = tf.tensor1d(cscRow, 'int32');
    this.cscV = tf.tensor1d(cscV, 'float32');
    this.cscT = targets ? tf.tensor1d(cscT, 'float32') : this.cscV;
  }

  dispose(): void {
    for (const t of new Set([this.rowPtr, this.cols, this.vin, this.vt, this.ids, this.colPtr, this.cscRow, this.cscV, this.cscT]))
      t.dispose();
  }
}

/** The CSR's columns and values with each row's items ascending (copies only rows that need sorting). */
function sortedRows(train: Csr, vin: Float32Array, vt: Float32Array): { colIdx: Int32Array; vin: Float32Array; vt: Float32Array } {
  const { rowPtr } = train;
  let colIdx = train.colIdx;
  let copied = false;
  for (let u = 0; u < train.rows; u++) {
    const e0 = rowPtr[u],
      e1 = rowPtr[u + 1];
    let sorted = true;
    for (let e = e0 + 1; e < e1 && sorted; e++) sorted = colIdx[e - 1] < colIdx[e];
    if (sorted) continue;
    if (!copied) [colIdx, vin, vt, copied] = [colIdx.slice(), vin.slice(), vt.slice(), true];
    const order = Array.from({ length: e1 - e0 }, (_, k) => e0 + k).sort((a, b) => colIdx[a] - colIdx[b]);
    const [c, x, t] = [order.map((e) => colIdx[e]), order.map((e) => vin[e]), order.map((e) => vt[e])];
    colIdx.set(c, e0);
    vin.set(x, e0);
    vt.set(t, e0);
  }
  return { colIdx, vin, vt };
}

/** What a fused step reads and replaces. */
export interface FusedParams {
  layout: FusedLayout;
  theta: tf.Variable;
  ms: tf.Variable;
  model: ModelConfig;
}

/**
 * One training step on canonical batch `batch` (users [start, end)); θ and the RMSProp accumulator
 * are replaced. Returns the new running-loss carrier (a [PS + 1] vector whose last value is the sum
 * of batch losses so far, read once per epoch); `carrier` (the previous one, or undefined at the start
 * of an epoch) is disposed.
 */
export function fusedTrainStep(
  p: FusedParams,
  d: FusedGpuData,
  batch: number,
  start: number,
  end: number,
  carrier: tf.Tensor1D | undefined,
): tf.Tensor1D {
  const l = p.layout,
    m = p.model;
  const B = end - start,
    I = l.items;
  const next = tf.tidy(() => {
    const cb = batch * (I + 1);
    const prev = carrier ?? tf.zeros([l.offW[l.offW.length - 1] - l.offB[0] + 1]);
    const acts = run(forwardProgram(l, B), [p.theta, d.rowPtr, d.cols, d.vin, d.ids], [i32(start), i32(B)]);
    const gOut = run(outputGradProgram(l), [p.theta, acts, d.colPtr, d.cscRow, d.cscT], [i32(cb), i32(B)]);
    const dzs = run(hiddenGradProgram(l, B), [p.theta, acts, d.rowPtr, d.cols, d.vt, d.ids], [i32(start), i32(B)]);
    const gHidden = run(hiddenParamGradProgram(l), [acts, dzs, gOut, prev], [i32(B), f32(1 / (B * I))]);
    const gW1 = run(firstLayerGradProgram(l), [dzs, d.colPtr, d.cscRow, d.cscV], [i32(cb)]);
    const scale = 2 / (B * I);
    const ms1 = run(rmsPropSlotProgram(l), [p.ms, gW1, gHidden, gOut], [f32(scale), f32(1 - m.decay)]);
    const theta1 = run(rmsPropThetaProgram(l), [p.theta, ms1, gW1, gHidden, gOut], [f32(scale), f32(m.learningRate), f32(m.epsilon)]);
    p.ms.assign(ms1);
    p.theta.assign(theta1);
    return gHidden;
  });
  carrier?.dispose();
  return next;
}

/** Top-k of one chunk of users: a contiguous range of the data's users, or an explicit list. */
export interface FusedTopKChunk {
  start?: number;
  list?: Int32Array;
  rows: number;
}

/**
 * Top-k unseen items (by the output layer's pre-activation) for each chunk, read back together:
 * per chunk [rows·2k] = k item indices (−1 when none) then k scores per row.
 */
export async function fusedTopK(
  layout: FusedLayout,
  theta: tf.Tensor1D,
  d: FusedGpuData,
  chunks: FusedTopKChunk[],
  k: number,
): Promise<Float32Array[]> {
  const outs = chunks.map((c) =>
    tf.tidy(() => {
      const ids = c.list ? tf.tensor1d(c.list, 'int32') : d.ids;
      const u0 = c.list ? 0 : c.start!;
      const acts = run(forwardProgram(layout, c.rows), [theta, d.rowPtr, d.cols, d.vin, ids], [i32(u0), i32(c.rows)]);
      return run(topKProgram(layout, c.rows, k), [theta, acts, d.rowPtr, d.cols, ids], [i32(u0), i32(c.rows)]);
    }),
  );
  try {
    return (await Promise.all(outs.map((t) => t.data()))) as Float32Array[];
  } finally {
    for (const t of outs) t.dispose();
  }
}
