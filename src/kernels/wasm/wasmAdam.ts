/**
 * A WebAssembly SIMD kernel for RecsysAdamUpdate (host/adamKernel.ts) on the WASM backend, working in
 * place in tfjs-backend-wasm's own memory (as wasmOutputGrad.ts does). Source: as/adam.ts
 * (AssemblyScript, `npm run build:wasm`).
 *
 * `adam(th, m, v, g, thOut, mOut, vOut, nBytes, scale, decay, a, bc2, β1, β2, 1 − β1, 1 − β2, ε)`, 4 lanes
 * at a time over the first nBytes / 4 values (a multiple of 4):
 *   G = scale·g + decay·th;  M = β1·m + (1 − β1)·G;  V = β2·v + (1 − β2)·G²;  th' = th − a·M / (√(V·bc2) + ε)
 * storing M, V and th', and returning Σ th² (f64 lanes). f32 arithmetic, like the tfjs ops it replaces.
 * The caller handles the last n mod 4 values. Compiled synchronously, instantiated once per memory;
 * unavailable (callers use the JS loop) without WebAssembly SIMD or an importable memory.
 */
import { ADAM_WASM } from './wasmModules.generated';

/** The module's bytes (exported for tests). It imports its memory as env.memory. */
export { ADAM_WASM };

type AdamFn = (...args: number[]) => number;

let module: WebAssembly.Module | null | undefined;
const instances = new WeakMap<WebAssembly.Memory, AdamFn | null>();

function compiled(): WebAssembly.Module | null {
  if (module !== undefined) return module;
  module = null;
  try {
    if (typeof WebAssembly === 'object' && WebAssembly.validate(ADAM_WASM)) module = new WebAssembly.Module(ADAM_WASM);
  } catch {
    module = null;
  }
  return module;
}

/** The `adam` export bound to `memory`, or null where it cannot run (no SIMD, memory not importable). */
export function adamWasm(memory: WebAssembly.Memory): AdamFn | null {
  const cached = instances.get(memory);
  if (cached !== undefined) return cached;
  let f: AdamFn | null = null;
  const m = compiled();
  if (m) {
    try {
      f = (new WebAssembly.Instance(m, { env: { memory } }).exports as { adam: AdamFn }).adam;
    } catch {
      f = null;
    }
  }
  instances.set(memory, f);
  return f;
}

/** True when the module compiles here (WebAssembly with SIMD). */
export function hasWasmAdam(): boolean {
  return compiled() !== null;
}
