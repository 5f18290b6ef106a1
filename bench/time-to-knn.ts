/**
 * The `time-to-knn` benchmark (Node, tfjs-wasm, in the runner's process): ms from Start (engine.train of
 * the edlae preset) until an epoch report's test P@K reaches item-kNN's (cosine, 100 neighbours) on the
 * generated data of --size (ML-1M shape by default), through the app's engine and references code
 * (Chromium's WASM runs the same kernels). Target ≤ 60 s. Both sides follow the app's rule for
 * validation items (topKWithoutKnown), so they are scored on the same footing.
 *
 *   npm run -s bench -- --only time-to-knn [--size ml-1m|sample|tiny]
 */
import { registerNodeBackends } from '../src/backends/node';
import { nodeSources } from '../src/cli/nodeSource';
import { ingestSources } from '../src/data/ingest';
import { splitDataset } from '../src/data/split';
import { defaultRunConfig } from '../src/engine/config';
import { InProcessEngine } from '../src/engine/inProcessEngine';
import { rankingMetrics, topKWithoutKnown } from '../src/eval/metrics';
import { fitItemKnn } from '../src/references/itemKnn';
import { topKFromScores } from '../src/references/references';
import type { BenchData } from './data';
import { benchRecord, round, type BenchRecord } from './stats';

/** Target of the benchmark, ms. */
export const TIME_TO_KNN_TARGET_MS = 60_000;
/** item-kNN's neighbours (the app's default reference). */
const KNN_NEIGHBOURS = 100;

/** What one run measured. */
export interface TimeToKnnResult {
  backend: string;
  /** How the backend was chosen (engine.init's reason). */
  device: string;
  /** As the app counted them. */
  users: number;
  items: number;
  ratings: number;
  k: number;
  /** item-kNN's test P@K, and its fit + top-K time (not counted in the measurement), ms. */
  knnPrecision: number;
  knnMs: number;
  /** One entry per epoch report: ms since Start and test P@K. */
  epochs: { epoch: number; ms: number; precision: number }[];
  /** engine.train wall time, ms. */
  totalMs: number;
  state: string;
  /** The engine's last state message (edlae: the λ and p it chose). */
  choice: string;
}

/** Runs item-kNN, then the edlae preset epoch by epoch on wasm, in this process. */
export async function runTimeToKnn(data: BenchData, log: (s: string) => void): Promise<TimeToKnnResult> {
  const { dataset } = await ingestSources(await nodeSources(data.path));
  const config = defaultRunConfig('edlae');
  config.backend = 'wasm';
  const k = config.k;
  const split = splitDataset(dataset, config.split);
  const engine = new InProcessEngine(registerNodeBackends({ webgpu: false }));
  try {
    const info = await engine.init('wasm');
    const users = Int32Array.from({ length: split.train.rows }, (_, i) => i);
    let t = performance.now();
    const knn = await fitItemKnn(split.train, { neighbours: KNN_NEIGHBOURS });
    const rank = (width: number) => topKFromScores(split.train, (u) => knn.scoreUsers(u), width);
    const knnTop = await topKWithoutKnown(rank, users, k, split.validation);
    const knnPrecision = rankingMetrics(knnTop.items, users, k, split.test, config.threshold, split.train.cols).precision;
    const knnMs = performance.now() - t;
    log(`time-to-knn: item-kNN P@${k} ${knnPrecision.toFixed(4)} in ${(knnMs / 1000).toFixed(1)} s; training edlae on ${info.reason}`);
    await engine.load(split, config);
    const epochs: TimeToKnnResult['epochs'] = [];
    let choice = '';
    t = performance.now();
    const state = await engine.train({
      onEpoch: (r) => {
        const ms = performance.now() - t;
        epochs.push({ epoch: r.epoch, ms, precision: r.test.precision });
        log(`time-to-knn: epoch ${r.epoch}: test P@${k} ${r.test.precision.toFixed(4)} at ${(ms / 1000).toFixed(1)} s`);
      },
      onState: (_s, m) => {
        if (m) choice = m;
      },
    });
    const totalMs = performance.now() - t;
    const { userIds, itemIds, ratings } = dataset;
    return {
      backend: info.name,
      device: info.reason,
      users: userIds.length,
      items: itemIds.length,
      ratings: ratings.rowPtr[ratings.rows],
      k,
      knnPrecision,
      knnMs,
      epochs,
      totalMs,
      state,
      choice,
    };
  } finally {
    await engine.dispose();
  }
}

/**
 * The JSON record: one sample, the ms of the first epoch whose test P@K ≥ item-kNN's (`reached: true`);
 * when no epoch got there, the whole run's ms, a lower bound (`reached: false`). Throws when training failed.
 */
export function timeToKnnRecord(r: TimeToKnnResult, o: { cores: number; loadAvg: [number, number] }): BenchRecord {
  if (r.state === 'failed') throw new Error(`edlae training failed: ${r.choice || 'unknown error'}`);
  const hit = r.epochs.find((e) => e.precision >= r.knnPrecision);
  const last = r.epochs.at(-1);
  const knn = `item-kNN's (cosine, ${KNN_NEIGHBOURS} neighbours)`;
  return benchRecord(
    { bench: 'time-to-knn', runtime: 'node', backend: r.backend, users: r.users, items: r.items, ratings: r.ratings, cores: o.cores },
    [hit ? hit.ms : r.totalMs],
    {
      target_ms: TIME_TO_KNN_TARGET_MS,
      what: hit
        ? `ms from Start of the edlae preset to the first epoch with test P@${r.k} ≥ ${knn}`
        : `no epoch of the edlae preset reached ${knn} test P@${r.k}: ms of the whole run, a lower bound`,
      reached: hit !== undefined,
      reached_epoch: hit ? hit.epoch : null,
      knn_precision: round(r.knnPrecision, 4),
      knn_ms: round(r.knnMs),
      final_precision: last ? round(last.precision, 4) : null,
      total_ms: round(r.totalMs),
      state: r.state,
      choice: r.choice,
      epochs: r.epochs.map((e) => ({ epoch: e.epoch, ms: round(e.ms), precision: round(e.precision, 4) })),
      warmup: 0,
      device: r.device,
      load_avg: o.loadAvg,
    },
  );
}
