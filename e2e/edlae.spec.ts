/**
 * The edlae preset in Chromium on the built-in sample (WASM backend): λ and p are searched on a
 * validation carve, one epoch row per fit, and the final held-out P@10 must end above the EASE
 * reference the page computes from the same split (reference-ease, EASE with λ chosen on validation).
 */
import { expect, test } from '@playwright/test';

test('edlae on the built-in sample beats the page’s EASE reference (auto λ)', async ({ page }) => {
  test.setTimeout(900_000);
  await page.goto('/?sample=1&preset=edlae&backend=wasm&ease-lambda=auto');
  await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-users', '1000', { timeout: 120_000 });
  await expect(page.getByTestId('preset')).toHaveValue('edlae');
  await expect(page.getByTestId('cfg-lambda')).toHaveValue('auto');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm', { timeout: 120_000 });
  const ease = page.getByTestId('reference-ease');
  await expect(ease).toHaveAttribute('data-state', 'done', { timeout: 600_000 });
  const easePrecision = Number(await ease.getAttribute('data-precision'));
  expect(easePrecision).toBeGreaterThan(0.2);

  await page.getByTestId('train-start').click();
  const status = page.getByTestId('train-status');
  await expect(status).toHaveAttribute('data-state', 'done', { timeout: 600_000 });
  const rows = await page.getByTestId('epoch-table').locator('tbody tr').count();
  expect(rows).toBeGreaterThanOrEqual(3); // ≥ 2 candidates and the refit
  await expect(status).toHaveAttribute('data-epoch', String(rows));
  const precision = Number(await status.getAttribute('data-precision'));
  expect(precision).toBeGreaterThan(easePrecision);
  // Recommendations come from the trained model: a user's top 10 are shown.
  await expect(page.getByTestId('rec-list').locator('li')).toHaveCount(10);
});
