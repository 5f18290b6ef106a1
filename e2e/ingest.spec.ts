/**
 * Ingest through the real UI: drop and choose generated files, bad input, the built-in sample,
 * ?sample=1, and cancelling a large load. Counts are checked against an independent count.
 */
import { expect, test } from '@playwright/test';
import { sampleOptions } from '../src/data/sample';
import { countDat, dropFiles, expectSummary, generateFiles, watchConsole, writeText } from './helpers';

test.describe('ingest', () => {
  test('drop ratings.dat, then choose another file: exact counts; a bad file keeps the previous data', async ({ page }) => {
    const problems = watchConsole(page);
    const a = generateFiles({ users: 300, items: 400, ratings: 9000, seed: 11 });
    const b = generateFiles({ users: 250, items: 350, ratings: 7000, seed: 12 });
    const ca = countDat(a.ratings);
    const cb = countDat(b.ratings);
    expect(ca.ratings).toBe(9000);

    await page.goto('/');
    await dropFiles(page, page.getByTestId('dropzone'), [a.ratings]);
    await expectSummary(page, ca);
    const summary = page.getByTestId('dataset-summary');
    const train = Number(await summary.getAttribute('data-train'));
    const testN = Number(await summary.getAttribute('data-test'));
    expect(train + testN).toBe(ca.ratings);
    expect(testN).toBeGreaterThan(0);
    await expect(summary).toContainText('ratings.dat');

    // The file input (several files at once: ratings + movies).
    await page.getByTestId('file-input').setInputFiles([b.ratings, b.movies]);
    await expectSummary(page, cb);
    await expect(summary).toContainText('movies.dat');

    // A broken line: the error names the file and the line; the previous summary stays.
    const good = Array.from({ length: 6 }, (_, i) => `${i + 1}::${i + 10}::4::97830076${i}`);
    const bad = writeText(a.dir, 'broken-ratings.dat', `${[...good.slice(0, 4), '5::20::four::978300765', ...good.slice(4)].join('\n')}\n`);
    await page.getByTestId('file-input').setInputFiles(bad);
    const error = page.getByTestId('error');
    await expect(error).toBeVisible();
    await expect(error).toHaveAttribute('role', 'alert');
    await expect(error).toContainText('broken-ratings.dat');
    await expect(error).toContainText('line 5');
    await expectSummary(page, cb);
    expect(problems).toEqual([]);
  });

  test('built-in sample button and ?sample=1', async ({ page }) => {
    const problems = watchConsole(page);
    const d = sampleOptions();
    await page.goto('/');
    await page.getByTestId('load-sample').click();
    await expectSummary(page, d);
    await expect(page).toHaveURL(/sample=1/);

    await page.goto('/?sample=1');
    await expectSummary(page, d);
    await expect(page.getByTestId('dataset-summary')).toContainText('Built-in sample');
    expect(problems).toEqual([]);
  });

  test('the drop zone is keyboard-reachable and labelled', async ({ page }) => {
    await page.goto('/');
    const zone = page.getByTestId('dropzone');
    await expect(zone).toHaveAttribute('role', 'button');
    await expect(zone).toHaveAttribute('tabindex', '0');
    await expect(page.getByLabel('Choose files')).toHaveAttribute('type', 'file');
    const chooser = page.waitForEvent('filechooser');
    await zone.focus();
    await page.keyboard.press('Enter');
    const fc = await chooser;
    expect(fc.isMultiple()).toBe(true);
  });

  test('cancel a large load: progress shown, load aborted, previous data kept', async ({ page }) => {
    const small = generateFiles({ users: 200, items: 300, ratings: 5000, seed: 3 });
    const big = generateFiles({ users: 20_000, items: 4000, ratings: 2_500_000, seed: 4 });
    await page.goto('/');
    await page.getByTestId('file-input').setInputFiles(small.ratings);
    const cs = countDat(small.ratings);
    await expectSummary(page, cs);

    await page.getByTestId('file-input').setInputFiles(big.ratings);
    const progress = page.getByTestId('ingest-progress');
    await expect(progress).toBeVisible();
    await expect(progress).toHaveAttribute('role', 'progressbar');
    await expect.poll(async () => Number(await progress.getAttribute('aria-valuenow'))).toBeGreaterThan(0);
    await page.getByTestId('ingest-cancel').click();
    await expect(progress).toBeHidden();
    await expect(page.getByTestId('notice')).toContainText('cancelled');
    await expect(page.getByTestId('error')).toHaveCount(0);
    await expectSummary(page, cs);
  });
});
