/**
 * Hand-written optimisers over one flat parameter vector θ (all weights and biases concatenated),
 * so an update is a handful of kernels whatever the depth (tf.train.rmsprop differs from TF1: its
 * accumulator starts at 0 and its epsilon differs per backend).
 *
 * TF1 RMSProp (tf.compat.v1.train.RMSPropOptimizer, ApplyRMSProp):
 *   ms  ← ms + (g² − ms)·(1 − decay)          (ms starts at accumulatorInit, TF1: 1)
 *   mom ← momentum·mom + lr·g / √(ms + ε)
 *   θ   ← θ − mom
 * Adam (Kingma & Ba, bias-corrected), step t = 1, 2, …:
 *   m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²;  θ ← θ − lr·(m/(1 − β1ᵗ)) / (√(v/(1 − β2ᵗ)) + ε)
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../engine/config';
import { adamUpdate } from '../kernels/host/adamKernel';

export const ADAM_BETA1 = 0.9;
export const ADAM_BETA2 = 0.999;
export const ADAM_EPSILON = 1e-8;

/** Slot kinds an optimiser keeps per parameter (same length as θ). */
export function slotKinds(model: ModelConfig): string[] {
  if (model.optimizer === 'adam') return ['m', 'v'];
  return model.momentum > 0 ? ['ms', 'mom'] : ['ms'];
}

/** Optimiser state: flat slot variables plus a host step counter. */
export class HandOptimizer {
  /** slot kind ("ms", "mom", "m", "v") → flat variable [P]. */
  readonly slots = new Map<string, tf.Variable>();
  /** Steps taken (Adam's t). */
  step = 0;

  constructor(
    private readonly model: ModelConfig,
    size: number,
  ) {
    for (const kind of slotKinds(model)) {
      const init = tf.fill([size], kind === 'ms' ? model.accumulatorInit : 0);
      this.slots.set(kind, tf.variable(init, false));
      init.dispose();
    }
  }

  /** θ ← update(θ, scale·g). Call inside tf.tidy. */
  apply(theta: tf.Variable, g: tf.Tensor1D, scale = 1): void {
    const m = this.model;
    this.step++;
    if (scale !== 1) g = tf.mul(g, scale);
    if (m.optimizer === 'adam') {
      const a = m.learningRate / (1 - ADAM_BETA1 ** this.step);
      const bc2 = 1 / (1 - ADAM_BETA2 ** this.step);
      const mv = this.slots.get('m')!,
        vv = this.slots.get('v')!;
      const m1 = tf.add(tf.mul(mv, ADAM_BETA1), tf.mul(g, 1 - ADAM_BETA1));
      const v1 = tf.add(tf.mul(vv, ADAM_BETA2), tf.mul(tf.square(g), 1 - ADAM_BETA2));
      mv.assign(m1);
      vv.assign(v1);
      theta.assign(tf.sub(theta, tf.div(tf.mul(m1, a), tf.add(tf.sqrt(tf.mul(v1, bc2)), ADAM_EPSILON))));
      return;
    }
    const ms = this.slots.get('ms')!;
    const ms1 = tf.add(ms, tf.mul(tf.sub(tf.square(g), ms), 1 - m.decay));
    ms.assign(ms1);
    const step = tf.div(tf.mul(g, m.learningRate), tf.sqrt(tf.add(ms1, m.epsilon)));
    const mom = this.slots.get('mom');
    if (mom) {
      const mom1 = tf.add(tf.mul(mom, m.momentum), step);
      mom.assign(mom1);
      theta.assign(tf.sub(theta, mom1));
    } else {
      theta.assign(tf.sub(theta, step));
    }
  }

  /**
   * Adam through the RecsysAdamUpdate host kernel (adamKernel.ts), from gradient pieces in θ's order
   * with L2 folded in: θ ← update(θ, scale·grads + 2·l2·weights). Host kernels only; call inside
   * tf.tidy. Returns Σ w² over the weights before the step (for the loss).
   */
  applyAdamHost(theta: tf.Variable, grads: tf.Tensor[], scale: number, l2: number): tf.Scalar {
    this.step++;
    const mv = this.slots.get('m')!,
      vv = this.slots.get('v')!;
    const r = adamUpdate(theta as tf.Tensor1D, mv as tf.Tensor1D, vv as tf.Tensor1D, grads, {
      a: this.model.learningRate / (1 - ADAM_BETA1 ** this.step),
      bc2: 1 / (1 - ADAM_BETA2 ** this.step),
      beta1: ADAM_BETA1,
      beta2: ADAM_BETA2,
      epsilon: ADAM_EPSILON,
      scale,
      l2,
    });
    mv.assign(r.m);
    vv.assign(r.v);
    theta.assign(r.theta);
    return r.weightSq;
  }

  /** Copies of the slot vectors by kind. */
  async read(): Promise<Map<string, Float32Array>> {
    const out = new Map<string, Float32Array>();
    for (const [kind, v] of this.slots) out.set(kind, ((await v.data()) as Float32Array).slice());
    return out;
  }

  /** Overwrites a slot vector (ignored when this optimiser has no such slot). */
  write(kind: string, data: Float32Array): void {
    const v = this.slots.get(kind);
    if (!v) return;
    if (data.length !== v.shape[0]) throw new Error(`optimiser slot ${kind} has ${data.length} values, expected ${v.shape[0]}`);
    const t = tf.tensor1d(data, 'float32');
    v.assign(t);
    t.dispose();
  }

  dispose(): void {
    for (const v of this.slots.values()) v.dispose();
    this.slots.clear();
  }
}
