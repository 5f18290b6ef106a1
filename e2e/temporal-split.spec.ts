/**
 * The temporal split (`?split=time`, `--split time`): the exported test.tsv holds each user's latest
 * ratings by the file's timestamps (ties by item id) with the random split's per-user counts, the CLI
 * writes the same bytes, and a file without timestamps gets a clear error while the loaded data stays.
 */
import { expect, test, type Download } from '@playwright/test';
import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { countDat, dropFiles, expectSummary, generateFiles, readTsvLikePandas, watchConsole, writeText } from './helpers';

const run = promisify(execFile);
const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const CLI = join(process.cwd(), 'src', 'cli', 'main.ts');

test('temporal split: test.tsv is each user’s latest ratings; CLI parity; no timestamps → error, data kept', async ({ page }) => {
  test.setTimeout(300_000);
  const problems = watchConsole(page);
  const files = generateFiles({ users: 150, items: 300, ratings: 5000, seed: 23 }, 'recsys-time-');
  try {
    // Timestamps in no particular order (the generator's increase within a user), with ties.
    let x = 12345;
    const time = new Map<string, number>();
    const lines = readFileSync(files.ratings, 'latin1')
      .split('\n')
      .map((l) => {
        if (!l) return l;
        const f = l.split('::');
        x = (Math.imul(x, 1103515245) + 12345) >>> 0;
        f[3] = String(978300000 + (x % 60));
        time.set(`${f[0]}\t${f[1]}`, Number(f[3]));
        return f.join('::');
      });
    writeFileSync(files.ratings, lines.join('\n'), 'latin1');
    const counts = countDat(files.ratings);

    await page.goto('/?split=time&split-ratio=0.75');
    await expect(page.getByTestId('cfg-split')).toHaveValue('time');
    await dropFiles(page, page.getByTestId('dropzone'), [files.ratings]);
    await expectSummary(page, counts);

    const downloads: Download[] = [];
    page.on('download', (d) => downloads.push(d));
    await page.getByTestId('export-split').click();
    await expect.poll(() => downloads.length).toBe(2);
    const read = async (d: Download) => readFileSync((await d.path())!, 'utf8');
    const browser = { train: await read(downloads[0]), test: await read(downloads[1]) };
    const train = readTsvLikePandas(browser.train);
    const test = readTsvLikePandas(browser.test);
    expect(train.length + test.length).toBe(counts.ratings);

    // Per user: the random split's counts, and no training rating later than a held-out one.
    const order = (u: number, i: number) => [time.get(`${u}\t${i}`)!, i] as const;
    const later = (a: readonly [number, number], b: readonly [number, number]) => a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);
    const wrong: string[] = []; // collected, one expect: thousands of expect calls make Playwright crawl
    for (const [u, items] of counts.byUser) {
      const n = items.size;
      const userTrain = train.filter((r) => r[0] === u).map((r) => order(u, r[1]));
      const userTest = test.filter((r) => r[0] === u).map((r) => order(u, r[1]));
      const nTrain = Math.min(n, Math.max(1, Math.round(n * 0.75)));
      if (userTrain.length !== nTrain || userTest.length !== n - nTrain) wrong.push(`user ${u}: ${userTrain.length} + ${userTest.length}`);
      for (const t of userTest) for (const r of userTrain) if (!later(t, r)) wrong.push(`user ${u}: held out ${t} not after ${r}`);
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(test.length).toBeGreaterThan(counts.users); // most users hold out several ratings

    // The CLI's --split time writes the same files.
    const out = join(files.dir, 'out');
    await run(TSX, [CLI, 'train', files.ratings, '--split', 'time', '--split-ratio', '0.75', '--epochs', '1', '--out', out], {
      timeout: 180_000,
      maxBuffer: 1 << 24,
    });
    expect(browser.train).toBe(readFileSync(join(out, 'train.tsv'), 'utf8'));
    expect(browser.test).toBe(readFileSync(join(out, 'test.tsv'), 'utf8'));

    // A file without timestamps: a clear message naming it; the loaded data stays.
    const noTimes = writeText(
      files.dir,
      'u.data',
      lines
        .filter(Boolean)
        .slice(0, 300)
        .map((l) => l.split('::').slice(0, 3).join('\t'))
        .join('\n') + '\n',
    );
    await dropFiles(page, page.getByTestId('dropzone'), [noTimes]);
    const error = page.getByTestId('error');
    await expect(error).toContainText('u.data');
    await expect(error).toContainText('needs timestamps');
    await expectSummary(page, counts);
    expect(problems).toEqual([]);
  } finally {
    rmSync(files.dir, { recursive: true, force: true });
  }
});
