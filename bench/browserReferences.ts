/**
 * The `references-chromium` benchmark: the references worker of the production build on the ML-1M
 * shape. Each run loads the file through the app's file input (the references start by themselves)
 * and waits for the EASE row; the figure is its `data-fit-ms` — the worker's wall time for EASE λ 500's
 * fit — with the fit plus the top-K lists of all 6,040 users (`data-ms`), item-kNN's time, and the
 * solver the row names beside it.
 */
import { backendReady, type BrowserCtx, cores, load, memoryFields, openTab } from './browserTab';
import { checkCounts, loadThroughInput } from './browserIngest';
import type { BenchData } from './data';
import { afterWarmup, benchRecord, round, summarize, type BenchRecord } from './stats';

/** warm-up + runs loads of the same file into one tab (backend cpu, no training). */
export async function referencesChromiumBench(ctx: BrowserCtx, data: BenchData, o: { warmup: number; runs: number }): Promise<BenchRecord> {
  const tab = await openTab(ctx, 'backend=cpu');
  try {
    await backendReady(tab.page, 'cpu');
    const ease = tab.page.getByTestId('reference-ease');
    const knn = tab.page.getByTestId('reference-itemknn');
    const easeMs: number[] = [];
    const fitMs: number[] = [];
    const knnMs: number[] = [];
    let solver = '';
    const la0 = load();
    for (let i = 0; i < o.warmup + o.runs; i++) {
      const before = await ease.getAttribute('data-ms').catch(() => null);
      checkCounts(await loadThroughInput(tab.page, data.path, 120_000), data);
      // Done with this load's result: a new, non-empty data-ms (a float: equal to the last run's only by accident).
      await tab.page.waitForFunction(
        (prev) => {
          const row = document.querySelector('[data-testid=reference-ease]');
          const ms = row?.getAttribute('data-ms');
          return row?.getAttribute('data-state') === 'done' && !!ms && ms !== prev;
        },
        before,
        { timeout: 300_000, polling: 100 },
      );
      easeMs.push(Number(await ease.getAttribute('data-ms')));
      fitMs.push(Number(await ease.getAttribute('data-fit-ms')));
      knnMs.push(Number(await knn.getAttribute('data-ms')));
      solver = (await ease.getAttribute('data-solver')) ?? '';
      ctx.log(
        `references-chromium ${i < o.warmup ? 'warm-up' : `run ${i - o.warmup + 1}/${o.runs}`}: EASE ${easeMs[i].toFixed(0)} ms (fit ${fitMs[i].toFixed(0)} ms, ${solver}), item-kNN ${knnMs[i].toFixed(0)} ms`,
      );
    }
    if (tab.problems.length) throw new Error(tab.problems.join('\n'));
    const mem = await tab.close();
    return benchRecord(
      {
        bench: 'references-chromium',
        runtime: 'chromium',
        backend: 'wasm-simd',
        users: data.users,
        items: data.items,
        ratings: data.ratings,
        cores: cores(),
      },
      afterWarmup(fitMs, o.warmup, o.runs),
      {
        timing: 'references worker: EASE λ 500 fit (XᵀX, SPD inverse, B; data-fit-ms of the EASE row)',
        target_ms: 5000,
        with_lists_median_ms: round(summarize(afterWarmup(easeMs, o.warmup, o.runs)).median),
        with_lists_timing: 'the fit + the top-K lists of every user (data-ms)',
        solver,
        itemknn_median_ms: round(summarize(afterWarmup(knnMs, o.warmup, o.runs)).median),
        warmup: o.warmup,
        browser: tab.version,
        ...memoryFields(mem, `one tab, ${o.warmup + o.runs} loads`),
        load_avg: [la0, load()],
      },
    );
  } finally {
    await tab.browser.close().catch(() => undefined);
  }
}
