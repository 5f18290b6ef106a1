/**
 * The Chromium benchmarks: the real app (vite preview of the production build) in headless Chromium,
 * driven like a user through its data-testid hooks. Timings come from inside the app:
 * - ingest: `data-ingest-ms` of the dataset summary, measured in the ingest worker from the request
 *   reaching it (files handed over) to dataset + split ready;
 * - train / evaluate: `data-train-ms` / `data-eval-ms` of the epoch table rows, the engine's EpochReport.
 * Memory: the browser's renderer processes through /proc (see memory.ts), for every Chromium benchmark.
 */
import { cpus, loadavg } from 'node:os';
import type { Page } from '@playwright/test';
import { launchChromium } from './app';
import type { BenchData } from './data';
import { MEMORY_METHOD, MemorySampler, type MemoryReport } from './memory';
import { afterWarmup, benchRecord, round, summarize, type BenchRecord } from './stats';

/** Shared by the Chromium benchmarks. */
export interface BrowserCtx {
  url: string;
  log(s: string): void;
}

const cores = () => cpus().length;
const load = () => round(loadavg()[0], 2);

/** A fresh browser + page with console errors collected, memory sampled, closed by the returned close(). */
export async function openTab(ctx: BrowserCtx, query: string) {
  const { browser, pid } = await launchChromium();
  const sampler = new MemorySampler(pid).start();
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
  });
  page.on('crash', () => problems.push('page crashed'));
  // BENCH_APP_PARAMS adds app settings to every tab's URL, e.g. references=none to time training alone.
  const extra = process.env.BENCH_APP_PARAMS;
  await page.goto(`${ctx.url}/?${query}${extra ? `&${extra}` : ''}`);
  return {
    browser,
    page,
    problems,
    sampler,
    version: `Chromium ${browser.version()}`,
    async close(): Promise<MemoryReport> {
      const mem = sampler.stop();
      await browser.close().catch(() => undefined);
      return mem;
    },
  };
}

function memoryFields(m: MemoryReport, scope: string) {
  return {
    peak_mb: m.rendererPeakMb,
    memory_method: `${MEMORY_METHOD}; scope: ${scope}`,
    renderers_rss_sum_peak_mb: m.renderersRssSumPeakMb,
    gpu_process_peak_mb: m.gpuPeakMb,
    browser_process_peak_mb: m.browserPeakMb,
  };
}

/** Waits until the backend is initialised and returns its name and reason text. */
export async function backendReady(page: Page, expected: string | null, timeout = 180_000): Promise<{ name: string; reason: string }> {
  const el = page.getByTestId('backend');
  const t0 = Date.now();
  for (;;) {
    const name = (await el.getAttribute('data-backend')) ?? '';
    if (name) {
      if (expected && name !== expected) throw new Error(`backend is ${name}, expected ${expected}: ${await el.textContent()}`);
      return { name, reason: ((await el.textContent()) ?? '').trim() };
    }
    if (Date.now() - t0 > timeout) throw new Error(`backend not ready after ${timeout / 1000} s: ${await el.textContent()}`);
    await page.waitForTimeout(250);
  }
}

interface IngestObservation {
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
 * Hands `path` to the app's file input and waits for the dataset summary to carry a new worker
 * measurement. The page installs its observer before the file is set, so no update can be missed.
 */
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

/** A finished epoch as the epoch table shows it. */
interface EpochRow {
  epoch: number;
  trainMs: number;
  evalMs: number;
  loss: number;
}

async function epochRows(page: Page): Promise<EpochRow[]> {
  const rows = await page
    .getByTestId('epoch-table')
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => ({
        epoch: Number(tr.getAttribute('data-epoch')),
        trainMs: Number(tr.getAttribute('data-train-ms')),
        evalMs: Number(tr.getAttribute('data-eval-ms')),
        loss: Number(tr.getAttribute('data-loss')),
      })),
    );
  return rows.sort((a, b) => a.epoch - b.epoch);
}

/** Clicks Start and waits for 'done', logging each finished epoch; throws on 'failed' or timeout. */
export async function trainToDone(
  ctx: BrowserCtx,
  page: Page,
  epochs: number,
  label: string,
  timeoutMs: number,
): Promise<{ rows: EpochRow[]; wallMs: number }> {
  const status = page.getByTestId('train-status');
  await page.getByTestId('train-start').click();
  const t0 = Date.now();
  let seen = 0;
  let lastNote = t0;
  for (;;) {
    const state = await status.getAttribute('data-state');
    const epoch = Number((await status.getAttribute('data-epoch')) ?? 0);
    if (epoch > seen) {
      const rows = await epochRows(page);
      for (const r of rows.filter((x) => x.epoch > seen)) {
        ctx.log(
          `${label} epoch ${r.epoch}/${epochs}: train ${r.trainMs.toFixed(0)} ms, eval ${r.evalMs.toFixed(0)} ms, loss ${r.loss.toFixed(5)}`,
        );
      }
      seen = epoch;
    }
    if (state === 'done') break;
    if (state === 'failed' || state === 'stopped') {
      const msg = await page
        .getByTestId('train-failure')
        .textContent()
        .catch(() => null);
      throw new Error(`${label}: training ${state}${msg ? `: ${msg}` : ''}`);
    }
    if (Date.now() - t0 > timeoutMs) throw new Error(`${label}: not done after ${timeoutMs / 1000} s (epoch ${epoch}/${epochs})`);
    if (Date.now() - lastNote > 30_000) {
      lastNote = Date.now();
      const p = await page
        .getByTestId('epoch-progress')
        .getAttribute('aria-valuetext')
        .catch(() => null);
      ctx.log(`${label}: ${p ?? 'running'} (${((lastNote - t0) / 1000).toFixed(0)} s)`);
    }
    await page.waitForTimeout(500);
  }
  const wallMs = Date.now() - t0;
  const rows = await epochRows(page);
  if (rows.length !== epochs) throw new Error(`${label}: ${rows.length} epoch rows, expected ${epochs}`);
  return { rows, wallMs };
}

