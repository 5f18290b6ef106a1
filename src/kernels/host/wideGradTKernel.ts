/** RecsysWideGradT (see hostKernels.ts): gT = [A | 1]ᵀ·dZ of a wide layer with the WASM SIMD kernel. */
import type * as tf from '@tensorflow/tfjs-core';
import { wideGradTWasm } from '../wasm/wasmOutputGrad';
import type { HostIO, Info } from './hostIO';

export const WIDE_GRAD_T = 'RecsysWideGradT';

/**
 * gT = [A | 1]ᵀ·dz ([H + 1, I]) for dz [B, I] and A [B, H = WIDE_GRAD_H]: the SIMD kernel for the
 * 4-column chunks, a float64 loop for the last I mod 4 columns. WASM only (the caller checks).
 */
export function wideGradT(io: HostIO): tf.KernelFunc {
  return ({ inputs, backend }) => {
    const { dz, a } = inputs as Record<string, Info>;
    const [B, I] = dz.shape,
      H = a.shape[1];
    const out = io.alloc(backend, [H + 1, I]);
    io.read(backend, out).fill(0);
    if (!wideGradTWasm(io.memory!(backend)!, io.offset!(backend, dz), io.offset!(backend, a), io.offset!(backend, out), B, I)) {
      throw new Error(`${WIDE_GRAD_T} needs the WebAssembly SIMD kernel`);
    }
    const g = io.read(backend, out) as Float32Array,
      d = io.read(backend, dz) as Float32Array,
      x = io.read(backend, a) as Float32Array;
    for (let c = I & ~3; c < I; c++) {
      for (let j = 0; j <= H; j++) {
        let sum = 0;
        for (let b = 0; b < B; b++) sum += (j < H ? x[b * H + j] : 1) * d[b * I + c];
        g[j * I + c] = sum;
      }
    }
    return out;
  };
}
