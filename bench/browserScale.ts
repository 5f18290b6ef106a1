/**
 * The Chromium scale check on ML-20M: ingest-20m, train-epoch-20m and evaluate-20m in one tab (wasm,
 * one Seed epoch), with the renderer's memory and performance.measureUserAgentSpecificMemory().
 */
import { checkCounts, loadThroughInput } from './browserIngest';
import { backendReady, type BrowserCtx, cores, load, memoryFields, openTab, uaMemoryMb } from './browserTab';
import { trainToDone } from './browserTrain';
import type { BenchData } from './data';
import { benchRecord, round, type BenchRecord } from './stats';

/**
 * ingest-20m, then train-epoch-20m and evaluate-20m in the same tab (wasm, one Seed epoch); runs: 1 each.
 * Memory: the tab renderer's VmHWM right after ingest, and at the end (lifetime peak: ingest + training).
 */
export async function scaleBench(ctx: BrowserCtx, data: BenchData, want: Set<string>): Promise<BenchRecord[]> {
  const tab = await openTab(ctx, 'backend=wasm&epochs=1');
  const out: BenchRecord[] = [];
  try {
    const info = await backendReady(tab.page, 'wasm');
    const la0 = load();
    ctx.log(`ingest-20m: handing ${(data.bytes / 1e6).toFixed(0)} MB to the file input …`);
    const r = await loadThroughInput(tab.page, data.path, 30 * 60_000);
    checkCounts(r, data);
    const memIngest = tab.sampler.report();
    const uaIngest = await uaMemoryMb(tab.page);
    ctx.log(
      `ingest-20m: worker ${(r.ingestMs / 1000).toFixed(1)} s, page ${(r.pageMs / 1000).toFixed(1)} s, tab renderer peak ${memIngest.rendererPeakMb} MiB`,
    );
    const baseRec = { runtime: 'chromium', users: data.users, items: data.items, ratings: data.ratings, cores: cores() };
    const common = {
      file: `${data.size}/ratings.${data.format}`,
      bytes: data.bytes,
      browser: tab.version,
      note: 'scale check: a single run',
    };
    if (want.has('ingest-20m')) {
      out.push(
        benchRecord({ bench: 'ingest-20m', backend: 'js', ...baseRec }, [r.ingestMs], {
          timing: 'ingest worker: request received (files handed over) → dataset + split ready (data-ingest-ms)',
          target_ms: 30_000,
          page_ms: round(r.pageMs),
          ...common,
          ...memoryFields(memIngest, 'tab from start until the dataset summary showed'),
          target_peak_mb: 2048,
          ua_memory_mb: uaIngest === null ? null : Math.round(uaIngest),
          ua_memory_method:
            'performance.measureUserAgentSpecificMemory() right after ingest (JS + wasm heaps of page and workers; a point in time, not a peak)',
          load_avg: [la0, load()],
        }),
      );
    }
    if (want.has('train-epoch-20m') || want.has('evaluate-20m')) {
      ctx.log(`train-epoch-20m: ${info.reason}; one Seed epoch + evaluation …`);
      const la1 = load();
      const { rows, wallMs } = await trainToDone(ctx, tab.page, 1, 'chromium wasm 20m', 2 * 60 * 60_000);
      const uaEnd = await uaMemoryMb(tab.page);
      if (tab.problems.length) throw new Error(tab.problems.join('\n'));
      const mem = await tab.close();
      const ext = {
        preset: 'seed',
        device: info.reason,
        run_wall_s: round(wallMs / 1000, 1),
        ...common,
        ...memoryFields(mem, 'whole tab life: ingest + training + evaluation'),
        target_peak_mb: 2048,
        ua_memory_mb: uaEnd === null ? null : Math.round(uaEnd),
        ua_memory_method:
          'performance.measureUserAgentSpecificMemory() after training (JS + wasm heaps of page and workers; a point in time, not a peak)',
        load_avg: [la1, load()],
      };
      if (want.has('train-epoch-20m'))
        out.push(
          benchRecord({ bench: 'train-epoch-20m', backend: 'wasm', ...baseRec }, [rows[0].trainMs], {
            timing: 'EpochReport.trainMs',
            ...ext,
          }),
        );
      if (want.has('evaluate-20m'))
        out.push(
          benchRecord({ bench: 'evaluate-20m', backend: 'wasm', ...baseRec }, [rows[0].evalMs], {
            timing: 'EpochReport.evalMs',
            eval_users: data.users,
            ...ext,
          }),
        );
    } else if (tab.problems.length) {
      throw new Error(tab.problems.join('\n'));
    }
    return out;
  } finally {
    await tab.browser.close().catch(() => undefined);
  }
}
