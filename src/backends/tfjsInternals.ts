/**
 * The one place that reaches into TensorFlow.js internals (not its public API): tfjs-backend-wasm's
 * memory, heap views and tensor offsets, tfjs-backend-cpu's tensor storage, and tfjs-backend-webgpu's
 * runWebGPUProgram. The fast kernels (src/kernels) use these instead of casting backends themselves.
 * They were written against one tfjs version; every accessor checks it is the one loaded and throws
 * a clear Error otherwise, rather than misbehave on a changed internal.
 */
import * as tf from '@tensorflow/tfjs-core';

/** The @tensorflow/tfjs-core version whose internals this module knows (package.json pins it). */
export const PINNED_TFJS_VERSION = '4.22.0';

/** Throws unless `found` (default: the loaded tfjs-core's version) is PINNED_TFJS_VERSION. */
export function checkTfjsVersion(found: string = tf.version_core): void {
  if (found !== PINNED_TFJS_VERSION) {
    throw new Error(`recsys-trainer's fast kernels need @tensorflow/tfjs-core ${PINNED_TFJS_VERSION}, found ${found}`);
  }
}

let versionChecked = false;

/** checkTfjsVersion() once per page / process. */
function pinned(): void {
  if (versionChecked) return;
  checkTfjsVersion();
  versionChecked = true;
}

/** A backend's host-side typed storage of a float32 or int32 tensor. */
export type HostValues = Float32Array | Int32Array;

// tfjs-backend-wasm (single-threaded build).
interface WasmBackendInternals {
  makeOutput(shape: number[], dtype: string): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): HostValues;
  dataIdMap: { get(dataId: unknown): { memoryOffset: number } };
  /** The Emscripten module; it exports its memory as asm.memory. */
  wasm?: { asm?: { memory?: unknown } };
}

/** A new output tensor of `shape` in the wasm backend's heap (uninitialised: malloc'ed). */
export function wasmAlloc(backend: unknown, shape: number[], dtype: 'float32' | 'int32' = 'float32'): tf.TensorInfo {
  pinned();
  return (backend as WasmBackendInternals).makeOutput(shape, dtype);
}

/** A view of a tensor's values in the wasm heap (detached when the heap grows: view after allocating). */
export function wasmView(backend: unknown, t: tf.TensorInfo): HostValues {
  pinned();
  return (backend as WasmBackendInternals).typedArrayFromHeap(t);
}

/** The wasm backend's WebAssembly.Memory, or null when it is not reachable (e.g. the threaded build). */
export function wasmMemory(backend: unknown): WebAssembly.Memory | null {
  pinned();
  const m = (backend as WasmBackendInternals).wasm?.asm?.memory;
  return typeof WebAssembly === 'object' && m instanceof WebAssembly.Memory ? m : null;
}

/** The byte offset of a tensor's values in the wasm backend's memory. */
export function wasmByteOffset(backend: unknown, t: tf.TensorInfo): number {
  pinned();
  return (backend as WasmBackendInternals).dataIdMap.get(t.dataId).memoryOffset;
}

// tfjs-backend-cpu.
interface CpuBackendInternals {
  makeTensorInfo(shape: number[], dtype: string, values: HostValues): tf.TensorInfo;
  data: { get(dataId: unknown): { values: HostValues } };
}

/** A new zero-filled output tensor of `shape` on the cpu backend. */
export function cpuAlloc(backend: unknown, shape: number[], dtype: 'float32' | 'int32' = 'float32'): tf.TensorInfo {
  pinned();
  const size = shape.reduce((a, b) => a * b, 1);
  return (backend as CpuBackendInternals).makeTensorInfo(shape, dtype, dtype === 'int32' ? new Int32Array(size) : new Float32Array(size));
}

/** The cpu backend's own storage of a tensor's values (writes go to the tensor). */
export function cpuValues(backend: unknown, t: tf.TensorInfo): HostValues {
  pinned();
  return (backend as CpuBackendInternals).data.get(t.dataId).values;
}

// tfjs-backend-webgpu.
/** A uniform value passed to runWebGPUProgram. */
export type ProgramUniform = { type: 'int32' | 'float32'; data: number[] };

interface WebGpuBackendInternals {
  runWebGPUProgram(program: object, inputs: tf.TensorInfo[], dtype: tf.DataType, uniforms?: ProgramUniform[]): tf.TensorInfo;
}

/**
 * Runs a WebGPUProgram (tfjs-backend-webgpu's shape: outputShape, shaderKey, dispatch, getUserCode, …)
 * on the active webgpu backend; the float32 result is tracked by the enclosing tf.tidy.
 */
export function runWebGPUProgram(program: object, inputs: tf.Tensor[], uniforms: ProgramUniform[]): tf.Tensor {
  pinned();
  const info = (tf.backend() as unknown as WebGpuBackendInternals).runWebGPUProgram(program, inputs, 'float32', uniforms);
  return tf.engine().makeTensorFromTensorInfo(info);
}
