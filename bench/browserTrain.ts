/**
 * The Chromium training benchmarks: train-epoch, evaluate and user-switch on one backend, and training
 * to 'done' as the other benchmarks use it. Timings from inside the app: `data-train-ms` /
 * `data-eval-ms` of the epoch table rows (the engine's EpochReport) and `data-rec-ms` of the rec list.
 */
import type { Page } from '@playwright/test';
import { checkCounts, loadThroughInput } from './browserIngest';
import { backendReady, type BrowserCtx, cores, load, memoryFields, openTab } from './browserTab';
import type { BenchData } from './data';
import { afterWarmup, benchRecord, round, summarize, type BenchRecord } from './stats';
import { epochTableRows } from '../testing/epochTable';

/** A finished epoch as the epoch table shows it. */
interface EpochRow {
  epoch: number;
  trainMs: number;
  evalMs: number;
  loss: number;
}

/** The epoch table's finished epochs, sorted by epoch. */
async function epochRows(page: Page): Promise<EpochRow[]> {
  return (await epochTableRows(page)).map((r) => ({
    epoch: r.epoch,
    trainMs: Number(r.trainMs),
    evalMs: Number(r.evalMs),
    loss: Number(r.loss),
  }));
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
