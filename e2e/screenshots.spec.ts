/**
 * README screenshots (docs/*.png) of the real app. Skipped unless SCREENSHOTS=1:
 *   npm run build && SCREENSHOTS=1 npx playwright test e2e/screenshots.spec.ts
 */
import { expect, test } from '@playwright/test';

test.skip(!process.env.SCREENSHOTS, 'set SCREENSHOTS=1 to refresh docs/*.png');

test('screenshots for the README', async ({ page }) => {
  test.setTimeout(600_000);
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.goto('/?sample=1&epochs=12');
  await expect(page.getByTestId('dataset-summary')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('backend')).not.toHaveAttribute('data-backend', '', { timeout: 120_000 });
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('train-status')).toHaveAttribute('data-state', 'done', { timeout: 540_000 });
  await page.getByTestId('user-select').fill('42');
  await expect(page.locator('[data-testid="rec-list"][data-user="42"] li')).toHaveCount(10);
  await page.screenshot({ path: 'docs/app.png', fullPage: true });
  await page.locator('section[aria-labelledby="data-h"]').screenshot({ path: 'docs/data.png' });
  await page.locator('section[aria-labelledby="train-h"]').screenshot({ path: 'docs/train.png' });
  await page.locator('section[aria-labelledby="results-h"]').screenshot({ path: 'docs/curves.png' });
  await page.locator('section[aria-labelledby="recs-h"]').screenshot({ path: 'docs/recommendations.png' });
});

test('dashboard while training at 1366×768', async ({ page }) => {
  test.setTimeout(600_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto('/?sample=1&backend=wasm&epochs=1000');
  await expect(page.getByTestId('dataset-summary')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm', { timeout: 120_000 });
  await page.getByTestId('train-start').click();
  const status = page.getByTestId('train-status');
  await expect.poll(async () => Number(await status.getAttribute('data-epoch')), { timeout: 300_000 }).toBeGreaterThanOrEqual(12);
  await expect(status).toHaveAttribute('data-state', 'running');
  for (const el of [status, page.getByTestId('epoch-progress'), page.getByTestId('chart-loss'), page.getByTestId('chart-precision')]) {
    const box = (await el.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(768);
  }
  await page.screenshot({ path: 'docs/dashboard.png' });
  await page.getByTestId('train-stop').click();
});
