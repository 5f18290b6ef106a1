import { describe, expect, it } from 'vitest';
import { generateSample } from './sample';
import { csrRows, datasetFromSplit, scaleValues, splitDataset } from './split';
import { InputError, type Csr, type RatingsDataset } from './types';
import { Rng } from './rng';
import { defaultRunConfig } from '../engine/config';
import { runConfigFromParams, runConfigToParams } from '../engine/configParams';

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

/** The sample with timestamps drawn at random (few distinct values, so ties occur), not in item order. */
function withShuffledTimes(d: RatingsDataset, seed: number): RatingsDataset {
  const rng = new Rng(seed);
  return { ...d, timestamps: Float64Array.from(d.timestamps, () => 1e9 + rng.int(40)) };
}

/** Per user, the entries (item index, timestamp) of a CSR split part, looked up in the dataset. */
function partTimes(c: Csr, d: RatingsDataset, u: number): { item: number; t: number }[] {
  const out: { item: number; t: number }[] = [];
  for (let k = c.rowPtr[u]; k < c.rowPtr[u + 1]; k++) {
    const item = c.colIdx[k];
    let p = d.ratings.rowPtr[u];
    while (d.ratings.colIdx[p] !== item) p++;
    out.push({ item, t: d.timestamps[p] });
  }
  return out;
}

/** a comes no later than b in (timestamp, item) order. */
const notAfter = (a: { item: number; t: number }, b: { item: number; t: number }) => a.t < b.t || (a.t === b.t && a.item <= b.item);

describe('splitDataset, temporal (method: time)', () => {
  const timed = withShuffledTimes(ds, 9);
  const tcfg = { ...cfg, method: 'time' as const };

  it("holds out each user's latest ratings (ties by item), with the random split's per-user counts", () => {
    const s = splitDataset(timed, tcfg);
    const random = splitDataset(timed, cfg);
    expectWellFormed(s.train, timed);
    expectWellFormed(s.test, timed);
    expect([...keys(s.train), ...keys(s.test)].sort()).toEqual(keys(timed.ratings).sort());
    for (let u = 0; u < timed.ratings.rows; u++) {
      expect(rowLen(s.train, u)).toBe(rowLen(random.train, u));
      expect(rowLen(s.test, u)).toBe(rowLen(random.test, u));
      const train = partTimes(s.train, timed, u);
      for (const late of partTimes(s.test, timed, u)) for (const early of train) expect(notAfter(early, late)).toBe(true);
    }
    // It is not the random split, and it does not depend on the split seed.
    expect(keys(s.test)).not.toEqual(keys(random.test));
    expect(keys(splitDataset(timed, { ...tcfg, seed: 7 }).test)).toEqual(keys(s.test));
  });

  it('breaks timestamp ties by item: all-equal timestamps hold out the highest items', () => {
    const flat = { ...ds, timestamps: new Float64Array(ds.timestamps.length).fill(5) };
    const s = splitDataset(flat, tcfg);
    for (let u = 0; u < flat.ratings.rows; u++) {
      const n = rowLen(flat.ratings, u);
      const items = Array.from(flat.ratings.colIdx.subarray(flat.ratings.rowPtr[u], flat.ratings.rowPtr[u + 1]));
      expect(Array.from(s.test.colIdx.subarray(s.test.rowPtr[u], s.test.rowPtr[u + 1]))).toEqual(items.slice(n - rowLen(s.test, u)));
    }
  });

  it('carves validation from the latest training ratings, leaving the test set unchanged', () => {
    const base = splitDataset(timed, tcfg);
    const s = splitDataset(timed, { ...tcfg, validationRatio: 0.25 });
    expect(keys(s.test)).toEqual(keys(base.test));
    for (let u = 0; u < timed.ratings.rows; u++) {
      const train = partTimes(s.train, timed, u);
      for (const v of partTimes(s.validation, timed, u)) for (const t of train) expect(notAfter(t, v)).toBe(true);
    }
    expect(s.validation.colIdx.length).toBeGreaterThan(0);
  });

  it('fails with an InputError naming the file when it has no timestamps', () => {
    const none = { ...ds, timestamps: new Float64Array(ds.timestamps.length) };
    expect(() => splitDataset(none, tcfg, 'u.data')).toThrow(InputError);
    expect(() => splitDataset(none, tcfg, 'u.data')).toThrow(/^u\.data: the temporal split .* needs timestamps/);
    expect(() => splitDataset(none, cfg, 'u.data')).not.toThrow();
  });

  it('round-trips through the URL / CLI parameters as split=time', () => {
    const c = defaultRunConfig('seed');
    c.split.method = 'time';
    const p = runConfigToParams(c);
    expect(p.get('split')).toBe('time');
    expect(runConfigFromParams(p).split.method).toBe('time');
    expect(runConfigToParams(defaultRunConfig('seed')).has('split')).toBe(false);
    expect(runConfigFromParams(new URLSearchParams('split=time')).split).toEqual({ ...c.split });
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

describe('datasetFromSplit (a resumed session re-split)', () => {
  it('rebuilds the ratings, so any random re-split equals the one of the original dataset', () => {
    const first = splitDataset(ds, { trainRatio: 0.7, seed: 3, validationRatio: 0.2 });
    const rebuilt = datasetFromSplit(ds.userIds, ds.itemIds, first);
    expect(rebuilt.ratings.rowPtr).toEqual(ds.ratings.rowPtr);
    expect(rebuilt.ratings.colIdx).toEqual(ds.ratings.colIdx);
    expect(rebuilt.ratings.values).toEqual(ds.ratings.values);
    for (const cfg of [
      { trainRatio: 0.5, seed: 9, validationRatio: 0 },
      { trainRatio: 0.8, seed: 1, validationRatio: 0.1 },
    ]) {
      const again = splitDataset(rebuilt, cfg);
      const direct = splitDataset(ds, cfg);
      for (const part of ['train', 'validation', 'test'] as const) expect(keys(again[part])).toEqual(keys(direct[part]));
      expect(again.train.values).toEqual(direct.train.values);
    }
  });

  it('keeps no timestamps: the temporal split refuses it', () => {
    const rebuilt = datasetFromSplit(ds.userIds, ds.itemIds, splitDataset(ds, { trainRatio: 0.8, seed: 1, validationRatio: 0 }));
    expect(() => splitDataset(rebuilt, { method: 'time', trainRatio: 0.8, seed: 1, validationRatio: 0 })).toThrow(InputError);
  });
});
