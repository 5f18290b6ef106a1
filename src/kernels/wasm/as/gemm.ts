// AssemblyScript source of the shared-memory kernels (sharedGemm.ts): an f32 matrix product and the
// float64 sweep of a pivot block of the blocked SPD inverse, working in a shared memory (imported) on byte offsets
// of row-major matrices, so that two threads can each compute a range of rows of the same product.
// Compiled by `npm run build:wasm` into ../wasmModules.generated.ts; not part of the TypeScript program.

/** Columns per packed block of B (two f32x4). */
const NR: i32 = 8;
/** Rows of C per pass over the packed blocks (their A rows, mc × k, stay in L2 meanwhile). */
const MC: i32 = 64;

/**
 * Packs B (k × n, row stride ldb floats) into column blocks of 8, block-major: block jb holds
 * B[p, 8jb .. 8jb + 7] for p = 0 .. k − 1 (32 bytes each), the last block zero-padded. Writes
 * ⌈n/8⌉·8·k floats at `out`.
 */
export function pack(b: usize, ldb: i32, k: i32, n: i32, out: usize): void {
  const blocks = (n + NR - 1) / NR;
  let dst = out;
  for (let jb = 0; jb < blocks; jb++) {
    const j0 = jb * NR;
    const full = j0 + NR <= n;
    for (let p = 0; p < k; p++) {
      const src = b + ((<usize>p * <usize>ldb + <usize>j0) << 2);
      if (full) {
        v128.store(dst, v128.load(src, 0, 4), 0, 4);
        v128.store(dst, v128.load(src, 16, 4), 16, 4);
      } else {
        for (let j = 0; j < NR; j++) store<f32>(dst + ((<usize>j) << 2), j0 + j < n ? load<f32>(src + ((<usize>j) << 2)) : 0);
      }
      dst += 32;
    }
  }
}

/**
 * C[i, j] (=, or −= when `subtract`) Σ_p A[i, p]·B[p, j] for rows r0 ≤ i < r1 and all n columns, with
 * B packed by {@link pack} (k rows). A is row-major with stride lda floats, C with stride ldc ≥ 8⌈n/8⌉:
 * whole 8-column blocks are written, so the padding columns n .. 8⌈n/8⌉ − 1 get 0 (or lose 0). With
 * `upper`, a row's columns left of the 8-block where its pass of 64 rows starts are not computed (an
 * upper-triangle update; callers ignore the entries left of the diagonal that are written).
 * 4 × 8 register tiles: per p, two loads of B, four splats of A, eight multiply-adds.
 */
export function gemm(
  c: usize,
  ldc: i32,
  a: usize,
  lda: i32,
  bp: usize,
  k: i32,
  n: i32,
  r0: i32,
  r1: i32,
  upper: bool,
  subtract: bool,
): void {
  const blocks = (n + NR - 1) / NR;
  const ldaB = (<usize>lda) << 2;
  const blockBytes = (<usize>k) << 5;
  for (let i0 = r0; i0 < r1; i0 += MC) {
    const i1 = min(i0 + MC, r1);
    for (let jb = upper ? i0 / NR : 0; jb < blocks; jb++) {
      const j0 = jb * NR;
      const b = bp + <usize>jb * blockBytes;
      const iEnd = upper ? min(i1, j0 + NR) : i1;
      let i = i0;
      for (; i + 4 <= iEnd; i += 4) {
        let ap = a + <usize>i * ldaB;
        let bq = b;
        let c00 = f32x4.splat(0),
          c01 = f32x4.splat(0),
          c10 = f32x4.splat(0),
          c11 = f32x4.splat(0),
          c20 = f32x4.splat(0),
          c21 = f32x4.splat(0),
          c30 = f32x4.splat(0),
          c31 = f32x4.splat(0);
        for (let p = 0; p < k; p++) {
          const b0 = v128.load(bq, 0, 4);
          const b1 = v128.load(bq, 16, 4);
          const a0 = v128.load32_splat(ap, 0, 4);
          const a1 = v128.load32_splat(ap + ldaB, 0, 4);
          const a2 = v128.load32_splat(ap + 2 * ldaB, 0, 4);
          const a3 = v128.load32_splat(ap + 3 * ldaB, 0, 4);
          c00 = f32x4.add(c00, f32x4.mul(a0, b0));
          c01 = f32x4.add(c01, f32x4.mul(a0, b1));
          c10 = f32x4.add(c10, f32x4.mul(a1, b0));
          c11 = f32x4.add(c11, f32x4.mul(a1, b1));
          c20 = f32x4.add(c20, f32x4.mul(a2, b0));
          c21 = f32x4.add(c21, f32x4.mul(a2, b1));
          c30 = f32x4.add(c30, f32x4.mul(a3, b0));
          c31 = f32x4.add(c31, f32x4.mul(a3, b1));
          ap += 4;
          bq += 32;
        }
        const cp = c + ((<usize>i * <usize>ldc + <usize>j0) << 2);
        const ldcB = (<usize>ldc) << 2;
        if (subtract) {
          c00 = f32x4.sub(v128.load(cp, 0, 4), c00);
          c01 = f32x4.sub(v128.load(cp, 16, 4), c01);
          c10 = f32x4.sub(v128.load(cp + ldcB, 0, 4), c10);
          c11 = f32x4.sub(v128.load(cp + ldcB, 16, 4), c11);
          c20 = f32x4.sub(v128.load(cp + 2 * ldcB, 0, 4), c20);
          c21 = f32x4.sub(v128.load(cp + 2 * ldcB, 16, 4), c21);
          c30 = f32x4.sub(v128.load(cp + 3 * ldcB, 0, 4), c30);
          c31 = f32x4.sub(v128.load(cp + 3 * ldcB, 16, 4), c31);
        }
        v128.store(cp, c00, 0, 4);
        v128.store(cp, c01, 16, 4);
        v128.store(cp + ldcB, c10, 0, 4);
        v128.store(cp + ldcB, c11, 16, 4);
        v128.store(cp + 2 * ldcB, c20, 0, 4);
        v128.store(cp + 2 * ldcB, c21, 16, 4);
        v128.store(cp + 3 * ldcB, c30, 0, 4);
        v128.store(cp + 3 * ldcB, c31, 16, 4);
      }
      for (; i < iEnd; i++) {
        let ap = a + <usize>i * ldaB;
        let bq = b;
        let c0 = f32x4.splat(0),
          c1 = f32x4.splat(0);
        for (let p = 0; p < k; p++) {
          const a0 = v128.load32_splat(ap, 0, 4);
          c0 = f32x4.add(c0, f32x4.mul(a0, v128.load(bq, 0, 4)));
          c1 = f32x4.add(c1, f32x4.mul(a0, v128.load(bq, 16, 4)));
          ap += 4;
          bq += 32;
        }
        const cp = c + ((<usize>i * <usize>ldc + <usize>j0) << 2);
        if (subtract) {
          c0 = f32x4.sub(v128.load(cp, 0, 4), c0);
          c1 = f32x4.sub(v128.load(cp, 16, 4), c1);
        }
        v128.store(cp, c0, 0, 4);
        v128.store(cp, c1, 16, 4);
      }
    }
  }
}

