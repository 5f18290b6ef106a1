/**
 * Training state of the app around a WorkerEngine: backend init, start / pause / resume / stop,
 * per-epoch history, batch progress, the latest snapshot, and recovery on another backend when the
 * worker or its backend fails (from the last finished epoch; the data and model stay). The state is
 * one reducer (trainerReducer.ts); every error of a run goes through one failure path (`guarded`).
 * Creating, switching and terminating the worker: useEngineSlot.ts.
 */
import { useCallback, useRef, useState } from 'react';
import type { DatasetSplit } from '../data/types';
import type { RunConfig } from '../engine/config';
import type { BackendChoice, BackendName, ModelSnapshot, RatedItem } from '../engine/engine';
import type { WorkerEngine } from '../workers/engineProxy';
import { errorMessage } from './format';
import { initialTrainerView, shownState, type TrainerAction, trainerReducer, type TrainerView } from './trainerReducer';
import type { SavedRunState, TrainerApi } from './trainerTypes';
import { type EngineSlot, useEngineSlot } from './useEngineSlot';

export { nextBackend, type ModelInfo, type TrainerApi, type TrainProgress } from './trainerTypes';

/**
 * useReducer whose current state is also readable synchronously (`view.current`), so that callbacks
 * see the latest state and a second Start in the same task sees the first one's `starting`.
 */
function useSyncReducer(init: () => TrainerView) {
  const view = useRef<TrainerView | null>(null);
  view.current ??= init();
  const [shown, setShown] = useState(view.current);
  const dispatch = useCallback((a: TrainerAction) => {
    view.current = trainerReducer(view.current!, a);
    setShown(view.current);
  }, []);
  return { shown, view: view as { current: TrainerView }, dispatch };
}

