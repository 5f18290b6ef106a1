/**
 * Same seed and ratio ⇒ same train.tsv / test.tsv in the CLI and the browser: the app's split export
 * (one click, two downloads) of a generated ratings.dat, loaded with a non-default split seed and
 * ratio from the URL, is byte-identical to what `npm run cli -- train` writes for the same file and
 * flags. Another seed or ratio gives different files, so the comparison can fail.
 */
import { expect, test, type Download } from '@playwright/test';
import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { dropFiles, expectSummary, generateFiles, watchConsole, countDat, readTsvLikePandas } from './helpers';

const run = promisify(execFile);
const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const CLI = join(process.cwd(), 'src', 'cli', 'main.ts');

/** Runs the real CLI (`tsx src/cli/main.ts train …`) and returns its train.tsv and test.tsv. */
async function cliSplit(ratings: string, out: string, seed: number, ratio: number): Promise<{ train: string; test: string }> {
  const args = ['train', ratings, '--split-seed', String(seed), '--split-ratio', String(ratio), '--epochs', '1', '--out', out];
  await run(TSX, [CLI, ...args], { timeout: 180_000, maxBuffer: 1 << 24 });
  return { train: readFileSync(join(out, 'train.tsv'), 'utf8'), test: readFileSync(join(out, 'test.tsv'), 'utf8') };
}

async function readDownload(d: Download): Promise<string> {
  return readFileSync((await d.path())!, 'utf8');
}

test('split parity: the browser export equals the CLI output for the same seed and ratio', async ({ page }) => {
  test.setTimeout(300_000);
  const problems = watchConsole(page);
  const files = generateFiles({ users: 150, items: 300, ratings: 5000, seed: 21 }, 'recsys-parity-');
  try {
    // Fractional ratings (float32 in both apps) so the rating formatting is compared too.
    const lines = readFileSync(files.ratings, 'latin1').split('\n');
    const rewritten = lines.map((l, n) => {
      if (!l || n % 3 !== 0) return l;
      const f = l.split('::');
      f[2] = (Math.max(1, Number(f[2]) - 1) + 0.7).toFixed(1);
      return f.join('::');
    });
    writeFileSync(files.ratings, rewritten.join('\n'), 'latin1');
    const counts = countDat(files.ratings);

    // The CLI first (Node, in a subprocess): the seed and ratio under test, and two variations.
    const cli = await cliSplit(files.ratings, join(files.dir, 'out-7'), 7, 0.75);
    const otherSeed = await cliSplit(files.ratings, join(files.dir, 'out-8'), 8, 0.75);
    const otherRatio = await cliSplit(files.ratings, join(files.dir, 'out-7-r'), 7, 0.6);
    expect(cli.train).toMatch(/\t\d\.7\n/);
    expect(otherSeed.train).not.toBe(cli.train);
    expect(otherSeed.test).not.toBe(cli.test);
    expect(otherRatio.train).not.toBe(cli.train);

    // The browser: split settings from the URL, then the file dropped like a user would.
    await page.goto('/?split-seed=7&split-ratio=0.75');
    await expect(page.getByTestId('cfg-split-seed')).toHaveValue('7');
    await expect(page.getByTestId('cfg-split-ratio')).toHaveValue('0.75');
    await dropFiles(page, page.getByTestId('dropzone'), [files.ratings]);
    await expectSummary(page, counts);
    const nTrain = cli.train.trim().split('\n').length;
    await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-train', String(nTrain));

    const downloads: Download[] = [];
    page.on('download', (d) => downloads.push(d));
    await expect(page.getByTestId('export-split')).toBeEnabled();
    await page.getByTestId('export-split').click();
    await expect.poll(() => downloads.length).toBe(2);
    const [trainDl, testDl] = downloads;
    expect(trainDl.suggestedFilename()).toBe('train.tsv');
    expect(testDl.suggestedFilename()).toBe('test.tsv');
    const browser = { train: await readDownload(trainDl), test: await readDownload(testDl) };

    // Byte-identical (compared as strings first for a readable diff, then as bytes).
    expect(browser.train).toBe(cli.train);
    expect(browser.test).toBe(cli.test);
    expect(readFileSync((await trainDl.path())!).equals(readFileSync(join(files.dir, 'out-7', 'train.tsv')))).toBe(true);
    expect(readFileSync((await testDl.path())!).equals(readFileSync(join(files.dir, 'out-7', 'test.tsv')))).toBe(true);
    expect(browser.train).not.toBe(otherSeed.train);

    // Read as the tutorial reads them (pandas read_csv(sep='\t', header=None)): no header line, three
    // fields per line, float ratings, and as many rows as the summary's train / test counts.
    const summary = page.getByTestId('dataset-summary');
    const trainRows = readTsvLikePandas(browser.train);
    const testRows = readTsvLikePandas(browser.test);
    expect(String(trainRows.length)).toBe(await summary.getAttribute('data-train'));
    expect(String(testRows.length)).toBe(await summary.getAttribute('data-test'));
    expect(trainRows.length + testRows.length).toBe(counts.ratings);
    expect(trainRows[0][0]).toBe(Math.min(...counts.byUser.keys()));
    expect(problems).toEqual([]);
  } finally {
    rmSync(files.dir, { recursive: true, force: true });
  }
});
