/**
 * The whole user journey on real generated files: drop ratings.dat + movies.dat → train 3 epochs →
 * charts and table → browse a user's recommendations → export and check recs.tsv and the split →
 * save the model, reload the page and the data, load the model → the same recommendations.
 * Also: no request leaves the origin, and file content is rendered as text (no XSS).
 */
import { expect, test, type Download, type Page } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { countDat, dropFiles, expectSummary, generateFiles, readTsvLikePandas } from './helpers';

const XSS = '<img src=x onerror=window.__xss=1>';

/** user → set of items, from a headerless `user\titem\t…` file (read as pandas would). */
function byUser(text: string): Map<number, Set<number>> {
  const m = new Map<number, Set<number>>();
  for (const [u, i] of readTsvLikePandas(text)) {
    if (!m.has(u)) m.set(u, new Set());
    m.get(u)!.add(i);
  }
  return m;
}

async function readDownload(d: Download): Promise<string> {
  return readFileSync((await d.path())!, 'utf8');
}

/** The rendered top-10 of the user currently shown: [itemId, hit] pairs. */
async function recList(page: Page, user: number): Promise<{ item: number; hit: boolean; text: string }[]> {
  const list = page.locator(`[data-testid="rec-list"][data-user="${user}"]`);
  await expect(list.locator('li')).toHaveCount(10);
  return list.locator('li').evaluateAll((lis) =>
    lis.map((li) => ({
      item: Number(li.getAttribute('data-item-id')),
      hit: li.getAttribute('data-hit') === 'true',
      text: li.textContent ?? '',
    })),
  );
}

