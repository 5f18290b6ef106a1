/** The run configuration's URL/CLI round trip (like tensorflow/playground's state.ts): parameters over a preset's defaults. */
import type { SplitMethod } from '../data/types';
import { type ModelConfig, type ReferenceSet, type RunConfig, defaultRunConfig, validateRunConfig } from './config';
import type { BackendChoice } from './engine';
import { PRESETS } from './presets';

/** URL/CLI parameter names of model fields (kebab-case of the field). */
const MODEL_KEYS: Record<string, keyof ModelConfig> = {
  lambda: 'lambda',
  p: 'p',
  hidden: 'hidden',
  activations: 'activations',
  init: 'init',
  'init-std': 'initStd',
  optimizer: 'optimizer',
  lr: 'learningRate',
  decay: 'decay',
  momentum: 'momentum',
  epsilon: 'epsilon',
  'accumulator-init': 'accumulatorInit',
  loss: 'loss',
  input: 'input',
  dropout: 'dropout',
  l2: 'l2',
  epochs: 'epochs',
  'batch-size': 'batchSize',
  shuffle: 'shuffle',
  seed: 'seed',
  patience: 'patience',
};
const RUN_KEYS = [
  'preset',
  'split',
  'split-seed',
  'split-ratio',
  'validation',
  'threshold',
  'k',
  'backend',
  'references',
  'knn-k',
  'ease-lambda',
] as const;

/** Every parameter name accepted by runConfigFromParams (for the CLI's --help and unknown-flag checks). */
export const PARAM_NAMES: string[] = [...RUN_KEYS, ...Object.keys(MODEL_KEYS)];

/** Serialises the fields that differ from the preset's defaults (always the preset). */
export function runConfigToParams(c: RunConfig): URLSearchParams {
  const base = defaultRunConfig(c.preset);
  const p = new URLSearchParams();
  p.set('preset', c.preset);
  for (const [key, field] of Object.entries(MODEL_KEYS)) {
    const v = c.model[field];
    if (String(v) !== String(base.model[field])) p.set(key, Array.isArray(v) ? v.join(',') : String(v));
  }
  if ((c.split.method ?? 'random') !== base.split.method) p.set('split', c.split.method ?? 'random');
  if (c.split.seed !== base.split.seed) p.set('split-seed', String(c.split.seed));
  if (c.split.trainRatio !== base.split.trainRatio) p.set('split-ratio', String(c.split.trainRatio));
  if (c.split.validationRatio !== base.split.validationRatio) p.set('validation', String(c.split.validationRatio));
  if (c.threshold !== base.threshold) p.set('threshold', String(c.threshold));
  if (c.k !== base.k) p.set('k', String(c.k));
  if (c.backend !== base.backend) p.set('backend', c.backend);
  if (c.references.set !== base.references.set) p.set('references', c.references.set);
  if (c.references.knnNeighbours !== base.references.knnNeighbours) p.set('knn-k', String(c.references.knnNeighbours));
  if (c.references.easeLambda !== base.references.easeLambda) p.set('ease-lambda', String(c.references.easeLambda));
  return p;
}

/**
 * Parses parameters (URL query or CLI flags) over the preset's defaults. Unknown keys are ignored
 * unless `strict`, when they throw. Returns the config without validating it.
 */
