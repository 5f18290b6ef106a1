import { describe, expect, it } from 'vitest';
import { csrFromRows } from '../../testing/synthetic';
import { cooccurrenceCosine, explainRecommendations } from './itemSimilarity';

// 4 users × 5 items. Item 0: users 0,1,2; item 1: users 0,1; item 2: user 3; item 3: users 0,3; item 4: nobody.
const train = csrFromRows(
  [
    [
      [0, 5],
      [1, 4],
      [3, 1],
    ],
    [
      [0, 3],
      [1, 2],
    ],
    [[0, 4]],
    [
      [2, 5],
      [3, 2],
    ],
  ],
  5,
);

describe('cooccurrenceCosine', () => {
  it('is |both| / √(|a|·|b|) over the training users, 0 for an unrated item', () => {
    const sim = cooccurrenceCosine(train, [0, 3, 4], [1, 2, 0]);
    const expected = [
      [2 / Math.sqrt(3 * 2), 0, 1],
      [1 / Math.sqrt(2 * 2), 1 / Math.sqrt(2 * 1), 1 / Math.sqrt(2 * 3)],
      [0, 0, 0],
    ].flat();
    for (let i = 0; i < expected.length; i++) expect(sim[i]).toBeCloseTo(expected[i], 12);
  });
});

describe('explainRecommendations', () => {
  it('picks the rated item with the highest similarity × rating, −1 for padding', () => {
    // Recommending item 3 to someone who rated item 1 (sim 0.5) 5★ and item 2 (sim 0.707) 3★:
    // 0.5·5 = 2.5 > 0.707·3 = 2.12, so item 1 explains it; at 2★ for item 1, item 2 does.
    const recs = Int32Array.of(3, -1);
    expect(
      Array.from(
        explainRecommendations(
          train,
          [
            { item: 1, rating: 5 },
            { item: 2, rating: 3 },
          ],
          recs,
        ),
      ),
    ).toEqual([1, -1]);
    expect(
      Array.from(
        explainRecommendations(
          train,
          [
            { item: 1, rating: 2 },
            { item: 2, rating: 3 },
          ],
          recs,
        ),
      ),
    ).toEqual([2, -1]);
  });

  it('falls back to the highest-rated item when nothing co-occurs', () => {
    const r = explainRecommendations(
      train,
      [
        { item: 0, rating: 3 },
        { item: 1, rating: 4 },
      ],
      Int32Array.of(4, 2),
    );
    expect(Array.from(r)).toEqual([1, 1]);
  });
});
