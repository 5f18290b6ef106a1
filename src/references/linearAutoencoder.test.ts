import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { rankingMetrics } from '../eval/metrics';
import { csrFromRows, syntheticSplit } from '../../testing/synthetic';
import { easeWeights64, scores64, topK64 } from '../../testing/linearReference';
import { fitLinearAutoencoder, linearAutoencoderPlan, MAX_DENSE_SIDE, tooLargeReason } from './linearAutoencoder';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Largest |a − b| relative to the largest |b|. */
function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let err = 0,
    scale = 0;
  for (let i = 0; i < b.length; i++) {
    err = Math.max(err, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return err / scale;
}

const rowsOf = (flat: Float32Array, n: number): Float32Array[] =>
  Array.from({ length: flat.length / n }, (_, r) => flat.subarray(r * n, (r + 1) * n));
const allUsers = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

describe('fitLinearAutoencoder', () => {
  const cases = [
    { name: 'items × items (users ≥ items)', users: 120, items: 50, route: 'items' },
    { name: 'Woodbury in user space (users < items)', users: 40, items: 90, route: 'users' },
  ] as const;
  for (const c of cases) {
    for (const p of [0, 0.3]) {
      it(`${c.name}, p = ${p}: float32 scores and top-10 agree with float64 EASE/EDLAE`, async () => {
        const split = syntheticSplit(c.users, c.items, 14, 11);
        const lambda = 8;
        const model = await fitLinearAutoencoder(split.train, { lambda, p });
        expect(model.solvedIn).toBe(c.route);
        const users = allUsers(c.users);
        const got = model.scoreUsers(users);
        const want = scores64(split.train, easeWeights64(split.train, lambda, p));
        expect(
          relErr(
            got,
            want.flatMap((r) => [...r]),
          ),
        ).toBeLessThan(1e-4);
        const k = 10;
        const top32 = topK64(split.train, rowsOf(got, c.items), k);
        const top64 = topK64(split.train, want, k);
        // Lists may differ only by swapping near-ties; the metrics must be the same.
        const m32 = rankingMetrics(top32, users, k, split.test, 0, c.items);
        const m64 = rankingMetrics(top64, users, k, split.test, 0, c.items);
        expect(m32.precision).toBeCloseTo(m64.precision, 6);
        expect(m32.ndcg).toBeCloseTo(m64.ndcg, 6);
        let same = 0;
        for (let i = 0; i < top32.length; i++) same += top32[i] === top64[i] ? 1 : 0;
        expect(same / top32.length).toBeGreaterThan(0.99);
        expect(m64.precision).toBeGreaterThan(0);
        // Arbitrary rows: a user's own item list scores like the user.
        const row = csrFromRows(
          [[...split.train.colIdx.subarray(split.train.rowPtr[3], split.train.rowPtr[4])].map((i) => [i, 1])],
          c.items,
        );
        expect(relErr(model.scoreRows(row), got.subarray(3 * c.items, 4 * c.items))).toBeLessThan(1e-5);
      });
    }
  }

  it('scores an item never rated in train 0 and ignores it in a row', async () => {
    const train = csrFromRows(
      [
        [
          [0, 5],
          [1, 3],
        ],
        [
          [1, 4],
          [2, 1],
        ],
        [
          [0, 1],
          [2, 2],
        ],
      ],
      4,
    );
    for (const [t, route] of [
      [train, 'items'],
      [{ ...train, rows: 2, rowPtr: train.rowPtr.subarray(0, 3) }, 'users'],
    ] as const) {
      const model = await fitLinearAutoencoder(t, { lambda: 1, p: 0 });
      expect(model.solvedIn).toBe(route);
      const s = model.scoreRows(
        csrFromRows(
          [
            [
              [0, 1],
              [3, 1],
            ],
            [[0, 1]],
          ],
          4,
        ),
      );
      expect(s[3]).toBe(0);
      expect([...s.subarray(0, 3)]).toEqual([...s.subarray(4, 7)]);
    }
  });

  it('validates λ and p and names the size limit', async () => {
    const split = syntheticSplit(10, 8, 4);
    await expect(fitLinearAutoencoder(split.train, { lambda: 0, p: 0 })).rejects.toThrow(/λ/);
    await expect(fitLinearAutoencoder(split.train, { lambda: 1, p: 1 })).rejects.toThrow(/dropout/);
    expect(tooLargeReason(split.train)).toBeNull();
    const wide = {
      rows: MAX_DENSE_SIDE + 1,
      cols: MAX_DENSE_SIDE + 2,
      rowPtr: new Int32Array(MAX_DENSE_SIDE + 2).map((_, u) => Math.min(u, MAX_DENSE_SIDE + 1)),
      colIdx: Int32Array.from({ length: MAX_DENSE_SIDE + 1 }, (_, i) => i),
      values: new Float32Array(MAX_DENSE_SIDE + 1),
    };
    expect(linearAutoencoderPlan(wide)).toEqual({ solvedIn: 'items', denseSide: MAX_DENSE_SIDE + 1, fits: false });
    expect(tooLargeReason(wide)).toMatch(/12,001 × 12,001/);
    await expect(fitLinearAutoencoder(wide, { lambda: 1, p: 0 })).rejects.toThrow(/too large/);
  });
});
