import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Activation } from '../../engine/config';
import { registerHostKernels, scatterRowsScaled, sparseTargetGradient, topKUnseenHost } from './hostKernels';
import { scatterRows10, scatterRowsInto } from './scatterRowsKernel';
import { MASKED_SCORE } from '../../nn/select';
import { hasWasmScatter10, scatterRows10Wasm } from '../wasm/wasmScatter';
import { maxViolation } from '../../../testing/fastPath';

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerHostKernels();
});

describe('RecsysSparseTargetGrad equals the dense computation', () => {
  // 7 × 13 = 91 outputs: not a multiple of the unroll widths, so the tail loops run too.
  const B = 7,
    I = 13;
  const y = Float32Array.from({ length: B * I }, (_, i) => ((i * 37) % 101) / 101);
  const flat = Int32Array.from([0, 5, 12, 14, 30, 31, 50, 77, 89, 90]);
  const vals = Float32Array.from(flat, (_, e) => 0.1 * (e + 1));
  const derivative: Record<Activation, (a: number) => number> = {
    sigmoid: (a) => a * (1 - a),
    tanh: (a) => 1 - a * a,
    relu: (a) => (a > 0 ? 1 : 0),
    linear: () => 1,
  };
  for (const act of ['sigmoid', 'tanh', 'relu', 'linear'] as Activation[]) {
    it(act, () => {
      const t = new Float32Array(B * I);
      for (const [e, p] of flat.entries()) t[p] = vals[e];
      const wantDz = new Float32Array(B * I);
      let wantLoss = 0;
      for (let i = 0; i < B * I; i++) {
        const d = y[i] - t[i];
        wantLoss += d * d;
        wantDz[i] = d * derivative[act](y[i]);
      }
      const r = sparseTargetGradient(tf.tensor2d(y, [B, I]), tf.tensor1d(flat, 'int32'), tf.tensor1d(vals), act);
      expect(maxViolation(r.dz.dataSync(), wantDz, 1e-7, 1e-5)).toBeLessThan(1);
      expect(maxViolation(r.loss.dataSync(), [wantLoss], 1e-7, 1e-5)).toBeLessThan(1);
      tf.dispose([r.dz, r.loss]);
    });
  }
});

