import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFiles } from '../../scripts/generate';
import { sampleOptions } from '../data/sample';
import { PARAM_NAMES } from '../engine/configParams';
import { PRESETS } from '../engine/presets';
import { evaluateFiles } from './evaluateFiles';
import { main, type CliIo } from './main';

/** Runs main() in-process and captures its lines. */
async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l) };
  const code = await main(argv, io);
  return { code, out, err, stderr: err.join('\n') };
}

/** Lines of a headerless TSV as [a, b, c] string triples. */
async function tsv(path: string): Promise<string[][]> {
  const lines = (await readFile(path, 'utf8')).split('\n').filter((l) => l !== '');
  return lines.map((l) => l.split('\t'));
}

let dir: string;
let ratings: string;
let movies: string;
/** Every (user, item) → rating of the generated file. */
const all = new Map<string, string>();
let first: Awaited<ReturnType<typeof run>>;
const outA = () => join(dir, 'a');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-test-'));
  const gen = await generateFiles({
    opts: sampleOptions({ users: 120, items: 300, ratings: 6000, seed: 3 }),
    format: 'dat',
    out: join(dir, 'data'),
    size: 'custom',
  });
  ratings = gen.files.ratings;
  movies = gen.files.movies;
  for (const line of (await readFile(ratings, 'utf8')).split('\n')) {
    if (!line) continue;
    const [u, i, r] = line.split('::');
    all.set(`${u}\t${i}`, r);
  }
  first = await run(['train', ratings, '--movies', movies, '--epochs', '2', '--batch-size', '32', '--out', outA()]);
}, 120_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('command line handling', () => {
  it('rejects an unknown flag, a bad number, an invalid config and a bad backend with exit code 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--bogus', '1'], /unknown option.*--bogus/],
      [['--lr', 'fast'], /--lr must be a number.*"fast"/],
      [['--epochs', '2.5'], /epochs must be a positive integer/],
      [['--split-ratio', '1.5'], /split ratio must be in \(0, 1\)/],
      [['--activations', 'sigmoid,relu'], /need 4 activations/],
      [['--preset', 'nope'], /unknown preset "nope"/],
      [['--backend', 'webgl'], /webgl is not available in Node/],
      [['--patience', '3'], /needs a validation split/],
      [['--out'], /--out needs a value/],
      [['--references', 'some'], /references must be none, popular or all/],
      [['--knn-k', '0'], /item-kNN neighbours must be an integer/],
      [['--ease-lambda', '-1'], /EASE λ must be a number > 0 or auto/],
    ];
    for (const [flags, message] of cases) {
      const r = await run(['train', ratings, ...flags]);
      expect(r.code, flags.join(' ')).toBe(2);
      expect(r.stderr, flags.join(' ')).toMatch(message);
      expect(r.out).toEqual([]);
    }
  });

  it('rejects a missing input, an unknown command and bad evaluate flags with exit code 2', async () => {
    expect((await run(['train'])).code).toBe(2);
    expect((await run(['fit', ratings])).stderr).toMatch(/unknown command "fit"/);
    expect((await run(['evaluate', '--recs', 'x'])).code).toBe(2);
    expect((await run(['evaluate', '--recs', 'x', '--test', 'y', '--k', '0'])).code).toBe(2);
    expect((await run([])).code).toBe(2);
  });

  it('a missing file exits with 1 and names it', async () => {
    const missing = join(dir, 'nope', 'ratings.dat');
    const r = await run(['train', missing, '--out', join(dir, 'x')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(missing);
    expect(r.stderr).toMatch(/file not found/);
  });

  it('a bad ratings line exits with 1 and names file and line', async () => {
    const bad = join(dir, 'bad.dat');
    await writeFile(bad, '1::10::5::100\n1::11::4::101\n2::10::3::102\n2::oops::4::103\n');
    const r = await run(['train', bad, '--out', join(dir, 'bad')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.dat, line 4: /);
  });

  it('--help lists every parameter; presets lists every preset', async () => {
    const h = await run(['--help']);
    expect(h.code).toBe(0);
    for (const p of [...PARAM_NAMES, 'movies', 'out']) expect(h.out.join('\n')).toContain(`--${p} `);
    const p = await run(['presets']);
    expect(p.code).toBe(0);
    expect(p.out.length).toBe(Object.keys(PRESETS).length);
    for (const [name, preset] of Object.entries(PRESETS))
      expect(p.out.some((l) => l.startsWith(name) && l.includes(preset.description))).toBe(true);
  });
});

describe('train outputs', () => {
  it('succeeds and prints the final metrics as one JSON line, last on stdout', () => {
    expect(first.code, first.stderr).toBe(0);
    const final = JSON.parse(first.out[first.out.length - 1]);
    expect(final).toMatchObject({ preset: 'seed', backend: 'cpu', users: 120, items: 300, ratings: 6000, epochs: 2, k: 10 });
    for (const key of ['precision@10', 'recall@10', 'ndcg@10', 'hitrate@10', 'coverage@10']) {
      expect(final[key]).toBeGreaterThanOrEqual(0);
      expect(final.popular[key]).toBeGreaterThanOrEqual(0);
    }
    expect(first.stderr).toMatch(/epoch 2\/2/);
  });

  it('the final line carries the references (default all), each with the metric keys; --references popular / none', async () => {
    const final = JSON.parse(first.out[first.out.length - 1]);
    expect(Object.keys(final.references)).toEqual(['popular', 'itemknn', 'ease']);
    for (const name of ['popular', 'itemknn', 'ease'])
      for (const key of ['precision@10', 'recall@10', 'ndcg@10', 'hitrate@10', 'coverage@10'])
        expect(final.references[name][key]).toBeGreaterThanOrEqual(0);
    expect(final.references.popular['precision@10']).toBe(final.popular['precision@10']);
    expect(final.references.itemknn.neighbours).toBe(100);
    expect(final.references.ease.lambda).toBe(500);
    const popularOnly = await run(['train', ratings, '--epochs', '1', '--references', 'popular', '--out', join(dir, 'p')]);
    expect(Object.keys(JSON.parse(popularOnly.out.at(-1)!).references)).toEqual(['popular']);
    const none = await run(['train', ratings, '--epochs', '1', '--references', 'none', '--out', join(dir, 'n')]);
    expect(JSON.parse(none.out.at(-1)!).references).toBeUndefined();
  });

  it('train.tsv + test.tsv are all the ratings, disjoint, sorted by user then item', async () => {
    const train = await tsv(join(outA(), 'train.tsv'));
    const test = await tsv(join(outA(), 'test.tsv'));
    expect((await readFile(join(outA(), 'train.tsv'), 'utf8')).split('\n')[0]).toMatch(/^\d+\t\d+\t[\d.]+$/); // no header line
    const seen = new Set<string>();
    for (const part of [train, test]) {
      for (let n = 0; n < part.length; n++) {
        const [u, i, r] = part[n];
        const key = `${u}\t${i}`;
        expect(seen.has(key)).toBe(false);
        seen.add(key);
        expect(Number(r)).toBe(Number(all.get(key)));
        if (n > 0) {
          const [pu, pi] = part[n - 1].map(Number);
          expect(pu < +u || (pu === +u && pi < +i)).toBe(true);
        }
      }
    }
    expect(seen.size).toBe(all.size);
    expect(test.length).toBeGreaterThan(0.15 * all.size);
  });

  it('recs.tsv: k rows per user, users ascending, scores descending, no training items', async () => {
    const recs = await tsv(join(outA(), 'recs.tsv'));
    const trained = new Set((await tsv(join(outA(), 'train.tsv'))).map(([u, i]) => `${u}\t${i}`));
    const perUser = new Map<number, number>();
    for (let n = 0; n < recs.length; n++) {
      const [u, i, s] = recs[n];
      expect(Number.isFinite(Number(s))).toBe(true);
      expect(trained.has(`${u}\t${i}`)).toBe(false);
      perUser.set(+u, (perUser.get(+u) ?? 0) + 1);
      if (n > 0) {
        const [pu, , ps] = recs[n - 1].map(Number);
        expect(pu <= +u).toBe(true);
        if (pu === +u) expect(ps >= +s).toBe(true);
      }
    }
    expect(perUser.size).toBe(120);
    for (const c of perUser.values()) expect(c).toBe(10);
  });

  it('metrics.jsonl has one object per epoch with the metric keys', async () => {
    const lines = (await readFile(join(outA(), 'metrics.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.epoch)).toEqual([1, 2]);
    for (const l of lines) {
      expect(Object.keys(l).sort()).toEqual(
        ['coverage@10', 'epoch', 'hitrate@10', 'loss', 'ndcg@10', 'precision@10', 'recall@10', 'seconds'].sort(),
      );
      expect(Number.isFinite(l.loss)).toBe(true);
    }
    const final = JSON.parse(first.out[first.out.length - 1]);
    expect(final['precision@10']).toBeCloseTo(lines[1]['precision@10'], 6);
  });

  it("the independent evaluator agrees with the CLI's metrics on recs.tsv + test.tsv", async () => {
    const final = JSON.parse(first.out[first.out.length - 1]);
    const m = await evaluateFiles(join(outA(), 'recs.tsv'), join(outA(), 'test.tsv'), 10, 0);
    expect(Math.abs(m.precision - final['precision@10'])).toBeLessThan(1e-6);
    expect(Math.abs(m.recall - final['recall@10'])).toBeLessThan(1e-6);
    expect(Math.abs(m.ndcg - final['ndcg@10'])).toBeLessThan(1e-6);
    expect(Math.abs(m.hitRate - final['hitrate@10'])).toBeLessThan(1e-6);
    expect(m.users).toBe(final.evaluatedUsers);
    const cmd = await run(['evaluate', '--recs', join(outA(), 'recs.tsv'), '--test', join(outA(), 'test.tsv')]);
    expect(cmd.code).toBe(0);
    expect(JSON.parse(cmd.out[0]).precision).toBeCloseTo(m.precision, 12);
  });

  it('same seeds give identical train.tsv / test.tsv; another split seed does not', async () => {
    const b = join(dir, 'b');
    const c = join(dir, 'c');
    expect((await run(['train', ratings, '--epochs', '1', '--out', b])).code).toBe(0);
    expect((await run(['train', ratings, '--epochs', '1', '--split-seed', '7', '--out', c])).code).toBe(0);
    for (const f of ['train.tsv', 'test.tsv']) {
      expect(await readFile(join(b, f), 'utf8')).toBe(await readFile(join(outA(), f), 'utf8'));
      expect(await readFile(join(c, f), 'utf8')).not.toBe(await readFile(join(outA(), f), 'utf8'));
    }
  });

  it('a zip input with a validation split: validation.tsv and val_ metrics', async () => {
    const zip = join(dir, 'ml.zip');
    await writeFile(zip, zipSync({ 'ml/ratings.dat': await readFile(ratings), 'ml/movies.dat': await readFile(movies) }));
    const out = join(dir, 'z');
    const r = await run(['train', zip, '--epochs', '1', '--validation', '0.2', '--k', '5', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const parts = await Promise.all(['train.tsv', 'validation.tsv', 'test.tsv'].map((f) => tsv(join(out, f))));
    expect(parts.reduce((n, p) => n + p.length, 0)).toBe(all.size);
    const line = JSON.parse((await readFile(join(out, 'metrics.jsonl'), 'utf8')).trim());
    expect(line).toHaveProperty('val_precision@5');
    expect(line).toHaveProperty('precision@5');
    const final = JSON.parse(r.out[r.out.length - 1]);
    expect(final.input).toBe('ml.zip/ml/ratings.dat');
    // Test lists exclude validation items (known interactions): recs.tsv has none, and the epoch's,
    // the final line's and the independent evaluator's test metrics agree.
    const known = new Set([...parts[0], ...parts[1]].map(([u, i]) => `${u}\t${i}`));
    const recs = await tsv(join(out, 'recs.tsv'));
    expect(recs.length).toBe(120 * 5);
    expect(recs.filter(([u, i]) => known.has(`${u}\t${i}`))).toEqual([]);
    const independent = await evaluateFiles(join(out, 'recs.tsv'), join(out, 'test.tsv'), 5);
    expect(final['precision@5']).toBeCloseTo(independent.precision, 12);
    expect(final['ndcg@5']).toBeCloseTo(independent.ndcg, 12);
    expect(line['precision@5']).toBeCloseTo(independent.precision, 12);
    expect(line['recall@5']).toBeCloseTo(independent.recall, 12);
  });
});

describe('interruption', () => {
  it('aborting io.signal stops after the current batch, writes the outputs of the finished epochs, exits 130', async () => {
    const ac = new AbortController();
    const out = join(dir, 'int');
    const lines: string[] = [];
    const io: CliIo = { out: (l) => lines.push(l), err: (l) => l.startsWith('epoch 1/') && ac.abort(), signal: ac.signal };
    const code = await main(['train', ratings, '--epochs', '50', '--batch-size', '16', '--out', out], io);
    expect(code).toBe(130);
    const final = JSON.parse(lines[lines.length - 1]);
    expect(final).toMatchObject({ state: 'stopped', epochs: 1 });
    expect((await readFile(join(out, 'metrics.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(1);
    expect((await tsv(join(out, 'recs.tsv'))).length).toBe(1200);
  });
});

describe('subprocess', () => {
  it('npx tsx src/cli/main.ts presets', async () => {
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'src/cli/main.ts', 'presets'], { cwd: join(__dirname, '..', '..') });
    expect(stdout.split('\n')[0]).toMatch(/^seed\s+/);
  }, 60_000);
});
