/**
 * The train command: ingest (the app's parser, through Node ByteSources) → seeded split → InProcessEngine
 * on the chosen backend → train.tsv / test.tsv / recs.tsv / metrics.jsonl / config.json in the output
 * directory, progress on stderr, and the final metrics as one JSON line on stdout.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ingestSources, type IngestProgress } from '../data/ingest';
import type { ByteSource } from '../data/source';
import { splitDataset } from '../data/split';
import { InputError, type Csr } from '../data/types';
import { unusableSplitReasons } from '../data/usable';
import { capacityProblems } from '../engine/capacity';
import { rankingMetrics } from '../eval/metrics';
import { registerNodeBackends } from '../backends/node.ts';
import type { BackendName, EpochReport, TrainState } from '../engine/engine';
import { InProcessEngine, type EngineOptions } from '../engine/inProcessEngine';
import { computeReferences, REFERENCE_LABELS, type ReferenceResult } from '../references/references';
import type { TrainOptions } from './args';
import { nodeFileSource, nodeSources } from './nodeSource';
import { metricFields, recsLines, TextFileWriter, writeRatingsTsv } from './outputs';
import { prepareVulkanEnv } from './vulkan';

/** Where the CLI writes; lines are given without their newline. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Aborting stops training after the current batch; the outputs are still written for the epochs done. */
  signal?: AbortSignal;
}

/** Users per engine.recommend call while writing recs.tsv. */
export const RECS_CHUNK = 512;

const nnz = (c: Csr) => c.rowPtr[c.rows];
const secs = (ms: number) => Math.round(ms) / 1000;
const r6 = (x: number) => Number(x.toFixed(6));

/** Ingest progress on stderr, at most one line per 10 % step. */
function progressPrinter(io: CliIo): (p: IngestProgress) => void {
  let lastStep = -1;
  return (p) => {
    const step = p.bytesTotal > 0 ? Math.floor((10 * p.bytesDone) / p.bytesTotal) : 10;
    if (step === lastStep) return;
    lastStep = step;
    io.err(`reading ${p.fileName}: ${step * 10}% of ${(p.bytesTotal / 1e6).toFixed(1)} MB`);
  };
}

/** The final JSON line: run facts, the test metrics at K (`precision@K`…), and the baseline under `popular`. */
export interface TrainSummary {
  preset: string;
  backend: BackendName;
  /** Ratings file parsed (inside a zip: "archive.zip/dir/ratings.dat"). */
  input: string;
  users: number;
  items: number;
  ratings: number;
  /** Ratings in each part of the split. */
  train: number;
  validation: number;
  test: number;
  /** Epochs run. */
  epochs: number;
  /** 'done', or 'stopped' when interrupted. */
  state: TrainState;
  k: number;
  threshold: number;
  /** Mean training loss of the last epoch (null when none finished). */
  loss: number | null;
  /** Users with ≥ 1 relevant held-out item (the metrics' denominator). */
  evaluatedUsers: number;
  /** Most-popular baseline: `precision@K`, `recall@K`, `ndcg@K`, `hitrate@K`, `coverage@K`. */
  popular: Record<string, number>;
  /**
   * The references (`--references`, default all): `popular`, `itemknn`, `ease`, each with the same metric
   * keys, plus `neighbours` / `lambda`; a skipped one is `{skipped: why}`. Absent with `--references none`.
   */
  references?: Record<string, Record<string, number | string>>;
  trainSeconds: number;
  seconds: number;
  out: string;
  /** `precision@K`, `recall@K`, `ndcg@K`, `hitrate@K`, `coverage@K` of the written recs.tsv on test.tsv. */
  [metric: string]: unknown;
}

