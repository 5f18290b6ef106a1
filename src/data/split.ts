/**
 * Seeded (or temporal) per-user hold-out split of a RatingsDataset into train / test / validation CSR matrices,
 * min-max scaling, and iteration over a CSR in original ids (for train.tsv / test.tsv exports).
 */
import { Rng } from './rng';
import { InputError, type Csr, type DatasetSplit, type RatingsDataset, type SplitConfig } from './types';

const TRAIN = 0;
const TEST = 1;
const VALID = 2;

/**
 * Splits every user's ratings. Random (default): one `Rng(cfg.seed)` walks users in dense order and a
 * user's n entry positions are shuffled. Temporal (`method: 'time'`): a user's entries are ordered by
 * timestamp, ties by item (the dataset keeps no file order), so the test set is each user's latest
 * ratings and validation the latest of the training ones. Then, in that order, nTrain = min(n, max(1, round(n·trainRatio))) first ones go to train, the rest
 * to test; then nVal = min(nTrain−1, floor(nTrain·validationRatio)) of the train ones (the LAST nVal of
 * the shuffled train part) move to validation. So the test set does not depend on validationRatio.
 * Every output has rows = users, cols = items and ascending columns per row. `scale` = min/max of train values.
 */
export function splitDataset(ds: RatingsDataset, cfg: SplitConfig, fileName = 'ratings'): DatasetSplit {
  const { rows, cols, rowPtr, colIdx, values } = ds.ratings;
  const nnz = rowPtr[rows];
  const byTime = cfg.method === 'time';
  const ts = ds.timestamps;
  if (byTime && nnz > 0 && ts.every((t) => t === 0)) {
    throw new InputError(
      fileName,
      0,
      'the temporal split (split=time) needs timestamps, and this file has none (every rating lacks a timestamp); use the random split',
    );
  }
  const dest = new Uint8Array(nnz);
  const rng = new Rng(cfg.seed);
  let maxRow = 0;
  for (let u = 0; u < rows; u++) maxRow = Math.max(maxRow, rowPtr[u + 1] - rowPtr[u]);
  const perm = new Int32Array(maxRow);
  const counts = [new Int32Array(rows + 1), new Int32Array(rows + 1), new Int32Array(rows + 1)];
  const vr = Math.max(cfg.validationRatio, 0);
  for (let u = 0; u < rows; u++) {
    const s = rowPtr[u];
    const n = rowPtr[u + 1] - s;
    for (let k = 0; k < n; k++) perm[k] = k;
    if (byTime) perm.subarray(0, n).sort((a, b) => ts[s + a] - ts[s + b] || a - b);
    else rng.shuffle(perm, 0, n);
    const nTrain = Math.min(n, Math.max(1, Math.round(n * cfg.trainRatio)));
    const nVal = Math.min(nTrain - 1, Math.floor(nTrain * vr));
    for (let k = nTrain - nVal; k < nTrain; k++) dest[s + perm[k]] = VALID;
    for (let k = nTrain; k < n; k++) dest[s + perm[k]] = TEST;
    counts[TRAIN][u + 1] = nTrain - nVal;
    counts[VALID][u + 1] = nVal;
    counts[TEST][u + 1] = n - nTrain;
  }
  const out = counts.map((ptr) => {
    for (let u = 0; u < rows; u++) ptr[u + 1] += ptr[u];
    const m = ptr[rows];
    return { rows, cols, rowPtr: ptr, colIdx: new Int32Array(m), values: new Float32Array(m) } as Csr;
  });
  const fill = [0, 0, 0];
  for (let k = 0; k < nnz; k++) {
    const d = dest[k];
    const c = out[d];
    const j = fill[d]++;
    c.colIdx[j] = colIdx[k];
    c.values[j] = values[k];
  }
  const train = out[TRAIN];
  let min = Infinity;
  let max = -Infinity;
  for (const v of train.values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (train.values.length === 0) min = max = 0;
  return { config: { ...cfg }, train, test: out[TEST], validation: out[VALID], scale: { min, max } };
}

/** Min-max scales ratings: (r − min) / (max − min); all 1 when max == min. Returns a new array. */
export function scaleValues(values: Float32Array, scale: { min: number; max: number }): Float32Array {
  const out = new Float32Array(values.length);
  const span = scale.max - scale.min;
  if (span === 0) return out.fill(1);
  for (let k = 0; k < values.length; k++) out[k] = (values[k] - scale.min) / span;
  return out;
}

/**
 * Iterates a CSR (shaped like `ds`) as [original user id, original item id, rating],
 * users ascending, items ascending within a user.
 */
export function* csrRows(csr: Csr, ds: RatingsDataset): Generator<[userId: number, itemId: number, rating: number]> {
  for (let u = 0; u < csr.rows; u++) {
    const userId = ds.userIds[u];
    for (let k = csr.rowPtr[u]; k < csr.rowPtr[u + 1]; k++) yield [userId, ds.itemIds[csr.colIdx[k]], csr.values[k]];
  }
}

/**
 * The dataset a split was made from, rebuilt by merging each user's train, validation and test entries
 * (columns ascending, as in the dataset), so a random re-split of it equals that of the original. The
 * split keeps no timestamps: they come back 0, and `splitDataset(…, {method: 'time'})` refuses it.
 * @param userIds original user ids by dense index (length split.train.rows)
 * @param itemIds original item ids by dense index (length split.train.cols)
 */
export function datasetFromSplit(userIds: Int32Array, itemIds: Int32Array, split: DatasetSplit): RatingsDataset {
  const parts = [split.train, split.validation, split.test];
  const { rows, cols } = split.train;
  const rowPtr = new Int32Array(rows + 1);
  for (let u = 0; u < rows; u++) rowPtr[u + 1] = rowPtr[u] + parts.reduce((n, p) => n + p.rowPtr[u + 1] - p.rowPtr[u], 0);
  const nnz = rowPtr[rows];
  const colIdx = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  const at = [0, 0, 0];
  for (let u = 0; u < rows; u++) {
    parts.forEach((p, i) => {
      at[i] = p.rowPtr[u];
    });
    for (let k = rowPtr[u]; k < rowPtr[u + 1]; k++) {
      // Take the smallest next column among the three parts (each ascending, disjoint).
      let best = -1;
      for (let i = 0; i < 3; i++) {
        const p = parts[i];
        if (at[i] < p.rowPtr[u + 1] && (best < 0 || p.colIdx[at[i]] < parts[best].colIdx[at[best]])) best = i;
      }
      colIdx[k] = parts[best].colIdx[at[best]];
      values[k] = parts[best].values[at[best]++];
    }
  }
  return { userIds, itemIds, ratings: { rows, cols, rowPtr, colIdx, values }, timestamps: new Float64Array(nnz) };
}
