/**
 * Two small hand-assembled WebAssembly SIMD kernels for the output layer's backward pass on the WASM
 * backend (Seed preset: 10 → items, sigmoid, MSE against the sparse target):
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

import { leb, name, section } from './wasmBytes';

// Opcodes.
const GET = 0x20,
  SET = 0x21,
  TEE = 0x22,
  SELECT = 0x1b,
  I32_CONST = 0x41;
const I32_LT_S = 0x48,
  I32_LT_U = 0x49,
  I32_GE_S = 0x4e,
  I32_GE_U = 0x4f,
  I32_ADD = 0x6a,
  I32_MUL = 0x6c,
  I32_SHL = 0x74,
  F64_ADD = 0xa0;
const BLOCK = [0x02, 0x40],
  LOOP = [0x03, 0x40],
  BR = 0x0c,
  BR_IF = 0x0d,
  END = 0x0b;
const SIMD = 0xfd;
const load = (offset = 0) => [SIMD, 0x00, 2, ...leb(offset)]; // align 2^2 (a hint)
const store = (offset = 0) => [SIMD, 0x0b, 2, ...leb(offset)];
const loadSplat = (offset = 0) => [SIMD, 0x09, 2, ...leb(offset)]; // v128.load32_splat
const V128_ZERO = [SIMD, 0x0c, ...new Array(16).fill(0)];
const F32X4_ADD = [SIMD, 0xe4, 0x01],
  F32X4_SUB = [SIMD, 0xe5, 0x01],
  F32X4_MUL = [SIMD, 0xe6, 0x01];
const F64X2_PROMOTE_LOW = [SIMD, 0x5f],
  F64X2_ADD = [SIMD, 0xf0, 0x01];
const extractF64 = (lane: number) => [SIMD, 0x21, lane];
/** i8x16.shuffle picking f32 lanes (0–3 from the first operand, 4–7 from the second). */
const shuffle = (lanes: number[]) => [SIMD, 0x0d, ...lanes.flatMap((l) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3])];

