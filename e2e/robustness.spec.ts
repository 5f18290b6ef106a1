/**
 * Issue #13, in the built app: a bad link parameter is dropped alone; a 100 KB title does not widen the
 * page; a double Start makes one run; a reload mid-training offers Resume, which continues from the
 * saved epoch with the same curves.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { countDat, dropFiles, expectSummary, generateFiles, type GeneratedFiles } from './helpers';
import { epochTableRows } from '../testing/epochTable';

let files: GeneratedFiles;
test.beforeAll(() => {
  files = generateFiles({ users: 60, items: 80, ratings: 1500, seed: 13 }, 'recsys-robust-');
});

const status = (page: Page) => page.getByTestId('train-status');

async function openWithData(page: Page, query: string, paths = [files.ratings, files.movies]): Promise<void> {
  await page.goto(`/?${query}`);
  await dropFiles(page, page.getByTestId('dropzone'), paths);
  await expectSummary(page, countDat(files.ratings));
}

/** The epoch table's rows (every page is at most 100 rows: these runs are shorter), oldest first. */
async function epochRows(page: Page) {
  return (await epochTableRows(page)).map((r) => ({ epoch: r.epoch, loss: r.loss ?? null, precision: r.precision ?? null }));
}

test('one bad link parameter is reported and dropped alone', async ({ page }) => {
  await page.goto('/?epochs=abc&lr=0.01&hidden=20&backend=cpu');
  await expect(page.getByTestId('url-notice')).toContainText('epochs=abc');
  await expect(page.getByTestId('cfg-lr')).toHaveValue('0.01');
  await expect(page.getByTestId('cfg-epochs')).toHaveValue('100');
  await expect(page.getByTestId('backend-select')).toHaveValue('cpu');
  const params = new URL(page.url()).searchParams;
  expect(params.get('lr')).toBe('0.01');
  expect(params.get('hidden')).toBe('20');
  expect(params.get('backend')).toBe('cpu');
  expect(params.has('epochs')).toBe(false);
});

test('a 100 KB title does not widen the page', async ({ page }) => {
  const userOne = countDat(files.ratings).byUser.get(1)!;
  const long = 'Looooong'.repeat(12_800);
  const movies = readFileSync(files.movies, 'latin1')
    .split('\n')
    .map((l) => {
      const [id, , genres] = l.split('::');
      return l && userOne.has(Number(id)) ? `${id}::${long}::${genres}` : l;
    })
    .join('\n');
  const moviesPath = `${files.dir}/movies-long.dat`;
  writeFileSync(moviesPath, movies, 'latin1');
  await openWithData(page, 'backend=cpu', [files.ratings, moviesPath]);
  const title = page.getByTestId('user-ratings').locator('.item-title').first();
  await expect(title).toHaveAttribute('title', long);
  const { scrollWidth, viewport } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
  }));
  expect(scrollWidth).toBe(viewport);
});

test('two Start clicks in one task make one run', async ({ page }) => {
  await openWithData(page, 'backend=cpu&epochs=3&batch-size=20');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'cpu', { timeout: 120_000 });
  await page.getByTestId('train-start').evaluate((b: HTMLButtonElement) => {
    b.click();
    b.click();
  });
  await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 180_000 });
  await expect(status(page)).toHaveAttribute('data-epoch', '3');
  await expect(page.getByTestId('train-failure')).toHaveCount(0);
  expect((await epochRows(page)).map((r) => r.epoch)).toEqual([1, 2, 3]);
});

test('a reload mid-training asks first, then Resume continues from the saved epoch with the same curves', async ({ page }) => {
  await openWithData(page, 'backend=wasm&epochs=2000&batch-size=1');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm', { timeout: 120_000 });
  await page.getByTestId('train-start').click();
  await expect.poll(async () => Number(await status(page).getAttribute('data-epoch')), { timeout: 120_000 }).toBeGreaterThanOrEqual(3);
  await page.getByTestId('train-pause').click();
  await expect(status(page)).toHaveAttribute('data-state', 'paused');
  const before = await epochRows(page);
  const saved = before.length;
  // The run is saved in the background; wait until the store holds the paused epoch.
  const savedEpoch = () =>
    page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const req = indexedDB.open('recsys-trainer-session');
          req.onsuccess = () => {
            const db = req.result;
            if (!db.objectStoreNames.contains('session')) return resolve(0);
            const get = db.transaction('session').objectStore('session').get('run');
            get.onsuccess = () => resolve(get.result?.snapshot.epoch ?? 0);
            get.onerror = () => resolve(0);
          };
          req.onerror = () => resolve(0);
        }),
    );
  await expect.poll(savedEpoch, { timeout: 30_000 }).toBe(saved);

  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.type());
    void d.accept();
  });
  await page.reload();
  expect(dialogs).toEqual(['beforeunload']);

  const resume = page.getByTestId('resume-saved');
  await expect(resume).toContainText(`epoch ${saved}`);
  await resume.click();
  await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-ratings', String(countDat(files.ratings).ratings));
  await expect.poll(async () => Number(await status(page).getAttribute('data-epoch')), { timeout: 120_000 }).toBeGreaterThan(saved + 1);
  await page.getByTestId('train-stop').click();
  await expect(status(page)).toHaveAttribute('data-state', 'stopped');
  const after = await epochRows(page);
  expect(after.slice(0, saved)).toEqual(before);
  expect(after.map((r) => r.epoch)).toEqual(Array.from({ length: after.length }, (_, i) => i + 1));

  // The resumed data can be re-split: a new ratio updates the summary (each user keeps max(1, round(n·0.5)) for training).
  await page.getByTestId('config-edit').click();
  await page.getByTestId('cfg-split-ratio').fill('0.5');
  const sizes = [...countDat(files.ratings).byUser.values()].map((s) => s.size);
  const expectedTest = sizes.reduce((t, n) => t + n - Math.min(n, Math.max(1, Math.round(n * 0.5))), 0);
  await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-test', String(expectedTest), { timeout: 30_000 });
  await expect(page.getByTestId('train-start')).toBeEnabled();
});

test('a crash on the last backend offers Retry from the last finished epoch on it', async ({ page }) => {
  await openWithData(page, 'backend=cpu&epochs=2000&batch-size=5');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'cpu', { timeout: 120_000 });
  await page.getByTestId('train-start').click();
  await expect.poll(async () => Number(await status(page).getAttribute('data-epoch')), { timeout: 120_000 }).toBeGreaterThanOrEqual(2);
  await page.evaluate(() => window.__recsys!.crashTrainWorker());
  await expect(status(page)).toHaveAttribute('data-state', 'failed');
  const kept = Number(await status(page).getAttribute('data-epoch'));
  await expect(page.getByTestId('train-continue')).toHaveCount(0);
  const retry = page.getByTestId('train-retry');
  await expect(retry).toHaveText(`Retry from epoch ${kept} on cpu`);
  await retry.click();
  await expect.poll(async () => Number(await status(page).getAttribute('data-epoch')), { timeout: 120_000 }).toBeGreaterThan(kept);
  await expect(status(page)).toHaveAttribute('data-state', 'running');
  await page.getByTestId('train-stop').click();
  await expect(status(page)).toHaveAttribute('data-state', 'stopped');
  // The newest page of the table: consecutive epochs up to the one shown, none lost or repeated.
  const rows = await epochRows(page);
  const last = Number(await status(page).getAttribute('data-epoch'));
  expect(rows.map((r) => r.epoch)).toEqual(Array.from({ length: rows.length }, (_, i) => last - rows.length + 1 + i));
});
