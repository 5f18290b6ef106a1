/** How the host kernels allocate outputs and read tensors' memory on the WASM and CPU backends. */
import type * as tf from '@tensorflow/tfjs-core';
import { cpuAlloc, cpuValues, type HostValues, wasmAlloc, wasmByteOffset, wasmMemory, wasmView } from '../../backends/tfjsInternals';

/** A tensor as a kernel sees it. */
export type Info = tf.TensorInfo;

/**
 * Allocates outputs and views tensors' memory on one backend kind (through tfjsInternals.ts). Allocate
 * every output first and take views afterwards: an allocation may grow WASM memory, which detaches
 * earlier views.
 */
export interface HostIO {
  alloc(backend: unknown, shape: number[], dtype?: 'float32' | 'int32'): Info;
  read(backend: unknown, t: Info): HostValues;
  /** WASM: the backend's WebAssembly.Memory (null when it is not reachable) and a tensor's byte offset in it. */
  memory?(backend: unknown): WebAssembly.Memory | null;
  offset?(backend: unknown, t: Info): number;
}

export const wasmIO: HostIO = { alloc: wasmAlloc, read: wasmView, memory: wasmMemory, offset: wasmByteOffset };

export const cpuIO: HostIO = { alloc: cpuAlloc, read: cpuValues };
