/**
 * In-place inverse of a symmetric positive-definite matrix by the blocked sweep operator (symmetric
 * Gauss–Jordan without pivoting, which SPD matrices do not need). Only the upper triangle is read and
 * written, so one step's rank-`block` update costs n²·block/2 multiply-adds instead of n²·block.
 * Two routes to the same result:
 * - 'wasm': our SIMD kernels in a shared WebAssembly memory, rows split over two threads
 *   (spdInverseShared.ts) — where WebAssembly SIMD and shared memory exist (Node; a cross-origin
 *   isolated page or worker);
 * - 'tfjs': the update as tf.matMul on the current tfjs backend, in row strips so no n×n tensor is
 *   ever allocated (on WASM its products are read in place in the heap); pivot blocks inverted in
 *   float64 on the host.
 */
import * as tf from '@tensorflow/tfjs-core';
import { wasmView } from '../backends/tfjsInternals';
import { openSharedGemm } from '../kernels/wasm/sharedGemm';
import { invertSpdShared, pivotRows, spdLayout } from './spdInverseShared';

/** Options of {@link invertSpdInPlace}. */
export interface SpdInverseOptions {
  /** 'wasm' (own kernels, shared memory), 'tfjs' (tf.matMul) or 'auto' (default: 'wasm' where it runs). */
  route?: 'auto' | 'wasm' | 'tfjs';
  /** Threads of the 'wasm' route: 2 (default; 1 where no helper thread starts) or 1. */
  threads?: 1 | 2;
  /** Pivot block size (default 256 on 'wasm', 384 on 'tfjs', where tf.matMul nears its peak from K ≈ 256). */
  block?: number;
  /** Rows per matMul strip of the 'tfjs' route (default 512). */
  strip?: number;
  /** Called after each pivot block with the finished fraction in [0,1]. */
  onProgress?: (fraction: number) => void;
  /** Checked between pivot blocks; aborting throws the signal's reason. */
  signal?: AbortSignal;
}

/** How an inverse was computed: the route and the threads it ran on. */
export interface SpdSolver {
  route: 'wasm' | 'tfjs';
  threads: number;
}

/** A solver in words, e.g. "WebAssembly SIMD, 2 threads" or "tf.matMul (wasm)". */
export function solverLabel(s: SpdSolver): string {
  return s.route === 'wasm' ? `WebAssembly SIMD, ${s.threads} thread${s.threads === 1 ? '' : 's'}` : `tf.matMul (${tf.getBackend()})`;
}

/** Lets a worker handle messages (cancel) between blocks. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** A float32 tensor's values: on WASM a view into the heap (valid until the next allocation), else a copy. */
const hostValues = (t: tf.Tensor): Float32Array => (tf.getBackend() === 'wasm' ? wasmView(tf.backend(), t) : t.dataSync()) as Float32Array;

/**
 * Replaces the upper triangle of `a` (row-major n × n, float32; the lower triangle is ignored and left
 * as is) by the upper triangle of a⁻¹; resolves to the route and threads used. Throws when a pivot
 * block is not positive definite; the route 'wasm' throws where it cannot run.
 */
export async function invertSpdInPlace(a: Float32Array, n: number, opts: SpdInverseOptions = {}): Promise<SpdSolver> {
  if (a.length < n * n) throw new Error(`matrix has ${a.length} entries, expected ${n}×${n}`);
  const route = opts.route ?? 'auto';
  if (route !== 'tfjs') {
    const nb = Math.max(1, Math.min(opts.block ?? 256, n));
    const kernels = openSharedGemm(spdLayout(n, nb).bytes, opts.threads ?? 2);
    if (kernels) {
      try {
        await kernels.ready;
        await invertSpdShared(a, n, nb, kernels, opts);
        return { route: 'wasm', threads: kernels.threads() };
      } finally {
        kernels.close();
      }
    }
    if (route === 'wasm') throw new Error('the WebAssembly SPD route needs WebAssembly SIMD and shared memory');
  }
  await invertSpdWithTfjs(a, n, opts);
  return { route: 'tfjs', threads: 1 };
}

