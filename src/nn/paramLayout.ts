/**
 * Where each weight and bias lives inside the Network's flat parameter vector θ: W1 (row-major [in, out]),
 * b1, W2, b2, … back to back, so the optimiser updates all of them with a few kernels.
 */
import * as tf from '@tensorflow/tfjs-core';
import { splitFlat } from '../kernels/host/hostKernels';
import { paramNames, type HostTensor } from './layers';

/** One parameter's place in θ: its name (W1, b1, …), shape, and offset and size in floats. */
export interface ParamSlot {
  name: string;
  shape: number[];
  offset: number;
  size: number;
}

export class ParamLayout {
  /** Every parameter in θ's order: W1, b1, W2, b2, … */
  readonly params: ParamSlot[] = [];
  /** Floats in θ (P). */
  readonly size: number;

  /** @param sizes layer widths [items, ...hidden, items] (layerSizes). */
  constructor(sizes: number[]) {
    let offset = 0;
    paramNames(sizes.length - 1).forEach((name, i) => {
      const l = (i >> 1) + 1;
      const shape = i % 2 === 0 ? [sizes[l - 1], sizes[l]] : [sizes[l]];
      const size = shape.reduce((a, b) => a * b, 1);
      this.params.push({ name, shape, offset, size });
      offset += size;
    });
    this.size = offset;
  }

  /** A flat [P] array from per-parameter arrays (undefined if any part is missing). */
  gather(part: (p: ParamSlot) => Float32Array | undefined): Float32Array | undefined {
    const out = new Float32Array(this.size);
    for (const p of this.params) {
      const d = part(p);
      if (!d) return undefined;
      out.set(d, p.offset);
    }
    return out;
  }

  /** W_l and b_l as reshaped pieces of a flat [P] tensor (θ or a copy of it). Call inside tf.tidy. */
  split(theta: tf.Tensor1D, host: boolean): { W: tf.Tensor2D[]; b: tf.Tensor1D[] } {
    const W: tf.Tensor2D[] = [],
      b: tf.Tensor1D[] = [];
    const parts = splitFlat(
      theta,
      this.params.map((p) => p.size),
      host,
    );
    this.params.forEach((p, i) => {
      const t = tf.reshape(parts[i], p.shape);
      if (i % 2 === 0) W.push(t as tf.Tensor2D);
      else b.push(t as tf.Tensor1D);
    });
    return { W, b };
  }

  /** A flat [P] host array cut into named per-parameter copies (`${name}${suffix}`, e.g. suffix "/ms"). */
  hostTensors(flat: Float32Array, suffix = ''): HostTensor[] {
    return this.params.map((p) => ({ name: `${p.name}${suffix}`, shape: [...p.shape], data: flat.slice(p.offset, p.offset + p.size) }));
  }

  /** [P] mask with 1 on the weights and 0 on the biases (L2 applies to weights only). */
  weightMask(): Float32Array {
    const mask = new Float32Array(this.size);
    for (const [i, p] of this.params.entries()) if (i % 2 === 0) mask.fill(1, p.offset, p.offset + p.size);
    return mask;
  }
}
