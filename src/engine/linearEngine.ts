/**
 * The linear model kind (EDLAE / EASE in closed form) behind InProcessEngine: train() searches λ and p
 * on a validation set (the configured one, else the EASE reference's seeded 10% carve of each user's
 * training ratings, references.ts),
 * reporting one "epoch" per candidate, then refits the chosen pair on all of train as the last epoch.
 * Everything lives on the host (float32 arrays); the solve itself runs tf.matMul on the active backend.
 *
 * Epochs: config.model.epochs caps the fits (candidates + the refit); the search usually ends earlier.
 * Candidate epochs report the candidate's validation and test metrics; recommend() uses the best
 * candidate so far (by validation P@K), then the refit. A snapshot holds λ, p and the binary training
 * matrix the model was fitted on (a few MB), not B (items² floats, 378 MB for 9,724 items): restore()
 * refits the closed form, which is deterministic and takes one solve (seconds).
 */
import type { Csr, DatasetSplit } from '../data/types';
import { fitLinearAutoencoder, type LinearAutoencoder } from '../references/linearAutoencoder';
import { easeValidationCarve } from '../references/references';
import type { RunConfig } from './config';
import type { ModelSnapshot, RankingMetrics, Recommendations, TrainEvents, TrainState } from './engine';
import { allUsers, linearTopK, listMetrics } from './linearScoring';
import { searchLinear } from './linearSearch';
import { PauseGate } from './pauseGate';
import { yieldToEventLoop } from './trainer';

const TENSOR_ROWPTR = 'linear/rowPtr';
const TENSOR_COLIDX = 'linear/colIdx';

/** The model in use: fitted on `input` (its rows are the users' inputs) with λ and p. */
interface Fitted {
  model: LinearAutoencoder;
  input: Csr;
  lambda: number;
  p: number;
  epoch: number;
}

/** Host-side state and training loop of a linear model; InProcessEngine delegates to it. */
export class LinearEngine {
  private current?: Fitted;
  private readonly gate = new PauseGate();
  private abort?: AbortController;

  constructor(
    private readonly split: DatasetSplit,
    private config: RunConfig,
  ) {}

  /** Finished epochs (0 before training). */
  get epoch(): number {
    return this.current?.epoch ?? 0;
  }

  /**
   * Searches λ and p, then refits; one report per fit. Resolves 'done' (with the choice as message) or
   * 'stopped' (stop(): the best candidate so far stays), or throws (the caller reports 'failed').
   * `setState` gets running / paused.
   */
  async train(events: TrainEvents, setState: (s: TrainState) => void): Promise<{ state: TrainState; message?: string }> {
    const { split, config } = this;
    const m = config.model;
    const k = config.k;
    this.gate.reset();
    this.abort = new AbortController();
    const hasValidation = split.validation.rowPtr[split.validation.rows] > 0;
    // The EASE reference's carve, so both choose on the same held-out ratings.
    const { fit, held } = easeValidationCarve({ train: split.train, validation: split.validation, splitSeed: split.config.seed });
    const carve = { fit, validation: held };
    const testKnown = hasValidation ? [split.train, split.validation] : [split.train];
    const users = allUsers(split.train.rows);
    let epoch = 0;
    let best: { score: RankingMetrics; fitted: Fitted } | undefined;
    /** Scores a model on its input rows: validation (when it has one) and test lists, loss; reports the epoch. */
    const report = async (model: LinearAutoencoder, input: Csr, lambda: number, p: number, validation: Csr | null, t0: number) => {
      const t1 = performance.now();
      const views = validation ? [[input], testKnown] : [testKnown];
      const { lists, squaredError } = await linearTopK(model, input, users, k, views, () => yieldToEventLoop());
      const test = listMetrics(lists[lists.length - 1].items, split.test, k, config.threshold);
      const val = validation ? listMetrics(lists[0].items, validation, k, config.threshold) : undefined;
      const fitted = { model, input, lambda, p, epoch: ++epoch };
      if (!best || !val || val.precision > best.score.precision) this.current = fitted;
      if (val && (!best || val.precision > best.score.precision)) best = { score: val, fitted };
      const loss = squaredError / Math.max(1, input.rows);
      events.onEpoch?.({ epoch, loss, test, validation: val, trainMs: t1 - t0, evalMs: performance.now() - t1 });
      return val ?? test;
    };
    setState('running');
    let t0 = performance.now();
    const choice = await searchLinear(carve.fit, {
      lambda: m.lambda,
      p: m.p,
      maxCandidates: Math.max(1, m.epochs - (hasValidation ? 0 : 1)),
      validate: async (model, lambda, p) => {
        const v = await report(model, carve.fit, lambda, p, carve.validation, t0);
        t0 = performance.now();
        return v;
      },
      onProgress: (f) => events.onBatch?.(epoch + 1, Math.round(100 * f), 100),
      between: () => this.between(setState),
      signal: this.abort.signal,
    }).catch(this.unlessStopped);
    if (!choice) return { state: 'stopped' };
    const chosen = `λ ${choice.lambda}, p ${choice.p} (validation P@${k} ${choice.best.validation.precision.toFixed(4)}, ${choice.tried.length} candidates)`;
    if (!hasValidation) {
      // Refit the chosen pair on all of train: the last epoch.
      if (!(await this.between(setState))) return { state: 'stopped' };
      t0 = performance.now();
      const onProgress = (f: number) => events.onBatch?.(epoch + 1, Math.round(100 * f), 100);
      const opts = { lambda: choice.lambda, p: choice.p, onProgress, signal: this.abort.signal };
      const model = await fitLinearAutoencoder(split.train, opts).catch(this.unlessStopped);
      if (!model) return { state: 'stopped' };
      await report(model, split.train, choice.lambda, choice.p, null, t0);
      return { state: 'done', message: `refit on all of train with ${chosen}` };
    }
    return { state: 'done', message: `chose ${chosen}` };
  }

