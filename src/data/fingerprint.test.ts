import { describe, expect, it } from 'vitest';
import { fingerprintSplit } from './fingerprint';
import { generateSample } from './sample';
import { splitDataset } from './split';
import type { RatingsDataset } from './types';

const { dataset: ds } = generateSample({ users: 80, items: 150, ratings: 2500, seed: 3 });
const cfg = { trainRatio: 0.8, seed: 42, validationRatio: 0 };
const fp = (d: RatingsDataset, c = cfg) => fingerprintSplit(splitDataset(d, c), d.userIds, d.itemIds);

/** A copy of ds with entry `k`'s rating replaced. */
function withRating(k: number, rating: number): RatingsDataset {
  const values = ds.ratings.values.slice();
  values[k] = rating;
  return { ...ds, ratings: { ...ds.ratings, values } };
}

describe('fingerprintSplit', () => {
  it('is deterministic and counts the ratings', () => {
    const a = fp(ds);
    expect(fp(ds)).toEqual(a);
    expect(a.dataset).toMatch(/^2500-[0-9a-f]{16}$/);
    expect(a.split).toMatch(/^2500-[0-9a-f]{16}$/);
    expect(a.split).not.toBe(a.dataset);
  });

  it('the dataset fingerprint ignores the split; the split fingerprint does not', () => {
    const a = fp(ds);
    const otherSeed = fp(ds, { ...cfg, seed: 7 });
    const withVal = fp(ds, { ...cfg, validationRatio: 0.2 });
    expect(otherSeed.dataset).toBe(a.dataset);
    expect(withVal.dataset).toBe(a.dataset);
    expect(otherSeed.split).not.toBe(a.split);
    expect(withVal.split).not.toBe(a.split);
  });

  it('changes when one rating, one item id or one user id changes', () => {
    const a = fp(ds);
    const old = ds.ratings.values[100];
    expect(fp(withRating(100, old === 5 ? 4 : 5)).dataset).not.toBe(a.dataset);
    const itemIds = ds.itemIds.slice();
    itemIds[itemIds.length - 1] += 1000;
    expect(fp({ ...ds, itemIds }).dataset).not.toBe(a.dataset);
    const userIds = ds.userIds.slice();
    userIds[userIds.length - 1] += 1000;
    expect(fp({ ...ds, userIds }).dataset).not.toBe(a.dataset);
  });

  it('changes when two users swap one rated item (same counts per user and item)', () => {
    const { rowPtr, colIdx } = ds.ratings;
    const a = fp(ds);
    const c2 = colIdx.slice();
    const i = rowPtr[0];
    const j = rowPtr[1];
    [c2[i], c2[j]] = [c2[j], c2[i]];
    expect(colIdx[i]).not.toBe(colIdx[j]);
    const swapped = fp({ ...ds, ratings: { ...ds.ratings, colIdx: c2 } });
    expect(swapped.dataset).not.toBe(a.dataset);
  });
});
