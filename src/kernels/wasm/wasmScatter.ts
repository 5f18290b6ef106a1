/**
 * A tiny hand-assembled WebAssembly SIMD kernel for RecsysScatterRows with H = 10 (the Seed preset's
 * first layer): o[d[e]·10 + h] += v[e] · x[s[e]·10 + h], lanes 0–7 as two f32x4, lanes 8–9 scalar.
 * It runs in its own memory (inputs copied in, the output copied out) and is compiled synchronously
 * (≈200 bytes, under every engine's synchronous-compile limit). Unavailable (null) where
 * WebAssembly or its SIMD is missing; callers fall back to JS. Like the JS H = 10 path it does not
 * skip zero values (exact zeros for finite x). ≈4× the unrolled JS loop per 40k-entry batch on V8,
 * copies included.
 */

import { leb, name, section } from './wasmBytes';

// Opcodes.
const GET = 0x20,
  SET = 0x21,
  TEE = 0x22,
  I32_LOAD = 0x28,
  F32_LOAD = 0x2a,
  F32_STORE = 0x38,
  I32_CONST = 0x41;
const I32_EQZ = 0x45,
  I32_LT_U = 0x49,
  I32_ADD = 0x6a,
  I32_MUL = 0x6c,
  F32_ADD = 0x92,
  F32_MUL = 0x94;
const SIMD = 0xfd,
  V128_LOAD = [SIMD, 0x00],
  V128_STORE = [SIMD, 0x0b],
  F32X4_SPLAT = [SIMD, 0x13];
const F32X4_ADD = [SIMD, 0xe4, 0x01],
  F32X4_MUL = [SIMD, 0xe6, 0x01];
const BLOCK = [0x02, 0x40],
  LOOP = [0x03, 0x40],
  BR_IF = 0x0d,
  END = 0x0b;

// s10(nBytes, dP, sP, vP, xP, oP); locals: 6 i, 7 oa, 8 xa, 9 vv (v128), 10 ve (f32).
const N = 0,
  DP = 1,
  SP = 2,
  VP = 3,
  XP = 4,
  OP = 5,
  I = 6,
  OA = 7,
  XA = 8,
  VV = 9,
  VE = 10;
const vecLanes = (off: number) => [
  GET,
  OA,
  GET,
  OA,
  ...V128_LOAD,
  2,
  off,
  GET,
  VV,
  GET,
  XA,
  ...V128_LOAD,
  2,
  off,
  ...F32X4_MUL,
  ...F32X4_ADD,
  ...V128_STORE,
  2,
  off,
];
const lane = (off: number) => [GET, OA, GET, OA, F32_LOAD, 2, off, GET, VE, GET, XA, F32_LOAD, 2, off, F32_MUL, F32_ADD, F32_STORE, 2, off];
const code = [
  ...BLOCK,
  GET,
  N,
  I32_EQZ,
  BR_IF,
  0,
  ...LOOP,
  GET,
  OP,
  GET,
  DP,
  GET,
  I,
  I32_ADD,
  I32_LOAD,
  2,
  0,
  I32_CONST,
  40,
  I32_MUL,
  I32_ADD,
  SET,
  OA,
  GET,
  XP,
  GET,
  SP,
  GET,
  I,
  I32_ADD,
  I32_LOAD,
  2,
  0,
  I32_CONST,
  40,
  I32_MUL,
  I32_ADD,
  SET,
  XA,
  GET,
  VP,
  GET,
  I,
  I32_ADD,
  F32_LOAD,
  2,
  0,
  TEE,
  VE,
  ...F32X4_SPLAT,
  SET,
  VV,
  ...vecLanes(0),
  ...vecLanes(16),
  ...lane(32),
  ...lane(36),
  GET,
  I,
  I32_CONST,
  4,
  I32_ADD,
  TEE,
  I,
  GET,
  N,
  I32_LT_U,
  BR_IF,
  0,
  END,
  END,
  END,
];
const body = [3, 3, 0x7f, 1, 0x7b, 1, 0x7d, ...code]; // locals: 3 × i32, 1 × v128, 1 × f32
/** The module's bytes (exported for tests). */
export const SCATTER10_WASM = new Uint8Array([
  0x00,
  0x61,
  0x73,
  0x6d,
  0x01,
  0x00,
  0x00,
  0x00,
  ...section(1, [1, 0x60, 6, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0]),
  ...section(3, [1, 0]),
  ...section(5, [1, 0, 1]),
  ...section(7, [2, ...name('mem'), 2, 0, ...name('s10'), 0, 0]),
  ...section(10, [1, ...leb(body.length), ...body]),
]);

interface Scatter10 {
  mem: WebAssembly.Memory;
  s10(nBytes: number, dP: number, sP: number, vP: number, xP: number, oP: number): void;
}

let instance: Scatter10 | null | undefined;

function load(): Scatter10 | null {
  if (instance !== undefined) return instance;
  instance = null;
  try {
    if (typeof WebAssembly === 'object' && WebAssembly.validate(SCATTER10_WASM)) {
      instance = new WebAssembly.Instance(new WebAssembly.Module(SCATTER10_WASM)).exports as unknown as Scatter10;
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
