/**
 * The training engine interface. One in-process implementation (Node tests, CLI, and inside the
 * training worker) and one worker proxy (the app) implement it, like web-llm's MLCEngineInterface.
 */
import type { DatasetSplit } from '../data/types';
import type { RankingMetrics } from '../eval/metrics';
import type { RunConfig } from './config';

export type { RankingMetrics };

/**
 * Every backend, fastest first: the `auto` selection order (backends/backend.ts) and the order in which
 * the app offers to continue after a backend fails. The one list of backends; the others derive from it.
 */
export const BACKEND_ORDER = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_ORDER)[number];
export type BackendChoice = BackendName | 'auto';
/** Every backend choice: `auto`, then BACKEND_ORDER. */
export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', ...BACKEND_ORDER];
/** Display names of the backends. */
export const BACKEND_LABEL: Record<BackendName, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' };

/** Which backend runs, and why it was chosen (shown in the UI). */
export interface BackendInfo {
  name: BackendName;
  /** Human-readable reason, e.g. "WebGPU fallback adapter skipped; WASM (SIMD)". */
  reason: string;
  /** Adapter / renderer description when known. */
  device?: string;
  /** Largest single buffer the backend can bind, bytes (WebGPU's maxStorageBufferBindingSize), when known. */
  maxBufferBytes?: number;
}

/** What one finished epoch reports. */
export interface EpochReport {
  /** 1-based epoch number. */
  epoch: number;
  /** Mean training loss over the epoch's batches. */
  loss: number;
  /** Held-out (test) metrics at K after this epoch. */
  test: RankingMetrics;
  /** Metrics at K on the validation carve of the training set, when the split has one. */
  validation?: RankingMetrics;
  /** Wall time of the training part of the epoch, ms. */
  trainMs: number;
  /** Wall time of the evaluation, ms. */
  evalMs: number;
  /** Live tensors (tf.memory().numTensors) at the epoch boundary, for leak checks; flat across epochs. */
  numTensors?: number;
  /** Which kernels ran the epoch's (last) training step: the fused WebGPU programs or the generic ones. */
  kernels?: StepKernels;
}

/**
 * The fused WebGPU programs (webgpuFused.ts), the generic tfjs (+ host) kernels, or those with the
 * wide products on two threads (RecsysSharedMatMul, hostKernels.ts).
 */
export type StepKernels = 'fused-webgpu' | 'generic' | 'generic-two-threads';

export type TrainState = 'idle' | 'running' | 'paused' | 'stopped' | 'done' | 'failed';

/** Events a running training emits. */
export interface TrainEvents {
  onEpoch?(report: EpochReport): void;
  /** Batch progress inside the current epoch (1-based epoch, batches done, batches total). */
  onBatch?(epoch: number, done: number, total: number): void;
  onState?(state: TrainState, message?: string): void;
}

/** Top-K recommendations for a list of users: row-major users × k, item -1 where fewer than k exist. */
export interface Recommendations {
  users: Int32Array;
  k: number;
  items: Int32Array;
  scores: Float32Array;
}

/** One rating of someone who is not in the training data: dense item index and rating (data's scale). */
export interface RatedItem {
  item: number;
  rating: number;
}

/** Top-k for a row of ratings (recommendForRatings): best first, with the rated item that explains each. */
export interface RatingsRecommendations {
  /** Dense item indices, best first (at most k; rated items excluded). */
  items: Int32Array;
  /** The model's output score of each item. */
  scores: Float32Array;
  /** Per item, the rated item (dense index) with the highest co-occurrence cosine × rating (itemSimilarity.ts). */
  because: Int32Array;
}

/** A snapshot of everything needed to resume or restore a model without retraining. */
export interface ModelSnapshot {
  config: RunConfig;
  /** Finished epochs. */
  epoch: number;
  /** Weight and optimiser-state arrays by name, with shapes. */
  tensors: { name: string; shape: number[]; data: Float32Array }[];
  /** Items the model was trained for (dense index count). */
  items: number;
}

export interface TrainerEngine {
  /** Selects and initialises the backend (auto: the first usable in BACKEND_ORDER, skipping software GPUs). */
  init(choice: BackendChoice): Promise<BackendInfo>;
  /** Uploads the split once; builds the model from config (seeded). Replaces any previous model. */
  load(split: DatasetSplit, config: RunConfig): Promise<void>;
  /** Most-popular reference metrics on the test set (computed once per load). */
  baseline(): Promise<RankingMetrics>;
  /** Trains from the last finished epoch until config.model.epochs, stop() or failure. */
  train(events: TrainEvents): Promise<TrainState>;
  pause(): void;
  resume(): void;
  /** Stops after the current batch; the model keeps its last finished epoch. */
  stop(): void;
  /**
   * Top-k unseen items for the given dense users, from the last finished epoch: training and validation
   * items are known interactions and never recommended (topKWithoutKnown, src/eval/metrics.ts).
   */
  recommend(users: Int32Array, k: number): Promise<Recommendations>;
  /**
   * Top-k for someone who rated these items (not a training user), without retraining: the row is
   * built like a training user's input and run through the model of the last finished epoch; the
   * rated items are excluded. Each item comes with the rated item that explains it.
   */
  recommendForRatings(ratings: RatedItem[], k: number): Promise<RatingsRecommendations>;
  /** Copies weights + optimiser state to the CPU. */
  snapshot(): Promise<ModelSnapshot>;
  /** Restores a snapshot (same item count) without retraining. */
  restore(snapshot: ModelSnapshot): Promise<void>;
  /** Number of live tensors (tf.memory().numTensors), for leak checks. */
  numTensors(): Promise<number>;
  /** Releases every tensor. */
  dispose(): Promise<void>;
}
