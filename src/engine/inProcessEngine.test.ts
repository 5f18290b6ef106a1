import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { popularityTopK, rankingMetrics } from '../eval/metrics';
import { registerNodeBackends } from '../backends/node.ts';
import { defaultRunConfig, type RunConfig } from './config';
import type { EpochReport, TrainState } from './engine';
import { InProcessEngine, type EngineOptions } from './inProcessEngine';
import { artifactsToSnapshot, snapshotToArtifacts } from './serialize';
import { syntheticSplit } from '../../testing/synthetic';

const split = syntheticSplit(120, 40, 10, 11);
const splitVal = syntheticSplit(120, 40, 12, 12, 0.8, 0.25);

function config(epochs: number, patch: Partial<RunConfig['model']> = {}): RunConfig {
  const c = defaultRunConfig('seed');
  Object.assign(c.model, { epochs, batchSize: 25, learningRate: 0.3 }, patch);
  c.backend = 'cpu';
  c.k = 5;
  return c;
}

async function engineOn(options: EngineOptions = {}): Promise<InProcessEngine> {
  const e = new InProcessEngine(() => registerNodeBackends({ webgpu: false }), options);
  await e.init('cpu');
  return e;
}

async function train(e: InProcessEngine): Promise<{ state: TrainState; reports: EpochReport[]; tensors: number[]; states: string[] }> {
  const reports: EpochReport[] = [],
    tensors: number[] = [],
    states: string[] = [];
  const state = await e.train({
    onEpoch: (r) => {
      reports.push(r);
      tensors.push(tf.memory().numTensors);
    },
    onState: (s, m) => states.push(m ? `${s}: ${m}` : s),
  });
  return { state, reports, tensors, states };
}

