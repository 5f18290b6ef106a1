/**
 * One typed run configuration with defaults and validation, starting from a preset of presets.ts
 * (its URL round trip is in configParams.ts). Used by the app, the worker, the CLI and tests.
 */
import type { SplitConfig } from '../data/types';
import { type CapacityContext, capacityProblems } from './capacity';
import { BACKEND_CHOICES, type BackendChoice } from './engine';
import { PRESETS } from './presets';

export type Activation = 'sigmoid' | 'tanh' | 'relu' | 'linear';
export type InitKind = 'normal' | 'glorot';
export type OptimizerName = 'rmsprop-tf1' | 'adam';
/** mse-dense: MSE over every entry of the dense batch (the tutorial). multinomial: Mult-DAE log-likelihood. */
export type LossName = 'mse-dense' | 'multinomial';
/** minmax: ratings min-max scaled to [0,1] (the tutorial). binary-l2: 1 where rated, rows L2-normalised (Mult-DAE). */
export type InputTransform = 'minmax' | 'binary-l2';

/**
 * dense: the stack items→hidden…→items trained by gradient descent (every field below but λ and p);
 * linear: the closed-form linear autoencoder EDLAE / EASE (src/references/linearAutoencoder.ts), which
 * reads only `lambda`, `p` and `epochs` (the most fits of its search).
 */
export type ModelKind = 'dense' | 'linear';

/** A hyper-parameter chosen on a validation carve of the training set, or fixed. */
export type AutoOr<T> = T | 'auto';

export interface ModelConfig {
  /** Which model family; set by the preset. */
  kind: ModelKind;
  /** Linear kind: L2 weight λ > 0 of the closed form, or 'auto' (chosen on validation, see linearSearch.ts). */
  lambda: AutoOr<number>;
  /** Linear kind: emphasised-dropout probability p in [0, 1) (0 = EASE), or 'auto'. */
  p: AutoOr<number>;
  /** Hidden layer sizes, encoder and decoder, e.g. [10, 5, 10]. */
  hidden: number[];
  /** Activation of each layer: hidden.length + 1 entries (the last is the output layer). */
  activations: Activation[];
  /** normal: weights and biases N(0, initStd²) (the tutorial); glorot: Glorot-normal weights, zero biases. */
  init: InitKind;
  initStd: number;
  optimizer: OptimizerName;
  learningRate: number;
  /** RMSProp decay (rho). */
  decay: number;
  momentum: number;
  epsilon: number;
  /** Initial value of RMSProp's mean-square accumulator (TF1: 1). */
  accumulatorInit: number;
  loss: LossName;
  input: InputTransform;
  /** Input dropout rate in [0,1) applied while training (Mult-DAE). */
  dropout: number;
  /** L2 penalty on weights (added to the loss). */
  l2: number;
  epochs: number;
  /**
   * Users per batch. Batches are formed as np.array_split(users, max(1, floor(users / batchSize))):
   * consecutive users, the first (users mod n) batches one larger.
   */
  batchSize: number;
  /** Reshuffle users each epoch (seeded). */
  shuffle: boolean;
  /** Seed of weight init, dropout and shuffling (uint32). */
  seed: number;
  /** Early stopping on the validation split: epochs without improvement of validation P@K before stopping; 0 = off. */
  patience: number;
}

export interface RunConfig {
  /** Preset the model config started from. */
  preset: string;
  model: ModelConfig;
  split: SplitConfig;
  /** A held-out rating counts as relevant when rating ≥ threshold (0: every held-out rating). */
  threshold: number;
  /** Cut-off of the ranking metrics and recommendation lists. */
  k: number;
  backend: BackendChoice;
  /** The strong references computed beside the model (not part of training). */
  references: ReferencesConfig;
}

/** none: no references; popular: most-popular only; all: most-popular, item-kNN and EASE. */
export type ReferenceSet = 'none' | 'popular' | 'all';

/** Settings of the references (src/references): which, and item-kNN's / EASE's one parameter each. */
export interface ReferencesConfig {
  set: ReferenceSet;
  /** Item-kNN neighbours kept per item (integer in [1, 10000]); default 100. */
  knnNeighbours: number;
  /** EASE's L2 weight λ > 0, or 'auto': chosen on a validation carve of train (never on test); default 500. */
  easeLambda: number | 'auto';
}

export const DEFAULT_REFERENCES: ReferencesConfig = { set: 'all', knnNeighbours: 100, easeLambda: 500 };

export const DEFAULT_SPLIT_CONFIG: SplitConfig = { method: 'random', trainRatio: 0.8, seed: 42, validationRatio: 0 };

export function defaultRunConfig(preset = 'seed'): RunConfig {
  const p = PRESETS[preset] ?? PRESETS.seed;
  return {
    preset: p.name,
    model: { ...p.model, hidden: [...p.model.hidden], activations: [...p.model.activations] },
    split: { ...DEFAULT_SPLIT_CONFIG },
    threshold: 0,
    k: 10,
    backend: 'auto',
    references: { ...DEFAULT_REFERENCES },
  };
}

