/** RecsysTopKUnseen (see hostKernels.ts): per row of scores, the top k items that are not training entries. */
import type * as tf from '@tensorflow/tfjs-core';
import { MASKED_SCORE, selectTopK } from '../../nn/select';
import type { HostIO, Info } from './hostIO';

export const TOPK_UNSEEN = 'RecsysTopKUnseen';

/** Builds RecsysTopKUnseen's kernel function (top k unseen items per row of scores) for one backend kind. */
export function topKUnseenKernel(io: HostIO): tf.KernelFunc {
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
