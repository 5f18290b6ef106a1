import { describe, expect, it } from 'vitest';
import { Rng } from '../data/rng';
import { arraySplitOffsets, batchEntries, dropoutMask, epochUserOrder, inputValues, targetValues } from './batching';
import { SEED_MODEL } from '../engine/presets';
import { csrFromRows, emptyCsr } from '../../testing/synthetic';

describe('arraySplitOffsets (np.array_split of users into max(1, ⌊users/batch⌋) batches)', () => {
  it('1003 users / 250 → [251, 251, 251, 250]', () => {
    const o = arraySplitOffsets(1003, 250);
    expect([...o]).toEqual([0, 251, 502, 753, 1003]);
  });
  it('10 users / 250 → one batch', () => {
    expect([...arraySplitOffsets(10, 250)]).toEqual([0, 10]);
  });
  it('exact multiples and remainders spread over the first batches', () => {
    expect([...arraySplitOffsets(500, 250)]).toEqual([0, 250, 500]);
    expect([...arraySplitOffsets(749, 250)]).toEqual([0, 375, 749]); // 2 batches: 375 + 374
    expect([...arraySplitOffsets(6040, 250)].slice(0, 3)).toEqual([0, 252, 504]); // 24 batches, 16 of 252
    expect(arraySplitOffsets(6040, 250).length - 1).toBe(24);
  });
});

describe('epoch order, inputs, dropout', () => {
  it('ascending without shuffle; a seeded permutation per epoch with shuffle', () => {
    expect(epochUserOrder(5, SEED_MODEL, 0)).toBeNull();
    const m = { ...SEED_MODEL, shuffle: true };
    const a = epochUserOrder(50, m, 0)!,
      b = epochUserOrder(50, m, 0)!,
      c = epochUserOrder(50, m, 1)!;
    expect([...a]).toEqual([...b]);
    expect([...a]).not.toEqual([...c]);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  const split = {
    config: { trainRatio: 0.8, seed: 1, validationRatio: 0 },
    train: csrFromRows(
      [
        [
          [0, 1],
          [2, 5],
        ],
        [],
        [
          [1, 3],
          [2, 4],
          [3, 2],
        ],
      ],
      4,
    ),
    test: emptyCsr(3, 4),
    validation: emptyCsr(3, 4),
    scale: { min: 1, max: 5 },
  };

  it('minmax scales (r − min)/(max − min); binary-l2 is 1/√count per row', () => {
    expect([...inputValues(split, SEED_MODEL)]).toEqual([0, 1, 0.5, 0.75, 0.25]);
    const b = inputValues(split, { ...SEED_MODEL, input: 'binary-l2' });
    expect([...b].map((v) => +v.toFixed(6))).toEqual([+Math.SQRT1_2.toFixed(6), +Math.SQRT1_2.toFixed(6), 0.57735, 0.57735, 0.57735]);
    expect(inputValues({ ...split, scale: { min: 3, max: 3 } }, SEED_MODEL).every((v) => v === 1)).toBe(true);
  });

  it('multinomial targets are 1 at every rating; mse reconstructs the input', () => {
    const inputs = inputValues(split, SEED_MODEL);
    expect(targetValues(inputs, SEED_MODEL)).toBeNull();
    expect([...targetValues(inputs, { ...SEED_MODEL, loss: 'multinomial' })!]).toEqual([1, 1, 1, 1, 1]);
  });

  it('batch entries follow the user order; dropout keeps 1/(1 − p) or drops', () => {
    const { entries, localRows } = batchEntries(split.train, Int32Array.from([2, 0]));
    expect([...entries]).toEqual([2, 3, 4, 0, 1]);
    expect([...localRows]).toEqual([0, 0, 0, 1, 1]);
    const m = dropoutMask(new Rng(3), 10000, 0.25);
    const kept = m.filter((v) => v > 0);
    expect(kept.every((v) => Math.abs(v - 4 / 3) < 1e-6)).toBe(true);
    expect(Math.abs(kept.length / 10000 - 0.75)).toBeLessThan(0.02);
  });
});
