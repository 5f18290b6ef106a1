/**
 * Runs side by side, on tiny generated data: two short runs (seed, then mult-dae) are kept in the
 * runs table (and in IndexedDB across a reload), ticked runs are drawn on both charts, the verdict
 * compares with most-popular and names the other preset when it did better, runs.csv, the link
 * that reopens a run's configuration, delete; and the dashboard at 1366×768 while training.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { countDat, dropFiles, expectSummary, generateFiles, type GeneratedFiles } from './helpers';

let files: GeneratedFiles;
test.beforeAll(() => {
  files = generateFiles({ users: 200, items: 300, ratings: 6000, seed: 17 });
});

const status = (page: Page) => page.getByTestId('train-status');
const rows = (page: Page) => page.getByTestId('runs-table').locator('tbody tr');
const charts = (page: Page) => [page.getByTestId('chart-loss'), page.getByTestId('chart-precision')];

async function openWithData(page: Page, query: string): Promise<void> {
  await page.goto(`/?${query}`);
  await dropFiles(page, page.getByTestId('dropzone'), [files.ratings, files.movies]);
  await expectSummary(page, countDat(files.ratings));
  await expect(page.getByTestId('backend')).not.toHaveAttribute('data-backend', '', { timeout: 120_000 });
}

async function train(page: Page, epochs: number): Promise<void> {
  await page.getByTestId('train-start').click();
  await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 300_000 });
  await expect(status(page)).toHaveAttribute('data-epoch', String(epochs));
}

/** Test P@K of the current run's epochs (epoch table). */
async function epochPrecisions(page: Page): Promise<number[]> {
  return page
    .getByTestId('epoch-table')
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-precision'))));
}

const attr = async (page: Page, i: number, name: string) => (await rows(page).nth(i).getAttribute(name)) ?? '';

