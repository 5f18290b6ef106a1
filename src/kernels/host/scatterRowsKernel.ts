/** RecsysScatterRows (see hostKernels.ts): out[dst[e], :] += val[e] · src[srcRow[e], :], in JS loops or WASM SIMD. */
import type * as tf from '@tensorflow/tfjs-core';
import type { HostIO, Info } from './hostIO';
import { scatterRows10Wasm } from '../wasm/wasmScatter';
import { scatterWideWasm } from '../wasm/wasmScatterWide';

export const SCATTER_ROWS = 'RecsysScatterRows';

/** Test switch: `jsOnly` makes WASM scatter wide rows with the JS loop instead of the SIMD kernel. */
export const scatterWide: { jsOnly?: boolean } = {};

/** Builds RecsysScatterRows' kernel function for one backend kind. */
export function scatterRows(io: HostIO): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { dst, srcRow, val, src } = inputs as Record<string, Info>;
    const outRows = (attrs as { outRows: number }).outRows;
    const H = src.shape[1];
    const out = io.alloc(backend, [outRows, H]);
    const o = io.read(backend, out) as Float32Array;
    // WASM, H a multiple of 4 other than 10 (Mult-DAE's first layer): the SIMD kernel of wasmScatterWide.ts.
    const memory = H !== 10 && H % 4 === 0 && !scatterWide.jsOnly ? io.memory?.(backend) : null;
    const wide = memory ? scatterWideWasm(memory) : null;
    if (wide) {
      o.fill(0); // WASM outputs come from malloc, not zeroed
      const off = (t: Info) => io.offset!(backend, t);
      wide(off(out), off(dst), off(srcRow), off(val), off(src), dst.shape[0], 4 * H);
      return out;
    }
    // Indices are int32 and values float32 (sparseProduct.ts / deviceData.ts), so each read site below sees one array type.
    scatterRowsInto(
      o,
      io.read(backend, dst) as Int32Array,
      io.read(backend, srcRow) as Int32Array,
      io.read(backend, val) as Float32Array,
      io.read(backend, src) as Float32Array,
      H,
    );
    return out;
  };
}

/**
 * o := 0, then o[dst[e]·H + h] += val[e] · x[srcRow[e]·H + h]. H = 10 (the Seed preset's first
 * layer) takes the WebAssembly SIMD kernel (wasmScatter.ts) where available, else an unrolled JS
 * path; others the plain loop.
 */
export function scatterRowsInto(o: Float32Array, d: Int32Array, s: Int32Array, v: Float32Array, x: Float32Array, H: number): void {
  o.fill(0); // WASM outputs come from malloc, not zeroed
  if (H === 10) {
    if (d.length < 64 || !scatterRows10Wasm(o, d, s, v, x)) scatterRows10(o, d, s, v, x);
  } else scatterRowsGeneric(o, d, s, v, x, H);
}

function scatterRowsGeneric(o: Float32Array, d: Int32Array, s: Int32Array, v: Float32Array, x: Float32Array, H: number): void {
  const n = d.length;
  for (let e = 0; e < n; e++) {
    const ve = v[e];
    if (ve === 0) continue;
    const oo = d[e] * H,
      so = s[e] * H;
    for (let h = 0; h < H; h++) o[oo + h] += ve * x[so + h];
  }
}

/**
 * H = 10, fully unrolled (~1.7× the plain loop on V8). Runs of equal dst (the forward pass: entries
 * sorted by batch row) accumulate in locals and are added to o once per run; runs of equal srcRow
 * (the gradient: entries sorted by batch row = srcRow) keep the source row in locals. Zero values are
 * not skipped (a data-dependent branch under dropout): for finite x they add exact zeros.
 */
export function scatterRows10(o: Float32Array, d: Int32Array, s: Int32Array, v: Float32Array, x: Float32Array): void {
  const n = d.length;
  let dp = -1,
    sp = -1,
    oo = 0;
  let x0 = 0,
    x1 = 0,
    x2 = 0,
    x3 = 0,
    x4 = 0,
    x5 = 0,
    x6 = 0,
    x7 = 0,
    x8 = 0,
    x9 = 0;
  let a0 = 0,
    a1 = 0,
    a2 = 0,
    a3 = 0,
    a4 = 0,
    a5 = 0,
    a6 = 0,
    a7 = 0,
    a8 = 0,
    a9 = 0;
  for (let e = 0; e < n; e++) {
    const de = d[e],
      se = s[e],
      ve = v[e];
    if (se !== sp) {
      sp = se;
      const so = se * 10;
      x0 = x[so];
      x1 = x[so + 1];
      x2 = x[so + 2];
      x3 = x[so + 3];
      x4 = x[so + 4];
      x5 = x[so + 5];
      x6 = x[so + 6];
      x7 = x[so + 7];
      x8 = x[so + 8];
      x9 = x[so + 9];
    }
    if (de !== dp) {
      if (dp >= 0) {
        o[oo] += a0;
        o[oo + 1] += a1;
        o[oo + 2] += a2;
        o[oo + 3] += a3;
        o[oo + 4] += a4;
        o[oo + 5] += a5;
        o[oo + 6] += a6;
        o[oo + 7] += a7;
        o[oo + 8] += a8;
        o[oo + 9] += a9;
      }
      dp = de;
      oo = de * 10;
      a0 = a1 = a2 = a3 = a4 = a5 = a6 = a7 = a8 = a9 = 0;
    }
    a0 += ve * x0;
    a1 += ve * x1;
    a2 += ve * x2;
    a3 += ve * x3;
    a4 += ve * x4;
    a5 += ve * x5;
    a6 += ve * x6;
    a7 += ve * x7;
    a8 += ve * x8;
    a9 += ve * x9;
  }
  if (dp >= 0) {
    o[oo] += a0;
    o[oo + 1] += a1;
    o[oo + 2] += a2;
    o[oo + 3] += a3;
    o[oo + 4] += a4;
    o[oo + 5] += a5;
    o[oo + 6] += a6;
    o[oo + 7] += a7;
    o[oo + 8] += a8;
    o[oo + 9] += a9;
  }
}