/**
 * In-place float64 inverse of a symmetric positive-definite matrix m (n × n, row-major, full storage
 * in and out) by the scalar sweep operator on its upper triangle (n³/2 multiply-adds, f64x2), mirrored
 * at the end. `r` is scratch for n float64. Returns −1, or the pivot index that was not positive (the
 * sweep stops there; m[k, k] then holds the failing value).
 */
export function sweep(m: usize, n: i32, r: usize): i32 {
  const ld = (<usize>n) << 3;
  for (let k = 0; k < n; k++) {
    const kk = m + <usize>k * ld + ((<usize>k) << 3);
    const d = load<f64>(kk);
    if (!(d > 0)) return k;
    const inv = 1 / d;
    // r = row k of the symmetric matrix, from the upper triangle.
    for (let j = 0; j < k; j++) store<f64>(r + ((<usize>j) << 3), load<f64>(m + <usize>j * ld + ((<usize>k) << 3)));
    for (let j = k; j < n; j++) store<f64>(r + ((<usize>j) << 3), load<f64>(m + <usize>k * ld + ((<usize>j) << 3)));
    for (let i = 0; i < n; i++) {
      if (i === k) continue;
      const fs = load<f64>(r + ((<usize>i) << 3)) * inv;
      const f = f64x2.splat(fs);
      const row = m + <usize>i * ld;
      // Column k is overwritten below, so it is not skipped here.
      let j = i;
      for (; j + 2 <= n; j += 2) {
        const at = row + ((<usize>j) << 3);
        v128.store(at, f64x2.sub(v128.load(at), f64x2.mul(f, v128.load(r + ((<usize>j) << 3)))));
      }
      if (j < n) {
        const at = row + ((<usize>j) << 3);
        store<f64>(at, load<f64>(at) - fs * load<f64>(r + ((<usize>j) << 3)));
      }
    }
    for (let j = 0; j < k; j++) store<f64>(m + <usize>j * ld + ((<usize>k) << 3), load<f64>(r + ((<usize>j) << 3)) * inv);
    for (let j = k + 1; j < n; j++) store<f64>(m + <usize>k * ld + ((<usize>j) << 3), load<f64>(r + ((<usize>j) << 3)) * inv);
    store<f64>(kk, -inv);
  }
  // Sweeping every index leaves −m⁻¹ in the upper triangle.
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const v = -load<f64>(m + <usize>i * ld + ((<usize>j) << 3));
      store<f64>(m + <usize>i * ld + ((<usize>j) << 3), v);
      store<f64>(m + <usize>j * ld + ((<usize>i) << 3), v);
    }
  }
  return -1;
}
