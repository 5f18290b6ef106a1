/**
 * mult-dae-epoch-chromium: the mult-dae preset trained in the production build's training worker on
 * WASM (`?preset=mult-dae&backend=wasm`), driven like a user (file input, Start), on
 * ml-latest-small-shaped data; ms per training epoch from EpochReport.trainMs (data-train-ms).
 * The app always uses the Mult-DAE host kernels; the kernels-off comparison is the Node bench's.
 * Where python3 has torch, bench/pytorch_mult_dae.py runs the same network before and after (idle tab).
 */
import { cpus, loadavg } from 'node:os';
import type { BenchData } from './data';
import { checkCounts, loadThroughInput } from './browserIngest';
import { backendReady, openTab, type BrowserCtx } from './browserTab';
import { trainToDone } from './browserTrain';
import { afterWarmup, benchRecord, round, summarize, type BenchRecord } from './stats';
import { PYTORCH_EPOCH_S, pytorchFields, runPytorch } from './multDae';

export async function multDaeBrowserBench(ctx: BrowserCtx, data: BenchData, o: { warmup: number; runs: number }): Promise<BenchRecord> {
  const epochs = o.warmup + o.runs;
  const before = await runPytorch(data.path, o.runs);
  const tab = await openTab(ctx, `preset=mult-dae&backend=wasm&epochs=${epochs}`);
  try {
    const info = await backendReady(tab.page, 'wasm');
    const loaded = await loadThroughInput(tab.page, data.path, 180_000);
    checkCounts(loaded, data);
    const la0 = round(loadavg()[0], 2);
    const { rows } = await trainToDone(ctx, tab.page, epochs, 'chromium wasm mult-dae', 60 * 60_000);
    if (tab.problems.length) throw new Error(tab.problems.join('\n'));
    const train = afterWarmup(rows, o.warmup, o.runs).map((r) => r.trainMs);
    const after = before ? await runPytorch(data.path, o.runs) : null;
    return benchRecord(
      {
        bench: 'mult-dae-epoch-chromium',
        runtime: 'chromium',
        backend: 'wasm',
        users: data.users,
        items: data.items,
        ratings: data.ratings,
        cores: cpus().length,
      },
      train,
      {
        preset: 'mult-dae',
        timing: 'EpochReport.trainMs (data-train-ms), training worker',
        eval_median_ms: round(summarize(afterWarmup(rows, o.warmup, o.runs).map((r) => r.evalMs)).median),
        pytorch_epoch_s: PYTORCH_EPOCH_S,
        vs_pytorch: round(summarize(train).median / 1000 / PYTORCH_EPOCH_S[1], 2),
        ...pytorchFields(
          summarize(train).median,
          [before, after].filter((p) => p !== null),
        ),
        losses: rows.map((r) => r.loss),
        warmup: o.warmup,
        device: info.reason,
        browser: tab.version,
        data: data.size,
        load_avg: [la0, round(loadavg()[0], 2)],
      },
    );
  } finally {
    await tab.close();
  }
}
