import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import {
  checkTfjsVersion,
  cpuAlloc,
  cpuValues,
  PINNED_TFJS_VERSION,
  wasmAlloc,
  wasmByteOffset,
  wasmMemory,
  wasmView,
} from './tfjsInternals';

describe('the pinned tfjs version', () => {
  it('is the one installed (package.json pins it) and passes', () => {
    expect(tf.version_core).toBe(PINNED_TFJS_VERSION);
    expect(() => checkTfjsVersion()).not.toThrow();
    expect(() => checkTfjsVersion('4.22.0')).not.toThrow();
  });

  for (const other of ['4.21.0', '4.22.1', '5.0.0', '']) {
    it(`another (${JSON.stringify(other)}) throws a clear error`, () => {
      expect(() => checkTfjsVersion(other)).toThrow(
        new Error(`recsys-trainer's fast kernels need @tensorflow/tfjs-core 4.22.0, found ${other}`),
      );
    });
  }
});

describe('the internals it reaches still are where it looks', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('cpu: a new tensor is zero-filled and its storage is the tensor', async () => {
    await tf.setBackend('cpu');
    const backend = tf.backend();
    const info = cpuAlloc(backend, [2, 3]);
    const values = cpuValues(backend, info);
    expect(Array.from(values)).toEqual([0, 0, 0, 0, 0, 0]);
    values.set([1, 2, 3, 4, 5, 6]);
    const t = tf.engine().makeTensorFromTensorInfo(info);
    expect(Array.from(t.dataSync())).toEqual([1, 2, 3, 4, 5, 6]);
    expect(cpuValues(backend, tf.tensor1d([7, 8], 'int32'))).toEqual(Int32Array.of(7, 8));
    t.dispose();
  });

  it('wasm: memory, byte offsets and heap views address the same values', async () => {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    await tf.setBackend('wasm');
    const backend = tf.backend();
    const memory = wasmMemory(backend);
    expect(memory).toBeInstanceOf(WebAssembly.Memory);
    const x = tf.tensor1d([1.5, -2, 3.25]);
    const at = wasmByteOffset(backend, x);
    expect(Array.from(new Float32Array(memory!.buffer, at, 3))).toEqual([1.5, -2, 3.25]);
    expect(Array.from(wasmView(backend, x))).toEqual([1.5, -2, 3.25]);
    const out = wasmAlloc(backend, [2], 'int32');
    wasmView(backend, out).set([9, 10]);
    const t = tf.engine().makeTensorFromTensorInfo(out);
    expect(t.dtype).toBe('int32');
    expect(Array.from(t.dataSync())).toEqual([9, 10]);
    tf.dispose([x, t]);
  });

  it('wasm: a backend without a reachable memory gives null', () => {
    expect(wasmMemory({})).toBeNull();
  });
});
