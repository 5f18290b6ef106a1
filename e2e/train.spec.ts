/**
 * Training in the browser on tiny generated data: each forced backend (WebGPU, WebGL, WASM) and
 * auto mode train with finite, decreasing losses and shown metrics and a flat tensor count;
 * pause / resume / stop; and recovery after the training worker crashes.
 */
import { expect, test, type Page } from '@playwright/test';
import { countDat, dropFiles, expectSummary, generateFiles, type GeneratedFiles } from './helpers';
import { epochTableRows } from '../testing/epochTable';

let files: GeneratedFiles;
test.beforeAll(() => {
  files = generateFiles({ users: 200, items: 300, ratings: 6000, seed: 9 });
});

/** Opens the app with URL params and drops the tiny dataset. */
async function openWithData(page: Page, query: string): Promise<void> {
  await page.goto(`/?${query}`);
  await dropFiles(page, page.getByTestId('dropzone'), [files.ratings, files.movies]);
  await expectSummary(page, countDat(files.ratings));
}

/** Per-epoch rows of the epoch table, oldest first. */
async function epochRows(page: Page) {
  return (await epochTableRows(page)).map((r) => ({
    epoch: r.epoch,
    loss: Number(r.loss),
    precision: Number(r.precision),
    tensors: r.numTensors ?? null,
    kernels: r.kernels ?? null,
  }));
}

const status = (page: Page) => page.getByTestId('train-status');

async function trainAndCheck(page: Page, epochs: number, forced?: string): Promise<void> {
  const backend = page.getByTestId('backend');
  await expect(backend).not.toHaveAttribute('data-backend', '', { timeout: 120_000 });
  if (forced) await expect(backend).toHaveAttribute('data-backend', forced);
  await page.getByTestId('train-start').click();
  await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 300_000 });
  await expect(status(page)).toHaveAttribute('data-epoch', String(epochs));
  if (forced) await expect(backend).toHaveAttribute('data-backend', forced);
  const rows = await epochRows(page);
  expect(rows.map((r) => r.epoch)).toEqual(Array.from({ length: epochs }, (_, i) => i + 1));
  for (const r of rows) {
    expect(Number.isFinite(r.loss)).toBe(true);
    expect(r.precision).toBeGreaterThanOrEqual(0);
    expect(r.precision).toBeLessThanOrEqual(1);
  }
  expect(rows[rows.length - 1].loss).toBeLessThan(rows[0].loss);
  // WebGPU trains the Seed preset with the fused programs (webgpuFused.ts); the others with generic kernels.
  if (forced) expect(rows.map((r) => r.kernels)).toEqual(rows.map(() => (forced === 'webgpu' ? 'fused-webgpu' : 'generic')));
  // No tensor leak: the live count after each epoch stays flat.
  const tensors = rows.map((r) => r.tensors).filter((t) => t !== '' && t !== null);
  expect(tensors.length).toBe(epochs);
  expect(new Set(tensors).size).toBe(1);
  await expect(page.getByTestId('rec-list').locator('li')).toHaveCount(10);
}

for (const [backend, epochs] of [
  ['webgpu', 2],
  ['webgl', 3],
  ['wasm', 3],
] as const) {
  test(`trains on forced ${backend}`, async ({ page }) => {
    await openWithData(page, `backend=${backend}&epochs=${epochs}&batch-size=50`);
    await trainAndCheck(page, epochs, backend);
    await expect(page.getByTestId('backend-select')).toHaveValue(backend);
  });
}

test('auto backend trains', async ({ page }) => {
  await openWithData(page, 'epochs=2&batch-size=50');
  await trainAndCheck(page, 2);
  await expect(page.getByTestId('backend')).not.toHaveText('');
});

test('pause, resume and stop', async ({ page }) => {
  await openWithData(page, 'backend=cpu&epochs=60&batch-size=10');
  await page.getByTestId('train-start').click();
  await expect.poll(async () => Number(await status(page).getAttribute('data-epoch')), { timeout: 120_000 }).toBeGreaterThanOrEqual(1);

  await page.getByTestId('train-pause').click();
  await expect(status(page)).toHaveAttribute('data-state', 'paused');
  const pausedAt = await status(page).getAttribute('data-epoch');
  await page.waitForTimeout(2000);
  await expect(status(page)).toHaveAttribute('data-epoch', pausedAt!);
  // Recommendations work while paused.
  await expect(page.getByTestId('rec-list').locator('li')).toHaveCount(10);

  await page.getByTestId('train-resume').click();
  await expect(status(page)).toHaveAttribute('data-state', 'running');
  await expect
    .poll(async () => Number(await status(page).getAttribute('data-epoch')), { timeout: 120_000 })
    .toBeGreaterThan(Number(pausedAt));

  await page.getByTestId('train-stop').click();
  await expect(status(page)).toHaveAttribute('data-state', 'stopped');
  const stoppedAt = await status(page).getAttribute('data-epoch');
  await page.waitForTimeout(1500);
  await expect(status(page)).toHaveAttribute('data-epoch', stoppedAt!);
  expect(Number(stoppedAt)).toBeLessThan(60);
  await expect(page.getByTestId('rec-list').locator('li')).toHaveCount(10);
});

test('a crashed training worker: continue on the next backend from the last finished epoch', async ({ page }) => {
  await openWithData(page, 'backend=wasm&epochs=40&batch-size=5');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm', { timeout: 120_000 });
  await page.getByTestId('train-start').click();
  await expect.poll(async () => Number(await status(page).getAttribute('data-epoch')), { timeout: 120_000 }).toBeGreaterThanOrEqual(2);
  await page.evaluate(() => window.__recsys!.crashTrainWorker());
  await expect(status(page)).toHaveAttribute('data-state', 'failed');
  const failure = page.getByTestId('train-failure');
  await expect(failure).toBeVisible();
  const kept = Number(await status(page).getAttribute('data-epoch'));
  expect(kept).toBeGreaterThanOrEqual(2);
  // Data and model are still there.
  await expect(page.getByTestId('dataset-summary')).toBeVisible();
  await expect(page.getByTestId('train-continue')).toContainText('cpu');
  await page.getByTestId('train-continue').click();
  await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 300_000 });
  await expect(status(page)).toHaveAttribute('data-epoch', '40');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'cpu');
  const rows = await epochRows(page);
  expect(rows.map((r) => r.epoch)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
});

test('the mult-dae preset, chosen in the UI, trains and beats most-popular', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('preset').selectOption('mult-dae');
  await expect(page).toHaveURL(/preset=mult-dae/);
  await expect(page.getByTestId('cfg-hidden')).toHaveValue('600');
  await page.getByTestId('cfg-epochs').fill('8');
  await page.getByTestId('backend-select').selectOption('wasm');
  await page.getByTestId('load-sample').click();
  await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-users', '1000', { timeout: 60_000 });
  await page.getByTestId('train-start').click();
  await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 300_000 });
  await expect(status(page)).toHaveAttribute('data-epoch', '8');
  const precision = Number(await status(page).getAttribute('data-precision'));
  const popular = Number(await page.getByTestId('baseline').getAttribute('data-precision'));
  expect(popular).toBeGreaterThan(0);
  expect(precision).toBeGreaterThan(popular);
  // The page is cross-origin isolated: the output layer's wide products ran on both cores (the helper
  // thread starts during the first steps, so the last epochs show it).
  const rows = await epochRows(page);
  expect(rows.at(-1)!.kernels).toBe('generic-two-threads');
});
