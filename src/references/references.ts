/**
 * The strong references beside the model — most-popular, item-kNN and EASE — computed once per split:
 * each one's top-K lists for every user and its ranking metrics on the test split. As for the model,
 * training and validation items are known interactions: never in the lists, never test hits. EASE's λ can be chosen on a validation carve of train (never on test).
 * Pure TS + tfjs-core (EASE's solve): runs in the references worker and in the CLI.
 */
import { splitDataset } from '../data/split';
import type { Csr, RatingsDataset } from '../data/types';
import type { ReferencesConfig } from '../engine/config';
import { firstColumns, popularityLists, rankingMetrics, topKWithoutKnown, type RankedLists, type RankingMetrics } from '../eval/metrics';
import { selectTopK } from '../nn/select';
import { fitItemKnn } from './itemKnn';
import { fitLinearAutoencoder, tooLargeReason } from './linearAutoencoder';
import { type SpdSolver, solverLabel } from './spdInverse';

export type ReferenceName = 'popular' | 'itemknn' | 'ease';

/** Display names. */
export const REFERENCE_LABELS: Record<ReferenceName, string> = { popular: 'most popular', itemknn: 'item-kNN', ease: 'EASE' };

/** EASE λ grid of the auto setting (1-2-5 steps, ≈ geometric). */
export const EASE_LAMBDA_GRID = [50, 100, 200, 500, 1000, 2000];
/** Share of each user's training ratings carved out to choose λ when the split has no validation part. */
export const EASE_CARVE_RATIO = 0.1;

/** One reference's outcome. */
export interface ReferenceResult {
  name: ReferenceName;
  /** Metrics at K on the test split; null when skipped. */
  metrics: RankingMetrics | null;
  /** Why it was not computed (e.g. too large for the dense solve). */
  skipped?: string;
  /** item-kNN: neighbours; EASE: lambda (the chosen one under auto) and, under auto, the validation P@K per λ. */
  params: {
    neighbours?: number;
    lambda?: number;
    lambdaAuto?: boolean;
    validation?: { lambda: number; precision: number }[];
    /** EASE: how its dense matrix was inverted, in words (solverLabel), and the fit's wall time, ms. */
    solver?: string;
    fitMs?: number;
  };
  /**
   * Row-major users × listLength item indices, best first (-1 pads), without the user's training and
   * validation items; empty when skipped. The metrics use the first K.
   */
  topK: Int32Array;
  /** Columns of topK / scores: max(K, {@link MIN_LIST_LENGTH}), so a top 10 can be browsed whatever K. */
  listLength: number;
  /** Scores aligned with topK (most-popular: training counts). */
  scores: Float32Array;
  /** Wall time, ms. */
  ms: number;
}

/** What the references are computed from. */
export interface ReferencesInput {
  train: Csr;
  test: Csr;
  /** The split's validation part (may be empty): auto λ uses it when non-empty, else carves train. */
  validation: Csr;
  /** Seed of the split; the carve uses seed + 1. */
  splitSeed: number;
  k: number;
  threshold: number;
  config: ReferencesConfig;
}

/** Progress of one reference, fraction in [0,1]. */
export type ReferencesProgress = (name: ReferenceName, fraction: number) => void;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
const allUsers = (n: number) => Int32Array.from({ length: n }, (_, i) => i);
/** Shortest list kept per user (the browser and recs.tsv show a top 10). */
export const MIN_LIST_LENGTH = 10;
/** Users scored per chunk (bounds the float32 score block to chunk × items). */
const USER_CHUNK = 128;

/**
 * Top-K of every user from a row scorer, skipping each user's training items.
 * @returns users × k items and scores, -1 / 0 padded.
 */
export async function topKFromScores(
  train: Csr,
  score: (users: Int32Array) => Float32Array,
  k: number,
  opts: { onProgress?: (fraction: number) => void; signal?: AbortSignal } = {},
): Promise<RankedLists> {
  const users = train.rows;
  const items = new Int32Array(users * k).fill(-1);
  const scores = new Float32Array(users * k);
  const skip = new Uint8Array(train.cols);
  for (let from = 0; from < users; from += USER_CHUNK) {
    opts.signal?.throwIfAborted();
    const ids = Int32Array.from({ length: Math.min(USER_CHUNK, users - from) }, (_, i) => from + i);
    const block = score(ids);
    ids.forEach((u, r) => {
      for (let e = train.rowPtr[u]; e < train.rowPtr[u + 1]; e++) skip[train.colIdx[e]] = 1;
      selectTopK(block.subarray(r * train.cols, (r + 1) * train.cols), skip, k, items, scores, u * k);
      for (let e = train.rowPtr[u]; e < train.rowPtr[u + 1]; e++) skip[train.colIdx[e]] = 0;
    });
    opts.onProgress?.(Math.min(1, (from + ids.length) / users));
    await yieldToEventLoop();
  }
  return { items, scores };
}

/** EASE top-K lists of every user of `train` for one λ. */
async function easeTopK(
  train: Csr,
  lambda: number,
  k: number,
  progress: (f: number) => void,
  signal?: AbortSignal,
  solved?: (s: SpdSolver, fitMs: number) => void,
) {
  const t0 = performance.now();
  const model = await fitLinearAutoencoder(train, { lambda, p: 0, signal, onProgress: (f) => progress(0.8 * f) });
  solved?.(model.solver, performance.now() - t0);
  return topKFromScores(train, (u) => model.scoreUsers(u), k, { signal, onProgress: (f) => progress(0.8 + 0.2 * f) });
}

