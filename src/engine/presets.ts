/**
 * The model presets: the tutorial's autoencoder (`seed`), Mult-DAE and EDLAE, in one registry (PRESETS).
 * A new preset is one more entry there; config.ts, the UI and the CLI list and validate from it.
 */
import type { ModelConfig } from './config';

/** The tutorial's model, exactly. */
export const SEED_MODEL: ModelConfig = {
  kind: 'dense',
  lambda: 'auto',
  p: 'auto',
  hidden: [10, 5, 10],
  activations: ['sigmoid', 'sigmoid', 'sigmoid', 'sigmoid'],
  init: 'normal',
  initStd: 1,
  optimizer: 'rmsprop-tf1',
  learningRate: 0.03,
  decay: 0.9,
  momentum: 0,
  epsilon: 1e-10,
  accumulatorInit: 1,
  loss: 'mse-dense',
  input: 'minmax',
  dropout: 0,
  l2: 0,
  epochs: 100,
  batchSize: 250,
  shuffle: false,
  seed: 1,
  patience: 0,
};

/**
 * Mult-DAE (Liang et al., "Variational Autoencoders for Collaborative Filtering", 2018): binary input
 * rows L2-normalised with input dropout 0.5, items→600 (tanh)→items (logits), multinomial
 * log-likelihood, L2 λ = 0.01 on the weights, Glorot init, Adam lr 1e-3. Batches of 100 shuffled users and
 * 50 epochs were chosen on a validation split carved from train (ml-latest-small, 10% of each user's
 * training ratings): validation P@10 peaked at epochs 50–55, while batches of 500 (the paper's, for
 * ML-20M) were still far from converged after 100 epochs on small data.
 */
export const MULT_DAE_MODEL: ModelConfig = {
  ...SEED_MODEL,
  hidden: [600],
  activations: ['tanh', 'linear'],
  init: 'glorot',
  optimizer: 'adam',
  learningRate: 0.001,
  loss: 'multinomial',
  input: 'binary-l2',
  dropout: 0.5,
  l2: 0.01,
  epochs: 50,
  batchSize: 100,
  shuffle: true,
};

/**
 * EDLAE (Steck, "Autoencoders that don't overfit towards the identity", NeurIPS 2020): the linear
 * item–item autoencoder with emphasised dropout in closed form, B = I − C·diagMat(1/diag C),
 * C = (XᵀX + p/(1−p)·diagMat(diag XᵀX) + λI)⁻¹ on the binary training matrix X; p = 0 is EASE. λ and p
 * are chosen on the validation split, else a seeded 10% carve of train (linearSearch.ts), then B is
 * refit on all of train. Each fit is reported as one epoch; `epochs` caps the fits (the search usually
 * stops after 5–10).
 */
export const EDLAE_MODEL: ModelConfig = { ...SEED_MODEL, kind: 'linear', lambda: 'auto', p: 'auto', epochs: 16 };

/** A named starting model. */
export interface Preset {
  name: string;
  description: string;
  model: ModelConfig;
}

/** Every preset by name: the one registry that validation, the app's preset select and the CLI's `presets` read. */
export const PRESETS: Record<string, Preset> = {
  seed: {
    name: 'seed',
    description: "The tutorial's autoencoder: items→10→5→10→items, sigmoid, N(0,1) init, dense MSE, TF1 RMSProp lr 0.03, 100 epochs",
    model: SEED_MODEL,
  },
  'mult-dae': {
    name: 'mult-dae',
    description:
      'Mult-DAE: binary L2-normalised input, dropout 0.5, items→600 tanh→items, multinomial likelihood, L2 0.01, Adam lr 1e-3, batches of 100, 50 epochs',
    model: MULT_DAE_MODEL,
  },
  edlae: {
    name: 'edlae',
    description:
      'EDLAE: closed-form linear autoencoder with emphasised dropout (EASE when p = 0); λ and p chosen on validation (else a 10% carve of train), then refit on all of train',
    model: EDLAE_MODEL,
  },
};
