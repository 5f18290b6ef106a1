/**
 * Minimal typed request/response over postMessage, used by the UI side (RpcClient) and inside the
 * workers (serve). See protocol.ts for the message shapes.
 */
import { fromWireError, isResponse, toWireError, WorkerCrashError, type ApiShape, type RequestOf, type Response } from './protocol';

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
}

/** The subset of Worker the client needs (so tests can pass a fake). */
export interface WorkerLike {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message' | 'error' | 'messageerror', listener: (ev: Event) => void): void;
  terminate(): void;
}

/** A request in flight: its id (to cancel it) and its result. */
export interface Call<T> {
  id: number;
  promise: Promise<T>;
}

/** UI-side client of a worker speaking API `A` and emitting events `E`. */
export class RpcClient<A extends ApiShape, E> {
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private crash: Error | null = null;

  /**
   * @param worker the worker to talk to
   * @param onEvent called for every event the worker posts
   * @param onCrash called once when the worker crashes (pending requests are rejected first)
   */
  constructor(
    private readonly worker: WorkerLike,
    private readonly onEvent: (e: E) => void,
    private readonly onCrash?: (e: Error) => void,
  ) {
    worker.addEventListener('message', (ev) => this.onMessage((ev as MessageEvent).data));
    worker.addEventListener('error', (ev) => {
      const msg = (ev as ErrorEvent).message || 'the worker failed to start or crashed';
      ev.preventDefault?.();
      this.fail(new WorkerCrashError(`Worker crashed: ${msg}`));
    });
    worker.addEventListener('messageerror', () => this.fail(new WorkerCrashError('Worker crashed: a message could not be deserialised')));
  }

  /** The crash error, or null while the worker is alive. */
  get crashed(): Error | null {
    return this.crash;
  }

  /** Sends a request; `transfer` lists buffers to move instead of copy. */
  call<K extends keyof A & string>(kind: K, payload: A[K]['payload'], transfer: Transferable[] = []): Call<A[K]['result']> {
    const id = this.nextId++;
    if (this.crash) return { id, promise: Promise.reject(this.crash) };
    const promise = new Promise<A[K]['result']>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    });
    const msg = { id, kind, payload } as RequestOf<A>;
    try {
      this.worker.postMessage(msg, transfer);
    } catch (e) {
      this.pending.delete(id);
      return { id, promise: Promise.reject(e instanceof Error ? e : new Error(String(e))) };
    }
    return { id, promise };
  }

  /** Shorthand: sends and returns the promise. */
  request<K extends keyof A & string>(kind: K, payload: A[K]['payload'], transfer: Transferable[] = []): Promise<A[K]['result']> {
    return this.call(kind, payload, transfer).promise;
  }

  /** Terminates the worker; pending requests reject. */
  terminate(): void {
    this.worker.terminate();
    this.fail(new WorkerCrashError('Worker terminated'), false);
  }

  private onMessage(m: unknown): void {
    if (isResponse(m)) {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.result);
      else p.reject(fromWireError(m.error));
    } else {
      this.onEvent(m as E);
    }
  }

  private fail(e: Error, notify = true): void {
    if (this.crash) return;
    this.crash = e;
    // An uncaught error does not stop a worker by itself: make sure a failed one is really gone.
    if (notify) this.worker.terminate();
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(e);
    if (notify) this.onCrash?.(e);
  }
}

/** Context given to worker-side handlers. */
export interface HandlerContext<E> {
  /** Id of the request being handled. */
  id: number;
  /** Posts an event to the UI thread. */
  emit(event: E, transfer?: Transferable[]): void;
}

/** A handler's answer: a bare result, or a result plus buffers to transfer. */
export type HandlerResult<T> = T | { result: T; transfer: Transferable[]; __transfer: true };

/** Marks a result whose buffers are moved rather than copied. */
export function withTransfer<T>(result: T, transfer: Transferable[]): HandlerResult<T> {
  return { result, transfer, __transfer: true };
}

/** Worker-side handlers of API `A`. */
export type Handlers<A extends ApiShape, E> = {
  [K in keyof A & string]: (
    payload: A[K]['payload'],
    ctx: HandlerContext<E>,
  ) => Promise<HandlerResult<A[K]['result']>> | HandlerResult<A[K]['result']>;
};

/** The worker global's messaging surface. */
interface Port {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (ev: MessageEvent) => void): void;
}

/** Serves API `A` on the worker global `port` (requests run concurrently; each gets one response). */
export function serve<A extends ApiShape, E>(port: Port, handlers: Handlers<A, E>): void {
  const emit = (event: E, transfer: Transferable[] = []) => port.postMessage(event, transfer);
  port.addEventListener('message', (ev: MessageEvent) => {
    const req = ev.data as RequestOf<A>;
    void (async () => {
      let res: Response;
      let transfer: Transferable[] = [];
      try {
        const handler = handlers[req.kind as keyof A & string];
        if (!handler) throw new Error(`unknown request kind "${String(req.kind)}"`);
        const out = await handler(req.payload as never, { id: req.id, emit });
        if (out && typeof out === 'object' && (out as { __transfer?: boolean }).__transfer) {
          const o = out as { result: unknown; transfer: Transferable[] };
          res = { id: req.id, ok: true, result: o.result };
          transfer = o.transfer;
        } else {
          res = { id: req.id, ok: true, result: out };
        }
      } catch (e) {
        res = { id: req.id, ok: false, error: toWireError(e) };
      }
      try {
        port.postMessage(res, transfer);
      } catch (e) {
        port.postMessage({ id: req.id, ok: false, error: toWireError(e) } satisfies Response);
      }
    })();
  });
}
