/**
 * The dense model on the active backend, for InProcessEngine: the Network, its uploaded TrainingData
 * and, while training, a frozen device copy of θ at the last finished epoch; ranking and the per-epoch
 * test / validation metrics on top of them.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { DatasetSplit } from '../data/types';
import { dropKnownItems, firstColumns, maxRowLength, rankingMetrics } from '../eval/metrics';
import { fusedUnsupported } from '../kernels/webgpu/webgpuFused';
import { inputValues, targetValues } from '../nn/batching';
import { TrainingData, type UserSet } from '../nn/deviceData';
import { evalChunks, topKUnseen, type TopKResult } from '../nn/evaluate';
import type { HostTensor } from '../nn/layers';
import { Network } from '../nn/network';
import type { ModelConfig, RunConfig } from './config';
import type { RankingMetrics } from './engine';
import { resolveOptions, type EngineOptions } from './engineSupport';

/** Network + TrainingData of one dense model on one backend; dispose() releases both. */
export class DeviceModel {
  readonly data: TrainingData;
  readonly net: Network;
  /**
   * While training: device copy of θ at the last finished epoch (what recommend() scores with);
   * replaced at each epoch end by freeze(), released by unfreeze(). Undefined otherwise (θ is that epoch).
   */
  private frozenTheta?: tf.Tensor1D;
  /** Users per ranking chunk (EngineOptions.evalChunk), undefined for the model's batch size. */
  private readonly evalChunk?: number;

  /**
   * Uploads the split's training data and the model's weights, with `backend`'s kernel strategy
   * (resolveOptions). If the Network cannot be built, the uploaded data is released and the error rethrown.
   * @param tensors weights, biases and optionally optimiser state by name (a snapshot's tensors).
   * @param backend the active backend's name (call after selecting it).
   */
  constructor(split: DatasetSplit, model: ModelConfig, tensors: HostTensor[], options: EngineOptions, backend: string) {
    const inputs = inputValues(split, model);
    const { strategy, batchBuild } = resolveOptions(options, backend);
    const fusedTraining = strategy.fused === true && fusedUnsupported(model) === null;
    this.data = new TrainingData(split.train, inputs, targetValues(inputs, model), batchBuild, model.batchSize, !fusedTraining);
    try {
      this.net = new Network(model, split.train.cols, tensors, strategy);
    } catch (e) {
      release(this.data);
      throw e;
    }
    this.evalChunk = options.evalChunk;
  }

  /** The device copy of θ at the last finished epoch while training (see freeze()), else undefined. */
  get frozen(): tf.Tensor1D | undefined {
    return this.frozenTheta;
  }

  /** Replaces the device copy of θ with the current weights (an epoch boundary). */
  freeze(): void {
    this.unfreeze();
    this.frozenTheta = this.net.copyTheta();
  }

  /** Releases the frozen copy of θ, if any. */
  unfreeze(): void {
    release(this.frozenTheta);
    this.frozenTheta = undefined;
  }

  /**
   * Top `k` unseen items (training items excluded) for `users`, in chunks of evalChunk users (default:
   * the batch size): users × k item indices and scores, row-major, best first.
   * @param theta weights to score with instead of the live θ (the frozen copy while training).
   */
  topK(users: UserSet, k: number, model: ModelConfig, theta?: tf.Tensor1D): Promise<TopKResult> {
    const chunks = evalChunks(this.data, users, this.evalChunk ?? model.batchSize);
    return topKUnseen(this.net, this.data, chunks, k, model.activations[model.activations.length - 1], theta);
  }

  /**
   * Test and validation metrics at config.k of the current weights. Validation lists exclude the training
   * items; test lists also exclude the validation items (known interactions, like the training ones): the
   * top k + (largest validation row) unseen items are ranked once and filtered per user.
   */
  async evaluate(
    split: DatasetSplit,
    config: RunConfig,
    hasValidation: boolean,
  ): Promise<{ test: RankingMetrics; validation?: RankingMetrics }> {
    const n = split.train.rows,
      k = config.k;
    const users = Int32Array.from({ length: n }, (_, i) => i);
    const width = hasValidation ? k + maxRowLength(split.validation) : k;
    const { items } = await this.topK({ start: 0, end: n }, width, config.model);
    const testLists = hasValidation ? dropKnownItems(items, users, width, split.validation, k).items : items;
    const test = rankingMetrics(testLists, users, k, split.test, config.threshold, split.train.cols);
    const validation = hasValidation
      ? rankingMetrics(firstColumns(items, n, width, k), users, k, split.validation, config.threshold, split.train.cols)
      : undefined;
    return { test, validation };
  }

  /** Releases the frozen copy, the network and the data (each even when the device is lost). */
  dispose(): void {
    this.unfreeze();
    release(this.net);
    release(this.data);
  }
}

/** Disposes `d`; a lost device cannot free its buffers, so its error is dropped (the reference goes anyway). */
function release(d: { dispose(): void } | undefined): void {
  try {
    d?.dispose();
  } catch {
    // a lost device cannot free its buffers; drop the reference anyway
  }
}
