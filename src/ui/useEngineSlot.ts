/**
 * The training worker behind useTrainer: one WorkerEngine for the current backend choice, created and
 * initialised on first use, replaced when the choice changes or the worker crashed, terminated with the
 * component. The snapshots it pushes go to the trainer's `snap` ref (what a replacement worker restores).
 */
import { type RefObject, useCallback, useEffect } from 'react';
import type { BackendChoice, BackendInfo, ModelSnapshot } from '../engine/engine';
import { WorkerEngine } from '../workers/engineProxy';
import { errorMessage } from './format';
import type { TrainerAction, TrainerView } from './trainerReducer';

/** The worker in use and what it holds. */
export interface EngineSlot {
  engine: WorkerEngine;
  choice: BackendChoice;
  /** engine.init(choice): resolves with the backend, or rejects (then the view shows the failure). */
  ready: Promise<BackendInfo>;
  /** Whether the current model is loaded into this worker. */
  hasModel: boolean;
}

/** The trainer's refs this hook reads and writes. */
export interface EngineRefs {
  /** The worker in use (null before the first render's effect and after unmount). */
  slot: RefObject<EngineSlot | null>;
  /** The latest snapshot the worker pushed (or the trainer set). */
  snap: RefObject<ModelSnapshot | null>;
  /** The run generation; unmounting bumps it so the running run's callbacks are ignored. */
  gen: RefObject<number>;
}

/**
 * Keeps a worker for `backendChoice` (switched when the choice changes) and terminates it on unmount.
 * @param view the trainer's state, read synchronously.
 */
export function useEngineSlot(
  backendChoice: BackendChoice,
  view: { current: TrainerView },
  dispatch: (a: TrainerAction) => void,
  { slot, snap, gen }: EngineRefs,
) {
  /** The engine for `choice`, created and initialised on first use. */
  const engineFor = useCallback(
    (choice: BackendChoice): EngineSlot => {
      const cur = slot.current;
      if (cur && cur.choice === choice && !cur.engine.crashed) return cur;
      cur?.engine.terminate();
      const engine = new WorkerEngine({
        onSnapshot: (s, n) => {
          if (slot.current?.engine !== engine) return; // a replaced (or crashed) worker
          snap.current = s;
          if (n !== null) dispatch({ type: 'run/snapshot', epoch: s.epoch, numTensors: n });
        },
      });
      dispatch({ type: 'backend/starting' });
      const ready = engine.init(choice);
      const next: EngineSlot = { engine, choice, ready, hasModel: false };
      slot.current = next;
      ready.then(
        (info) => slot.current === next && dispatch({ type: 'backend/ready', info }),
        (e: unknown) => slot.current === next && dispatch({ type: 'backend/failed', message: errorMessage(e) }),
      );
      return next;
    },
    [dispatch, slot, snap],
  );

  useEffect(() => {
    engineFor(backendChoice);
  }, [backendChoice, engineFor]);

  // The worker goes with the component.
  useEffect(
    () => () => {
      gen.current++;
      slot.current?.engine.terminate();
      slot.current = null;
    },
    [gen, slot],
  );

  /** The ready engine holding the current model (re-loaded from the snapshot after a backend switch). */
  const readyEngine = useCallback(async (): Promise<WorkerEngine> => {
    const s = engineFor(slot.current?.choice ?? view.current.backendChoice);
    await s.ready;
    const m = view.current.model;
    if (!s.hasModel && m && snap.current) {
      await s.engine.load(m.split, m.config);
      await s.engine.restore(snap.current);
      s.hasModel = true;
    }
    return s.engine;
  }, [engineFor, view, slot, snap]);

  return { engineFor, readyEngine };
}
