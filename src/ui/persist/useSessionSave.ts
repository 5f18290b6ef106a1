/**
 * Saves the session as training goes (sessionStore.ts): the dataset once per run, the last finished
 * epoch's snapshot and curves at most every SAVE_EVERY_MS (in the background: training never waits),
 * forgets the run when it is done, and asks before the page is left while training.
 */
import { useEffect, useRef } from 'react';
import type { LoadedData } from '../../workers/protocol';
import type { TrainerApi } from '../trainerTypes';
import { clearRun, saveData, saveRun } from './sessionStore';

/** Least time between two saves of the run, ms. */
export const SAVE_EVERY_MS = 3000;

/** Hook: keeps the saved session up to date with `trainer` training on `data`. */
export function useSessionSave(data: LoadedData | null, trainer: TrainerApi): void {
  const { model, epochs, state, baseline, snapshot } = trainer;
  const lastSave = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  /** The split whose dataset was saved, and the save in flight. */
  const savedData = useRef<{ split: unknown; id: string; done: Promise<void> } | null>(null);
  /** The curves as of the latest render (a timer fires after several epochs may have finished). */
  const latest = useRef({ epochs, baseline });
  latest.current = { epochs, baseline };

  useEffect(() => {
    if (!model || model.restored || !data) return;
    if (state === 'done') {
      clearTimeout(timer.current);
      void clearRun();
      return;
    }
    if (epochs.length === 0) return;
    if (savedData.current?.split !== model.split) {
      const id = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
      const done = saveData({ dataId: id, data: { ...data, split: model.split } }).catch(() => undefined);
      savedData.current = { split: model.split, id, done };
    }
    const pending = savedData.current;
    const save = async () => {
      lastSave.current = Date.now();
      const snap = await snapshot();
      if (!snap) return;
      const { epochs: curves, baseline: base } = latest.current;
      if (curves[curves.length - 1]?.epoch !== snap.epoch) {
        // The snapshot arrives just before its epoch's report: try again once both are in.
        timer.current = setTimeout(() => void save(), 250);
        return;
      }
      await pending.done;
      await saveRun({
        config: model.config,
        snapshot: snap,
        epochs: curves,
        baseline: base,
        savedAt: Date.now(),
        dataId: pending.id,
      }).catch(() => undefined);
    };
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void save(), Math.max(0, lastSave.current + SAVE_EVERY_MS - Date.now()));
  }, [model, data, state, epochs, snapshot]);

  useEffect(() => () => clearTimeout(timer.current), []);

  const training = state === 'running' || state === 'paused';
  useEffect(() => {
    if (!training) return;
    const ask = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [training]);
}
