/**
 * RecsysSharedMatMul (see hostKernels.ts): C = A·B for float32 A [M, K] and B [K, N] on our SIMD gemm
 * (kernels/wasm/sharedGemm.ts): the operands are copied into its shared memory, B is packed, and
 * C's rows are split between this thread and the helper thread, which this thread waits for
 * (Atomics.wait: workers and Node only — the caller checks {@link sharedMatMulAvailable}).
 */
import type * as tf from '@tensorflow/tfjs-core';
import { canBlock, openSharedGemm, type SharedGemm } from '../wasm/sharedGemm';
import type { HostIO, Info } from './hostIO';

export const SHARED_MATMUL = 'RecsysSharedMatMul';

let shared: SharedGemm | null | undefined;

/** The process' / worker's shared gemm (created on first use; its helper thread starts in the background). */
function sharedGemm(): SharedGemm | null {
  if (shared === undefined) shared = canBlock() ? openSharedGemm(1 << 24, 2) : null;
  return shared;
}

/** True where the kernel can run here: WebAssembly SIMD, shared memory, and a thread that may block. */
export function sharedMatMulAvailable(): boolean {
  return sharedGemm() !== null;
}

/** Threads the kernel runs on once its helper has started (or failed to): 2, 1, or 0 where unavailable. */
export async function sharedMatMulThreads(): Promise<number> {
  const g = sharedGemm();
  if (!g) return 0;
  await g.ready;
  return g.threads();
}

/** Threads the kernel runs on right now: 2 once the helper runs, 1 before (or without it), 0 where unavailable. */
export function sharedMatMulThreadsNow(): number {
  return shared ? shared.threads() : 0;
}

/** The kernel function on a backend whose tensors `io` reads. */
export function sharedMatMul(io: HostIO): tf.KernelFunc {
  return ({ inputs, backend }) => {
    const { a, b } = inputs as Record<string, Info>;
    const [M, K] = a.shape,
      N = b.shape[1];
    const g = sharedGemm();
    if (!g) throw new Error(`${SHARED_MATMUL} needs WebAssembly SIMD, shared memory and a thread that may block`);
    const out = io.alloc(backend, [M, N]);
    const ld = Math.ceil(N / 8) * 8;
    // Float offsets: A, B, B packed, C (row stride ld: gemm writes whole 8-column blocks).
    const [A, B] = [0, M * K];
    const P = B + K * N;
    const C = P + K * ld;
    g.reserve((C + M * ld) * 4);
    const f = new Float32Array(g.memory.buffer);
    f.set(io.read(backend, a) as Float32Array, A);
    f.set(io.read(backend, b) as Float32Array, B);
    g.kernels.pack(B * 4, N, K, N, P * 4);
    g.splitSync(M, M >> 1, (r0, r1) => [C * 4, ld, A * 4, K, P * 4, K, N, r0, r1, false, false]);
    const c = io.read(backend, out) as Float32Array;
    if (ld === N) c.set(f.subarray(C, C + M * N));
    else for (let i = 0; i < M; i++) c.set(f.subarray(C + i * ld, C + i * ld + N), i * N);
    return out;
  };
}