test('journey: files → train → recommendations → exports → save/reload/load model', async ({ page, baseURL }) => {
  test.setTimeout(480_000);
  const origin = new URL(baseURL!).origin;
  const offOrigin: string[] = [];
  page.on('request', (r) => {
    const url = r.url();
    if (!(url.startsWith(origin) || url.startsWith('blob:') || url.startsWith('data:'))) offOrigin.push(url);
  });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));

  const files = generateFiles({ users: 240, items: 400, ratings: 9000, seed: 5 });
  const counts = countDat(files.ratings);
  // Put an HTML payload in the titles of everything the first user rated.
  const firstUser = Math.min(...counts.byUser.keys());
  const rated = counts.byUser.get(firstUser)!;
  const movies = readFileSync(files.movies, 'latin1')
    .split('\n')
    .map((l) => {
      const [id, title, genres] = l.split('::');
      return l && rated.has(Number(id)) ? `${id}::Evil ${XSS} ${title}::${genres}` : l;
    });
  writeFileSync(files.movies, movies.join('\n'), 'latin1');
  const titles = new Map(movies.filter(Boolean).map((l) => [Number(l.split('::')[0]), l.split('::')[1]]));

  await page.goto('/');
  // The built app ships a Content-Security-Policy that allows only its own origin.
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("connect-src 'self'");
  await page.evaluate(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.getByTestId('cfg-epochs').fill('3');
  await expect(page).toHaveURL(/epochs=3/);
  await dropFiles(page, page.getByTestId('dropzone'), [files.ratings, files.movies]);
  await expectSummary(page, counts);

  await page.getByTestId('train-start').click();
  const status = page.getByTestId('train-status');
  await expect(status).toHaveAttribute('data-state', 'done', { timeout: 300_000 });
  await expect(status).toHaveAttribute('data-epoch', '3');
  await expect(page.getByTestId('chart-loss')).toHaveAttribute('data-points', '3');
  await expect(page.getByTestId('chart-precision')).toHaveAttribute('data-points', '3');
  await expect(page.getByTestId('epoch-table').locator('tbody tr')).toHaveCount(3);
  await expect(page.getByTestId('chart-loss').locator('svg.recharts-surface')).toBeVisible();

  // Export the split (one click, two files) to know each user's training and held-out items.
  const downloads: Download[] = [];
  page.on('download', (d) => downloads.push(d));
  await page.getByTestId('export-split').click();
  await expect.poll(() => downloads.length).toBe(2);
  const [trainDl, testDl] = downloads.splice(0);
  expect(trainDl.suggestedFilename()).toBe('train.tsv');
  expect(testDl.suggestedFilename()).toBe('test.tsv');
  const train = byUser(await readDownload(trainDl));
  const held = byUser(await readDownload(testDl));
  const summary = page.getByTestId('dataset-summary');
  const nTrain = [...train.values()].reduce((a, s) => a + s.size, 0);
  await expect(summary).toHaveAttribute('data-train', String(nTrain));

  // Browse a user: 10 unseen items, titles shown, held-out hits marked.
  const users = [...counts.byUser.keys()].sort((a, b) => a - b);
  const user = users[7];
  await page.getByTestId('user-select').fill(String(user));
  const recs = await recList(page, user);
  for (const r of recs) {
    expect(train.get(user)!.has(r.item)).toBe(false);
    expect(r.hit).toBe(held.get(user)?.has(r.item) ?? false);
    expect(r.text).toContain(titles.get(r.item)!.slice(0, 20));
  }

  // The first user's titles carry the payload: shown as text, never executed.
  await page.getByTestId('user-select').fill(String(firstUser));
  await expect(page.getByTestId('user-ratings')).toContainText(XSS);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);

  // recs.tsv: 10 rows per user, users ascending, scores descending, no training items.
  await page.getByTestId('export-recs').click();
  await expect.poll(() => downloads.length).toBe(1);
  const recsDl = downloads.splice(0)[0];
  expect(recsDl.suggestedFilename()).toBe('recs.tsv');
  // No header (the tutorial's format): every line a data row, as pandas read_csv(header=None) reads it.
  const rows = readTsvLikePandas(await readDownload(recsDl));
  expect(rows.length).toBe(users.length * 10);
  for (let u = 0; u < users.length; u++) {
    const block = rows.slice(u * 10, u * 10 + 10);
    for (let j = 0; j < 10; j++) {
      expect(block[j][0]).toBe(users[u]);
      expect(train.get(users[u])!.has(block[j][1])).toBe(false);
      if (j > 0) expect(block[j][2]).toBeLessThanOrEqual(block[j - 1][2]);
    }
  }
  // The browser's list for `user` matches the export.
  const exported = rows.filter((r) => r[0] === user).map((r) => r[1]);
  expect(exported).toEqual(recs.map((r) => r.item));

  // metrics.csv: header + 3 epochs + baseline.
  await page.getByTestId('export-metrics').click();
  await expect.poll(() => downloads.length).toBe(1);
  const metrics = (await readDownload(downloads.splice(0)[0])).trim().split('\n');
  expect(metrics).toHaveLength(5);
  expect(metrics[0].startsWith('epoch,loss,test_precision@10')).toBe(true);

  // Save (download + IndexedDB), reload everything, load the model: same recommendations.
  await page.getByTestId('save-model').click();
  await expect(page.getByTestId('export-status')).toContainText('saved', { timeout: 60_000 });
  await expect.poll(() => downloads.length).toBeGreaterThanOrEqual(2);
  const names = downloads.map((d) => d.suggestedFilename()).sort();
  expect(names.some((n) => n.endsWith('.json'))).toBe(true);
  expect(names.some((n) => n.endsWith('.bin'))).toBe(true);

  await page.reload();
  await expect(page.getByTestId('dataset-summary')).toHaveCount(0);
  await expect(page).toHaveURL(/epochs=3/);
  await dropFiles(page, page.getByTestId('dropzone'), [files.ratings, files.movies]);
  await expectSummary(page, counts);
  await page.getByTestId('load-model').click();
  await expect(page.getByTestId('export-status')).toContainText('Model loaded', { timeout: 60_000 });
  await expect(page.getByTestId('train-status')).toHaveAttribute('data-epoch', '3');
  await page.getByTestId('user-select').fill(String(user));
  const again = await recList(page, user);
  expect(again.map((r) => r.item)).toEqual(recs.map((r) => r.item));

  expect(errors).toEqual([]);
  expect(offOrigin).toEqual([]);
});
