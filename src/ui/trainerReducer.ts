/**
 * The training UI state as one reducer over the run's phases (idle → starting → running ⇄ paused →
 * stopped | done | failed) plus the backend slot. Pure: useTrainer dispatches, tests call it directly.
 */
import type { BackendChoice, BackendInfo, EpochReport, RankingMetrics, TrainState } from '../engine/engine';
import { nextBackend, type ModelInfo, type TrainerApi, type TrainProgress } from './trainerTypes';

/** A run's phase: the engine's TrainState plus `starting` (backend, data and model being set up). */
export type TrainPhase = TrainState | 'starting';

/** Everything useTrainer renders. */
export interface TrainerView {
  backendChoice: BackendChoice;
  backend: BackendInfo | null;
  backendBusy: boolean;
  backendError: string | null;
  phase: TrainPhase;
  message: string | null;
  /** Finished epochs, oldest first. */
  epochs: EpochReport[];
  baseline: RankingMetrics | null;
  progress: TrainProgress | null;
  numTensors: number | null;
  epochTensors: Record<number, number>;
  modelVersion: number;
  model: ModelInfo | null;
  failure: TrainerApi['failure'];
}

/** What changes the view. */
export type TrainerAction =
  | { type: 'backend/choose'; choice: BackendChoice }
  | { type: 'backend/starting' }
  | { type: 'backend/ready'; info: BackendInfo }
  | { type: 'backend/failed'; message: string }
  /** A run is being set up; `fresh` forgets the previous run's history, `keepEpochsUpTo` trims it. */
  | { type: 'run/starting'; fresh: boolean; keepEpochsUpTo?: number; message: string | null }
  | { type: 'run/model'; model: ModelInfo | null }
  | { type: 'run/baseline'; baseline: RankingMetrics | null }
  /** The curves of a saved run being resumed. */
  | { type: 'run/history'; epochs: EpochReport[]; baseline: RankingMetrics | null }
  /** train() is about to be called. */
  | { type: 'run/training' }
  | { type: 'run/state'; state: TrainState; message?: string }
  | { type: 'run/epoch'; report: EpochReport; numTensors: number | null }
  | { type: 'run/snapshot'; epoch: number; numTensors: number }
  | { type: 'run/progress'; progress: TrainProgress }
  /** train() resolved with its final state; a `failed` one becomes a failure with `message`. */
  | { type: 'run/finished'; state: TrainState; message: string }
  /** The one failure path: any error while starting, training, continuing or restoring. */
  | { type: 'run/failed'; message: string }
  | { type: 'model/restored'; model: ModelInfo; message: string }
  | { type: 'tensors'; numTensors: number | null }
  | { type: 'reset' };

/** The view before anything happened. */
export function initialTrainerView(backendChoice: BackendChoice): TrainerView {
  return {
    backendChoice,
    backend: null,
    backendBusy: false,
    backendError: null,
    phase: 'idle',
    message: null,
    epochs: [],
    baseline: null,
    progress: null,
    numTensors: null,
    epochTensors: {},
    modelVersion: 0,
    model: null,
    failure: null,
  };
}

/** The backend a failure happened on: the running one, else the forced choice. */
function failedOn(v: TrainerView) {
  return v.backend?.name ?? (v.backendChoice === 'auto' ? undefined : v.backendChoice);
}

/** The next view. */
export function trainerReducer(v: TrainerView, a: TrainerAction): TrainerView {
  switch (a.type) {
    case 'backend/choose':
      return { ...v, backendChoice: a.choice };
    case 'backend/starting':
      return { ...v, backend: null, backendError: null, backendBusy: true };
    case 'backend/ready':
      return { ...v, backend: a.info, backendBusy: false };
    case 'backend/failed':
      return { ...v, backendError: a.message, backendBusy: false };
    case 'run/starting': {
      const epochs = a.fresh ? [] : a.keepEpochsUpTo !== undefined ? v.epochs.filter((e) => e.epoch <= a.keepEpochsUpTo!) : v.epochs;
      return {
        ...v,
        phase: 'starting',
        failure: null,
        message: a.message,
        epochs,
        epochTensors: a.fresh ? {} : v.epochTensors,
        baseline: a.fresh ? null : v.baseline,
      };
    }
    case 'run/model':
      return { ...v, model: a.model };
    case 'run/baseline':
      return { ...v, baseline: a.baseline };
    case 'run/history':
      return { ...v, epochs: a.epochs, baseline: a.baseline };
    case 'run/training':
      return { ...v, phase: 'running', progress: null, failure: null, message: null };
    case 'run/state':
      return {
        ...v,
        phase: a.state === 'running' || a.state === 'paused' ? a.state : v.phase,
        message: a.message ? a.message : v.message,
      };
    case 'run/epoch':
      return {
        ...v,
        epochs: [...v.epochs.filter((e) => e.epoch < a.report.epoch), a.report],
        model: v.model && { ...v.model, epoch: a.report.epoch },
        modelVersion: v.modelVersion + 1,
        numTensors: a.numTensors ?? v.numTensors,
      };
    case 'run/snapshot':
      return { ...v, numTensors: a.numTensors, epochTensors: { ...v.epochTensors, [a.epoch]: a.numTensors } };
    case 'run/progress':
      return { ...v, progress: a.progress };
    case 'run/finished':
      if (a.state === 'failed') return trainerReducer(v, { type: 'run/failed', message: a.message || 'training failed on this backend' });
      return { ...v, phase: a.state };
    case 'run/failed':
      return { ...v, phase: 'failed', message: a.message, failure: { message: a.message, next: nextBackend(failedOn(v)) } };
    case 'model/restored':
      return {
        ...v,
        phase: 'idle',
        epochs: [],
        failure: null,
        message: a.message,
        model: a.model,
        modelVersion: v.modelVersion + 1,
      };
    case 'tensors':
      return { ...v, numTensors: a.numTensors };
    case 'reset':
      return {
        ...v,
        phase: 'idle',
        model: null,
        epochs: [],
        baseline: null,
        progress: null,
        failure: null,
        message: null,
        modelVersion: v.modelVersion + 1,
      };
  }
}

/** The phase as the engine names it (`starting` shows as running, as the controls treat it). */
export function shownState(phase: TrainPhase): TrainState {
  return phase === 'starting' ? 'running' : phase;
}
