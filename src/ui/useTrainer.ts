/**
 * Training state of the app around a WorkerEngine: backend init, start / pause / resume / stop,
 * per-epoch history, batch progress, the latest snapshot, and recovery on another backend when the
 * worker or its backend fails (from the last finished epoch; the data and model stay).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DatasetSplit } from '../data/types';
import type { RunConfig } from '../engine/config';
import type { BackendChoice, BackendInfo, BackendName, EpochReport, ModelSnapshot, RankingMetrics, TrainState } from '../engine/engine';
import type { RatedItem } from '../engine/engine';
import { WorkerEngine } from '../workers/engineProxy';
import { nextBackend, type ModelInfo, type TrainerApi, type TrainProgress } from './trainerTypes';

export { nextBackend, type ModelInfo, type TrainerApi, type TrainProgress } from './trainerTypes';

interface EngineSlot {
  engine: WorkerEngine;
  choice: BackendChoice;
  ready: Promise<BackendInfo>;
  hasModel: boolean;
}

/** Hook owning the training worker. */
export function useTrainer(initialChoice: BackendChoice): TrainerApi {
  const slot = useRef<EngineSlot | null>(null);
  const snap = useRef<ModelSnapshot | null>(null);
  const modelRef = useRef<ModelInfo | null>(null);
  const progressRef = useRef<TrainProgress | null>(null);
  const lastPaint = useRef(0);
  /** Generation of the current run; callbacks of older runs are ignored. */
  const gen = useRef(0);
  /** The running train() call, awaited before the engine is reused. */
  const running = useRef<Promise<unknown> | null>(null);
  const [backendChoice, setBackendChoice] = useState<BackendChoice>(initialChoice);
  const [backend, setBackend] = useState<BackendInfo | null>(null);
  const [backendBusy, setBackendBusy] = useState(false);
  const [backendError, setBackendError] = useState<string | null>(null);
  const [state, setState] = useState<TrainState>('idle');
  const [message, setMessage] = useState<string | null>(null);
  const [epochs, setEpochs] = useState<EpochReport[]>([]);
  const [baseline, setBaseline] = useState<RankingMetrics | null>(null);
  const [progress, setProgress] = useState<TrainProgress | null>(null);
  const [numTensors, setNumTensors] = useState<number | null>(null);
  const [epochTensors, setEpochTensors] = useState<Record<number, number>>({});
  const [modelVersion, setModelVersion] = useState(0);
  const [model, setModelState] = useState<ModelInfo | null>(null);
  const [failure, setFailure] = useState<TrainerApi['failure']>(null);

  const setModel = useCallback((m: ModelInfo | null) => {
    modelRef.current = m;
    setModelState(m);
  }, []);

  const backendRef = useRef<BackendInfo | null>(null);
  backendRef.current = backend;
  const backendName = useCallback(() => backendRef.current?.name, []);

  /** The engine for `choice`, created and initialised on first use. */
  const engineFor = useCallback((choice: BackendChoice): EngineSlot => {
    const cur = slot.current;
    if (cur && cur.choice === choice && !cur.engine.crashed) return cur;
    cur?.engine.terminate();
    const engine = new WorkerEngine({
      onSnapshot: (s, n) => {
        if (slot.current?.engine !== engine) return; // a replaced (or crashed) worker
        snap.current = s;
        if (n !== null) {
          setNumTensors(n);
          setEpochTensors((m) => ({ ...m, [s.epoch]: n }));
        }
      },
    });
    setBackend(null);
    setBackendError(null);
    setBackendBusy(true);
    const ready = engine.init(choice);
    const next: EngineSlot = { engine, choice, ready, hasModel: false };
    slot.current = next;
    ready.then(
      (info) => {
        if (slot.current !== next) return;
        setBackend(info);
        setBackendBusy(false);
      },
      (e: unknown) => {
        if (slot.current !== next) return;
        setBackendError(e instanceof Error ? e.message : String(e));
        setBackendBusy(false);
      },
    );
    return next;
  }, []);

  useEffect(() => {
    engineFor(backendChoice);
  }, [backendChoice, engineFor]);

  /** The ready engine holding the current model (re-loaded from the snapshot after a backend switch). */
  const readyEngine = useCallback(async (): Promise<WorkerEngine> => {
    const s = engineFor(slot.current?.choice ?? backendChoice);
    await s.ready;
    const m = modelRef.current;
    if (!s.hasModel && m && snap.current) {
      await s.engine.load(m.split, m.config);
      await s.engine.restore(snap.current);
      s.hasModel = true;
    }
    return s.engine;
  }, [backendChoice, engineFor]);

  /** Stops a training still running on `engine` and waits until it has ended. */
  const settle = useCallback(async (engine: WorkerEngine) => {
    const r = running.current;
    if (!r) return;
    engine.stop();
    await r.catch(() => undefined);
    running.current = null;
  }, []);

  const runTraining = useCallback(
    async (engine: WorkerEngine, config: RunConfig) => {
      const g = gen.current;
      const fromEpoch = modelRef.current?.epoch ?? 0;
      const startedAt = performance.now();
      progressRef.current = null;
      setProgress(null);
      setFailure(null);
      setMessage(null);
      setState('running');
      let batches = 0;
      let lastMsg = '';
      try {
        const call = engine.train({
          onEpoch: (r) => {
            if (g !== gen.current) return;
            setEpochs((prev) => [...prev.filter((e) => e.epoch < r.epoch), r]);
            const m = modelRef.current;
            if (m) setModel({ ...m, epoch: r.epoch });
            setModelVersion((v) => v + 1);
            if (engine.lastNumTensors !== null) setNumTensors(engine.lastNumTensors);
          },
          onBatch: (epoch, done, total) => {
            if (g !== gen.current) return;
            batches++;
            const now = performance.now();
            progressRef.current = { epoch, done, total, epochs: config.model.epochs, fromEpoch, startedAt, batches, now };
            if (now - lastPaint.current > 100 || done === total) {
              lastPaint.current = now;
              setProgress(progressRef.current);
            }
          },
          onState: (s, msg) => {
            if (g !== gen.current) return;
            if (s === 'running' || s === 'paused') setState(s);
            if (msg) {
              lastMsg = msg;
              setMessage(msg);
            }
          },
        });
        running.current = call;
        const final = await call.finally(() => {
          if (running.current === call) running.current = null;
        });
        if (g !== gen.current) return;
        setState(final);
        if (final === 'failed') setFailure({ message: lastMsg || 'training failed on this backend', next: nextBackend(backendName()) });
        engine.numTensors().then(setNumTensors, () => undefined);
      } catch (e) {
        if (g !== gen.current) return;
        setState('failed');
        const msg = e instanceof Error ? e.message : String(e);
        setMessage(msg);
        setFailure({ message: msg, next: nextBackend(backendName()) });
      }
    },
    [backendName, setModel],
  );

  const start = useCallback(
    async (split: DatasetSplit, config: RunConfig) => {
      gen.current++;
      setFailure(null);
      setMessage(null);
      setEpochs([]);
      setEpochTensors({});
      setBaseline(null);
      setState('running');
      try {
        const s = engineFor(slot.current?.choice ?? backendChoice);
        await s.ready;
        await settle(s.engine);
        await s.engine.load(split, config);
        s.hasModel = true;
        snap.current = null;
        setModel({ split, config, epoch: 0, restored: false });
        setBaseline(await s.engine.baseline());
        await runTraining(s.engine, config);
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        setState('failed');
        setMessage(msg);
        setFailure({ message: msg, next: nextBackend(backendName()) });
      }
    },
    [backendChoice, engineFor, runTraining, settle, setModel, backendName],
  );

  const continueOn = useCallback(
    async (next: BackendName) => {
      const m = modelRef.current;
      if (!m) return;
      gen.current++;
      setBackendChoice(next);
      const s = engineFor(next);
      setFailure(null);
      setMessage(`Continuing on ${next} from epoch ${snap.current?.epoch ?? 0}`);
      setState('running');
      try {
        await s.ready;
        await s.engine.load(m.split, m.config);
        if (snap.current) await s.engine.restore(snap.current);
        s.hasModel = true;
        const from = snap.current?.epoch ?? 0;
        setModel({ ...m, epoch: from });
        setEpochs((prev) => prev.filter((e) => e.epoch <= from));
        await runTraining(s.engine, m.config);
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        setState('failed');
        setMessage(msg);
        setFailure({ message: msg, next: nextBackend(next) });
      }
    },
    [engineFor, runTraining, setModel],
  );

  const pause = useCallback(() => slot.current?.engine.pause(), []);
  const stop = useCallback(() => slot.current?.engine.stop(), []);
  const resume = useCallback(() => {
    const s = slot.current;
    if (!s) return;
    if (state === 'paused') s.engine.resume();
    else if (state === 'stopped' && modelRef.current) void runTraining(s.engine, modelRef.current.config);
  }, [state, runTraining]);

  const recommend = useCallback(
    async (users: Int32Array, k: number) => {
      if (!modelRef.current) return null;
      const engine = await readyEngine();
      return engine.recommend(users, k);
    },
    [readyEngine],
  );

  const recommendForRatings = useCallback(
    async (ratings: RatedItem[], k: number) => {
      if (!modelRef.current) return null;
      const engine = await readyEngine();
      return engine.recommendForRatings(ratings, k);
    },
    [readyEngine],
  );

  const snapshot = useCallback(async () => {
    if (!modelRef.current) return null;
    const s = slot.current;
    if (s && !s.engine.crashed && s.hasModel && state !== 'running') {
      snap.current = await s.engine.snapshot();
    }
    return snap.current;
  }, [state]);

  const restore = useCallback(
    async (snapshot: ModelSnapshot, split: DatasetSplit) => {
      gen.current++;
      const s = engineFor(slot.current?.choice ?? backendChoice);
      await s.ready;
      await settle(s.engine);
      await s.engine.load(split, snapshot.config);
      await s.engine.restore(snapshot);
      s.hasModel = true;
      snap.current = snapshot;
      setEpochs([]);
      setFailure(null);
      setMessage(`Model restored (epoch ${snapshot.epoch}) without retraining`);
      setState('idle');
      setModel({ split, config: snapshot.config, epoch: snapshot.epoch, restored: true });
      setBaseline(await s.engine.baseline().catch(() => null));
      setModelVersion((v) => v + 1);
      setNumTensors(await s.engine.numTensors().catch(() => null));
    },
    [backendChoice, engineFor, settle, setModel],
  );

  const reset = useCallback(() => {
    const s = slot.current;
    gen.current++;
    if (s && (state === 'running' || state === 'paused')) s.engine.stop();
    snap.current = null;
    setModel(null);
    setEpochs([]);
    setBaseline(null);
    setProgress(null);
    setFailure(null);
    setMessage(null);
    setState('idle');
    setModelVersion((v) => v + 1);
  }, [state, setModel]);

  const crashWorker = useCallback(() => slot.current?.engine.simulateCrash(), []);

  return {
    backend,
    backendChoice,
    backendBusy,
    backendError,
    state,
    message,
    epochs,
    baseline,
    progress,
    numTensors,
    epochTensors,
    modelVersion,
    model,
    failure,
    chooseBackend: setBackendChoice,
    start,
    pause,
    resume,
    stop,
    continueOn,
    recommend,
    recommendForRatings,
    snapshot,
    restore,
    reset,
    crashWorker,
  };
}
