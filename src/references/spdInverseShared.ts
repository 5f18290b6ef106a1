/**
 * The blocked SPD sweep of spdInverse.ts on its own WebAssembly kernels (kernels/wasm/sharedGemm.ts)
 * in a shared memory: per pivot block, the float64 pivot inverse (sweep), U = A[:,K]·P and the
 * upper-triangle update A ← A − U·A[K,:] (gemm, 4 × 8 SIMD tiles), the products' rows split between
 * this thread and the helper thread when there is one. Same results as the tf.matMul route up to
 * float32 rounding.
 */
import type { SharedGemm } from '../kernels/wasm/sharedGemm';

/** Float offsets of the matrices in the shared memory, and the bytes they need. */
export interface SpdLayout {
  /** Row stride of A, the pivot rows and P·A[K,:]: n rounded up to 8 (gemm writes whole 8-column blocks). */
  ld: number;
  /** A (n × ld), the pivot rows A[K,:] (nb × ld), their packed form, P·A[K,:] (nb × ld), U (n × nb), P in f32 (nb × nb). */
  a: number;
  panelT: number;
  packed: number;
  uT: number;
  u: number;
  p32: number;
  /** Float64 offsets: the pivot block (nb × nb) and the sweep's scratch row (nb). */
  pivot64: number;
  row64: number;
  bytes: number;
}

/** The shared-memory layout for an n × n matrix swept in blocks of nb. */
export function spdLayout(n: number, nb: number): SpdLayout {
  const ld = Math.ceil(n / 8) * 8;
  const a = 0;
  const panelT = a + n * ld;
  const packed = panelT + nb * ld;
  const uT = packed + ld * nb;
  const u = uT + nb * ld;
  const p32 = u + n * nb;
  const end32 = p32 + nb * nb;
  const pivot64 = Math.ceil(end32 / 2);
  const row64 = pivot64 + nb * nb;
  return { ld, a, panelT, packed, uT, u, p32, pivot64, row64, bytes: (row64 + nb) * 8 };
}

/**
 * Rows k0 .. k0 + w − 1 of a symmetric n × n matrix A, read from its upper triangle (`src` from offset
 * `from`, row stride ld), into w rows of `dst` from offset `to` with the same stride:
 * dst[to + c·ld + i] = A[k0 + c, i] for i < n.
 */
export function pivotRows(
  src: Float32Array,
  from: number,
  ld: number,
  n: number,
  k0: number,
  w: number,
  dst: Float32Array,
  to: number,
): void {
  for (let c = 0; c < w; c++) {
    const r = k0 + c;
    const row = to + c * ld;
    for (let i = 0; i < r; i++) dst[row + i] = src[from + i * ld + r];
    dst.set(src.subarray(from + r * ld + r, from + r * ld + n), row + r);
  }
}

/** Row where the upper triangle of an n × n matrix splits into two halves of equal area. */
const halfAreaRow = (n: number): number => Math.round(n * (1 - Math.SQRT1_2));

/**
 * Replaces the upper triangle of `a` (row-major n × n; the lower triangle is left as is) by that of
 * a⁻¹, sweeping blocks of nb with the kernels `sk` (its memory holds at least spdLayout(n, nb).bytes).
 */
export async function invertSpdShared(
  a: Float32Array,
  n: number,
  nb: number,
  sk: SharedGemm,
  opts: { onProgress?: (fraction: number) => void; signal?: AbortSignal },
): Promise<void> {
  const L = spdLayout(n, nb);
  const f = new Float32Array(sk.memory.buffer);
  const d = new Float64Array(sk.memory.buffer);
  const { pack, sweep } = sk.kernels;
  const split = sk.split;
  const ld = L.ld;
  for (let i = 0; i < n; i++) f.set(a.subarray(i * n + i, i * n + n), L.a + i * ld + i);
  for (let k0 = 0; k0 < n; k0 += nb) {
    opts.signal?.throwIfAborted();
    const k1 = Math.min(n, k0 + nb);
    const w = k1 - k0;
    pivotRows(f, L.a, ld, n, k0, w, f, L.panelT);
    for (let c = 0; c < w; c++) for (let e = 0; e < w; e++) d[L.pivot64 + c * w + e] = f[L.panelT + c * ld + k0 + e];
    const bad = sweep(L.pivot64 * 8, w, L.row64 * 8);
    if (bad >= 0) throw new Error(`matrix is not positive definite (pivot ${k0 + bad} is ${d[L.pivot64 + bad * w + bad]})`);
    for (let e = 0; e < w * w; e++) f[L.p32 + e] = d[L.pivot64 + e];
    pack(L.panelT * 4, ld, w, n, L.packed * 4);
    // uT = P · panelT (w × n), i.e. U = A[:,K]·P; P's rows split in two.
    await split(w, w >> 1, (r0, r1) => [L.uT * 4, ld, L.p32 * 4, w, L.packed * 4, w, n, r0, r1, false, false]);
    for (let c = 0; c < w; c++) for (let i = 0; i < n; i++) f[L.u + i * w + c] = f[L.uT + c * ld + i];
    // A ← A − U·A[K,:] on the upper triangle (entries left of the diagonal in its 8-blocks get garbage).
    await split(n, halfAreaRow(n), (r0, r1) => [L.a * 4, ld, L.u * 4, w, L.packed * 4, w, n, r0, r1, true, true]);
    // Swept block: A_JK ← A_JK·P, A_KJ ← P·A_KJ, A_KK ← −P (upper triangle only).
    for (let i = 0; i < k0; i++) for (let c = 0; c < w; c++) f[L.a + i * ld + k0 + c] = f[L.u + i * w + c];
    for (let c = 0; c < w; c++) {
      const row = L.a + (k0 + c) * ld;
      for (let j = k1; j < n; j++) f[row + j] = f[L.u + j * w + c];
      for (let e = c; e < w; e++) f[row + k0 + e] = -d[L.pivot64 + c * w + e];
    }
    opts.onProgress?.(k1 / n);
    await new Promise((resolve) => setTimeout(resolve, 0)); // lets a worker handle messages (cancel)
  }
  // Sweeping every index leaves −A⁻¹; only the upper triangle goes back.
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) a[i * n + j] = -f[L.a + i * ld + j];
}
