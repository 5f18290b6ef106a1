// AssemblyScript source of the output layer's backward-pass kernels (wasmOutputGrad.ts), working in
// tfjs-backend-wasm's memory (imported) on byte offsets of f32 arrays.
// Compiled by `npm run build:wasm` into ../wasmModules.generated.ts; not part of the TypeScript program.

/** Bytes per f32x4 chunk. */
const CHUNK: usize = 16;
/** Bytes of a run whose squares are summed in f32 lanes before going into the f64 sums (256 values). */
const RUN: usize = 1024;

/**
 * dz = Y²·(1 − Y), computed as Y² − Y²·Y (a sigmoid output's gradient against a zero target), over
 * the first nBytes / 4 values (nBytes a multiple of 16). Returns Σ Y²: f32 lane sums per run of 256
 * values, then f64.
 */
export function mse(y: usize, dz: usize, nBytes: u32): f64 {
  let sumLow = f64x2.splat(0); // f64 sums of f32 lanes 0, 1
  let sumHigh = f64x2.splat(0); // and of lanes 2, 3
  let p: usize = 0;
  while (p < nBytes) {
    let end = p + RUN;
    if (end > nBytes) end = nBytes;
    let acc = f32x4.splat(0);
    do {
      const r = v128.load(y + p, 0, 4);
      const r2 = f32x4.mul(r, r);
      acc = f32x4.add(r2, acc);
      v128.store(dz + p, f32x4.sub(r2, f32x4.mul(r2, r)), 0, 4);
      p += CHUNK;
    } while (p < end);
    sumLow = f64x2.add(sumLow, f64x2.promote_low_f32x4(acc));
    sumHigh = f64x2.add(sumHigh, f64x2.promote_low_f32x4(f32x4.shuffle(acc, acc, 2, 3, 0, 1)));
  }
  return f64x2.extract_lane(sumLow, 0) + f64x2.extract_lane(sumLow, 1) + (f64x2.extract_lane(sumHigh, 0) + f64x2.extract_lane(sumHigh, 1));
}

/** Hidden width of `wg` (must match WIDE_GRAD_H in wasmOutputGrad.ts). */
const H: usize = 10;

/**
 * gT += [A | 1]ᵀ·dz for columns i < I4 (a multiple of 4): gT[j, i] += Σ_b A[b, j]·dz[b, i] (j < 10)
 * and gT[10, i] += Σ_b dz[b, i]; dz [B, I], A [B, 10], gT [11, I]. Per 4-column chunk the 11 sums
 * stay in registers while `tile` rows go by, and go through gT between tiles. All loads and stores
 * are contiguous.
 */
export function wg(dz: usize, a: usize, g: usize, B: i32, I: i32, I4: i32, tile: i32): void {
  const rowBytes = (<usize>I) << 2;
  for (let t0 = 0; t0 < B; t0 += tile) {
    const tEnd = min(t0 + tile, B);
    for (let i = 0; i < I4; i += 4) {
      const r = g + ((<usize>i) << 2); // gT[0, i]; gT[j, i] is j rows further
      let s0 = v128.load(r, 0, 4);
      let s1 = v128.load(r + rowBytes, 0, 4);
      let s2 = v128.load(r + 2 * rowBytes, 0, 4);
      let s3 = v128.load(r + 3 * rowBytes, 0, 4);
      let s4 = v128.load(r + 4 * rowBytes, 0, 4);
      let s5 = v128.load(r + 5 * rowBytes, 0, 4);
      let s6 = v128.load(r + 6 * rowBytes, 0, 4);
      let s7 = v128.load(r + 7 * rowBytes, 0, 4);
      let s8 = v128.load(r + 8 * rowBytes, 0, 4);
      let s9 = v128.load(r + 9 * rowBytes, 0, 4);
      let sBias = v128.load(r + 10 * rowBytes, 0, 4);
      let p = dz + ((<usize>(t0 * I + i)) << 2); // dz[b, i]
      let q = a + <usize>t0 * H * 4; // A[b, 0]
      for (let b = t0; b < tEnd; b++) {
        const d = v128.load(p, 0, 4);
        sBias = f32x4.add(d, sBias);
        s0 = f32x4.add(s0, f32x4.mul(d, v128.load32_splat(q, 0, 4)));
        s1 = f32x4.add(s1, f32x4.mul(d, v128.load32_splat(q, 4, 4)));
        s2 = f32x4.add(s2, f32x4.mul(d, v128.load32_splat(q, 8, 4)));
        s3 = f32x4.add(s3, f32x4.mul(d, v128.load32_splat(q, 12, 4)));
        s4 = f32x4.add(s4, f32x4.mul(d, v128.load32_splat(q, 16, 4)));
        s5 = f32x4.add(s5, f32x4.mul(d, v128.load32_splat(q, 20, 4)));
        s6 = f32x4.add(s6, f32x4.mul(d, v128.load32_splat(q, 24, 4)));
        s7 = f32x4.add(s7, f32x4.mul(d, v128.load32_splat(q, 28, 4)));
        s8 = f32x4.add(s8, f32x4.mul(d, v128.load32_splat(q, 32, 4)));
        s9 = f32x4.add(s9, f32x4.mul(d, v128.load32_splat(q, 36, 4)));
        p += rowBytes;
        q += H * 4;
      }
      v128.store(r, s0, 0, 4);
      v128.store(r + rowBytes, s1, 0, 4);
      v128.store(r + 2 * rowBytes, s2, 0, 4);
      v128.store(r + 3 * rowBytes, s3, 0, 4);
      v128.store(r + 4 * rowBytes, s4, 0, 4);
      v128.store(r + 5 * rowBytes, s5, 0, 4);
      v128.store(r + 6 * rowBytes, s6, 0, 4);
      v128.store(r + 7 * rowBytes, s7, 0, 4);
      v128.store(r + 8 * rowBytes, s8, 0, 4);
      v128.store(r + 9 * rowBytes, s9, 0, 4);
      v128.store(r + 10 * rowBytes, sBias, 0, 4);
    }
  }
}
