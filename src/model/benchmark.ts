/**
 * Timing of one Seed epoch and one evaluation at ML-1M shape (6,040 users × 3,706 items,
 * 1,000,209 ratings, random) through the real InProcessEngine. Node only.
 *   npx tsx src/model/benchmark.ts [cpu|wasm|webgpu] [epochs]
 */
import type { DatasetSplit } from '../data/types';
import { registerNodeBackends } from './backends.node.ts';
import { defaultRunConfig } from './config';
import type { BackendName, EpochReport } from './engine';
import { InProcessEngine, type EngineOptions } from './inProcessEngine';
import { emptyCsr, randomCsr } from './synthetic';

export interface EpochTiming {
  backend: string;
  reason: string;
  /** Per-epoch training wall time, ms (first epoch includes warm-up). */
  trainMs: number[];
  /** Per-epoch evaluation wall time, ms. */
  evalMs: number[];
  /**
   * Process CPU time of the same spans, ms (all threads): close to the wall time an idle machine
   * would show for single-threaded backends, and robust to other processes competing for the cores.
   */
  trainCpuMs: number[];
  evalCpuMs: number[];
  loss: number[];
}

/** ML-1M-shaped random split: 80 % of the ratings in train, the rest in test. */
export function ml1mShapedSplit(seed = 1): DatasetSplit {
  const all = randomCsr(6040, 3706, 1_000_209, seed);
  const rows = all.rows, cols = all.cols;
  const tr = { rowPtr: new Int32Array(rows + 1), col: [] as number[], val: [] as number[] };
  const te = { rowPtr: new Int32Array(rows + 1), col: [] as number[], val: [] as number[] };
  for (let u = 0; u < rows; u++) {
    const s = all.rowPtr[u], e = all.rowPtr[u + 1];
    const cut = s + Math.max(1, Math.round((e - s) * 0.8));
    for (let i = s; i < e; i++) {
      const t = i < cut ? tr : te;
      t.col.push(all.colIdx[i]);
      t.val.push(all.values[i]);
    }
    tr.rowPtr[u + 1] = tr.col.length;
    te.rowPtr[u + 1] = te.col.length;
  }
  const csr = (t: typeof tr) => ({ rows, cols, rowPtr: t.rowPtr, colIdx: Int32Array.from(t.col), values: Float32Array.from(t.val) });
  return { config: { trainRatio: 0.8, seed, validationRatio: 0 }, train: csr(tr), test: csr(te), validation: emptyCsr(rows, cols), scale: { min: 1, max: 5 } };
}

/** Trains `epochs` Seed epochs on `backend` and returns the engine's own timings. */
export async function benchmarkEpochs(backend: BackendName, epochs = 3, options: EngineOptions = {}, split = ml1mShapedSplit()): Promise<EpochTiming> {
  const engine = new InProcessEngine(registerNodeBackends({ webgpu: backend === 'webgpu' }), options);
  const info = await engine.init(backend);
  const config = defaultRunConfig('seed');
  config.model.epochs = epochs;
  await engine.load(split, config);
  const reports: EpochReport[] = [];
  const trainCpuMs: number[] = [], evalCpuMs: number[] = [];
  const cpuMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  let epochStart = cpuMs(), batchEnd = 0;
  const state = await engine.train({
    onBatch: (_epoch, done, total) => {
      if (done === total) batchEnd = cpuMs();
    },
    onEpoch: (r) => {
      reports.push(r);
      const now = cpuMs();
      trainCpuMs.push(batchEnd - epochStart);
      evalCpuMs.push(now - batchEnd); // evaluation + the per-epoch host snapshot
      epochStart = now;
    },
  });
  await engine.dispose();
  if (state !== 'done') throw new Error(`training ended ${state}`);
  return { backend: info.name, reason: info.reason, trainMs: reports.map((r) => r.trainMs), evalMs: reports.map((r) => r.evalMs), trainCpuMs, evalCpuMs, loss: reports.map((r) => r.loss) };
}

const isMain = typeof process !== 'undefined' && process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop()!);
if (isMain) {
  const backend = (process.argv[2] ?? 'wasm') as BackendName;
  const epochs = Number(process.argv[3] ?? 3);
  const t = await benchmarkEpochs(backend, epochs);
  const fmt = (a: number[]) => a.map((x) => x.toFixed(0)).join(', ');
  console.log(`${t.backend} (${t.reason})`);
  console.log(`  train ms/epoch wall [${fmt(t.trainMs)}] cpu [${fmt(t.trainCpuMs)}]`);
  console.log(`  eval ms wall [${fmt(t.evalMs)}] cpu [${fmt(t.evalCpuMs)}]`);
  console.log(`  loss [${t.loss.map((x) => x.toFixed(5)).join(', ')}]`);
  process.exit(0);
}
