/// <reference lib="webworker" />
/**
 * Ingest worker (thin adapter): parses dropped files with the data layer, splits them, and posts the
 * result back with its typed arrays transferred. Keeps the full dataset for re-splits. Also generates
 * the built-in sample here, so the sample needs no download and runs through the very same parser.
 */
import { ingestSources, type IngestResult } from '../data/ingest';
import { blobSource, bufferSource } from '../data/source';
import { datasetFromSplit, splitDataset } from '../data/split';
import { generateSampleFiles } from '../data/sample';
import type { RatingsDataset, SplitConfig } from '../data/types';
import type { IngestApi, IngestEvent, LoadedData } from './protocol';
import { collectBuffers } from './protocol';
import { serve, withTransfer, type HandlerContext } from './rpc';

declare const self: DedicatedWorkerGlobalScope;

/** The dataset of the last successful load (a failed load never replaces it). */
let current: RatingsDataset | null = null;
/** The file name of `current`, for the temporal split's error message. */
let currentName = 'ratings';
/** `current` was rebuilt from a saved split (restore): it has no timestamps. */
let currentRestored = false;
/** Abort controllers of running loads by request id. */
const running = new Map<number, AbortController>();

/** Runs ingestSources with throttled progress events and cancellation. */
async function runIngest(sources: Parameters<typeof ingestSources>[0], ctx: HandlerContext<IngestEvent>): Promise<IngestResult> {
  const ac = new AbortController();
  running.set(ctx.id, ac);
  let last = 0;
  try {
    return await ingestSources(sources, {
      signal: ac.signal,
      onProgress: ({ fileName, bytesDone, bytesTotal }) => {
        const now = performance.now();
        if (now - last < 50 && bytesDone < bytesTotal) return;
        last = now;
        ctx.emit({ kind: 'progress', id: ctx.id, fileName, bytesDone, bytesTotal });
      },
    });
  } finally {
    running.delete(ctx.id);
  }
}

/**
 * Splits, keeps the dataset, and packages what the UI thread needs (ids are copied, the split moved).
 * `t0` is when the request reached the worker: ingestMs covers everything up to the packaged result.
 */
function finish(r: IngestResult, split: SplitConfig, sample: boolean, t0: number) {
  const tSplit = performance.now();
  const s = splitDataset(r.dataset, split, r.report.fileName);
  const splitMs = performance.now() - tSplit;
  current = r.dataset;
  currentName = r.report.fileName;
  currentRestored = false;
  const data: LoadedData = {
    userIds: r.dataset.userIds.slice(),
    itemIds: r.dataset.itemIds.slice(),
    split: s,
    stats: r.stats,
    report: r.report,
    movies: r.movies,
    warnings: r.warnings,
    sample,
    ingestMs: performance.now() - t0, // last: after the split and the id copies above
  };
  const p = r.report.phasesMs;
  if (p) {
    const other = data.ingestMs - p.read - p.scan - p.build - splitMs;
    data.ingestPhasesMs = { read: p.read, scan: p.scan, build: p.build, split: splitMs, other };
  }
  return withTransfer(data, collectBuffers([data.userIds, data.itemIds, s.train, s.test, s.validation]));
}

serve<IngestApi, IngestEvent>(self, {
  async ingest({ files, split }, ctx) {
    const t0 = performance.now();
    const sources = files.map((f) => blobSource(f, f.name));
    return finish(await runIngest(sources, ctx), split, false, t0);
  },
  async sample({ params, split }, ctx) {
    const t0 = performance.now();
    const files = generateSampleFiles(params);
    const sources = files.map((f) => bufferSource(f.name, f.bytes));
    return finish(await runIngest(sources, ctx), split, true, t0);
  },
  cancel({ target }) {
    const ac = running.get(target);
    ac?.abort();
    return ac !== undefined;
  },
  resplit({ split }) {
    if (!current) throw new Error('no dataset loaded');
    if (currentRestored && split.method === 'time') {
      throw new Error('the resumed session keeps no timestamps: load the files again to use the temporal split');
    }
    const s = splitDataset(current, split, currentName);
    return withTransfer(s, collectBuffers([s.train, s.test, s.validation]));
  },
  restore({ userIds, itemIds, split, fileName }) {
    current = datasetFromSplit(userIds, itemIds, split);
    currentName = fileName;
    currentRestored = true;
  },
});
