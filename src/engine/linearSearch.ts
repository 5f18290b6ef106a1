/**
 * Chooses the linear autoencoder's λ and p on a validation set (never on test): coordinate hill-climbing
 * over log-spaced λ and a short list of p, each candidate fitted on the training part and scored by
 * validation P@K (nDCG@K breaks ties). λ walks the 1-2-5 ladder {@link LAMBDA_STEPS} from
 * {@link LAMBDA_START} while that improves, so the search finds λ at any data size (the closed form's λ
 * is a prior weight that does not grow with the number of users: EASE's published optima are 200–1,000
 * from ML-100K to ML-20M, while the p term scales with item popularity by itself); p walks
 * {@link P_STEPS} from {@link P_START}. A round is λ then p; a second λ pass runs when p moved. Typically 6–10 fits.
 */
import type { Csr } from '../data/types';
import type { RankingMetrics } from '../eval/metrics';
import { fitLinearAutoencoder, type LinearAutoencoder } from '../references/linearAutoencoder';
import type { AutoOr } from './config';

/** λ where the search starts. */
export const LAMBDA_START = 200;
/**
 * The λ ladder, 1-2-5 steps from 10 to 50,000 (≈ geometric; it contains the EASE reference's auto grid,
 * so with p = 0 the search can land on EASE's choice).
 */
export const LAMBDA_STEPS: readonly number[] = [1, 2, 3, 4].flatMap((e) => [1, 2, 5].map((m) => m * 10 ** e)).concat(50_000);
/** Dropout probabilities p the search may pick (0 = EASE). */
export const P_STEPS = [0, 0.1, 0.25, 0.4, 0.5, 0.6, 0.7] as const;
/** p where the search starts (EDLAE's published optima are 0.3–0.5). */
export const P_START = 0.25;

/** One fitted and scored candidate. */
export interface LinearCandidate {
  lambda: number;
  p: number;
  validation: RankingMetrics;
  /** Wall time of fit + scoring, ms. */
  ms: number;
}

/** What the search needs besides the training part. */
export interface LinearSearchOptions {
  lambda: AutoOr<number>;
  p: AutoOr<number>;
  /** Most candidates to fit (≥ 1). */
  maxCandidates: number;
  /** Validation metrics of a model fitted on the training part (the caller may score more with it). */
  validate: (model: LinearAutoencoder, lambda: number, p: number) => Promise<RankingMetrics>;
  /** Fit progress inside the current candidate, in [0,1]. */
  onProgress?: (fraction: number) => void;
  /** Awaited before each candidate (pause lives here); false abandons the search. */
  between?: () => Promise<boolean>;
  signal?: AbortSignal;
}

/** The chosen λ and p with every candidate tried (in order); null when `between` abandoned the search. */
export interface LinearChoice {
  lambda: number;
  p: number;
  best: LinearCandidate;
  tried: LinearCandidate[];
}

const better = (a: RankingMetrics, b: RankingMetrics) => a.precision > b.precision || (a.precision === b.precision && a.ndcg > b.ndcg);

/**
 * Picks λ and p by validation P@K of models fitted on `fit`. Fixed values are kept; with both fixed,
 * one candidate is fitted. Returns null when `between` abandoned the search.
 */
export async function searchLinear(fit: Csr, o: LinearSearchOptions): Promise<LinearChoice | null> {
  const tried: LinearCandidate[] = [];
  const seen = new Map<string, LinearCandidate>();
  let stopped = false;
  const evaluate = async (lambda: number, p: number): Promise<LinearCandidate | null> => {
    const hit = seen.get(`${lambda}/${p}`);
    if (hit) return hit;
    if (stopped || tried.length >= o.maxCandidates || (o.between && !(await o.between()))) {
      stopped ||= tried.length < o.maxCandidates;
      return null;
    }
    const t0 = performance.now();
    const model = await fitLinearAutoencoder(fit, { lambda, p, onProgress: o.onProgress, signal: o.signal });
    const validation = await o.validate(model, lambda, p);
    const c = { lambda, p, validation, ms: performance.now() - t0 };
    seen.set(`${lambda}/${p}`, c);
    tried.push(c);
    return c;
  };
  const fixedLambda = o.lambda === 'auto' ? null : o.lambda;
  const fixedP = o.p === 'auto' ? null : o.p;
  let best = await evaluate(fixedLambda ?? LAMBDA_START, fixedP ?? P_START);
  if (!best) return null;
  if (fixedLambda !== null && fixedP !== null) return { lambda: fixedLambda, p: fixedP, best, tried };

  /** Walks one coordinate from the current best, up then down, while the validation score improves. */
  const climb = async (step: (c: LinearCandidate, dir: 1 | -1) => [number, number] | null): Promise<boolean> => {
    let moved = false;
    for (const dir of [1, -1] as const) {
      for (let next = step(best!, dir); next; next = step(best!, dir)) {
        const c = await evaluate(next[0], next[1]);
        if (!c || !better(c.validation, best!.validation)) break;
        best = c;
        moved = true;
      }
    }
    return moved;
  };
  const lambdaStep = (c: LinearCandidate, dir: 1 | -1): [number, number] | null => {
    const l = LAMBDA_STEPS[LAMBDA_STEPS.indexOf(c.lambda) + dir];
    return l === undefined ? null : [l, c.p];
  };
  const pStep = (c: LinearCandidate, dir: 1 | -1): [number, number] | null => {
    const p = P_STEPS[P_STEPS.indexOf(c.p as (typeof P_STEPS)[number]) + dir];
    return p === undefined ? null : [c.lambda, p];
  };
  for (let round = 0; round < 3 && !stopped; round++) {
    const lambdaMoved = fixedLambda === null && (await climb(lambdaStep));
    if (round > 0 && !lambdaMoved) break; // p was already climbed at this λ
    const pMoved = fixedP === null && (await climb(pStep));
    if (!pMoved || fixedLambda !== null) break;
  }
  if (stopped) return null;
  return { lambda: best.lambda, p: best.p, best, tried };
}
