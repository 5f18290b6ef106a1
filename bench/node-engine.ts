/**
 * Child process of the Node benchmarks (node-train-epoch / node-evaluate and gpu-seed): ingests a ratings
 * file with the app's parser (as the CLI does), splits it with the Seed preset's split, trains the Seed
 * preset on one backend through InProcessEngine (the CLI's engine) and prints one result line
 * `@@result {json}` on stdout: per-epoch EpochReport timings, process CPU time per span, peak RSS and,
 * with --count-dispatches (webgpu), the WebGPU compute dispatches of each epoch's training and evaluation.
 *
 *   tsx bench/node-engine.ts --backend cpu|wasm|webgpu --data FILE --epochs N [--count-dispatches] [--fused on|off]
 *
 * --fused off: WebGPU with the generic tfjs kernels instead of the fused programs (webgpuFused.ts).
 *
 * Run as a separate process so each backend starts cold and its memory is its own.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ingestSources } from '../src/data/ingest';
import { splitDataset } from '../src/data/split';
import { nodeFileSource } from '../src/cli/nodeSource';
import { argTokens } from '../src/cli/argTokens';
import { registerNodeBackends } from '../src/backends/node.ts';
import { defaultRunConfig } from '../src/engine/config';
import type { BackendName, EpochReport } from '../src/engine/engine';
import { InProcessEngine } from '../src/engine/inProcessEngine';
import { RESULT_PREFIX, type EngineResult } from './node';

/** Installs a counter on Dawn's GPUComputePassEncoder before tfjs-backend-webgpu loads; returns a reader. */
async function countDispatches(): Promise<() => number> {
  const { globals } = await import('webgpu');
  const proto = (globals as unknown as { GPUComputePassEncoder: { prototype: Record<string, (...a: unknown[]) => unknown> } })
    .GPUComputePassEncoder.prototype;
  let n = 0;
  for (const name of ['dispatchWorkgroups', 'dispatchWorkgroupsIndirect']) {
    const orig = proto[name];
    if (typeof orig !== 'function') continue;
    proto[name] = function (this: unknown, ...args: unknown[]) {
      n++;
      return orig.apply(this, args);
    };
  }
  return () => n;
}

/** `--name value` flags by name (node:util parseArgs); `--count-dispatches` takes no value. */
function flags(argv: string[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const t of argTokens(argv, { values: ['backend', 'data', 'epochs', 'fused'], booleans: ['count-dispatches'] })) {
    if (t.kind === 'word') throw new Error(`unexpected argument ${t.value}`);
    m.set(t.name, t.name === 'count-dispatches' ? '1' : (t.value ?? ''));
  }
  return m;
}

async function main(): Promise<void> {
  tf.env().set('PROD', true);
  const f = flags(process.argv.slice(2));
  const backend = (f.get('backend') ?? 'wasm') as BackendName;
  const file = f.get('data');
  if (!file) throw new Error('--data FILE is required');
  const epochs = Number(f.get('epochs') ?? 6);
  const log = (s: string) => process.stderr.write(`  [node ${backend}] ${s}\n`);
  const dispatched = f.has('count-dispatches') && backend === 'webgpu' ? await countDispatches() : null;

  const t0 = performance.now();
  const ingest = await ingestSources([await nodeFileSource(file)]);
  const config = defaultRunConfig('seed');
  config.model.epochs = epochs;
  config.backend = backend;
  const split = splitDataset(ingest.dataset, config.split);
  const ingestMs = performance.now() - t0;
  log(`ingested ${ingest.stats.users} × ${ingest.stats.items} × ${ingest.stats.ratings} in ${(ingestMs / 1000).toFixed(1)} s`);

  const t1 = performance.now();
  const fusedFlag = f.get('fused') ?? 'on';
  if (fusedFlag !== 'on' && fusedFlag !== 'off') throw new Error(`--fused must be on or off, not ${fusedFlag}`);
  const engine = new InProcessEngine(registerNodeBackends({ webgpu: backend === 'webgpu' }), { fusedGpu: fusedFlag === 'on' });
  const info = await engine.init(backend);
  await engine.load(split, config);
  const setupMs = performance.now() - t1;
  log(`${info.reason}${info.device ? ` [${info.device}]` : ''}; set up in ${(setupMs / 1000).toFixed(1)} s`);

  const cpuMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const reports: EpochReport[] = [];
  const trainCpuMs: number[] = [],
    evalCpuMs: number[] = [];
  const dTrain: number[] = [],
    dEval: number[] = [];
  let batches = 0;
  let cpuMark = cpuMs(),
    cpuBatchEnd = 0;
  let dMark = dispatched?.() ?? 0,
    dBatchEnd = 0;
  const t2 = performance.now();
  const state = await engine.train({
    onBatch: (_e, done, total) => {
      if (done !== total) return;
      batches = total;
      cpuBatchEnd = cpuMs();
      dBatchEnd = dispatched?.() ?? 0;
    },
    onEpoch: (r) => {
      reports.push(r);
      const c = cpuMs();
      trainCpuMs.push(cpuBatchEnd - cpuMark);
      evalCpuMs.push(c - cpuBatchEnd);
      cpuMark = c;
      if (dispatched) {
        const d = dispatched();
        dTrain.push(dBatchEnd - dMark);
        dEval.push(d - dBatchEnd);
        dMark = d;
      }
      log(`epoch ${r.epoch}/${epochs}: train ${r.trainMs.toFixed(0)} ms, eval ${r.evalMs.toFixed(0)} ms, loss ${r.loss.toFixed(5)}`);
    },
  });
  const runMs = performance.now() - t2;
  await engine.dispose();
  const nnz = (c: { rowPtr: Int32Array; rows: number }) => c.rowPtr[c.rows];
  const result: EngineResult = {
    backend: info.name,
    reason: info.reason,
    device: info.device ?? null,
    fused: backend === 'webgpu' && fusedFlag === 'on',
    users: ingest.stats.users,
    items: ingest.stats.items,
    ratings: ingest.stats.ratings,
    trainRatings: nnz(split.train),
    testRatings: nnz(split.test),
    epochs: reports.length,
    batchSize: config.model.batchSize,
    batches,
    ingestMs,
    setupMs,
    runMs,
    trainMs: reports.map((r) => r.trainMs),
    evalMs: reports.map((r) => r.evalMs),
    trainCpuMs,
    evalCpuMs,
    loss: reports.map((r) => r.loss),
    precision: reports.map((r) => r.test.precision),
    state,
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    ...(dispatched ? { dispatches: { train: dTrain, eval: dEval } } : {}),
  };
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