  /** A fit aborted by stop() resolves null; other errors propagate. */
  private readonly unlessStopped = (e: unknown): null => {
    if (this.gate.stopping) return null;
    throw e;
  };

  pause(): void {
    this.gate.pause();
  }

  resume(): void {
    this.gate.resume();
  }

  stop(): void {
    this.gate.stop();
    this.abort?.abort(new Error('stopped'));
  }

  /** Top-k items not in the user's training ratings, from the model in use. */
  async recommend(users: Int32Array, k: number): Promise<Recommendations> {
    const f = this.fitted();
    const { lists } = await linearTopK(f.model, f.input, users, k, [[this.split.train]]);
    return { users: users.slice(), k, ...lists[0] };
  }

  /** Scores x·B (length items) of a binary row with 1 at `items` (someone who is not a training user). */
  scoreItems(items: number[]): Float32Array {
    const colIdx = Int32Array.from(items).sort();
    const row: Csr = {
      rows: 1,
      cols: this.split.train.cols,
      rowPtr: Int32Array.of(0, colIdx.length),
      colIdx,
      values: new Float32Array(colIdx.length).fill(1),
    };
    return this.fitted().model.scoreRows(row);
  }

  /** λ and p (in the config) and the fitted-on binary matrix (CSR indices as float32, exact below 2²⁴ ratings). */
  async snapshot(): Promise<ModelSnapshot> {
    const f = this.fitted();
    return {
      config: structuredClone({ ...this.config, model: { ...this.config.model, lambda: f.lambda, p: f.p } }),
      epoch: f.epoch,
      items: f.input.cols,
      tensors: [
        { name: TENSOR_ROWPTR, shape: [f.input.rows + 1], data: Float32Array.from(f.input.rowPtr) },
        { name: TENSOR_COLIDX, shape: [f.input.rowPtr[f.input.rows]], data: Float32Array.from(f.input.colIdx) },
      ],
    };
  }

  /** Refits the snapshot's λ and p on its training matrix. */
  async restore(s: ModelSnapshot): Promise<void> {
    const get = (name: string) => {
      const t = s.tensors.find((x) => x.name === name);
      if (!t) throw new Error(`linear model snapshot lacks ${name}`);
      return t.data;
    };
    const rowPtr = Int32Array.from(get(TENSOR_ROWPTR));
    const colIdx = Int32Array.from(get(TENSOR_COLIDX));
    if (rowPtr.length !== this.split.train.rows + 1 || rowPtr[rowPtr.length - 1] !== colIdx.length)
      throw new Error(`snapshot is for ${rowPtr.length - 1} users, the loaded data has ${this.split.train.rows}`);
    const input: Csr = { rows: rowPtr.length - 1, cols: s.items, rowPtr, colIdx, values: new Float32Array(colIdx.length).fill(1) };
    const { lambda, p } = s.config.model;
    if (lambda === 'auto' || p === 'auto') throw new Error('linear model snapshot lacks its fitted λ and p');
    const model = await fitLinearAutoencoder(input, { lambda, p });
    this.config = structuredClone(s.config);
    this.current = { model, input, lambda, p, epoch: s.epoch };
  }

  private fitted(): Fitted {
    if (!this.current) throw new Error('the linear model is not trained yet: press Start (or restore a saved model)');
    return this.current;
  }

  /** Before each fit: blocks while paused; false when stopping. */
  private async between(setState: (s: TrainState) => void): Promise<boolean> {
    await yieldToEventLoop();
    return this.gate.wait(setState);
  }
}
