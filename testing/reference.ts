/**
 * TEST-ONLY reference implementation: the same model written the obvious way — dense [B, I] batches
 * filled on the host, forward with plain ops, gradients from tf.variableGrads, and per-parameter
 * optimiser updates written directly from the formulas. Unit tests compare the fast path against it.
 * Slow and memory-hungry; never used by the app.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { Rng } from '../src/data/rng';
import type { DatasetSplit } from '../src/data/types';
import {
  arraySplitOffsets,
  batchEntries,
  dropoutMask,
  epochUserOrder,
  inputValues,
  STREAM_DROPOUT,
  streamSeed,
  targetValues,
} from '../src/nn/batching';
import type { ModelConfig } from '../src/engine/config';
import { activate } from '../src/nn/activations';
import { initParams, type HostTensor } from '../src/nn/layers';
import { ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON } from '../src/nn/optimizer';

export interface ReferenceResult {
  /** Mean batch loss of each epoch. */
  epochLosses: number[];
  /** Final weights and biases (W1, b1, …). */
  params: HostTensor[];
}

/** Trains `epochs` epochs from the seeded initialisation and returns losses and weights. */
export function referenceTrain(split: DatasetSplit, model: ModelConfig, epochs: number): ReferenceResult {
  const I = split.train.cols;
  const inputs = inputValues(split, model);
  const targets = targetValues(inputs, model);
  const init = initParams(I, model);
  const vars = tf.tidy(() => init.map((p) => tf.variable(tf.tensor(p.data, p.shape, 'float32'), true)));
  const slot = (value: number) => tf.tidy(() => vars.map((v) => tf.variable(tf.fill(v.shape, value), false)));
  const ms = slot(model.accumulatorInit),
    mom = slot(0),
    am = slot(0),
    av = slot(0);
  const L = vars.length / 2;
  const epochLosses: number[] = [];
  let step = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const offsets = arraySplitOffsets(split.train.rows, model.batchSize);
    const order = epochUserOrder(split.train.rows, model, epoch);
    const rng = new Rng(streamSeed(model.seed, STREAM_DROPOUT, epoch));
    let total = 0;
    for (let b = 0; b + 1 < offsets.length; b++) {
      const users = order
        ? order.slice(offsets[b], offsets[b + 1])
        : Int32Array.from({ length: offsets[b + 1] - offsets[b] }, (_, i) => offsets[b] + i);
      const { entries, localRows } = batchEntries(split.train, users);
      const mask = model.dropout > 0 ? dropoutMask(rng, entries.length, model.dropout) : null;
      const xs = new Float32Array(users.length * I),
        ts = new Float32Array(users.length * I);
      entries.forEach((e, j) => {
        const at = localRows[j] * I + split.train.colIdx[e];
        xs[at] = inputs[e] * (mask ? mask[j] : 1);
        ts[at] = targets ? targets[e] : inputs[e];
      });
      step++;
      const loss = tf.tidy(() => {
        const x = tf.tensor2d(xs, [users.length, I]),
          t = tf.tensor2d(ts, [users.length, I]);
        const f = (): tf.Scalar => {
          let a: tf.Tensor2D = x;
          for (let l = 0; l < L; l++) a = activate(tf.add(tf.matMul(a, vars[2 * l] as tf.Tensor2D), vars[2 * l + 1]), model.activations[l]);
          let loss: tf.Scalar =
            model.loss === 'mse-dense'
              ? tf.mean(tf.square(tf.sub(a, t)))
              : (tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(a), t), 1))) as tf.Scalar);
          for (let l = 0; l < L && model.l2 > 0; l++) loss = tf.add(loss, tf.mul(model.l2, tf.sum(tf.square(vars[2 * l]))));
          return loss;
        };
        const { value, grads } = tf.variableGrads(f, vars);
        vars.forEach((v, i) => {
          const g = grads[v.name];
          if (model.optimizer === 'adam') {
            am[i].assign(tf.add(tf.mul(ADAM_BETA1, am[i]), tf.mul(1 - ADAM_BETA1, g)));
            av[i].assign(tf.add(tf.mul(ADAM_BETA2, av[i]), tf.mul(1 - ADAM_BETA2, tf.square(g))));
            const mHat = tf.div(am[i], 1 - ADAM_BETA1 ** step),
              vHat = tf.div(av[i], 1 - ADAM_BETA2 ** step);
            v.assign(tf.sub(v, tf.div(tf.mul(model.learningRate, mHat), tf.add(tf.sqrt(vHat), ADAM_EPSILON))));
          } else {
            ms[i].assign(tf.add(tf.mul(model.decay, ms[i]), tf.mul(1 - model.decay, tf.square(g))));
            mom[i].assign(
              tf.add(tf.mul(model.momentum, mom[i]), tf.div(tf.mul(model.learningRate, g), tf.sqrt(tf.add(ms[i], model.epsilon)))),
            );
            v.assign(tf.sub(v, mom[i]));
          }
        });
        return value.dataSync()[0];
      });
      total += loss;
    }
    epochLosses.push(total / (offsets.length - 1));
  }
  const params = init.map((p, i) => ({ name: p.name, shape: p.shape, data: (vars[i].dataSync() as Float32Array).slice() }));
  for (const v of [...vars, ...ms, ...mom, ...am, ...av]) v.dispose();
  return { epochLosses, params };
}
