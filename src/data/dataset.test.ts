import { describe, expect, it } from 'vitest';
import { RatingColumns } from './columns';
import { buildDataset, computeStats, denseIndex } from './dataset';
import { ingestSources } from './ingest';
import { Rng } from './rng';
import { bufferSource } from './source';

interface Row {
  u: number;
  i: number;
  r: number;
  t: number;
}

/** Naive reference: Map-based dedupe (latest timestamp, ties: later row), ids sorted. */
function reference(rows: Row[]) {
  const keep = new Map<string, Row>();
  for (const row of rows) {
    const k = `${row.u}:${row.i}`;
    const old = keep.get(k);
    if (!old || row.t >= old.t) keep.set(k, row);
  }
  const kept = [...keep.values()].sort((a, b) => a.u - b.u || a.i - b.i);
  const userIds = [...new Set(kept.map((x) => x.u))].sort((a, b) => a - b);
  const itemIds = [...new Set(kept.map((x) => x.i))].sort((a, b) => a - b);
  return { kept, userIds, itemIds, dropped: rows.length - kept.length };
}

function randomRows(rng: Rng, n: number, idOf: (k: number) => number): Row[] {
  return Array.from({ length: n }, () => ({
    u: idOf(rng.int(40)),
    i: idOf(rng.int(60)),
    r: 1 + rng.int(10) / 2,
    t: rng.int(5),
  }));
}

function check(rows: Row[]) {
  const cols = new RatingColumns(4);
  for (const x of rows) cols.push(x.u, x.i, x.r, x.t);
  const { dataset, duplicatesDropped } = buildDataset(cols);
  const ref = reference(rows);
  expect(Array.from(dataset.userIds)).toEqual(ref.userIds);
  expect(Array.from(dataset.itemIds)).toEqual(ref.itemIds);
  expect(duplicatesDropped).toBe(ref.dropped);
  const { rowPtr, colIdx, values, rows: nu, cols: ni } = dataset.ratings;
  expect([nu, ni]).toEqual([ref.userIds.length, ref.itemIds.length]);
  expect(rowPtr.length).toBe(nu + 1);
  const got: Row[] = [];
  for (let u = 0; u < nu; u++) {
    for (let k = rowPtr[u]; k < rowPtr[u + 1]; k++) {
      if (k > rowPtr[u]) expect(colIdx[k]).toBeGreaterThan(colIdx[k - 1]);
      got.push({ u: dataset.userIds[u], i: dataset.itemIds[colIdx[k]], r: values[k], t: dataset.timestamps[k] });
    }
  }
  expect(got).toEqual(ref.kept);
  return dataset;
}

describe('buildDataset', () => {
  it('matches a naive reference on random data with duplicates (small id range: lookup table)', () => {
    const rng = new Rng(7);
    for (let rep = 0; rep < 5; rep++) check(randomRows(rng, 800, (k) => 1 + k * 3));
  });

  it('matches the reference with huge and negative ids (sort path)', () => {
    const rng = new Rng(8);
    check(randomRows(rng, 500, (k) => (k % 2 ? 2147483647 - k * 1000003 : -2147483648 + k * 7)));
  });

  it('handles long rows (radix path) and already sorted rows', () => {
    const rows: Row[] = [];
    const rng = new Rng(9);
    for (let k = 0; k < 3000; k++) rows.push({ u: 1 + (k % 3), i: rng.int(5000), r: 3, t: k });
    for (let k = 0; k < 100; k++) rows.push({ u: 9, i: k, r: 4, t: 0 });
    check(rows);
  });

  it('orders long rows over more than 2^16 items (three radix passes), duplicates in file order', () => {
    const rows: Row[] = [];
    const rng = new Rng(10);
    for (let k = 0; k < 90000; k++) rows.push({ u: 1 + (k % 2), i: rng.int(80000), r: 1 + (k % 5), t: rng.int(3) });
    check(rows);
  });

  it('denseIndex numbers ids in ascending order', () => {
    const ids = Int32Array.from([50, 7, 50, -3, 7]);
    const out = new Int32Array(5);
    expect(Array.from(denseIndex(ids, 5, out))).toEqual([-3, 7, 50]);
    expect(Array.from(out)).toEqual([2, 1, 2, 0, 1]);
  });
});

describe('computeStats', () => {
  it('counts users, items, ratings, density, range and single-rating users', () => {
    const ds = check([
      { u: 1, i: 1, r: 0.5, t: 0 },
      { u: 1, i: 2, r: 5, t: 0 },
      { u: 2, i: 1, r: 3, t: 0 },
      { u: 3, i: 3, r: 2, t: 0 },
    ]);
    expect(computeStats(ds)).toEqual({
      users: 3,
      items: 3,
      ratings: 4,
      density: 4 / 9,
      ratingMin: 0.5,
      ratingMax: 5,
      singleRatingUsers: 2,
    });
  });

  it('agrees with the ingest of the same rows as text', async () => {
    const rows = randomRows(new Rng(3), 300, (k) => k + 1);
    const text = rows.map((x) => `${x.u}::${x.i}::${x.r}::${x.t}`).join('\n');
    const r = await ingestSources([bufferSource('r.dat', new TextEncoder().encode(text), 17)]);
    const ds = check(rows);
    expect(r.stats).toEqual(computeStats(ds));
    expect(r.dataset.ratings.colIdx).toEqual(ds.ratings.colIdx);
    expect(r.dataset.timestamps).toEqual(ds.timestamps);
  });
});
