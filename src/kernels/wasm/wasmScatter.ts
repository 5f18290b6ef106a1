/**
 * A tiny WebAssembly SIMD kernel for RecsysScatterRows with H = 10 (the Seed preset's first layer):
 * o[d[e]·10 + h] += v[e] · x[s[e]·10 + h], lanes 0–7 as two f32x4, lanes 8–9 scalar. Source:
 * as/scatter.ts (AssemblyScript, built by `npm run build:wasm`). It runs in its own memory (inputs
 * copied in, the output copied out) and is compiled synchronously (≈200 bytes, under every engine's
 * synchronous-compile limit). Unavailable (null) where WebAssembly or its SIMD is missing; callers
 * fall back to JS. Like the JS H = 10 path it does not skip zero values (exact zeros for finite x).
 * ≈4× the unrolled JS loop per 40k-entry batch on V8, copies included.
 */

import { SCATTER10_WASM } from './wasmModules.generated';

/** The module's bytes (exported for tests). */
export { SCATTER10_WASM };

interface Scatter10 {
  /** The module's own memory (it imports it as env.memory). */
  mem: WebAssembly.Memory;
  s10(nBytes: number, dP: number, sP: number, vP: number, xP: number, oP: number): void;
}

let instance: Scatter10 | null | undefined;

function load(): Scatter10 | null {
  if (instance !== undefined) return instance;
  instance = null;
  try {
    if (typeof WebAssembly === 'object' && WebAssembly.validate(SCATTER10_WASM)) {
      const mem = new WebAssembly.Memory({ initial: 1 });
      const { exports } = new WebAssembly.Instance(new WebAssembly.Module(SCATTER10_WASM), { env: { memory: mem } });
      instance = { mem, s10: exports.s10 as Scatter10['s10'] };
    }
  } catch {
    instance = null;
  }
  return instance;
}

/** True when the SIMD kernel can run here. */
export function hasWasmScatter10(): boolean {
  return load() !== null;
}

/**
 * o += scatter (o is not zeroed here) with the SIMD kernel; false (o untouched) when unavailable.
 * Indices must lie in range (o.length / 10 and x.length / 10 rows): they address raw memory.
 */
export function scatterRows10Wasm(o: Float32Array, d: Int32Array, s: Int32Array, v: Float32Array, x: Float32Array): boolean {
  const m = load();
  if (!m) return false;
  const n = d.length;
  const dP = 0,
    sP = dP + 4 * n,
    vP = sP + 4 * n,
    xP = vP + 4 * n,
    oP = xP + 4 * x.length,
    end = oP + 4 * o.length;
  const have = m.mem.buffer.byteLength;
  if (end > have) m.mem.grow(Math.ceil((end - have) / 65536));
  const buf = m.mem.buffer;
  new Int32Array(buf, dP, n).set(d);
  new Int32Array(buf, sP, n).set(s);
  new Float32Array(buf, vP, n).set(v);
  new Float32Array(buf, xP, x.length).set(x);
  const oo = new Float32Array(buf, oP, o.length);
  oo.set(o);
  m.s10(4 * n, dP, sP, vP, xP, oP);
  o.set(oo);
  return true;
}