export function runConfigFromParams(p: URLSearchParams | Map<string, string>, strict = false): RunConfig {
  const get = (k: string) => (p instanceof Map ? p.get(k) : (p.get(k) ?? undefined));
  const c = defaultRunConfig(get('preset') ?? 'seed');
  if (get('preset') && !PRESETS[get('preset')!]) c.preset = get('preset')!;
  const num = (k: string, s: string) => {
    const v = Number(s);
    if (s.trim() === '' || !Number.isFinite(v)) throw new Error(`--${k} must be a number, got "${s}"`);
    return v;
  };
  for (const [key, field] of Object.entries(MODEL_KEYS)) {
    const s = get(key);
    if (s === undefined) continue;
    const m = c.model as unknown as Record<string, unknown>;
    if (field === 'hidden') m[field] = s.split(',').map((x) => num(key, x));
    else if (field === 'activations') m[field] = s.split(',');
    else if (field === 'shuffle') m[field] = s === 'true' || s === '1' || s === '';
    else if (['init', 'optimizer', 'loss', 'input'].includes(field)) m[field] = s;
    else if ((field === 'lambda' || field === 'p') && s.trim() === 'auto') m[field] = 'auto';
    else m[field] = num(key, s);
  }
  if (get('split') !== undefined) c.split.method = get('split') as SplitMethod;
  if (get('split-seed') !== undefined) c.split.seed = num('split-seed', get('split-seed')!);
  if (get('split-ratio') !== undefined) c.split.trainRatio = num('split-ratio', get('split-ratio')!);
  if (get('validation') !== undefined) c.split.validationRatio = num('validation', get('validation')!);
  if (get('threshold') !== undefined) c.threshold = num('threshold', get('threshold')!);
  if (get('k') !== undefined) c.k = num('k', get('k')!);
  if (get('backend') !== undefined) c.backend = get('backend') as BackendChoice;
  if (get('references') !== undefined) c.references.set = get('references') as ReferenceSet;
  if (get('knn-k') !== undefined) c.references.knnNeighbours = num('knn-k', get('knn-k')!);
  const lambda = get('ease-lambda');
  if (lambda !== undefined) c.references.easeLambda = lambda.trim().toLowerCase() === 'auto' ? 'auto' : num('ease-lambda', lambda);
  if (strict) {
    const unknown = [...p.keys()].filter((k) => !PARAM_NAMES.includes(k));
    if (unknown.length) throw new Error(`unknown option(s): ${unknown.map((k) => `--${k}`).join(', ')}`);
  }
  // hidden changed without activations: repeat the preset's hidden activation, keep its output one.
  if (get('hidden') !== undefined && get('activations') === undefined) {
    const acts = c.model.activations;
    const hiddenAct = acts[0];
    const outAct = acts[acts.length - 1];
    c.model.activations = [...c.model.hidden.map(() => hiddenAct), outAct];
  }
  return c;
}

/** A link parameter that was dropped, and why. */
export interface DroppedParam {
  key: string;
  value: string;
  reason: string;
}

/**
 * Parses a link's parameters one by one (in PARAM_NAMES order, so `hidden` comes before `activations`),
 * dropping alone each one that is unknown, cannot be parsed, or makes the config invalid; every other
 * parameter is kept. Never throws.
 */
export function runConfigFromParamsKeeping(p: URLSearchParams): { config: RunConfig; dropped: DroppedParam[] } {
  const dropped: DroppedParam[] = [];
  const kept = new URLSearchParams();
  const preset = p.get('preset');
  if (preset !== null) {
    if (PRESETS[preset]) kept.set('preset', preset);
    else dropped.push({ key: 'preset', value: preset, reason: `unknown preset (known: ${Object.keys(PRESETS).join(', ')})` });
  }
  let config = runConfigFromParams(kept);
  let problems = new Set(validateRunConfig(config));
  for (const [key, value] of p) if (!PARAM_NAMES.includes(key)) dropped.push({ key, value, reason: 'unknown parameter' });
  for (const key of PARAM_NAMES) {
    const value = p.get(key);
    if (key === 'preset' || value === null) continue;
    const trial = new URLSearchParams(kept);
    trial.set(key, value);
    try {
      const c = runConfigFromParams(trial);
      const added = validateRunConfig(c).filter((x) => !problems.has(x));
      if (added.length) {
        dropped.push({ key, value, reason: added.join('; ') });
        continue;
      }
      kept.set(key, value);
      config = c;
      problems = new Set(validateRunConfig(c));
    } catch (e) {
      dropped.push({ key, value, reason: (e instanceof Error ? e.message : String(e)).replace(/^--\S+ /, '') });
    }
  }
  return { config, dropped };
}