const ACTIVATIONS: Activation[] = ['sigmoid', 'tanh', 'relu', 'linear'];

/**
 * Returns human-readable problems; empty when the config is valid. With `data` (the user and item
 * counts, and the backend's largest buffer when known) the model's size is checked too (capacity.ts).
 */
export function validateRunConfig(c: RunConfig, data?: CapacityContext): string[] {
  const e: string[] = [];
  const m = c.model;
  const posInt = (v: number) => Number.isInteger(v) && v > 0;
  if (!PRESETS[c.preset]) e.push(`unknown preset "${c.preset}" (known: ${Object.keys(PRESETS).join(', ')})`);
  if (!['dense', 'linear'].includes(m.kind)) e.push('model kind must be dense or linear');
  if (m.lambda !== 'auto' && !(m.lambda > 0 && Number.isFinite(m.lambda))) e.push("λ must be a positive number or 'auto'");
  if (m.p !== 'auto' && !(m.p >= 0 && m.p < 1)) e.push("p must be in [0, 1) or 'auto'");
  if (m.hidden.length === 0 || !m.hidden.every(posInt)) e.push('hidden sizes must be positive integers');
  if (m.activations.length !== m.hidden.length + 1) e.push(`need ${m.hidden.length + 1} activations (one per layer)`);
  if (!m.activations.every((a) => ACTIVATIONS.includes(a))) e.push(`activations must be among ${ACTIVATIONS.join(', ')}`);
  if (!['normal', 'glorot'].includes(m.init)) e.push('init must be normal or glorot');
  if (!(m.initStd > 0)) e.push('initStd must be > 0');
  if (!['rmsprop-tf1', 'adam'].includes(m.optimizer)) e.push('optimizer must be rmsprop-tf1 or adam');
  if (!(m.learningRate > 0 && m.learningRate < 10)) e.push('learning rate must be in (0, 10)');
  if (!(m.decay >= 0 && m.decay < 1)) e.push('decay must be in [0, 1)');
  if (!(m.momentum >= 0 && m.momentum < 1)) e.push('momentum must be in [0, 1)');
  if (!(m.epsilon > 0)) e.push('epsilon must be > 0');
  if (!(m.accumulatorInit >= 0)) e.push('accumulatorInit must be ≥ 0');
  if (!['mse-dense', 'multinomial'].includes(m.loss)) e.push('loss must be mse-dense or multinomial');
  if (!['minmax', 'binary-l2'].includes(m.input)) e.push('input must be minmax or binary-l2');
  if (!(m.dropout >= 0 && m.dropout < 1)) e.push('dropout must be in [0, 1)');
  if (!(m.l2 >= 0)) e.push('l2 must be ≥ 0');
  if (!posInt(m.epochs) || m.epochs > 100000) e.push('epochs must be a positive integer');
  if (!posInt(m.batchSize)) e.push('batch size must be a positive integer');
  if (!Number.isInteger(m.seed) || m.seed < 0 || m.seed > 0xffffffff) e.push('seed must be an integer in [0, 2^32)');
  if (!Number.isInteger(m.patience) || m.patience < 0) e.push('patience must be an integer ≥ 0');
  if (m.patience > 0 && !(c.split.validationRatio > 0)) e.push('early stopping (patience > 0) needs a validation split');
  if (c.split.method !== undefined && !['random', 'time'].includes(c.split.method)) e.push('split must be random or time');
  if (!(c.split.trainRatio > 0 && c.split.trainRatio < 1)) e.push('split ratio must be in (0, 1)');
  if (!(c.split.validationRatio >= 0 && c.split.validationRatio < 1)) e.push('validation ratio must be in [0, 1)');
  if (!Number.isInteger(c.split.seed) || c.split.seed < 0 || c.split.seed > 0xffffffff)
    e.push('split seed must be an integer in [0, 2^32)');
  if (!Number.isFinite(c.threshold)) e.push('threshold must be a number');
  if (!posInt(c.k) || c.k > 1000) e.push('k must be an integer in [1, 1000]');
  if (!BACKEND_CHOICES.includes(c.backend)) e.push(`backend must be one of ${BACKEND_CHOICES.join(', ')}`);
  const r = c.references;
  if (!['none', 'popular', 'all'].includes(r.set)) e.push('references must be none, popular or all');
  if (!Number.isInteger(r.knnNeighbours) || r.knnNeighbours < 1 || r.knnNeighbours > 10000)
    e.push('item-kNN neighbours must be an integer in [1, 10000]');
  if (r.easeLambda !== 'auto' && !(r.easeLambda > 0 && Number.isFinite(r.easeLambda))) e.push('EASE λ must be a number > 0 or auto');
  if (data) e.push(...capacityProblems(m, data));
  return e;
}

/** Throws an Error listing every problem (the model's size too, given `data`). */
export function assertValidRunConfig(c: RunConfig, data?: CapacityContext): RunConfig {
  const errors = validateRunConfig(c, data);
  if (errors.length) throw new Error(`Invalid configuration: ${errors.join('; ')}`);
  return c;
}
