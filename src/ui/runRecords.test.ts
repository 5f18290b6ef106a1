import { describe, expect, it } from 'vitest';
import { defaultRunConfig } from '../engine/config';
import { runConfigFromParams } from '../engine/configParams';
import type { RankingMetrics } from '../engine/engine';
import { bestEpoch, lastPrecision, RUNS_CSV_HEADER, runQuery, runsCsv, trainMs, type RunEpoch, type RunRecord } from './runRecords';

const m = (precision: number): RankingMetrics => ({
  precision,
  recall: precision / 2,
  ndcg: precision * 1.1,
  hitRate: 0.5,
  coverage: 0.1,
  users: 10,
});
const ep = (epoch: number, test: number, val?: number): RunEpoch => ({
  epoch,
  loss: 1 / epoch,
  test: m(test),
  validation: val === undefined ? undefined : m(val),
  trainMs: 100 * epoch,
  evalMs: 10,
});

function record(over: Partial<RunRecord> = {}): RunRecord {
  return {
    id: 'r1',
    startedAt: Date.UTC(2026, 11, 2, 3, 0, 0),
    endedAt: Date.UTC(2026, 11, 2, 3, 1, 0),
    state: 'done',
    config: { ...defaultRunConfig('mult-dae'), backend: 'wasm' },
    backends: ['wasm'],
    datasetFingerprint: '100-aa',
    splitFingerprint: '100-bb',
    datasetLabel: 'ratings.dat',
    sample: false,
    epochs: [ep(1, 0.1), ep(2, 0.3), ep(3, 0.2)],
    baseline: m(0.15),
    ...over,
  };
}

describe('bestEpoch', () => {
  it('without validation: the highest test P@K, earliest on ties', () => {
    expect(bestEpoch([ep(1, 0.1), ep(2, 0.3), ep(3, 0.3), ep(4, 0.2)])).toEqual({ epoch: 2, precision: 0.3, chosenOn: 'test' });
    expect(bestEpoch([])).toBeNull();
  });

  it('with validation: the epoch of the highest validation P@K, reporting its test P@K', () => {
    expect(bestEpoch([ep(1, 0.1, 0.2), ep(2, 0.3, 0.1), ep(3, 0.2, 0.4)])).toEqual({ epoch: 3, precision: 0.2, chosenOn: 'validation' });
  });
});

describe('run summaries', () => {
  it('last precision, train time and the query that reopens the configuration', () => {
    const r = record();
    expect(lastPrecision(r)).toBe(0.2);
    expect(lastPrecision({ epochs: [] })).toBeNaN();
    expect(trainMs(r)).toBe(600);
    const q = runQuery(r);
    expect(q).toBe('?preset=mult-dae&backend=wasm');
    expect(runConfigFromParams(new URLSearchParams(q))).toEqual(r.config);
    expect(runQuery({ ...r, sample: true })).toBe('?preset=mult-dae&backend=wasm&sample=1');
  });
});

describe('runsCsv', () => {
  it('one row per run under the header, figures from the epochs', () => {
    const csv = runsCsv([record(), record({ id: 'r2', epochs: [], state: 'failed', baseline: null })]);
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe(RUNS_CSV_HEADER.join(','));
    expect(lines).toHaveLength(3);
    const row = Object.fromEntries(RUNS_CSV_HEADER.map((h, i) => [h, lines[1].split(',')[i]]));
    expect(row).toMatchObject({
      id: 'r1',
      started: '2026-12-02T03:00:00.000Z',
      preset: 'mult-dae',
      backends: 'wasm',
      k: '10',
      epochs: '3',
      best_precision: '0.3',
      best_epoch: '2',
      best_chosen_on: 'test',
      last_precision: '0.2',
      popular_precision: '0.15',
      train_ms: '600',
      eval_ms: '30',
      config: 'preset=mult-dae&backend=wasm',
    });
    expect(lines[2]).toContain('r2,');
    expect(lines[2].split(',')[RUNS_CSV_HEADER.indexOf('best_precision')]).toBe('');
  });

  it('quotes cells with commas, quotes or newlines', () => {
    const csv = runsCsv([record({ datasetLabel: 'my "best", file.dat' })]);
    expect(csv.split('\n')[1]).toContain(',"my ""best"", file.dat",');
  });
});
