/**
 * The WASM SIMD output-layer kernels (wasmOutputGrad.ts) against float64 loops: on their own in a
 * scratch memory, through the host kernels on the wasm backend (in place in tfjs' memory, with the
 * JS edges and entry corrections), and whole training runs on wasm against the tf.variableGrads
 * reference. Sizes are chosen so that partial runs, partial row tiles and the JS edges all run.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activation, ModelConfig } from '../../engine/config';
import { SEED_MODEL } from '../../engine/presets';
import { registerHostKernels, sparseTargetGradient, wideGradientT } from '../host/hostKernels';
import { initParams } from '../../nn/layers';
import type { StepStrategy } from '../../nn/strategy';
import { referenceTrain } from '../../../testing/reference';
import { syntheticSplit } from '../../../testing/synthetic';
import { fastTrain, maxViolation } from '../../../testing/fastPath';
import { wasmMemory } from '../../backends/tfjsInternals';
import { hasWasmOutputGrad, OUTPUT_GRAD_WASM, outputGradKernels, sigmoidZeroTargetWasm, wideGradTWasm } from './wasmOutputGrad';

const derivative: Record<Activation, (a: number) => number> = {
  sigmoid: (a) => a * (1 - a),
  tanh: (a) => 1 - a * a,
  relu: (a) => (a > 0 ? 1 : 0),
  linear: () => 1,
};

/** Seeded values in [lo, lo + span) without a short period. */
function values(n: number, seed: number, lo = 0.01, span = 0.98): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return lo + span * (s / 4294967296);
  });
}

/** [A | 1]ᵀ·dz in float64: [H + 1, I]. */
function wideRef(dz: ArrayLike<number>, a: ArrayLike<number>, B: number, I: number, H: number): Float64Array {
  const g = new Float64Array((H + 1) * I);
  for (let b = 0; b < B; b++) {
    for (let c = 0; c < I; c++) {
      const d = dz[b * I + c];
      for (let j = 0; j < H; j++) g[j * I + c] += a[b * H + j] * d;
      g[H * I + c] += d;
    }
  }
  return g;
}

beforeAll(async () => {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  await tf.setBackend('wasm');
  registerHostKernels();
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('the SIMD kernels on their own (scratch memory)', () => {
  it('are valid WebAssembly and run here (Node ≥ 20 has SIMD)', () => {
    expect(WebAssembly.validate(OUTPUT_GRAD_WASM)).toBe(true);
    expect(hasWasmOutputGrad()).toBe(true);
  });

  it('a memory the module cannot import (shared, as in the threaded tfjs build) gives null, nothing written', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 2, shared: true });
    expect(outputGradKernels(memory)).toBeNull();
    expect(sigmoidZeroTargetWasm(memory, 0, 64, 8)).toBeNull();
    expect(wideGradTWasm(memory, 0, 64, 128, 1, 4)).toBe(false);
    expect(new Float32Array(memory.buffer).every((v) => v === 0)).toBe(true);
  });

  // Partial 256-value runs, several runs, fewer than 4 values, none.
  for (const n of [1000, 1027, 256, 3, 0]) {
    it(`mse, n = ${n}: dz = Y²(1 − Y) and Σ Y² over the first n & ~3 values, nothing else written`, () => {
      const memory = new WebAssembly.Memory({ initial: 1 });
      const yo = 16,
        dzo = yo + 4 * n + 4; // 4-byte alignment only
      const heap = new Float32Array(memory.buffer);
      heap.fill(7);
      const y = values(n, 3);
      heap.set(y, yo / 4);
      const loss = sigmoidZeroTargetWasm(memory, yo, dzo, n);
      const n4 = n & ~3;
      const want = new Float64Array(n).fill(7);
      let wantLoss = 0;
      for (let k = 0; k < n4; k++) {
        wantLoss += y[k] * y[k];
        want[k] = y[k] * y[k] * (1 - y[k]);
      }
      expect(maxViolation(heap.subarray(dzo / 4, dzo / 4 + n), want, 1e-7, 1e-6)).toBeLessThan(1);
      expect(maxViolation([loss!], [wantLoss], 1e-9, 1e-7)).toBeLessThan(1);
      expect(heap[dzo / 4 + n]).toBe(7);
      expect(Array.from(heap.subarray(yo / 4, yo / 4 + n))).toEqual(Array.from(y)); // input untouched
    });
  }

  // Row tiles of 32: 150 = 4 × 32 + 22; 1 row; exactly two tiles. I: 4-column chunks + 0–3 edge columns.
  for (const [B, I] of [
    [150, 23],
    [1, 9],
    [64, 8],
    [5, 3],
  ] as const) {
    it(`wg, B = ${B}, I = ${I}: adds [A | 1]ᵀ·dz for the 4-column chunks, nothing else written`, () => {
      const H = 10;
      const memory = new WebAssembly.Memory({ initial: 2 });
      const dzo = 16,
        ao = dzo + 4 * B * I + 4,
        go = ao + 4 * B * H + 8;
      const heap = new Float32Array(memory.buffer);
      heap.fill(7);
      const dz = values(B * I, 5, -0.5, 1),
        a = values(B * H, 9),
        g0 = values((H + 1) * I, 13, -1, 2);
      heap.set(dz, dzo / 4);
      heap.set(a, ao / 4);
      heap.set(g0, go / 4);
      expect(wideGradTWasm(memory, dzo, ao, go, B, I)).toBe(true);
      const ref = wideRef(dz, a, B, I, H);
      const want = Float64Array.from(g0, (v, k) => (k % I < (I & ~3) ? v + ref[k] : v));
      expect(maxViolation(heap.subarray(go / 4, go / 4 + (H + 1) * I), want, 1e-5, 1e-5)).toBeLessThan(1);
      expect(heap[go / 4 + (H + 1) * I]).toBe(7);
      expect(heap[go / 4 - 1]).toBe(7);
      expect(Array.from(heap.subarray(dzo / 4, dzo / 4 + B * I))).toEqual(Array.from(dz));
    });
  }
});

