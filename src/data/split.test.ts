import { describe, expect, it } from 'vitest';
import { generateSample } from './sample';
import { csrRows, scaleValues, splitDataset } from './split';
import type { Csr, RatingsDataset } from './types';

const { dataset: ds } = generateSample({ users: 120, items: 300, ratings: 6000, seed: 5 });
const cfg = { trainRatio: 0.8, seed: 42, validationRatio: 0 };

/** (user, item) keys of a CSR. */
function keys(c: Csr): string[] {
  const out: string[] = [];
  for (let u = 0; u < c.rows; u++) for (let k = c.rowPtr[u]; k < c.rowPtr[u + 1]; k++) out.push(`${u}:${c.colIdx[k]}:${c.values[k]}`);
  return out;
}

function expectWellFormed(c: Csr, d: RatingsDataset) {
  expect(c.rows).toBe(d.ratings.rows);
  expect(c.cols).toBe(d.ratings.cols);
  expect(c.rowPtr.length).toBe(c.rows + 1);
  expect(c.rowPtr[c.rows]).toBe(c.colIdx.length);
  expect(c.values.length).toBe(c.colIdx.length);
  for (let u = 0; u < c.rows; u++)
    for (let k = c.rowPtr[u] + 1; k < c.rowPtr[u + 1]; k++) expect(c.colIdx[k]).toBeGreaterThan(c.colIdx[k - 1]);
}

const rowLen = (c: Csr, u: number) => c.rowPtr[u + 1] - c.rowPtr[u];

describe('splitDataset', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = splitDataset(ds, cfg);
    const b = splitDataset(ds, cfg);
    expect(keys(a.train)).toEqual(keys(b.train));
    expect(keys(a.test)).toEqual(keys(b.test));
    const c = splitDataset(ds, { ...cfg, seed: 43 });
    expect(keys(c.test)).not.toEqual(keys(a.test));
    expect(c.test.colIdx.length).toBe(a.test.colIdx.length);
  });

  it('holds out round((1 - ratio)·n) per user, disjoint sets whose union is the dataset', () => {
    for (const trainRatio of [0.8, 0.5, 0.9]) {
      const s = splitDataset(ds, { ...cfg, trainRatio });
      expectWellFormed(s.train, ds);
      expectWellFormed(s.test, ds);
      expect(s.validation.colIdx.length).toBe(0);
      for (let u = 0; u < ds.ratings.rows; u++) {
        const n = rowLen(ds.ratings, u);
        expect(rowLen(s.train, u)).toBe(Math.min(n, Math.max(1, Math.round(n * trainRatio))));
      }
      const train = keys(s.train);
      const test = keys(s.test);
      const trainSet = new Set(train);
      expect(test.some((k) => trainSet.has(k))).toBe(false);
      expect([...train, ...test].sort()).toEqual(keys(ds.ratings).sort());
    }
  });

  it('carves validation out of train (≥ 1 train left), leaving the test set unchanged', () => {
    const base = splitDataset(ds, cfg);
    const s = splitDataset(ds, { ...cfg, validationRatio: 0.25 });
    expectWellFormed(s.validation, ds);
    expect(keys(s.test)).toEqual(keys(base.test));
    expect([...keys(s.train), ...keys(s.validation)].sort()).toEqual(keys(base.train).sort());
    for (let u = 0; u < ds.ratings.rows; u++) {
      const nTrain = rowLen(base.train, u);
      expect(rowLen(s.validation, u)).toBe(Math.min(nTrain - 1, Math.floor(nTrain * 0.25)));
      expect(rowLen(s.train, u)).toBeGreaterThanOrEqual(1);
    }
    expect(s.config).toEqual({ ...cfg, validationRatio: 0.25 });
  });

  it('keeps single-rating users entirely in train', () => {
    const tiny: RatingsDataset = {
      userIds: Int32Array.from([1, 2]),
      itemIds: Int32Array.from([5, 6]),
      ratings: {
        rows: 2,
        cols: 2,
        rowPtr: Int32Array.from([0, 1, 3]),
        colIdx: Int32Array.from([0, 0, 1]),
        values: Float32Array.from([4, 2, 3]),
      },
      timestamps: new Float64Array(3),
    };
    const s = splitDataset(tiny, { trainRatio: 0.5, seed: 1, validationRatio: 0.9 });
    expect(rowLen(s.train, 0)).toBe(1);
    expect(rowLen(s.test, 0)).toBe(0);
    expect(rowLen(s.validation, 0)).toBe(0);
    expect(rowLen(s.train, 1) + rowLen(s.test, 1)).toBe(2);
  });

  it('learns the scale on the training ratings only', () => {
    const d: RatingsDataset = {
      userIds: Int32Array.from([1]),
      itemIds: Int32Array.from([1, 2, 3, 4]),
      ratings: {
        rows: 1,
        cols: 4,
        rowPtr: Int32Array.from([0, 4]),
        colIdx: Int32Array.from([0, 1, 2, 3]),
        values: Float32Array.from([1, 2, 3, 5]),
      },
      timestamps: new Float64Array(4),
    };
    const s = splitDataset(d, { trainRatio: 0.5, seed: 3, validationRatio: 0 });
    const v = Array.from(s.train.values);
    expect(s.scale).toEqual({ min: Math.min(...v), max: Math.max(...v) });
  });
});

describe('scaleValues and csrRows', () => {
  it('min-max scales, and maps a constant scale to 1', () => {
    expect(Array.from(scaleValues(Float32Array.from([1, 3, 5]), { min: 1, max: 5 }))).toEqual([0, 0.5, 1]);
    expect(Array.from(scaleValues(Float32Array.from([0.5, 5]), { min: 0.5, max: 5 }))).toEqual([0, 1]);
    expect(Array.from(scaleValues(Float32Array.from([4, 4]), { min: 4, max: 4 }))).toEqual([1, 1]);
  });

  it('iterates original ids, users then items ascending', () => {
    const d: RatingsDataset = {
      userIds: Int32Array.from([3, 8]),
      itemIds: Int32Array.from([10, 20, 30]),
      ratings: {
        rows: 2,
        cols: 3,
        rowPtr: Int32Array.from([0, 2, 3]),
        colIdx: Int32Array.from([0, 2, 1]),
        values: Float32Array.from([4, 2.5, 1]),
      },
      timestamps: new Float64Array(3),
    };
    expect([...csrRows(d.ratings, d)]).toEqual([
      [3, 10, 4],
      [3, 30, 2.5],
      [8, 20, 1],
    ]);
  });
});