/** while (x < limit) { body; x += step } with signed compare (x, limit locals; step instructions). */
const whileLt = (x: number, limit: number, step: number[], body: number[]) => [
  ...BLOCK,
  ...LOOP,
  GET,
  x,
  GET,
  limit,
  I32_GE_S,
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

// mse(y, dz, nBytes) -> f64. Locals: i32 3 p, 4 end; v128 5 r, 6 t, 7 acc (f32x4), 8–9 loss (f64x2).
const MSE = (() => {
  const Y = 0,
    DZ = 1,
    N = 2,
    p = 3,
    end = 4,
    r = 5,
    t = 6,
    acc = 7,
    d = 8;
  const code = [
    ...BLOCK,
    ...LOOP, // runs of 64 chunks (256 values): f32 lane sums of ≤ 64 values, then into f64
    GET,
    p,
    GET,
    N,
    I32_GE_U,
    BR_IF,
    1,
    GET,
    p,
    I32_CONST,
    ...leb(1024),
    I32_ADD,
    TEE,
    end,
    GET,
    N,
    GET,
    end,
    GET,
    N,
    I32_LT_U,
    SELECT,
    SET,
    end,
    ...V128_ZERO,
    SET,
    acc,
    ...LOOP, // do … while (p < end)
    GET,
    Y,
    GET,
    p,
    I32_ADD,
    ...load(),
    TEE,
    r,
    GET,
    r,
    ...F32X4_MUL,
    TEE,
    t,
    GET,
    acc,
    ...F32X4_ADD,
    SET,
    acc,
    GET,
    DZ,
    GET,
    p,
    I32_ADD,
    GET,
    t,
    GET,
    t,
    GET,
    r,
    ...F32X4_MUL,
    ...F32X4_SUB,
    ...store(),
    GET,
    p,
    I32_CONST,
    16,
    I32_ADD,
    TEE,
    p,
    GET,
    end,
    I32_LT_U,
    BR_IF,
    0,
    END,
    GET,
    d,
    GET,
    acc,
    ...F64X2_PROMOTE_LOW,
    ...F64X2_ADD,
    SET,
    d,
    GET,
    d + 1,
    GET,
    acc,
    GET,
    acc,
    ...shuffle([2, 3, 0, 1]),
    ...F64X2_PROMOTE_LOW,
    ...F64X2_ADD,
    SET,
    d + 1,
    BR,
    0,
    END,
    END,
    GET,
    d,
    ...extractF64(0),
    GET,
    d,
    ...extractF64(1),
    F64_ADD,
    GET,
    d + 1,
    ...extractF64(0),
    GET,
    d + 1,
    ...extractF64(1),
    F64_ADD,
    F64_ADD,
    END,
  ];
  return [2, 2, 0x7f, 5, 0x7b, ...code]; // locals: 2 × i32, 5 × v128
})();

/** Hidden width of the wide-gradient kernel (the Seed preset's last hidden layer). */
export const WIDE_GRAD_H = 10;

// wg(dz, a, g, B, I, I4, tile). Locals: i32 7 i, 8 b, 9 p, 10 q, 11 s (row bytes), 12 r, 13 t0,
// 14 tEnd; v128 15–25 the 11 sums, 26 d.
const WG = (() => {
  const H = WIDE_GRAD_H;
  const DZ = 0,
    A = 1,
    G = 2,
    NB = 3,
    NI = 4,
    I4 = 5,
    TILE = 6;
  const i = 7,
    b = 8,
    p = 9,
    q = 10,
    s = 11,
    r = 12,
    t0 = 13,
    tEnd = 14,
    ACC = 15,
    D = 26;
  const row = (j: number) => (j === 0 ? [GET, r] : [GET, r, GET, s, I32_CONST, j, I32_MUL, I32_ADD]); // r + j·s
  const code = [
    GET,
    NI,
    I32_CONST,
    2,
    I32_SHL,
    SET,
    s,
    ...whileLt(
      t0,
      NB,
      [GET, TILE],
      [
        // row tiles [t0, tEnd)
        GET,
        t0,
        GET,
        TILE,
        I32_ADD,
        TEE,
        tEnd,
        GET,
        NB,
        GET,
        tEnd,
        GET,
        NB,
        I32_LT_S,
        SELECT,
        SET,
        tEnd, // min(t0 + tile, B)
        I32_CONST,
        0,
        SET,
        i,
        ...whileLt(
          i,
          I4,
          [I32_CONST, 4],
          [
            // 4-column chunks
            GET,
            G,
            GET,
            i,
            I32_CONST,
            2,
            I32_SHL,
            I32_ADD,
            SET,
            r,
            ...Array.from({ length: H + 1 }, (_, j) => [...row(j), ...load(), SET, ACC + j]).flat(),
            GET,
            DZ,
            GET,
            t0,
            GET,
            NI,
            I32_MUL,
            GET,
            i,
            I32_ADD,
            I32_CONST,
            2,
            I32_SHL,
            I32_ADD,
            SET,
            p,
            GET,
            A,
            GET,
            t0,
            I32_CONST,
            4 * H,
            I32_MUL,
            I32_ADD,
            SET,
            q,
            GET,
            t0,
            SET,
            b,
            ...whileLt(
              b,
              tEnd,
              [I32_CONST, 1],
              [
                GET,
                p,
                ...load(),
                TEE,
                D,
                GET,
                ACC + H,
                ...F32X4_ADD,
                SET,
                ACC + H,
                ...Array.from({ length: H }, (_, j) => [
                  GET,
                  ACC + j,
                  GET,
                  D,
                  GET,
                  q,
                  ...loadSplat(4 * j),
                  ...F32X4_MUL,
                  ...F32X4_ADD,
                  SET,
                  ACC + j,
                ]).flat(),
                GET,
                p,
                GET,
                s,
                I32_ADD,
                SET,
                p,
                GET,
                q,
                I32_CONST,
                4 * H,
                I32_ADD,
                SET,
                q,
              ],
            ),
            ...Array.from({ length: H + 1 }, (_, j) => [...row(j), GET, ACC + j, ...store()]).flat(),
          ],
        ),
      ],
    ),
    END,
  ];
  return [2, 8, 0x7f, 12, 0x7b, ...code]; // locals: 8 × i32, 12 × v128
})();

/** The module's bytes (exported for tests). It imports its memory as "m"."m". */
export const OUTPUT_GRAD_WASM = new Uint8Array([
  0x00,
  0x61,
  0x73,
  0x6d,
  0x01,
  0x00,
  0x00,
  0x00,
  ...section(1, [2, 0x60, 3, 0x7f, 0x7f, 0x7f, 1, 0x7c, 0x60, 7, ...new Array(7).fill(0x7f), 0]),
  ...section(2, [1, ...name('m'), ...name('m'), 0x02, 0x00, 1]), // memory, min 1 page, no max
  ...section(3, [2, 0, 1]),
  ...section(7, [2, ...name('mse'), 0, 0, ...name('wg'), 0, 1]),
  ...section(10, [2, ...leb(MSE.length), ...MSE, ...leb(WG.length), ...WG]),
]);

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
      k = new WebAssembly.Instance(m, { m: { m: memory } }).exports as unknown as Kernels;
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
