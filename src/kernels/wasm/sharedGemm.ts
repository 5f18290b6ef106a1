/**
 * The f32 matrix-product kernels (as/gemm.ts: pack, gemm, and the float64 pivot sweep of the SPD
 * inverse) on a shared WebAssembly.Memory of their own, plus a helper thread (a dedicated Worker in
 * browsers, worker_threads in Node) that instantiates the same module on the same memory, so a
 * product's rows can be split between two cores. The helper is a few lines of plain JavaScript started
 * from a string (a Blob URL in browsers): no bundler or loader is involved. Jobs go through a small
 * shared Int32Array and Atomics, so a split product can be awaited (Atomics.waitAsync) or, where
 * blocking is allowed (workers, Node), waited for synchronously inside a tfjs kernel.
 * Unavailable (null) where WebAssembly SIMD or shared memory is missing (e.g. a page that is not
 * cross-origin isolated); a helper that cannot start leaves the kernels single-threaded.
 */
import { GEMM_WASM } from './wasmModules.generated';

/** as/gemm.ts's exports; every pointer is a byte offset in the shared memory. */
export interface GemmKernels {
  /** Packs B (k × n, row stride ldb floats) into ⌈n/8⌉ column blocks of 8 × k floats at `out`. */
  pack(b: number, ldb: number, k: number, n: number, out: number): void;
  /**
   * C[i, :] (=, or −= when `subtract`) A[i, :]·B for r0 ≤ i < r1; A row stride lda, C row stride
   * ldc ≥ 8⌈n/8⌉ (floats), B packed by `pack` with k rows. `upper`: from the row's pass block on only.
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
export type GemmArgs = Parameters<GemmKernels['gemm']>;

/** The kernels on a shared memory, and the helper thread when one runs. */
export interface SharedGemm {
  /** The shared memory; it only grows through {@link reserve}. */
  readonly memory: WebAssembly.Memory;
  /** The kernels in the calling thread. */
  readonly kernels: GemmKernels;
  /** 2 once the helper thread runs, else 1. */
  threads(): 1 | 2;
  /** Resolves once the helper has started or failed to. */
  readonly ready: Promise<void>;
  /** Grows the memory to at least `bytes` (views of the old buffer must then be made again). */
  reserve(bytes: number): void;
  /** gemm over rows [0, rows): [0, splitAt) here, the rest on the helper (or here too); awaits both. */
  split(rows: number, splitAt: number, args: (r0: number, r1: number) => GemmArgs): Promise<void>;
  /** The same, blocking this thread on the helper (workers and Node only: see {@link canBlock}). */
  splitSync(rows: number, splitAt: number, args: (r0: number, r1: number) => GemmArgs): void;
  /** Stops the helper thread; later products run in this thread. */
  close(): void;
}

/**
 * Rows per gemm call: a long first call would run entirely in V8's baseline (Liftoff) code, which is
 * several times slower; with calls of this size the optimised code takes over after the first few.
 */
const CALL_ROWS = 64;

/**
 * How long a job or the helper's start may take before it counts as lost (a crashed helper sets
 * nothing): the largest job here, a 12,000-side SPD block update, takes about a second.
 */
const HELPER_TIMEOUT_MS = 120_000;

// Control words (Int32): job requested, job done, helper state (0 starting, 1 running, 2 gone: failed,
// lost or closed), error, then gemm's 11 arguments.
const [REQUESTED, DONE, STATE, FAILED, ARGS] = [0, 1, 2, 3, 4];

// The helper thread: instantiates the module on the memory it is sent, then runs gemm per job.
const HELPER_SOURCE = `
const nodePort = typeof require === 'function' ? require('node:worker_threads').parentPort : null;
const start = (m) => {
  const ctl = new Int32Array(m.control);
  let gemm;
  try {
    gemm = new WebAssembly.Instance(new WebAssembly.Module(m.bytes), { env: { memory: m.memory } }).exports.gemm;
  } catch (e) {
    Atomics.store(ctl, ${STATE}, 2);
    Atomics.notify(ctl, ${STATE});
    return;
  }
  Atomics.store(ctl, ${STATE}, 1);
  Atomics.notify(ctl, ${STATE});
  let seen = 0;
  for (;;) {
    Atomics.wait(ctl, ${REQUESTED}, seen);
    seen = Atomics.load(ctl, ${REQUESTED});
    try {
      const a = Array.from(ctl.slice(${ARGS}, ${ARGS + 11}));
      const end = a[8];
      for (let r = a[7]; r < end; r += ${CALL_ROWS}) {
        a[7] = r;
        a[8] = Math.min(end, r + ${CALL_ROWS});
        gemm(...a);
      }
    } catch (e) {
      Atomics.store(ctl, ${FAILED}, 1);
    }
    Atomics.store(ctl, ${DONE}, seen);
    Atomics.notify(ctl, ${DONE});
  }
};
if (nodePort) nodePort.once('message', start);
else self.onmessage = (e) => start(e.data);
`;

type NodeWorkerThreads = typeof import('node:worker_threads');

/**
 * Starts the helper as a browser Worker or a Node worker thread and sends it `init`; its stop
 * function, or null. A helper that fails (it did not load, or crashed) calls `failed`.
 */
function startHelper(init: object, failed: () => void): (() => void) | null {
  try {
    if (typeof Worker === 'function' && typeof Blob === 'function' && typeof URL.createObjectURL === 'function') {
      const url = URL.createObjectURL(new Blob([HELPER_SOURCE], { type: 'text/javascript' }));
      const worker = new Worker(url);
      worker.onerror = failed;
      worker.postMessage(init);
      return () => {
        worker.terminate();
        URL.revokeObjectURL(url);
      };
    }
    const getBuiltin = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
    const threads = getBuiltin?.('node:worker_threads') as NodeWorkerThreads | undefined;
    if (!threads) return null;
    const worker = new threads.Worker(HELPER_SOURCE, { eval: true });
    worker.unref();
    worker.on('error', failed);
    worker.postMessage(init);
    return () => void worker.terminate();
  } catch {
    return null;
  }
}

/** Atomics.waitAsync (ES2024; Chrome 87+, Node 16+), where it exists. */
const waitAsync = (
  Atomics as unknown as {
    waitAsync?: (a: Int32Array, index: number, value: number, timeout?: number) => { async: boolean; value: Promise<string> | string };
  }
).waitAsync;

/**
 * Resolves once ctl[index] is no longer `value` (or after a short while: callers re-check). A timer
 * keeps Node's event loop alive meanwhile: a pending waitAsync alone does not.
 */
async function changed(ctl: Int32Array, index: number, value: number): Promise<void> {
  const waited = waitAsync?.(ctl, index, value, 1_000);
  if (!waited?.async) return new Promise((resolve) => setTimeout(resolve, waited ? 0 : 1));
  const alive = setTimeout(() => {}, 2_000);
  await waited.value;
  clearTimeout(alive);
}

let blocking: boolean | undefined;

/** Whether this thread may block in Atomics.wait (not a browser's main thread). */
export function canBlock(): boolean {
  if (blocking === undefined) {
    try {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
      blocking = true;
    } catch {
      blocking = false;
    }
  }
  return blocking;
}

/**
 * The kernels on a new shared memory of at least `bytes` bytes, with a helper thread starting when
 * `threads` is 2; null where SIMD or shared memory is unavailable or the memory cannot be had.
 */
export function openSharedGemm(bytes: number, threads: 1 | 2): SharedGemm | null {
  const pages = (b: number) => Math.max(1, Math.ceil(b / 65_536));
  if (pages(bytes) > 65_536 || typeof WebAssembly !== 'object' || typeof SharedArrayBuffer !== 'function') return null;
  let memory: WebAssembly.Memory;
  let kernels: GemmKernels;
  try {
    if (!WebAssembly.validate(GEMM_WASM)) return null;
    memory = new WebAssembly.Memory({ initial: pages(bytes), maximum: 65_536, shared: true });
    kernels = new WebAssembly.Instance(new WebAssembly.Module(GEMM_WASM), { env: { memory } }).exports as unknown as GemmKernels;
  } catch {
    return null;
  }
  const ctl = new Int32Array(new SharedArrayBuffer(64));
  /** The helper is gone: later products run in this thread; waiters wake up and see it. */
  const failed = (): void => {
    Atomics.store(ctl, STATE, 2);
    Atomics.notify(ctl, STATE);
    Atomics.notify(ctl, DONE);
  };
  const stop = threads === 2 ? startHelper({ bytes: GEMM_WASM, memory, control: ctl.buffer }, failed) : null;
  if (!stop) Atomics.store(ctl, STATE, 2);
  const running = () => Atomics.load(ctl, STATE) === 1;
  const ready = (async () => {
    const deadline = performance.now() + HELPER_TIMEOUT_MS;
    while (Atomics.load(ctl, STATE) === 0) {
      if (performance.now() > deadline) {
        failed(); // never started: run single-threaded
        stop?.();
        return;
      }
      await changed(ctl, STATE, 0);
    }
  })();
  /** Posts rows [r0, r1) to the helper; the job's number. */
  const post = (args: GemmArgs): number => {
    for (let i = 0; i < args.length; i++) ctl[ARGS + i] = Number(args[i]);
    const job = Atomics.add(ctl, REQUESTED, 1) + 1;
    Atomics.notify(ctl, REQUESTED);
    return job;
  };
  /** gemm over its rows in calls of CALL_ROWS rows. */
  const here = (args: GemmArgs): void => {
    const [r0, r1] = [args[7], args[8]];
    for (let r = r0; r < r1; r += CALL_ROWS) {
      args[7] = r;
      args[8] = Math.min(r1, r + CALL_ROWS);
      kernels.gemm(...args);
    }
  };
  const lost = (): Error => {
    failed();
    stop?.();
    return new Error('the gemm helper thread stopped before finishing its rows');
  };
  /** Rows [splitAt, rows) go to the helper and [0, splitAt) run here; the job to wait for, or null when all ran here. */
  const begin = (rows: number, splitAt: number, args: (r0: number, r1: number) => GemmArgs): { job: number; deadline: number } | null => {
    if (!running()) {
      here(args(0, rows));
      return null;
    }
    const job = post(args(splitAt, rows));
    here(args(0, splitAt));
    return { job, deadline: performance.now() + HELPER_TIMEOUT_MS };
  };
  /** Whether the helper has finished the job; throws when it failed, is gone, or took too long. */
  const finished = (wait: { job: number; deadline: number }): boolean => {
    if (Atomics.load(ctl, DONE) === wait.job) {
      if (Atomics.exchange(ctl, FAILED, 0)) throw new Error('the gemm helper thread failed');
      return true;
    }
    if (performance.now() > wait.deadline || !running()) throw lost();
    return false;
  };
  return {
    memory,
    kernels,
    threads: () => (running() ? 2 : 1),
    ready,
    reserve(b) {
      const have = memory.buffer.byteLength;
      if (b > have) memory.grow(pages(b - have));
    },
    async split(rows, splitAt, args) {
      const wait = begin(rows, splitAt, args);
      while (wait && !finished(wait)) await changed(ctl, DONE, Atomics.load(ctl, DONE));
    },
    splitSync(rows, splitAt, args) {
      const wait = begin(rows, splitAt, args);
      while (wait && !finished(wait)) Atomics.wait(ctl, DONE, Atomics.load(ctl, DONE), HELPER_TIMEOUT_MS);
    },
    close: () => {
      failed();
      stop?.();
    },
  };
}
