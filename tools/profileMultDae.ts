/**
 * Profiles mult-dae training steps on a ratings file (Node, WASM or CPU): per-kernel time over a few
 * steps (tf.profile) and wall time per step. Developer tool, not a benchmark.
 *
 *   npx tsx tools/profileMultDae.ts FILE [--backend wasm|cpu] [--steps N] [--kernels on|off]  (off: hostLossAndOptimizer false)
 */
import * as tf from '@tensorflow/tfjs-core';
import { ingestSources } from '../src/data/ingest';
import { splitDataset } from '../src/data/split';
import { nodeFileSource } from '../src/cli/nodeSource';
import { registerNodeBackends } from '../src/backends/node.ts';
import { selectBackend } from '../src/backends/backend';
import { defaultRunConfig } from '../src/engine/config';
import { resolveOptions } from '../src/engine/engineSupport';
import { dropoutMask, epochUserOrder, inputValues, targetValues } from '../src/nn/batching';
import { TrainingData } from '../src/nn/deviceData';
import { initParams } from '../src/nn/layers';
import { Network } from '../src/nn/network';
import { Rng } from '../src/data/rng';
import { entryCount } from '../src/engine/trainer';

async function main(): Promise<void> {
  tf.env().set('PROD', true);
  const argv = process.argv.slice(2);
  const file = argv[0];
  const opt = (name: string, d: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : d;
  };
  const backend = opt('backend', 'wasm');
  const steps = Number(opt('steps', '6'));
  await selectBackend(backend as 'wasm', registerNodeBackends({ webgpu: false }));
  const ingest = await ingestSources([await nodeFileSource(file)]);
  const config = defaultRunConfig('mult-dae');
  const split = splitDataset(ingest.dataset, config.split);
  const model = config.model;
  const inputs = inputValues(split, model);
  const data = new TrainingData(split.train, inputs, targetValues(inputs, model), 'device', model.batchSize);
  const strategy = { ...resolveOptions({}, tf.getBackend()).strategy, hostLossAndOptimizer: opt('kernels', 'on') !== 'off' };
  const net = new Network(model, split.train.cols, initParams(split.train.cols, model), strategy);
  const order = epochUserOrder(split.train.rows, model, 0)!;
  const rng = new Rng(7);
  const run = (s: number) => {
    const u = order.subarray((s * 100) % 500, ((s * 100) % 500) + 100);
    net.trainStep(data, u, dropoutMask(rng, entryCount(data, u), 0.5));
  };
  for (let s = 0; s < 2; s++) run(s);
  await net.takeLossSum();
  const wall: number[] = [];
  const prof = await tf.profile(async () => {
    for (let s = 0; s < steps; s++) {
      const t = performance.now();
      run(s);
      await net.takeLossSum();
      wall.push(performance.now() - t);
    }
  });
  const by = new Map<string, { ms: number; n: number }>();
  for (const k of prof.kernels) {
    const key = `${k.name} ${k.inputShapes.map((s) => `[${s}]`).join(' ')}`;
    const e = by.get(key) ?? { ms: 0, n: 0 };
    e.ms += (await k.kernelTimeMs) as number;
    e.n++;
    by.set(key, e);
  }
  const rows = [...by].sort((a, b) => b[1].ms - a[1].ms);
  const total = rows.reduce((s, [, e]) => s + e.ms, 0);
  for (const [k, e] of rows.slice(0, 30))
    console.log(`${(e.ms / steps).toFixed(1).padStart(8)} ms/step ${String(e.n / steps).padStart(4)}× ${k}`);
  console.log(`kernels ${(total / steps).toFixed(1)} ms/step; wall ${wall.map((w) => w.toFixed(0)).join(' ')} ms (profiled)`);
  const w2: number[] = [];
  for (let s = 0; s < steps; s++) {
    const t = performance.now();
    run(s);
    await net.takeLossSum();
    w2.push(performance.now() - t);
  }
  console.log(`wall unprofiled ${w2.map((w) => w.toFixed(0)).join(' ')} ms per step of ${model.batchSize} users`);
}
main();
