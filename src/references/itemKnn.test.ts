import { describe, expect, it } from 'vitest';
import { rankingMetrics } from '../eval/metrics';
import { csrFromRows, syntheticSplit } from '../../testing/synthetic';
import { itemKnnWeights64, scores64, topK64 } from '../../testing/linearReference';
import { fitItemKnn } from './itemKnn';

describe('fitItemKnn', () => {
  for (const neighbours of [5, 100]) {
    it(`k = ${neighbours}: float32 scores and top-10 agree with a float64 cosine kNN`, async () => {
      const split = syntheticSplit(90, 60, 12, 5);
      const knn = await fitItemKnn(split.train, { neighbours });
      const users = Int32Array.from({ length: 90 }, (_, i) => i);
      const got = knn.scoreUsers(users);
      const want = scores64(split.train, itemKnnWeights64(split.train, neighbours));
      let err = 0;
      want.forEach((row, u) => {
        for (let j = 0; j < 60; j++) err = Math.max(err, Math.abs(got[u * 60 + j] - row[j]));
      });
      expect(err).toBeLessThan(1e-5);
      const rows = Array.from({ length: 90 }, (_, u) => got.subarray(u * 60, (u + 1) * 60));
      const top32 = topK64(split.train, rows, 10);
      const top64 = topK64(split.train, want, 10);
      const m32 = rankingMetrics(top32, users, 10, split.test, 0, 60);
      const m64 = rankingMetrics(top64, users, 10, split.test, 0, 60);
      expect(m32.precision).toBeCloseTo(m64.precision, 6);
      expect(m32.ndcg).toBeCloseTo(m64.ndcg, 6);
      expect(m64.precision).toBeGreaterThan(0);
    });
  }

  it('keeps the most similar co-occurring neighbours only and scores arbitrary rows', async () => {
    // Items 0,1,2 co-occur; item 3 only with 2; item 4 alone.
    const train = csrFromRows(
      [
        [
          [0, 1],
          [1, 1],
          [2, 1],
        ],
        [
          [0, 1],
          [1, 1],
        ],
        [
          [2, 1],
          [3, 1],
        ],
        [[4, 1]],
      ],
      5,
    );
    const knn = await fitItemKnn(train, { neighbours: 1 });
    // N_1(1) = {0} (sim 2/√4 = 1); N_1(2) = {3} (sim 1/√2 beats sim(0,2) = sim(1,2) = 1/√4); item 4 has none.
    const s = knn.scoreRows(csrFromRows([[[0, 1]], [[3, 1]], [[4, 1]]], 5));
    expect([...s.subarray(0, 5)].map((v) => +v.toFixed(4))).toEqual([0, 1, 0, 0, 0]);
    expect([...s.subarray(5, 10)]).toEqual([0, 0, Math.fround(Math.SQRT1_2), 0, 0]);
    expect([...s.subarray(10, 15)]).toEqual([0, 0, 0, 0, 0]);
    await expect(fitItemKnn(train, { neighbours: 0 })).rejects.toThrow(/positive integer/);
  });
});
