/** Types of the training state (useTrainer) and the next backend to continue on after a failure. */
import type { DatasetSplit } from '../data/types';
import type { RunConfig } from '../engine/config';
import {
  BACKEND_ORDER,
  type BackendChoice,
  type BackendInfo,
  type BackendName,
  type EpochReport,
  type ModelSnapshot,
  type RankingMetrics,
  type RatedItem,
  type RatingsRecommendations,
  type Recommendations,
  type TrainState,
} from '../engine/engine';

/** The backend after `name` in BACKEND_ORDER (null after cpu). */
export function nextBackend(name: BackendName | undefined): BackendName | null {
  if (!name) return 'cpu';
  const i = BACKEND_ORDER.indexOf(name);
  return i >= 0 && i < BACKEND_ORDER.length - 1 ? BACKEND_ORDER[i + 1] : null;
}

/** Batch-level progress of the running training. */
export interface TrainProgress {
  epoch: number;
  done: number;
  total: number;
  /** Total epochs of the run. */
  epochs: number;
  /** Finished epochs when this run (or continuation) started. */
  fromEpoch: number;
  startedAt: number;
  /** Batches since startedAt. */
  batches: number;
  now: number;
}

/** The model the engine holds: what it was trained on and up to which epoch. */
export interface ModelInfo {
  split: DatasetSplit;
  config: RunConfig;
  epoch: number;
  /** True when restored from a saved model rather than trained here. */
  restored: boolean;
}

/** A run saved before a reload or crash: the model at `snapshot.epoch` and the curves up to it. */
export interface SavedRunState {
  snapshot: ModelSnapshot;
  epochs: EpochReport[];
  baseline: RankingMetrics | null;
}

/** What useTrainer returns. */
export interface TrainerApi {
  backend: BackendInfo | null;
  backendChoice: BackendChoice;
  backendBusy: boolean;
  backendError: string | null;
  state: TrainState;
  message: string | null;
  epochs: EpochReport[];
  baseline: RankingMetrics | null;
  progress: TrainProgress | null;
  numTensors: number | null;
  /** Live tensors in the worker after each finished epoch (leak check). */
  epochTensors: Record<number, number>;
  /** Bumped whenever the model's weights change (epoch finished, restore). */
  modelVersion: number;
  model: ModelInfo | null;
  /** Set when training failed: the reason and the backend to continue on. */
  failure: { message: string; next: BackendName | null } | null;
  chooseBackend(choice: BackendChoice): void;
  start(split: DatasetSplit, config: RunConfig): Promise<void>;
  pause(): void;
  resume(): void;
  stop(): void;
  continueOn(next: BackendName): Promise<void>;
  /** Loads a saved run's model and curves and trains on from its epoch. */
  resumeRun(run: SavedRunState, split: DatasetSplit): Promise<void>;
  recommend(users: Int32Array, k: number): Promise<Recommendations | null>;
  /** Top-k for a new person's ratings from the current model (null without a model); see TrainerEngine. */
  recommendForRatings(ratings: RatedItem[], k: number): Promise<RatingsRecommendations | null>;
  snapshot(): Promise<ModelSnapshot | null>;
  restore(snapshot: ModelSnapshot, split: DatasetSplit): Promise<void>;
  /** Forgets the model (new data loaded). */
  reset(): void;
  /** Test hook: crashes the training worker. */
  crashWorker(): void;
}
