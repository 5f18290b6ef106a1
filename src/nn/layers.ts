/**
 * The dense stack items → hidden… → items: seeded host-side initialisation and the activations
 * with their derivatives written in terms of the activation's output (what backprop keeps).
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../data/rng';
import type { Activation, ModelConfig } from '../engine/config';

/** A named host array (weights, biases, optimiser slots) with its shape. */
export interface HostTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

/** Layer widths [items, ...hidden, items]. */
export function layerSizes(items: number, model: ModelConfig): number[] {
  return [items, ...model.hidden, items];
}

/** Parameter names in order: W1, b1, W2, b2, … (W_l is [in, out] row-major, b_l is [out]). */
export function paramNames(layers: number): string[] {
  const names: string[] = [];
  for (let l = 1; l <= layers; l++) names.push(`W${l}`, `b${l}`);
  return names;
}

/**
 * Initial weights and biases, drawn from Rng(model.seed) in the order W1, b1, W2, b2, … (row-major).
 * normal: every weight and bias ~ N(0, initStd²) (the tutorial's tf.random_normal);
 * glorot: weights ~ N(0, 2/(fan_in + fan_out)), biases 0.
 */
export function initParams(items: number, model: ModelConfig): HostTensor[] {
  const sizes = layerSizes(items, model);
  const rng = new Rng(model.seed);
  const out: HostTensor[] = [];
  for (let l = 1; l < sizes.length; l++) {
    const fanIn = sizes[l - 1],
      fanOut = sizes[l];
    const std = model.init === 'glorot' ? Math.sqrt(2 / (fanIn + fanOut)) : model.initStd;
    const w = new Float32Array(fanIn * fanOut);
    for (let i = 0; i < w.length; i++) w[i] = rng.normal() * std;
    const b = new Float32Array(fanOut);
    if (model.init !== 'glorot') for (let i = 0; i < b.length; i++) b[i] = rng.normal() * std;
    out.push({ name: `W${l}`, shape: [fanIn, fanOut], data: w }, { name: `b${l}`, shape: [fanOut], data: b });
  }
  return out;
}

/** Applies an activation. */
export function activate<T extends tf.Tensor>(z: T, act: Activation): T {
  switch (act) {
    case 'sigmoid':
      return tf.sigmoid(z);
    case 'tanh':
      return tf.tanh(z);
    case 'relu':
      return tf.relu(z);
    case 'linear':
      return z;
  }
}

/** dL/dZ from dL/dA and A = act(Z): sigmoid A(1−A), tanh 1−A², relu [A>0], linear 1. */
export function activationGrad<T extends tf.Tensor>(dA: T, a: T, act: Activation): T {
  switch (act) {
    case 'sigmoid':
      return tf.mul(dA, tf.mul(a, tf.sub(1, a)));
    case 'tanh':
      return tf.mul(dA, tf.sub(1, tf.square(a)));
    case 'relu':
      return tf.mul(dA, tf.step(a));
    case 'linear':
      return dA;
  }
}

/** True when ranking by the pre-activation equals ranking by the activation (monotone increasing). */
export function rankByLogits(act: Activation): boolean {
  return act !== 'relu';
}

/** Host version of an activation, for the few top-K scores read back. */
export function activateHost(z: number, act: Activation): number {
  switch (act) {
    case 'sigmoid':
      return 1 / (1 + Math.exp(-z));
    case 'tanh':
      return Math.tanh(z);
    case 'relu':
      return Math.max(0, z);
    case 'linear':
      return z;
  }
}
