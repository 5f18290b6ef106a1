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
 * - RecsysTopKUnseen: per row of scores [B, I], the top k items that are not training entries
 *   (flat positions sorted by row), read in place — several times faster than tf.topk there, and
 *   only [B, k] indices and scores leave the backend.
 *
 * GPU backends never see these names (the network uses tfjs ops there).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from '../../engine/config';
import { ACTIVATIONS } from '../../nn/activations';
import { MASKED_SCORE, selectTopK } from '../../nn/select';
import { cpuAlloc, cpuValues, type HostValues, wasmAlloc, wasmByteOffset, wasmMemory, wasmView } from '../../backends/tfjsInternals';
import { scatterRows10Wasm } from '../wasm/wasmScatter';
import { outputGradKernels, sigmoidZeroTargetWasm, WIDE_GRAD_H, wideGradTWasm } from '../wasm/wasmOutputGrad';
import { registerMultinomialKernel } from './multinomialKernel';
import { registerAdamKernel } from './adamKernel';
import { scatterWideWasm } from '../wasm/wasmScatterWide';

export const SCATTER_ROWS = 'RecsysScatterRows';
export const SPARSE_TARGET_GRAD = 'RecsysSparseTargetGrad';
export const SPLIT_FLAT = 'RecsysSplitFlat';
export const TOPK_UNSEEN = 'RecsysTopKUnseen';
export const WIDE_GRAD_T = 'RecsysWideGradT';

type Info = tf.TensorInfo;

/**
 * Allocates outputs and views tensors' memory on one backend kind (through tfjsInternals.ts). Allocate
 * every output first and take views afterwards: an allocation may grow WASM memory, which detaches
 * earlier views.
 */
export interface HostIO {
  alloc(backend: unknown, shape: number[], dtype?: 'float32' | 'int32'): Info;
  read(backend: unknown, t: Info): HostValues;
  /** WASM: the backend's WebAssembly.Memory (null when it is not reachable) and a tensor's byte offset in it. */
  memory?(backend: unknown): WebAssembly.Memory | null;
  offset?(backend: unknown, t: Info): number;
}

export const wasmIO: HostIO = { alloc: wasmAlloc, read: wasmView, memory: wasmMemory, offset: wasmByteOffset };

export const cpuIO: HostIO = { alloc: cpuAlloc, read: cpuValues };

/** Test switch: `jsOnly` makes WASM scatter wide rows with the JS loop instead of the SIMD kernel. */
export const scatterWide: { jsOnly?: boolean } = {};

function scatterRows(io: HostIO): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { dst, srcRow, val, src } = inputs as Record<string, Info>;
    const outRows = (attrs as { outRows: number }).outRows;
    const H = src.shape[1];
    const out = io.alloc(backend, [outRows, H]);
    const o = io.read(backend, out) as Float32Array;
    // WASM, H a multiple of 4 other than 10 (Mult-DAE's first layer): the SIMD kernel of wasmScatterWide.ts.
    const memory = H !== 10 && H % 4 === 0 && !scatterWide.jsOnly ? io.memory?.(backend) : null;
    const wide = memory ? scatterWideWasm(memory) : null;
    if (wide) {
      o.fill(0); // WASM outputs come from malloc, not zeroed
      const off = (t: Info) => io.offset!(backend, t);
      wide(off(out), off(dst), off(srcRow), off(val), off(src), dst.shape[0], 4 * H);
      return out;
    }
    // Indices are int32 and values float32 (network.ts / deviceData.ts), so each read site below sees one array type.
    scatterRowsInto(
      o,
      io.read(backend, dst) as Int32Array,
      io.read(backend, srcRow) as Int32Array,
      io.read(backend, val) as Float32Array,
      io.read(backend, src) as Float32Array,
      H,
    );
    return out;
  };
}

/**
 * o := 0, then o[dst[e]·H + h] += val[e] · x[srcRow[e]·H + h]. H = 10 (the Seed preset's first
 * layer) takes the WebAssembly SIMD kernel (wasmScatter.ts) where available, else an unrolled JS
 * path; others the plain loop.
 */
export function scatterRowsInto(o: Float32Array, d: Int32Array, s: Int32Array, v: Float32Array, x: Float32Array, H: number): void {
  o.fill(0); // WASM outputs come from malloc, not zeroed
  if (H === 10) {
    if (d.length < 64 || !scatterRows10Wasm(o, d, s, v, x)) scatterRows10(o, d, s, v, x);
  } else scatterRowsGeneric(o, d, s, v, x, H);
}

