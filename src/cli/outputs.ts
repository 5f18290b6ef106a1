/**
 * Output files of the train command: train/test/validation.tsv (`user\titem\trating`), recs.tsv
 * (`user\titem\tscore`), both without a header line as the tutorial writes them, metrics.jsonl lines, all with original MovieLens ids, written as streams
 * with backpressure so large datasets never become one string.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { splitTsvChunks } from '../data/tsv';
import type { Csr, RatingsDataset } from '../data/types';
import type { RankingMetrics } from '../engine/engine';

// The split files' format is shared with the app's export (src/data/tsv.ts).
export { formatRating, formatScore, recsLines } from '../data/tsv';

/** A text file written in pieces; write() waits while the stream's buffer is full. */
export class TextFileWriter {
  private readonly ws: WriteStream;
  private failure: Error | null = null;

  constructor(readonly path: string) {
    this.ws = createWriteStream(path);
    this.ws.on('error', (e) => (this.failure = e));
  }

  /** Appends text. */
  async write(text: string): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.ws.write(text)) await Promise.race([once(this.ws, 'drain'), once(this.ws, 'error')]);
    if (this.failure) throw this.failure;
  }

  /** Flushes and closes the file. */
  async close(): Promise<void> {
    if (this.failure) throw this.failure;
    this.ws.end();
    await once(this.ws, 'close');
    if (this.failure) throw this.failure;
  }
}

/**
 * Writes a CSR as `user\titem\trating` with original ids (users ascending, then items ascending),
 * in the format the app's train.tsv / test.tsv export uses (splitTsvChunks).
 * @returns the number of data lines written.
 */
export async function writeRatingsTsv(path: string, csr: Csr, ds: RatingsDataset): Promise<number> {
  const w = new TextFileWriter(path);
  for (const chunk of splitTsvChunks(csr, ds)) await w.write(chunk);
  await w.close();
  return csr.rowPtr[csr.rows];
}

/** Metric keys of metrics.jsonl and the final line: precision@K, recall@K, ndcg@K, hitrate@K, coverage@K. */
export function metricFields(m: RankingMetrics, k: number, prefix = ''): Record<string, number> {
  return {
    [`${prefix}precision@${k}`]: m.precision,
    [`${prefix}recall@${k}`]: m.recall,
    [`${prefix}ndcg@${k}`]: m.ndcg,
    [`${prefix}hitrate@${k}`]: m.hitRate,
    [`${prefix}coverage@${k}`]: m.coverage,
  };
}
