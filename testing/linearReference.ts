/**
 * TEST-ONLY float64 references for the closed-form recommenders, written the obvious way on dense
 * arrays: XᵀX, a Gauss–Jordan inverse with partial pivoting, EASE/EDLAE weights, cosine item-kNN, and
 * top-k by full sort. Tiny inputs only (O(items³) time, O(users·items) memory).
 */
import type { Csr } from '../src/data/types';

/** Dense binary X (users × items, float64) from a CSR; any stored value counts as 1. */
export function denseBinary(x: Csr): Float64Array[] {
  const rows: Float64Array[] = [];
  for (let u = 0; u < x.rows; u++) {
    const r = new Float64Array(x.cols);
    for (let e = x.rowPtr[u]; e < x.rowPtr[u + 1]; e++) r[x.colIdx[e]] = 1;
    rows.push(r);
  }
  return rows;
}

/** Inverse of a square matrix by Gauss–Jordan elimination with partial pivoting (float64). */
export function gaussJordanInverse(m: Float64Array[]): Float64Array[] {
  const n = m.length;
  const a = m.map((r) => Float64Array.from(r));
  const inv = m.map((_, i) => Float64Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
    [a[c], a[piv]] = [a[piv], a[c]];
    [inv[c], inv[piv]] = [inv[piv], inv[c]];
    const d = a[c][c];
    for (let j = 0; j < n; j++) {
      a[c][j] /= d;
      inv[c][j] /= d;
    }
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r][c];
      for (let j = 0; j < n; j++) {
        a[r][j] -= f * a[c][j];
        inv[r][j] -= f * inv[c][j];
      }
    }
  }
  return inv;
}

/** XᵀX of a dense X (items × items). */
export function gram(x: Float64Array[], items: number): Float64Array[] {
  const g = Array.from({ length: items }, () => new Float64Array(items));
  for (const row of x) for (let i = 0; i < items; i++) if (row[i]) for (let j = 0; j < items; j++) g[i][j] += row[i] * row[j];
  return g;
}

/** EASE (p = 0) / EDLAE weights B (items × items, zero diagonal) in float64, straight from the formulas. */
export function easeWeights64(train: Csr, lambda: number, p: number): Float64Array[] {
  const g = gram(denseBinary(train), train.cols);
  for (let i = 0; i < train.cols; i++) g[i][i] += lambda + (p / (1 - p)) * g[i][i];
  const c = gaussJordanInverse(g);
  return c.map((row, i) => row.map((v, j) => (i === j ? 0 : -v / c[j][j])));
}

/** Cosine item–item similarity on binary X, each column j keeping its k largest (ties: lower i), i ≠ j. */
export function itemKnnWeights64(train: Csr, k: number): Float64Array[] {
  const items = train.cols;
  const g = gram(denseBinary(train), items);
  const w = Array.from({ length: items }, () => new Float64Array(items));
  for (let j = 0; j < items; j++) {
    const sims = [];
    for (let i = 0; i < items; i++) {
      if (i === j || g[i][j] === 0) continue;
      sims.push({ i, s: g[i][j] / Math.sqrt(g[i][i] * g[j][j]) });
    }
    sims.sort((a, b) => b.s - a.s || a.i - b.i);
    for (const { i, s } of sims.slice(0, k)) w[i][j] = s;
  }
  return w;
}

/** Scores x·W of each user's binary training row (users × items). */
export function scores64(train: Csr, w: Float64Array[]): Float64Array[] {
  return denseBinary(train).map((x) => {
    const s = new Float64Array(train.cols);
    for (let i = 0; i < train.cols; i++) if (x[i]) for (let j = 0; j < train.cols; j++) s[j] += w[i][j];
    return s;
  });
}

/** Top-k unrated items of each user by full sort (ties: lower index), row-major users × k, -1 padded. */
export function topK64(train: Csr, scores: ArrayLike<number>[], k: number): Int32Array {
  const out = new Int32Array(train.rows * k).fill(-1);
  for (let u = 0; u < train.rows; u++) {
    const rated = new Set(train.colIdx.subarray(train.rowPtr[u], train.rowPtr[u + 1]));
    const order = [...Array(train.cols).keys()].filter((i) => !rated.has(i)).sort((a, b) => scores[u][b] - scores[u][a] || a - b);
    for (let j = 0; j < Math.min(k, order.length); j++) out[u * k + j] = order[j];
  }
  return out;
}
