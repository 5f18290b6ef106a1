import { describe, expect, it } from 'vitest';
import { computeStats } from './dataset';
import { ingestSources } from './ingest';
import { lookupMovie } from './movies';
import { DEFAULT_SAMPLE, generateSample, generateSampleFiles, ML_GENRES, sampleRatingsText, sampleUserRows } from './sample';
import { bufferSource } from './source';
import { splitDataset } from './split';
import type { Csr } from './types';

const small = { users: 300, items: 500, ratings: 24_000, seed: 11 };

describe('generateSample', () => {
  it('has exactly the requested counts, ratings 1..5, ≥ 20 ratings per user, titles for every item', () => {
    const { dataset, movies } = generateSample(small);
    const st = computeStats(dataset);
    expect(st).toMatchObject({ users: 300, items: 500, ratings: 24_000, ratingMin: 1, ratingMax: 5, singleRatingUsers: 0 });
    for (const v of dataset.ratings.values) expect(Number.isInteger(v) && v >= 1 && v <= 5).toBe(true);
    const { rowPtr } = dataset.ratings;
    for (let u = 0; u < st.users; u++) expect(rowPtr[u + 1] - rowPtr[u]).toBeGreaterThanOrEqual(20);
    expect(movies.ids.length).toBe(500);
    for (const id of dataset.itemIds) {
      const m = lookupMovie(movies, id);
      expect(m?.title).toMatch(/^.+ \(\d{4}\)$/);
      for (const g of m!.genres.split('|')) expect(ML_GENRES).toContain(g);
    }
  });

  it('is deterministic in its seed', () => {
    const a = generateSample(small).dataset;
    const b = generateSample(small).dataset;
    const c = generateSample({ ...small, seed: 12 }).dataset;
    expect(b.ratings.colIdx).toEqual(a.ratings.colIdx);
    expect(b.ratings.values).toEqual(a.ratings.values);
    expect(b.timestamps).toEqual(a.timestamps);
    expect(c.ratings.colIdx).not.toEqual(a.ratings.colIdx);
  });

  it('is long-tailed in user activity and item popularity', () => {
    const { dataset } = generateSample({ ...DEFAULT_SAMPLE });
    const { rows, cols, rowPtr, colIdx } = dataset.ratings;
    const perUser = Array.from({ length: rows }, (_, u) => rowPtr[u + 1] - rowPtr[u]).sort((a, b) => a - b);
    expect(perUser[rows - 1]).toBeGreaterThan(6 * perUser[rows >> 1]);
    const perItem = new Array<number>(cols).fill(0);
    for (const i of colIdx) perItem[i]++;
    perItem.sort((a, b) => b - a);
    const top10 = perItem.slice(0, cols / 10).reduce((a, b) => a + b, 0);
    expect(top10 / colIdx.length).toBeGreaterThan(0.3);
    expect(perItem[cols - 1]).toBeGreaterThanOrEqual(1);
  });

  it('round-trips through the .dat text and the real parser with no duplicates', async () => {
    const files = generateSampleFiles(small);
    expect(files.map((f) => f.name)).toEqual(['ratings.dat', 'movies.dat']);
    const r = await ingestSources(files.map((f) => bufferSource(f.name, f.bytes)));
    const ref = generateSample(small);
    expect(r.report.duplicatesDropped).toBe(0);
    expect(r.report.lines).toBe(24_000);
    expect(r.dataset.ratings.colIdx).toEqual(ref.dataset.ratings.colIdx);
    expect(r.dataset.timestamps).toEqual(ref.dataset.timestamps);
    expect(r.movies?.titles).toEqual(ref.movies.titles);
    expect(r.warnings).toEqual([]);
  });

  it('writes ratings.csv with a header, and increasing timestamps per user', () => {
    const text = [...sampleRatingsText({ users: 5, items: 40, ratings: 120, seed: 2 }, 'csv', 7)].join('');
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe('userId,movieId,rating,timestamp');
    expect(lines.length).toBe(121);
    for (const row of sampleUserRows({ users: 5, items: 40, ratings: 120, seed: 2 })) {
      for (let k = 1; k < row.n; k++) expect(row.timestamps[k]).toBeGreaterThan(row.timestamps[k - 1]);
    }
  });

  it('rejects infeasible options', () => {
    expect(() => generateSample({ users: 10, items: 5, ratings: 51, seed: 1 })).toThrow(/more ratings than/);
    expect(() => generateSample({ users: 10, items: 5, ratings: 9, seed: 1 })).toThrow(/at least one rating per user/);
  });
});

