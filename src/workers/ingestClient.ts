/**
 * UI-side client of the ingest worker: load files or the sample with progress and cancellation,
 * and re-split the dataset the worker holds.
 */
import type { DatasetSplit, SplitConfig } from '../data/types';
import type { IngestApi, IngestEvent, LoadedData, SampleParams } from './protocol';
import { RpcClient, type Call } from './rpc';

/** Progress of one load, as the worker reports it. */
export interface IngestProgress {
  fileName: string;
  bytesDone: number;
  bytesTotal: number;
}

/** Creates the ingest module worker. */
export function createIngestWorker(): Worker {
  return new Worker(new URL('./ingest.worker.ts', import.meta.url), { type: 'module', name: 'ingest' });
}

/** Talks to one ingest worker; recreates it if it crashes (the dataset it held is then gone). */
export class IngestClient {
  private rpc!: RpcClient<IngestApi, IngestEvent>;
  private progress = new Map<number, (p: IngestProgress) => void>();
  /** True while the worker holds a dataset that resplit() can use. */
  hasDataset = false;

  constructor() {
    this.spawn();
  }

  /** Loads files; the returned id cancels it. */
  ingest(files: File[], split: SplitConfig, onProgress?: (p: IngestProgress) => void): Call<LoadedData> {
    return this.track(this.rpc.call('ingest', { files, split }), onProgress);
  }

  /** Generates and loads the built-in sample. */
  sample(params: SampleParams, split: SplitConfig, onProgress?: (p: IngestProgress) => void): Call<LoadedData> {
    return this.track(this.rpc.call('sample', { params, split }), onProgress);
  }

  /** Aborts the load with that id (its promise rejects with an AbortError). */
  cancel(id: number): void {
    this.rpc.request('cancel', { target: id }).catch(() => undefined);
  }

  /** Splits the held dataset again with other settings. */
  resplit(split: SplitConfig): Promise<DatasetSplit> {
    return this.rpc.request('resplit', { split });
  }

  /**
   * Hands a dataset loaded elsewhere (a resumed session) back to the worker, copied, so resplit() works
   * again: random splits exactly as after the original load; the temporal split needs the files again.
   */
  async restore(data: LoadedData): Promise<void> {
    this.hasDataset = false;
    const { userIds, itemIds, split, report } = data;
    await this.rpc.request('restore', { userIds, itemIds, split, fileName: report.fileName });
    this.hasDataset = true;
  }

  /** Terminates the worker. */
  dispose(): void {
    this.rpc.terminate();
  }

  private spawn(): void {
    this.rpc = new RpcClient<IngestApi, IngestEvent>(
      createIngestWorker(),
      (e) => this.progress.get(e.id)?.({ fileName: e.fileName, bytesDone: e.bytesDone, bytesTotal: e.bytesTotal }),
      () => {
        this.hasDataset = false;
        this.spawn();
      },
    );
  }

  private track(call: Call<LoadedData>, onProgress?: (p: IngestProgress) => void): Call<LoadedData> {
    if (onProgress) this.progress.set(call.id, onProgress);
    const promise = call.promise
      .then((d) => {
        this.hasDataset = true;
        return d;
      })
      .finally(() => this.progress.delete(call.id));
    return { id: call.id, promise };
  }
}
