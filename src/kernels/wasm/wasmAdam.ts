/**
 * A WebAssembly SIMD kernel for RecsysAdamUpdate (host/adamKernel.ts) on the WASM backend, working in
 * place in tfjs-backend-wasm's own memory (as wasmOutputGrad.ts does). Source: as/adam.ts
 * (AssemblyScript, `npm run build:wasm`).
 *
 * `adam(th, m, v, g, thOut, mOut, vOut, nBytes, scale, decay, a, bc2, β1, β2, 1 − β1, 1 − β2, ε)`, 4 lanes
 * at a time over the first nBytes / 4 values (a multiple of 4):
 *   G = scale·g + decay·th;  M = β1·m + (1 − β1)·G;  V = β2·v + (1 − β2)·G²;  th' = th − a·M / (√(V·bc2) + ε)
 * storing M, V and th', and returning Σ th² (f64 lanes). f32 arithmetic, like the tfjs ops it replaces.
 * The caller handles the last n mod 4 values. Loaded by memoryKernel.ts; unavailable (callers use the
 * JS loop) without WebAssembly SIMD or an importable memory.
 */
import { memoryKernel } from './memoryKernel';
import { ADAM_WASM } from './wasmModules.generated';

/** The module's bytes (exported for tests). It imports its memory as env.memory. */
export { ADAM_WASM };

type AdamFn = (...args: number[]) => number;

const kernel = memoryKernel<{ adam: AdamFn }>(ADAM_WASM);

/** The `adam` export bound to `memory`, or null where it cannot run (no SIMD, memory not importable). */
export function adamWasm(memory: WebAssembly.Memory): AdamFn | null {
  return kernel.bind(memory)?.adam ?? null;
}

/** True when the module compiles here (WebAssembly with SIMD). */
export function hasWasmAdam(): boolean {
  return kernel.available();
}
