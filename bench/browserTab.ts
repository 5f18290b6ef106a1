/**
 * Chromium tabs for the browser benchmarks: the real app (vite preview of the production build) in
 * headless Chromium, driven like a user through its data-testid hooks. Each tab collects console errors
 * and samples the browser's memory through /proc (memory.ts) for every Chromium benchmark.
 */
import { cpus, loadavg } from 'node:os';
import type { Page } from '@playwright/test';
import { launchChromium } from './app';
import { MEMORY_METHOD, MemorySampler, type MemoryReport } from './memory';
import { round } from './stats';

/** Shared by the Chromium benchmarks. */
export interface BrowserCtx {
  url: string;
  log(s: string): void;
}

/** CPU cores of this machine (the records' `cores`). */
export const cores = () => cpus().length;
/** The 1-minute load average, 2 decimals (the records' `load_avg` pairs). */
export const load = () => round(loadavg()[0], 2);

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

/** A record's memory fields from a tab's MemoryReport (MiB); `scope` says which part of the tab's life it covers. */
export function memoryFields(m: MemoryReport, scope: string) {
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

/** `performance.measureUserAgentSpecificMemory()` of the page in MiB (cross-origin isolated), or null. */
export async function uaMemoryMb(page: Page, timeoutMs = 60_000): Promise<number | null> {
  return page
    .evaluate(async (t) => {
      const p = performance as Performance & { measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }> };
      if (!p.measureUserAgentSpecificMemory || !crossOriginIsolated) return null;
      const r = await Promise.race([p.measureUserAgentSpecificMemory(), new Promise<null>((ok) => setTimeout(() => ok(null), t))]);
      return r ? r.bytes / 1048576 : null;
    }, timeoutMs)
    .catch(() => null);
}
