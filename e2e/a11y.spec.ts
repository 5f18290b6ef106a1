/**
 * Accessibility: axe-core (WCAG 2 A and AA rules) finds no violation on the real app before data,
 * with data loaded, during training, after a stopped run (verdict, stored runs, recommendations)
 * and with the configuration opened again; plus keyboard access to the scrollable lists.
 */
import { expect, test, type Page } from '@playwright/test';
import { countDat, dropFiles, expectSummary, generateFiles, type GeneratedFiles } from './helpers';

// axe is injected as an inline script, which the built app's Content-Security-Policy forbids.
test.use({ bypassCSP: true });

let files: GeneratedFiles;
test.beforeAll(() => {
  files = generateFiles({ users: 200, items: 300, ratings: 6000, seed: 21 });
});

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** axe-core's WCAG 2 A + AA violations on the page as it is now. */
async function violations(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: 'node_modules/axe-core/axe.min.js' });
  return page.evaluate(async () => {
    type AxeResult = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeResult[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
  });
}

const status = (page: Page) => page.getByTestId('train-status');

test('no WCAG 2 A/AA violation before, during and after training', async ({ page }) => {
  await page.goto('/?backend=cpu&epochs=60&batch-size=5');
  await expect(page.getByTestId('backend')).not.toHaveAttribute('data-backend', '', { timeout: 120_000 });
  expect(await violations(page), 'empty page').toEqual([]);

  await dropFiles(page, page.getByTestId('dropzone'), [files.ratings, files.movies]);
  await expectSummary(page, countDat(files.ratings));
  expect(await violations(page), 'data loaded').toEqual([]);

  await page.getByTestId('train-start').click();
  await expect.poll(async () => Number(await status(page).getAttribute('data-epoch')), { timeout: 120_000 }).toBeGreaterThanOrEqual(2);
  await expect(status(page)).toHaveAttribute('data-state', 'running');
  await expect(page.getByTestId('config-summary')).toBeVisible();
  expect(await violations(page), 'training').toEqual([]);

  await page.getByTestId('train-stop').click();
  await expect(status(page)).toHaveAttribute('data-state', 'stopped');
  await expect(page.getByTestId('verdict')).toBeVisible();
  await expect(page.getByTestId('runs-table').locator('tbody tr')).toHaveCount(1);
  await page.getByTestId('run-compare').check();
  await expect(page.getByTestId('rec-list').locator('li')).toHaveCount(10);
  expect(await violations(page), 'stopped: verdict, runs, recommendations').toEqual([]);

  await page.getByTestId('config-edit').click();
  await expect(page.getByTestId('cfg-epochs')).toBeVisible();
  expect(await violations(page), 'configuration opened after a run').toEqual([]);
});

test('the scrollable lists take keyboard focus and are named', async ({ page }) => {
  await page.goto('/?backend=cpu&epochs=1&batch-size=50');
  await dropFiles(page, page.getByTestId('dropzone'), [files.ratings, files.movies]);
  await expectSummary(page, countDat(files.ratings));
  const ratings = page.getByTestId('user-ratings');
  await expect(ratings).toHaveAttribute('tabindex', '0');
  await expect(ratings).toHaveAccessibleName(/Training ratings/);
  // Reached with Tab from the recommendation-source select just before it.
  await page.getByTestId('rec-source').focus();
  await page.keyboard.press('Tab');
  await expect(ratings).toBeFocused();
  await page.getByTestId('train-start').click();
  await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  const epochTable = page.getByRole('region', { name: 'Per-epoch results' });
  await expect(epochTable).toHaveAttribute('tabindex', '0');
  const runs = page.getByRole('region', { name: /Stored runs/ });
  await expect(runs).toHaveAttribute('tabindex', '0');
});
