/**
 * Custom kernels for the backends whose memory is this CPU (WASM and CPU), written as plain JS loops
 * over the backend's own buffers (on WASM, partly as small SIMD modules: wasmScatter.ts,
 * wasmOutputGrad.ts). They exploit the sparsity of the ratings, which tfjs' generic kernels cannot do
 * cheaply there (WASM's GatherV2/Slice copy or validate whole tensors in JS; its
 * ScatterNd/matmul paths cost more than the work):
 *
 * - RecsysScatterRows: out[dst[e], :] += val[e] · src[srcRow[e], :] over entries e, out [outRows, H].
 *   First layer forward X·W1 (dst = batch row, srcRow = item, src = W1) and its gradient
 *   Xᵀ·dZ1 (dst = item, srcRow = batch row, src = dZ1) — O(ratings × H) instead of O(B × I × H).
 * - RecsysSparseTargetGrad: for outputs Y [B, I] and a sparse target T (flat positions, values),
 *   dZ = (Y − T) ⊙ act'(Y) and loss = Σ (Y − T)² in one pass, without a dense T. On WASM with a
 *   sigmoid output the dense part (T = 0) is a SIMD kernel working in the backend's own memory
 *   (wasmOutputGrad.ts); JS adds the entries' corrections.
 * - RecsysWideGradT (WASM only, 10 inputs): gT = [A | 1]ᵀ·dZ, the explicit layout's [dWᵀ | db]ᵀ of
 *   a wide layer (network.ts) in one SIMD pass over dZ, instead of a Transpose of dZ plus a matmul.
 * - RecsysSplitFlat: consecutive pieces of a 1-D tensor in one call (WASM's Slice copies its whole
 *   input per call).
 * - RecsysMultinomialGrad (multinomialKernel.ts): softmax + multinomial log-likelihood gradient of the
 *   logits against a sparse target, with dZᵀ and Σ_rows dZ for the output layer's products.
 * - RecsysAdamUpdate (adamKernel.ts): Adam with L2 on the weights over flat θ in one pass.
 * - RecsysSharedMatMul (sharedMatMulKernel.ts): C = A·B on our SIMD gemm with C's rows split over
 *   two threads (the tfjs builds here use one), for the wide products of Mult-DAE's output layer.
 * - RecsysTopKUnseen: per row of scores [B, I], the top k items that are not training entries
 *   (flat positions sorted by row), read in place — several times faster than tf.topk there, and
 *   only [B, k] indices and scores leave the backend.
 *
 * GPU backends never see these names (the network uses tfjs ops there). Each kernel function is in
 * its own file (scatterRowsKernel.ts, sparseTargetGradKernel.ts, wideGradTKernel.ts, splitFlatKernel.ts,
 * topKUnseenKernel.ts, over hostIO.ts); this module registers them and wraps them as ops.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from '../../engine/config';
import { wasmMemory } from '../../backends/tfjsInternals';
import { outputGradKernels, WIDE_GRAD_H } from '../wasm/wasmOutputGrad';
import { registerMultinomialKernel } from './multinomialKernel';
import { registerAdamKernel } from './adamKernel';
import { cpuIO, wasmIO } from './hostIO';
import { SCATTER_ROWS, scatterRows } from './scatterRowsKernel';
import { SHARED_MATMUL, sharedMatMul, sharedMatMulAvailable, sharedMatMulThreadsNow } from './sharedMatMulKernel';

export { sharedMatMulThreadsNow };
import { SPARSE_TARGET_GRAD, sparseTargetGrad } from './sparseTargetGradKernel';
import { SPLIT_FLAT, split } from './splitFlatKernel';
import { TOPK_UNSEEN, topKUnseenKernel } from './topKUnseenKernel';
import { WIDE_GRAD_T, wideGradT } from './wideGradTKernel';

let registered = false;

/** Registers the kernels for 'cpu' and 'wasm' (idempotent). */
export function registerHostKernels(): void {
  if (registered) return;
  registered = true;
  for (const [backendName, io] of [
    ['cpu', cpuIO],
    ['wasm', wasmIO],
  ] as const) {
    tf.registerKernel({ kernelName: SCATTER_ROWS, backendName, kernelFunc: scatterRows(io) });
    tf.registerKernel({ kernelName: SPARSE_TARGET_GRAD, backendName, kernelFunc: sparseTargetGrad(io) });
    tf.registerKernel({ kernelName: SPLIT_FLAT, backendName, kernelFunc: split(io) });
    tf.registerKernel({ kernelName: TOPK_UNSEEN, backendName, kernelFunc: topKUnseenKernel(io) });
    tf.registerKernel({ kernelName: SHARED_MATMUL, backendName, kernelFunc: sharedMatMul(io) });
    registerMultinomialKernel(backendName, io);
    registerAdamKernel(backendName, io);
  }
  tf.registerKernel({ kernelName: WIDE_GRAD_T, backendName: 'wasm', kernelFunc: wideGradT(wasmIO) });
}