test('two runs side by side: table, overlays, verdict, runs.csv, reopen, delete', async ({ page }) => {
  test.setTimeout(480_000);
  await openWithData(page, 'backend=wasm&epochs=3&batch-size=50');
  await expect(page.getByTestId('runs-table')).toHaveCount(0);

  // Run 1: the seed preset.
  await train(page, 3);
  await expect(rows(page)).toHaveCount(1);
  const popular = Number(await page.getByTestId('baseline').getAttribute('data-precision'));
  const p1 = Number(await status(page).getAttribute('data-precision'));
  const verdict1 = page.getByTestId('verdict');
  await expect(verdict1).toContainText(`P@10 ${p1.toFixed(3)}`);
  await expect(verdict1).toContainText(`most-popular ${popular.toFixed(3)}`);
  expect(Number(await attr(page, 0, 'data-best-precision'))).toBe(Math.max(...(await epochPrecisions(page))));
  expect(await attr(page, 0, 'data-preset')).toBe('seed');
  for (const c of charts(page)) await expect(c).toHaveAttribute('data-series', '1');

  // Run 2: mult-dae, chosen in the folded configuration.
  await page.getByTestId('config-edit').click();
  await page.getByTestId('preset').selectOption('mult-dae');
  await page.getByTestId('cfg-epochs').fill('2');
  await expect(page).toHaveURL(/preset=mult-dae/);
  await train(page, 2);
  await expect(rows(page)).toHaveCount(2);
  expect(await attr(page, 1, 'data-preset')).toBe('mult-dae');
  expect(Number(await attr(page, 1, 'data-best-precision'))).toBe(Math.max(...(await epochPrecisions(page))));
  // The verdict names the seed run only when it did better than this one.
  const last1 = Number(await attr(page, 0, 'data-last-precision'));
  const p2 = Number(await status(page).getAttribute('data-precision'));
  expect(last1).toBe(p1);
  const verdict2 = page.getByTestId('verdict');
  await expect(verdict2).toContainText(`P@10 ${p2.toFixed(3)}`);
  if (Number(last1.toFixed(3)) > Number(p2.toFixed(3))) await expect(verdict2).toContainText(`seed reaches ${last1.toFixed(3)}`);
  else await expect(verdict2).not.toContainText('reaches');

  // Tick both: two runs on each chart (the current run is one of them, drawn once).
  for (const c of charts(page)) await expect(c).toHaveAttribute('data-series', '1');
  await page.getByTestId('run-compare').nth(0).check();
  for (const c of charts(page)) await expect(c).toHaveAttribute('data-series', '2');
  await page.getByTestId('run-compare').nth(1).check();
  for (const c of charts(page)) await expect(c).toHaveAttribute('data-series', '2');
  await expect(page.getByTestId('chart-loss').locator('.recharts-legend-item')).toHaveCount(2);
  await expect(page.getByTestId('chart-loss').locator('path.recharts-curve')).toHaveCount(2);

  // runs.csv: a header and one row per run.
  const download = page.waitForEvent('download');
  await page.getByTestId('runs-export').click();
  const dl = await download;
  expect(dl.suggestedFilename()).toBe('runs.csv');
  const csv = (await readFile(await dl.path(), 'utf8')).trim().split('\n');
  expect(csv).toHaveLength(3);
  expect(csv[0].startsWith('id,started,state,preset')).toBe(true);
  expect(csv[1]).toContain(await attr(page, 0, 'data-run-id'));
  expect(csv[2]).toContain(',mult-dae,');

  // Kept across a reload (IndexedDB); ticked, both are drawn with no current run.
  const ids = [await attr(page, 0, 'data-run-id'), await attr(page, 1, 'data-run-id')];
  await page.reload();
  await expect(rows(page)).toHaveCount(2);
  expect([await attr(page, 0, 'data-run-id'), await attr(page, 1, 'data-run-id')]).toEqual(ids);
  await page.getByTestId('run-compare').nth(0).check();
  await page.getByTestId('run-compare').nth(1).check();
  for (const c of charts(page)) await expect(c).toHaveAttribute('data-series', '2');

  // The first run's link reopens its configuration.
  await rows(page).nth(0).getByRole('link').click();
  await expect(page).toHaveURL(/preset=seed/);
  await expect(page.getByTestId('preset')).toHaveValue('seed');
  await expect(page.getByTestId('cfg-epochs')).toHaveValue('3');
  await expect(page.getByTestId('backend-select')).toHaveValue('wasm');

  // Delete: gone from the table and from storage.
  await rows(page).nth(0).getByTestId('run-delete').click();
  await expect(rows(page)).toHaveCount(1);
  await page.reload();
  await expect(rows(page)).toHaveCount(1);
  expect(await attr(page, 0, 'data-run-id')).toBe(ids[1]);
});

test('dashboard at 1366×768: status, progress and both charts in view while training', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await openWithData(page, 'backend=cpu&epochs=60&batch-size=5');
  await page.getByTestId('train-start').click();
  await expect.poll(async () => Number(await status(page).getAttribute('data-epoch')), { timeout: 120_000 }).toBeGreaterThanOrEqual(2);
  await expect(status(page)).toHaveAttribute('data-state', 'running');
  await expect(page.getByTestId('config-summary')).toBeVisible();
  await expect(page.getByTestId('cfg-epochs')).toHaveCount(0);
  for (const el of [status(page), page.getByTestId('epoch-progress'), ...charts(page)]) {
    const box = await el.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y + box!.height).toBeLessThanOrEqual(768);
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(1366);
  }
  // Hovering a chart shows the point's values.
  const loss = page.getByTestId('chart-loss');
  const svg = await loss.locator('svg.recharts-surface').boundingBox();
  await page.mouse.move(svg!.x + svg!.width * 0.6, svg!.y + svg!.height / 2);
  await expect(loss.locator('.recharts-tooltip-wrapper')).toContainText(/epoch \d+/);
  await page.getByTestId('train-stop').click();
  await expect(status(page)).toHaveAttribute('data-state', 'stopped');
  // Folded after the run too; a click opens the form again.
  await page.getByTestId('config-edit').click();
  await expect(page.getByTestId('cfg-epochs')).toHaveValue('60');
});
