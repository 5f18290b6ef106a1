/**
 * `time-to-knn`: seconds from Start (engine.train of the edlae preset) until an epoch report's test P@10
 * reaches item-kNN's (cosine, 100 neighbours) on the ML-1M-shaped generated data, in Node on the WASM
 * backend (the app's engine and references code; Chromium's WASM runs the same kernels). Prints one
 * JSON line on stdout; progress on stderr.
 *
 *   npx tsx bench/time-to-knn.ts [--data DIR] [--size ml-1m|sample|tiny]
 */
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { registerNodeBackends } from '../src/backends/node';
import { nodeSources } from '../src/cli/nodeSource';
import { ingestSources } from '../src/data/ingest';
import { splitDataset } from '../src/data/split';
import { defaultRunConfig } from '../src/engine/config';
import { InProcessEngine } from '../src/engine/inProcessEngine';
import { rankingMetrics } from '../src/eval/metrics';
import { fitItemKnn } from '../src/references/itemKnn';
import { topKFromScores } from '../src/references/references';
import { ensureData, type DataSize } from './data';

const TARGET_S = 60;
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const log = (s: string) => process.stderr.write(`[time-to-knn] ${s}\n`);
const r3 = (x: number) => Math.round(x * 1000) / 1000;

const data = await ensureData(arg('size', 'ml-1m') as DataSize, resolve(arg('data', '.bench-data')), log);
const { dataset } = await ingestSources(await nodeSources(data.path));
const config = defaultRunConfig('edlae');
config.backend = 'wasm';
const split = splitDataset(dataset, config.split);
const engine = new InProcessEngine(registerNodeBackends({ webgpu: false }));
const info = await engine.init('wasm');
const users = Int32Array.from({ length: split.train.rows }, (_, i) => i);
let t = performance.now();
const knn = await fitItemKnn(split.train, { neighbours: 100 });
const knnTop = await topKFromScores(split.train, (u) => knn.scoreUsers(u), config.k);
const knnP = rankingMetrics(knnTop.items, users, config.k, split.test, config.threshold, split.train.cols).precision;
log(`item-kNN P@${config.k} ${knnP.toFixed(4)} in ${((performance.now() - t) / 1000).toFixed(1)} s; training edlae on ${info.reason}`);
await engine.load(split, config);
const la0 = loadavg()[0];
let reached: number | null = null;
const epochs: { epoch: number; s: number; precision: number }[] = [];
let message = '';
t = performance.now();
const state = await engine.train({
  onEpoch: (r) => {
    const s = (performance.now() - t) / 1000;
    epochs.push({ epoch: r.epoch, s: r3(s), precision: r3(r.test.precision) });
    log(`epoch ${r.epoch}: test P@${config.k} ${r.test.precision.toFixed(4)} at ${s.toFixed(1)} s`);
    if (reached === null && r.test.precision >= knnP) reached = s;
  },
  onState: (_s, m) => {
    if (m) message = m;
  },
});
const totalS = (performance.now() - t) / 1000;
await engine.dispose();
const record = {
  bench: 'time-to-knn',
  runtime: 'node',
  backend: info.name,
  users: data.users,
  items: data.items,
  ratings: data.ratings,
  seconds: reached === null ? null : r3(reached),
  target_s: TARGET_S,
  knn_precision: r3(knnP),
  final_precision: epochs.length ? epochs[epochs.length - 1].precision : null,
  total_s: r3(totalS),
  state,
  choice: message,
  epochs,
  cores: cpus().length,
  load_avg: [r3(la0), r3(loadavg()[0])],
};
process.stdout.write(`${JSON.stringify(record)}\n`);
