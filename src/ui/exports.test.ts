import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeRatingsTsv } from '../cli/outputs';
import { splitTsvChunks } from '../data/tsv';
import type { Csr } from '../data/types';
import type { EpochReport } from '../engine/engine';
import { metricsCsv, recsLines, splitTsvParts } from './exports';

const ids = { userIds: Int32Array.of(3, 8, 20), itemIds: Int32Array.of(100, 200, 300, 400) };

describe('exports', () => {
  it('recs.tsv lines (no header, as the tutorial writes them) use original ids, drop missing items, sort scores descending', () => {
    const text = recsLines(
      { users: Int32Array.of(0, 2), k: 3, items: Int32Array.of(1, 3, -1, 0, 2, 1), scores: Float32Array.of(0.5, 0.9, 0, 0.2, 0.7, 0.1) },
      ids,
    );
    expect(text).toBe('3\t400\t0.9\n3\t200\t0.5\n20\t300\t0.7\n20\t100\t0.2\n20\t200\t0.1\n');
  });

  it('train/test tsv: no header, one row per rating with original ids', () => {
    const csr: Csr = {
      rows: 3,
      cols: 4,
      rowPtr: Int32Array.of(0, 2, 2, 3),
      colIdx: Int32Array.of(0, 3, 1),
      values: Float32Array.of(4, 2.5, 5),
    };
    expect(splitTsvParts(csr, ids).join('')).toBe('3\t100\t4\n3\t400\t2.5\n20\t200\t5\n');
  });

  it('train/test tsv: the CLI format — float32 ratings as their shortest decimal, chunks concatenate to the file', () => {
    const csr: Csr = {
      rows: 3,
      cols: 4,
      rowPtr: Int32Array.of(0, 2, 2, 4),
      colIdx: Int32Array.of(0, 3, 1, 2),
      values: Float32Array.of(3.7, 0.1, 5, 1),
    };
    const text = '3\t100\t3.7\n3\t400\t0.1\n20\t200\t5\n20\t300\t1\n';
    expect(splitTsvParts(csr, ids).join('')).toBe(text);
    const chunks = [...splitTsvChunks(csr, ids, 2)];
    expect(chunks.length).toBe(2);
    expect(chunks.join('')).toBe(text);
    const empty: Csr = { rows: 3, cols: 4, rowPtr: new Int32Array(4), colIdx: new Int32Array(0), values: new Float32Array(0) };
    expect(splitTsvParts(empty, ids).join('')).toBe('');
  });

  it('the app export and the CLI writer produce the same bytes', async () => {
    const csr: Csr = {
      rows: 3,
      cols: 4,
      rowPtr: Int32Array.of(0, 2, 2, 4),
      colIdx: Int32Array.of(0, 3, 1, 2),
      values: Float32Array.of(3.7, 0.1, 5, 1),
    };
    const dir = await mkdtemp(join(tmpdir(), 'recsys-tsv-'));
    const path = join(dir, 'train.tsv');
    const n = await writeRatingsTsv(path, csr, { ...ids, ratings: csr, timestamps: new Float64Array(0) });
    expect(n).toBe(4);
    expect(await readFile(path, 'utf8')).toBe(splitTsvParts(csr, ids).join(''));
    await rm(dir, { recursive: true });
  });

  it('metrics.csv: one row per epoch plus the baseline', () => {
    const m = { precision: 0.1, recall: 0.2, ndcg: 0.15, hitRate: 0.5, coverage: 0.3, users: 9 };
    const e: EpochReport[] = [{ epoch: 1, loss: 0.25, test: m, trainMs: 12.345, evalMs: 1 }];
    const lines = metricsCsv(e, { ...m, precision: 0.05 }, 10)
      .trim()
      .split('\n');
    expect(lines[0]).toBe(
      'epoch,loss,test_precision@10,test_recall@10,test_ndcg@10,test_hitRate@10,test_coverage@10,test_users@10,train_ms,eval_ms',
    );
    expect(lines[1]).toBe('1,0.25,0.1,0.2,0.15,0.5,0.3,9,12.3,1.0');
    expect(lines[2].startsWith('baseline-most-popular,,0.05,')).toBe(true);
  });
});