/** Hook owning the training worker (terminated on unmount). */
export function useTrainer(initialChoice: BackendChoice): TrainerApi {
  const { shown, view, dispatch } = useSyncReducer(() => initialTrainerView(initialChoice));
  const slot = useRef<EngineSlot | null>(null);
  const snap = useRef<ModelSnapshot | null>(null);
  const lastPaint = useRef(0);
  /** Generation of the current run; callbacks of older runs are ignored. */
  const gen = useRef(0);
  /** The running train() call, awaited before the engine is reused. */
  const running = useRef<Promise<unknown> | null>(null);

  const { engineFor, readyEngine } = useEngineSlot(shown.backendChoice, view, dispatch, { slot, snap, gen });

  /** Runs a step of a run; an error of the current generation becomes the run's failure. */
  const guarded = useCallback(
    async (g: number, body: () => Promise<void>) => {
      try {
        await body();
      } catch (e) {
        if (g === gen.current) dispatch({ type: 'run/failed', message: errorMessage(e) });
      }
    },
    [dispatch],
  );

  /** Stops a training still running on `engine` and waits until it has ended. */
  const settle = useCallback(async (engine: WorkerEngine) => {
    const r = running.current;
    if (!r) return;
    engine.stop();
    await r.catch(() => undefined);
    running.current = null;
  }, []);

  /** Trains from the model's epoch to the end; errors propagate to the caller's guard. */
  const runTraining = useCallback(
    async (engine: WorkerEngine, config: RunConfig) => {
      const g = gen.current;
      const fromEpoch = view.current.model?.epoch ?? 0;
      const startedAt = performance.now();
      dispatch({ type: 'run/training' });
      let batches = 0;
      let lastMsg = '';
      const call = engine.train({
        onEpoch: (report) => {
          if (g === gen.current) dispatch({ type: 'run/epoch', report, numTensors: engine.lastNumTensors });
        },
        onBatch: (epoch, done, total) => {
          if (g !== gen.current) return;
          batches++;
          const now = performance.now();
          if (now - lastPaint.current > 100 || done === total) {
            lastPaint.current = now;
            const progress = { epoch, done, total, epochs: config.model.epochs, fromEpoch, startedAt, batches, now };
            dispatch({ type: 'run/progress', progress });
          }
        },
        onState: (state, message) => {
          if (g !== gen.current) return;
          if (message) lastMsg = message;
          dispatch({ type: 'run/state', state, message });
        },
      });
      running.current = call;
      const final = await call.finally(() => {
        if (running.current === call) running.current = null;
      });
      if (g !== gen.current) return;
      dispatch({ type: 'run/finished', state: final, message: lastMsg });
      engine.numTensors().then(
        (n) => dispatch({ type: 'tensors', numTensors: n }),
        () => undefined,
      );
    },
    [dispatch, view],
  );

  const start = useCallback(
    async (split: DatasetSplit, config: RunConfig) => {
      if (view.current.phase === 'starting') return; // a second Start while the first sets up
      const g = ++gen.current;
      dispatch({ type: 'run/starting', fresh: true, message: null });
      await guarded(g, async () => {
        const s = engineFor(slot.current?.choice ?? view.current.backendChoice);
        await s.ready;
        await settle(s.engine);
        await s.engine.load(split, config);
        s.hasModel = true;
        snap.current = null;
        dispatch({ type: 'run/model', model: { split, config, epoch: 0, restored: false } });
        dispatch({ type: 'run/baseline', baseline: await s.engine.baseline() });
        await runTraining(s.engine, config);
      });
    },
    [dispatch, engineFor, guarded, runTraining, settle, view],
  );

  const continueOn = useCallback(
    async (next: BackendName) => {
      const m = view.current.model;
      if (!m || view.current.phase === 'starting') return;
      const g = ++gen.current;
      const from = snap.current?.epoch ?? 0;
      dispatch({ type: 'backend/choose', choice: next });
      const s = engineFor(next);
      dispatch({ type: 'run/starting', fresh: false, keepEpochsUpTo: from, message: `Continuing on ${next} from epoch ${from}` });
      await guarded(g, async () => {
        await s.ready;
        await s.engine.load(m.split, m.config);
        if (snap.current) await s.engine.restore(snap.current);
        s.hasModel = true;
        dispatch({ type: 'run/model', model: { ...m, epoch: from } });
        await runTraining(s.engine, m.config);
      });
    },
    [dispatch, engineFor, guarded, runTraining, view],
  );

  const resumeRun = useCallback(
    async (run: SavedRunState, split: DatasetSplit) => {
      if (view.current.phase === 'starting') return;
      const g = ++gen.current;
      const { snapshot: saved } = run;
      dispatch({ type: 'run/starting', fresh: true, message: `Resuming the saved run from epoch ${saved.epoch}` });
      await guarded(g, async () => {
        const s = engineFor(slot.current?.choice ?? view.current.backendChoice);
        await s.ready;
        await settle(s.engine);
        await s.engine.load(split, saved.config);
        await s.engine.restore(saved);
        s.hasModel = true;
        snap.current = saved;
        dispatch({ type: 'run/model', model: { split, config: saved.config, epoch: saved.epoch, restored: false } });
        dispatch({ type: 'run/history', epochs: run.epochs, baseline: run.baseline });
        await runTraining(s.engine, saved.config);
      });
    },
    [dispatch, engineFor, guarded, runTraining, settle, view],
  );

  const pause = useCallback(() => slot.current?.engine.pause(), []);
  const stop = useCallback(() => slot.current?.engine.stop(), []);
  const resume = useCallback(() => {
    const s = slot.current;
    const { phase, model } = view.current;
    if (!s) return;
    if (phase === 'paused') s.engine.resume();
    else if (phase === 'stopped' && model) void guarded(gen.current, () => runTraining(s.engine, model.config));
  }, [guarded, runTraining, view]);

  const recommend = useCallback(
    async (users: Int32Array, k: number) => {
      if (!view.current.model) return null;
      const engine = await readyEngine();
      return engine.recommend(users, k);
    },
    [readyEngine, view],
  );

  const recommendForRatings = useCallback(
    async (ratings: RatedItem[], k: number) => {
      if (!view.current.model) return null;
      const engine = await readyEngine();
      return engine.recommendForRatings(ratings, k);
    },
    [readyEngine, view],
  );

  const snapshot = useCallback(async () => {
    if (!view.current.model) return null;
    const s = slot.current;
    const phase = view.current.phase;
    if (s && !s.engine.crashed && s.hasModel && phase !== 'running' && phase !== 'starting') {
      snap.current = await s.engine.snapshot();
    }
    return snap.current;
  }, [view]);

  const restore = useCallback(
    async (snapshot: ModelSnapshot, split: DatasetSplit) => {
      gen.current++;
      const s = engineFor(slot.current?.choice ?? view.current.backendChoice);
      await s.ready;
      await settle(s.engine);
      await s.engine.load(split, snapshot.config);
      await s.engine.restore(snapshot);
      s.hasModel = true;
      snap.current = snapshot;
      const model = { split, config: snapshot.config, epoch: snapshot.epoch, restored: true };
      dispatch({ type: 'model/restored', model, message: `Model restored (epoch ${snapshot.epoch}) without retraining` });
      dispatch({ type: 'run/baseline', baseline: await s.engine.baseline().catch(() => null) });
      dispatch({ type: 'tensors', numTensors: await s.engine.numTensors().catch(() => null) });
    },
    [dispatch, engineFor, settle, view],
  );

  const reset = useCallback(() => {
    const s = slot.current;
    const phase = view.current.phase;
    gen.current++;
    if (s && (phase === 'running' || phase === 'paused' || phase === 'starting')) s.engine.stop();
    snap.current = null;
    dispatch({ type: 'reset' });
  }, [dispatch, view]);

  const chooseBackend = useCallback((choice: BackendChoice) => dispatch({ type: 'backend/choose', choice }), [dispatch]);
  const crashWorker = useCallback(() => slot.current?.engine.simulateCrash(), []);

  const { phase, ...rest } = shown;
  return {
    ...rest,
    state: shownState(phase),
    chooseBackend,
    start,
    pause,
    resume,
    stop,
    continueOn,
    resumeRun,
    recommend,
    recommendForRatings,
    snapshot,
    restore,
    reset,
    crashWorker,
  };
}
