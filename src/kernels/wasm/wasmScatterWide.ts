/**
 * A WebAssembly SIMD kernel for RecsysScatterRows (host/hostKernels.ts) on the WASM backend when the
 * row width H is a multiple of 4 (Mult-DAE's 600-unit first layer), working in place in
 * tfjs-backend-wasm's own memory. Source: as/scatterWide.ts (AssemblyScript, `npm run build:wasm`).
 *
 * `sc(o, d, s, v, x, n, hBytes)`: for e < n, o[d[e], :] += v[e]·x[s[e], :] over rows of hBytes / 4
 * float32 values, 4 lanes at a time (o zeroed by the caller; d, s int32; v, x float32).
 * Compiled synchronously, instantiated once per memory; unavailable (callers use the JS loop) without
 * WebAssembly SIMD or an importable memory.
 */
import { SCATTER_WIDE_WASM } from './wasmModules.generated';

/** The module's bytes (exported for tests). It imports its memory as env.memory. */
export { SCATTER_WIDE_WASM };

type ScatterFn = (o: number, d: number, s: number, v: number, x: number, n: number, hBytes: number) => void;

let module: WebAssembly.Module | null | undefined;
const instances = new WeakMap<WebAssembly.Memory, ScatterFn | null>();

function compiled(): WebAssembly.Module | null {
  if (module !== undefined) return module;
  module = null;
  try {
    if (typeof WebAssembly === 'object' && WebAssembly.validate(SCATTER_WIDE_WASM)) module = new WebAssembly.Module(SCATTER_WIDE_WASM);
  } catch {
    module = null;
  }
  return module;
}

/** The `sc` export bound to `memory`, or null where it cannot run (no SIMD, memory not importable). */
export function scatterWideWasm(memory: WebAssembly.Memory): ScatterFn | null {
  const cached = instances.get(memory);
  if (cached !== undefined) return cached;
  let f: ScatterFn | null = null;
  const m = compiled();
  if (m) {
    try {
      f = (new WebAssembly.Instance(m, { env: { memory } }).exports as { sc: ScatterFn }).sc;
    } catch {
      f = null;
    }
  }
  instances.set(memory, f);
  return f;
}
