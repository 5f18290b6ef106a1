/**
 * A WebAssembly SIMD kernel for RecsysScatterRows (host/hostKernels.ts) on the WASM backend when the
 * row width H is a multiple of 4 (Mult-DAE's 600-unit first layer), working in place in
 * tfjs-backend-wasm's own memory. Source: as/scatterWide.ts (AssemblyScript, `npm run build:wasm`).
 *
 * `sc(o, d, s, v, x, n, hBytes)`: for e < n, o[d[e], :] += v[e]·x[s[e], :] over rows of hBytes / 4
 * float32 values, 4 lanes at a time (o zeroed by the caller; d, s int32; v, x float32).
 * Loaded by memoryKernel.ts; unavailable (callers use the JS loop) without WebAssembly SIMD or an
 * importable memory.
 */
import { memoryKernel } from './memoryKernel';
import { SCATTER_WIDE_WASM } from './wasmModules.generated';

/** The module's bytes (exported for tests). It imports its memory as env.memory. */
export { SCATTER_WIDE_WASM };

type ScatterFn = (o: number, d: number, s: number, v: number, x: number, n: number, hBytes: number) => void;

const kernel = memoryKernel<{ sc: ScatterFn }>(SCATTER_WIDE_WASM);

/** The `sc` export bound to `memory`, or null where it cannot run (no SIMD, memory not importable). */
export function scatterWideWasm(memory: WebAssembly.Memory): ScatterFn | null {
  return kernel.bind(memory)?.sc ?? null;
}