describe('InProcessEngine (cpu)', () => {
  it('trains: loss decreases, metrics reported, numTensors flat, dispose releases everything', async () => {
    const e = await engineOn();
    const before = tf.memory().numTensors;
    await e.load(split, config(12));
    const { state, reports, tensors, states } = await train(e);
    expect(state).toBe('done');
    expect(states[0]).toBe('running');
    expect(reports.map((r) => r.epoch)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(reports[11].loss).toBeLessThan(reports[0].loss * 0.9);
    expect(reports[11].test.users).toBeGreaterThan(100);
    expect(reports[11].test.precision).toBeGreaterThan(0);
    expect(reports[11].validation).toBeUndefined();
    expect(new Set(tensors).size).toBe(1); // no leak from epoch to epoch
    await e.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('same seed ⇒ identical losses; another seed differs', async () => {
    const losses = async (seed: number) => {
      const e = await engineOn();
      await e.load(split, config(3, { seed }));
      const { reports } = await train(e);
      await e.dispose();
      return reports.map((r) => r.loss);
    };
    const a = await losses(4),
      b = await losses(4),
      c = await losses(5);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('the most-popular baseline matches rankingMetrics(popularityTopK)', async () => {
    const e = await engineOn();
    const c = config(1);
    await e.load(split, c);
    const users = Int32Array.from({ length: split.train.rows }, (_, i) => i);
    const expected = rankingMetrics(popularityTopK(split.train, users, c.k), users, c.k, split.test, c.threshold, split.train.cols);
    expect(await e.baseline()).toEqual(expected);
    await e.dispose();
  });

  it('masked top-k never returns a training item; host-kernel, tf.topk and host-built (WebGL) paths agree', async () => {
    const host = await engineOn({ hostTopK: true });
    const dev = await engineOn({ hostTopK: false, firstLayer: 'dense', explicitTranspose: false });
    const webgl = await engineOn({ hostTopK: false, batchBuild: 'host', firstLayer: 'dense', explicitTranspose: false });
    const c = config(2);
    await host.load(split, c);
    await dev.load(split, c);
    await webgl.load(split, c);
    await train(host);
    await dev.restore(await host.snapshot());
    await webgl.restore(await host.snapshot());
    const users = Int32Array.from({ length: split.train.rows }, (_, i) => i);
    const k = 38; // 40 items: users with > 2 training items get −1 padding
    const a = await host.recommend(users, k),
      b = await dev.recommend(users, k),
      w = await webgl.recommend(users, k);
    let padded = 0;
    for (let r = 0; r < users.length; r++) {
      const u = users[r];
      const rated = new Set(split.train.colIdx.subarray(split.train.rowPtr[u], split.train.rowPtr[u + 1]));
      const row = [...a.items.subarray(r * k, (r + 1) * k)];
      expect(row.some((i) => rated.has(i))).toBe(false);
      const valid = row.filter((i) => i >= 0);
      expect(valid.length).toBe(Math.min(k, 40 - rated.size));
      expect(new Set(valid).size).toBe(valid.length);
      padded += k - valid.length;
      expect([...b.items.subarray(r * k, (r + 1) * k)].slice(0, 5)).toEqual(row.slice(0, 5));
      const wRow = [...w.items.subarray(r * k, (r + 1) * k)];
      expect(wRow.slice(0, 5)).toEqual(row.slice(0, 5));
      expect(wRow.filter((i) => i >= 0).length).toBe(valid.length);
    }
    expect(padded).toBeGreaterThan(0);
    for (let i = 0; i < a.scores.length; i++) if (a.items[i] >= 0) expect(a.scores[i]).toBeCloseTo(b.scores[i], 5);
    await host.dispose();
    await dev.dispose();
    await webgl.dispose();
  });

  it('snapshot/restore gives identical recommendations; artifacts round-trip', async () => {
    const e = await engineOn();
    await e.load(split, config(3));
    await train(e);
    const snap = await e.snapshot();
    expect(snap.epoch).toBe(3);
    const users = Int32Array.from([0, 5, 17, 99]);
    const before = await e.recommend(users, 5);
    const c = config(8);
    await e.load(split, c); // fresh model
    await train(e);
    expect([...(await e.recommend(users, 5)).items]).not.toEqual([...before.items]);
    const back = artifactsToSnapshot(snapshotToArtifacts(snap));
    expect(back.tensors.map((t) => t.name)).toEqual(snap.tensors.map((t) => t.name));
    await e.restore(back);
    const after = await e.recommend(users, 5);
    expect([...after.items]).toEqual([...before.items]);
    expect([...after.scores]).toEqual([...before.scores]);
    expect((await e.snapshot()).epoch).toBe(3);
    await e.dispose();
  });

  it('early stopping on validation P@K restores the best epoch', async () => {
    const e = await engineOn();
    const c = config(60, {
      patience: 3,
      optimizer: 'adam',
      learningRate: 0.01,
      hidden: [16],
      activations: ['tanh', 'linear'],
      loss: 'multinomial',
      init: 'glorot',
    });
    c.split.validationRatio = 0.25;
    await e.load(splitVal, c);
    const { state, reports, states } = await train(e);
    expect(state).toBe('done');
    const vals = reports.map((r) => r.validation!.precision);
    const best = vals.indexOf(Math.max(...vals)) + 1;
    expect(best).toBeGreaterThan(1); // it did learn for a while
    expect(reports.length).toBe(best + 3); // stopped after `patience` epochs without improvement
    expect((await e.snapshot()).epoch).toBe(best);
    expect(states[states.length - 1]).toMatch(new RegExp(`restored epoch ${best}`));
    // The restored weights reproduce the best epoch's test metrics (recommend() leaves validation items
    // out, as the test lists do, so its lists are the best epoch's test lists).
    const users = Int32Array.from({ length: splitVal.train.rows }, (_, i) => i);
    const rec = await e.recommend(users, c.k);
    const test = rankingMetrics(rec.items, users, c.k, splitVal.test, c.threshold, splitVal.train.cols);
    expect(test.precision).toBeCloseTo(reports[best - 1].test.precision, 12);
    expect(test.ndcg).toBeCloseTo(reports[best - 1].test.ndcg, 12);
    expect(test.precision).not.toBeCloseTo(reports[reports.length - 1].test.precision, 12); // the last epoch differs
    await e.dispose();
  });

  it('pause/resume and stop between batches; stop rolls back to the last finished epoch', async () => {
    const e = await engineOn();
    await e.load(split, config(5));
    const states: string[] = [];
    let batches = 0;
    const done = e.train({
      onBatch: (epoch, d) => {
        batches++;
        if (epoch === 1 && d === 1) e.pause();
        if (epoch === 2 && d === 2) e.stop();
      },
      onState: (s) => states.push(s),
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(states[states.length - 1]).toBe('paused');
    const pausedAt = batches;
    await new Promise((r) => setTimeout(r, 30));
    expect(batches).toBe(pausedAt);
    e.resume();
    expect(await done).toBe('stopped');
    expect(states).toEqual(['running', 'paused', 'running', 'stopped']);
    expect((await e.snapshot()).epoch).toBe(1);
    // Continues from epoch 1 to the end.
    const rest = await train(e);
    expect(rest.reports.map((r) => r.epoch)).toEqual([2, 3, 4, 5]);
    await e.dispose();
  });

  it('recommend() during training answers from the last finished epoch, not mid-epoch weights', async () => {
    const e = await engineOn();
    const before = tf.memory().numTensors;
    await e.load(split, config(4));
    const users = Int32Array.from({ length: split.train.rows }, (_, i) => i);
    const k = 5;
    type Rec = Awaited<ReturnType<InProcessEngine['recommend']>>;
    const atEpochEnd: Promise<Rec>[] = [];
    const betweenBatches: Promise<Rec>[] = [];
    const tensors: number[] = [];
    const states: string[] = [];
    let onPaused!: () => void;
    const pausedP = new Promise<void>((r) => (onPaused = r));
    const done = e.train({
      onEpoch: (r) => {
        tensors.push(tf.memory().numTensors);
        if (r.epoch === 1) atEpochEnd.push(e.recommend(users, k));
      },
      onBatch: (epoch, d) => {
        if (epoch === 2) betweenBatches.push(e.recommend(users, k)); // weights of epoch 2 batches 1..d
        if (epoch === 2 && d === 3) e.pause();
      },
      onState: (s) => {
        states.push(s);
        if (s === 'paused') onPaused();
      },
    });
    await pausedP;
    const epoch1 = await atEpochEnd[0];
    const paused = await e.recommend(users, k);
    // Contract: the answer is the epoch-1 model's, byte for byte.
    expect([...paused.items]).toEqual([...epoch1.items]);
    expect([...paused.scores]).toEqual([...epoch1.scores]);
    const mid = await Promise.all(betweenBatches);
    expect(mid.length).toBe(3);
    for (const r of mid) expect([...r.scores]).toEqual([...epoch1.scores]);
    // The live (mid-epoch) weights do differ: score them on another engine.
    const live = await (e as unknown as { net: { read(): Promise<{ name: string; shape: number[]; data: Float32Array }[]> } }).net.read();
    const other = await engineOn();
    await other.load(split, config(4));
    await other.restore({ ...(await e.snapshot()), tensors: live });
    const fromLive = await other.recommend(users, k);
    await other.dispose();
    expect([...fromLive.scores]).not.toEqual([...epoch1.scores]);
    expect((await e.snapshot()).epoch).toBe(1);
    e.resume();
    expect(await done).toBe('done');
    expect(new Set(tensors).size).toBe(1); // the epoch copy is replaced, not accumulated
    expect(tensors.length).toBe(4);
    // After training the model is the last epoch's (the copy is gone).
    const final = await e.recommend(users, k);
    expect([...final.scores]).not.toEqual([...epoch1.scores]);
    await e.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('dispose() during training stops the loop first', async () => {
    const e = await engineOn();
    await e.load(split, config(50));
    let batches = 0;
    const done = e.train({ onBatch: () => batches++ });
    await new Promise((r) => setTimeout(r, 20));
    await e.dispose();
    expect(await done).toBe('stopped');
    expect(batches).toBeGreaterThan(0);
    await expect(e.recommend(Int32Array.of(0), 3)).rejects.toThrow(/no dataset loaded/);
  });

  it('a failure leaves state "failed" and the engine continues after init()', async () => {
    const e = await engineOn();
    await e.load(split, config(3));
    const net = (e as unknown as { net: { trainStep: (...a: unknown[]) => void } }).net;
    let calls = 0;
    const orig = net.trainStep.bind(net);
    net.trainStep = (...a: unknown[]) => {
      if (++calls === 6) throw new Error('simulated kernel error');
      orig(...a);
    };
    const r = await train(e);
    expect(r.state).toBe('failed');
    expect(r.states[r.states.length - 1]).toMatch(/cpu: simulated kernel error/);
    expect((await e.snapshot()).epoch).toBe(1); // 5 batches per epoch: epoch 1 finished
    await e.init('cpu'); // e.g. another backend; restores the host copy
    const again = await train(e);
    expect(again.state).toBe('done');
    expect(again.reports.map((x) => x.epoch)).toEqual([2, 3]);
    await e.dispose();
  });
});
