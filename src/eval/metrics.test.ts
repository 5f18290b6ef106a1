import { describe, expect, it } from 'vitest';
import { csrFromRows } from '../../testing/synthetic';
import { itemPopularity, popularityLists, popularityTopK, rankingMetrics, topKWithoutKnown } from './metrics';

// 3 users × 6 items of held-out ratings.
const test = csrFromRows(
  [
    [
      [1, 5],
      [3, 2],
      [4, 4],
    ], // relevant at threshold 4: {1, 4}
    [[0, 3]], // none at threshold 4
    [
      [2, 4.5],
      [5, 5],
    ], // {2, 5}
  ],
  6,
);
const users = Int32Array.from([0, 1, 2]);
const topK = Int32Array.from([4, 0, 1, /**/ 2, 3, -1, /**/ 0, 3, -1]);

describe('rankingMetrics', () => {
  it('matches a hand computation at threshold 4 (users without relevant items skipped, -1 padding)', () => {
    const m = rankingMetrics(topK, users, 3, test, 4, 6);
    // user 0: hits at ranks 1 and 3 → P 2/3, R 1, DCG 1 + 1/log2(4) = 1.5, IDCG 1 + 1/log2(3); user 2: nothing.
    const ndcg0 = 1.5 / (1 + 1 / Math.log2(3));
    expect(m.users).toBe(2);
    expect(m.precision).toBeCloseTo(1 / 3, 12);
    expect(m.recall).toBeCloseTo(0.5, 12);
    expect(m.ndcg).toBeCloseTo(ndcg0 / 2, 12);
    expect(m.hitRate).toBeCloseTo(0.5, 12);
    expect(m.coverage).toBeCloseTo(5 / 6, 12); // items 0..4 recommended somewhere
  });

  it('threshold 0 counts every held-out rating', () => {
    const m = rankingMetrics(topK, users, 3, test, 0, 6);
    const ndcg0 = 1.5 / (1 + 1 / Math.log2(3) + 0.5); // |rel| = 3 → IDCG over 3 positions
    expect(m.users).toBe(3);
    expect(m.precision).toBeCloseTo(2 / 9, 12);
    expect(m.recall).toBeCloseTo(2 / 9, 12);
    expect(m.ndcg).toBeCloseTo(ndcg0 / 3, 12);
    expect(m.hitRate).toBeCloseTo(1 / 3, 12);
  });

  it('IDCG uses min(|relevant|, K) and duplicates cannot hit twice', () => {
    // user 0 has 3 relevant (threshold 0), K = 2, list [4, 4]: one hit at rank 1.
    const m = rankingMetrics(Int32Array.from([4, 4]), Int32Array.from([0]), 2, test, 0, 6);
    expect(m.precision).toBeCloseTo(0.5, 12);
    expect(m.recall).toBeCloseTo(1 / 3, 12);
    expect(m.ndcg).toBeCloseTo(1 / (1 + 1 / Math.log2(3)), 12);
    expect(m.coverage).toBeCloseTo(1 / 6, 12);
  });

  it('returns zeros when no user has a relevant item', () => {
    const m = rankingMetrics(Int32Array.from([0, 1]), Int32Array.from([1]), 2, test, 5, 6);
    expect(m).toEqual({ precision: 0, recall: 0, ndcg: 0, hitRate: 0, coverage: 2 / 6, users: 0 });
  });

  it('rejects a topK of the wrong size', () => {
    expect(() => rankingMetrics(new Int32Array(5), users, 2, test, 0, 6)).toThrow(/expected 3×2/);
  });
});

describe('popularityTopK', () => {
  const train = csrFromRows(
    [
      [
        [0, 1],
        [1, 1],
      ],
      [
        [1, 1],
        [2, 1],
      ],
      [
        [1, 1],
        [3, 1],
      ],
    ],
    5,
  );

  it('ranks by training count, ties by lower index, and skips training items', () => {
    expect([...itemPopularity(train)]).toEqual([1, 3, 1, 1, 0]);
    expect([...popularityTopK(train, Int32Array.from([0, 1, 2]), 3)]).toEqual([2, 3, 4, 0, 3, 4, 0, 2, 4]);
  });

  it('pads with -1 when fewer unseen items than K exist', () => {
    expect([...popularityTopK(train, Int32Array.from([0]), 4)]).toEqual([2, 3, 4, -1]);
  });

  it('topKWithoutKnown: ranks k + the largest known row of the users asked, then drops their known items', async () => {
    const known = csrFromRows(
      [
        [[2, 1]],
        [],
        [
          [0, 1],
          [4, 1],
        ],
      ],
      5,
    ); // e.g. the validation ratings
    const widths: number[] = [];
    const rank = (users: Int32Array) => (width: number) => {
      widths.push(width);
      return popularityLists(train, users, width);
    };
    const all = Int32Array.from([0, 1, 2]);
    const r = await topKWithoutKnown(rank(all), all, 2, known);
    expect(widths).toEqual([4]);
    expect([...r.items]).toEqual([3, 4, /**/ 0, 3, /**/ 2, -1]);
    expect([...r.scores]).toEqual([1, 0, /**/ 1, 1, /**/ 1, 0]);
    const one = Int32Array.from([1]); // no known item: ranked at k, unchanged
    expect([...(await topKWithoutKnown(rank(one), one, 2, known)).items]).toEqual([0, 3]);
    expect(widths).toEqual([4, 2]);
  });
});
