/**
 * Test helpers: run the fast path for a few epochs on the current backend and return its losses and
 * weights (same shape as the reference result), and compare arrays within a tolerance.
 */
import type { DatasetSplit } from '../src/data/types';
import { inputValues, targetValues } from '../src/nn/batching';
import type { ModelConfig } from '../src/engine/config';
import { TrainingData, type BatchBuild } from '../src/nn/deviceData';
import { initParams, type HostTensor } from '../src/nn/layers';
import { Network } from '../src/nn/network';
import type { StepStrategy } from '../src/nn/strategy';
import { trainEpoch } from '../src/engine/trainer';

/** Trains `epochs` epochs with the fast path; returns mean epoch losses and final W/b. */
export async function fastTrain(
  split: DatasetSplit,
  model: ModelConfig,
  epochs: number,
  step: StepStrategy = { firstLayer: 'dense', explicitTranspose: false },
  mode: BatchBuild = 'device',
): Promise<{ epochLosses: number[]; params: HostTensor[] }> {
  const inputs = inputValues(split, model);
  const data = new TrainingData(split.train, inputs, targetValues(inputs, model), mode, model.batchSize);
  const net = new Network(model, split.train.cols, initParams(split.train.cols, model), step);
  const epochLosses: number[] = [];
  for (let e = 0; e < epochs; e++) epochLosses.push((await trainEpoch(net, data, e)).loss);
  const params = (await net.read()).filter((t) => !t.name.includes('/'));
  net.dispose();
  data.dispose();
  return { epochLosses, params };
}

/** Largest |a − b| / (atol + rtol·|b|) over two arrays (≤ 1 means within tolerance). */
export function maxViolation(a: ArrayLike<number>, b: ArrayLike<number>, atol: number, rtol: number): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / (atol + rtol * Math.abs(b[i])));
  return worst;
}