/** Per-user sets of train items and cosine user–user similarities over binary train vectors. */
function neighbours(train: Csr) {
  const { rows, cols, rowPtr, colIdx } = train;
  const byItem: number[][] = Array.from({ length: cols }, () => []);
  for (let u = 0; u < rows; u++) for (let k = rowPtr[u]; k < rowPtr[u + 1]; k++) byItem[colIdx[k]].push(u);
  const sim = Array.from({ length: rows }, () => new Float64Array(rows));
  for (const us of byItem) for (const a of us) for (const b of us) if (a !== b) sim[a][b]++;
  const len = (u: number) => rowPtr[u + 1] - rowPtr[u];
  for (let a = 0; a < rows; a++) for (let b = 0; b < rows; b++) sim[a][b] /= Math.sqrt(len(a) * len(b)) || 1;
  return sim;
}

describe('collaborative-filtering signal', () => {
  const { dataset } = generateSample({ users: 400, items: 600, ratings: 40_000, seed: 3 });
  const { train, test } = splitDataset(dataset, { trainRatio: 0.8, seed: 1, validationRatio: 0 });
  const sim = neighbours(train);
  const { rows, cols } = train;

  it('user-kNN finds held-out items better than popularity (precision@10)', () => {
    const pop = new Float64Array(cols);
    for (const i of train.colIdx) pop[i]++;
    let hitsPop = 0;
    let hitsKnn = 0;
    for (let u = 0; u < rows; u++) {
      const seen = new Set(train.colIdx.subarray(train.rowPtr[u], train.rowPtr[u + 1]));
      const held = new Set(test.colIdx.subarray(test.rowPtr[u], test.rowPtr[u + 1]));
      const nbrs = Array.from({ length: rows }, (_, v) => v)
        .sort((a, b) => sim[u][b] - sim[u][a])
        .slice(0, 30);
      const score = new Float64Array(cols);
      for (const v of nbrs) for (let k = train.rowPtr[v]; k < train.rowPtr[v + 1]; k++) score[train.colIdx[k]] += sim[u][v];
      const top = (s: Float64Array) =>
        Array.from({ length: cols }, (_, i) => i)
          .filter((i) => !seen.has(i))
          .sort((a, b) => s[b] - s[a])
          .slice(0, 10);
      hitsPop += top(pop).filter((i) => held.has(i)).length;
      hitsKnn += top(score).filter((i) => held.has(i)).length;
    }
    expect(hitsKnn).toBeGreaterThan(1.25 * hitsPop);
  });

  it("a user's held-out ratings follow their neighbours' tastes beyond item and user means", () => {
    const n = dataset.ratings;
    const itemSum = new Float64Array(cols);
    const itemCnt = new Float64Array(cols);
    const userMean = new Float64Array(rows);
    const dense = Array.from({ length: rows }, () => new Float64Array(cols).fill(NaN));
    for (let u = 0; u < rows; u++) {
      let s = 0;
      for (let k = train.rowPtr[u]; k < train.rowPtr[u + 1]; k++) {
        itemSum[train.colIdx[k]] += train.values[k];
        itemCnt[train.colIdx[k]]++;
        s += train.values[k];
        dense[u][train.colIdx[k]] = train.values[k];
      }
      userMean[u] = s / (train.rowPtr[u + 1] - train.rowPtr[u]);
    }
    const resid = (u: number, i: number, r: number) => r - userMean[u] - (itemCnt[i] ? itemSum[i] / itemCnt[i] : 0);
    const xs: number[] = [];
    const ys: number[] = [];
    for (let u = 0; u < rows; u++) {
      for (let k = test.rowPtr[u]; k < test.rowPtr[u + 1]; k++) {
        const i = test.colIdx[k];
        let num = 0;
        let den = 0;
        for (let v = 0; v < rows; v++) {
          const rv = dense[v][i];
          if (v !== u && !Number.isNaN(rv)) {
            num += sim[u][v] * resid(v, i, rv);
            den += sim[u][v];
          }
        }
        if (den > 0) {
          xs.push(num / den);
          ys.push(resid(u, i, test.values[k]));
        }
      }
    }
    const mean = (a: number[]) => a.reduce((p, q) => p + q, 0) / a.length;
    const mx = mean(xs);
    const my = mean(ys);
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let j = 0; j < xs.length; j++) {
      sxy += (xs[j] - mx) * (ys[j] - my);
      sxx += (xs[j] - mx) ** 2;
      syy += (ys[j] - my) ** 2;
    }
    expect(xs.length).toBeGreaterThan(0.9 * n.colIdx.length * 0.2 * 0.9);
    expect(sxy / Math.sqrt(sxx * syy)).toBeGreaterThan(0.25);
  });
});
