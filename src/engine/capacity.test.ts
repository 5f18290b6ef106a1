import { describe, expect, it } from 'vitest';
import { arraysPerParameter, capacityProblems, PARAM_BUDGET_BYTES, parameterCount } from './capacity';
import { defaultRunConfig, validateRunConfig } from './config';

describe('model size limits', () => {
  it('counts weights and biases of items → hidden → items', () => {
    expect(parameterCount([10, 5, 10], 100)).toEqual({ params: 100 * 10 + 10 + 10 * 5 + 5 + 5 * 10 + 10 + 10 * 100 + 100, largest: 1000 });
  });

  it('hidden 100000 on the sample (1,700 items) is a validation problem that says what fits', () => {
    const c = defaultRunConfig('seed');
    c.model.hidden = [100000];
    c.model.activations = ['sigmoid', 'sigmoid'];
    expect(validateRunConfig(c)).toEqual([]); // without data nothing is known about the size
    const [p, ...rest] = validateRunConfig(c, { items: 1700 });
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
    for (const preset of ['seed', 'mult-dae']) expect(capacityProblems(defaultRunConfig(preset).model, { items: 26744 })).toEqual([]);
    expect(arraysPerParameter({ optimizer: 'adam', momentum: 0 })).toBe(3);
    expect(arraysPerParameter({ optimizer: 'rmsprop-tf1', momentum: 0 })).toBe(2);
  });

  it("a weight matrix over the backend's largest buffer", () => {
    const m = defaultRunConfig('mult-dae').model;
    const [p] = capacityProblems(m, { items: 26744, maxBufferBytes: 32 << 20 });
    expect(p).toMatch(/needs a 65 MB weight matrix, over the backend's largest buffer \(34 MB\); at most 313 units per hidden layer fit/);
  });
});