/** The 'tfjs' route of {@link invertSpdInPlace}. */
async function invertSpdWithTfjs(a: Float32Array, n: number, opts: SpdInverseOptions): Promise<void> {
  const nb = Math.max(1, Math.min(opts.block ?? 384, n));
  const h = Math.max(1, opts.strip ?? 512);
  const panelT = new Float32Array(nb * n);
  const u = new Float32Array(n * nb);
  for (let k0 = 0; k0 < n; k0 += nb) {
    opts.signal?.throwIfAborted();
    const k1 = Math.min(n, k0 + nb);
    const w = k1 - k0;
    pivotRows(a, 0, n, n, k0, w, panelT, 0);
    const pivot = new Float64Array(w * w);
    for (let c = 0; c < w; c++) for (let d = 0; d < w; d++) pivot[c * w + d] = panelT[c * n + k0 + d];
    invertSpdSmall(pivot, w, k0);
    // uT = P · panelT (w × n), i.e. U = A[:,K]·P.
    const uT = tf.tidy(() => tf.matMul(tf.tensor2d(Float32Array.from(pivot), [w, w]), tf.tensor2d(panelT.subarray(0, w * n), [w, n])));
    const uTData = uT.dataSync() as Float32Array;
    uT.dispose();
    for (let c = 0; c < w; c++) for (let i = 0; i < n; i++) u[i * w + c] = uTData[c * n + i];
    const panelTensor = tf.tensor2d(panelT.subarray(0, w * n), [w, n]);
    // A ← A − U·A[K,:] on the upper triangle, strip by strip (columns from the strip's first row on).
    for (let r0 = 0; r0 < n; r0 += h) {
      const r1 = Math.min(n, r0 + h);
      const width = n - r0;
      const prod = tf.tidy(() =>
        tf.matMul(tf.tensor2d(u.subarray(r0 * w, r1 * w), [r1 - r0, w]), tf.slice(panelTensor, [0, r0], [w, width])),
      );
      const p = hostValues(prod);
      for (let i = r0; i < r1; i++) {
        const src = (i - r0) * width - r0;
        const dst = i * n;
        for (let j = i; j < n; j++) a[dst + j] -= p[src + j];
      }
      prod.dispose();
    }
    panelTensor.dispose();
    // Swept block: A_JK ← A_JK·P, A_KJ ← P·A_KJ, A_KK ← −P (upper triangle only).
    for (let i = 0; i < k0; i++) for (let c = 0; c < w; c++) a[i * n + k0 + c] = u[i * w + c];
    for (let c = 0; c < w; c++) {
      const row = (k0 + c) * n;
      for (let j = k1; j < n; j++) a[row + j] = u[j * w + c];
      for (let d = c; d < w; d++) a[row + k0 + d] = -pivot[c * w + d];
    }
    opts.onProgress?.(k1 / n);
    await yieldToEventLoop();
  }
  // Sweeping every index leaves −A⁻¹.
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) a[i * n + j] = -a[i * n + j];
}

/**
 * In-place float64 inverse of a small symmetric positive-definite matrix (row-major n × n, full storage
 * in and out) by the scalar sweep operator on the upper triangle (n³/2 multiply-adds), mirrored at the
 * end. `offset` only names the pivot's row in the error message.
 */
export function invertSpdSmall(m: Float64Array, n: number, offset = 0): void {
  const r = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const d = m[k * n + k];
    if (!(d > 0)) throw new Error(`matrix is not positive definite (pivot ${offset + k} is ${d})`);
    const inv = 1 / d;
    // r = row k of the symmetric matrix, from the upper triangle.
    for (let j = 0; j < k; j++) r[j] = m[j * n + k];
    for (let j = k; j < n; j++) r[j] = m[k * n + j];
    for (let i = 0; i < n; i++) {
      if (i === k) continue;
      const f = r[i] * inv;
      const row = i * n;
      // Column k is overwritten below, so it is not skipped here.
      for (let j = i; j < n; j++) m[row + j] -= f * r[j];
    }
    for (let j = 0; j < k; j++) m[j * n + k] = r[j] * inv;
    for (let j = k + 1; j < n; j++) m[k * n + j] = r[j] * inv;
    m[k * n + k] = -inv;
  }
  // Sweeping every index leaves −m⁻¹ in the upper triangle.
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const v = -m[i * n + j];
      m[i * n + j] = v;
      m[j * n + i] = v;
    }
  }
}
