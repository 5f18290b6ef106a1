import { describe, expect, it } from 'vitest';
import type { Csr, DatasetSplit } from '../data/types';
import { linearAutoencoderPlan, MAX_DENSE_SIDE } from '../references/linearAutoencoder';
import { arraysPerParameter, capacityProblems, PARAM_BUDGET_BYTES, parameterCount } from './capacity';
import { defaultRunConfig, validateRunConfig } from './config';
import { InProcessEngine } from './inProcessEngine';

/** users × items, user u rating item u mod items (every item rated when users ≥ items). */
function diagonal(users: number, items: number): Csr {
  return {
    rows: users,
    cols: items,
    rowPtr: Int32Array.from({ length: users + 1 }, (_, u) => u),
    colIdx: Int32Array.from({ length: users }, (_, u) => u % items),
    values: new Float32Array(users).fill(4),
  };
}

describe('model size limits', () => {
  it('counts weights and biases of items → hidden → items', () => {
    expect(parameterCount([10, 5, 10], 100)).toEqual({ params: 100 * 10 + 10 + 10 * 5 + 5 + 5 * 10 + 10 + 10 * 100 + 100, largest: 1000 });
  });

  it('hidden 100000 on the sample (1,700 items) is a validation problem that says what fits', () => {
    const c = defaultRunConfig('seed');
    c.model.hidden = [100000];
    c.model.activations = ['sigmoid', 'sigmoid'];
    expect(validateRunConfig(c)).toEqual([]); // without data nothing is known about the size
    const [p, ...rest] = validateRunConfig(c, { users: 1000, items: 1700 });
    expect(rest).toEqual([]);
    expect(p).toMatch(
      /^hidden 100000 needs 2\.7 GB of parameters and optimiser state for 1,700 items \(budget 1\.1 GB\); at most ([\d,]+) units per hidden layer fit$/,
    );
    const fit = Number(/at most ([\d,]+)/.exec(p)![1].replace(/,/g, ''));
    // The stated maximum fits and one more does not.
    const bytes = (h: number) => parameterCount([h], 1700).params * 4 * arraysPerParameter(c.model);
    expect(bytes(fit)).toBeLessThanOrEqual(PARAM_BUDGET_BYTES);
    expect(bytes(fit + 1)).toBeGreaterThan(PARAM_BUDGET_BYTES);
  });

  it('the presets fit ML-20M (26,744 items); Adam keeps two moments', () => {
    for (const preset of ['seed', 'mult-dae'])
      expect(capacityProblems(defaultRunConfig(preset).model, { users: 138493, items: 26744 })).toEqual([]);
    expect(arraysPerParameter({ optimizer: 'adam', momentum: 0 })).toBe(3);
    expect(arraysPerParameter({ optimizer: 'rmsprop-tf1', momentum: 0 })).toBe(2);
  });

  it("a weight matrix over the backend's largest buffer", () => {
    const m = defaultRunConfig('mult-dae').model;
    const [p] = capacityProblems(m, { users: 138493, items: 26744, maxBufferBytes: 32 << 20 });
    expect(p).toMatch(/needs a 65 MB weight matrix, over the backend's largest buffer \(34 MB\); at most 313 units per hidden layer fit/);
  });

  it('edlae on ML-20M (138,493 users × 26,744 items) is a validation problem naming the limit and why', () => {
    const c = defaultRunConfig('edlae');
    const shape = { users: 138493, items: 26744 };
    expect(validateRunConfig(c, shape)).toEqual([
      'the linear model solves a dense 26,744 × 26,744 system on this data (the smaller of 138,493 users and 26,744 items; ' +
        '2.9 GB as float32); at most 12,000 items or users fit',
    ]);
    // Its hidden sizes are unused: a dense size that would not fit is no problem for the linear kind.
    c.model.hidden = [100000];
    c.model.activations = ['sigmoid', 'sigmoid'];
    expect(validateRunConfig(c, { users: 610, items: 9724 })).toEqual([]);
  });

  it("the linear limit is the fit's own: min(users, items) up to MAX_DENSE_SIDE fits, one more does not", () => {
    const m = defaultRunConfig('edlae').model;
    for (const [users, items] of [
      [MAX_DENSE_SIDE, MAX_DENSE_SIDE + 5],
      [MAX_DENSE_SIDE + 5, MAX_DENSE_SIDE],
      [MAX_DENSE_SIDE + 1, MAX_DENSE_SIDE + 1],
      [MAX_DENSE_SIDE + 2, MAX_DENSE_SIDE + 1],
    ]) {
      const fits = linearAutoencoderPlan(diagonal(users, items)).fits;
      expect(fits).toBe(Math.min(users, items) <= MAX_DENSE_SIDE);
      expect(capacityProblems(m, { users, items })).toHaveLength(fits ? 0 : 1);
    }
  });

  it('InProcessEngine.load refuses an edlae model too large for the data, before touching a backend', async () => {
    const n = MAX_DENSE_SIDE + 1;
    const split: DatasetSplit = {
      config: { trainRatio: 0.8, validationRatio: 0, seed: 1 },
      train: diagonal(n, n),
      test: diagonal(n, n),
      validation: diagonal(n, n),
      scale: { min: 1, max: 5 },
    };
    const probes = () => {
      throw new Error('no backend should be probed');
    };
    await expect(new InProcessEngine(probes).load(split, defaultRunConfig('edlae'))).rejects.toThrow(
      /^Invalid configuration: the linear model solves a dense 12,001 × 12,001 system .*at most 12,000 items or users fit$/,
    );
  });
});
