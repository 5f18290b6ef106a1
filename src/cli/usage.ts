/**
 * Help texts of the CLI and the preset listing. The hyper-parameter list is built from configParams.ts's
 * PARAM_NAMES, so a parameter added there shows up here (with its default) without a change.
 */
import { defaultRunConfig } from '../engine/config';
import { PARAM_NAMES } from '../engine/configParams';
import { PRESETS } from '../engine/presets';
import { CLI_BACKENDS } from './args';

/** One-line descriptions of the known parameters (PARAM_NAMES without one are listed bare). */
const DESCRIBE: Record<string, string> = {
  preset: 'model preset to start from (see `presets`)',
  split: "random | time (each user's latest ratings by timestamp are the test set)",
  'split-seed': 'seed of the per-user train/test split (random)',
  'split-ratio': "fraction of each user's ratings used for training, in (0,1)",
  validation: 'fraction of the training ratings held out for validation, in [0,1)',
  threshold: 'a held-out rating is relevant when ≥ T (0: all)',
  k: 'cut-off K of the metrics and of recs.tsv',
  backend: `${CLI_BACKENDS.join(' | ')} (default cpu)`,
  references: 'none | popular | all (most-popular, item-kNN, EASE): the `references` of the last line',
  'knn-k': 'item-kNN neighbours per item',
  'ease-lambda': 'EASE L2 weight λ, or auto (chosen on a 10% validation carve of train)',
  hidden: 'hidden layer sizes, e.g. 10,5,10',
  activations: 'one per layer incl. output: sigmoid | tanh | relu | linear',
  init: 'normal | glorot',
  'init-std': 'standard deviation of the normal init',
  optimizer: 'rmsprop-tf1 | adam',
  lr: 'learning rate',
  decay: 'RMSProp decay (rho)',
  momentum: 'RMSProp momentum',
  epsilon: 'optimizer epsilon',
  'accumulator-init': "initial value of RMSProp's accumulator",
  loss: 'mse-dense | multinomial',
  input: 'minmax | binary-l2',
  dropout: 'input dropout rate while training, in [0,1)',
  l2: 'L2 penalty on the weights',
  epochs: 'number of epochs',
  'batch-size': 'users per batch',
  shuffle: 'reshuffle users every epoch (--shuffle / --no-shuffle)',
  seed: 'seed of init, dropout and shuffling',
  patience: 'early stopping after N epochs without validation gain (needs --validation)',
  lambda: "linear presets (edlae): L2 weight λ > 0, or 'auto' (chosen on validation)",
  p: "linear presets (edlae): emphasised-dropout probability in [0,1) (0 = EASE), or 'auto'",
};

/** Model field of a parameter name: camelCase of the kebab name, except lr. */
const fieldOf = (param: string) => (param === 'lr' ? 'learningRate' : param.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()));

/** The default value of each parameter under the seed preset, as the CLI would spell it. */
function defaults(): Map<string, string> {
  const c = defaultRunConfig('seed');
  const all = new Map<string, string>([
    ['preset', c.preset],
    ['split', String(c.split.method)],
    ['split-seed', String(c.split.seed)],
    ['split-ratio', String(c.split.trainRatio)],
    ['validation', String(c.split.validationRatio)],
    ['threshold', String(c.threshold)],
    ['k', String(c.k)],
    ['backend', 'cpu'],
    ['references', c.references.set],
    ['knn-k', String(c.references.knnNeighbours)],
    ['ease-lambda', String(c.references.easeLambda)],
  ]);
  const m = c.model as unknown as Record<string, unknown>;
  for (const key of PARAM_NAMES) {
    const v = m[fieldOf(key)];
    if (!all.has(key) && v !== undefined) all.set(key, Array.isArray(v) ? v.join(',') : String(v));
  }
  return all;
}

/** The full --help text. */
export function usageText(): string {
  const dflt = defaults();
  const width = Math.max(...PARAM_NAMES.map((p) => p.length)) + 4;
  const params = PARAM_NAMES.map((p) => {
    const d = dflt.get(p);
    return `  --${p.padEnd(width)}${DESCRIBE[p] ?? ''}${d !== undefined && d !== '' ? ` [${d}]` : ''}`;
  });
  return [
    'Recommender trainer CLI (autoencoder collaborative filtering, TensorFlow.js in Node)',
    '',
    'usage:',
    '  npm run cli -- train <ratings file | zip | dir> [--movies FILE] [--out DIR] [options]',
    '  npm run cli -- evaluate --recs recs.tsv --test test.tsv [--k 10] [--threshold 0]',
    '  npm run cli -- presets',
    '  npm run cli -- --help',
    '',
    'train reads ratings.dat / u.data / ratings.csv (or a GroupLens zip), splits per user, trains, and',
    'writes train.tsv, test.tsv, recs.tsv, metrics.jsonl and config.json to --out',
    '(default ./out/<input name>). The last stdout line is the final metrics as JSON.',
    '',
    'train options:',
    `  --${'movies'.padEnd(width)}movies.dat / u.item / movies.csv (optional)`,
    `  --${'out'.padEnd(width)}output directory`,
    ...params,
    '',
    'exit codes: 0 ok, 1 bad input file or training failure, 2 bad command line, 130 interrupted (outputs still written)',
  ].join('\n');
}

/** `presets`: one line per preset, `name  description`. */
export function presetLines(): string[] {
  const names = Object.keys(PRESETS);
  const width = Math.max(...names.map((n) => n.length)) + 2;
  return names.map((n) => `${n.padEnd(width)}${PRESETS[n].description}`);
}
