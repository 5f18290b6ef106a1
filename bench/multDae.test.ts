import { describe, expect, it } from 'vitest';
import { multDaeRecord, type MultDaeResult } from './multDae';
import { recordProblems } from './stats';

describe('mult-dae-epoch record', () => {
  const r: MultDaeResult = {
    backend: 'wasm',
    users: 610,
    items: 9724,
    ratings: 100836,
    batches: 6,
    onMs: [5000, 1000, 1200, 900],
    offMs: [9000, 2000, 2400, 2700],
    onLoss: [10, 9, 8, 7],
    offLoss: [10, 9, 8.008, 7],
    oneThreadMs: [6000, 1500, 2400, 2700],
    oneThreadLoss: [10, 9, 8, 7],
    maxRssMb: 900,
  };
  const data = { size: 'ml-latest-small' as const, path: '/x', bytes: 1, users: 610, items: 9724, ratings: 100836, format: 'csv' as const };

  it('summarises the measured epochs of the three paths (warm-up dropped) and their paired ratio', () => {
    const rec = multDaeRecord(r, { warmup: 1, runs: 3, cores: 2, data, loadAvg: [1, 2] });
    expect(recordProblems(rec)).toEqual([]);
    expect([rec.median_ms, rec.min_ms, rec.max_ms, rec.runs]).toEqual([1000, 900, 1200, 3]);
    expect([rec.off_median_ms, rec.off_min_ms, rec.off_max_ms]).toEqual([2400, 2000, 2700]);
    expect(rec.speedup_median).toBe(2); // ratios 2, 2, 3
    expect(rec.one_thread_median_ms).toBe(2400);
    expect(rec.two_thread_speedup_median).toBe(2); // ratios 1.5, 2, 3
    expect(rec.loss_max_rel_gap).toBeCloseTo(0.001, 5);
    expect(rec.vs_pytorch).toBeCloseTo(1000 / 900, 2);
  });

  it('puts PyTorch beside it when bench/pytorch_mult_dae.py ran, and says so when it did not', () => {
    const pytorch = [
      { torch: '2.13.0', threads: 2, samples_ms: [900, 1100, 1000] },
      { torch: '2.13.0', threads: 2, samples_ms: [950, 1050, 1000] },
    ];
    const rec = multDaeRecord(r, { warmup: 1, runs: 3, cores: 2, data, loadAvg: [1, 2], pytorch });
    expect(rec.pytorch_same_run_median_ms).toBe(1000);
    expect(rec.vs_pytorch_same_run).toBe(1); // ours 1000 ms
    expect(multDaeRecord(r, { warmup: 1, runs: 3, cores: 2, data, loadAvg: [1, 2] }).pytorch_same_run).toMatch(/not measured/);
  });

  it('refuses a run with fewer epochs than asked for', () => {
    expect(() => multDaeRecord(r, { warmup: 1, runs: 4, cores: 2, data, loadAvg: [1, 2] })).toThrow(/expected 5 samples/);
  });
});