/** The validation carve for auto λ: the split's validation part when it has one, else a seeded 10% of each user's train. */
export function easeValidationCarve(input: Pick<ReferencesInput, 'train' | 'validation' | 'splitSeed'>): { fit: Csr; held: Csr } {
  const { train, validation } = input;
  if (validation.rowPtr[validation.rows] > 0) return { fit: train, held: validation };
  const ds: RatingsDataset = { ratings: train, userIds: new Int32Array(0), itemIds: new Int32Array(0), timestamps: new Float64Array(0) };
  const carve = splitDataset(ds, { trainRatio: 1, seed: (input.splitSeed + 1) >>> 0, validationRatio: EASE_CARVE_RATIO });
  return { fit: carve.train, held: carve.validation };
}

/**
 * Computes the configured references (config.set: none → [], popular → most-popular, all → the three).
 * Item-kNN and EASE are fitted on train only; their lists leave out each user's train and validation
 * items (topKWithoutKnown); with easeLambda 'auto', λ maximises validation P@K over
 * {@link EASE_LAMBDA_GRID} (ties: the smaller λ) and EASE is refitted on all of train with it.
 */
export async function computeReferences(
  input: ReferencesInput,
  opts: { onProgress?: ReferencesProgress; signal?: AbortSignal } = {},
): Promise<ReferenceResult[]> {
  const { train, test, validation, k, threshold, config } = input;
  const { signal } = opts;
  const progress = (name: ReferenceName) => (f: number) => opts.onProgress?.(name, f);
  const users = allUsers(train.rows);
  const listLength = Math.max(k, MIN_LIST_LENGTH);
  const evaluate = (topK: Int32Array) =>
    rankingMetrics(firstColumns(topK, users.length, listLength, k), users, k, test, threshold, train.cols);
  /** A user's lists from a ranker that leaves out training items: validation items left out too. */
  const lists = (rank: (width: number) => Promise<RankedLists>) => topKWithoutKnown(rank, users, listLength, validation);
  const out: ReferenceResult[] = [];
  if (config.set === 'none') return out;

  let t0 = performance.now();
  const pop = await topKWithoutKnown((width) => popularityLists(train, users, width), users, listLength, validation);
  out.push({
    name: 'popular',
    metrics: evaluate(pop.items),
    params: {},
    topK: pop.items,
    scores: pop.scores,
    listLength,
    ms: performance.now() - t0,
  });
  progress('popular')(1);
  if (config.set === 'popular') return out;

  t0 = performance.now();
  const knn = await fitItemKnn(train, { neighbours: config.knnNeighbours, signal, onProgress: (f) => progress('itemknn')(0.7 * f) });
  const knnTop = await lists((width) =>
    topKFromScores(train, (u) => knn.scoreUsers(u), width, { signal, onProgress: (f) => progress('itemknn')(0.7 + 0.3 * f) }),
  );
  out.push({
    name: 'itemknn',
    metrics: evaluate(knnTop.items),
    params: { neighbours: config.knnNeighbours },
    topK: knnTop.items,
    scores: knnTop.scores,
    listLength,
    ms: performance.now() - t0,
  });

  t0 = performance.now();
  const tooLarge = tooLargeReason(train);
  if (tooLarge) {
    const empty = { topK: new Int32Array(0), scores: new Float32Array(0) };
    out.push({ name: 'ease', metrics: null, skipped: `EASE skipped: ${tooLarge}`, params: {}, ...empty, listLength, ms: 0 });
    progress('ease')(1);
    return out;
  }
  let lambda: number;
  const params: ReferenceResult['params'] = {};
  if (config.easeLambda === 'auto') {
    const { fit, held } = easeValidationCarve(input);
    const fitUsers = allUsers(fit.rows);
    const steps = EASE_LAMBDA_GRID.length + 1;
    params.validation = [];
    for (const [g, candidate] of EASE_LAMBDA_GRID.entries()) {
      const top = await easeTopK(fit, candidate, k, (f) => progress('ease')((g + f) / steps), signal);
      params.validation.push({ lambda: candidate, precision: rankingMetrics(top.items, fitUsers, k, held, threshold, fit.cols).precision });
    }
    lambda = params.validation.reduce((best, v) => (v.precision > best.precision ? v : best)).lambda;
    params.lambdaAuto = true;
  } else {
    lambda = config.easeLambda;
  }
  params.lambda = lambda;
  const before = config.easeLambda === 'auto' ? EASE_LAMBDA_GRID.length / (EASE_LAMBDA_GRID.length + 1) : 0;
  const easeTop = await lists((width) =>
    easeTopK(
      train,
      lambda,
      width,
      (f) => progress('ease')(before + (1 - before) * f),
      signal,
      (s, fitMs) => Object.assign(params, { solver: solverLabel(s), fitMs }),
    ),
  );
  out.push({
    name: 'ease',
    metrics: evaluate(easeTop.items),
    params,
    topK: easeTop.items,
    scores: easeTop.scores,
    listLength,
    ms: performance.now() - t0,
  });
  return out;
}
