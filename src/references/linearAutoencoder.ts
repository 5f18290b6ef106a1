/**
 * Linear item–item autoencoders in closed form: EASE (Steck 2019, p = 0) and EDLAE (Steck 2020, dropout
 * p > 0), from the binary training matrix X (users × items, any stored value counts as 1).
 *
 *   Λ = p/(1−p)·diag(XᵀX) + λI,  C = (XᵀX + Λ)⁻¹,  B = I − C·diagMat(1/diag C)  (zero diagonal),
 *   scores of a binary row x = x·B = x − (x·C) ⊘ diag C.
 *
 * Two exact routes to the same B, by the smaller side of X (items never rated in train are left out of
 * the solve: their C row/column is 1/λ on the diagonal only, so they score 0 and add nothing):
 * - items ≤ users: the items × items SPD inverse (blocked sweep, tf.matMul), B kept dense;
 * - users < items: Woodbury in user space. With Y = XΛ⁻¹ and K = I + XΛ⁻¹Xᵀ (users × users),
 *   C = Λ⁻¹ − YᵀK⁻¹Y, so X·C = K⁻¹Y and diag C_i = 1/Λ_i − Σ_u Y_ui (K⁻¹Y)_ui: only K is inverted.
 * Runs in Node and in workers (pure TS + tfjs-core on whatever backend is current).
 */
import { cscIndex } from '../data/csc';
import type { Csr } from '../data/types';
import { denseRows } from './denseRows';
import { invertSpdInPlace, type SpdInverseOptions, type SpdSolver } from './spdInverse';

/**
 * Largest dense side (items when items ≤ users, else users) the fit accepts: its float32 matrix takes
 * side²·4 bytes (12,000 → 576 MB), two of them at the fit's peak (the matrix and the inverse's working
 * copy in shared memory, or B beside C), and the solve ~side³/2 multiply-adds (12,000 → a minute or two
 * on WASM).
 */
export const MAX_DENSE_SIDE = 12_000;

/** A fitted EASE / EDLAE model. Scores are float32, row-major rows × items (the training matrix's items). */
export interface LinearAutoencoder {
  /** Rows (users) and columns (items) of the training matrix. */
  readonly users: number;
  readonly items: number;
  readonly lambda: number;
  readonly p: number;
  /** Which SPD matrix was inverted: 'items' (items × items) or 'users' (Woodbury, users × users). */
  readonly solvedIn: 'items' | 'users';
  /** Side of that dense matrix (rated items, or users). */
  readonly denseSide: number;
  /** How that matrix was inverted (route, threads). */
  readonly solver: SpdSolver;
  /** Scores x·B of training users (dense user indices): users.length × items. */
  scoreUsers(users: Int32Array): Float32Array;
  /** Scores x·B of arbitrary binary rows given as a CSR with `items` columns (values ignored). */
  scoreRows(rows: Csr): Float32Array;
}

/** Options of {@link fitLinearAutoencoder}. */
export interface LinearAutoencoderOptions {
  /** L2 weight λ > 0. */
  lambda: number;
  /** Dropout probability in [0, 1); 0 = EASE. */
  p: number;
  /** Finished fraction in [0,1], called now and then. */
  onProgress?: (fraction: number) => void;
  /** Aborting throws the signal's reason at the next check. */
  signal?: AbortSignal;
  /** Route of the dense inverse (spdInverse.ts; default 'auto'). */
  spdRoute?: SpdInverseOptions['route'];
}

/** The dense side the fit of `train` would invert and which route it takes. */
export function linearAutoencoderPlan(train: Csr): { solvedIn: 'items' | 'users'; denseSide: number; fits: boolean } {
  const counts = itemCounts(train);
  let rated = 0;
  for (const c of counts) if (c > 0) rated++;
  const solvedIn = train.rows < rated ? 'users' : 'items';
  const denseSide = solvedIn === 'users' ? train.rows : rated;
  return { solvedIn, denseSide, fits: denseSide <= MAX_DENSE_SIDE };
}

/** Why a training matrix is too large for the dense solve, or null when it fits. */
export function tooLargeReason(train: Csr): string | null {
  const plan = linearAutoencoderPlan(train);
  if (plan.fits) return null;
  return `needs a dense ${plan.denseSide.toLocaleString('en-US')} × ${plan.denseSide.toLocaleString('en-US')} matrix (min(users, rated items) > ${MAX_DENSE_SIDE.toLocaleString('en-US')}), too large for this tab`;
}

/**
 * EASE (p = 0) / EDLAE (p > 0) item–item weights from the binary training matrix X (users × items CSR, any value = 1).
 * Λ = p/(1−p)·diag(XᵀX) + λI; C = (XᵀX + Λ)⁻¹; B = I − C·diagMat(1/diag C) (zero diagonal).
 * Throws for λ ≤ 0, p outside [0,1), or a dense side over {@link MAX_DENSE_SIDE}.
 */
