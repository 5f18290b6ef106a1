/**
 * ModelSnapshot ⇄ tf.io.ModelArtifacts, so the app can save with tf.io handlers (browser download,
 * IndexedDB) and load back without retraining. modelTopology is plain JSON:
 *   { format: "recsys-trainer-autoencoder", version: 1, config: RunConfig, epoch, items }
 * weightSpecs/weightData hold every weight, bias and optimiser slot as float32, in snapshot order.
 */
import { io } from '@tensorflow/tfjs-core';
import type { RunConfig } from './config';
import type { ModelSnapshot } from './engine';

export const ARTIFACT_FORMAT = 'recsys-trainer-autoencoder';
export const ARTIFACT_VERSION = 1;

interface Topology {
  format: string;
  version: number;
  config: RunConfig;
  epoch: number;
  items: number;
}

/** Packs a snapshot (arrays are copied into one weight buffer). */
export function snapshotToArtifacts(snapshot: ModelSnapshot): io.ModelArtifacts {
  const topology: Topology = {
    format: ARTIFACT_FORMAT,
    version: ARTIFACT_VERSION,
    config: snapshot.config,
    epoch: snapshot.epoch,
    items: snapshot.items,
  };
  const total = snapshot.tensors.reduce((n, t) => n + t.data.length, 0);
  const weights = new Float32Array(total);
  let at = 0;
  const weightSpecs: io.WeightsManifestEntry[] = snapshot.tensors.map((t) => {
    const size = t.shape.reduce((a, b) => a * b, 1);
    if (size !== t.data.length) throw new Error(`tensor ${t.name}: shape [${t.shape}] does not match ${t.data.length} values`);
    weights.set(t.data, at);
    at += size;
    return { name: t.name, shape: [...t.shape], dtype: 'float32' };
  });
  return {
    modelTopology: JSON.parse(JSON.stringify(topology)) as object,
    format: ARTIFACT_FORMAT,
    generatedBy: 'recsys-trainer',
    convertedBy: null,
    weightSpecs,
    weightData: weights.buffer,
  };
}

/** Unpacks artifacts saved by snapshotToArtifacts; throws a clear Error for anything else. */
export function artifactsToSnapshot(artifacts: io.ModelArtifacts): ModelSnapshot {
  const top = artifacts.modelTopology as Partial<Topology> | undefined;
  if (!top || top instanceof ArrayBuffer || top.format !== ARTIFACT_FORMAT)
    throw new Error('not a recsys-trainer model (unknown modelTopology format)');
  if (top.version !== ARTIFACT_VERSION) throw new Error(`unsupported recsys-trainer model version ${top.version}`);
  if (!top.config?.model || !Number.isInteger(top.epoch) || !Number.isInteger(top.items))
    throw new Error('recsys-trainer model metadata is incomplete');
  const specs = artifacts.weightSpecs ?? [];
  const buffer = artifacts.weightData === undefined ? new ArrayBuffer(0) : io.CompositeArrayBuffer.join(artifacts.weightData);
  let offset = 0;
  const tensors = specs.map((s) => {
    if (s.dtype !== 'float32' || s.quantization) throw new Error(`weight ${s.name}: only unquantised float32 is supported`);
    const size = s.shape.reduce((a, b) => a * b, 1);
    if (offset + size * 4 > buffer.byteLength) throw new Error(`weight data too short for ${s.name}`);
    const data = new Float32Array(buffer.slice(offset, offset + size * 4));
    offset += size * 4;
    return { name: s.name, shape: [...s.shape], data };
  });
  // Models saved before the linear kind existed are dense ones.
  const saved: Partial<RunConfig['model']> = top.config.model;
  const model = { ...top.config.model, kind: saved.kind ?? 'dense', lambda: saved.lambda ?? 'auto', p: saved.p ?? 'auto' };
  return { config: { ...top.config, model }, epoch: top.epoch!, items: top.items!, tensors };
}
