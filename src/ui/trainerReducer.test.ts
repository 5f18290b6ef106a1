import { describe, expect, it } from 'vitest';
import type { EpochReport } from '../engine/engine';
import { initialTrainerView, shownState, trainerReducer, type TrainerAction, type TrainerView } from './trainerReducer';

const metrics = { precision: 0.1, recall: 0.1, ndcg: 0.1, hitRate: 0.5, coverage: 0.2, users: 10 };
const report = (epoch: number): EpochReport => ({ epoch, loss: 1 / epoch, test: metrics, trainMs: 1, evalMs: 1 });
const run = (v: TrainerView, ...actions: TrainerAction[]) => actions.reduce(trainerReducer, v);

describe('trainerReducer', () => {
  it('walks starting → running → done and keeps the epochs in order', () => {
    let v = run(initialTrainerView('wasm'), { type: 'run/starting', fresh: true, message: null });
    expect(v.phase).toBe('starting');
    expect(shownState(v.phase)).toBe('running');
    v = run(
      v,
      { type: 'run/training' },
      { type: 'run/epoch', report: report(1), numTensors: 7 },
      { type: 'run/epoch', report: report(2), numTensors: 7 },
    );
    expect(v.phase).toBe('running');
    expect(v.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(v.numTensors).toBe(7);
    v = run(v, { type: 'run/finished', state: 'done', message: '' });
    expect(v.phase).toBe('done');
    expect(v.failure).toBeNull();
  });

  it('has one failure path: the next backend after the failed one, or after the forced choice', () => {
    const ready = run(initialTrainerView('auto'), { type: 'backend/ready', info: { name: 'webgl', reason: 'x' } });
    const a = run(ready, { type: 'run/finished', state: 'failed', message: 'context lost' });
    expect(a.failure).toEqual({ message: 'context lost', next: 'wasm' });
    expect(a.phase).toBe('failed');
    const b = run(initialTrainerView('wasm'), { type: 'backend/starting' }, { type: 'run/failed', message: 'boom' });
    expect(b.failure).toEqual({ message: 'boom', next: 'cpu' });
    const c = run(initialTrainerView('cpu'), { type: 'run/failed', message: 'boom' });
    expect(c.failure?.next).toBeNull();
  });

  it('continuing keeps the epochs up to the snapshot; a fresh start forgets them', () => {
    const v = run(
      initialTrainerView('wasm'),
      ...[1, 2, 3].map((e): TrainerAction => ({ type: 'run/epoch', report: report(e), numTensors: null })),
    );
    expect(run(v, { type: 'run/starting', fresh: false, keepEpochsUpTo: 2, message: 'Continuing' }).epochs.map((e) => e.epoch)).toEqual([
      1, 2,
    ]);
    expect(run(v, { type: 'run/starting', fresh: true, message: null }).epochs).toEqual([]);
  });

  it('reset forgets the model and bumps the model version', () => {
    const model = { split: {} as never, config: {} as never, epoch: 3, restored: true };
    const v = run(initialTrainerView('cpu'), { type: 'model/restored', model, message: 'restored' });
    expect(v.model?.epoch).toBe(3);
    const r = run(v, { type: 'reset' });
    expect(r.model).toBeNull();
    expect(r.modelVersion).toBe(v.modelVersion + 1);
    expect(r.phase).toBe('idle');
  });
});