/** train-epoch + evaluate on one backend: Seed preset, warm-up + runs epochs, in a fresh browser. */
export async function trainBench(
  ctx: BrowserCtx,
  data: BenchData,
  backend: string,
  o: { warmup: number; runs: number; note?: string },
): Promise<BenchRecord[]> {
  const epochs = o.warmup + o.runs;
  const tab = await openTab(ctx, `backend=${backend}&epochs=${epochs}`);
  try {
    const info = await backendReady(tab.page, backend);
    ctx.log(`chromium ${backend}: ${info.reason}`);
    const loaded = await loadThroughInput(tab.page, data.path, 180_000);
    checkCounts(loaded, data);
    const la0 = load();
    const { rows, wallMs } = await trainToDone(ctx, tab.page, epochs, `chromium ${backend}`, 60 * 60_000);
    const switches = await userSwitches(tab.page, o.warmup, Math.max(10, o.runs));
    if (tab.problems.length) throw new Error(tab.problems.join('\n'));
    const mem = await tab.close();
    const measured = afterWarmup(rows, o.warmup, o.runs);
    const losses = rows.map((r) => r.loss);
    if (!losses.every(Number.isFinite)) throw new Error(`chromium ${backend}: non-finite loss ${losses.join(', ')}`);
    const common = {
      preset: 'seed',
      epochs_run: epochs,
      warmup: o.warmup,
      ...(o.note ? { note: o.note } : {}),
      device: info.reason,
      file: `${data.size}/ratings.${data.format}`,
      browser: tab.version,
      run_wall_s: round(wallMs / 1000, 1),
      ...memoryFields(mem, 'whole tab life: ingest + training'),
      load_avg: [la0, load()],
    };
    const baseRec = { runtime: 'chromium', backend, users: data.users, items: data.items, ratings: data.ratings, cores: cores() };
    return [
      benchRecord(
        { bench: 'train-epoch', ...baseRec },
        measured.map((r) => r.trainMs),
        { timing: 'EpochReport.trainMs (data-train-ms)', ...common },
      ),
      benchRecord(
        { bench: 'evaluate', ...baseRec },
        measured.map((r) => r.evalMs),
        { timing: 'EpochReport.evalMs (data-eval-ms)', eval_users: data.users, ...common },
      ),
      benchRecord({ bench: 'user-switch', ...baseRec }, switches.wall, {
        timing: "click 'Next user' → the new user's top-10 list rendered (rec-list data-user changed), polled by Playwright",
        engine_median_ms: round(summarize(switches.engine).median, 1),
        engine_timing: 'data-rec-ms: recommend() request → answer on the page (worker round trip)',
        target_ms: 100,
        ...common,
      }),
    ];
  } finally {
    await tab.browser.close().catch(() => undefined);
  }
}

/** Times `runs` switches to the next user (after `warmup` unmeasured ones): wall ms and the app's data-rec-ms. */
async function userSwitches(page: Page, warmup: number, runs: number): Promise<{ wall: number[]; engine: number[] }> {
  const list = page.getByTestId('rec-list');
  await list.waitFor({ timeout: 60_000 });
  const wall: number[] = [];
  const engine: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    const before = await list.getAttribute('data-user');
    const t0 = performance.now();
    await page.getByTestId('user-next').click();
    await page.waitForFunction((b) => document.querySelector('[data-testid=rec-list]')?.getAttribute('data-user') !== b, before, {
      polling: 'raf',
    });
    const ms = performance.now() - t0;
    if (i < warmup) continue;
    wall.push(ms);
    engine.push(Number(await list.getAttribute('data-rec-ms')));
  }
  return { wall, engine };
}

/** `performance.measureUserAgentSpecificMemory()` of the page in MiB (cross-origin isolated), or null. */
async function uaMemoryMb(page: Page, timeoutMs = 60_000): Promise<number | null> {
  return page
    .evaluate(async (t) => {
      const p = performance as Performance & { measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }> };
      if (!p.measureUserAgentSpecificMemory || !crossOriginIsolated) return null;
      const r = await Promise.race([p.measureUserAgentSpecificMemory(), new Promise<null>((ok) => setTimeout(() => ok(null), t))]);
      return r ? r.bytes / 1048576 : null;
    }, timeoutMs)
    .catch(() => null);
}

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
