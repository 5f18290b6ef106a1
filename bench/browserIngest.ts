/**
 * The Chromium ingest benchmark and the app's file input as the other benchmarks load data through it.
 * Timing from inside the app: `data-ingest-ms` of the dataset summary, measured in the ingest worker
 * from the request reaching it (files handed over) to dataset + split ready.
 */
import type { Page } from '@playwright/test';
import { backendReady, type BrowserCtx, cores, load, memoryFields, openTab } from './browserTab';
import type { BenchData } from './data';
import { afterWarmup, benchRecord, round, summarize, type BenchRecord } from './stats';

/** What one load through the file input reports (ms; counts as the dataset summary shows them). */
export interface IngestObservation {
  ingestMs: number;
  /** The worker's breakdown of ingestMs (data-ingest-phases), when the app reports one. */
  phases: Record<string, number> | null;
  /** Page-side ms from the file input's change event to the summary carrying the new value. */
  pageMs: number;
  users: number;
  items: number;
  ratings: number;
}

/**
 * In-page code (a string: tsx would wrap named functions in a helper the page lacks). Installs a promise
 * `window.__bench.done` resolving with the next dataset summary whose data-ingest-ms differs from the
 * current one, or rejecting on an app error / timeout; records the file input's change time.
 */
const INSTALL_WAITER = `(timeoutMs) => {
  const w = window;
  w.__bench = w.__bench || { changeAt: 0 };
  const b = w.__bench;
  if (!b.listening) {
    document.addEventListener('change', () => { b.changeAt = performance.now(); }, true);
    b.listening = true;
  }
  const sel = '[data-testid=dataset-summary]';
  const prevEl = document.querySelector(sel);
  const prev = prevEl ? prevEl.getAttribute('data-ingest-ms') : null;
  b.done = new Promise((resolve, reject) => {
    let obs = null, timer = 0;
    const check = () => {
      const err = document.querySelector('[data-testid=error]');
      if (err) { obs.disconnect(); clearTimeout(timer); reject(new Error('app error: ' + err.textContent)); return; }
      const el = document.querySelector(sel);
      const v = el ? el.getAttribute('data-ingest-ms') : null;
      if (el && v !== null && v !== prev) {
        obs.disconnect();
        clearTimeout(timer);
        resolve({
          ingestMs: Number(v),
          phases: JSON.parse(el.getAttribute('data-ingest-phases') || 'null'),
          pageMs: performance.now() - b.changeAt,
          users: Number(el.getAttribute('data-users')),
          items: Number(el.getAttribute('data-items')),
          ratings: Number(el.getAttribute('data-ratings')),
        });
      }
    };
    obs = new MutationObserver(check);
    obs.observe(document.body, { subtree: true, childList: true, attributes: true });
    timer = setTimeout(() => { obs.disconnect(); reject(new Error('no new dataset summary after ' + timeoutMs / 1000 + ' s')); }, timeoutMs);
  });
}`;

/**
 * Hands `path` to the app's file input and waits for the dataset summary to carry a new worker
 * measurement. The page installs its observer before the file is set, so no update can be missed.
 */
export async function loadThroughInput(page: Page, path: string, timeout: number): Promise<IngestObservation> {
  await page.evaluate(`(${INSTALL_WAITER})(${timeout})`);
  await page.getByTestId('file-input').setInputFiles(path);
  return (await page.evaluate('window.__bench.done')) as IngestObservation;
}

/** Throws unless the app counted the users, items and ratings the generator wrote. */
export function checkCounts(o: { users: number; items: number; ratings: number }, data: BenchData): void {
  if (o.users !== data.users || o.items !== data.items || o.ratings !== data.ratings) {
    throw new Error(
      `app counted ${o.users} × ${o.items} × ${o.ratings}, the generator wrote ${data.users} × ${data.items} × ${data.ratings}`,
    );
  }
}

/** Per-phase medians of the worker's breakdowns (`phases_median_ms`), when every run reported one. */
function phaseMedians(phases: (Record<string, number> | null)[]): { phases_median_ms?: Record<string, number> } {
  if (phases.length === 0 || phases.some((p) => !p)) return {};
  const keys = Object.keys(phases[0]!);
  return { phases_median_ms: Object.fromEntries(keys.map((k) => [k, round(summarize(phases.map((p) => p![k] ?? 0)).median)])) };
}

/** ingest: warm-up + runs loads of the same file into one tab (the backend forced to cpu: no GPU probing meanwhile). */
export async function ingestBench(ctx: BrowserCtx, data: BenchData, o: { warmup: number; runs: number }): Promise<BenchRecord> {
  const tab = await openTab(ctx, 'backend=cpu');
  try {
    await backendReady(tab.page, 'cpu');
    const obs: IngestObservation[] = [];
    const la0 = load();
    for (let i = 0; i < o.warmup + o.runs; i++) {
      const r = await loadThroughInput(tab.page, data.path, 120_000);
      checkCounts(r, data);
      obs.push(r);
      const ph = r.phases
        ? ` (${Object.entries(r.phases)
            .map(([k, v]) => `${k} ${v.toFixed(0)}`)
            .join(', ')})`
        : '';
      ctx.log(
        `ingest ${i < o.warmup ? 'warm-up' : `run ${i - o.warmup + 1}/${o.runs}`}: worker ${r.ingestMs.toFixed(0)} ms${ph}, page ${r.pageMs.toFixed(0)} ms`,
      );
    }
    if (tab.problems.length) throw new Error(tab.problems.join('\n'));
    const mem = await tab.close();
    const measured = afterWarmup(obs, o.warmup, o.runs);
    return benchRecord(
      { bench: 'ingest', runtime: 'chromium', backend: 'js', users: data.users, items: data.items, ratings: data.ratings, cores: cores() },
      measured.map((r) => r.ingestMs),
      {
        timing: 'ingest worker: request received (files handed over) → dataset + split ready (data-ingest-ms)',
        target_ms: 600,
        page_median_ms: round(summarize(measured.map((r) => r.pageMs)).median),
        page_timing: 'page: file input change event → summary rendered with the new data',
        ...phaseMedians(measured.map((r) => r.phases)),
        warmup: o.warmup,
        file: `${data.size}/ratings.${data.format}`,
        bytes: data.bytes,
        browser: tab.version,
        ...memoryFields(mem, `one tab, ${o.warmup + o.runs} loads`),
        load_avg: [la0, load()],
      },
    );
  } finally {
    await tab.browser.close().catch(() => undefined);
  }
}
