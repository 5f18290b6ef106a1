/**
 * Builds a deduplicated, densely indexed `RatingsDataset` (CSR by user) from parsed columns,
 * and computes its summary statistics. Time and memory are O(ratings + id range), never users × items.
 */
import type { RatingColumns } from './columns';
import type { Csr, DatasetStats, RatingsDataset } from './types';

/** Result of `buildDataset`. */
export interface BuiltDataset {
  dataset: RatingsDataset;
  /** Duplicate (user,item) rows dropped: the latest by timestamp was kept (ties: the later row). */
  duplicatesDropped: number;
}

/**
 * Maps arbitrary int32 ids to dense indices 0..u-1 in ascending id order.
 * Writes the dense index of row k into `out[k]` (may alias `ids`) and returns the ascending unique ids.
 * Uses a lookup table when the id range is small relative to the row count, else sort + binary search.
 */
export function denseIndex(ids: Int32Array, n: number, out: Int32Array): Int32Array {
  if (n === 0) return new Int32Array(0);
  let min = ids[0];
  let max = ids[0];
  for (let k = 1; k < n; k++) {
    const v = ids[k];
    if (v < min) min = v;
    else if (v > max) max = v;
  }
  const range = max - min + 1;
  if (range <= 4 * n + (1 << 16) && range <= 1 << 26) {
    const table = new Int32Array(range);
    for (let k = 0; k < n; k++) table[ids[k] - min] = 1;
    let u = 0;
    for (let v = 0; v < range; v++) if (table[v]) table[v] = ++u;
    const unique = new Int32Array(u);
    for (let v = 0; v < range; v++) if (table[v]) unique[table[v] - 1] = v + min;
    for (let k = 0; k < n; k++) out[k] = table[ids[k] - min] - 1;
    return unique;
  }
  const sorted = ids.slice(0, n).sort();
  let u = 0;
  for (let k = 0; k < n; k++) if (k === 0 || sorted[k] !== sorted[k - 1]) sorted[u++] = sorted[k];
  const unique = sorted.slice(0, u);
  for (let k = 0; k < n; k++) {
    const v = ids[k];
    let lo = 0;
    let hi = u - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (unique[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    out[k] = lo;
  }
  return unique;
}

/**
 * Orders row indices by (user, item, row): a stable counting sort by user (sequential for files grouped
 * by user), then each user's run that is not already in item order sorted stably by item: insertion
 * sort for short runs, else an LSD radix sort on the item index, 8 bits a pass (items < 2^16: 2 passes).
 * Stable throughout, so duplicates keep file order. O(rows + users · 256 · passes), no comparisons.
 */
function orderByUserItem(users: Int32Array, items: Int32Array, nu: number, ni: number): Int32Array {
  const n = users.length;
  const pos = new Int32Array(nu + 1);
  for (let k = 0; k < n; k++) pos[users[k] + 1]++;
  let maxRow = 0;
  for (let u = 0; u < nu; u++) {
    if (pos[u + 1] > maxRow) maxRow = pos[u + 1];
    pos[u + 1] += pos[u];
  }
  const order = new Int32Array(n);
  const fill = pos.slice(0, nu);
  for (let k = 0; k < n; k++) order[fill[users[k]]++] = k;
  let passes = 1;
  while (passes < 4 && ni > 2 ** (8 * passes)) passes++;
  let rowA = new Int32Array(maxRow);
  let keyA = new Int32Array(maxRow);
  let rowB = new Int32Array(maxRow);
  let keyB = new Int32Array(maxRow);
  const count = new Int32Array(256);
  for (let u = 0; u < nu; u++) {
    const s = pos[u];
    const len = pos[u + 1] - s;
    let sorted = true;
    for (let q = 1; q < len && sorted; q++) sorted = items[order[s + q - 1]] <= items[order[s + q]];
    if (sorted) continue;
    if (len <= 32) {
      for (let q = s + 1; q < s + len; q++) {
        const k = order[q];
        const key = items[k];
        let j = q - 1;
        while (j >= s && items[order[j]] > key) {
          order[j + 1] = order[j];
          j--;
        }
        order[j + 1] = k;
      }
      continue;
    }
    for (let q = 0; q < len; q++) {
      const k = order[s + q];
      rowA[q] = k;
      keyA[q] = items[k];
    }
    for (let pass = 0, shift = 0; pass < passes; pass++, shift += 8) {
      count.fill(0);
      for (let q = 0; q < len; q++) count[(keyA[q] >>> shift) & 255]++;
      let sum = 0;
      for (let b = 0; b < 256; b++) {
        const c = count[b];
        count[b] = sum;
        sum += c;
      }
      for (let q = 0; q < len; q++) {
        const key = keyA[q];
        const d = count[(key >>> shift) & 255]++;
        rowB[d] = rowA[q];
        keyB[d] = key;
      }
      [rowA, rowB] = [rowB, rowA];
      [keyA, keyB] = [keyB, keyA];
    }
    order.set(rowA.subarray(0, len), s);
  }
  return order;
}

/**
 * Builds the dataset from `cols` (rows in file order). CONSUMES the columns: their user/item id
 * arrays are overwritten with dense indices. Users and items are numbered in ascending id order;
 * each CSR row has ascending item indices; duplicates keep the latest timestamp (ties: later row).
 */
export function buildDataset(cols: RatingColumns): BuiltDataset {
  const n = cols.n;
  const users = cols.users.subarray(0, n);
  const items = cols.items.subarray(0, n);
  const userIds = denseIndex(users, n, users);
  const itemIds = denseIndex(items, n, items);
  const nu = userIds.length;
  const order = orderByUserItem(users, items, nu, itemIds.length);

  const rowPtr = new Int32Array(nu + 1);
  let colIdx = new Int32Array(n);
  let values = new Float32Array(n);
  let timestamps = new Float64Array(n);
  const r = cols.ratings;
  const t = cols.timestamps;
  let m = 0;
  let dropped = 0;
  let j = 0;
  for (let u = 0; u < nu; u++) {
    const rowStart = m;
    while (j < n && users[order[j]] === u) {
      const k = order[j++];
      const it = items[k];
      if (m > rowStart && colIdx[m - 1] === it) {
        dropped++;
        if (t[k] >= timestamps[m - 1]) {
          values[m - 1] = r[k];
          timestamps[m - 1] = t[k];
        }
      } else {
        colIdx[m] = it;
        values[m] = r[k];
        timestamps[m] = t[k];
        m++;
      }
    }
    rowPtr[u + 1] = m;
  }
  if (m < n) {
    colIdx = colIdx.slice(0, m);
    values = values.slice(0, m);
    timestamps = timestamps.slice(0, m);
  }
  const ratings: Csr = { rows: nu, cols: itemIds.length, rowPtr, colIdx, values };
  return { dataset: { userIds, itemIds, ratings, timestamps }, duplicatesDropped: dropped };
}

/** Summary statistics: counts, density = nnz / (users × items), rating range, single-rating users. */
export function computeStats(ds: RatingsDataset): DatasetStats {
  const { rows, cols, rowPtr, values } = ds.ratings;
  const nnz = rowPtr[rows] ?? 0;
  let min = Infinity;
  let max = -Infinity;
  for (let k = 0; k < nnz; k++) {
    const v = values[k];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  let single = 0;
  for (let u = 0; u < rows; u++) if (rowPtr[u + 1] - rowPtr[u] === 1) single++;
  return {
    users: rows,
    items: cols,
    ratings: nnz,
    density: rows > 0 && cols > 0 ? nnz / (rows * cols) : 0,
    ratingMin: nnz > 0 ? min : 0,
    ratingMax: nnz > 0 ? max : 0,
    singleRatingUsers: single,
  };
}
