import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultOutDir, parseArgv, trainOptions, UsageError } from './args';
import { evaluateFiles } from './evaluateFiles';
import { nodeFileSource } from './nodeSource';
import { formatRating } from './outputs';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-unit-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('parseArgv / trainOptions', () => {
  it('splits command, positionals and flags (--k v, --k=v, booleans, negatives, --)', () => {
    const a = parseArgv(['train', 'r.dat', '--lr', '0.1', '--hidden=20,10', '--shuffle', '--threshold', '-1', '--', '--odd']);
    expect(a.command).toBe('train');
    expect(a.positionals).toEqual(['r.dat', '--odd']);
    expect(Object.fromEntries(a.flags)).toEqual({ lr: '0.1', hidden: '20,10', shuffle: '', threshold: '-1' });
    expect(parseArgv(['train', '--no-shuffle', 'x']).flags.get('shuffle')).toBe('false');
    expect(parseArgv(['train', '--shuffle', 'false', 'x']).positionals).toEqual(['x']);
    expect(() => parseArgv(['train', '--lr'])).toThrow(UsageError);
  });

  it('builds the RunConfig through config.ts (cpu backend by default)', () => {
    const o = trainOptions(
      parseArgv([
        'train',
        'data/ml-1m.zip',
        '--hidden',
        '20,10',
        '--lr',
        '0.01',
        '--shuffle',
        '--epochs',
        '3',
        '--split-seed',
        '9',
        '--validation',
        '0.1',
      ]),
      '/w',
    );
    expect(o.out).toBe('/w/out/ml-1m');
    expect(o.config.backend).toBe('cpu');
    expect(o.config.model).toMatchObject({ hidden: [20, 10], learningRate: 0.01, shuffle: true, epochs: 3 });
    expect(o.config.model.activations).toHaveLength(3);
    expect(o.config.split).toMatchObject({ seed: 9, validationRatio: 0.1 });
    expect(defaultOutDir('/x/ratings.csv', '/w')).toBe('/w/out/ratings');
  });
});

describe('evaluateFiles', () => {
  it('computes P/R/nDCG/HitRate@K by hand-checkable numbers', async () => {
    const recs = join(dir, 'recs.tsv');
    const test = join(dir, 'test.tsv');
    // user 1: list 10, 20, 30 (scores unordered in the file); relevant {20, 99}; user 2: relevant {5} with rating 2; user 3: no recs.
    await writeFile(recs, 'user\titem\tscore\n1\t30\t0.1\n1\t10\t0.9\n1\t20\t0.5\n2\t5\t0.3\n2\t6\t0.2\n');
    await writeFile(test, 'user\titem\trating\n1\t20\t4\n1\t99\t5\n2\t5\t2\n3\t7\t5\n');
    const m = await evaluateFiles(recs, test, 2, 0);
    // user 1 top-2 = [10, 20]: 1 hit at position 2. user 2 top-2 = [5, 6]: hit at 1. user 3: none.
    const d = 1 / Math.log2(3);
    expect(m.users).toBe(3);
    expect(m.precision).toBeCloseTo((1 / 2 + 1 / 2 + 0) / 3, 12);
    expect(m.recall).toBeCloseTo((1 / 2 + 1 + 0) / 3, 12);
    expect(m.ndcg).toBeCloseTo((d / (1 + d) + 1 + 0) / 3, 12);
    expect(m.hitRate).toBeCloseTo(2 / 3, 12);
    const t = await evaluateFiles(recs, test, 2, 3); // user 2's only rating (2) is not relevant
    expect(t.users).toBe(2);
    expect(t.precision).toBeCloseTo((1 / 2 + 0) / 2, 12);
  });

  it('names file and line of a malformed row, and a missing file', async () => {
    const bad = join(dir, 'bad.tsv');
    await writeFile(bad, 'user\titem\tscore\n1\t2\t0.5\n1\t3\n');
    await expect(evaluateFiles(bad, bad)).rejects.toThrow(/bad\.tsv, line 3/);
    const good = join(dir, 'good.tsv');
    await writeFile(good, '1\t2\t4\n');
    await expect(evaluateFiles(join(dir, 'none.tsv'), good)).rejects.toThrow(/none\.tsv: file not found/);
  });
});

describe('nodeFileSource', () => {
  it('slices and streams the file bytes', async () => {
    const path = join(dir, 'bytes.bin');
    const bytes = Uint8Array.from({ length: 10_000 }, (_, i) => (i * 31) % 251);
    await writeFile(path, bytes);
    const s = await nodeFileSource(path);
    expect(s.name).toBe('bytes.bin');
    expect(s.size).toBe(10_000);
    expect([...(await s.slice(100, 110))]).toEqual([...bytes.subarray(100, 110)]);
    expect((await s.slice(9_995, 20_000)).length).toBe(5);
    const parts: number[] = [];
    for await (const c of s.stream()) parts.push(...c);
    expect(parts).toEqual([...bytes]);
    await expect(nodeFileSource(join(dir, 'missing'))).rejects.toThrow(/file not found/);
  });
});

describe('formatRating', () => {
  it('prints the shortest float32 round trip', () => {
    expect(formatRating(4)).toBe('4');
    expect(formatRating(3.5)).toBe('3.5');
    expect(formatRating(Math.fround(3.7))).toBe('3.7');
  });
});
