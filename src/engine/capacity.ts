/**
 * How big a model can be. Dense kind: parameters (float32) plus the optimiser's per-parameter state must
 * fit a stated memory budget, and the largest weight matrix must fit the backend's largest buffer when
 * known. Linear kind: the dense min(users, items)² matrix its closed form inverts must stay within
 * MAX_DENSE_SIDE (linearAutoencoder.ts). Used by validateRunConfig when the data's shape is known (the
 * app after loading data, InProcessEngine.load, the CLI).
 */
import { MAX_DENSE_SIDE } from '../references/linearAutoencoder';
import type { ModelConfig } from './config';

/** Budget for parameters + optimiser state: 1 GiB. */
export const PARAM_BUDGET_BYTES = 1 << 30;

/** What the limits depend on. */
export interface CapacityContext {
  /** Users of the loaded data (the rows). */
  users: number;
  /** Items of the loaded data (the input and output width). */
  items: number;
  /** Largest single buffer the backend allows, bytes (WebGPU's maxStorageBufferBindingSize), when known. */
  maxBufferBytes?: number;
}

/** Float32 arrays kept per parameter: the parameter itself plus the optimiser's slots. */
export function arraysPerParameter(m: Pick<ModelConfig, 'optimizer' | 'momentum'>): number {
  if (m.optimizer === 'adam') return 3; // first and second moments
  return m.momentum > 0 ? 3 : 2; // mean square (+ momentum)
}

/** Layer widths items → hidden… → items. */
const widths = (hidden: number[], items: number) => [items, ...hidden, items];

/** Weights and biases of the network, and the element count of its largest weight matrix. */
export function parameterCount(hidden: number[], items: number): { params: number; largest: number } {
  const w = widths(hidden, items);
  let params = 0;
  let largest = 0;
  for (let l = 0; l + 1 < w.length; l++) {
    params += w[l] * w[l + 1] + w[l + 1];
    largest = Math.max(largest, w[l] * w[l + 1]);
  }
  return { params, largest };
}

const fmtGB = (bytes: number) => (bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${Math.ceil(bytes / 1e6)} MB`);
const fmtInt = (n: number) => n.toLocaleString('en-US');

/**
 * The linear kind's problem, if any: its closed form inverts a dense float32 matrix whose side is
 * min(users, rated items) (linearAutoencoderPlan). Rated items are not known before the split is fitted,
 * so this bounds them by all `ctx.items`: never looser than the fit's own check, and the same on real
 * data, where nearly every item has a training rating.
 */
function linearCapacityProblems(ctx: CapacityContext): string[] {
  const side = Math.min(ctx.users, ctx.items);
  if (!(side > MAX_DENSE_SIDE)) return [];
  return [
    `the linear model solves a dense ${fmtInt(side)} × ${fmtInt(side)} system on this data ` +
      `(the smaller of ${fmtInt(ctx.users)} users and ${fmtInt(ctx.items)} items; ${fmtGB(side * side * 4)} as float32); ` +
      `at most ${fmtInt(MAX_DENSE_SIDE)} items or users fit`,
  ];
}

/** Bytes of parameters + optimiser state, and whether the model fits the budget and the buffer limit. */
function fits(hidden: number[], m: ModelConfig, ctx: CapacityContext): { bytes: number; ok: boolean; largestBytes: number } {
  const { params, largest } = parameterCount(hidden, ctx.items);
  const bytes = params * 4 * arraysPerParameter(m);
  const largestBytes = largest * 4;
  const ok = bytes <= PARAM_BUDGET_BYTES && (ctx.maxBufferBytes === undefined || largestBytes <= ctx.maxBufferBytes);
  return { bytes, ok, largestBytes };
}

/**
 * Problems with the model's size on data of `ctx.users` users × `ctx.items` items, each saying what fits, e.g.
 * "hidden 100000 needs 2.7 GB of parameters and optimiser state (budget 1.1 GB); at most 26,300 units per hidden layer fit",
 * or for the linear kind "the linear model solves a dense 26,744 × 26,744 system on this data (…; 2.9 GB as
 * float32); at most 12,000 items or users fit".
 * Empty when it fits (or when the hidden sizes are not positive integers: reported elsewhere).
 */
export function capacityProblems(m: ModelConfig, ctx: CapacityContext): string[] {
  if (m.kind === 'linear') return linearCapacityProblems(ctx);
  if (!(ctx.items > 0) || m.hidden.length === 0 || !m.hidden.every((h) => Number.isInteger(h) && h > 0)) return [];
  const now = fits(m.hidden, m, ctx);
  if (now.ok) return [];
  // Widest cap on every hidden layer that still fits.
  let lo = 0;
  let hi = Math.max(...m.hidden);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (
      fits(
        m.hidden.map((h) => Math.min(h, mid)),
        m,
        ctx,
      ).ok
    )
      lo = mid;
    else hi = mid - 1;
  }
  const what =
    now.bytes > PARAM_BUDGET_BYTES
      ? `needs ${fmtGB(now.bytes)} of parameters and optimiser state for ${fmtInt(ctx.items)} items (budget ${fmtGB(PARAM_BUDGET_BYTES)})`
      : `needs a ${fmtGB(now.largestBytes)} weight matrix, over the backend's largest buffer (${fmtGB(ctx.maxBufferBytes!)})`;
  const fit = lo > 0 ? `at most ${fmtInt(lo)} units per hidden layer fit` : 'no hidden size fits this many items';
  return [`hidden ${m.hidden.join(',')} ${what}; ${fit}`];
}
