/**
 * Runner side of the mult-dae-epoch benchmark: starts bench/multDaeEngine.ts in a child process (cold
 * start, own memory) on ml-latest-small-shaped generated data and turns its result into one record: ms
 * per mult-dae training epoch with the Mult-DAE host kernels (median/min/max), the same epochs without
 * them (`off_*`) and with them but the wide products on one thread with tf.matMul (`one_thread_*`),
 * all measured in the same process, alternating; the ratios, and the runs' losses.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { BenchData } from './data';
import { afterWarmup, benchRecord, round, summarize, type BenchRecord } from './stats';

export const MULT_DAE_RESULT = '@@result ';

/** What the child prints after MULT_DAE_RESULT. */
export interface MultDaeResult {
  backend: string;
  users: number;
  items: number;
  ratings: number;
  batches: number;
  /** Per epoch, ms: with the host kernels, with the tfjs-op path, and with the host kernels but twoThreadProducts false. */
  onMs: number[];
  offMs: number[];
  onLoss: number[];
  offLoss: number[];
  oneThreadMs: number[];
  oneThreadLoss: number[];
  maxRssMb: number;
}

const SCRIPT = resolve(import.meta.dirname, 'multDaeEngine.ts');

/** PyTorch, same network and data shape, this 2-core machine (the team's earlier measurement), s per epoch. */
export const PYTORCH_EPOCH_S = [0.71, 0.9];

const PYTORCH_SCRIPT = resolve(import.meta.dirname, 'pytorch_mult_dae.py');

/** What bench/pytorch_mult_dae.py prints (ms per epoch after its warm-up). */
export interface PytorchResult {
  torch: string;
  threads: number;
  samples_ms: number[];
}

/**
 * bench/pytorch_mult_dae.py on `data` (python3 with torch), or null where it cannot run (no python3
 * or no torch): the same network in PyTorch, for a side-by-side figure.
 */
export function runPytorch(data: string, epochs: number): Promise<PytorchResult | null> {
  return new Promise((done) => {
    const child = spawn('python3', [PYTORCH_SCRIPT, data, '--epochs', String(epochs)], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
    });
    child.on('error', () => done(null));
    child.on('exit', (code) => {
      try {
        done(code === 0 ? (JSON.parse(out.trim().split('\n').at(-1)!) as PytorchResult) : null);
      } catch {
        done(null);
      }
    });
  });
}

/** Runs the child (same Node and tsx loader as this process); its stderr is passed through. */
export function runMultDae(opts: { backend: string; data: string; epochs: number }): Promise<MultDaeResult> {
  const args = [...process.execArgv, SCRIPT, '--backend', opts.backend, '--data', opts.data, '--epochs', String(opts.epochs)];
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
    });
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      const line = out.split('\n').find((l) => l.startsWith(MULT_DAE_RESULT));
      if (code !== 0 || !line)
        return fail(new Error(`mult-dae child (${opts.backend}) exited with ${code ?? signal}${line ? '' : ', no result'}`));
      try {
        done(JSON.parse(line.slice(MULT_DAE_RESULT.length)) as MultDaeResult);
      } catch (e) {
        fail(e instanceof Error ? e : new Error(String(e)));
      }
    });
  });
}

/** The mult-dae-epoch record of one child run (warm-up epochs excluded). */
export function multDaeRecord(
  r: MultDaeResult,
  o: { warmup: number; runs: number; cores: number; data: BenchData; loadAvg: number[]; pytorch?: PytorchResult[] },
): BenchRecord {
  const on = afterWarmup(r.onMs, o.warmup, o.runs),
    off = afterWarmup(r.offMs, o.warmup, o.runs);
  const one = afterWarmup(r.oneThreadMs, o.warmup, o.runs);
  const offS = summarize(off),
    oneS = summarize(one);
  const ratios = on.map((t, i) => off[i] / t);
  const lossGap = Math.max(...r.onLoss.map((l, i) => Math.abs(l - r.offLoss[i]) / Math.abs(r.offLoss[i])));
  return benchRecord(
    { bench: 'mult-dae-epoch', runtime: 'node', backend: r.backend, users: r.users, items: r.items, ratings: r.ratings, cores: o.cores },
    on,
    {
      preset: 'mult-dae',
      note: 'ms per training epoch (trainEpoch wall time = EpochReport.trainMs, no evaluation) with the Mult-DAE host kernels and the wide products on both cores; off_*: the same epochs on the tfjs-op path (hostLossAndOptimizer: false); one_thread_*: host kernels with tf.matMul for the wide products (twoThreadProducts: false); same process, alternating. pytorch_epoch_s was measured on an earlier day: compare it through one_thread_*',
      off_median_ms: round(offS.median),
      off_min_ms: round(offS.min),
      off_max_ms: round(offS.max),
      off_samples_ms: off.map((x) => round(x)),
      speedup_median: round(summarize(ratios).median, 2),
      one_thread_median_ms: round(oneS.median),
      one_thread_samples_ms: one.map((x) => round(x)),
      two_thread_speedup_median: round(summarize(on.map((t, i) => one[i] / t)).median, 2),
      pytorch_epoch_s: PYTORCH_EPOCH_S,
      vs_pytorch: round(summarize(on).median / 1000 / PYTORCH_EPOCH_S[1], 2),
      ...pytorchFields(summarize(on).median, o.pytorch ?? []),
      loss_on: r.onLoss.map((x) => round(x, 3)),
      loss_off: r.offLoss.map((x) => round(x, 3)),
      loss_one_thread: r.oneThreadLoss.map((x) => round(x, 3)),
      loss_max_rel_gap: round(lossGap, 6),
      batches_per_epoch: r.batches,
      warmup: o.warmup,
      data: o.data.size,
      peak_mb: r.maxRssMb,
      memory_method: 'process.resourceUsage().maxRSS of the Node child process (both networks), MiB',
      load_avg: o.loadAvg,
    },
  );
}

/** The side-by-side PyTorch figures (runs before and after ours), when bench/pytorch_mult_dae.py ran. */
export function pytorchFields(medianMs: number, runs: PytorchResult[]): Record<string, unknown> {
  if (runs.length === 0) return { pytorch_same_run: 'not measured (python3 with torch not available)' };
  const samples = runs.flatMap((p) => p.samples_ms);
  const median = summarize(samples).median;
  return {
    pytorch_same_run_median_ms: round(median),
    pytorch_same_run_samples_ms: samples.map((x) => round(x)),
    pytorch_same_run: `bench/pytorch_mult_dae.py (torch ${runs[0].torch}, ${runs[0].threads} threads), run before and after this one`,
    vs_pytorch_same_run: round(medianMs / median, 2),
  };
}