describe('the host kernels on wasm equal the float64 computation', () => {
  // 37 × 23 = 851 outputs: three 256-value runs, a partial one and 3 JS edge values; entries in both parts.
  const B = 37,
    I = 23;
  const y = values(B * I, 11);
  const flat = Int32Array.from([0, 5, 19, 20, 22, 30, 100, 341, 359, 360, 500, 735, 736, 800, 820, 828, 840, 848, 849, 850]);
  const vals = Float32Array.from(flat, (_, e) => 0.1 * (e + 1));
  for (const act of ['sigmoid', 'tanh', 'relu', 'linear'] as Activation[]) {
    it(`RecsysSparseTargetGrad, ${act}`, () => {
      const t = new Float32Array(B * I);
      for (const [e, p] of flat.entries()) t[p] = vals[e];
      const wantDz = new Float64Array(B * I);
      let wantLoss = 0;
      for (let k = 0; k < B * I; k++) {
        const d = y[k] - t[k];
        wantLoss += d * d;
        wantDz[k] = d * derivative[act](y[k]);
      }
      const r = sparseTargetGradient(tf.tensor2d(y, [B, I]), tf.tensor1d(flat, 'int32'), tf.tensor1d(vals), act);
      expect(tf.getBackend()).toBe('wasm');
      expect(maxViolation(r.dz.dataSync(), wantDz, 1e-7, 1e-5)).toBeLessThan(1);
      expect(maxViolation(r.loss.dataSync(), [wantLoss], 1e-7, 1e-6)).toBeLessThan(1);
      tf.dispose([r.dz, r.loss]);
    });
  }

  it('the SIMD kernels are bound to the backend memory (the SIMD paths are the ones that ran)', () => {
    const memory = wasmMemory(tf.backend());
    expect(memory).toBeInstanceOf(WebAssembly.Memory);
    expect(outputGradKernels(memory!)).not.toBeNull();
  });

  for (const [Bw, Iw] of [
    [150, 23],
    [7, 40],
  ] as const) {
    it(`RecsysWideGradT, B = ${Bw}, I = ${Iw}: equals float64 and the tfjs ops it replaces`, () => {
      const dz = tf.tensor2d(values(Bw * Iw, 21, -0.3, 0.6), [Bw, Iw]);
      const a = tf.tensor2d(values(Bw * 10, 23), [Bw, 10]);
      const g = wideGradientT(dz, a);
      expect(g).not.toBeNull();
      expect(g!.shape).toEqual([11, Iw]);
      expect(maxViolation(g!.dataSync(), wideRef(dz.dataSync(), a.dataSync(), Bw, Iw, 10), 1e-5, 1e-5)).toBeLessThan(1);
      const ops = tf.tidy(() => tf.transpose(tf.matMul(tf.transpose(dz), tf.concat([a, tf.ones([Bw, 1])], 1))));
      expect(maxViolation(g!.dataSync(), ops.dataSync(), 1e-5, 1e-5)).toBeLessThan(1);
      tf.dispose([dz, a, g!, ops]);
    });
  }

  it('RecsysWideGradT is not used where it does not apply (other widths, other backends)', async () => {
    const dz = tf.zeros([4, 8]) as tf.Tensor2D;
    expect(wideGradientT(dz, tf.zeros([4, 5]) as tf.Tensor2D)).toBeNull();
    await tf.setBackend('cpu');
    try {
      expect(wideGradientT(tf.zeros([4, 8]) as tf.Tensor2D, tf.zeros([4, 10]) as tf.Tensor2D)).toBeNull();
    } finally {
      await tf.setBackend('wasm');
    }
  });
});

describe('training on wasm with the SIMD kernels equals the reference (tf.variableGrads) path', () => {
  // 83 users / batch 40 → batches of 42 and 41 rows; 23 items (output layer 10 → 23, wide from 20).
  const split = syntheticSplit(83, 23, 6, 5);
  const seed: ModelConfig = { ...SEED_MODEL, hidden: [10, 5, 10], batchSize: 40, epochs: 3, learningRate: 0.3 };
  const cases: [string, StepStrategy][] = [
    [
      'sparse first layer + explicit transposes (the WASM layout: both kernels)',
      { firstLayer: 'sparse', explicitTranspose: true, wideFrom: 20 },
    ],
    ['sparse first layer, no explicit transposes (sparse-MSE kernel only)', { firstLayer: 'sparse', explicitTranspose: false }],
    ['dense first layer + explicit transposes (both kernels)', { firstLayer: 'dense', explicitTranspose: true, wideFrom: 20 }],
  ];
  for (const [name, step] of cases) {
    it(name, async () => {
      const ref = referenceTrain(split, seed, 3);
      const fast = await fastTrain(split, seed, 3, step, 'device');
      expect(maxViolation(fast.epochLosses, ref.epochLosses, 1e-6, 1e-4)).toBeLessThan(1);
      const init = initParams(split.train.cols, seed);
      expect(Math.max(...init.map((p, i) => maxViolation(p.data, ref.params[i].data, 1, 0)))).toBeGreaterThan(1e-3); // not vacuous
      for (let i = 0; i < ref.params.length; i++) {
        expect(maxViolation(fast.params[i].data, ref.params[i].data, 1e-4, 1e-3), ref.params[i].name).toBeLessThan(1);
      }
    });
  }
});
