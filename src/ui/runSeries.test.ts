import { describe, expect, it } from 'vitest';
import { defaultRunConfig } from '../engine/config';
import type { EpochReport, RankingMetrics } from '../engine/engine';
import type { RunRecord } from './runRecords';
import { chartRows, overlaySeries, RUN_COLOURS, seriesCount } from './runSeries';

const m = (precision: number): RankingMetrics => ({
  precision,
  recall: precision / 2,
  ndcg: precision * 2,
  hitRate: 0,
  coverage: 0,
  users: 1,
});
const ep = (epoch: number, loss: number, p: number): EpochReport => ({ epoch, loss, test: m(p), trainMs: 1, evalMs: 1 });
const run = (id: string, preset: string, epochs: EpochReport[]): RunRecord => ({
  id,
  startedAt: 0,
  endedAt: 0,
  state: 'done',
  config: defaultRunConfig(preset),
  backends: ['cpu'],
  datasetFingerprint: 'd',
  splitFingerprint: 's',
  datasetLabel: 'x',
  sample: false,
  epochs,
  baseline: null,
});

const runs = [run('a', 'seed', [ep(1, 5, 0.1), ep(2, 4, 0.2)]), run('b', 'mult-dae', [ep(1, 9, 0.3)]), run('c', 'seed', [])];

describe('overlaySeries', () => {
  it('ticked runs with epochs, not the current one; colour and label follow the row', () => {
    const s = overlaySeries(runs, new Set(['a', 'b', 'c']), 'a');
    expect(s.map((x) => [x.id, x.label, x.colour])).toEqual([['b', '#2 mult-dae', RUN_COLOURS[1]]]);
    expect(overlaySeries(runs, new Set(['a']), null).map((x) => x.id)).toEqual(['a']);
    expect(overlaySeries(runs, new Set(), null)).toEqual([]);
  });
});

describe('chartRows', () => {
  it('one row per epoch of any series, a column per overlay', () => {
    const overlays = overlaySeries(runs, new Set(['a', 'b']), null);
    const rows = chartRows([ep(1, 7, 0.05), ep(2, 6, 0.06), ep(3, 5, 0.07)], overlays, 'recall');
    expect(rows).toEqual([
      { epoch: 1, loss: 7, test: 0.025, validation: undefined, loss_0: 5, metric_0: 0.05, loss_1: 9, metric_1: 0.15 },
      { epoch: 2, loss: 6, test: 0.03, validation: undefined, loss_0: 4, metric_0: 0.1 },
      { epoch: 3, loss: 5, test: 0.035, validation: undefined },
    ]);
    expect(seriesCount([ep(1, 7, 0.05)], overlays)).toBe(3);
    expect(seriesCount([], overlays)).toBe(2);
  });
});
