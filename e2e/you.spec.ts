/**
 * The "You" panel on real generated files: train 3 epochs on WASM, search three movies by title and
 * rate them, get ten recommendations that exclude them, each explained by one of them; the ratings
 * survive a reload (IndexedDB, per dataset) and, with the saved model loaded again, give the same
 * list; clearing them works and stays cleared.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync, rmSync } from 'node:fs';
import { countDat, dropFiles, expectSummary, generateFiles, watchConsole } from './helpers';

/** The rendered "your top 10": item id and the id of the rated movie that explains it. */
async function yourRecs(page: Page): Promise<{ item: number; because: number }[]> {
  const list = page.getByTestId('you-recs').locator('li');
  await expect(list).toHaveCount(10);
  return list.evaluateAll((lis) =>
    lis.map((li) => ({ item: Number(li.getAttribute('data-item-id')), because: Number(li.getAttribute('data-because')) })),
  );
}

/** [item id, rating] of the "Your ratings" list. */
async function yourRated(page: Page): Promise<[number, number][]> {
  return page
    .getByTestId('you-rated')
    .locator('li')
    .evaluateAll((lis) =>
      lis.map((li) => [Number(li.getAttribute('data-item-id')), Number(li.getAttribute('data-rating'))] as [number, number]),
    );
}

test('you: search, rate three movies, ten explained recommendations; kept across reloads; clear', async ({ page }) => {
  test.setTimeout(300_000);
  const problems = watchConsole(page);
  const files = generateFiles({ users: 200, items: 300, ratings: 6000, seed: 17 }, 'recsys-you-');
  try {
    const counts = countDat(files.ratings);
    const rated = new Set<number>();
    for (const s of counts.byUser.values()) for (const i of s) rated.add(i);
    const titles = new Map(
      readFileSync(files.movies, 'latin1')
        .split('\n')
        .filter(Boolean)
        .map((l) => [Number(l.split('::')[0]), l.split('::')[1]] as [number, string]),
    );
    // Three movies that are in the ratings, with distinct titles; found by a part of their title.
    const picks = [...rated].filter((id) => titles.has(id)).slice(0, 3);
    const stars = [5, 4, 1];

    await page.goto('/?backend=wasm&epochs=3');
    await dropFiles(page, page.getByTestId('dropzone'), [files.ratings, files.movies]);
    await expectSummary(page, counts);
    await page.getByTestId('train-start').click();
    const status = page.getByTestId('train-status');
    await expect(status).toHaveAttribute('data-state', 'done', { timeout: 180_000 });

    const search = page.getByTestId('you-search');
    for (let n = 0; n < 3; n++) {
      const title = titles.get(picks[n])!;
      await search.fill(title.slice(0, title.lastIndexOf(' (')).toUpperCase()); // case-insensitive, without the year
      const hit = page.getByTestId('you-results').locator(`li[data-item-id="${picks[n]}"]`);
      await expect(hit).toContainText(title);
      await hit.locator(`button[data-rating="${stars[n]}"]`).click();
    }
    await expect(page.getByTestId('you-rated').locator('li')).toHaveCount(3);
    expect((await yourRated(page)).sort()).toEqual(picks.map((p, n) => [p, stars[n]]).sort());

    const recs = await yourRecs(page);
    expect(new Set(recs.map((r) => r.item)).size).toBe(10);
    for (const r of recs) {
      expect(picks).not.toContain(r.item);
      expect(rated.has(r.item)).toBe(true); // an item of the data
      expect(picks).toContain(r.because);
    }

    // Save the model, reload the page and the data: the ratings are back; with the model loaded, the same list.
    await page.getByTestId('save-model').click();
    await expect(page.getByTestId('export-status')).toContainText('saved', { timeout: 60_000 });
    await page.reload();
    await dropFiles(page, page.getByTestId('dropzone'), [files.ratings, files.movies]);
    await expectSummary(page, counts);
    await expect(page.getByTestId('you-rated').locator('li')).toHaveCount(3);
    expect((await yourRated(page)).sort()).toEqual(picks.map((p, n) => [p, stars[n]]).sort());
    await page.getByTestId('load-model').click();
    await expect(page.getByTestId('export-status')).toContainText('Model loaded', { timeout: 60_000 });
    expect(await yourRecs(page)).toEqual(recs);

    // Clear: gone now and after another reload.
    await page.getByTestId('you-clear').click();
    await expect(page.getByTestId('you-rated').locator('li')).toHaveCount(0);
    await expect(page.getByTestId('you-recs')).toHaveCount(0);
    await page.reload();
    await dropFiles(page, page.getByTestId('dropzone'), [files.ratings, files.movies]);
    await expectSummary(page, counts);
    await page.getByTestId('you-search').fill(titles.get(picks[0])!);
    await expect(page.getByTestId('you-results').locator(`li[data-item-id="${picks[0]}"]`)).toBeVisible();
    await expect(page.getByTestId('you-rated')).toHaveAttribute('data-loaded', 'true'); // the store was read
    await expect(page.getByTestId('you-rated').locator('li')).toHaveCount(0);
    expect(problems).toEqual([]);
  } finally {
    rmSync(files.dir, { recursive: true, force: true });
  }
});
