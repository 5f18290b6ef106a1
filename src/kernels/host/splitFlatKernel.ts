/** RecsysSplitFlat (see hostKernels.ts): consecutive pieces of a 1-D tensor in one call. */
import type * as tf from '@tensorflow/tfjs-core';
import type { HostIO, Info } from './hostIO';

export const SPLIT_FLAT = 'RecsysSplitFlat';

/** Builds RecsysSplitFlat's kernel function (consecutive pieces of a 1-D tensor) for one backend kind. */
export function split(io: HostIO): tf.KernelFunc {
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
