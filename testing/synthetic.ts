/**
 * Small in-memory datasets for tests and timing runs (no dependency on the ingest code):
 * a CSR builder and a seeded synthetic train/test split with a planted low-rank preference structure.
 */
import type { Csr, DatasetSplit } from '../src/data/types';
import { Rng } from '../src/data/rng';

/** Builds a CSR matrix from per-row [item, rating] lists (items sorted per row here). */
export function csrFromRows(rows: [number, number][][], cols: number): Csr {
  const rowPtr = new Int32Array(rows.length + 1);
  for (const [i, r] of rows.entries()) rowPtr[i + 1] = rowPtr[i] + r.length;
  const colIdx = new Int32Array(rowPtr[rows.length]);
  const values = new Float32Array(rowPtr[rows.length]);
  rows.forEach((r, i) => {
    [...r]
      .sort((a, b) => a[0] - b[0])
      .forEach(([c, v], j) => {
        colIdx[rowPtr[i] + j] = c;
        values[rowPtr[i] + j] = v;
      });
  });
  return { rows: rows.length, cols, rowPtr, colIdx, values };
}

/** An empty users × items CSR. */
export function emptyCsr(rows: number, cols: number): Csr {
  return { rows, cols, rowPtr: new Int32Array(rows + 1), colIdx: new Int32Array(0), values: new Float32Array(0) };
}

/**
 * A seeded synthetic split: each user rates ≈ `perUser` items drawn with a popularity skew and a
 * 2-cluster taste (so an autoencoder can learn something), ratings 1–5; `trainRatio` of each user's
 * items go to train, the rest to test; optionally `validationRatio` of train to validation.
 */
export function syntheticSplit(
  users: number,
  items: number,
  perUser: number,
  seed = 7,
  trainRatio = 0.8,
  validationRatio = 0,
): DatasetSplit {
  const rng = new Rng(seed);
  const train: [number, number][][] = [],
    test: [number, number][][] = [],
    val: [number, number][][] = [];
  const half = Math.max(1, items >> 1);
  for (let u = 0; u < users; u++) {
    const cluster = u % 2;
    const chosen = new Set<number>();
    const n = Math.max(2, Math.min(items - 1, Math.round(perUser * (0.5 + rng.next()))));
    while (chosen.size < n) {
      // 80 % from the user's cluster half, skewed towards low indices (popular items).
      const inCluster = rng.next() < 0.8;
      const base = (inCluster ? cluster : 1 - cluster) * half;
      const span = inCluster || cluster === 1 ? half : items - half;
      const i = base + Math.floor(span * rng.next() ** 2);
      if (i < items) chosen.add(i);
    }
    const list = [...chosen];
    rng.shuffle(list);
    const nTrain = Math.max(1, Math.round(list.length * trainRatio));
    const nVal = Math.floor(nTrain * validationRatio);
    const rate = (i: number): [number, number] => [
      i,
      1 + Math.min(4, Math.floor(rng.next() * 3 + (Math.floor(i / half) === cluster ? 2 : 0))),
    ];
    train.push(list.slice(0, nTrain - nVal).map(rate));
    val.push(list.slice(nTrain - nVal, nTrain).map(rate));
    test.push(list.slice(nTrain).map(rate));
  }
  const trainCsr = csrFromRows(train, items);
  let min = Infinity,
    max = -Infinity;
  for (const v of trainCsr.values) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  return {
    config: { trainRatio, seed, validationRatio },
    train: trainCsr,
    test: csrFromRows(test, items),
    validation: csrFromRows(val, items),
    scale: { min, max },
  };
}
