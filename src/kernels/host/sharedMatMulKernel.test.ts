import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerHostKernels, wideMatMul } from './hostKernels';
import { sharedMatMulThreads } from './sharedMatMulKernel';

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerHostKernels();
});

/** Deterministic values in [−1, 1). */
const values = (n: number, seed: number): Float32Array => Float32Array.from({ length: n }, (_, i) => Math.sin(seed + i * 0.37));

describe('wideMatMul (RecsysSharedMatMul)', () => {
  it('equals a float64 product for a wide output layer shape (N not a multiple of 8, odd M), on both threads', async () => {
    expect(await sharedMatMulThreads()).toBe(2);
    const [M, K, N] = [37, 70, 1_733];
    const a = values(M * K, 1),
      b = values(K * N, 2);
    const [ta, tb] = [tf.tensor2d(a, [M, K]), tf.tensor2d(b, [K, N])];
    const c = wideMatMul(ta, tb, true);
    tf.dispose([ta, tb]);
    expect(c).not.toBeNull();
    expect(c!.shape).toEqual([M, N]);
    const got = c!.dataSync();
    let worst = 0;
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        let s = 0;
        for (let p = 0; p < K; p++) s += a[i * K + p] * b[p * N + j];
        worst = Math.max(worst, Math.abs(got[i * N + j] - s));
      }
    }
    expect(worst).toBeLessThan(1e-4);
    c!.dispose();
  });

  it('leaves small, narrow or non-host products to tf.matMul (null)', () => {
    tf.tidy(() => {
      expect(wideMatMul(tf.zeros([100, 10]), tf.zeros([10, 9_724]), true)).toBeNull(); // K < 64 (the Seed preset's last layer)
      expect(wideMatMul(tf.zeros([8, 64]), tf.zeros([64, 64]), true)).toBeNull(); // under 2²² multiply-adds
      expect(wideMatMul(tf.zeros([100, 600]), tf.zeros([600, 9_724]), false)).toBeNull(); // host off
    });
  });
});
