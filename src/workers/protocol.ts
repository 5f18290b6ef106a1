/**
 * The wire protocol between the UI thread and the workers: the request kinds of each worker, the
 * messages and the error form. The typed RPC layer on top of postMessage is `rpc.ts`.
 *
 * - A request is `{id, kind, payload}`; the worker answers `{id, ok: true, result}` or
 *   `{id, ok: false, error: {name, message, ...}}`.
 * - Events (`{kind: 'progress' | 'epoch' | 'batch' | 'state', ...}`) flow from the worker at any time.
 * - Errors cross as plain data and are rebuilt on the other side, so an `InputError` is still an
 *   `InputError` (same name, file, line and reason) and an abort is still named 'AbortError'.
 * - A crashed worker (`error` / `messageerror`) rejects every pending request with a `WorkerCrashError`
 *   (raised by `rpc.ts`).
 */
import { InputError } from '../data/types';
import type { DatasetSplit, DatasetStats, IngestReport, MovieCatalog, SplitConfig } from '../data/types';
import type { RunConfig } from '../engine/config';
import type {
  BackendChoice,
  BackendInfo,
  EpochReport,
  ModelSnapshot,
  RankingMetrics,
  RatedItem,
  RatingsRecommendations,
  Recommendations,
  TrainState,
} from '../engine/engine';

/** An error as it crosses a worker boundary. */
export interface WireError {
  name: string;
  message: string;
  /** Present for InputError. */
  fileName?: string;
  line?: number;
  reason?: string;
}

/** What the UI thread keeps of a loaded dataset (the ingest worker keeps the full table for re-splits). */
export interface LoadedData {
  /** Original user ids by dense index (ascending). */
  userIds: Int32Array;
  /** Original item ids by dense index (ascending). */
  itemIds: Int32Array;
  split: DatasetSplit;
  stats: DatasetStats;
  report: IngestReport;
  movies: MovieCatalog | null;
  warnings: string[];
  /** True when this is the built-in generated sample. */
  sample: boolean;
  /**
   * Wall time measured in the ingest worker, ms: from the request reaching the worker (files handed
   * over) to the dataset and its split being ready to post back (parse + dataset + stats + split).
   */
  ingestMs: number;
  /**
   * Where ingestMs went, ms (same clock): `read` waiting for the file's bytes, `scan` parsing them,
   * `build` dataset + stats, `split` the train/test/validation split, `other` the rest (format
   * detection, movies, packaging).
   */
  ingestPhasesMs?: { read: number; scan: number; build: number; split: number; other: number };
}

/** Parameters of the built-in sample (defaults come from the data layer). */
export interface SampleParams {
  users?: number;
  items?: number;
  ratings?: number;
  seed?: number;
}

/** One request kind: its payload and result types. */
type Call<P, R> = { payload: P; result: R };
/** The payload of a request that takes no arguments. */
type NoPayload = Record<string, never>;

/** Request kinds of the ingest worker: payload and result types. */
export type IngestApi = {
  /** Parses the files (ratings, optionally movies), splits, and returns the data. Emits 'progress'. */
  ingest: Call<{ files: File[]; split: SplitConfig }, LoadedData>;
  /** Generates the built-in sample inside the worker (no download) and ingests it. */
  sample: Call<{ params: SampleParams; split: SplitConfig }, LoadedData>;
  /** Aborts a running ingest/sample request by its id; resolves true when one was running. */
  cancel: Call<{ target: number }, boolean>;
  /** Re-splits the dataset currently held by the worker. */
  resplit: Call<{ split: SplitConfig }, DatasetSplit>;
  /** Holds a dataset loaded elsewhere (a resumed session) again, rebuilt from its split, for later re-splits. */
  restore: Call<{ userIds: Int32Array; itemIds: Int32Array; split: DatasetSplit; fileName: string }, void>;
};

/** Request kinds of the training worker (mirror TrainerEngine). */
export type TrainApi = {
  init: Call<{ choice: BackendChoice }, BackendInfo>;
  load: Call<{ split: DatasetSplit; config: RunConfig }, void>;
  baseline: Call<NoPayload, RankingMetrics>;
  /** Resolves with the final state when training ends; streams 'epoch', 'batch', 'state' events. */
  train: Call<{ snapshotEachEpoch: boolean }, TrainState>;
  pause: Call<NoPayload, void>;
  resume: Call<NoPayload, void>;
  stop: Call<NoPayload, void>;
  recommend: Call<{ users: Int32Array; k: number }, Recommendations>;
  recommendForRatings: Call<{ ratings: RatedItem[]; k: number }, RatingsRecommendations>;
  snapshot: Call<NoPayload, ModelSnapshot>;
  restore: Call<{ snapshot: ModelSnapshot }, void>;
  numTensors: Call<NoPayload, number>;
  dispose: Call<NoPayload, void>;
  /** Test hook: makes the worker throw an uncaught error (simulates a crashed worker). */
  crash: Call<NoPayload, void>;
};

/** Any API: request kind → {payload, result}. */
export type ApiShape = Record<string, { payload: unknown; result: unknown }>;

/** A request message of an API. */
export type RequestOf<A extends ApiShape> = {
  [K in keyof A & string]: { id: number; kind: K; payload: A[K]['payload'] };
}[keyof A & string];

/** A response message. */
export type Response = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: WireError };

/** Events of the ingest worker. */
export type IngestEvent = {
  kind: 'progress';
  /** Id of the request this progress belongs to. */
  id: number;
  fileName: string;
  bytesDone: number;
  bytesTotal: number;
};

/** Events of the training worker. */
export type TrainEvent =
  | { kind: 'epoch'; report: EpochReport; snapshot: ModelSnapshot | null; numTensors: number | null }
  | { kind: 'batch'; epoch: number; done: number; total: number }
  | { kind: 'state'; state: TrainState; message?: string };

/** True for responses (events have no `ok`). */
export function isResponse(m: unknown): m is Response {
  return typeof m === 'object' && m !== null && 'ok' in m && 'id' in m;
}

/** Converts any thrown value to its wire form. */
export function toWireError(e: unknown): WireError {
  if (e instanceof InputError) return { name: e.name, message: e.message, fileName: e.fileName, line: e.line, reason: e.reason };
  if (e instanceof Error) return { name: e.name, message: e.message };
  if (typeof e === 'object' && e !== null && 'name' in e && 'message' in e) {
    return { name: String((e as WireError).name), message: String((e as WireError).message) };
  }
  return { name: 'Error', message: String(e) };
}

/** Rebuilds an Error from its wire form: an InputError becomes an InputError again. */
export function fromWireError(w: WireError): Error {
  if (w.name === 'InputError' && w.fileName !== undefined) {
    return new InputError(w.fileName, w.line ?? 0, w.reason ?? w.message);
  }
  const e = new Error(w.message);
  e.name = w.name;
  return e;
}

/** Raised for every pending (and later) request when a worker crashes or is terminated. */
export class WorkerCrashError extends Error {
  override name = 'WorkerCrashError';
}

/** Typed arrays' buffers inside a value (shallow objects, arrays and CSR-like records), for transfer lists. */
export function collectBuffers(value: unknown, out: Set<ArrayBuffer> = new Set(), depth = 0): ArrayBuffer[] {
  if (depth > 4 || value === null || typeof value !== 'object') return [...out];
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer && value.byteLength === value.buffer.byteLength) out.add(value.buffer);
    return [...out];
  }
  const children = Array.isArray(value) ? value : Object.values(value as object);
  for (const v of children) collectBuffers(v, out, depth + 1);
  return [...out];
}
