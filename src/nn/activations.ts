/**
 * Every activation, defined once, in each form the code needs side by side: tfjs ops (the network),
 * plain JS on one number (host kernels, scores read back) and WGSL expression text (the fused WebGPU
 * programs). Derivatives are written in terms of the activation's output A = act(Z), which is what
 * backprop keeps. activations.test.ts checks the forms against each other.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from '../engine/config';

/** One activation's forms. */
export interface ActivationForms {
  /** A = act(Z) with tfjs ops. */
  tf<T extends tf.Tensor>(z: T): T;
  /** dL/dZ = dL/dA ⊙ act'(Z), from dL/dA and A, with tfjs ops. */
  tfBackprop<T extends tf.Tensor>(dA: T, a: T): T;
  /** act(z) of one number. */
  js(z: number): number;
  /** act'(Z) of one number, from a = act(z). */
  jsDerivative(a: number): number;
  /** WGSL f32 expression of act(z), for a WGSL f32 expression `z`. */
  wgsl(z: string): string;
  /** WGSL f32 expression of act'(Z), for a WGSL f32 expression `a` = act(z). */
  wgslDerivative(a: string): string;
  /** Strictly increasing: ranking by Z equals ranking by A (relu ties every negative Z at 0). */
  strictlyIncreasing: boolean;
}

/** The forms of every activation. */
export const ACTIVATIONS: Record<Activation, ActivationForms> = {
  sigmoid: {
    tf: (z) => tf.sigmoid(z),
    tfBackprop: (dA, a) => tf.mul(dA, tf.mul(a, tf.sub(1, a))),
    js: (z) => 1 / (1 + Math.exp(-z)),
    jsDerivative: (a) => a * (1 - a),
    wgsl: (z) => `(1.0 / (1.0 + exp(-(${z}))))`,
    wgslDerivative: (a) => `(${a} * (1.0 - ${a}))`,
    strictlyIncreasing: true,
  },
  tanh: {
    tf: (z) => tf.tanh(z),
    tfBackprop: (dA, a) => tf.mul(dA, tf.sub(1, tf.square(a))),
    js: (z) => Math.tanh(z),
    jsDerivative: (a) => 1 - a * a,
    wgsl: (z) => `tanh(${z})`,
    wgslDerivative: (a) => `(1.0 - ${a} * ${a})`,
    strictlyIncreasing: true,
  },
  relu: {
    tf: (z) => tf.relu(z),
    tfBackprop: (dA, a) => tf.mul(dA, tf.step(a)),
    js: (z) => Math.max(0, z),
    jsDerivative: (a) => (a > 0 ? 1 : 0),
    wgsl: (z) => `max(${z}, 0.0)`,
    wgslDerivative: (a) => `select(0.0, 1.0, ${a} > 0.0)`,
    strictlyIncreasing: false,
  },
  linear: {
    tf: (z) => z,
    tfBackprop: (dA) => dA,
    js: (z) => z,
    jsDerivative: () => 1,
    wgsl: (z) => `(${z})`,
    wgslDerivative: () => '1.0',
    strictlyIncreasing: true,
  },
};

/** Applies an activation (tfjs). */
export function activate<T extends tf.Tensor>(z: T, act: Activation): T {
  return ACTIVATIONS[act].tf(z);
}

/** dL/dZ from dL/dA and A = act(Z) (tfjs): sigmoid A(1−A), tanh 1−A², relu [A>0], linear 1. */
export function activationGrad<T extends tf.Tensor>(dA: T, a: T, act: Activation): T {
  return ACTIVATIONS[act].tfBackprop(dA, a);
}

/** True when ranking by the pre-activation equals ranking by the activation (monotone increasing). */
export function rankByLogits(act: Activation): boolean {
  return ACTIVATIONS[act].strictlyIncreasing;
}

/** Host version of an activation, for the few top-K scores read back. */
export function activateHost(z: number, act: Activation): number {
  return ACTIVATIONS[act].js(z);
}
