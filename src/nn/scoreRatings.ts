/**
 * Scores for a rating row that is not in the training data (a new user rating a few movies): the
 * autoencoder maps any input row to item scores, so no retraining is needed. Host-side float64
 * forward pass over a snapshot's weights (one row: a few million multiply-adds at most).
 */
import type { ModelConfig } from '../engine/config';
import type { RatedItem } from '../engine/engine';
import { inputValue } from './batching';
import { activateHost } from './activations';
import type { HostTensor } from './layers';

/**
 * The model's input row for these ratings, built exactly like a training user's row (inputValue):
 * the rated items and their input values (minmax-scaled ratings, or 1/√n for binary-l2).
 */
export function ratingsInput(
  ratings: readonly RatedItem[],
  model: ModelConfig,
  scale: { min: number; max: number },
): { items: Int32Array; values: Float64Array } {
  const items = Int32Array.from(ratings, (r) => r.item);
  const values = Float64Array.from(ratings, (r) => inputValue(r.rating, ratings.length, model, scale));
  return { items, values };
}

/**
 * Forward pass of one sparse input row: Z_l = A_{l−1}·W_l + b_l, A_l = act_l(Z_l), with the first
 * layer summed over the rated items only (W_l row-major [in, out], as in layers.ts).
 * @param tensors W1, b1, W2, b2, … by name (a ModelSnapshot's tensors)
 * @returns the output activations, one score per item (length = the output layer's width)
 */
export function forwardRow(
  tensors: readonly HostTensor[],
  model: ModelConfig,
  input: { items: Int32Array; values: Float64Array },
): Float64Array {
  const byName = new Map(tensors.map((t) => [t.name, t]));
  const layers = model.hidden.length + 1;
  let a: Float64Array | null = null;
  for (let l = 1; l <= layers; l++) {
    const w = byName.get(`W${l}`);
    const b = byName.get(`b${l}`);
    if (!w || !b) throw new Error(`the model has no W${l} / b${l}`);
    const [fanIn, fanOut] = w.shape;
    const z = Float64Array.from(b.data);
    if (a === null) {
      for (let e = 0; e < input.items.length; e++) {
        const item = input.items[e];
        if (!(item >= 0 && item < fanIn)) throw new Error(`item ${item} is out of range [0, ${fanIn})`);
        const v = input.values[e];
        const row = item * fanOut;
        for (let j = 0; j < fanOut; j++) z[j] += v * w.data[row + j];
      }
    } else {
      for (let i = 0; i < fanIn; i++) {
        const v = a[i];
        if (v === 0) continue;
        const row = i * fanOut;
        for (let j = 0; j < fanOut; j++) z[j] += v * w.data[row + j];
      }
    }
    const act = model.activations[l - 1];
    for (let j = 0; j < fanOut; j++) z[j] = activateHost(z[j], act);
    a = z;
  }
  return a!;
}

/**
 * The k highest scores, excluding some items; ties go to the lower item index.
 * @returns items and scores, best first (fewer than k when fewer items are left)
 */
export function topKExcluding(scores: Float64Array, exclude: ReadonlySet<number>, k: number): { items: Int32Array; scores: Float32Array } {
  const cand: number[] = [];
  for (let i = 0; i < scores.length; i++) if (!exclude.has(i)) cand.push(i);
  cand.sort((x, y) => scores[y] - scores[x] || x - y);
  const top = cand.slice(0, k);
  return { items: Int32Array.from(top), scores: Float32Array.from(top, (i) => scores[i]) };
}
