import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestSources } from '../src/data/ingest';
import { generateSample } from '../src/data/sample';
import { bufferSource } from '../src/data/source';
import { generateFiles, parseGenerateArgs } from './generate';

const dir = mkdtempSync(join(tmpdir(), 'gen-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fileSource = (path: string) => bufferSource(path.slice(path.lastIndexOf('/') + 1), new Uint8Array(readFileSync(path)), 4096);

describe('parseGenerateArgs', () => {
  it('applies presets and explicit sizes', () => {
    const a = parseGenerateArgs(['--size', 'ml-1m', '--seed', '7']);
    expect(a.opts).toMatchObject({ users: 6040, items: 3706, ratings: 1_000_209, seed: 7 });
    expect(a.format).toBe('dat');
    const b = parseGenerateArgs(['--size=ml-20m', '--out', dir]);
    expect(b.opts).toMatchObject({ users: 138_493, items: 26_744, ratings: 20_000_263 });
    expect(b.format).toBe('csv');
    expect(b.out).toBe(dir);
    const c = parseGenerateArgs(['--users', '10', '--items', '20', '--ratings', '200', '--format', 'csv']);
    expect(c.opts).toMatchObject({ users: 10, items: 20, ratings: 200, seed: 1, factors: 8 });
    expect(c.size).toBe('custom');
  });

  it('rejects bad flags with a usage hint', () => {
    expect(() => parseGenerateArgs(['--size', 'huge'])).toThrow(/unknown --size/);
    expect(() => parseGenerateArgs(['--users', 'x'])).toThrow(/--users must be/);
    expect(() => parseGenerateArgs(['--colour', 'red'])).toThrow(/unknown option.*--colour/);
    expect(() => parseGenerateArgs(['--format', 'xml'])).toThrow(/--format/);
    expect(() => parseGenerateArgs(['--users', '10', '--items', '2', '--ratings', '100'])).toThrow(/more ratings/);
    expect(() => parseGenerateArgs(['--seed'])).toThrow(/needs a value/);
  });
});

describe('generateFiles', () => {
  it.each(['dat', 'csv'] as const)('writes %s files that ingest back to the in-memory sample', async (format) => {
    const args = parseGenerateArgs([
      '--users',
      '50',
      '--items',
      '80',
      '--ratings',
      '2500',
      '--seed',
      '4',
      '--format',
      format,
      '--out',
      join(dir, format),
    ]);
    const summary = await generateFiles(args);
    expect(summary.files.ratings).toBe(join(dir, format, `ratings.${format}`));
    expect(summary.bytes.ratings).toBe(readFileSync(summary.files.ratings).length);
    const r = await ingestSources([fileSource(summary.files.ratings), fileSource(summary.files.movies)]);
    expect(r.report.format).toBe(format);
    expect(r.stats).toMatchObject({ users: 50, items: 80, ratings: 2500 });
    const ref = generateSample(args.opts);
    expect(r.dataset.ratings.values).toEqual(ref.dataset.ratings.values);
    expect(r.movies?.titles).toEqual(ref.movies.titles);
  });

  it('runs as a CLI and prints a one-line JSON summary', () => {
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/generate.ts', '--users', '20', '--items', '30', '--ratings', '500', '--out', join(dir, 'cli')],
      { encoding: 'utf8' },
    );
    const lines = out.trim().split('\n');
    expect(lines.length).toBe(1);
    expect(JSON.parse(lines[0])).toMatchObject({ users: 20, items: 30, ratings: 500, format: 'dat' });
  });
});
