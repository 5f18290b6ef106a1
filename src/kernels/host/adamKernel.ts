/**
 * RecsysAdamUpdate (WASM and CPU): one Adam step with L2 on the weights over flat θ in a single pass,
 * instead of a Concat of the gradients plus ~15 tfjs kernels over [P] (≈ 11.7 M values for Mult-DAE on
 * ml-latest-small). Same formulas as HandOptimizer.apply (optimizer.ts) with the network's L2 term:
 *
 *   g  = scale·grad + 2·l2·w (weights only; w = θ before the step)
 *   m' = β1·m + (1 − β1)·g;  v' = β2·v + (1 − β2)·g²;  θ' = θ − a·m' / (√(v'·bc2) + ε)
 *
 * with a = lr / (1 − β1ᵗ) and bc2 = 1 / (1 − β2ᵗ) given by the caller. Also returns Σ w² (float64
 * sum) for the L2 part of the loss. Writes new tensors: θ is never changed in place, so copies of it
 * (Network.copyTheta) stay valid.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { HostIO } from './hostIO';
import { adamWasm } from '../wasm/wasmAdam';

export const ADAM_UPDATE = 'RecsysAdamUpdate';

type Info = tf.TensorInfo;

/** Adam's constants for one step (see the formulas above). */
export interface AdamStep {
  a: number;
  bc2: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** Factor applied to every gradient value. */
  scale: number;
  /** L2 factor on the weights (0: none). */
  l2: number;
}

/**
 * The host-side update (exported for tests). `grads` are θ's pieces in order (W1, b1, W2, …; even
 * indices are weights). Writes θ', m', v' and returns Σ w² over the weights. With `simd` (WASM: the
 * wasmAdam.ts kernel and the arrays' byte offsets in its memory), 4-lane chunks of each piece run
 * there and this loop takes the last n mod 4 values.
 */
export function adamUpdateInto(
  theta: Float32Array,
  m: Float32Array,
  v: Float32Array,
  grads: Float32Array[],
  s: AdamStep,
  thetaOut: Float32Array,
  mOut: Float32Array,
  vOut: Float32Array,
  simd?: { adam: (...args: number[]) => number; theta: number; m: number; v: number; grads: number[]; out: number[] },
): number {
  const { a, bc2, beta1, beta2, epsilon, scale } = s;
  const c1 = 1 - beta1,
    c2 = 1 - beta2;
  let sq = 0,
    at = 0;
  grads.forEach((g, k) => {
    const decay = k % 2 === 0 ? 2 * s.l2 : 0;
    const n = g.length;
    let part = 0,
      from = 0;
    if (simd) {
      from = n & ~3;
      const [to, mo, vo] = simd.out.map((o) => o + 4 * at);
      const b = 4 * at;
      part = simd.adam(
        simd.theta + b,
        simd.m + b,
        simd.v + b,
        simd.grads[k],
        to,
        mo,
        vo,
        4 * from,
        scale,
        decay,
        a,
        bc2,
        beta1,
        beta2,
        c1,
        c2,
        epsilon,
      );
    }
    for (let j = from, i = at + from; j < n; j++, i++) {
      const w = theta[i];
      const gi = scale * g[j] + decay * w;
      const m1 = beta1 * m[i] + c1 * gi;
      const v1 = beta2 * v[i] + c2 * gi * gi;
      mOut[i] = m1;
      vOut[i] = v1;
      thetaOut[i] = w - (a * m1) / (Math.sqrt(v1 * bc2) + epsilon);
      part += w * w;
    }
    if (decay !== 0) sq += part;
    at += n;
  });
  if (at !== theta.length) throw new Error(`${ADAM_UPDATE}: gradients have ${at} values, θ has ${theta.length}`);
  return sq;
}

function kernel(io: HostIO): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { theta, m, v, ...rest } = inputs as Record<string, Info>;
    const count = Object.keys(rest).length;
    const P = theta.shape[0];
    const outs = [io.alloc(backend, [P]), io.alloc(backend, [P]), io.alloc(backend, [P]), io.alloc(backend, [1])];
    const [t, mo, vo, sq] = outs.map((o) => io.read(backend, o) as Float32Array);
    const gInfo = Array.from({ length: count }, (_, k) => rest[`g${k}`]);
    const grads = gInfo.map((g) => io.read(backend, g) as Float32Array);
    const read = (x: Info) => io.read(backend, x) as Float32Array;
    const memory = io.memory?.(backend);
    const adam = memory && disabled.wasm !== true ? adamWasm(memory) : null;
    const off = (x: Info) => io.offset!(backend, x);
    const simd = adam
      ? { adam, theta: off(theta), m: off(m), v: off(v), grads: gInfo.map(off), out: outs.slice(0, 3).map(off) }
      : undefined;
    sq[0] = adamUpdateInto(read(theta), read(m), read(v), grads, attrs as unknown as AdamStep, t, mo, vo, simd);
    return outs;
  };
}

/** Test switch: `wasm: true` makes the WASM backend use the JS loop instead of the SIMD kernel. */
export const disabled: { wasm?: boolean } = {};

/** Registers the kernel for one host backend (called by registerHostKernels). */
export function registerAdamKernel(backendName: string, io: HostIO): void {
  tf.registerKernel({ kernelName: ADAM_UPDATE, backendName, kernelFunc: kernel(io) });
}

/**
 * One Adam step on flat θ [P] with slots m, v [P] from gradient pieces in θ's order (any shapes,
 * P values in all). Host kernels only; call inside tf.tidy.
 * @returns the new θ, m and v [P] and Σ w² over the weights (scalar, before the step).
 */
export function adamUpdate(
  theta: tf.Tensor1D,
  m: tf.Tensor1D,
  v: tf.Tensor1D,
  grads: tf.Tensor[],
  step: AdamStep,
): { theta: tf.Tensor1D; m: tf.Tensor1D; v: tf.Tensor1D; weightSq: tf.Scalar } {
  const inputs: Record<string, tf.Tensor> = { theta, m, v };
  grads.forEach((g, k) => {
    inputs[`g${k}`] = g;
  });
  const [t, mo, vo, sq] = tf.engine().runKernel(ADAM_UPDATE, inputs, { ...step }) as tf.Tensor[];
  return { theta: t as tf.Tensor1D, m: mo as tf.Tensor1D, v: vo as tf.Tensor1D, weightSq: tf.reshape(sq, []) as tf.Scalar };
}
