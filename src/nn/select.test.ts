import { describe, expect, it } from 'vitest';
import { topKProgram, type FusedLayout } from '../kernels/webgpu/webgpuKernels';
import { isMaskedScore, MASKED_SCORE, MASKED_SCORE_WGSL, selectTopK } from './select';

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

describe('MASKED_SCORE, the one masked-score sentinel', () => {
  it('is a finite f32, below any real score, and recognised after an additive mask', () => {
    const f32 = Math.fround(MASKED_SCORE);
    expect(Number.isFinite(f32)).toBe(true);
    for (const masked of [MASKED_SCORE, f32, -Infinity, NaN]) expect(isMaskedScore(masked), String(masked)).toBe(true);
    for (const score of [-1e30, -1, 0, 0.5, 1e30]) {
      expect(isMaskedScore(Math.fround(score)), String(score)).toBe(false);
      expect(isMaskedScore(Math.fround(Math.fround(score) + f32)), `${score} + mask`).toBe(true);
    }
  });

  it('is interpolated into the WGSL top-k program as a valid f32 literal of the same value', () => {
    expect(MASKED_SCORE_WGSL).toMatch(/^-\d+\.\d*e[+-]?\d+$/); // WGSL decimal float literal (negated)
    expect(Number(MASKED_SCORE_WGSL)).toBe(MASKED_SCORE);
    const layout: FusedLayout = { items: 5, hidden: [2], activations: ['sigmoid', 'sigmoid'], offW: [0, 12], offB: [10, 22], size: 27 };
    const code = topKProgram(layout, 3, 2).getUserCode();
    expect(code).toContain(`tv[j] = ${MASKED_SCORE_WGSL};`);
    expect(code).not.toMatch(/3\.4e38/);
  });
});
