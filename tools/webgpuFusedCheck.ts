/**
 * Fused-vs-generic WebGPU check for Node through Dawn (run by webgpuFused.test.ts in a child process,
 * because Dawn needs LD_LIBRARY_PATH / VK_ICD_FILENAMES at process start):
 *   LD_LIBRARY_PATH=/usr/lib/chromium VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json \
 *     npx tsx tools/webgpuFusedCheck.ts
 * Trains the same models on the same data with the fused programs and with the generic kernels, both
 * on WebGPU, and prints one JSON line per case: epoch losses, final parameters, top-k of every user
 * (a range and a list) and the compute dispatches per training step of each path.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DatasetSplit } from '../src/data/types';
import { registerNodeBackends } from '../src/backends/node.ts';
import { inputValues, targetValues } from '../src/nn/batching';
import { defaultRunConfig, type ModelConfig } from '../src/engine/config';
import { TrainingData } from '../src/nn/deviceData';
import { InProcessEngine } from '../src/engine/inProcessEngine';
import { topKUnseen } from '../src/nn/evaluate';
import { initParams } from '../src/nn/layers';
import { Network } from '../src/nn/network';
import type { StepStrategy } from '../src/nn/strategy';
import { syntheticSplit } from '../testing/synthetic';
import { trainEpoch } from '../src/engine/trainer';

let dispatches = 0;
async function countDispatches(): Promise<void> {
  const { globals } = await import('webgpu');
  const proto = (globals as unknown as { GPUComputePassEncoder: { prototype: Record<string, (...a: unknown[]) => unknown> } })
    .GPUComputePassEncoder.prototype;
  const orig = proto.dispatchWorkgroups;
  proto.dispatchWorkgroups = function (this: unknown, ...args: unknown[]) {
    dispatches++;
    return orig.apply(this, args);
  };
}

async function runPath(split: DatasetSplit, model: ModelConfig, epochs: number, k: number, fused: boolean) {
  const inputs = inputValues(split, model);
  const data = new TrainingData(split.train, inputs, targetValues(inputs, model), 'device', model.batchSize);
  const strategy: StepStrategy = { firstLayer: 'dense', explicitTranspose: false, fused, hostTopK: false };
  const net = new Network(model, split.train.cols, initParams(split.train.cols, model), strategy);
  const losses: number[] = [];
  let perStep = 0;
  for (let e = 0; e < epochs; e++) {
    const d0 = dispatches;
    const r = await trainEpoch(net, data, e);
    perStep = (dispatches - d0) / r.batches;
    losses.push(r.loss);
  }
  const U = split.train.rows;
  const range = await topKUnseen(net, data, [{ start: 0, end: U }], k, model.activations.at(-1)!);
  const list = Int32Array.from({ length: U }, (_, i) => U - 1 - i);
  const listed = await topKUnseen(net, data, [list], k, model.activations.at(-1)!);
  const params = (await net.read()).filter((t) => !t.name.includes('/')).flatMap((t) => [...t.data]);
  const before = tf.memory().numTensors;
  net.dispose();
  data.dispose();
  return {
    losses,
    params,
    perStep,
    topk: [...range.items],
    topkScores: [...range.scores],
    topkList: [...listed.items],
    tensorsFreed: before - tf.memory().numTensors,
  };
}

const engine = new InProcessEngine(registerNodeBackends());
const info = await engine.init('webgpu');
await countDispatches();

const seed = defaultRunConfig('seed').model;
const cases: { name: string; split: DatasetSplit; model: ModelConfig; k: number }[] = [
  // The tutorial's model; 110 users in array_split batches of 28, 28, 27, 27.
  { name: 'seed', split: syntheticSplit(110, 70, 12, 3), model: { ...seed, batchSize: 25 }, k: 10 },
  // One tanh hidden layer, sigmoid output, other RMSProp settings; users with fewer than k unseen items.
  {
    name: 'one-hidden',
    split: syntheticSplit(50, 30, 28, 5),
    model: {
      ...seed,
      hidden: [6],
      activations: ['tanh', 'sigmoid'],
      learningRate: 0.01,
      decay: 0.8,
      epsilon: 1e-6,
      accumulatorInit: 0.1,
      batchSize: 16,
    },
    k: 10,
  },
];
for (const c of cases) {
  const fused = await runPath(c.split, c.model, 3, c.k, true);
  const generic = await runPath(c.split, c.model, 3, c.k, false);
  console.log(JSON.stringify({ name: c.name, device: info.device, fused, generic }));
}
await engine.dispose();
process.exit(0);
