/**
 * The sparse first layer's products (network.ts): X·W1 = Σ_entries v·W1[item] per row and its transpose
 * dW1 = Σ_entries v·dZ1[row] per item, over a batch's ratings only. WASM / CPU run the scatter host
 * kernel (hostKernels.ts); other backends gather rows and sum them per segment.
 */
import * as tf from '@tensorflow/tfjs-core';
import { scatterRowsScaled } from '../kernels/host/hostKernels';

/** Σ of data rows per segment id (UnsortedSegmentSum where the backend has it, else summing ScatterNd). */
export function segmentSum(data: tf.Tensor2D, ids: tf.Tensor1D, segments: number): tf.Tensor2D {
  if (tf.getKernel('UnsortedSegmentSum', tf.getBackend())) return tf.unsortedSegmentSum(data, ids, segments);
  return tf.scatterND(tf.expandDims(ids, 1), data, [segments, data.shape[1]]) as tf.Tensor2D;
}

/** Rows of a 2-D tensor (GatherNd on WASM, whose GatherV2 validates indices in JS). */
function gatherRows(x: tf.Tensor2D, indices: tf.Tensor1D): tf.Tensor2D {
  return (tf.getBackend() === 'wasm' ? tf.gatherND(x, tf.expandDims(indices, 1)) : tf.gather(x, indices)) as tf.Tensor2D;
}

/**
 * out[dst[e], :] += val[e]·src[srcRow[e], :] over the n entries e, giving [outRows, src columns] — the
 * sparse first layer's product (and its transpose). Call inside tf.tidy.
 * @param dst [n] output row of each entry.
 * @param srcRow [n] row of `src` each entry reads.
 * @param val [n] entry values.
 * @param host run the scatter host kernel (the backend has host kernels and the strategy allows them).
 */
export function sparseProduct(
  dst: tf.Tensor1D,
  srcRow: tf.Tensor1D,
  val: tf.Tensor1D,
  src: tf.Tensor2D,
  outRows: number,
  host: boolean,
): tf.Tensor2D {
  if (host) return scatterRowsScaled(dst, srcRow, val, src, outRows);
  return segmentSum(tf.mul(gatherRows(src, srcRow), tf.expandDims(val, 1)) as tf.Tensor2D, dst, outRows);
}