/** True when the active backend has the host kernels. */
export function hasHostKernels(): boolean {
  registerHostKernels();
  return !!tf.getKernel(SCATTER_ROWS, tf.getBackend());
}

/** out[dst[e], :] += val[e] · src[srcRow[e], :]; out is [outRows, src.shape[1]]. */
export function scatterRowsScaled(dst: tf.Tensor1D, srcRow: tf.Tensor1D, val: tf.Tensor1D, src: tf.Tensor2D, outRows: number): tf.Tensor2D {
  return tf.engine().runKernel(SCATTER_ROWS, { dst, srcRow, val, src }, { outRows }) as tf.Tensor2D;
}

/**
 * Top-k per row of `scores` skipping the flat positions `flat` (sorted by row); items −1 and
 * scores MASKED_SCORE pad rows with fewer than k candidates. Host kernels only.
 */
export function topKUnseenHost(scores: tf.Tensor2D, flat: tf.Tensor1D, k: number): { indices: tf.Tensor2D; values: tf.Tensor2D } {
  const [indices, values] = tf.engine().runKernel(TOPK_UNSEEN, { scores, flat }, { k }) as tf.Tensor2D[];
  return { indices, values };
}

/** Multiply-adds from which {@link wideMatMul} uses the two-thread kernel (below, tf.matMul is as fast). */
const WIDE_MATMUL_FMA = 1 << 22;

/**
 * A·B for float32 A [M, K], B [K, N] with RecsysSharedMatMul (both cores) on the host backends, for
 * wide products (K, N ≥ 64, M·K·N ≥ 2²² multiply-adds); null where that does not apply (`host` false,
 * a GPU backend, no shared memory, a thread that may not block, a small product) and the caller uses
 * tf.matMul. Call inside tf.tidy.
 */
export function wideMatMul(a: tf.Tensor2D, b: tf.Tensor2D, host: boolean): tf.Tensor2D | null {
  const [M, K] = a.shape;
  const N = b.shape[1];
  if (!host || Math.min(K, N) < 64 || M * K * N < WIDE_MATMUL_FMA || !hasHostKernels() || !sharedMatMulAvailable()) return null;
  return tf.engine().runKernel(SHARED_MATMUL, { a, b }, {}) as tf.Tensor2D;
}

/** Consecutive pieces of a 1-D tensor (tf.split on backends without the host kernels). */
export function splitFlat(x: tf.Tensor1D, sizes: number[], host: boolean): tf.Tensor1D[] {
  if (!host) return tf.split(x, sizes) as tf.Tensor1D[];
  return tf.engine().runKernel(SPLIT_FLAT, { x }, { sizes }) as tf.Tensor1D[];
}

/** dZ = (Y − T) ⊙ act'(Y) and Σ (Y − T)² for a target T given by flat positions and values. */
export function sparseTargetGradient(
  y: tf.Tensor2D,
  flat: tf.Tensor1D,
  val: tf.Tensor1D,
  act: Activation,
): { dz: tf.Tensor2D; loss: tf.Scalar } {
  const [dz, loss] = tf.engine().runKernel(SPARSE_TARGET_GRAD, { y, flat, val }, { act }) as tf.Tensor[];
  return { dz: dz as tf.Tensor2D, loss: tf.reshape(loss, []) as tf.Scalar };
}

/**
 * gT = [A | 1]ᵀ·dz, [H + 1, I] (rows: dW of a layer with input A and output gradient dz, then db),
 * with the WebAssembly SIMD kernel; null where it does not apply (not WASM, H ≠ 10, no SIMD), and the
 * caller uses tfjs ops. Call inside tf.tidy.
 */
export function wideGradientT(dz: tf.Tensor2D, a: tf.Tensor2D): tf.Tensor2D | null {
  if (a.shape[1] !== WIDE_GRAD_H || tf.getBackend() !== 'wasm' || !hasHostKernels()) return null;
  const memory = wasmMemory(tf.backend());
  if (!memory || !outputGradKernels(memory)) return null;
  return tf.engine().runKernel(WIDE_GRAD_T, { dz, a }, {}) as tf.Tensor2D;
}
