import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Activation } from './config';
import { registerHostKernels, sparseTargetGradient } from './hostKernels';
import { maxViolation } from './testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerHostKernels();
});

describe('RecsysSparseTargetGrad equals the dense computation', () => {
  // 7 × 13 = 91 outputs: not a multiple of the unroll widths, so the tail loops run too.
  const B = 7, I = 13;
  const y = Float32Array.from({ length: B * I }, (_, i) => ((i * 37) % 101) / 101);
  const flat = Int32Array.from([0, 5, 12, 14, 30, 31, 50, 77, 89, 90]);
  const vals = Float32Array.from(flat, (_, e) => 0.1 * (e + 1));
  const derivative: Record<Activation, (a: number) => number> = { sigmoid: (a) => a * (1 - a), tanh: (a) => 1 - a * a, relu: (a) => (a > 0 ? 1 : 0), linear: () => 1 };
  for (const act of ['sigmoid', 'tanh', 'relu', 'linear'] as Activation[]) {
    it(act, () => {
      const t = new Float32Array(B * I);
      flat.forEach((p, e) => (t[p] = vals[e]));
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
