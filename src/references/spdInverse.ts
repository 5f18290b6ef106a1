/**
 * In-place inverse of a symmetric positive-definite matrix by the blocked sweep operator (symmetric
 * Gauss–Jordan without pivoting, which SPD matrices do not need). Only the upper triangle is read and
 * written, so one step's rank-`block` update costs n²·block multiply-adds instead of 2·n²·block. The
 * update runs as tf.matMul on the current tfjs backend (XNNPACK on WASM), in row strips so no n×n
 * tensor is ever allocated; small pivot blocks are inverted in float64 on the host.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Options of {@link invertSpdInPlace}. */
export interface SpdInverseOptions {
  /** Pivot block size (default 128). */
  block?: number;
  /** Rows per matMul strip (default 512). */
  strip?: number;
  /** Called after each pivot block with the finished fraction in [0,1]. */
  onProgress?: (fraction: number) => void;
  /** Checked between pivot blocks; aborting throws the signal's reason. */
  signal?: AbortSignal;
}

/** Lets a worker handle messages (cancel) between blocks. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Replaces the upper triangle of `a` (row-major n × n, float32; the lower triangle is ignored and left
 * as is) by the upper triangle of a⁻¹. Throws when a pivot block is not positive definite.
 */
export async function invertSpdInPlace(a: Float32Array, n: number, opts: SpdInverseOptions = {}): Promise<void> {
  if (a.length < n * n) throw new Error(`matrix has ${a.length} entries, expected ${n}×${n}`);
  const nb = Math.max(1, Math.min(opts.block ?? 128, n));
  const h = Math.max(1, opts.strip ?? 512);
  const panelT = new Float32Array(nb * n);
  const u = new Float32Array(n * nb);
  for (let k0 = 0; k0 < n; k0 += nb) {
    opts.signal?.throwIfAborted();
    const k1 = Math.min(n, k0 + nb);
    const w = k1 - k0;
    // panelT (w × n): row c = row k0+c of the symmetric matrix, read from the upper triangle.
    for (let c = 0; c < w; c++) {
      const r = k0 + c;
      const row = c * n;
      for (let i = 0; i < r; i++) panelT[row + i] = a[i * n + r];
      panelT.set(a.subarray(r * n + r, r * n + n), row + r);
    }
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
      const p = prod.dataSync() as Float32Array;
      prod.dispose();
      for (let i = r0; i < r1; i++) {
        const src = (i - r0) * width - r0;
        const dst = i * n;
        for (let j = i; j < n; j++) a[dst + j] -= p[src + j];
      }
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
 * In-place float64 inverse of a small symmetric positive-definite matrix (row-major n × n, full storage)
 * by the scalar sweep operator. `offset` only names the pivot's row in the error message.
 */
export function invertSpdSmall(m: Float64Array, n: number, offset = 0): void {
  for (let k = 0; k < n; k++) {
    const d = m[k * n + k];
    if (!(d > 0)) throw new Error(`matrix is not positive definite (pivot ${offset + k} is ${d})`);
    const inv = 1 / d;
    for (let i = 0; i < n; i++) {
      if (i === k) continue;
      const f = m[i * n + k] * inv;
      if (f === 0) continue;
      for (let j = 0; j < n; j++) if (j !== k) m[i * n + j] -= f * m[k * n + j];
    }
    for (let j = 0; j < n; j++) {
      if (j === k) continue;
      m[k * n + j] *= inv;
      m[j * n + k] *= inv;
    }
    m[k * n + k] = -inv;
  }
  for (let i = 0; i < n * n; i++) m[i] = -m[i];
}
