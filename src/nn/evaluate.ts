/**
 * Top-K recommendation in user chunks: predict on the device, exclude training items, select the
 * top k on the device and read back only k indices + scores per user. GPU backends push training
 * items to MASKED_SCORE and run tf.topk; WASM/CPU run the RecsysTopKUnseen host kernel in place (several times
 * faster than their TopK kernels).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from '../engine/config';
import type { TrainingData, UserSet } from './deviceData';
import { userCount } from './deviceData';
import { hasHostKernels, topKUnseenHost } from '../kernels/host/hostKernels';
import { activateHost, rankByLogits } from './activations';
import { isMaskedScore } from './select';
import type { Network } from './network';
import { FUSED_EVAL_CHUNK, fusedTopK, fusedTopKSupported, type FusedTopKChunk } from '../kernels/webgpu/webgpuFused';

export interface TopKResult {
  /** Row-major users × k item indices, best first; −1 where fewer than k unseen items exist. */
  items: Int32Array;
  /** Matching scores (the output activation); 0 where the item is −1. */
  scores: Float32Array;
}

/** Chunks for the fused programs: adjacent ranges merged up to FUSED_EVAL_CHUNK users, lists as they are. */
function fusedChunks(chunks: UserSet[]): FusedTopKChunk[] {
  const out: FusedTopKChunk[] = [];
  for (const c of chunks) {
    if (c instanceof Int32Array) {
      for (let i = 0; i < c.length; i += FUSED_EVAL_CHUNK) {
        const list = c.subarray(i, i + FUSED_EVAL_CHUNK);
        out.push({ list, rows: list.length });
      }
      continue;
    }
    for (let s = c.start; s < c.end; ) {
      const last = out[out.length - 1];
      if (last && !last.list && last.start! + last.rows === s && last.rows < FUSED_EVAL_CHUNK) {
        const n = Math.min(c.end - s, FUSED_EVAL_CHUNK - last.rows);
        last.rows += n;
        s += n;
      } else {
        const n = Math.min(c.end - s, FUSED_EVAL_CHUNK);
        out.push({ start: s, rows: n });
        s += n;
      }
    }
  }
  return out.filter((c) => c.rows > 0);
}

/**
 * Splits users into evaluation chunks: the data's canonical batches when `users` is all of them
 * (those entries are already on the device), else chunks of `chunk` users.
 */
export function evalChunks(data: TrainingData, users: UserSet, chunk: number): UserSet[] {
  const o = data.offsets;
  if (!(users instanceof Int32Array) && users.start === 0 && users.end === o[o.length - 1]) {
    return Array.from({ length: o.length - 1 }, (_, b) => ({ start: o[b], end: o[b + 1] }));
  }
  const n = userCount(users),
    out: UserSet[] = [];
  for (let from = 0; from < n; from += chunk) {
    const to = Math.min(n, from + chunk);
    out.push(users instanceof Int32Array ? users.subarray(from, to) : { start: users.start + from, end: users.start + to });
  }
  return out;
}

/**
 * Top-k unseen items for the users of `chunks` (in order) from the current weights (or `theta`), with
 * the kernels of the network's strategy (fused WebGPU where the model and k allow, the host top-k
 * kernel, or tf.topk).
 * @param outAct the output activation (scores are reported through it when ranking used logits).
 * @param theta score with this flat weights copy (Network.copyTheta) instead of the live weights.
 */
export async function topKUnseen(
  net: Network,
  data: TrainingData,
  chunks: UserSet[],
  k: number,
  outAct: Activation,
  theta?: tf.Tensor1D,
): Promise<TopKResult> {
  const strategy = net.strategy;
  const total = chunks.reduce((n, c) => n + userCount(c), 0);
  const I = data.items;
  const items = new Int32Array(total * k).fill(-1);
  const scores = new Float32Array(total * k);
  const logits = rankByLogits(outAct);
  const sparse = strategy.firstLayer === 'sparse';
  const kk = Math.min(k, I);
  if (strategy.fused && data.mode === 'device' && fusedTopKSupported(net.model, kk, logits)) {
    const parts = fusedChunks(chunks);
    const res = await fusedTopK(net.fusedLayout(), theta ?? net.theta, data.fusedGpu(), parts, kk);
    let row = 0;
    parts.forEach((c, p) => {
      const r = res[p];
      for (let i = 0; i < c.rows; i++, row++) {
        for (let j = 0; j < kk; j++) {
          const item = r[i * 2 * kk + j];
          if (item < 0) continue;
          items[row * k + j] = item;
          scores[row * k + j] = r[i * 2 * kk + kk + j];
        }
      }
    });
    return finishScores(items, scores, logits, outAct);
  }
  const pending: { from: number; n: number; idx: tf.Tensor; val: tf.Tensor }[] = [];
  let from = 0;
  for (const part of chunks) {
    const n = userCount(part);
    const [idx, val] = tf.tidy(() => {
      const batch = data.batch(part, null, { x: !sparse, sparse, flat: true });
      const scores = net.scores(batch, logits, theta);
      if (strategy.hostTopK && batch.flat && hasHostKernels()) {
        const r = topKUnseenHost(scores, batch.flat, kk);
        return [r.indices, r.values];
      }
      const r = tf.topk(data.maskTraining(scores, part, batch), kk);
      return [r.indices, r.values];
    });
    pending.push({ from, n, idx, val });
    from += n;
  }
  for (const p of pending) {
    const [ix, vs] = [(await p.idx.data()) as Int32Array, (await p.val.data()) as Float32Array];
    p.idx.dispose();
    p.val.dispose();
    for (let r = 0; r < p.n; r++) {
      for (let j = 0; j < kk; j++) {
        const v = vs[r * kk + j];
        if (isMaskedScore(v)) continue;
        items[(p.from + r) * k + j] = ix[r * kk + j];
        scores[(p.from + r) * k + j] = v;
      }
    }
  }
  return finishScores(items, scores, logits, outAct);
}

/** Scores through the output activation where ranking used logits; 0 where no item. */
function finishScores(items: Int32Array, scores: Float32Array, logits: boolean, outAct: Activation): TopKResult {
  for (let i = 0; i < items.length; i++) {
    scores[i] = items[i] < 0 ? 0 : logits ? activateHost(scores[i], outAct) : scores[i];
  }
  return { items, scores };
}
