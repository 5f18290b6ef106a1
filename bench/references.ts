/**
 * The `references` benchmark (Node): EASE's dense solve on the ML-1M-shaped data — the ratings file
 * ingested with the app's parser, the default split, then fitLinearAutoencoder(train, λ 500) timed
 * (Gram matrix + blocked SPD inverse + B; 3,706 items ≤ 6,040 users, so the items × items route), on
 * the inverse's default route (our WebAssembly SIMD kernels, two threads) and, as the reference
 * measured in the same run, on the tf.matMul route (tfjs-wasm, XNNPACK, one thread). Target ≤ 5 s.
 * Also reported once: item-kNN's fit and the top-10 scoring of every user by each.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { nodeFileSource } from '../src/cli/nodeSource';
import { ingestSources } from '../src/data/ingest';
import { splitDataset } from '../src/data/split';
import { DEFAULT_SPLIT_CONFIG } from '../src/engine/config';
import { fitItemKnn } from '../src/references/itemKnn';
import { fitLinearAutoencoder } from '../src/references/linearAutoencoder';
import { solverLabel } from '../src/references/spdInverse';
import { topKFromScores } from '../src/references/references';
import type { BenchData } from './data';
import { benchRecord, round, summarize, type BenchRecord } from './stats';

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Runs the benchmark in this process: `warmup` + `runs` EASE fits, then one item-kNN fit and the scorings. */
export async function referencesBench(
  data: BenchData,
  o: { warmup: number; runs: number; cores: number; log: (s: string) => void; loadAvg: () => number },
): Promise<BenchRecord> {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs-wasm failed to initialise');
  const la0 = o.loadAvg();
  const { dataset } = await ingestSources([await nodeFileSource(data.path)]);
  const { train } = splitDataset(dataset, DEFAULT_SPLIT_CONFIG);
  const wall: number[] = [];
  const cpu: number[] = [];
  let model: Awaited<ReturnType<typeof fitLinearAutoencoder>> | null = null;
  for (let r = 0; r < o.warmup + o.runs; r++) {
    const t0 = performance.now();
    const c0 = cpuMs();
    model = await fitLinearAutoencoder(train, { lambda: 500, p: 0 });
    const ms = performance.now() - t0;
    o.log(`references: EASE fit ${r < o.warmup ? '(warm-up) ' : ''}${(ms / 1000).toFixed(2)} s (${model.solvedIn} × ${model.denseSide})`);
    if (r >= o.warmup) {
      wall.push(ms);
      cpu.push(cpuMs() - c0);
    }
  }
  const m = model!;
  // The reference in the same run: the tf.matMul route (tfjs-wasm, XNNPACK, one thread).
  const tfjsWall: number[] = [];
  for (let r = 0; r < Math.min(o.runs, 3); r++) {
    const t0 = performance.now();
    await fitLinearAutoencoder(train, { lambda: 500, p: 0, spdRoute: 'tfjs' });
    tfjsWall.push(performance.now() - t0);
    o.log(`references: EASE fit on the tf.matMul route ${(tfjsWall[r] / 1000).toFixed(2)} s`);
  }
  const tfjsMedian = summarize(tfjsWall).median;
  let t = performance.now();
  await topKFromScores(train, (u) => m.scoreUsers(u), 10);
  const easeTopKMs = performance.now() - t;
  t = performance.now();
  const knn = await fitItemKnn(train, { neighbours: 100 });
  const knnFitMs = performance.now() - t;
  t = performance.now();
  await topKFromScores(train, (u) => knn.scoreUsers(u), 10);
  const knnTopKMs = performance.now() - t;
  cpu.sort((a, b) => a - b);
  return benchRecord(
    {
      bench: 'references',
      runtime: 'node',
      backend: 'wasm',
      users: dataset.userIds.length,
      items: dataset.itemIds.length,
      ratings: data.ratings,
      cores: o.cores,
    },
    wall,
    {
      target_ms: 5000,
      what: 'EASE fit (λ 500): XᵀX + λI, blocked SPD inverse, B',
      solved_in: m.solvedIn,
      dense_side: m.denseSide,
      cpu_median_ms: round(cpu[cpu.length >> 1]),
      ease_top10_all_users_ms: round(easeTopKMs),
      itemknn_fit_ms: round(knnFitMs),
      itemknn_top10_all_users_ms: round(knnTopKMs),
      warmup: o.warmup,
      device: solverLabel(m.solver),
      tfjs_route_median_ms: round(tfjsMedian),
      speedup_vs_tfjs_route: round(tfjsMedian / summarize(wall).median, 2),
      load_avg: [la0, o.loadAvg()],
    },
  );
}
