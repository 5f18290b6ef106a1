/**
 * The references (most-popular, item-kNN, EASE) in the real app: a generated ratings file is dropped,
 * the references worker computes them, and each row's data-precision must equal the same references
 * computed here in the test process from the same file through the app's own data modules (ingest,
 * split) and src/references on tfjs-wasm. Then EASE's lists are browsed and exported as recs.tsv.
 */
import { expect, test, type Download } from '@playwright/test';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { nodeFileSource } from '../src/cli/nodeSource';
import { ingestSources } from '../src/data/ingest';
import { splitDataset } from '../src/data/split';
import { defaultRunConfig } from '../src/engine/config';
import { computeReferences, type ReferenceResult } from '../src/references/references';
import { dropFiles, generateFiles, watchConsole } from './helpers';

test('references: item-kNN, EASE and most-popular match an independent computation; EASE lists browse and export', async ({ page }) => {
  const problems = watchConsole(page);
  const files = generateFiles({ users: 240, items: 420, ratings: 9_000, seed: 5 }, 'recsys-refs-');

  // Expected values, computed in this process exactly as the app does: parse → default split → references.
  const config = defaultRunConfig('seed');
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  await tf.setBackend('wasm');
  const { dataset } = await ingestSources([await nodeFileSource(files.ratings)]);
  const split = splitDataset(dataset, config.split);
  const expected = await computeReferences({
    ...split,
    splitSeed: config.split.seed,
    k: config.k,
    threshold: config.threshold,
    config: config.references,
  });
  const want = Object.fromEntries(expected.map((r) => [r.name, r])) as Record<ReferenceResult['name'], ReferenceResult>;
  expect(want.ease.metrics!.precision).toBeGreaterThan(want.popular.metrics!.precision);

  await page.goto('/');
  await dropFiles(page, page.getByTestId('dropzone'), [files.ratings]);
  await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-users', String(dataset.userIds.length));
  const rows = {
    popular: page.getByTestId('baseline'),
    itemknn: page.getByTestId('reference-itemknn'),
    ease: page.getByTestId('reference-ease'),
  };
  for (const [name, row] of Object.entries(rows) as [ReferenceResult['name'], (typeof rows)['ease']][]) {
    await expect(row).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
    const got = Number(await row.getAttribute('data-precision'));
    expect(got, name).toBeCloseTo(want[name].metrics!.precision, 9);
    expect(Number(await row.getAttribute('data-ndcg')), name).toBeCloseTo(want[name].metrics!.ndcg, 9);
  }
  // The page is cross-origin isolated, so EASE's dense solve runs on our SIMD kernels on both cores.
  await expect(rows.ease).toHaveAttribute('data-solver', 'WebAssembly SIMD, 2 threads');
  const [fitMs, easeMs] = [Number(await rows.ease.getAttribute('data-fit-ms')), Number(await rows.ease.getAttribute('data-ms'))];
  expect(fitMs).toBeGreaterThan(0);
  expect(easeMs).toBeGreaterThan(fitMs); // the lists of every user come after the fit
  // One labelled line per reference on the metric chart.
  await expect(page.getByTestId('chart-references')).toHaveAttribute('data-lines', 'popular,itemknn,ease');

  // Browse EASE's top 10 of the first user: the same items as computed here.
  await page.getByTestId('rec-source').selectOption('ease');
  const list = page.locator('[data-testid="rec-list"][data-source="ease"]');
  await expect(list.locator('li')).toHaveCount(10);
  const shown = await list.locator('li').evaluateAll((lis) => lis.map((li) => Number(li.getAttribute('data-item-id'))));
  const top0 = [...want.ease.topK.subarray(0, 10)].map((i) => dataset.itemIds[i]);
  expect(shown).toEqual(top0);

  // recs.tsv from EASE (no model trained): every user's top 10, the same lists.
  const downloads: Download[] = [];
  page.on('download', (d) => downloads.push(d));
  await page.getByTestId('export-source').selectOption('ease');
  await page.getByTestId('export-recs').click();
  await expect.poll(() => downloads.length).toBe(1);
  const lines = readFileSync((await downloads[0].path())!, 'utf8')
    .trim()
    .split('\n'); // no header line, as the tutorial writes it
  expect(lines.length).toBe(dataset.userIds.length * 10);
  for (const u of [0, 17, dataset.userIds.length - 1]) {
    const items = lines.slice(u * 10, u * 10 + 10).map((l) => l.split('\t'));
    expect(items.every(([user]) => Number(user) === dataset.userIds[u])).toBe(true);
    expect(items.map(([, item]) => Number(item))).toEqual([...want.ease.topK.subarray(u * 10, u * 10 + 10)].map((i) => dataset.itemIds[i]));
  }
  expect(problems).toEqual([]);
});

test('references: settings in the URL (ease-lambda=auto, knn-k) reach the worker; none hides them', async ({ page }) => {
  const files = generateFiles({ users: 120, items: 200, ratings: 3_000, seed: 8 }, 'recsys-refs-');
  await page.goto('/?ease-lambda=auto&knn-k=20');
  await expect(page.getByTestId('cfg-ease-lambda')).toHaveValue('auto');
  await dropFiles(page, page.getByTestId('dropzone'), [files.ratings]);
  await expect(page.getByTestId('reference-ease')).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  await expect(page.getByTestId('reference-ease')).toContainText('auto, on validation');
  await expect(page.getByTestId('reference-itemknn')).toContainText('k = 20');
  await page.getByTestId('cfg-references').selectOption('none');
  await expect(page).toHaveURL(/references=none/);
  await expect(page.getByTestId('reference-ease')).toHaveCount(0);
});
