/**
 * A hand-assembled WebAssembly SIMD kernel for RecsysScatterRows (host/hostKernels.ts) on the WASM
 * backend when the row width H is a multiple of 4 (Mult-DAE's 600-unit first layer), working in place
 * in tfjs-backend-wasm's own memory:
 *
 * `sc(o, d, s, v, x, n, hBytes)`: for e < n, o[d[e], :] += v[e]·x[s[e], :] over rows of hBytes / 4
 * float32 values, 4 lanes at a time (o zeroed by the caller; d, s int32; v, x float32).
 * Compiled synchronously, instantiated once per memory; unavailable (callers use the JS loop) without
 * WebAssembly SIMD or an importable memory.
 */
import { leb, name, section } from './wasmBytes';

const GET = 0x20,
  SET = 0x21,
  I32_ADD = 0x6a,
  I32_MUL = 0x6c,
  I32_GE_U = 0x4f,
  I32_CONST = 0x41,
  I32_LOAD = [0x28, 2, 0],
  F32_LOAD = [0x2a, 2, 0];
const BLOCK = [0x02, 0x40],
  LOOP = [0x03, 0x40],
  BR = 0x0c,
  BR_IF = 0x0d,
  END = 0x0b;
const SIMD = 0xfd;
const LOAD = [SIMD, 0x00, 2, 0],
  STORE = [SIMD, 0x0b, 2, 0];
const F32X4_SPLAT = [SIMD, 0x13],
  F32X4_ADD = [SIMD, 0xe4, 0x01],
  F32X4_MUL = [SIMD, 0xe6, 0x01];

// Parameters (i32): 0 o, 1 d, 2 s, 3 v, 4 x, 5 n, 6 hBytes. Locals: i32 7 e4 (4·e), 8 end (4·n),
// 9 orow, 10 srow, 11 h; v128 12 ve.
const [O, D, S, V, X, N, HB] = [0, 1, 2, 3, 4, 5, 6];
const [E4, END4, OROW, SROW, H, VE] = [7, 8, 9, 10, 11, 12];
const whileLtU = (x: number, limit: number, step: number[], body: number[]) => [
  ...BLOCK,
  ...LOOP,
  GET,
  x,
  GET,
  limit,
  I32_GE_U,
  BR_IF,
  1,
  ...body,
  GET,
  x,
  ...step,
  I32_ADD,
  SET,
  x,
  BR,
  0,
  END,
  END,
];
/** base + i32.load(arr + e4)·hBytes */
const rowAddr = (base: number, arr: number) => [GET, base, GET, arr, GET, E4, I32_ADD, ...I32_LOAD, GET, HB, I32_MUL, I32_ADD];

const SC = (() => {
  const at = (row: number) => [GET, row, GET, H, I32_ADD];
  const code = [
    GET,
    N,
    I32_CONST,
    4,
    I32_MUL,
    SET,
    END4,
    ...whileLtU(
      E4,
      END4,
      [I32_CONST, 4],
      [
        ...rowAddr(O, D),
        SET,
        OROW,
        ...rowAddr(X, S),
        SET,
        SROW,
        GET,
        V,
        GET,
        E4,
        I32_ADD,
        ...F32_LOAD,
        ...F32X4_SPLAT,
        SET,
        VE,
        I32_CONST,
        0,
        SET,
        H,
        ...whileLtU(
          H,
          HB,
          [I32_CONST, 16],
          [...at(OROW), ...at(OROW), ...LOAD, ...at(SROW), ...LOAD, GET, VE, ...F32X4_MUL, ...F32X4_ADD, ...STORE],
        ),
      ],
    ),
    END,
  ];
  return [2, 5, 0x7f, 1, 0x7b, ...code]; // locals: 5 × i32, 1 × v128
})();

/** The module's bytes (exported for tests). It imports its memory as "m"."m". */
export const SCATTER_WIDE_WASM = new Uint8Array([
  0x00,
  0x61,
  0x73,
  0x6d,
  0x01,
  0x00,
  0x00,
  0x00,
  ...section(1, [1, 0x60, 7, ...new Array(7).fill(0x7f), 0]),
  ...section(2, [1, ...name('m'), ...name('m'), 0x02, 0x00, 1]), // memory, min 1 page, no max
  ...section(3, [1, 0]),
  ...section(7, [1, ...name('sc'), 0, 0]),
  ...section(10, [1, ...leb(SC.length), ...SC]),
]);

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
      f = (new WebAssembly.Instance(m, { m: { m: memory } }).exports as { sc: ScatterFn }).sc;
    } catch {
      f = null;
    }
  }
  instances.set(memory, f);
  return f;
}
