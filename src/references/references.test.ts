import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_REFERENCES } from '../engine/config';
import { popularityTopK, rankingMetrics } from '../eval/metrics';
import { csrFromRows, syntheticSplit } from '../../testing/synthetic';
import type { Csr } from '../data/types';
import { easeWeights64, itemKnnWeights64, scores64, topK64 } from '../../testing/linearReference';
import { computeReferences, EASE_LAMBDA_GRID, easeValidationCarve } from './references';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const base = (seed = 9) => {
  const split = syntheticSplit(70, 45, 12, seed);
  return { train: split.train, test: split.test, validation: split.validation, splitSeed: 42, k: 10, threshold: 0 };
};

describe('computeReferences', () => {
  it('gives most-popular, item-kNN and EASE metrics equal to float64 computations', async () => {
    const input = base();
    const seen: string[] = [];
    const refs = await computeReferences(
      { ...input, config: { set: 'all', knnNeighbours: 20, easeLambda: 30 } },
      { onProgress: (name, f) => f === 1 && seen.push(name) },
    );
    expect(refs.map((r) => r.name)).toEqual(['popular', 'itemknn', 'ease']);
    const users = Int32Array.from({ length: 70 }, (_, i) => i);
    const metrics = (top: Int32Array) => rankingMetrics(top, users, 10, input.test, 0, 45);
    const want = {
      popular: metrics(popularityTopK(input.train, users, 10)),
      itemknn: metrics(topK64(input.train, scores64(input.train, itemKnnWeights64(input.train, 20)), 10)),
      ease: metrics(topK64(input.train, scores64(input.train, easeWeights64(input.train, 30, 0)), 10)),
    };
    for (const r of refs) {
      expect(r.metrics!.precision).toBeCloseTo(want[r.name].precision, 6);
      expect(r.metrics!.ndcg).toBeCloseTo(want[r.name].ndcg, 6);
      expect(r.topK.length).toBe(70 * 10);
      expect(r.listLength).toBe(10);
    }
    expect(refs[2].params.lambda).toBe(30);
    expect(seen).toEqual(['popular', 'itemknn', 'ease']);
    expect(refs[2].metrics!.precision).toBeGreaterThan(refs[0].metrics!.precision);
  });

  it('with a validation split, leaves validation items out of every list and equals float64 computations given train + validation as known', async () => {
    const split = syntheticSplit(70, 45, 12, 9, 0.8, 0.3);
    const input = { train: split.train, test: split.test, validation: split.validation, splitSeed: 42, k: 5, threshold: 0 };
    const refs = await computeReferences({ ...input, config: { set: 'all', knnNeighbours: 20, easeLambda: 30 } });
    // Train + validation as one CSR: the items skipped by the independent top-k (models still fit on train only).
    const rowsOf = (m: Csr, u: number) => [...m.colIdx.subarray(m.rowPtr[u], m.rowPtr[u + 1])].map((i): [number, number] => [i, 1]);
    const known = csrFromRows(
      Array.from({ length: 70 }, (_, u) => [...rowsOf(split.train, u), ...rowsOf(split.validation, u)]),
      45,
    );
    const users = Int32Array.from({ length: 70 }, (_, i) => i);
    const counts = new Float64Array(45);
    for (const i of split.train.colIdx) counts[i]++;
    const scores = {
      popular: Array.from({ length: 70 }, () => counts),
      itemknn: scores64(split.train, itemKnnWeights64(split.train, 20)),
      ease: scores64(split.train, easeWeights64(split.train, 30, 0)),
    };
    const metrics = (top: Int32Array) => rankingMetrics(top, users, 5, split.test, 0, 45);
    for (const r of refs) {
      const want = metrics(topK64(known, scores[r.name], 5));
      expect(r.metrics!.users).toBe(want.users);
      expect(r.metrics!.precision).toBeCloseTo(want.precision, 6);
      expect(r.metrics!.recall).toBeCloseTo(want.recall, 6);
      expect(r.metrics!.ndcg).toBeCloseTo(want.ndcg, 6);
      // The browsed / exported lists (top 10) hold no training or validation item of their user.
      expect(r.listLength).toBe(10);
      expect([...r.topK]).toEqual([...topK64(known, scores[r.name], 10)]);
    }
    // Leaving validation items out changes the figures here, so the check can fail.
    const ease = refs.find((r) => r.name === 'ease')!;
    expect(Math.abs(metrics(topK64(split.train, scores.ease, 5)).precision - ease.metrics!.precision)).toBeGreaterThan(1e-3);
  });

  it('set popular / none compute less', async () => {
    expect((await computeReferences({ ...base(), config: { ...DEFAULT_REFERENCES, set: 'popular' } })).map((r) => r.name)).toEqual([
      'popular',
    ]);
    expect(await computeReferences({ ...base(), config: { ...DEFAULT_REFERENCES, set: 'none' } })).toEqual([]);
  });

  it('auto λ: picks the grid λ with the best validation P@K, never looks at test, refits on all of train', async () => {
    const input = base(4);
    const config = { set: 'all', knnNeighbours: 20, easeLambda: 'auto' } as const;
    const refs = await computeReferences({ ...input, config });
    const ease = refs[2];
    expect(ease.params.validation!.map((v) => v.lambda)).toEqual(EASE_LAMBDA_GRID);
    const best = Math.max(...ease.params.validation!.map((v) => v.precision));
    expect(ease.params.lambda).toBe(ease.params.validation!.find((v) => v.precision === best)!.lambda);
    // Same λ when the test split is replaced by something else entirely.
    const other = syntheticSplit(70, 45, 12, 99);
    const again = await computeReferences({ ...input, test: other.test, config });
    expect(again[2].params.lambda).toBe(ease.params.lambda);
    expect(again[2].params.validation).toEqual(ease.params.validation);
    // The refit on all of train equals a fixed-λ run with that λ.
    const fixed = await computeReferences({ ...input, config: { ...config, easeLambda: ease.params.lambda! } });
    expect([...fixed[2].topK]).toEqual([...ease.topK]);
  });

  it('carves 10% of each user’s training ratings with the split seed + 1 when the split has no validation part', () => {
    const input = base();
    const { fit, held } = easeValidationCarve(input);
    const nnz = (c: { rowPtr: Int32Array; rows: number }) => c.rowPtr[c.rows];
    expect(nnz(fit) + nnz(held)).toBe(nnz(input.train));
    for (let u = 0; u < 70; u++) {
      const n = input.train.rowPtr[u + 1] - input.train.rowPtr[u];
      expect(held.rowPtr[u + 1] - held.rowPtr[u]).toBe(Math.min(n - 1, Math.floor(n * 0.1)));
    }
    const withVal = syntheticSplit(70, 45, 12, 9, 0.8, 0.2);
    expect(easeValidationCarve({ ...withVal, splitSeed: 1 }).held).toBe(withVal.validation);
  });
});
