/**
 * How one model's training steps and top-k run on the active backend. The engine picks it once, when
 * it builds the model on a device (engineSupport.ts: resolveOptions), and the Network keeps it:
 *
 * - fused WebGPU (`fused`): one step in 7 WGSL programs and top-k in 2 (webgpuFused.ts), where the
 *   model allows; everything else falls back to the generic kernels below;
 * - host kernels (WASM and CPU): the sparse first layer, the sparse-MSE gradient and top-k run as
 *   host kernels (hostKernels.ts), with large products laid out for XNNPACK (`explicitTranspose`);
 * - generic tfjs kernels (WebGL, and WebGPU where the fused programs do not apply): dense products
 *   and tf.topk.
 */
export type FirstLayerMode = 'dense' | 'sparse';

/** A model's kernel choices (see above); fixed for the model's life on one backend. */
export interface StepStrategy {
  /** The first layer as a dense product or over the ratings only (sparse). */
  firstLayer: FirstLayerMode;
  /** Arrange large products for WASM/XNNPACK: small right operands, explicit transposes (network.ts). */
  explicitTranspose: boolean;
  /** Output widths from which the explicit layout uses the [dWᵀ | db] product (default 256). */
  wideFrom?: number;
  /** Use the host kernels (hostKernels.ts) where the backend has them (default true). */
  hostKernels?: boolean;
  /**
   * With host kernels: the multinomial loss (multinomialKernel.ts) and the Adam update
   * (adamKernel.ts) as one host pass each, and the output layer's backward pass laid out on their
   * outputs (default true; false keeps the tfjs-op path, for comparisons).
   */
  hostLossAndOptimizer?: boolean;
  /**
   * With host kernels: wide products (Mult-DAE's output layer) on both cores with our SIMD gemm
   * (RecsysSharedMatMul) where shared memory allows (default true; false keeps tf.matMul).
   */
  twoThreadProducts?: boolean;
  /** WebGPU: train and rank with the fused programs (webgpuFused.ts) where the model allows. */
  fused?: boolean;
  /** Top-K with the RecsysTopKUnseen host kernel (WASM, CPU) instead of tf.topk (default false). */
  hostTopK?: boolean;
}
