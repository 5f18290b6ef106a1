import { describe, expect, it } from 'vitest';
import { selectTopK } from './select';

describe('selectTopK', () => {
  const row = Float32Array.from([0.5, 0.9, NaN, 0.9, 0.1, 0.7, -Infinity]);

  it('returns the best unflagged items, ties by lower index, NaN skipped', () => {
    const items = new Int32Array(3).fill(-1),
      scores = new Float32Array(3);
    const skip = Uint8Array.from([0, 0, 0, 0, 0, 1, 0]); // item 5 is a training item
    expect(selectTopK(row, skip, 3, items, scores, 0)).toBe(3);
    expect([...items]).toEqual([1, 3, 0]);
    expect([...scores]).toEqual([Math.fround(0.9), Math.fround(0.9), 0.5]);
  });

  it('writes at an offset and reports fewer when not enough items qualify', () => {
    const items = new Int32Array(8).fill(-1),
      scores = new Float32Array(8);
    const skip = Uint8Array.from([1, 1, 0, 1, 0, 1, 1]);
    expect(selectTopK(row, skip, 4, items, scores, 4)).toBe(1);
    expect([...items]).toEqual([-1, -1, -1, -1, 4, -1, -1, -1]);
  });
});