export async function fitLinearAutoencoder(train: Csr, opts: LinearAutoencoderOptions): Promise<LinearAutoencoder> {
  const { lambda, p } = opts;
  if (!(lambda > 0) || !Number.isFinite(lambda)) throw new Error(`λ must be a positive number, got ${lambda}`);
  if (!(p >= 0 && p < 1)) throw new Error(`dropout p must be in [0, 1), got ${p}`);
  const reason = tooLargeReason(train);
  if (reason) throw new Error(`EASE ${reason}`);
  const counts = itemCounts(train);
  const diag = new Float64Array(train.cols);
  for (let i = 0; i < train.cols; i++) diag[i] = lambda + (p / (1 - p)) * counts[i];
  const plan = linearAutoencoderPlan(train);
  const common = { users: train.rows, items: train.cols, lambda, p, denseSide: plan.denseSide };
  return plan.solvedIn === 'items'
    ? { ...common, solvedIn: 'items', ...(await fitInItemSpace(train, counts, diag, opts)) }
    : { ...common, solvedIn: 'users', ...(await fitInUserSpace(train, diag, opts)) };
}

type Scorers = Pick<LinearAutoencoder, 'scoreUsers' | 'scoreRows' | 'solver'>;

/** Training ratings per item (length train.cols). */
function itemCounts(train: Csr): Int32Array {
  const counts = new Int32Array(train.cols);
  for (let e = 0; e < train.rowPtr[train.rows]; e++) counts[train.colIdx[e]]++;
  return counts;
}

/** Items × items route: G = XᵀX + Λ over rated items, inverted in place, turned into B (denseRows.ts). */
async function fitInItemSpace(train: Csr, counts: Int32Array, diag: Float64Array, opts: LinearAutoencoderOptions): Promise<Scorers> {
  const items = train.cols;
  const compact = new Int32Array(items).fill(-1);
  const original: number[] = [];
  for (let i = 0; i < items; i++) if (counts[i] > 0) compact[i] = original.push(i) - 1;
  const n = original.length;
  const g = gramUpper(train, compact, n);
  for (let c = 0; c < n; c++) g[c * n + c] += diag[original[c]]; // Λ on top of the counts
  opts.onProgress?.(0.05);
  const solver = await invertSpdInPlace(g, n, {
    route: opts.spdRoute,
    signal: opts.signal,
    onProgress: (f) => opts.onProgress?.(0.05 + 0.9 * f),
  });
  // B_ij = −C_ij / C_jj, zero diagonal; C symmetric, only its upper triangle is valid so far.
  const rows = denseRows(n);
  const { b, ld } = rows;
  const d = new Float64Array(n);
  for (let c = 0; c < n; c++) d[c] = g[c * n + c];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const c = g[i * n + j];
      b[i * ld + j] = -c / d[j];
      b[j * ld + i] = -c / d[i];
    }
  }
  opts.onProgress?.(1);
  return {
    solver,
    scoreUsers: (users) =>
      rows.sumRows(
        users.length,
        (r) => train.rowPtr[users[r]],
        (r) => train.rowPtr[users[r] + 1],
        train.colIdx,
        compact,
        original,
        items,
      ),
    scoreRows: (x) =>
      rows.sumRows(
        x.rows,
        (r) => x.rowPtr[r],
        (r) => x.rowPtr[r + 1],
        x.colIdx,
        compact,
        original,
        items,
      ),
  };
}

/** Rows of G filled per pass over X in {@link gramUpper} (64 × 3,706 floats ≈ 1 MB stays in cache). */
const GRAM_ROWS = 64;

/**
 * Upper triangle of XᵀX (n × n float32, row-major) over the compacted items (compact[item] ≥ 0 for
 * every item X has). Filled in passes of GRAM_ROWS rows of G, each user's cursor moving through its
 * (ascending) items, so the increments of a pass land in a cache-sized block.
 */
function gramUpper(train: Csr, compact: Int32Array, n: number): Float32Array {
  const { rows, rowPtr, colIdx } = train;
  const g = new Float32Array(n * n);
  const idx = Int32Array.from(colIdx.subarray(0, rowPtr[rows]), (c) => compact[c]);
  const cursor = rowPtr.slice(0, rows);
  for (let i0 = 0; i0 < n; i0 += GRAM_ROWS) {
    const i1 = Math.min(n, i0 + GRAM_ROWS);
    for (let u = 0; u < rows; u++) {
      const end = rowPtr[u + 1];
      let a = cursor[u];
      for (; a < end && idx[a] < i1; a++) {
        const base = idx[a] * n;
        for (let b = a; b < end; b++) g[base + idx[b]] += 1;
      }
      cursor[u] = a;
    }
  }
  return g;
}

