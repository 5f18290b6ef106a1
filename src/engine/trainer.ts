/**
 * One training epoch of the fast path: np.array_split batches (optionally a seeded per-epoch user
 * permutation), seeded input dropout, one Network.trainStep per batch, an event-loop yield between
 * batches (so pause/stop messages reach a worker), and a single loss read-back at the end.
 */
import { Rng } from '../data/rng';
import { arraySplitOffsets, dropoutMask, epochUserOrder, STREAM_DROPOUT, streamSeed } from '../nn/batching';
import type { TrainingData, UserSet } from '../nn/deviceData';
import type { Network } from '../nn/network';

export interface EpochHooks {
  /** After each batch: batches done, batches total. */
  onBatch?(done: number, total: number): void;
  /** Awaited before every batch, after an event-loop yield (pause lives here); return false to abandon the epoch. */
  between?(): Promise<boolean>;
}

export interface EpochResult {
  /** Mean batch loss (NaN when abandoned). */
  loss: number;
  batches: number;
  /** False when `between` stopped the epoch early (then `batches` were applied). */
  completed: boolean;
}

let channel: MessageChannel | undefined;
const waiting: (() => void)[] = [];

/**
 * Yields to the event loop with a macrotask, so queued worker messages (pause, stop) run first.
 * Not setTimeout(0): Node delays it ≥ 1 ms and browsers clamp nested timeouts to 4 ms, which would
 * cost ~0.1 s per ML-1M epoch. Node: setImmediate; browsers/workers: a MessageChannel round trip.
 */
export function yieldToEventLoop(): Promise<void> {
  const g = globalThis as { setImmediate?: (f: () => void) => void };
  if (typeof g.setImmediate === 'function') return new Promise((resolve) => g.setImmediate!(resolve));
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0));
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => waiting.shift()?.();
  }
  return new Promise((resolve) => {
    waiting.push(resolve);
    channel!.port2.postMessage(0);
  });
}

/** Users of batch b of an epoch (a contiguous range when not shuffled). */
export function batchUsers(offsets: Int32Array, order: Int32Array | null, b: number): UserSet {
  return order ? order.subarray(offsets[b], offsets[b + 1]) : { start: offsets[b], end: offsets[b + 1] };
}

/** Training entries of a user set (for sizing dropout masks). */
export function entryCount(data: TrainingData, users: UserSet): number {
  const p = data.train.rowPtr;
  if (!(users instanceof Int32Array)) return p[users.end] - p[users.start];
  let n = 0;
  for (const u of users) n += p[u + 1] - p[u];
  return n;
}

/**
 * Trains one epoch (0-based `epoch`, which seeds shuffling and dropout).
 * A partial epoch's updates stay in the network; the caller rolls back if it needs to.
 */
export async function trainEpoch(net: Network, data: TrainingData, epoch: number, hooks: EpochHooks = {}): Promise<EpochResult> {
  const model = net.model;
  const users = data.train.rows;
  const offsets = arraySplitOffsets(users, model.batchSize);
  const order = epochUserOrder(users, model, epoch);
  const dropRng = model.dropout > 0 ? new Rng(streamSeed(model.seed, STREAM_DROPOUT, epoch)) : null;
  const total = offsets.length - 1;
  for (let b = 0; b < total; b++) {
    await yieldToEventLoop();
    if (hooks.between && !(await hooks.between())) {
      await net.takeLossSum();
      return { loss: NaN, batches: b, completed: false };
    }
    const u = batchUsers(offsets, order, b);
    const mask = dropRng ? dropoutMask(dropRng, entryCount(data, u), model.dropout) : null;
    net.trainStep(data, u, mask);
    hooks.onBatch?.(b + 1, total);
  }
  const sum = await net.takeLossSum();
  return { loss: sum / total, batches: total, completed: true };
}
