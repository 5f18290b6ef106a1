import { afterAll, describe, expect, it } from 'vitest';
import { canBlock, type GemmArgs, openSharedGemm, type SharedGemm } from './sharedGemm';

/** Deterministic values in [−1, 1). */
const fill = (f: Float32Array, from: number, count: number, seed: number): void => {
  let s = seed >>> 0;
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    f[from + i] = s / 2 ** 31 - 1;
  }
};

describe('openSharedGemm (as/gemm.ts on a shared memory)', () => {
  let sk: SharedGemm;
  const open = async () => {
    sk ??= openSharedGemm(1 << 20, 2)!;
    await sk.ready;
    return sk;
  };
  afterAll(() => sk?.close());

  it('runs in Node with a helper thread on a shared memory that grows on request', async () => {
    const k = await open();
    expect(k.memory.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(k.memory.buffer.byteLength).toBe(1 << 20);
    expect(k.threads()).toBe(2);
    expect(canBlock()).toBe(true);
    k.reserve(1 << 20);
    expect(k.memory.buffer.byteLength).toBe(1 << 20);
    k.reserve((1 << 20) + 1);
    expect(k.memory.buffer.byteLength).toBe((1 << 20) + 65_536);
  });

  // m × k times k × n: rows not a multiple of 4, columns not a multiple of 8, more rows than one 64-row
  // pass; C's rows padded to 24 columns (gemm writes whole 8-column blocks).
  const [m, kk, n, ldc] = [70, 13, 21, 24];
  const A = 0,
    B = A + m * kk,
    P = B + kk * n,
    C = P + ldc * kk;
  const naive = (f: Float32Array, i: number, j: number): number => {
    let s = 0;
    for (let p = 0; p < kk; p++) s += f[A + i * kk + p] * f[B + p * n + j];
    return s;
  };

  it.each([
    { mode: 'C = A·B, in this thread', upper: false, subtract: false, run: 'here' },
    { mode: 'C −= A·B on the upper triangle, in this thread', upper: true, subtract: true, run: 'here' },
    { mode: 'C −= A·B, rows 30 .. 70 on the helper thread (awaited)', upper: false, subtract: true, run: 'split' },
    { mode: 'C = A·B, rows 30 .. 70 on the helper thread (blocking)', upper: false, subtract: false, run: 'splitSync' },
  ])('gemm: $mode, as a float64 loop computes it', async ({ upper, subtract, run }) => {
    const k = await open();
    const { memory, kernels } = k;
    const f = new Float32Array(memory.buffer);
    fill(f, A, m * kk + kk * n, 1);
    fill(f, C, m * ldc, 2);
    const before = f.slice(C, C + m * ldc);
    kernels.pack(B * 4, n, kk, n, P * 4);
    const r0 = 0;
    const args = (from: number, to: number): GemmArgs => [C * 4, ldc, A * 4, kk, P * 4, kk, n, from, to, upper, subtract];
    if (run === 'split') await k.split(m, 30, args);
    else if (run === 'splitSync') k.splitSync(m, 30, args);
    else kernels.gemm(...args(0, m));
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < ldc; j++) {
        const old = before[i * ldc + j];
        const got = f[C + i * ldc + j];
        if (i < r0) expect(got).toBe(old);
        else if (j >= n)
          expect(got).toBe(subtract ? old : 0); // padding: B's zero columns
        else if (upper && j < i) {
          if (j < Math.floor(i / 8) * 8 - 64) expect(got).toBe(old); // left of the row's pass block: untouched
        } else expect(got).toBeCloseTo(subtract ? old - naive(f, i, j) : naive(f, i, j), 5);
      }
    }
  });

  it('sweep: float64 inverse of an SPD block, or the index of the pivot that is not positive', async () => {
    const { memory, kernels } = await open();
    const d = new Float64Array(memory.buffer);
    const w = 9;
    // M = I·w + J (all ones): inverse I/w − J/(w·2w).
    for (let i = 0; i < w; i++) for (let j = 0; j < w; j++) d[i * w + j] = (i === j ? w : 0) + 1;
    expect(kernels.sweep(0, w, w * w * 8)).toBe(-1);
    for (let i = 0; i < w; i++) for (let j = 0; j < w; j++) expect(d[i * w + j]).toBeCloseTo((i === j ? 1 / w : 0) - 1 / (w * 2 * w), 14);
    d.set([1, 2, 2, 1]);
    expect(kernels.sweep(0, 2, 64)).toBe(1);
  });

  it('after close, products run in this thread alone (no wait on a stopped helper)', async () => {
    const own = openSharedGemm(1 << 16, 2)!;
    await own.ready;
    expect(own.threads()).toBe(2);
    own.close();
    expect(own.threads()).toBe(1);
    const f = new Float32Array(own.memory.buffer);
    // C (2 × 8 at 64) = A (2 × 1 at 0) · B (1 × 8 at 8, packed at 32).
    f.set([2, 3], 0);
    f.set([1, 2, 3, 4, 5, 6, 7, 8], 8);
    own.kernels.pack(8 * 4, 8, 1, 8, 32 * 4);
    await own.split(2, 1, (r0, r1) => [64 * 4, 8, 0, 1, 32 * 4, 1, 8, r0, r1, false, false]);
    expect(Array.from(f.subarray(64, 80))).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 3, 6, 9, 12, 15, 18, 21, 24]);
  });
});
