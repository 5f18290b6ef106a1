/**
 * The app's epoch table as Playwright reads it (e2e tests and Chromium benchmarks): one record per
 * row of its `data-*` attributes (`data-train-ms` → `trainMs`, …), sorted by epoch.
 */
import type { Page } from '@playwright/test';

/** A row's data-* attributes by camel-cased name (strings as the page has them) and its epoch. */
export type EpochTableRow = Record<string, string> & { epoch: number };

/** The epoch table's rows (its current page), oldest first. */
export async function epochTableRows(page: Page): Promise<EpochTableRow[]> {
  const rows = await page
    .getByTestId('epoch-table')
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => ({ ...(tr as HTMLElement).dataset })));
  return rows.map((r) => ({ ...r, epoch: Number(r.epoch) }) as EpochTableRow).sort((a, b) => a.epoch - b.epoch);
}
