import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelConfig } from '../engine/config';
import { SEED_MODEL } from '../engine/presets';
import { initParams } from './layers';
import type { StepStrategy } from './strategy';
import { referenceTrain } from '../../testing/reference';
import { syntheticSplit } from '../../testing/synthetic';
import { fastTrain, maxViolation } from '../../testing/fastPath';

const split = syntheticSplit(37, 23, 6, 3);

// 37 users / batch 8 → np.array_split into 4 batches [10, 9, 9, 9].
const seed: ModelConfig = { ...SEED_MODEL, hidden: [10, 5, 10], batchSize: 8, epochs: 3 };
const multTanh: ModelConfig = {
  ...SEED_MODEL,
  hidden: [12, 6],
  activations: ['tanh', 'tanh', 'linear'],
  init: 'glorot',
  optimizer: 'adam',
  learningRate: 0.01,
  loss: 'multinomial',
  input: 'binary-l2',
  dropout: 0.3,
  l2: 0.01,
  batchSize: 10,
  shuffle: true,
  seed: 5,
};
const seedFast: ModelConfig = { ...seed, learningRate: 0.5 };
const reluMomentum: ModelConfig = {
  ...SEED_MODEL,
  hidden: [8],
  activations: ['relu', 'sigmoid'],
  momentum: 0.5,
  learningRate: 0.01,
  batchSize: 12,
  seed: 9,
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('fast path equals the reference (tf.variableGrads) path', () => {
  type Case = [string, ModelConfig, StepStrategy, 'device' | 'host'];
  const dense: StepStrategy = { firstLayer: 'dense', explicitTranspose: false };
  const denseExplicit: StepStrategy = { firstLayer: 'dense', explicitTranspose: true, wideFrom: 20 }; // 23 items: output layer uses [dWᵀ | db]
  const sparse: StepStrategy = { firstLayer: 'sparse', explicitTranspose: false }; // host kernels (CPU/WASM)
  const sparseExplicit: StepStrategy = { firstLayer: 'sparse', explicitTranspose: true, wideFrom: 20 }; // the layout WASM and CPU use
  const sparseOps: StepStrategy = { firstLayer: 'sparse', explicitTranspose: false, hostKernels: false }; // tfjs ops (GPU)
  const denseOps: StepStrategy = { firstLayer: 'dense', explicitTranspose: false, hostKernels: false };
  const cases: Case[] = [
    ['seed preset, dense first layer', seed, dense, 'device'],
    ['seed preset, explicit transposes (WASM layout)', seed, denseExplicit, 'device'],
    ['seed preset, sparse first layer (host kernels, sparse MSE target)', seed, sparse, 'device'],
    ['seed preset, sparse first layer + explicit transposes (the WASM/CPU layout)', seed, sparseExplicit, 'device'],
    ['seed preset at lr 0.5, sparse first layer + explicit transposes', seedFast, sparseExplicit, 'device'],
    ['seed preset, sparse first layer with tfjs ops (GPU path)', seed, sparseOps, 'device'],
    ['seed preset, dense MSE with tfjs ops (GPU path)', seed, denseOps, 'device'],
    ['seed preset, host-built batches', seed, dense, 'host'],
    ['seed preset at lr 0.5 (weights move a lot), explicit transposes', seedFast, denseExplicit, 'device'],
    ['multinomial/tanh + binary-l2, dropout, L2, Adam, Glorot, shuffle (sparse)', multTanh, sparse, 'device'],
    ['multinomial/tanh … sparse with tfjs ops', multTanh, sparseOps, 'device'],
    [
      'seed preset with dropout and shuffle (sparse target differs from the input)',
      { ...seed, dropout: 0.2, shuffle: true },
      sparse,
      'device',
    ],
    ['multinomial/tanh … with explicit transposes', multTanh, denseExplicit, 'device'],
    ['multinomial/tanh on host-built batches', multTanh, dense, 'host'],
    ['relu + RMSProp momentum', reluMomentum, dense, 'device'],
  ];
  for (const [name, model, step, mode] of cases) {
    it(name, async () => {
      const ref = referenceTrain(split, model, 3);
      const fast = await fastTrain(split, model, 3, step, mode);
      expect(maxViolation(fast.epochLosses, ref.epochLosses, 1e-6, 1e-4)).toBeLessThan(1);
      const init = initParams(split.train.cols, model);
      const moved = Math.max(...init.map((p, i) => maxViolation(p.data, ref.params[i].data, 1, 0)));
      expect(moved).toBeGreaterThan(1e-3); // the comparison is not vacuous
      for (let i = 0; i < ref.params.length; i++) {
        expect(fast.params[i].name).toBe(ref.params[i].name);
        expect(maxViolation(fast.params[i].data, ref.params[i].data, 1e-4, 1e-3), ref.params[i].name).toBeLessThan(1);
      }
    });
  }
});
