/**
 * UI-side client of the references worker: compute with progress, cancel; a crashed worker is
 * replaced on the next request.
 */
import type { ReferenceName } from '../references/references';
import type { ReferencesApi, ReferencesEvent, ReferencesRequest } from './referencesProtocol';
import { RpcClient, type Call } from './rpc';

/** Creates the references module worker. */
export function createReferencesWorker(): Worker {
  return new Worker(new URL('./references.worker.ts', import.meta.url), { type: 'module', name: 'references' });
}

/** Talks to one references worker. */
export class ReferencesClient {
  private rpc: RpcClient<ReferencesApi, ReferencesEvent> | null = null;
  private progress = new Map<number, (name: ReferenceName, fraction: number) => void>();

  /** Starts a computation; the returned id cancels it. The request's arrays are copied, not moved. */
  compute(req: ReferencesRequest, onProgress?: (name: ReferenceName, fraction: number) => void): Call<ReferencesApi['compute']['result']> {
    const call = this.client().call('compute', req);
    if (onProgress) this.progress.set(call.id, onProgress);
    return { id: call.id, promise: call.promise.finally(() => this.progress.delete(call.id)) };
  }

  /** Aborts the computation with that id. */
  cancel(id: number): void {
    this.rpc?.request('cancel', { target: id }).catch(() => undefined);
  }

  /** Terminates the worker. */
  dispose(): void {
    this.rpc?.terminate();
    this.rpc = null;
  }

  private client(): RpcClient<ReferencesApi, ReferencesEvent> {
    if (!this.rpc || this.rpc.crashed) {
      this.rpc = new RpcClient<ReferencesApi, ReferencesEvent>(createReferencesWorker(), (e) =>
        this.progress.get(e.id)?.(e.name, e.fraction),
      );
    }
    return this.rpc;
  }
}
