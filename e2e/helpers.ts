/**
 * Shared helpers of the e2e specs: real MovieLens-style files generated at test time with the data
 * layer's generator, counted independently of the app, and dropped or chosen like a user would.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleFiles } from '../src/data/sampleText';
import { sampleOptions } from '../src/data/sample';

/** Files written to a fresh temp dir. */
export interface GeneratedFiles {
  dir: string;
  ratings: string;
  movies: string;
}

/** Writes ratings.dat + movies.dat of a generated dataset into a new temp dir. */
export function generateFiles(
  opts: { users: number; items: number; ratings: number; seed: number },
  prefix = 'recsys-e2e-',
): GeneratedFiles {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const files = sampleFiles(sampleOptions(opts));
  const out: Record<string, string> = {};
  for (const f of files) {
    const p = join(dir, f.name);
    writeFileSync(p, f.bytes);
    out[f.name] = p;
  }
  return { dir, ratings: out['ratings.dat'], movies: out['movies.dat'] };
}

/** Writes a file with the given text into dir. */
export function writeText(dir: string, name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

/** Counts of a `user::item::rating::ts` file computed here, independently of the app's parser. */
export interface DatCounts {
  users: number;
  items: number;
  ratings: number;
  /** Item ids rated by each user. */
  byUser: Map<number, Set<number>>;
}

/** Parses a .dat ratings file naively (split on '::'), counting distinct users, items and pairs. */
export function countDat(path: string): DatCounts {
  const byUser = new Map<number, Set<number>>();
  const items = new Set<number>();
  let ratings = 0;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const [u, i] = line.split('::').map(Number);
    items.add(i);
    let s = byUser.get(u);
    if (!s) {
      s = new Set();
      byUser.set(u, s);
    }
    if (!s.has(i)) {
      s.add(i);
      ratings++;
    }
  }
  return { users: byUser.size, items: items.size, ratings, byUser };
}

/** Drops files on a locator through a real DataTransfer (dragenter → dragover → drop). */
export async function dropFiles(page: Page, target: Locator, paths: string[]): Promise<void> {
  const files = paths.map((p) => ({ name: p.slice(p.lastIndexOf('/') + 1), b64: readFileSync(p).toString('base64') }));
  const dt = await page.evaluateHandle((list) => {
    const transfer = new DataTransfer();
    for (const f of list) {
      const bin = atob(f.b64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      transfer.items.add(new File([bytes], f.name, { type: 'application/octet-stream' }));
    }
    return transfer;
  }, files);
  await target.dispatchEvent('dragenter', { dataTransfer: dt });
  await target.dispatchEvent('dragover', { dataTransfer: dt });
  await target.dispatchEvent('drop', { dataTransfer: dt });
  await dt.dispose();
}

/** Waits for the dataset summary to show exactly these counts. */
export async function expectSummary(page: Page, c: { users: number; items: number; ratings: number }): Promise<void> {
  const s = page.getByTestId('dataset-summary');
  await expect(s).toHaveAttribute('data-users', String(c.users));
  await expect(s).toHaveAttribute('data-items', String(c.items));
  await expect(s).toHaveAttribute('data-ratings', String(c.ratings));
}

/** Fails the test on uncaught page errors and console errors (collected for an end-of-test check). */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
  });
  return problems;
}

/**
 * Reads a tab-separated file the way the tutorial does, with pandas
 * `read_csv(path, sep='\t', header=None)` semantics: no header, so the first line is a data row;
 * every line has exactly three fields, an integer user id, an integer item id and a float (score or
 * rating). Fails the test on any line that pandas would read differently (a header, a missing or
 * extra field, a non-numeric value; the first five are reported). Returns the rows as [user, item, value].
 */
export function readTsvLikePandas(text: string): [number, number, number][] {
  expect(text.endsWith('\n'), 'the file ends with a newline').toBe(true);
  const num = /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;
  const bad: string[] = []; // one expect at the end: thousands of expect calls make Playwright crawl
  const rows = text
    .slice(0, -1)
    .split('\n')
    .map((line, n): [number, number, number] => {
      const f = line.split('\t');
      if (f.length !== 3 || !/^\d+$/.test(f[0]) || !/^\d+$/.test(f[1]) || !num.test(f[2]))
        bad.push(`line ${n + 1}: ${JSON.stringify(line)}`);
      return [Number(f[0]), Number(f[1]), Number(f[2])];
    });
  expect(bad.slice(0, 5), 'lines that are not `int\tint\tfloat`').toEqual([]);
  return rows;
}
