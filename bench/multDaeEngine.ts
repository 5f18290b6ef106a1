/**
 * Child process of the mult-dae-epoch benchmark: ingests a ratings file (the CLI's parser and split),
 * then trains two copies of the mult-dae preset on one backend from the same initialisation, epoch by
 * epoch in turn: one with the Mult-DAE host kernels (multinomialKernel.ts, adamKernel.ts), one without
 * (`hostLossAndOptimizer: false`, the tfjs-op path), alternating which goes first. Both see the same
 * shuffles and dropout masks, so their losses must agree; timing both in one process makes their ratio
 * robust to the machine's load. Prints `@@result {json}`: per-epoch training ms of each (trainEpoch
 * wall time, what EpochReport.trainMs measures; no evaluation), losses, peak RSS.
 *
 *   tsx bench/multDaeEngine.ts --backend wasm|cpu --data FILE --epochs N
 */
import * as tf from '@tensorflow/tfjs-core';
import { ingestSources } from '../src/data/ingest';
import { splitDataset } from '../src/data/split';
import { nodeFileSource } from '../src/cli/nodeSource';
import { registerNodeBackends } from '../src/backends/node.ts';
import { selectBackend } from '../src/backends/backend';
import { defaultRunConfig } from '../src/engine/config';
import { resolveOptions } from '../src/engine/engineSupport';
import { trainEpoch } from '../src/engine/trainer';
import { inputValues, targetValues } from '../src/nn/batching';
import { TrainingData } from '../src/nn/deviceData';
import { initParams } from '../src/nn/layers';
import { Network } from '../src/nn/network';
import { MULT_DAE_RESULT, type MultDaeResult } from './multDae';

async function main(): Promise<void> {
  tf.env().set('PROD', true);
  const argv = process.argv.slice(2);
  const flag = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const backend = flag('backend') ?? 'wasm';
  const file = flag('data');
  if (!file) throw new Error('--data FILE is required');
  const epochs = Number(flag('epochs') ?? 6);
  const info = await selectBackend(backend as 'wasm', registerNodeBackends({ webgpu: false }));
  const ingest = await ingestSources([await nodeFileSource(file)]);
  const config = defaultRunConfig('mult-dae');
  const model = config.model;
  const split = splitDataset(ingest.dataset, config.split);
  const inputs = inputValues(split, model);
  const data = new TrainingData(split.train, inputs, targetValues(inputs, model), 'device', model.batchSize);
  const init = initParams(split.train.cols, model);
  const strategy = resolveOptions({}, info.name).strategy;
  const runs = [
    { net: new Network(model, split.train.cols, init, strategy), ms: [] as number[], loss: [] as number[] },
    {
      net: new Network(model, split.train.cols, init, { ...strategy, hostLossAndOptimizer: false }),
      ms: [] as number[],
      loss: [] as number[],
    },
    {
      net: new Network(model, split.train.cols, init, { ...strategy, twoThreadProducts: false }),
      ms: [] as number[],
      loss: [] as number[],
    },
  ];
  let batches = 0;
  for (let e = 0; e < epochs; e++) {
    for (const r of e % 2 === 0 ? runs : [...runs].reverse()) {
      const t0 = performance.now();
      const out = await trainEpoch(r.net, data, e);
      r.ms.push(performance.now() - t0);
      r.loss.push(out.loss);
      batches = out.batches;
    }
    process.stderr.write(
      `  [mult-dae ${info.name}] epoch ${e + 1}/${epochs}: kernels on ${runs[0].ms[e].toFixed(0)} ms (loss ${runs[0].loss[e].toFixed(4)}), off ${runs[1].ms[e].toFixed(0)} ms (loss ${runs[1].loss[e].toFixed(4)}), one-thread ${runs[2].ms[e].toFixed(0)} ms (loss ${runs[2].loss[e].toFixed(4)})\n`,
    );
  }
  const result: MultDaeResult = {
    backend: info.name,
    users: ingest.stats.users,
    items: ingest.stats.items,
    ratings: ingest.stats.ratings,
    batches,
    onMs: runs[0].ms,
    offMs: runs[1].ms,
    onLoss: runs[0].loss,
    offLoss: runs[1].loss,
    oneThreadMs: runs[2].ms,
    oneThreadLoss: runs[2].loss,
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  process.stdout.write(`${MULT_DAE_RESULT}${JSON.stringify(result)}\n`);
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
