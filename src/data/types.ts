/**
 * Core data shapes shared by ingest, split, model, eval, CLI and UI.
 * Everything here is plain data made of typed arrays so it can be transferred
 * between workers without copying and used from Node.
 */

/**
 * Compressed sparse rows: row r's entries are colIdx/values[rowPtr[r] .. rowPtr[r+1]).
 * Column indices within a row are ascending.
 */
export interface Csr {
  /** Number of rows (users). */
  rows: number;
  /** Number of columns (items). */
  cols: number;
  /** Length rows + 1; rowPtr[rows] = nnz. */
  rowPtr: Int32Array;
  /** Length nnz: dense item index of each entry. */
  colIdx: Int32Array;
  /** Length nnz: the rating (original scale, e.g. 0.5–5 stars). */
  values: Float32Array;
}

/**
 * A deduplicated ratings table with dense indices.
 * Users and items are numbered 0..n-1 in ascending order of their original ids.
 */
export interface RatingsDataset {
  /** userIds[u] = original MovieLens user id of dense user u (ascending). */
  userIds: Int32Array;
  /** itemIds[i] = original MovieLens item id of dense item i (ascending). */
  itemIds: Int32Array;
  /** All ratings, users × items, CSR by user. */
  ratings: Csr;
  /** Per-entry timestamp (seconds since epoch) aligned with ratings.colIdx; 0 where the file had none. */
  timestamps: Float64Array;
}

/** What the ingest learnt about the file(s), for the summary and notes. */
export interface IngestReport {
  /** Name of the ratings file (inside a zip: "archive.zip/ml-1m/ratings.dat"). */
  fileName: string;
  /** Detected format. */
  format: RatingsFormat;
  /** Data lines read (header and blank lines excluded). */
  lines: number;
  /** Duplicate (user,item) pairs dropped (the latest by timestamp was kept). */
  duplicatesDropped: number;
  /** Milliseconds spent parsing and building the dataset. */
  parseMs: number;
  /**
   * Where parseMs went, ms: `read` waiting for the file's bytes, `scan` parsing them, `build` the
   * deduplicated CSR dataset and its stats (read + scan + build ≈ parseMs, plus format detection).
   */
  phasesMs?: { read: number; scan: number; build: number };
}

export type RatingsFormat = 'dat' | 'tsv' | 'csv';

/** Summary statistics of a dataset. */
export interface DatasetStats {
  users: number;
  items: number;
  ratings: number;
  /** ratings / (users × items), in [0,1]. */
  density: number;
  ratingMin: number;
  ratingMax: number;
  /** Users with exactly one rating (kept in train, reported). */
  singleRatingUsers: number;
}

/** Optional catalogue metadata from movies.dat / u.item / movies.csv. */
export interface MovieCatalog {
  /** Original movie ids, ascending. */
  ids: Int32Array;
  titles: string[];
  /** Genres joined by '|'. */
  genres: string[];
  fileName: string;
}

/**
 * How each user's ratings are ordered before the hold-out: `random` = a seeded shuffle (the default),
 * `time` = by timestamp, so each user's latest ratings are the test set.
 */
export type SplitMethod = 'random' | 'time';

/** Settings of the per-user hold-out. */
export interface SplitConfig {
  /** Absent means 'random' (configs saved before the temporal split existed). */
  method?: SplitMethod;
  /** Fraction of each user's ratings kept for training, in (0,1); default 0.8. */
  trainRatio: number;
  /** Seed of the split's random generator (uint32); unused by the temporal split. */
  seed: number;
  /** Fraction of each user's *training* ratings carved out for validation, in [0,1); default 0. */
  validationRatio: number;
}

/** The result of splitting a dataset: CSR matrices with the same shape as the dataset. */
export interface DatasetSplit {
  config: SplitConfig;
  train: Csr;
  test: Csr;
  /** Empty (nnz 0) when validationRatio is 0. */
  validation: Csr;
  /** Min-max scaling learnt on train: scaled = (r - min) / (max - min). */
  scale: { min: number; max: number };
}

/** Raised for bad input; names the file, the 1-based line (0 when not line-specific) and the reason. */
export class InputError extends Error {
  override name = 'InputError';
  constructor(
    readonly fileName: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(line > 0 ? `${fileName}, line ${line}: ${reason}` : `${fileName}: ${reason}`);
  }
}
