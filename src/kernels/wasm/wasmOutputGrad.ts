/**
 * Two small WebAssembly SIMD kernels for the output layer's backward pass on the WASM backend (Seed
 * preset: 10 → items, sigmoid, MSE against the sparse target). Source: as/outputGrad.ts
 * (AssemblyScript, built by `npm run build:wasm`).
 *
 * - `mse(y, dz, nBytes)`: the dense part of RecsysSparseTargetGrad for a sigmoid output,
 *   dz = Y²·(1 − Y) (as Y² − Y²·Y, the gradient against a zero target) over the first nBytes / 4
 *   values (a multiple of 4), returning Σ Y² (f32 lanes over 256 values, then f64). The caller adds
 *   the last n mod 4 values and the rating entries' corrections (hostKernels.ts).
 * - `wg(dz, a, g, B, I, I4, tile)`: for hidden width 10, gT = [A | 1]ᵀ·dz, i.e. gT[j, i] =
 *   Σ_b A[b, j]·dz[b, i] (j < 10) and gT[10, i] = Σ_b dz[b, i], for columns i < I4 (a multiple of 4),
 *   adding into gT (zeroed by the caller). That is the output layer's [dW | db] (network.ts), which
 *   otherwise costs a Transpose of the [B, I] gradient plus a matmul. Per 4-column chunk the 11 sums
 *   stay in registers while the rows go by (`tile` rows at a time, sums kept in gT between tiles).
 *
 * Unlike wasmScatter.ts they run **inside tfjs-backend-wasm's own memory**: the module imports that
 * WebAssembly.Memory and takes tensors' byte offsets, so nothing is copied in or out. All stores are
 * contiguous: writing dzᵀ straight from `mse` (4 × 4 register transposes, stores 4·B bytes apart) was
 * tried and was erratic, 0.6–3.7 ms per 250 × 3706 batch, against ~0.2 ms for dz alone.
 * Per 250 × 3706 batch in Node: `mse` ~0.2 ms (the JS loop: ~2.1 ms); `wg` ~1.2 ms (Transpose
 * ~0.9 ms + matmul ~1.7 ms before). Compiled synchronously (well under every engine's
 * synchronous-compile limit), instantiated once per memory; unavailable (callers fall back to JS or
 * tfjs ops) where WebAssembly SIMD is missing or the memory cannot be imported (e.g. a shared one).
 */

import { OUTPUT_GRAD_WASM } from './wasmModules.generated';

/** The module's bytes (exported for tests). It imports its memory as env.memory. */
export { OUTPUT_GRAD_WASM };

/** Hidden width of the wide-gradient kernel (the Seed preset's last hidden layer; `H` in as/outputGrad.ts). */
export const WIDE_GRAD_H = 10;

interface Kernels {
  mse(y: number, dz: number, nBytes: number): number;
  wg(dz: number, a: number, g: number, B: number, I: number, I4: number, tile: number): void;
}

let module: WebAssembly.Module | null | undefined;
const instances = new WeakMap<WebAssembly.Memory, Kernels | null>();

function compiled(): WebAssembly.Module | null {
  if (module !== undefined) return module;
  module = null;
  try {
    if (typeof WebAssembly === 'object' && WebAssembly.validate(OUTPUT_GRAD_WASM)) module = new WebAssembly.Module(OUTPUT_GRAD_WASM);
  } catch {
    module = null;
  }
  return module;
}

/** The kernels bound to `memory`, or null where they cannot run (no SIMD, memory not importable). */
export function outputGradKernels(memory: WebAssembly.Memory): Kernels | null {
  const cached = instances.get(memory);
  if (cached !== undefined) return cached;
  let k: Kernels | null = null;
  const m = compiled();
  if (m) {
    try {
      k = new WebAssembly.Instance(m, { env: { memory } }).exports as unknown as Kernels;
    } catch {
      k = null;
    }
  }
  instances.set(memory, k);
  return k;
}

/** True when the module compiles here (WebAssembly with SIMD). */
export function hasWasmOutputGrad(): boolean {
  return compiled() !== null;
}

// Offsets below are byte offsets of float32 arrays in `memory`; they address raw memory, so they
// must lie in range.

/**
 * dz[k] = Y[k]²·(1 − Y[k]) for k < n & ~3, in place in `memory`; returns Σ Y[k]² over them, or null
 * (nothing written) when the kernel is unavailable.
 */
export function sigmoidZeroTargetWasm(memory: WebAssembly.Memory, yOffset: number, dzOffset: number, n: number): number | null {
  const k = outputGradKernels(memory);
  return k ? k.mse(yOffset, dzOffset, 4 * (n & ~3)) : null;
}

/** Rows per tile of `wg` (its sums go through gT between tiles). */
const WG_TILE = 32;

/**
 * gT += [A | 1]ᵀ·dz for columns i < I & ~3, in place in `memory` (dz [B, I], A [B, 10], gT [11, I]);
 * false (nothing written) when the kernel is unavailable.
 */
export function wideGradTWasm(
  memory: WebAssembly.Memory,
  dzOffset: number,
  aOffset: number,
  gOffset: number,
  B: number,
  I: number,
): boolean {
  const k = outputGradKernels(memory);
  if (!k) return false;
  k.wg(dzOffset, aOffset, gOffset, B, I, I & ~3, WG_TILE);
  return true;
}
