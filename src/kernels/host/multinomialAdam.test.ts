/**
 * The Mult-DAE host kernels (multinomialKernel.ts, adamKernel.ts) against float64 loops and the tfjs
 * ops they replace, on CPU and WASM; and whole Mult-DAE-shaped training runs with them against the
 * tf.variableGrads reference and against the same network with them switched off.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelConfig } from '../../engine/config';
import { MULT_DAE_MODEL } from '../../engine/presets';
import { registerHostKernels, scatterRowsScaled } from './hostKernels';
import { scatterWide } from './scatterRowsKernel';
import { multinomialGradient } from './multinomialKernel';
import { adamUpdate, disabled } from './adamKernel';
import { adamWasm, hasWasmAdam } from '../wasm/wasmAdam';
import { SCATTER_WIDE_WASM } from '../wasm/wasmScatterWide';
import { HandOptimizer } from '../../nn/optimizer';
import { initParams } from '../../nn/layers';
import type { StepStrategy } from '../../nn/strategy';
import { referenceTrain } from '../../../testing/reference';
import { syntheticSplit } from '../../../testing/synthetic';
import { fastTrain, maxViolation } from '../../../testing/fastPath';

let seed = 11;
const rnd = () => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 4294967296;
};
const values = (n: number, lo = -1, hi = 1) => Float32Array.from({ length: n }, () => lo + (hi - lo) * rnd());

beforeAll(async () => {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  registerHostKernels();
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

/** Float64 multinomial loss and gradient of logits y [B, I] against a dense target t. */
function multinomialRef(y: Float32Array, t: Float32Array, B: number, I: number) {
  const dz = new Float64Array(B * I),
    dzT = new Float64Array(B * I),
    db = new Float64Array(I);
  let loss = 0;
  for (let r = 0; r < B; r++) {
    const row = Array.from(y.subarray(r * I, (r + 1) * I));
    const max = Math.max(...row);
    const lse = max + Math.log(row.reduce((s, x) => s + Math.exp(x - max), 0));
    let tSum = 0;
    for (let i = 0; i < I; i++) tSum += t[r * I + i];
    for (let i = 0; i < I; i++) {
      const p = Math.exp(row[i] - lse);
      loss -= t[r * I + i] * (row[i] - lse);
      const g = p * tSum - t[r * I + i];
      dz[r * I + i] = g;
      dzT[i * B + r] = g;
      db[i] += g;
    }
  }
  return { dz, dzT, db, loss };
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`Mult-DAE host kernels on ${backend}`, () => {
    beforeAll(async () => {
      await tf.setBackend(backend);
    });

    // 6 × 29 logits; row 2 has no entries (its gradient and loss are 0), row 4 has non-unit targets.
    it('RecsysMultinomialGrad equals the float64 computation and the tfjs ops', () => {
      const B = 6,
        I = 29;
      const y = values(B * I, -4, 4);
      const flat: number[] = [],
        tv: number[] = [];
      for (let r = 0; r < B; r++)
        for (let i = 0; i < I; i++) {
          if (r !== 2 && rnd() < 0.25) {
            flat.push(r * I + i);
            tv.push(r === 4 ? 0.5 + rnd() : 1);
          }
        }
      const t = new Float32Array(B * I);
      flat.forEach((p, e) => {
        t[p] = tv[e];
      });
      const want = multinomialRef(y, t, B, I);
      const yT = tf.tensor2d(y, [B, I]);
      const r = multinomialGradient(yT, tf.tensor1d(flat, 'int32'), tf.tensor1d(tv));
      expect(maxViolation(r.dz.dataSync(), want.dz, 1e-6, 1e-5)).toBeLessThan(1);
      expect(maxViolation(r.dzT.dataSync(), want.dzT, 1e-6, 1e-5)).toBeLessThan(1);
      expect(maxViolation(r.db.dataSync(), want.db, 1e-6, 1e-5)).toBeLessThan(1);
      expect(maxViolation(r.loss.dataSync(), [want.loss], 1e-6, 1e-5)).toBeLessThan(1);
      expect(Math.abs(r.dz.dataSync()[2 * I + 3])).toBe(0);
      // The tfjs ops outputLoss.ts uses without the kernel.
      const ops = tf.tidy(() => {
        const tt = tf.tensor2d(t, [B, I]);
        const zs = tf.sub(yT, tf.max(yT, 1, true));
        const e = tf.exp(zs);
        const s = tf.sum(e, 1, true);
        return [tf.neg(tf.sum(tf.mul(tt, tf.sub(zs, tf.log(s))))), tf.sub(tf.mul(e, tf.div(tf.sum(tt, 1, true), s)), tt)];
      });
      expect(maxViolation(r.loss.dataSync(), ops[0].dataSync(), 1e-5, 1e-5)).toBeLessThan(1);
      expect(maxViolation(r.dz.dataSync(), ops[1].dataSync(), 1e-6, 1e-5)).toBeLessThan(1);
      tf.dispose([yT, r.dz, r.dzT, r.db, r.loss, ...ops]);
    });

    it('RecsysAdamUpdate equals HandOptimizer.apply with the L2 term over 3 steps', () => {
      const model: ModelConfig = { ...MULT_DAE_MODEL, learningRate: 0.01 };
      const sizes = [4 * 3, 3, 3 * 4, 4]; // W1, b1, W2, b2
      const P = sizes.reduce((a, b) => a + b, 0);
      const theta0 = values(P);
      const isWeight = new Float32Array(P);
      let at = 0;
      sizes.forEach((n, k) => {
        if (k % 2 === 0) isWeight.fill(1, at, at + n);
        at += n;
      });
      const a = new HandOptimizer(model, P),
        b = new HandOptimizer(model, P);
      const ta = tf.variable(tf.tensor1d(theta0), false),
        tb = tf.variable(tf.tensor1d(theta0), false);
      const mask = tf.tensor1d(isWeight);
      const scale = 0.25,
        l2 = model.l2;
      for (let s = 0; s < 3; s++) {
        const pieces = sizes.map((n) => values(n, -2, 2));
        let want = 0;
        const wa = ta.dataSync();
        for (let i = 0; i < P; i++) want += isWeight[i] * wa[i] * wa[i];
        const sq = tf.tidy(
          () =>
            a
              .applyAdamHost(
                ta,
                pieces.map((p) => tf.tensor1d(p)),
                scale,
                l2,
              )
              .dataSync()[0],
        );
        expect(maxViolation([sq], [want], 1e-7, 1e-5)).toBeLessThan(1);
        tf.tidy(() => {
          const g = tf.concat(pieces.map((p) => tf.tensor1d(p)));
          b.apply(tb, tf.add(g, tf.mul(tf.mul(tb, mask), (2 * l2) / scale)) as tf.Tensor1D, scale);
        });
      }
      expect(a.step).toBe(3);
      expect(maxViolation(ta.dataSync(), tb.dataSync(), 1e-7, 1e-5)).toBeLessThan(1);
      expect(maxViolation(ta.dataSync(), theta0, 1e-3, 0)).toBeGreaterThan(1); // θ moved
      for (const kind of ['m', 'v']) {
        expect(maxViolation(a.slots.get(kind)!.dataSync(), b.slots.get(kind)!.dataSync(), 1e-9, 1e-5), kind).toBeLessThan(1);
      }
      tf.dispose([ta, tb, mask]);
      a.dispose();
      b.dispose();
    });

    if (backend === 'wasm') {
      it('on wasm the SIMD Adam kernel runs and equals the JS loop (pieces of 4k + 0..3 values)', () => {
        expect(hasWasmAdam()).toBe(true);
        expect(WebAssembly.validate(SCATTER_WIDE_WASM)).toBe(true);
        const memory = (tf.backend() as unknown as { wasm: { asm: { memory: WebAssembly.Memory } } }).wasm.asm.memory;
        expect(adamWasm(memory)).not.toBeNull();
        const sizes = [37, 5, 40, 2];
        const P = sizes.reduce((a, b) => a + b, 0);
        const [theta, m] = [values(P), values(P)];
        const v = values(P, 0, 0.5);
        const grads = sizes.map((n) => values(n, -3, 3));
        const step = { a: 0.01, bc2: 1.5, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, scale: 0.3, l2: 0.02 };
        const run = (jsOnly: boolean) =>
          tf.tidy(() => {
            disabled.wasm = jsOnly;
            try {
              const r = adamUpdate(
                tf.tensor1d(theta),
                tf.tensor1d(m),
                tf.tensor1d(v),
                grads.map((g) => tf.tensor1d(g)),
                step,
              );
              return [r.theta, r.m, r.v, r.weightSq].map((x) => Array.from(x.dataSync()));
            } finally {
              disabled.wasm = false;
            }
          });
        const simd = run(false),
          js = run(true);
        expect(maxViolation(simd[0], theta, 1e-3, 0)).toBeGreaterThan(1); // θ moved
        for (let k = 0; k < 4; k++) expect(maxViolation(simd[k], js[k], 1e-7, 1e-5), `output ${k}`).toBeLessThan(1);
      });
    }

    it('RecsysScatterRows at width 12 (the wide SIMD kernel on wasm) equals the float64 loop', () => {
      for (const jsOnly of [false, true]) {
        const H = 12,
          rows = 9,
          outRows = 7,
          n = 40;
        const d = Int32Array.from({ length: n }, () => Math.floor(rnd() * outRows));
        const sr = Int32Array.from({ length: n }, () => Math.floor(rnd() * rows));
        const v = values(n);
        const x = values(rows * H);
        const want = new Float64Array(outRows * H);
        for (let e = 0; e < n; e++) for (let h = 0; h < H; h++) want[d[e] * H + h] += v[e] * x[sr[e] * H + h];
        scatterWide.jsOnly = jsOnly;
        try {
          const got = tf.tidy(() =>
            scatterRowsScaled(
              tf.tensor1d(d, 'int32'),
              tf.tensor1d(sr, 'int32'),
              tf.tensor1d(v),
              tf.tensor2d(x, [rows, H]),
              outRows,
            ).dataSync(),
          );
          expect(maxViolation(got, want, 1e-6, 1e-5), `jsOnly ${jsOnly}`).toBeLessThan(1);
        } finally {
          scatterWide.jsOnly = false;
        }
      }
    });

    it('RecsysAdamUpdate rejects gradients that do not cover θ', () => {
      const z = tf.zeros([5]) as tf.Tensor1D;
      const step = { a: 1, bc2: 1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, scale: 1, l2: 0 };
      expect(() => adamUpdate(z, z, z, [tf.zeros([3])], step)).toThrow(/gradients have 3 values, θ has 5/);
      z.dispose();
    });

    describe('Mult-DAE-shaped training equals the reference and the tfjs-op path', () => {
      // 53 users / batch 10 → 5 shuffled batches; 31 items; items → 16 (tanh) → items logits.
      const split = syntheticSplit(53, 31, 7, 4);
      const model: ModelConfig = { ...MULT_DAE_MODEL, hidden: [16], batchSize: 10, learningRate: 0.01, seed: 3 };
      const on: StepStrategy = { firstLayer: 'sparse', explicitTranspose: true, wideFrom: 20 }; // the WASM/CPU layout
      const off: StepStrategy = { ...on, hostLossAndOptimizer: false };
      it('kernels on: equals tf.variableGrads; kernels off: same losses and weights', async () => {
        const ref = referenceTrain(split, model, 3);
        const fast = await fastTrain(split, model, 3, on, 'device');
        const ops = await fastTrain(split, model, 3, off, 'device');
        const init = initParams(split.train.cols, model);
        expect(Math.max(...init.map((p, i) => maxViolation(p.data, ref.params[i].data, 1, 0)))).toBeGreaterThan(1e-3); // not vacuous
        const compare = (name: string, got: typeof fast, want: typeof fast) => {
          expect(maxViolation(got.epochLosses, want.epochLosses, 1e-6, 1e-4), name).toBeLessThan(1);
          for (let i = 0; i < want.params.length; i++) {
            expect(maxViolation(got.params[i].data, want.params[i].data, 1e-4, 1e-3), `${name}: ${want.params[i].name}`).toBeLessThan(1);
          }
        };
        compare('kernels on vs reference', fast, ref);
        compare('kernels off vs on', ops, fast);
      });
    });
  });
}
