/**
 * time-to-knn: the record built from a run, and the runner end to end on tiny generated data
 * (`npm run bench -- --only time-to-knn --size tiny` prints one valid JSON line).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordProblems } from './stats';
import { timeToKnnRecord, type TimeToKnnResult } from './time-to-knn';

const run: TimeToKnnResult = {
  backend: 'wasm',
  device: 'WASM SIMD (forced)',
  users: 300,
  items: 400,
  ratings: 12000,
  k: 10,
  knnPrecision: 0.2,
  knnMs: 300,
  epochs: [
    { epoch: 1, ms: 600, precision: 0.19 },
    { epoch: 2, ms: 900, precision: 0.2 },
    { epoch: 3, ms: 1200, precision: 0.25 },
  ],
  totalMs: 1500,
  state: 'done',
  choice: 'done: chose λ 200, p 0.25',
};
const opts = { cores: 2, loadAvg: [1, 2] as [number, number] };

describe('time-to-knn record', () => {
  it('one sample: the ms of the first epoch whose test P@K reaches item-kNN’s', () => {
    const rec = timeToKnnRecord(run, opts);
    expect(recordProblems(rec)).toEqual([]);
    expect(rec).toMatchObject({ bench: 'time-to-knn', runtime: 'node', backend: 'wasm', median_ms: 900, runs: 1, reached: true });
    expect(rec).toMatchObject({ reached_epoch: 2, knn_precision: 0.2, final_precision: 0.25, total_ms: 1500 });
  });

  it('not reached: the whole run’s ms, flagged as a lower bound; a failed run is an error', () => {
    const low = { ...run, epochs: run.epochs.map((e) => ({ ...e, precision: 0.1 })) };
    const rec = timeToKnnRecord(low, opts);
    expect(recordProblems(rec)).toEqual([]);
    expect(rec).toMatchObject({ median_ms: 1500, reached: false, reached_epoch: null });
    expect(rec.what).toMatch(/lower bound/);
    expect(() => timeToKnnRecord({ ...run, state: 'failed', choice: 'device lost' }, opts)).toThrow(/failed: device lost/);
  });

  it('npm run bench -- --only time-to-knn --size tiny: one JSON line from the real engine and references', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'time-to-knn-'));
    try {
      const root = resolve(import.meta.dirname, '..');
      const tsx = resolve(root, 'node_modules/.bin/tsx');
      const p = spawnSync(tsx, ['bench/run.ts', '--only', 'time-to-knn', '--size', 'tiny', '--data', dataDir], {
        cwd: root,
        encoding: 'utf8',
        timeout: 170_000,
      });
      expect(p.status, p.stderr).toBe(0);
      const lines = p.stdout.trim().split('\n');
      expect(lines).toHaveLength(1);
      const rec = JSON.parse(lines[0]);
      expect(recordProblems(rec)).toEqual([]);
      expect(rec).toMatchObject({ bench: 'time-to-knn', runtime: 'node', backend: 'wasm', users: 300, runs: 1, state: 'done' });
      expect(rec.knn_precision).toBeGreaterThan(0);
      expect(rec.epochs.length).toBeGreaterThan(0);
      const first = rec.epochs.find((e: { precision: number }) => e.precision >= rec.knn_precision);
      expect(rec.reached).toBe(first !== undefined);
      expect(rec.median_ms).toBe(first ? first.ms : rec.total_ms);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
