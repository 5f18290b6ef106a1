/**
 * The dense stack items → hidden… → items: layer sizes, parameter names and seeded host-side
 * initialisation. The activations (and their derivatives) are defined in activations.ts.
 */
import { Rng } from '../data/rng';
import type { ModelConfig } from '../engine/config';

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
