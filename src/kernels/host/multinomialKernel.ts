/**
 * RecsysMultinomialGrad (WASM and CPU): the multinomial log-likelihood of logits Y [B, I] against a
 * sparse target T (flat positions row·I + item, sorted by row, and their values), in one pass per row
 * instead of ~10 tfjs kernels over [B, I] and a dense T:
 *
 *   loss = −Σ_b Σ_i T_bi·log_softmax(Y_b)_i         (unscaled; the network divides by B)
 *   dZ_b = softmax(Y_b)·Σ_i T_bi − T_b              (the unscaled gradient of that sum w.r.t. Y)
 *
 * It also writes dZᵀ [I, B] and db = Σ_b dZ_b [I], so the output layer's backward pass needs no
 * Transpose of dZ or of W (network.ts: dW = Aᵀ·dZ, dAᵀ = W·dZᵀ) and no column sum.
 * Sums run in float64; outputs are float32.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { HostIO } from './hostIO';

export const MULTINOMIAL_GRAD = 'RecsysMultinomialGrad';

type Info = tf.TensorInfo;

/** The host-side computation (exported for tests): fills dz, dzT, db and returns the loss. */
export function multinomialGradInto(
  y: Float32Array,
  flat: Int32Array,
  t: Float32Array,
  B: number,
  I: number,
  dz: Float32Array,
  dzT: Float32Array,
  db: Float32Array,
): number {
  let loss = 0;
  let e = 0;
  db.fill(0);
  for (let r = 0; r < B; r++) {
    const base = r * I;
    let max = -Infinity;
    for (let i = 0; i < I; i++) if (y[base + i] > max) max = y[base + i];
    let s = 0;
    for (let i = 0; i < I; i++) {
      const x = Math.exp(y[base + i] - max);
      dz[base + i] = x;
      s += x;
    }
    const e0 = e;
    let tSum = 0,
      tDot = 0;
    while (e < flat.length && flat[e] < base + I) {
      tSum += t[e];
      tDot += t[e] * (y[flat[e]] - max);
      e++;
    }
    loss -= tDot - tSum * Math.log(s);
    const c = tSum / s;
    for (let i = 0; i < I; i++) {
      const g = dz[base + i] * c;
      dz[base + i] = g;
      db[i] += g;
      dzT[i * B + r] = g;
    }
    for (let j = e0; j < e; j++) {
      const item = flat[j] - base;
      dz[flat[j]] -= t[j];
      db[item] -= t[j];
      dzT[item * B + r] -= t[j];
    }
  }
  return loss;
}

function kernel(io: HostIO): tf.KernelFunc {
  return ({ inputs, backend }) => {
    const { y, flat, t } = inputs as Record<string, Info>;
    const [B, I] = y.shape;
    // Allocate every output before taking views (a WASM allocation may grow and detach memory).
    const dzOut = io.alloc(backend, [B, I]);
    const dzTOut = io.alloc(backend, [I, B]);
    const dbOut = io.alloc(backend, [I]);
    const lossOut = io.alloc(backend, [1]);
    const loss = multinomialGradInto(
      io.read(backend, y) as Float32Array,
      io.read(backend, flat) as Int32Array,
      io.read(backend, t) as Float32Array,
      B,
      I,
      io.read(backend, dzOut) as Float32Array,
      io.read(backend, dzTOut) as Float32Array,
      io.read(backend, dbOut) as Float32Array,
    );
    io.read(backend, lossOut)[0] = loss;
    return [dzOut, dzTOut, dbOut, lossOut];
  };
}

/** Registers the kernel for one host backend (called by registerHostKernels). */
export function registerMultinomialKernel(backendName: string, io: HostIO): void {
  tf.registerKernel({ kernelName: MULTINOMIAL_GRAD, backendName, kernelFunc: kernel(io) });
}

/**
 * Multinomial loss and gradient of logits `y` [B, I] against target values `t` [n] at flat positions
 * `flat` [n] (row·I + item, sorted by row). Host kernels only; call inside tf.tidy.
 * @returns dz [B, I], dzT [I, B], db [I] (column sums of dz) and the unscaled loss (scalar).
 */
export function multinomialGradient(
  y: tf.Tensor2D,
  flat: tf.Tensor1D,
  t: tf.Tensor1D,
): { dz: tf.Tensor2D; dzT: tf.Tensor2D; db: tf.Tensor1D; loss: tf.Scalar } {
  const [dz, dzT, db, loss] = tf.engine().runKernel(MULTINOMIAL_GRAD, { y, flat, t }, {}) as tf.Tensor[];
  return { dz: dz as tf.Tensor2D, dzT: dzT as tf.Tensor2D, db: db as tf.Tensor1D, loss: tf.reshape(loss, []) as tf.Scalar };
}