function scatterRowsGeneric(o: Float32Array, d: Int32Array, s: Int32Array, v: Float32Array, x: Float32Array, H: number): void {
  const n = d.length;
  for (let e = 0; e < n; e++) {
    const ve = v[e];
    if (ve === 0) continue;
    const oo = d[e] * H,
      so = s[e] * H;
    for (let h = 0; h < H; h++) o[oo + h] += ve * x[so + h];
  }
}

/**
 * H = 10, fully unrolled (~1.7× the plain loop on V8). Runs of equal dst (the forward pass: entries
 * sorted by batch row) accumulate in locals and are added to o once per run; runs of equal srcRow
 * (the gradient: entries sorted by batch row = srcRow) keep the source row in locals. Zero values are
 * not skipped (a data-dependent branch under dropout): for finite x they add exact zeros.
 */
export function scatterRows10(o: Float32Array, d: Int32Array, s: Int32Array, v: Float32Array, x: Float32Array): void {
  const n = d.length;
  let dp = -1,
    sp = -1,
    oo = 0;
  let x0 = 0,
    x1 = 0,
    x2 = 0,
    x3 = 0,
    x4 = 0,
    x5 = 0,
    x6 = 0,
    x7 = 0,
    x8 = 0,
    x9 = 0;
  let a0 = 0,
    a1 = 0,
    a2 = 0,
    a3 = 0,
    a4 = 0,
    a5 = 0,
    a6 = 0,
    a7 = 0,
    a8 = 0,
    a9 = 0;
  for (let e = 0; e < n; e++) {
    const de = d[e],
      se = s[e],
      ve = v[e];
    if (se !== sp) {
      sp = se;
      const so = se * 10;
      x0 = x[so];
      x1 = x[so + 1];
      x2 = x[so + 2];
      x3 = x[so + 3];
      x4 = x[so + 4];
      x5 = x[so + 5];
      x6 = x[so + 6];
      x7 = x[so + 7];
      x8 = x[so + 8];
      x9 = x[so + 9];
    }
    if (de !== dp) {
      if (dp >= 0) {
        o[oo] += a0;
        o[oo + 1] += a1;
        o[oo + 2] += a2;
        o[oo + 3] += a3;
        o[oo + 4] += a4;
        o[oo + 5] += a5;
        o[oo + 6] += a6;
        o[oo + 7] += a7;
        o[oo + 8] += a8;
        o[oo + 9] += a9;
      }
      dp = de;
      oo = de * 10;
      a0 = a1 = a2 = a3 = a4 = a5 = a6 = a7 = a8 = a9 = 0;
    }
    a0 += ve * x0;
    a1 += ve * x1;
    a2 += ve * x2;
    a3 += ve * x3;
    a4 += ve * x4;
    a5 += ve * x5;
    a6 += ve * x6;
    a7 += ve * x7;
    a8 += ve * x8;
    a9 += ve * x9;
  }
  if (dp >= 0) {
    o[oo] += a0;
    o[oo + 1] += a1;
    o[oo + 2] += a2;
    o[oo + 3] += a3;
    o[oo + 4] += a4;
    o[oo + 5] += a5;
    o[oo + 6] += a6;
    o[oo + 7] += a7;
    o[oo + 8] += a8;
    o[oo + 9] += a9;
  }
}

function sparseTargetGrad(io: HostIO): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { y, flat, val } = inputs as Record<string, Info>;
    const act = (attrs as { act: Activation }).act;
    const dzOut = io.alloc(backend, y.shape);
    const lossOut = io.alloc(backend, [1]);
    // WASM + sigmoid: the SIMD kernel (wasmOutputGrad.ts) does the dense part in place, but the last n mod 4 values.
    const memory = act === 'sigmoid' ? io.memory?.(backend) : null;
    const simd = memory ? sigmoidZeroTargetWasm(memory, io.offset!(backend, y), io.offset!(backend, dzOut), y.shape[0] * y.shape[1]) : null;
    const dz = io.read(backend, dzOut) as Float32Array;
    const Y = io.read(backend, y) as Float32Array,
      f = io.read(backend, flat),
      t = io.read(backend, val);
    let loss = simd === null ? zeroTargetGradient(Y, dz, act, 0) : simd + zeroTargetGradient(Y, dz, act, Y.length & ~3);
    // The rating entries' corrections.
    const derivative = ACTIVATIONS[act].jsDerivative;
    for (let e = 0; e < f.length; e++) {
      const i = f[e],
        a = Y[i],
        d = a - t[e];
      loss += d * d - a * a;
      dz[i] = d * derivative(a);
    }
    io.read(backend, lossOut)[0] = loss;
    return [dzOut, lossOut];
  };
}

