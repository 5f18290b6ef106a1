/**
 * Statistics of repeated measurements and the JSON line every measurement prints (pure, unit-tested).
 */

/** Median, min and max of a non-empty sample (the median of an even count is the mean of the middle two). */
export interface Summary {
  median: number;
  min: number;
  max: number;
  n: number;
}

/** Summarises samples; throws on an empty sample or a non-finite value (a broken measurement must not look fine). */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('no samples');
  for (const s of samples) if (!Number.isFinite(s)) throw new Error(`non-finite sample ${s}`);
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], n: sorted.length };
}

/** Rounds to `digits` decimals (default 1: 0.1 ms). */
export function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Keys every line has, in this order. */
export const REQUIRED_KEYS = [
  'bench',
  'runtime',
  'backend',
  'users',
  'items',
  'ratings',
  'median_ms',
  'min_ms',
  'max_ms',
  'runs',
  'cores',
] as const;

/** One measurement as printed. Extra keys follow the required ones. */
export interface BenchRecord {
  bench: string;
  /** 'chromium' or 'node'. */
  runtime: string;
  /** TF.js backend ('wasm', 'webgl', 'cpu', 'webgpu'); 'js' for ingest (plain JS in the ingest worker). */
  backend: string;
  users: number;
  items: number;
  ratings: number;
  median_ms: number;
  min_ms: number;
  max_ms: number;
  /** Measured runs (warm-up excluded). */
  runs: number;
  /** Logical CPUs of the machine. */
  cores: number;
  /** Peak memory in MiB where measured, with memory_method saying how. */
  peak_mb?: number;
  memory_method?: string;
  [key: string]: unknown;
}

/** What a record needs besides the samples (extra keys allowed). */
export type RecordBase = Pick<BenchRecord, 'bench' | 'runtime' | 'backend' | 'users' | 'items' | 'ratings' | 'cores'> & {
  [key: string]: unknown;
};

/**
 * Builds the record of one measurement from its samples (ms): median/min/max rounded to 0.1 ms, runs = the
 * number of samples, the rounded samples under `samples_ms`, and `extra` keys after those.
 */
export function benchRecord(base: RecordBase, samples: readonly number[], extra: Record<string, unknown> = {}): BenchRecord {
  const s = summarize(samples);
  const { bench, runtime, backend, users, items, ratings, cores, ...rest } = base;
  return {
    bench,
    runtime,
    backend,
    users,
    items,
    ratings,
    median_ms: round(s.median),
    min_ms: round(s.min),
    max_ms: round(s.max),
    runs: s.n,
    cores,
    ...rest,
    samples_ms: samples.map((x) => round(x)),
    ...extra,
  };
}

/** Checks a record has every required key with the right type; returns the problems (empty when fine). */
export function recordProblems(r: Record<string, unknown>): string[] {
  const p: string[] = [];
  for (const k of REQUIRED_KEYS) if (!(k in r)) p.push(`missing ${k}`);
  for (const k of ['bench', 'runtime', 'backend'] as const)
    if (k in r && (typeof r[k] !== 'string' || r[k] === '')) p.push(`${k} must be a non-empty string`);
  for (const k of ['users', 'items', 'ratings', 'runs', 'cores'] as const) {
    if (k in r && !(Number.isInteger(r[k]) && (r[k] as number) >= 0)) p.push(`${k} must be a non-negative integer`);
  }
  for (const k of ['median_ms', 'min_ms', 'max_ms'] as const) {
    if (k in r && !(typeof r[k] === 'number' && Number.isFinite(r[k]) && (r[k] as number) >= 0)) p.push(`${k} must be a finite number ≥ 0`);
  }
  if (p.length === 0) {
    const { min_ms, median_ms, max_ms, runs } = r as unknown as BenchRecord;
    if (!(min_ms <= median_ms && median_ms <= max_ms)) p.push('min_ms ≤ median_ms ≤ max_ms does not hold');
    if (runs < 1) p.push('runs must be ≥ 1');
  }
  if ('peak_mb' in r) {
    if (!(typeof r.peak_mb === 'number' && Number.isFinite(r.peak_mb) && r.peak_mb > 0)) p.push('peak_mb must be a positive number');
    if (typeof r.memory_method !== 'string' || r.memory_method === '') p.push('peak_mb needs memory_method');
  }
  return p;
}

/** The JSON line of a record (no newline); throws when the record is malformed. */
export function formatLine(r: BenchRecord): string {
  const p = recordProblems(r);
  if (p.length) throw new Error(`bad bench record ${JSON.stringify(r)}: ${p.join('; ')}`);
  return JSON.stringify(r);
}

/** Splits a run into warm-up and measured samples (warm-up first). Throws when too few samples came back. */
export function afterWarmup<T>(all: readonly T[], warmup: number, runs: number): T[] {
  if (all.length < warmup + runs) throw new Error(`expected ${warmup + runs} samples (${warmup} warm-up + ${runs}), got ${all.length}`);
  return all.slice(warmup, warmup + runs);
}
