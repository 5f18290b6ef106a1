/**
 * The in-process TrainerEngine (Node tests, CLI, and inside the training worker).
 *
 * Keeps the split and, after every finished epoch, a host copy of weights + optimiser state, so
 * stop() rolls back to the last finished epoch and a failure (device lost, OOM, kernel error) can
 * continue on another backend: init(other) re-uploads the data and restores that copy.
 * While train() runs it also keeps a device copy of the weights at the last finished epoch, so
 * recommend() answers from that epoch rather than from mid-epoch weights (running or paused).
 * tfjs's active backend is process-global: run one engine per worker / process at a time.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DatasetSplit } from '../data/types';
import { popularityLists, rankingMetrics, topKWithoutKnown } from '../eval/metrics';
import { selectBackend, type BackendProbes } from '../backends/backend';
import { assertValidRunConfig, type RunConfig } from './config';
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
} from './engine';
import {
  assertUsersInRange,
  assertValidK,
  cloneSnapshot,
  describeFailure,
  maxStorageBuffer,
  ratedItems,
  type EngineOptions,
} from './engineSupport';
import { DeviceModel } from './deviceModel';
import { EarlyStopping } from './earlyStopping';
import { PauseGate } from './pauseGate';
import { forwardRow, ratingsInput, topKExcluding } from '../nn/scoreRatings';
import { explainRecommendations } from '../eval/itemSimilarity';
import { initParams } from '../nn/layers';
import type { Network } from '../nn/network';
import { trainEpoch } from './trainer';
import { LinearEngine } from './linearEngine';

export { artifactsToSnapshot, snapshotToArtifacts } from './serialize';
export type { EngineOptions } from './engineSupport';

type ProbeSource = BackendProbes | (() => BackendProbes | Promise<BackendProbes>);

export class InProcessEngine implements TrainerEngine {
  private info?: BackendInfo;
  private split?: DatasetSplit;
  private config?: RunConfig;
  /** The dense model on the active backend; while train() runs, also the frozen θ recommend() scores with. */
  private device?: DeviceModel;
  /** Finished epochs of the model on the device. */
  private epoch = 0;
  /** Host copy at the last finished epoch. */
  private last?: ModelSnapshot;
  private readonly early = new EarlyStopping();
  private baselineCache?: RankingMetrics;
  private running = false;
  private readonly gate = new PauseGate();
  private events: TrainEvents = {};
  /** The running train() loop, so dispose() can wait for it. */
  private loop?: Promise<TrainState>;
  /** The linear model kind's state (config.model.kind 'linear'); the dense fields above stay unused. */
  private linear?: LinearEngine;

  constructor(
    private readonly probes: ProbeSource,
    private readonly options: EngineOptions = {},
  ) {}

  async init(choice: BackendChoice): Promise<BackendInfo> {
    if (this.running) throw new Error('cannot change backend while training');
    const probes = typeof this.probes === 'function' ? await this.probes() : this.probes;
    this.releaseDevice();
    this.info = await selectBackend(choice, probes);
    const maxBufferBytes = maxStorageBuffer();
    if (maxBufferBytes !== undefined) this.info = { ...this.info, maxBufferBytes };
    if (this.split && this.config && this.last && !this.linear) this.buildDevice(this.last);
    return this.info;
  }

  async load(split: DatasetSplit, config: RunConfig): Promise<void> {
    if (this.running) throw new Error('cannot load while training');
    assertValidRunConfig(config, { users: split.train.rows, items: split.train.cols, maxBufferBytes: this.info?.maxBufferBytes });
    if (split.train.cols !== split.test.cols || split.train.rows !== split.test.rows) throw new Error('train and test shapes differ');
    if (!this.info) await this.init(config.backend);
    this.releaseDevice();
    this.split = split;
    this.config = structuredClone(config);
    this.epoch = 0;
    this.early.reset();
    this.baselineCache = undefined;
    this.linear = config.model.kind === 'linear' ? new LinearEngine(split, this.config) : undefined;
    if (this.linear) {
      this.last = undefined;
      return;
    }
    const tensors = initParams(split.train.cols, config.model);
    this.buildDevice({ config: this.config, epoch: 0, items: split.train.cols, tensors });
    this.last = await this.readSnapshot();
  }

  async baseline(): Promise<RankingMetrics> {
    const { split, config } = this.loaded();
    if (!this.baselineCache) {
      const users = Int32Array.from({ length: split.train.rows }, (_, i) => i);
      const top = await topKWithoutKnown((width) => popularityLists(split.train, users, width), users, config.k, split.validation);
      this.baselineCache = rankingMetrics(top.items, users, config.k, split.test, config.threshold, split.train.cols);
    }
    return { ...this.baselineCache };
  }

  async train(events: TrainEvents): Promise<TrainState> {
    this.loaded();
    if (this.running) throw new Error('already training');
    this.running = true;
    this.loop = this.linear ? this.runLinear(events) : this.runLoop(events);
    return this.loop;
  }

  private async runLinear(events: TrainEvents): Promise<TrainState> {
    this.events = events;
    try {
      const { state, message } = await this.linear!.train(events, (s) => this.setState(s));
      return this.finish(state, message);
    } catch (e) {
      return this.finish('failed', describeFailure(e, this.info?.name ?? 'backend'));
    }
  }

  private async runLoop(events: TrainEvents): Promise<TrainState> {
    const split = this.split!,
      config = this.config!;
    this.events = events;
    this.gate.reset();
    const m = config.model;
    const hasValidation = split.validation.rowPtr[split.validation.rows] > 0;
    this.setState('running');
    try {
      const device = this.device!;
      device.freeze();
      while (this.epoch < m.epochs) {
        const t0 = performance.now();
        const r = await trainEpoch(device.net, device.data, this.epoch, {
          onBatch: (done, total) => events.onBatch?.(this.epoch + 1, done, total),
          between: () => this.gate.wait((s) => this.setState(s)),
        });
        if (!r.completed) {
          device.net.write(this.last!.tensors); // roll back the partial epoch
          return this.finish('stopped');
        }
        const trainMs = performance.now() - t0;
        const t1 = performance.now();
        const { test, validation } = await device.evaluate(split, config, hasValidation);
        const evalMs = performance.now() - t1;
        this.epoch++;
        device.freeze();
        this.last = await this.readSnapshot();
        const numTensors = tf.memory().numTensors; // at the boundary: read later, it would count mid-epoch tensors
        const kernels = device.net.lastStepKernels;
        events.onEpoch?.({ epoch: this.epoch, loss: r.loss, test, validation, trainMs, evalMs, numTensors, kernels });
        if (m.patience > 0 && validation && this.early.observe(validation.precision, this.last, m.patience)) break;
        if (this.gate.stopping) return this.finish('stopped');
      }
      let message: string | undefined;
      const best = m.patience > 0 ? this.early.bestUnless(this.epoch) : undefined;
      if (best) {
        await this.restoreSnapshot(best.snapshot);
        message = `early stopping: restored epoch ${best.snapshot.epoch} (best validation P@${config.k} ${best.score.toFixed(4)})`;
      }
      return this.finish('done', message);
    } catch (e) {
      try {
        this.net?.write(this.last!.tensors); // back to the last finished epoch when the device still works
      } catch {
        // the device is gone: init() another backend, which restores the host copy
      }
      return this.finish('failed', describeFailure(e, this.info?.name ?? 'backend'));
    }
  }

  pause(): void {
    this.gate.pause();
    this.linear?.pause();
  }

  resume(): void {
    this.gate.resume();
    this.linear?.resume();
  }

  stop(): void {
    this.gate.stop();
    this.linear?.stop();
  }

  async recommend(users: Int32Array, k: number): Promise<Recommendations> {
    const { config } = this.loaded();
    assertValidK(k);
    assertUsersInRange(users, this.split!.train.rows);
    const linear = this.linear;
    // While training, score with the copy from the last finished epoch, not the live weights.
    const rank = (width: number) =>
      linear ? linear.recommend(users, width) : this.device!.topK(users, width, config.model, this.device!.frozen);
    const r = await topKWithoutKnown(rank, users, k, this.split!.validation);
    return { users: users.slice(), k, items: r.items, scores: r.scores };
  }

  async recommendForRatings(ratings: RatedItem[], k: number): Promise<RatingsRecommendations> {
    const { split } = this.loaded();
    assertValidK(k);
    const seen = ratedItems(ratings, split.train.cols);
    let scores: Float64Array;
    if (this.linear) {
      scores = Float64Array.from(this.linear.scoreItems(ratings.map((r) => r.item))); // binary input: rated = 1
    } else {
      // The host copy of the last finished epoch: the same weights recommend() uses while training.
      const { config, tensors } = this.last!;
      scores = forwardRow(tensors, config.model, ratingsInput(ratings, config.model, split.scale));
    }
    const top = topKExcluding(scores, seen, k);
    return { ...top, because: explainRecommendations(split.train, ratings, top.items) };
  }

  async snapshot(): Promise<ModelSnapshot> {
    if (this.linear) return this.linear.snapshot();
    if (!this.last) throw new Error('no model loaded');
    return cloneSnapshot(this.last);
  }

  async restore(snapshot: ModelSnapshot): Promise<void> {
    if (this.running) throw new Error('cannot restore while training');
    const { split } = this.loaded();
    if (snapshot.items !== split.train.cols)
      throw new Error(`snapshot is for ${snapshot.items} items, the loaded data has ${split.train.cols}`);
    assertValidRunConfig(snapshot.config);
    if (snapshot.config.model.kind === 'linear') {
      const linear = new LinearEngine(split, structuredClone(snapshot.config));
      await linear.restore(snapshot); // the current model stays if this throws
      this.releaseDevice();
      this.linear = linear;
      this.config = structuredClone(snapshot.config);
    } else if (this.linear) {
      this.config = structuredClone(snapshot.config);
      this.buildDevice(cloneSnapshot(snapshot));
      this.last = cloneSnapshot(snapshot);
      this.linear = undefined;
    } else await this.restoreSnapshot(cloneSnapshot(snapshot));
    this.early.reset();
  }

  async numTensors(): Promise<number> {
    return tf.memory().numTensors;
  }

  async dispose(): Promise<void> {
    if (this.running) {
      this.stop();
      await this.loop;
    }
    this.releaseDevice();
    this.split = this.config = this.last = this.linear = undefined;
    this.early.reset();
    this.baselineCache = undefined;
    this.epoch = 0;
  }

  private loaded(): { split: DatasetSplit; config: RunConfig } {
    if (!this.split || !this.config) throw new Error('no dataset loaded: call load() first');
    if (!this.linear && !this.device) throw new Error('the model is not on a device (after a failure, call init() with another backend)');
    return { split: this.split, config: this.config };
  }

  /** Builds the model and its data on the active backend, with that backend's kernel strategy. */
  private buildDevice(snapshot: ModelSnapshot): void {
    this.releaseDevice();
    const backend = tf.getBackend() ?? this.info?.name ?? 'cpu';
    this.device = new DeviceModel(this.split!, snapshot.config.model, snapshot.tensors, this.options, backend);
    this.epoch = snapshot.epoch;
  }

  private async restoreSnapshot(s: ModelSnapshot): Promise<void> {
    const sameModel = JSON.stringify(s.config.model) === JSON.stringify(this.config!.model);
    this.config = { ...this.config!, model: structuredClone(s.config.model) };
    if (sameModel && this.net) {
      this.net.write(s.tensors);
      this.epoch = s.epoch;
    } else {
      this.buildDevice(s);
    }
    this.last = s;
  }

  /** The dense model's Network on the device, if any. */
  private get net(): Network | undefined {
    return this.device?.net;
  }

  private releaseDevice(): void {
    this.device?.dispose();
    this.device = undefined;
  }

  private async readSnapshot(): Promise<ModelSnapshot> {
    return {
      config: structuredClone(this.config!),
      epoch: this.epoch,
      items: this.split!.train.cols,
      tensors: await this.net!.read(),
    };
  }

  private finish(state: TrainState, message?: string): TrainState {
    this.device?.unfreeze();
    this.running = false;
    this.setState(state, message);
    return state;
  }

  private setState(state: TrainState, message?: string): void {
    this.events.onState?.(state, message);
  }
}
