/**
 * A hand-assembled WebAssembly SIMD kernel for RecsysAdamUpdate (host/adamKernel.ts) on the WASM
 * backend, working in place in tfjs-backend-wasm's own memory (as wasmOutputGrad.ts does):
 *
 * `adam(th, m, v, g, thOut, mOut, vOut, nBytes, scale, decay, a, bc2, β1, β2, 1 − β1, 1 − β2, ε)`, 4 lanes
 * at a time over the first nBytes / 4 values (a multiple of 4):
 *   G = scale·g + decay·th;  M = β1·m + (1 − β1)·G;  V = β2·v + (1 − β2)·G²;  th' = th − a·M / (√(V·bc2) + ε)
 * storing M, V and th', and returning Σ th² (f64 lanes). f32 arithmetic, like the tfjs ops it replaces.
 * The caller handles the last n mod 4 values. Compiled synchronously, instantiated once per memory;
 * unavailable (callers use the JS loop) without WebAssembly SIMD or an importable memory.
 */
import { leb, name, section } from './wasmBytes';

const GET = 0x20,
  SET = 0x21,
  TEE = 0x22,
  I32_ADD = 0x6a,
  I32_GE_U = 0x4f,
  I32_CONST = 0x41,
  F64_ADD = 0xa0;
const BLOCK = [0x02, 0x40],
  LOOP = [0x03, 0x40],
  BR = 0x0c,
  BR_IF = 0x0d,
  END = 0x0b;
const SIMD = 0xfd;
const LOAD = [SIMD, 0x00, 2, 0],
  STORE = [SIMD, 0x0b, 2, 0];
const F32X4_SPLAT = [SIMD, 0x13],
  F32X4_SQRT = [SIMD, 0xe3, 0x01],
  F32X4_ADD = [SIMD, 0xe4, 0x01],
  F32X4_SUB = [SIMD, 0xe5, 0x01],
  F32X4_MUL = [SIMD, 0xe6, 0x01],
  F32X4_DIV = [SIMD, 0xe7, 0x01];
const F64X2_PROMOTE_LOW = [SIMD, 0x5f],
  F64X2_ADD = [SIMD, 0xf0, 0x01];
const extractF64 = (lane: number) => [SIMD, 0x21, lane];
/** Lanes 2, 3 of a v128 moved to 0, 1 (i8x16.shuffle of the value with itself). */
const HIGH_HALF = [SIMD, 0x0d, ...[2, 3, 0, 1].flatMap((l) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3])];

// Parameters: i32 0–7 (byte offsets, nBytes), f32 8–16 (scalars). Locals: i32 17 p; v128 18 W, 19 G,
// 20 M, 21 V, 22 acc (f64x2), 23–31 the scalars splatted, 32 T.
const [TH, MM, VV, GG, THO, MO, VO, N] = [0, 1, 2, 3, 4, 5, 6, 7];
const [P, W, G, M, V, ACC, T] = [17, 18, 19, 20, 21, 22, 32];
const splat = (k: number) => 23 + k; // k: 0 scale, 1 decay, 2 a, 3 bc2, 4 β1, 5 β2, 6 1−β1, 7 1−β2, 8 ε
const at = (base: number) => [GET, base, GET, P, I32_ADD];

const ADAM = (() => {
  const code = [
    ...Array.from({ length: 9 }, (_, k) => [GET, 8 + k, ...F32X4_SPLAT, SET, splat(k)]).flat(),
    ...BLOCK,
    ...LOOP,
    GET,
    P,
    GET,
    N,
    I32_GE_U,
    BR_IF,
    1,
    // G = g·scale + th·decay
    ...at(GG),
    ...LOAD,
    GET,
    splat(0),
    ...F32X4_MUL,
    ...at(TH),
    ...LOAD,
    TEE,
    W,
    GET,
    splat(1),
    ...F32X4_MUL,
    ...F32X4_ADD,
    SET,
    G,
    // M = m·β1 + G·(1 − β1)
    ...at(MM),
    ...LOAD,
    GET,
    splat(4),
    ...F32X4_MUL,
    GET,
    G,
    GET,
    splat(6),
    ...F32X4_MUL,
    ...F32X4_ADD,
    SET,
    M,
    // V = v·β2 + G·G·(1 − β2)
    ...at(VV),
    ...LOAD,
    GET,
    splat(5),
    ...F32X4_MUL,
    GET,
    G,
    GET,
    G,
    ...F32X4_MUL,
    GET,
    splat(7),
    ...F32X4_MUL,
    ...F32X4_ADD,
    SET,
    V,
    ...at(MO),
    GET,
    M,
    ...STORE,
    ...at(VO),
    GET,
    V,
    ...STORE,
    // th' = W − M·a / (√(V·bc2) + ε)
    ...at(THO),
    GET,
    W,
    GET,
    M,
    GET,
    splat(2),
    ...F32X4_MUL,
    GET,
    V,
    GET,
    splat(3),
    ...F32X4_MUL,
    ...F32X4_SQRT,
    GET,
    splat(8),
    ...F32X4_ADD,
    ...F32X4_DIV,
    ...F32X4_SUB,
    ...STORE,
    // acc += f64(W²) in two halves
    GET,
    W,
    GET,
    W,
    ...F32X4_MUL,
    TEE,
    T,
    ...F64X2_PROMOTE_LOW,
    GET,
    ACC,
    ...F64X2_ADD,
    GET,
    T,
    GET,
    T,
    ...HIGH_HALF,
    ...F64X2_PROMOTE_LOW,
    ...F64X2_ADD,
    SET,
    ACC,
    GET,
    P,
    I32_CONST,
    16,
    I32_ADD,
    SET,
    P,
    BR,
    0,
    END,
    END,
    GET,
    ACC,
    ...extractF64(0),
    GET,
    ACC,
    ...extractF64(1),
    F64_ADD,
    END,
  ];
  return [2, 1, 0x7f, 16, 0x7b, ...code]; // locals: 1 × i32, 16 × v128
})();

/** The module's bytes (exported for tests). It imports its memory as "m"."m". */
export const ADAM_WASM = new Uint8Array([
  0x00,
  0x61,
  0x73,
  0x6d,
  0x01,
  0x00,
  0x00,
  0x00,
  ...section(1, [1, 0x60, 17, ...new Array(8).fill(0x7f), ...new Array(9).fill(0x7d), 1, 0x7c]),
  ...section(2, [1, ...name('m'), ...name('m'), 0x02, 0x00, 1]), // memory, min 1 page, no max
  ...section(3, [1, 0]),
  ...section(7, [1, ...name('adam'), 0, 0]),
  ...section(10, [1, ...leb(ADAM.length), ...ADAM]),
]);

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
      f = (new WebAssembly.Instance(m, { m: { m: memory } }).exports as { adam: AdamFn }).adam;
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
