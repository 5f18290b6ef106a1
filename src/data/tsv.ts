/**
 * The split files' text format, shared by the CLI (train/test/validation.tsv written to disk) and the
 * app (train.tsv + test.tsv downloads), so the same seed and ratio give byte-identical files in both.
 * As the tutorial writes them (pandas `to_csv(sep='\t', header=None, index=False)`), there is NO
 * header line: one `user\titem\trating` (or `user\titem\tscore`) line per row, original MovieLens
 * ids, users ascending, items ascending within a user, ratings as the shortest decimal of their
 * float32 value. No Node or DOM imports.
 */
import type { Csr } from './types';

/** Shortest decimal that reads back as the same float32 (ratings are stored as float32): 3.7, not 3.700000047683716. */
export function formatRating(r: number): string {
  if (Number.isInteger(r * 4)) return String(r);
  for (let p = 1; p < 9; p++) {
    const s = Number(r.toPrecision(p));
    if (Math.fround(s) === r) return String(s);
  }
  return String(r);
}

/** Original ids of the CSR's dense rows (users) and columns (items). */
export interface SplitIds {
  userIds: ArrayLike<number>;
  itemIds: ArrayLike<number>;
}

/**
 * The file's text in pieces of at most `linesPerChunk` lines, each ending in a newline, so large
 * splits never become one string. Concatenated, they are the file (empty for an empty CSR).
 */
export function* splitTsvChunks(csr: Csr, ids: SplitIds, linesPerChunk = 1 << 16): Generator<string> {
  let lines: string[] = [];
  for (let u = 0; u < csr.rows; u++) {
    const user = ids.userIds[u];
    for (let k = csr.rowPtr[u]; k < csr.rowPtr[u + 1]; k++) {
      lines.push(`${user}\t${ids.itemIds[csr.colIdx[k]]}\t${formatRating(csr.values[k])}`);
      if (lines.length >= linesPerChunk) {
        yield `${lines.join('\n')}\n`;
        lines = [];
      }
    }
  }
  if (lines.length) yield `${lines.join('\n')}\n`;
}

/** Scores with 6 significant digits (enough to keep the order visible). */
export function formatScore(s: number): string {
  return Number.isFinite(s) ? String(Number(s.toPrecision(6))) : String(s);
}

/** Top-K lists of some users, row-major users × k (item -1 = none), as the engine returns them. */
export interface TopKRows {
  users: ArrayLike<number>;
  k: number;
  items: ArrayLike<number>;
  scores: ArrayLike<number>;
}

/**
 * recs.tsv lines (the tutorial's format, read by RankSys) for some users: `user\titem\tscore` with
 * original ids, users in the order given, each user's items by descending score (ties: lower dense
 * item first), padding skipped. Shared by the CLI and the app so both write the same bytes.
 */
export function recsLines(recs: TopKRows, ids: SplitIds): string {
  const out: string[] = [];
  const { k } = recs;
  for (let r = 0; r < recs.users.length; r++) {
    const user = ids.userIds[recs.users[r]];
    const row: { item: number; score: number }[] = [];
    for (let j = 0; j < k; j++) {
      const item = recs.items[r * k + j];
      if (item >= 0) row.push({ item, score: recs.scores[r * k + j] });
    }
    row.sort((a, b) => b.score - a.score || a.item - b.item);
    for (const { item, score } of row) out.push(`${user}\t${ids.itemIds[item]}\t${formatScore(score)}\n`);
  }
  return out.join('');
}
