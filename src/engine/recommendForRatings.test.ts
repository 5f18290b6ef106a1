import { describe, expect, it } from 'vitest';
import { registerNodeBackends } from '../backends/node.ts';
import { defaultRunConfig, type RunConfig } from './config';
import { InProcessEngine } from './inProcessEngine';
import { syntheticSplit } from '../../testing/synthetic';
import type { RatedItem } from './engine';

const split = syntheticSplit(120, 40, 10, 11);

/** A user's training ratings, as a new person would enter them. */
function trainingRow(u: number): RatedItem[] {
  const t = split.train;
  const out: RatedItem[] = [];
  for (let p = t.rowPtr[u]; p < t.rowPtr[u + 1]; p++) out.push({ item: t.colIdx[p], rating: t.values[p] });
  return out;
}

function config(preset: string, patch: Partial<RunConfig['model']>): RunConfig {
  const c = defaultRunConfig(preset);
  Object.assign(c.model, patch);
  c.backend = 'cpu';
  c.k = 5;
  return c;
}

async function trained(c: RunConfig): Promise<InProcessEngine> {
  const e = new InProcessEngine(() => registerNodeBackends({ webgpu: false }));
  await e.init('cpu');
  await e.load(split, c);
  expect(await e.train({})).toBe('done');
  return e;
}

describe('recommendForRatings', () => {
  // minmax input (the tutorial's) and binary-l2 input with dropout (Mult-DAE): the row must be built
  // like a training user's, so a training user's own ratings give exactly that user's top-k.
  const cases: [string, RunConfig][] = [
    ['seed (minmax, sigmoid)', config('seed', { epochs: 3, batchSize: 25, learningRate: 0.3 })],
    ['mult-dae (binary-l2, linear output)', config('mult-dae', { epochs: 3, hidden: [16], batchSize: 25, learningRate: 0.01 })],
  ];
  for (const [name, c] of cases) {
    it(`${name}: a training user's ratings give that user's top-k, rated items excluded`, async () => {
      const e = await trained(c);
      for (const u of [0, 7, 31, 119]) {
        const ratings = trainingRow(u);
        const mine = await e.recommendForRatings(ratings, 5);
        const theirs = await e.recommend(Int32Array.of(u), 5);
        expect(Array.from(mine.items)).toEqual(Array.from(theirs.items));
        for (let j = 0; j < mine.scores.length; j++) expect(mine.scores[j]).toBeCloseTo(theirs.scores[j], 4);
        const rated = new Set(ratings.map((r) => r.item));
        for (const i of mine.items) expect(rated.has(i)).toBe(false);
        for (const b of mine.because) expect(rated.has(b)).toBe(true);
      }
      await e.dispose();
    });
  }

  it('answers from a restored snapshot and rejects bad input', async () => {
    const c = config('seed', { epochs: 2, batchSize: 25, learningRate: 0.3 });
    const a = await trained(c);
    const snap = await a.snapshot();
    const ratings: RatedItem[] = [
      { item: 3, rating: 5 },
      { item: 9, rating: 1 },
    ];
    const before = await a.recommendForRatings(ratings, 10);
    await a.dispose();
    const b = new InProcessEngine(() => registerNodeBackends({ webgpu: false }));
    await b.init('cpu');
    await b.load(split, c);
    const fresh = await b.recommendForRatings(ratings, 10);
    await b.restore(snap);
    const after = await b.recommendForRatings(ratings, 10);
    expect(Array.from(after.items)).toEqual(Array.from(before.items));
    expect(Array.from(after.scores)).toEqual(Array.from(before.scores));
    expect(Array.from(fresh.scores)).not.toEqual(Array.from(before.scores));
    expect(after.items).toHaveLength(10);
    await expect(b.recommendForRatings([], 10)).rejects.toThrow(/at least one/);
    await expect(b.recommendForRatings([{ item: 40, rating: 3 }], 10)).rejects.toThrow(/out of range/);
    await expect(b.recommendForRatings([...ratings, { item: 3, rating: 2 }], 10)).rejects.toThrow(/twice/);
    await b.dispose();
  });
});