describe('RecsysScatterRows equals the straightforward loop', () => {
  // Entries sorted by row (the forward pass: runs of equal dst) and the same entries as the gradient
  // sees them (dst = column, srcRow = row: runs of equal srcRow), plus an unsorted order with repeated,
  // non-adjacent dst; zero values included. H = 10 takes the unrolled path, 7 and 16 the generic one.
  let seed = 7;
  const rnd = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  const R = 23,
    C = 41;
  const rows: number[] = [],
    cols: number[] = [];
  for (let r = 0; r < R; r++)
    for (let c = 0; c < C; c++)
      if (rnd() < 0.3) {
        rows.push(r);
        cols.push(c);
      }
  const n = rows.length;
  const vals = Float32Array.from({ length: n }, () => (rnd() < 0.2 ? 0 : rnd() * 2 - 1));
  const perm = Array.from({ length: n }, (_, i) => i).sort((a, b) => ((a * 7919) % n) - ((b * 7919) % n));
  const want = (d: ArrayLike<number>, s: ArrayLike<number>, v: ArrayLike<number>, x: ArrayLike<number>, H: number, outRows: number) => {
    const o = new Float64Array(outRows * H);
    for (let e = 0; e < d.length; e++) for (let h = 0; h < H; h++) o[d[e] * H + h] += v[e] * x[s[e] * H + h];
    return o;
  };
  for (const H of [10, 7, 16]) {
    const cases: [string, number[], number[], number[], number, number][] = [
      ['forward (runs of dst)', rows, cols, Array.from(vals), C, R],
      ['gradient (runs of srcRow)', cols, rows, Array.from(vals), R, C],
      ['unsorted', perm.map((i) => rows[i]), perm.map((i) => cols[i]), perm.map((i) => vals[i]), C, R],
    ];
    for (const [name, d, s, v, srcRows, outRows] of cases) {
      it(`H = ${H}, ${name}`, () => {
        const x = Float32Array.from({ length: srcRows * H }, () => rnd() * 2 - 1);
        const expected = want(d, s, v, x, H, outRows);
        // Pure function, on a dirty output (it must zero it).
        const o = new Float32Array(outRows * H).fill(123);
        scatterRowsInto(o, Int32Array.from(d), Int32Array.from(s), Float32Array.from(v), x, H);
        expect(maxViolation(o, expected, 1e-6, 1e-5)).toBeLessThan(1);
        if (H === 10) {
          // Both H = 10 paths on their own: the JS unrolled loop and the WebAssembly SIMD kernel
          // (available in Node ≥ 20, so it must run here), which adds to a non-zero output.
          const js = new Float32Array(outRows * H);
          scatterRows10(js, Int32Array.from(d), Int32Array.from(s), Float32Array.from(v), x);
          expect(maxViolation(js, expected, 1e-6, 1e-5)).toBeLessThan(1);
          expect(hasWasmScatter10()).toBe(true);
          const w = new Float32Array(outRows * H).fill(0.5);
          expect(scatterRows10Wasm(w, Int32Array.from(d), Int32Array.from(s), Float32Array.from(v), x)).toBe(true);
          expect(
            maxViolation(
              w,
              expected.map((a) => a + 0.5),
              1e-6,
              1e-5,
            ),
          ).toBeLessThan(1);
          // Again with more entries than before (the module's memory grows) and after fewer (stale memory).
          const big = 50;
          const dd = Int32Array.from({ length: d.length * big }, (_, i) => d[i % d.length]);
          const ss = Int32Array.from({ length: d.length * big }, (_, i) => s[i % d.length]);
          const vv = Float32Array.from({ length: d.length * big }, (_, i) => v[i % d.length]);
          const wb = new Float32Array(outRows * H);
          scatterRows10Wasm(wb, dd, ss, vv, x);
          expect(
            maxViolation(
              wb,
              expected.map((a) => a * big),
              1e-5,
              1e-4,
            ),
          ).toBeLessThan(1);
          const w2 = new Float32Array(outRows * H);
          scatterRows10Wasm(w2, Int32Array.from(d), Int32Array.from(s), Float32Array.from(v), x);
          expect(maxViolation(w2, expected, 1e-6, 1e-5)).toBeLessThan(1);
        }
        // Through the registered kernel.
        const r = scatterRowsScaled(
          tf.tensor1d(d, 'int32'),
          tf.tensor1d(s, 'int32'),
          tf.tensor1d(v),
          tf.tensor2d(x, [srcRows, H]),
          outRows,
        );
        expect(r.shape).toEqual([outRows, H]);
        expect(maxViolation(r.dataSync(), expected, 1e-6, 1e-5)).toBeLessThan(1);
        r.dispose();
      });
    }
  }
  it('empty input gives zeros', () => {
    const o = new Float32Array(30).fill(5);
    scatterRowsInto(o, new Int32Array(0), new Int32Array(0), new Float32Array(0), new Float32Array(30), 10);
    expect(Array.from(o).every((a) => a === 0)).toBe(true);
  });
});

describe('RecsysTopKUnseen', () => {
  it('skips training items and pads rows with fewer candidates with −1 / MASKED_SCORE', () => {
    // 2 rows × 4 items; row 0 has items 1 and 2 as training entries, row 1 has 0, 1 and 3.
    const scores = tf.tensor2d([0.1, 0.9, 0.8, 0.3, 0.4, 0.7, 0.2, 0.6], [2, 4]);
    const flat = tf.tensor1d([1, 2, 4, 5, 7], 'int32');
    const r = topKUnseenHost(scores, flat, 3);
    expect(Array.from(r.indices.dataSync())).toEqual([3, 0, -1, 2, -1, -1]);
    expect(Array.from(r.values.dataSync())).toEqual([0.3, 0.1, MASKED_SCORE, 0.2, MASKED_SCORE, MASKED_SCORE].map(Math.fround));
    tf.dispose([scores, flat, r.indices, r.values]);
  });
});