/** dz = Y ⊙ act'(Y) (the gradient against T = 0) for Y[from..]; returns their Σ Y². */
function zeroTargetGradient(Y: Float32Array, dz: Float32Array, act: Activation, from: number): number {
  const derivative = ACTIVATIONS[act].jsDerivative;
  let loss = 0,
    l1 = 0;
  const n = Y.length;
  let i0 = from + ((n - from) & ~1);
  // Dense part with T = 0 (several accumulators break the add latency chain).
  if (act === 'sigmoid') {
    // Unrolled ×4 (the hot case; ~0.6 ms less per 250 × 3706 batch than ×2 on WASM); y·σ'(y) = y²(1 − y)
    // expanded as y² − y²·y, sharing y² with the loss.
    const n4 = from + ((n - from) & ~3);
    let l2 = 0,
      l3 = 0;
    for (let i = from; i < n4; i += 4) {
      const a = Y[i],
        c = Y[i + 1],
        p = Y[i + 2],
        q = Y[i + 3];
      const a2 = a * a,
        c2 = c * c,
        p2 = p * p,
        q2 = q * q;
      loss += a2;
      l1 += c2;
      l2 += p2;
      l3 += q2;
      dz[i] = a2 - a2 * a;
      dz[i + 1] = c2 - c2 * c;
      dz[i + 2] = p2 - p2 * p;
      dz[i + 3] = q2 - q2 * q;
    }
    loss += l2;
    l1 += l3;
    i0 = n4;
  } else {
    for (let i = from; i < i0; i += 2) {
      const a = Y[i],
        c = Y[i + 1];
      loss += a * a;
      l1 += c * c;
      dz[i] = a * derivative(a);
      dz[i + 1] = c * derivative(c);
    }
  }
  for (let i = i0; i < n; i++) {
    const a = Y[i];
    loss += a * a;
    dz[i] = a * derivative(a);
  }
  return loss + l1;
}

/**
 * gT = [A | 1]ᵀ·dz ([H + 1, I]) for dz [B, I] and A [B, H = WIDE_GRAD_H]: the SIMD kernel for the
 * 4-column chunks, a float64 loop for the last I mod 4 columns. WASM only (the caller checks).
 */
function wideGradT(io: HostIO): tf.KernelFunc {
  return ({ inputs, backend }) => {
    const { dz, a } = inputs as Record<string, Info>;
    const [B, I] = dz.shape,
      H = a.shape[1];
    const out = io.alloc(backend, [H + 1, I]);
    io.read(backend, out).fill(0);
    if (!wideGradTWasm(io.memory!(backend)!, io.offset!(backend, dz), io.offset!(backend, a), io.offset!(backend, out), B, I)) {
      throw new Error(`${WIDE_GRAD_T} needs the WebAssembly SIMD kernel`);
    }
    const g = io.read(backend, out) as Float32Array,
      d = io.read(backend, dz) as Float32Array,
      x = io.read(backend, a) as Float32Array;
    for (let c = I & ~3; c < I; c++) {
      for (let j = 0; j <= H; j++) {
        let sum = 0;
        for (let b = 0; b < B; b++) sum += (j < H ? x[b * H + j] : 1) * d[b * I + c];
        g[j * I + c] = sum;
      }
    }
    return out;
  };
}

function split(io: HostIO): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const sizes = (attrs as { sizes: number[] }).sizes;
    const outs = sizes.map((n) => io.alloc(backend, [n]));
    const x = io.read(backend, (inputs as Record<string, Info>).x);
    let at = 0;
    outs.forEach((o, i) => {
      io.read(backend, o).set(x.subarray(at, at + sizes[i]));
      at += sizes[i];
    });
    return outs;
  };
}

function topKUnseenKernel(io: HostIO): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { scores, flat } = inputs as Record<string, Info>;
    const k = (attrs as { k: number }).k;
    const [B, I] = scores.shape;
    const itemsOut = io.alloc(backend, [B, k], 'int32');
    const valuesOut = io.alloc(backend, [B, k]);
    const items = io.read(backend, itemsOut) as Int32Array,
      values = io.read(backend, valuesOut) as Float32Array;
    const s = io.read(backend, scores) as Float32Array,
      f = io.read(backend, flat);
    items.fill(-1);
    values.fill(MASKED_SCORE);
    const skip = new Uint8Array(I);
    let e = 0;
    for (let r = 0; r < B; r++) {
      const base = r * I,
        e0 = e;
      while (e < f.length && f[e] < base + I) skip[f[e++] - base] = 1; // entries are sorted by row
      selectTopK(s.subarray(base, base + I), skip, k, items, values, r * k);
      for (let j = e0; j < e; j++) skip[f[j] - base] = 0;
    }
    return [itemsOut, valuesOut];
  };
}

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
