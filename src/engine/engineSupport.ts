/**
 * InProcessEngine helpers: the per-backend kernel strategy, failure messages, snapshot copies, the
 * WebGPU buffer limit and the argument checks of recommend() / recommendForRatings().
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BatchBuild } from '../nn/deviceData';
import type { ModelSnapshot, RatedItem } from './engine';
import { hasHostKernels } from '../kernels/host/hostKernels';
import type { FirstLayerMode, StepStrategy } from '../nn/strategy';

/**
 * Tuning knobs; 'auto' picks per backend from measurements at ML-1M size: WASM and CPU use the sparse
 * first layer, sparse MSE target and top-K through the host kernels (hostKernels.ts) plus explicit
 * transposes; GPUs use dense products (cheap there, and deterministic, unlike atomic scatters) and
 * tf.topk; WebGL fills dense batches on the host.
 */
export interface EngineOptions {
  firstLayer?: 'auto' | FirstLayerMode;
  /** 'host' fills dense batches on the CPU (auto for WebGL, whose ScatterNd is O(outputs × updates)). */
  batchBuild?: 'auto' | BatchBuild;
  /** Top-K with the RecsysTopKUnseen host kernel instead of tf.topk (auto: WASM and CPU). */
  hostTopK?: 'auto' | boolean;
  /** Large products with small right operands and explicit transposes (auto: WASM, where XNNPACK repacks the right operand per call, and CPU). */
  explicitTranspose?: 'auto' | boolean;
  /** WebGPU: fused training and evaluation programs (webgpuFused.ts) where the model allows (auto: on). */
  fusedGpu?: 'auto' | boolean;
  /** Users per recommend() chunk (default: the batch size); evaluation uses the uploaded batch layout. */
  evalChunk?: number;
}

/** The concrete choices for the active backend: the model's kernel strategy and how batches are built. */
export interface ResolvedOptions {
  strategy: StepStrategy;
  batchBuild: BatchBuild;
}

/** Resolves 'auto' options for a backend name (call after the backend is active, once per model). */
export function resolveOptions(o: EngineOptions, backend: string): ResolvedOptions {
  const onHost = backend === 'wasm' || backend === 'cpu';
  const firstLayer = o.firstLayer && o.firstLayer !== 'auto' ? o.firstLayer : hasHostKernels() ? 'sparse' : 'dense';
  const explicitTranspose = o.explicitTranspose === undefined || o.explicitTranspose === 'auto' ? onHost : o.explicitTranspose;
  const batchBuild = o.batchBuild && o.batchBuild !== 'auto' ? o.batchBuild : backend === 'webgl' ? 'host' : 'device';
  const hostTopK = o.hostTopK === undefined || o.hostTopK === 'auto' ? onHost : o.hostTopK;
  const fused = backend === 'webgpu' && o.fusedGpu !== false;
  return { strategy: { firstLayer, explicitTranspose, fused, hostTopK }, batchBuild };
}

/** A readable message for a training failure, with a hint for the usual causes. */
export function describeFailure(e: unknown, backend: string): string {
  const msg = e instanceof Error ? e.message : String(e);
  if (/out of memory|OOM|allocat|memory access out of bounds|Aborted/i.test(msg))
    return `${backend}: out of memory (${msg}) — try a smaller batch size or another backend`;
  if (/lost|destroyed/i.test(msg)) return `${backend}: GPU device lost (${msg}) — continue on another backend`;
  return `${backend}: ${msg}`;
}

/** A deep copy (the worker transfers snapshot buffers, which detaches them). */
export function cloneSnapshot(s: ModelSnapshot): ModelSnapshot {
  return {
    ...s,
    config: structuredClone(s.config),
    tensors: s.tensors.map((t) => ({ name: t.name, shape: [...t.shape], data: t.data.slice() })),
  };
}

/** The active WebGPU device's largest storage buffer binding, bytes; undefined on other backends. */
export function maxStorageBuffer(): number | undefined {
  try {
    const device = (tf.backend() as { device?: { limits?: { maxStorageBufferBindingSize?: number } } } | undefined)?.device;
    const n = device?.limits?.maxStorageBufferBindingSize;
    return typeof n === 'number' && n > 0 ? n : undefined;
  } catch {
    return undefined; // no backend yet
  }
}

/** Throws unless `k` (items per list) is a positive integer. */
export function assertValidK(k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new Error('k must be a positive integer');
}

/** Throws unless every user index is in [0, rows). */
export function assertUsersInRange(users: Int32Array, rows: number): void {
  for (const u of users) if (!(u >= 0 && u < rows)) throw new Error(`user ${u} is out of range [0, ${rows})`);
}

/**
 * The rated item indices of recommendForRatings(); throws unless there is at least one rating, every
 * item is an integer in [0, items), every rating is finite and no item is rated twice.
 */
export function ratedItems(ratings: RatedItem[], items: number): Set<number> {
  if (ratings.length === 0) throw new Error('rate at least one item');
  const seen = new Set<number>();
  for (const r of ratings) {
    if (!(Number.isInteger(r.item) && r.item >= 0 && r.item < items)) throw new Error(`item ${r.item} is out of range [0, ${items})`);
    if (!Number.isFinite(r.rating)) throw new Error(`rating of item ${r.item} is not a number`);
    if (seen.has(r.item)) throw new Error(`item ${r.item} is rated twice`);
    seen.add(r.item);
  }
  return seen;
}