/** Users × users route (Woodbury): K = I + XΛ⁻¹Xᵀ inverted; scores from K⁻¹Y and diag C. */
async function fitInUserSpace(train: Csr, diag: Float64Array, opts: LinearAutoencoderOptions): Promise<Scorers> {
  const { rows: users, cols: items, rowPtr, colIdx } = train;
  const invDiag = Float64Array.from(diag, (v) => 1 / v);
  // Users of each item (CSC of X).
  const { colPtr, rowIdx } = cscIndex(train);
  // K = I + Σ_i x_i x_iᵀ / Λ_i (upper triangle), summed in float64 per row before rounding.
  const k64 = new Float64Array(users * users);
  for (let i = 0; i < items; i++) {
    const w = invDiag[i];
    for (let a = colPtr[i]; a < colPtr[i + 1]; a++) {
      const base = rowIdx[a] * users;
      for (let b = a; b < colPtr[i + 1]; b++) k64[base + rowIdx[b]] += w;
    }
  }
  const kInv = new Float32Array(users * users);
  for (let u = 0; u < users; u++) {
    kInv[u * users + u] = 1 + k64[u * users + u];
    for (let v = u + 1; v < users; v++) kInv[u * users + v] = k64[u * users + v];
  }
  opts.onProgress?.(0.05);
  const solver = await invertSpdInPlace(kInv, users, {
    route: opts.spdRoute,
    signal: opts.signal,
    onProgress: (f) => opts.onProgress?.(0.05 + 0.75 * f),
  });
  for (let u = 0; u < users; u++) for (let v = u + 1; v < users; v++) kInv[v * users + u] = kInv[u * users + v];
  // z = t·Y for a users-vector t (t·K⁻¹Y = row of K⁻¹Y when t is a row of K⁻¹).
  const timesY = (t: Float32Array | Float64Array, tOffset: number, out: Float64Array): void => {
    out.fill(0);
    for (let v = 0; v < users; v++) {
      const tv = t[tOffset + v];
      if (tv === 0) continue;
      for (let e = rowPtr[v]; e < rowPtr[v + 1]; e++) out[colIdx[e]] += tv * invDiag[colIdx[e]];
    }
  };
  // diag C_i = 1/Λ_i − (1/Λ_i)·Σ_{u rated i} (K⁻¹Y)_ui.
  const diagC = Float64Array.from(invDiag);
  const z = new Float64Array(items);
  for (let u = 0; u < users; u++) {
    timesY(kInv, u * users, z);
    for (let e = rowPtr[u]; e < rowPtr[u + 1]; e++) diagC[colIdx[e]] -= invDiag[colIdx[e]] * z[colIdx[e]];
    if ((u & 63) === 63) {
      opts.signal?.throwIfAborted();
      opts.onProgress?.(0.8 + (0.2 * u) / users);
    }
  }
  opts.onProgress?.(1);
  /** out[at + j] = x_j − (x·C)_j / C_jj from xC in z (x given by its item list). */
  const finish = (cols: Int32Array, start: number, end: number, out: Float32Array, at: number): void => {
    for (let j = 0; j < items; j++) out[at + j] = -z[j] / diagC[j];
    for (let e = start; e < end; e++) out[at + cols[e]] += 1;
  };
  const t = new Float64Array(users);
  return {
    solver,
    scoreUsers(list) {
      const out = new Float32Array(list.length * items);
      list.forEach((u, r) => {
        timesY(kInv, u * users, z); // X_u·C = (K⁻¹Y)_u
        finish(colIdx, rowPtr[u], rowPtr[u + 1], out, r * items);
      });
      return out;
    },
    scoreRows(x) {
      const out = new Float32Array(x.rows * items);
      const w = new Float64Array(users);
      for (let r = 0; r < x.rows; r++) {
        // x·C = x⊘Λ − ((x·Yᵀ)·K⁻¹)·Y
        t.fill(0);
        for (let e = x.rowPtr[r]; e < x.rowPtr[r + 1]; e++) {
          const i = x.colIdx[e];
          for (let a = colPtr[i]; a < colPtr[i + 1]; a++) t[rowIdx[a]] += invDiag[i];
        }
        w.fill(0);
        for (let v = 0; v < users; v++) {
          const tv = t[v];
          if (tv === 0) continue;
          const base = v * users;
          for (let q = 0; q < users; q++) w[q] += tv * kInv[base + q];
        }
        timesY(w, 0, z);
        for (let j = 0; j < items; j++) z[j] = -z[j];
        for (let e = x.rowPtr[r]; e < x.rowPtr[r + 1]; e++) z[x.colIdx[e]] += invDiag[x.colIdx[e]];
        finish(x.colIdx, x.rowPtr[r], x.rowPtr[r + 1], out, r * items);
      }
      return out;
    },
  };
}
