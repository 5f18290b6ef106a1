/**
 * Runner side of the Node benchmarks: starts bench/node-engine.ts in a child process per backend (cold
 * start, own memory), reads its `@@result` line, and turns it into JSON records: node-train-epoch /
 * node-evaluate (cpu, wasm) and gpu-seed (webgpu through Dawn, with dispatch counts).
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { prepareVulkanEnv } from '../src/cli/vulkan';
import type { BenchData } from './data';
import { afterWarmup, benchRecord, round, summarize, type BenchRecord } from './stats';

/** What bench/node-engine.ts prints after RESULT_PREFIX. */
export interface EngineResult {
  backend: string;
  reason: string;
  device: string | null;
  users: number;
  items: number;
  ratings: number;
  trainRatings: number;
  testRatings: number;
  epochs: number;
  /** Users per batch and batches per epoch. */
  batchSize: number;
  batches: number;
  ingestMs: number;
  /** engine.init + engine.load (backend start, upload, weight init). */
  setupMs: number;
  /** engine.train wall time: all epochs, each with its evaluation. */
  runMs: number;
  trainMs: number[];
  evalMs: number[];
  trainCpuMs: number[];
  evalCpuMs: number[];
  loss: number[];
  precision: number[];
  state: string;
  /** process.resourceUsage().maxRSS, MiB. */
  maxRssMb: number;
  /** WebGPU with the fused programs (webgpuFused.ts); false: generic tfjs kernels (or not WebGPU). */
  fused?: boolean;
  /** Compute dispatches per epoch (webgpu with --count-dispatches): training part, evaluation part. */
  dispatches?: { train: number[]; eval: number[] };
}

export const RESULT_PREFIX = '@@result ';

const SCRIPT = resolve(import.meta.dirname, 'node-engine.ts');

/** The environment of a webgpu child: Vulkan set up as the CLI does it (SwiftShader only without a system driver). */
export function webgpuEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env = { ...base };
  const { needsLibraryDir } = prepareVulkanEnv(env);
  if (needsLibraryDir) env.LD_LIBRARY_PATH = [needsLibraryDir, env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  return env;
}

/** Runs one engine child (same Node and tsx loader as this process); its stderr is passed through. */
export function runEngine(opts: { backend: string; data: string; epochs: number; countDispatches?: boolean }): Promise<EngineResult> {
  const args = [...process.execArgv, SCRIPT, '--backend', opts.backend, '--data', opts.data, '--epochs', String(opts.epochs)];
  if (opts.countDispatches) args.push('--count-dispatches');
  const env = opts.backend === 'webgpu' ? webgpuEnv() : process.env;
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      const line = out.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (code !== 0 || !line)
        return fail(new Error(`node engine (${opts.backend}) exited with ${code ?? signal}${line ? '' : ', no result'}`));
      try {
        done(JSON.parse(line.slice(RESULT_PREFIX.length)) as EngineResult);
      } catch (e) {
        fail(e instanceof Error ? e : new Error(String(e)));
      }
    });
  });
}

/** Fields shared by the records of one engine result. */
function base(r: EngineResult, bench: string, cores: number) {
  return { bench, runtime: 'node', backend: r.backend, users: r.users, items: r.items, ratings: r.ratings, cores };
}

/** node-train-epoch and node-evaluate records of one engine run (warm-up epochs excluded). */
export function nodeTrainRecords(
  r: EngineResult,
  o: { warmup: number; runs: number; cores: number; data: BenchData; loadAvg: number[] },
): BenchRecord[] {
  if (r.state !== 'done') throw new Error(`training ended ${r.state}`);
  const w = o.warmup,
    n = o.runs;
  const common = {
    preset: 'seed',
    batch_size: r.batchSize,
    batches_per_epoch: r.batches,
    warmup: w,
    data: o.data.size,
    device: r.reason,
    peak_mb: r.maxRssMb,
    memory_method: 'process.resourceUsage().maxRSS of the Node child process (ingest + split + training), MiB',
    load_avg: o.loadAvg,
  };
  const cpu = (xs: number[]) => round(summarize(afterWarmup(xs, w, n)).median);
  return [
    benchRecord(base(r, 'node-train-epoch', o.cores), afterWarmup(r.trainMs, w, n), { ...common, cpu_median_ms: cpu(r.trainCpuMs) }),
    benchRecord(base(r, 'node-evaluate', o.cores), afterWarmup(r.evalMs, w, n), {
      ...common,
      eval_users: r.users,
      cpu_median_ms: cpu(r.evalCpuMs),
    }),
  ];
}

/** The gpu-seed record: total seconds of the run, per-epoch stats (epoch 1 excluded when there are more), dispatches per step. */
export function gpuSeedRecord(r: EngineResult, o: { cores: number; data: BenchData; loadAvg: number[] }): BenchRecord {
  if (r.state !== 'done') throw new Error(`training ended ${r.state}`);
  const perEpoch = r.trainMs.map((t, i) => t + r.evalMs[i]);
  const skip = perEpoch.length > 1 ? 1 : 0;
  const d = r.dispatches;
  // Dispatches of the last epoch (the first may include one-time work); per training step = / batches.
  const e = d ? d.train.length - 1 : -1;
  return benchRecord(base(r, 'gpu-seed', o.cores), perEpoch.slice(skip), {
    note: `median/min/max: ms per epoch (training + evaluation)${skip ? ', epoch 1 excluded' : ', single epoch'}`,
    fused: r.fused ?? false,
    epochs: r.epochs,
    total_s: round(r.runMs / 1000, 2),
    target_s: 10,
    setup_s: round(r.setupMs / 1000, 2),
    ingest_s: round(r.ingestMs / 1000, 2),
    train_median_ms: round(summarize(r.trainMs.slice(skip)).median),
    eval_median_ms: round(summarize(r.evalMs.slice(skip)).median),
    batches_per_epoch: r.batches,
    dispatches_per_step: d && r.batches ? round(d.train[e] / r.batches, 2) : null,
    dispatches_per_epoch_train: d ? d.train[e] : null,
    dispatches_per_eval: d ? d.eval[e] : null,
    dispatch_epoch: e + 1,
    final_loss: r.loss.at(-1),
    final_precision: r.precision.at(-1),
    device: r.device ?? r.reason,
    reason: r.reason,
    data: o.data.size,
    peak_mb: r.maxRssMb,
    memory_method: 'process.resourceUsage().maxRSS of the Node child process (host memory only, not GPU memory), MiB',
    load_avg: o.loadAvg,
  });
}