/** Computes the configured references on the engine's backend, logs them, and returns the summary's `references`. */
async function runReferences(
  split: ReturnType<typeof splitDataset>,
  config: TrainOptions['config'],
  io: CliIo,
): Promise<TrainSummary['references']> {
  if (config.references.set === 'none') return undefined;
  const k = config.k;
  const results = await computeReferences(
    { ...split, splitSeed: config.split.seed, k, threshold: config.threshold, config: config.references },
    { signal: io.signal },
  );
  const out: NonNullable<TrainSummary['references']> = {};
  for (const r of results) out[r.name] = referenceFields(r, k);
  for (const r of results) {
    const m = r.metrics;
    io.err(
      m
        ? `${REFERENCE_LABELS[r.name]}${r.params.lambda ? ` (λ ${r.params.lambda}${r.params.lambdaAuto ? ', auto' : ''})` : ''}${r.params.neighbours ? ` (k ${r.params.neighbours})` : ''}: ` +
            `P@${k} ${m.precision.toFixed(4)}, R@${k} ${m.recall.toFixed(4)}, nDCG@${k} ${m.ndcg.toFixed(4)}  ${secs(r.ms)} s`
        : `${REFERENCE_LABELS[r.name]}: ${r.skipped}`,
    );
  }
  return out;
}

/** A reference's entry in the final line: metric keys plus its parameter, or `{skipped}`. */
function referenceFields(r: ReferenceResult, k: number): Record<string, number | string> {
  if (!r.metrics) return { skipped: r.skipped ?? 'not computed' };
  const params: Record<string, number | string> = {};
  if (r.params.neighbours !== undefined) params.neighbours = r.params.neighbours;
  if (r.params.lambda !== undefined) params.lambda = r.params.lambda;
  if (r.params.lambdaAuto) params.lambdaChosenOn = 'validation';
  return { ...metricFields(r.metrics, k), ...params, seconds: secs(r.ms) };
}

/** One metrics.jsonl object for an epoch report. */
export function epochRecord(r: EpochReport, k: number): Record<string, number> {
  return {
    epoch: r.epoch,
    loss: r.loss,
    ...metricFields(r.test, k),
    ...(r.validation ? metricFields(r.validation, k, 'val_') : {}),
    seconds: secs(r.trainMs + r.evalMs),
  };
}

/**
 * Runs the train command. Throws InputError for bad input files and Error for a failed backend or
 * training; returns the final summary (also printed as the last stdout line).
 */
