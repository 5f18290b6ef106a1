import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelConfig } from '../engine/config';
import { SEED_MODEL } from '../engine/presets';
import { HandOptimizer } from './optimizer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const w0 = [1, -2, 0.5];
const grads = [
  [0.5, -1, 0.002],
  [0.1, 0.3, -0.004],
];

async function run(model: ModelConfig): Promise<number[][]> {
  const theta = tf.variable(tf.tensor1d(w0), false);
  const opt = new HandOptimizer(model, 3);
  const out: number[][] = [];
  for (const g of grads) {
    tf.tidy(() => opt.apply(theta, tf.tensor1d(g)));
    out.push([...(await theta.data())]);
  }
  theta.dispose();
  opt.dispose();
  return out;
}

describe('HandOptimizer', () => {
  it('TF1 RMSProp (accumulator 1, eps 1e-10, no momentum) matches a hand computation over two steps', async () => {
    const m = SEED_MODEL; // lr 0.03, decay 0.9, eps 1e-10
    const got = await run(m);
    const ms = [1, 1, 1],
      w = [...w0];
    grads.forEach((g, step) => {
      for (let i = 0; i < 3; i++) {
        ms[i] = ms[i] + (g[i] * g[i] - ms[i]) * (1 - 0.9);
        w[i] -= (0.03 * g[i]) / Math.sqrt(ms[i] + 1e-10);
      }
      for (let i = 0; i < 3; i++) expect(got[step][i]).toBeCloseTo(w[i], 6);
    });
    // Step 1 of weight 0 by hand: ms = 1 + (0.25 − 1)·0.1 = 0.925, w = 1 − 0.015/√0.925.
    expect(got[0][0]).toBeCloseTo(1 - 0.015 / Math.sqrt(0.925), 6);
  });

  it('TF1 RMSProp with momentum keeps a velocity slot', async () => {
    const m = { ...SEED_MODEL, momentum: 0.5 };
    const got = await run(m);
    const ms = [1, 1, 1],
      mom = [0, 0, 0],
      w = [...w0];
    grads.forEach((g, step) => {
      for (let i = 0; i < 3; i++) {
        ms[i] += (g[i] * g[i] - ms[i]) * 0.1;
        mom[i] = 0.5 * mom[i] + (0.03 * g[i]) / Math.sqrt(ms[i] + 1e-10);
        w[i] -= mom[i];
      }
      for (let i = 0; i < 3; i++) expect(got[step][i]).toBeCloseTo(w[i], 6);
    });
  });

  it('Adam with bias correction matches a hand computation over two steps', async () => {
    const m: ModelConfig = { ...SEED_MODEL, optimizer: 'adam', learningRate: 0.01 };
    const got = await run(m);
    const mm = [0, 0, 0],
      vv = [0, 0, 0],
      w = [...w0];
    grads.forEach((g, step) => {
      const t = step + 1;
      for (let i = 0; i < 3; i++) {
        mm[i] = 0.9 * mm[i] + 0.1 * g[i];
        vv[i] = 0.999 * vv[i] + 0.001 * g[i] * g[i];
        w[i] -= (0.01 * (mm[i] / (1 - 0.9 ** t))) / (Math.sqrt(vv[i] / (1 - 0.999 ** t)) + 1e-8);
      }
      for (let i = 0; i < 3; i++) expect(got[step][i]).toBeCloseTo(w[i], 6);
    });
    // Adam's first step moves every weight by ≈ lr against the gradient sign.
    expect(got[0][0]).toBeCloseTo(1 - 0.01, 5);
  });
});
