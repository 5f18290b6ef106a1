/**
 * The blocked SPD inverse's WebAssembly kernels (as/spd.ts: pack, gemm, sweep) on a shared
 * WebAssembly.Memory of their own, plus an optional helper thread (a dedicated Worker in browsers,
 * worker_threads in Node) that instantiates the same module on the same memory and runs gemm calls
 * on request, so a product's rows can be split between two cores. The helper is a few lines of plain
 * JavaScript started from a string (a Blob URL in browsers), so no bundler or loader is involved.
 * Unavailable (null) where WebAssembly SIMD or shared memory is missing (e.g. a page that is not
 * cross-origin isolated); a helper that cannot start leaves the kernels single-threaded.
 */
import { SPD_WASM } from './wasmModules.generated';

/** as/spd.ts's exports; every pointer is a byte offset in the shared memory. */
export interface SpdKernels {
  /** Packs B (k × n, row stride ldb floats) into ⌈n/8⌉ column blocks of 8 × k floats at `out`. */
  pack(b: number, ldb: number, k: number, n: number, out: number): void;
  /**
   * C[i, :] (=, or −= when `subtract`) A[i, :]·B for r0 ≤ i < r1; A row stride lda, C row stride ldc
   * (floats), B packed by `pack` with k rows. `upper`: each row from its own 8-column block on only.
   */
  gemm(
    c: number,
    ldc: number,
    a: number,
    lda: number,
    bp: number,
    k: number,
    n: number,
    r0: number,
    r1: number,
    upper: boolean,
    subtract: boolean,
  ): void;
  /** In-place float64 inverse of an n × n SPD matrix at m (scratch r: n float64); −1, or the failing pivot. */
  sweep(m: number, n: number, r: number): number;
}

/** Arguments of one gemm call, in order. */
export type GemmArgs = Parameters<SpdKernels['gemm']>;

/** The kernels on a shared memory, and the helper thread when one runs. */
export interface SharedSpdKernels {
  /** The shared memory (fixed size: it never grows, so views of its buffer stay valid). */
  readonly memory: WebAssembly.Memory;
  /** The kernels in the calling thread. */
  readonly kernels: SpdKernels;
  /** Runs gemm in the helper thread; null when there is none. Calls run one after another. */
  readonly helper: ((...args: GemmArgs) => Promise<void>) | null;
  /** Stops the helper thread. */
  close(): void;
}

// The helper thread: instantiates the module on the memory it is sent, then runs gemm per message.
const HELPER_SOURCE = `
const nodePort = typeof require === 'function' ? require('node:worker_threads').parentPort : null;
const post = (m) => (nodePort ? nodePort.postMessage(m) : self.postMessage(m));
let gemm = null;
const onMessage = (m) => {
  try {
    if (m.memory) {
      gemm = new WebAssembly.Instance(new WebAssembly.Module(m.bytes), { env: { memory: m.memory } }).exports.gemm;
    } else {
      gemm(...m.args);
    }
    post({ ok: true });
  } catch (e) {
    post({ error: { name: String(e && e.name), message: String(e && e.message) } });
  }
};
if (nodePort) nodePort.on('message', onMessage);
else self.onmessage = (e) => onMessage(e.data);
`;

/** A started helper: post a message, hear replies and failures, stop it. */
interface HelperThread {
  post(message: unknown): void;
  onReply(listener: (reply: { ok?: boolean; error?: { name: string; message: string } }) => void): void;
  onFailure(listener: (error: Error) => void): void;
  stop(): void;
}

type NodeWorkerThreads = typeof import('node:worker_threads');

/** Starts the helper as a browser Worker or a Node worker thread; null where neither exists. */
function startHelperThread(): HelperThread | null {
  if (typeof Worker === 'function' && typeof Blob === 'function' && typeof URL.createObjectURL === 'function') {
    const url = URL.createObjectURL(new Blob([HELPER_SOURCE], { type: 'text/javascript' }));
    const worker = new Worker(url);
    return {
      post: (m) => worker.postMessage(m),
      onReply: (listener) => (worker.onmessage = (e) => listener(e.data)),
      onFailure: (listener) => (worker.onerror = (e) => listener(new Error(e.message || 'SPD helper thread failed'))),
      stop: () => {
        worker.terminate();
        URL.revokeObjectURL(url);
      },
    };
  }
  const getBuiltin = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
  const threads = getBuiltin?.('node:worker_threads') as NodeWorkerThreads | undefined;
  if (!threads) return null;
  const worker = new threads.Worker(HELPER_SOURCE, { eval: true });
  worker.unref();
  return {
    post: (m) => worker.postMessage(m),
    onReply: (listener) => worker.on('message', listener),
    onFailure: (listener) => worker.on('error', listener),
    stop: () => void worker.terminate(),
  };
}

/** A helper that has instantiated the kernels on `memory`, or null when it could not. */
async function startHelper(memory: WebAssembly.Memory): Promise<{ run: (...args: GemmArgs) => Promise<void>; stop: () => void } | null> {
  let thread: HelperThread | null = null;
  try {
    thread = startHelperThread();
  } catch {
    return null;
  }
  if (!thread) return null;
  const started = thread;
  const pending: { resolve: () => void; reject: (e: Error) => void }[] = [];
  let failed: Error | null = null;
  started.onReply((reply) => {
    const call = pending.shift();
    if (!call) return;
    if (reply.error) call.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name }));
    else call.resolve();
  });
  started.onFailure((error) => {
    failed = error;
    for (const call of pending.splice(0)) call.reject(error);
  });
  const request = (message: unknown): Promise<void> =>
    new Promise((resolve, reject) => {
      if (failed) return reject(failed);
      pending.push({ resolve, reject });
      started.post(message);
    });
  try {
    await request({ bytes: SPD_WASM, memory });
  } catch {
    started.stop();
    return null;
  }
  return { run: (...args) => request({ args }), stop: () => started.stop() };
}

/**
 * The kernels on a new shared memory of at least `bytes` bytes, with a helper thread when `threads`
 * is 2 and one can start; null where SIMD, shared memory or that much memory is unavailable.
 */
export async function openSharedSpdKernels(bytes: number, threads: 1 | 2): Promise<SharedSpdKernels | null> {
  const pages = Math.max(1, Math.ceil(bytes / 65_536));
  if (pages > 65_536 || typeof WebAssembly !== 'object' || !WebAssembly.validate(SPD_WASM)) return null;
  let memory: WebAssembly.Memory;
  let kernels: SpdKernels;
  try {
    memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
    if (!(memory.buffer instanceof SharedArrayBuffer)) return null;
    kernels = new WebAssembly.Instance(new WebAssembly.Module(SPD_WASM), { env: { memory } }).exports as unknown as SpdKernels;
  } catch {
    return null;
  }
  const helper = threads === 2 ? await startHelper(memory) : null;
  return { memory, kernels, helper: helper?.run ?? null, close: () => helper?.stop() };
}
