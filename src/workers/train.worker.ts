/// <reference lib="webworker" />
/**
 * Training worker (thin adapter): runs an InProcessEngine on whichever backend was chosen (WebGL
 * through OffscreenCanvas, since a worker has no document) and streams its events.
 *
 * Each epoch event carries the engine's snapshot of that epoch (the engine keeps a host copy of the
 * last finished epoch), so the UI thread can continue elsewhere if this worker dies.
 */
import { InProcessEngine } from '../engine/inProcessEngine';
import { registerBrowserBackends } from '../backends/browser';
import type { ModelSnapshot, TrainState } from '../engine/engine';
import { collectBuffers, type TrainApi, type TrainEvent } from './protocol';
import { serve, withTransfer, type HandlerContext } from './rpc';

declare const self: DedicatedWorkerGlobalScope;

const engine = new InProcessEngine(registerBrowserBackends);

/** True while a train request runs. */
let training = false;
/** Snapshots started by epoch events, in order; train answers after the last one is posted. */
let pendingEpochWork: Promise<void> = Promise.resolve();

function snapshotTransfer(s: ModelSnapshot): Transferable[] {
  return collectBuffers(s.tensors.map((t) => t.data));
}

/** Runs the engine's training, streaming its events; attaches each epoch's snapshot when asked. */
async function runTrain(snapshotEachEpoch: boolean, ctx: HandlerContext<TrainEvent>): Promise<TrainState> {
  const state = await engine.train({
    onBatch: (epoch, done, total) => ctx.emit({ kind: 'batch', epoch, done, total }),
    onState: (s, message) => ctx.emit({ kind: 'state', state: s, message }),
    onEpoch: (report) => {
      if (!snapshotEachEpoch) {
        ctx.emit({ kind: 'epoch', report, snapshot: null, numTensors: report.numTensors ?? null });
        return;
      }
      // snapshot() copies the engine's host copy of this epoch synchronously, before training goes on.
      const snap = engine.snapshot();
      pendingEpochWork = pendingEpochWork.then(async () => {
        const snapshot = await snap.catch(() => null);
        const numTensors = report.numTensors ?? (await engine.numTensors().catch(() => null));
        ctx.emit({ kind: 'epoch', report, snapshot, numTensors }, snapshot ? snapshotTransfer(snapshot) : []);
      });
    },
  });
  await pendingEpochWork;
  return state;
}

serve<TrainApi, TrainEvent>(self, {
  init: ({ choice }) => engine.init(choice),
  load: ({ split, config }) => engine.load(split, config),
  baseline: () => engine.baseline(),
  async train({ snapshotEachEpoch }, ctx) {
    training = true;
    try {
      return await runTrain(snapshotEachEpoch, ctx);
    } finally {
      training = false;
    }
  },
  pause(_p, ctx) {
    engine.pause();
    // Shown at once; the loop holds before its next batch (the engine reports 'paused' then too).
    if (training) ctx.emit({ kind: 'state', state: 'paused' });
  },
  resume(_p, ctx) {
    engine.resume();
    if (training) ctx.emit({ kind: 'state', state: 'running' });
  },
  stop: () => engine.stop(),
  async recommend({ users, k }) {
    const r = await engine.recommend(users, k);
    return withTransfer(r, collectBuffers([r.users, r.items, r.scores]));
  },
  async recommendForRatings({ ratings, k }) {
    const r = await engine.recommendForRatings(ratings, k);
    return withTransfer(r, collectBuffers([r.items, r.scores, r.because]));
  },
  async snapshot() {
    const s = await engine.snapshot();
    return withTransfer(s, snapshotTransfer(s));
  },
  restore: ({ snapshot }) => engine.restore(snapshot),
  numTensors: () => engine.numTensors(),
  dispose: () => engine.dispose(),
  crash() {
    setTimeout(() => {
      throw new Error('simulated worker crash');
    }, 0);
  },
});
