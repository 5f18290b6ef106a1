/**
 * How big a model can be: parameters (float32) plus the optimiser's per-parameter state must fit a
 * stated memory budget, and the largest weight matrix must fit the backend's largest buffer when known.
 * Used by validateRunConfig when the item count is known (the app after loading data, the CLI).
 */
import type { ModelConfig } from './config';

/** Budget for parameters + optimiser state: 1 GiB. */
export const PARAM_BUDGET_BYTES = 1 << 30;

/** What the limits depend on. */
export interface CapacityContext {
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

/** Bytes of parameters + optimiser state, and whether the model fits the budget and the buffer limit. */
function fits(hidden: number[], m: ModelConfig, ctx: CapacityContext): { bytes: number; ok: boolean; largestBytes: number } {
  const { params, largest } = parameterCount(hidden, ctx.items);
  const bytes = params * 4 * arraysPerParameter(m);
  const largestBytes = largest * 4;
  const ok = bytes <= PARAM_BUDGET_BYTES && (ctx.maxBufferBytes === undefined || largestBytes <= ctx.maxBufferBytes);
  return { bytes, ok, largestBytes };
}

/**
 * Problems with the model's size for `ctx.items` items, each saying what fits, e.g.
 * "hidden 100000 needs 2.7 GB of parameters and optimiser state (budget 1.1 GB); at most 26,300 units per hidden layer fit".
 * Empty when it fits (or when the hidden sizes are not positive integers: reported elsewhere).
 */
export function capacityProblems(m: ModelConfig, ctx: CapacityContext): string[] {
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
      ? `needs ${fmtGB(now.bytes)} of parameters and optimiser state for ${ctx.items.toLocaleString('en-US')} items (budget ${fmtGB(PARAM_BUDGET_BYTES)})`
      : `needs a ${fmtGB(now.largestBytes)} weight matrix, over the backend's largest buffer (${fmtGB(ctx.maxBufferBytes!)})`;
  const fit = lo > 0 ? `at most ${lo.toLocaleString('en-US')} units per hidden layer fit` : 'no hidden size fits this many items';
  return [`hidden ${m.hidden.join(',')} ${what}; ${fit}`];
}
