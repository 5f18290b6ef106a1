/**
 * WorkerEngine: a TrainerEngine that forwards every call to an InProcessEngine running in a
 * module worker (train.worker.ts). Events are streamed back; the latest epoch snapshot is kept
 * on this side so a crashed worker loses nothing but the epoch in progress.
 */
import type { DatasetSplit } from '../data/types';
import type { RunConfig } from '../engine/config';
import type {
  BackendChoice,
  BackendInfo,
  ModelSnapshot,
  RankingMetrics,
  RatedItem,
  RatingsRecommendations,
  Recommendations,
  TrainerEngine,
  TrainEvents,
  TrainState,
} from '../engine/engine';
import type { TrainApi, TrainEvent } from './protocol';
import { RpcClient, type WorkerLike } from './rpc';

/** Options of a WorkerEngine. */
export interface WorkerEngineOptions {
  /** Take a snapshot after every finished epoch (default true). */
  snapshotEachEpoch?: boolean;
  /** Called when the worker crashes (after pending calls were rejected). */
  onCrash?: (e: Error) => void;
  /** Called with each epoch's snapshot and live tensor count. */
  onSnapshot?: (s: ModelSnapshot, numTensors: number | null) => void;
  /** Supplies the worker (tests); defaults to a new train.worker.ts module worker. */
  createWorker?: () => WorkerLike;
}

/** Creates the training module worker. */
export function createTrainWorker(): Worker {
  return new Worker(new URL('./train.worker.ts', import.meta.url), { type: 'module', name: 'train' });
}

/** TrainerEngine proxy to a training worker. */
export class WorkerEngine implements TrainerEngine {
  private readonly rpc: RpcClient<TrainApi, TrainEvent>;
  private events: TrainEvents | null = null;
  private readonly snapshotEachEpoch: boolean;
  /** Snapshot of the last finished epoch (or the last one restored / fetched). */
  lastSnapshot: ModelSnapshot | null = null;
  /** Live tensors in the worker after the last epoch. */
  lastNumTensors: number | null = null;

  constructor(private readonly opts: WorkerEngineOptions = {}) {
    this.snapshotEachEpoch = opts.snapshotEachEpoch ?? true;
    const worker = opts.createWorker?.() ?? createTrainWorker();
    this.rpc = new RpcClient<TrainApi, TrainEvent>(
      worker,
      (e) => this.onEvent(e),
      (e) => this.onCrashed(e),
    );
  }

  /** The crash error once the worker has died, else null. */
  get crashed(): Error | null {
    return this.rpc.crashed;
  }

  init(choice: BackendChoice): Promise<BackendInfo> {
    return this.rpc.request('init', { choice });
  }

  /** Sends a copy of the split (the caller keeps its arrays). */
  async load(split: DatasetSplit, config: RunConfig): Promise<void> {
    this.lastSnapshot = null;
    await this.rpc.request('load', { split, config });
  }

  baseline(): Promise<RankingMetrics> {
    return this.rpc.request('baseline', {});
  }

  async train(events: TrainEvents): Promise<TrainState> {
    this.events = events;
    try {
      return await this.rpc.request('train', { snapshotEachEpoch: this.snapshotEachEpoch });
    } finally {
      this.events = null;
    }
  }

  pause(): void {
    this.fire(this.rpc.request('pause', {}));
  }

  resume(): void {
    this.fire(this.rpc.request('resume', {}));
  }

  stop(): void {
    this.fire(this.rpc.request('stop', {}));
  }

  recommend(users: Int32Array, k: number): Promise<Recommendations> {
    return this.rpc.request('recommend', { users, k });
  }

  recommendForRatings(ratings: RatedItem[], k: number): Promise<RatingsRecommendations> {
    return this.rpc.request('recommendForRatings', { ratings, k });
  }

  async snapshot(): Promise<ModelSnapshot> {
    const s = await this.rpc.request('snapshot', {});
    this.lastSnapshot = s;
    return s;
  }

  /** Sends a copy of the snapshot (the caller keeps it). */
  async restore(snapshot: ModelSnapshot): Promise<void> {
    await this.rpc.request('restore', { snapshot });
    this.lastSnapshot = snapshot;
  }

  numTensors(): Promise<number> {
    return this.rpc.request('numTensors', {});
  }

  /** Releases the tensors and terminates the worker. */
  async dispose(): Promise<void> {
    try {
      if (!this.crashed) await this.rpc.request('dispose', {});
    } finally {
      this.rpc.terminate();
    }
  }

  /** Terminates the worker at once (no graceful dispose). */
  terminate(): void {
    this.rpc.terminate();
  }

  /** Test hook: makes the worker die with an uncaught error. */
  simulateCrash(): void {
    this.fire(this.rpc.request('crash', {}));
  }

  private fire(p: Promise<unknown>): void {
    p.catch(() => undefined);
  }

  private onEvent(e: TrainEvent): void {
    switch (e.kind) {
      case 'epoch':
        if (e.snapshot) {
          this.lastSnapshot = e.snapshot;
          this.opts.onSnapshot?.(e.snapshot, e.numTensors);
        }
        if (e.numTensors !== null) this.lastNumTensors = e.numTensors;
        this.events?.onEpoch?.(e.report);
        break;
      case 'batch':
        this.events?.onBatch?.(e.epoch, e.done, e.total);
        break;
      case 'state':
        this.events?.onState?.(e.state, e.message);
        break;
    }
  }

  private onCrashed(e: Error): void {
    this.events?.onState?.('failed', e.message);
    this.opts.onCrash?.(e);
  }
}