export async function runTrain(opts: TrainOptions, io: CliIo, engineOptions: EngineOptions = {}): Promise<TrainSummary> {
  const t0 = performance.now();
  const { config } = opts;
  const k = config.k;
  const sources: ByteSource[] = [];
  for (const input of opts.inputs) sources.push(...(await nodeSources(input)));
  if (opts.movies !== undefined) sources.push(await nodeFileSource(opts.movies));
  const ingest = await ingestSources(sources, { onProgress: progressPrinter(io), signal: io.signal });
  const { dataset, stats, report } = ingest;
  for (const w of ingest.warnings) io.err(`note: ${w}`);
  io.err(
    `${report.fileName} (${report.format}): ${stats.users} users × ${stats.items} items × ${stats.ratings} ratings, ` +
      `density ${(100 * stats.density).toFixed(2)}%, ratings ${stats.ratingMin}–${stats.ratingMax}, parsed in ${secs(report.parseMs)} s`,
  );

  const split = splitDataset(dataset, config.split, report.fileName);
  const tooBig = capacityProblems(config.model, { users: stats.users, items: stats.items });
  if (tooBig.length) throw new Error(`Invalid configuration: ${tooBig.join('; ')}`);
  const unusable = unusableSplitReasons(split);
  if (unusable.length) throw new InputError(report.fileName, 0, unusable.join('; '));
  const hasValidation = nnz(split.validation) > 0;
  io.err(
    `split (${config.split.method === 'time' ? 'temporal' : `seed ${config.split.seed}`}): ${nnz(split.train)} train, ${hasValidation ? `${nnz(split.validation)} validation, ` : ''}${nnz(split.test)} test ratings`,
  );
  await mkdir(opts.out, { recursive: true });
  await writeRatingsTsv(join(opts.out, 'train.tsv'), split.train, dataset);
  await writeRatingsTsv(join(opts.out, 'test.tsv'), split.test, dataset);
  if (hasValidation) await writeRatingsTsv(join(opts.out, 'validation.tsv'), split.validation, dataset);
  await writeFile(join(opts.out, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);

  if (config.backend === 'webgpu') prepareVulkanEnv(process.env);
  const useWebGpu = config.backend === 'webgpu' || config.backend === 'auto';
  const engine = new InProcessEngine(registerNodeBackends({ webgpu: useWebGpu }), engineOptions);
  try {
    const info = await engine.init(config.backend);
    io.err(`backend: ${info.reason}${info.device ? ` [${info.device}]` : ''}`);
    await engine.load(split, config);
    const popular = await engine.baseline();
    io.err(
      `most-popular baseline: P@${k} ${popular.precision.toFixed(4)}, R@${k} ${popular.recall.toFixed(4)}, nDCG@${k} ${popular.ndcg.toFixed(4)}`,
    );

    const references = await runReferences(split, config, io);

    const metricsFile = new TextFileWriter(join(opts.out, 'metrics.jsonl'));
    let writes = Promise.resolve();
    const epochs: EpochReport[] = [];
    let stateMessage: string | undefined;
    const onAbort = () => engine.stop();
    io.signal?.addEventListener('abort', onAbort);
    const tTrain = performance.now();
    let state: TrainState;
    try {
      state = await engine.train({
        onEpoch: (r) => {
          epochs.push(r);
          const line = JSON.stringify(epochRecord(r, k));
          writes = writes.then(() => metricsFile.write(`${line}\n`));
          const val = r.validation ? `  val P@${k} ${r.validation.precision.toFixed(4)}` : '';
          io.err(
            `epoch ${r.epoch}/${config.model.epochs}  loss ${r.loss.toPrecision(5)}  P@${k} ${r.test.precision.toFixed(4)}  ` +
              `R@${k} ${r.test.recall.toFixed(4)}  nDCG@${k} ${r.test.ndcg.toFixed(4)}${val}  ${secs(r.trainMs + r.evalMs)} s`,
          );
        },
        onState: (_s, message) => {
          if (message) stateMessage = message;
        },
      });
    } finally {
      io.signal?.removeEventListener('abort', onAbort);
      await writes.finally(() => metricsFile.close());
    }
    const trainMs = performance.now() - tTrain;
    if (state === 'failed') throw new Error(`training failed: ${stateMessage ?? 'unknown error'}`);
    if (stateMessage) io.err(stateMessage);
    if (state === 'stopped') io.err(`stopped after epoch ${epochs.length}: writing outputs for it`);

    // recs.tsv holds what test.tsv is scored on: recommend() leaves out validation ratings (known
    // interactions) like the training ones.
    const users = split.train.rows;
    const topK = new Int32Array(users * k).fill(-1);
    const recs = new TextFileWriter(join(opts.out, 'recs.tsv'));
    for (let from = 0; from < users; from += RECS_CHUNK) {
      const ids = Int32Array.from({ length: Math.min(RECS_CHUNK, users - from) }, (_, i) => from + i);
      const r = await engine.recommend(ids, k);
      topK.set(r.items, from * k);
      await recs.write(recsLines(r, dataset));
    }
    await recs.close();
    const all = Int32Array.from({ length: users }, (_, i) => i);
    const test = rankingMetrics(topK, all, k, split.test, config.threshold, split.train.cols);
    const last = epochs[epochs.length - 1];
    const summary: TrainSummary = {
      preset: config.preset,
      backend: info.name,
      input: report.fileName,
      users: stats.users,
      items: stats.items,
      ratings: stats.ratings,
      train: nnz(split.train),
      validation: nnz(split.validation),
      test: nnz(split.test),
      epochs: epochs.length,
      state,
      k,
      threshold: config.threshold,
      loss: last ? last.loss : null,
      ...metricFields(test, k),
      evaluatedUsers: test.users,
      popular: metricFields(popular, k),
      ...(references ? { references } : {}),
      trainSeconds: secs(trainMs),
      seconds: secs(performance.now() - t0),
      out: opts.out,
    };
    io.err(`done: P@${k} ${r6(test.precision)} (popular ${r6(popular.precision)}), outputs in ${opts.out}`);
    io.out(JSON.stringify(summary));
    return summary;
  } finally {
    await engine.dispose();
  }
}
