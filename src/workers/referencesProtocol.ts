/**
 * Messages of the references worker (src/workers/references.worker.ts), on the same request/response
 * RPC as the other workers (rpc.ts, protocol.ts).
 */
import type { Csr } from '../data/types';
import type { ReferencesConfig } from '../engine/config';
import type { ReferenceName, ReferenceResult } from '../references/references';

/** What the references are computed from: the split's parts (copied in) and the evaluation settings. */
export interface ReferencesRequest {
  train: Csr;
  test: Csr;
  validation: Csr;
  splitSeed: number;
  k: number;
  threshold: number;
  config: ReferencesConfig;
}

/** Request kinds of the references worker. */
export type ReferencesApi = {
  /** Computes the configured references; emits 'progress'. Results' typed arrays are transferred. */
  compute: { payload: ReferencesRequest; result: { results: ReferenceResult[]; backend: string } };
  /** Aborts a running compute by its id (it rejects with the abort reason, named AbortError). */
  cancel: { payload: { target: number }; result: boolean };
};

/** Progress of one reference of a compute request. */
export type ReferencesEvent = { kind: 'progress'; id: number; name: ReferenceName; fraction: number };
