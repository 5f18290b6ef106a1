/**
 * A dense float32 item–item matrix B (n × n, EASE / EDLAE weights) and the sums of its rows over
 * sparse selections — the scores x·B of binary rows x. B lives in a WebAssembly memory of its own and
 * rows are summed by the SIMD row-scatter kernel (kernels/wasm/wasmScatterWide.ts), or in a plain
 * array summed in JS where WebAssembly SIMD is missing.
 */
import { scatterWideWasm } from '../kernels/wasm/wasmScatterWide';

/** Rows summed per block: the block's accumulators (BLOCK × ld floats) stay in cache while B streams. */
const BLOCK = 32;
/** (row, B row) pairs handed to the kernel per call. */
const PAIRS = 16_384;

/** B and its row sums. */
export interface DenseRows {
  /** Side of B. */
  readonly n: number;
  /** Row stride of `b` in floats (n rounded up to 4). */
  readonly ld: number;
  /** B, row-major n × ld (columns ≥ n are 0); write it before summing. */
  readonly b: Float32Array;
  /**
   * out[r·items + original[j]] = Σ_{e ∈ row r} B[compact[cols[e]], j] for rows r < count of a sparse
   * selection (entries start(r) .. end(r) − 1 of cols; items with compact −1 are skipped).
   * @returns count × items float32 (columns not in `original` are 0).
   */
  sumRows(
    count: number,
    start: (r: number) => number,
    end: (r: number) => number,
    cols: Int32Array,
    compact: Int32Array,
    original: ArrayLike<number>,
    items: number,
  ): Float32Array;
}

/** A zero B of side n, in a WebAssembly memory when the SIMD kernel runs here (and `wasm` is not false). */
export function denseRows(n: number, wasm = true): DenseRows {
  const ld = Math.ceil(n / 4) * 4;
  const floats = n * ld + BLOCK * ld + 3 * PAIRS;
  let memory: WebAssembly.Memory | null = null;
  let kernel: ReturnType<typeof scatterWideWasm> = null;
  try {
    if (wasm) memory = new WebAssembly.Memory({ initial: Math.ceil((floats * 4) / 65_536) });
    if (memory) kernel = scatterWideWasm(memory);
  } catch {
    memory = null;
  }
  if (!memory || !kernel) return withSums(n, ld, new Float32Array(n * ld), new Float32Array(BLOCK * ld), null);
  const buffer = memory.buffer;
  const at = { b: 0, acc: n * ld, dst: n * ld + BLOCK * ld, src: n * ld + BLOCK * ld + PAIRS, ones: n * ld + BLOCK * ld + 2 * PAIRS };
  const dst = new Int32Array(buffer, at.dst * 4, PAIRS);
  const src = new Int32Array(buffer, at.src * 4, PAIRS);
  new Float32Array(buffer, at.ones * 4, PAIRS).fill(1);
  const add = (pairs: number[]): void => {
    for (let from = 0; from < pairs.length; from += PAIRS) {
      const count = Math.min(PAIRS, pairs.length - from);
      for (let q = 0; q < count; q++) {
        const pair = pairs[from + q];
        src[q] = Math.floor(pair / BLOCK);
        dst[q] = pair % BLOCK;
      }
      kernel(at.acc * 4, at.dst * 4, at.src * 4, at.ones * 4, at.b * 4, count, ld * 4);
    }
  };
  return withSums(n, ld, new Float32Array(buffer, 0, n * ld), new Float32Array(buffer, at.acc * 4, BLOCK * ld), add);
}

/** DenseRows over `b`, with `add` (the kernel) or JS adding a block's sorted (B row · BLOCK + row) pairs into acc. */
function withSums(n: number, ld: number, b: Float32Array, acc: Float32Array, add: ((pairs: number[]) => void) | null): DenseRows {
  const addInJs = (pairs: number[]): void => {
    for (const pair of pairs) {
      const base = Math.floor(pair / BLOCK) * ld;
      const a = (pair % BLOCK) * ld;
      for (let j = 0; j < n; j++) acc[a + j] += b[base + j];
    }
  };
  const addPairs = add ?? addInJs;
  return {
    n,
    ld,
    b,
    sumRows(count, start, end, cols, compact, original, items) {
      const out = new Float32Array(count * items);
      const identity = n === items;
      const pairs: number[] = [];
      for (let r0 = 0; r0 < count; r0 += BLOCK) {
        const r1 = Math.min(count, r0 + BLOCK);
        pairs.length = 0;
        for (let r = r0; r < r1; r++) {
          for (let e = start(r); e < end(r); e++) {
            const c = compact[cols[e]];
            if (c >= 0) pairs.push(c * BLOCK + (r - r0));
          }
        }
        pairs.sort((x, y) => x - y); // B row by B row, so each is read once per block
        acc.fill(0);
        addPairs(pairs);
        for (let r = r0; r < r1; r++) {
          const a = (r - r0) * ld;
          const o = r * items;
          if (identity) out.set(acc.subarray(a, a + n), o);
          else for (let j = 0; j < n; j++) out[o + original[j]] = acc[a + j];
        }
      }
      return out;
    },
  };
}
