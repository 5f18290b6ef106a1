import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { denseBinary, gaussJordanInverse, gram } from '../../testing/linearReference';
import { syntheticSplit } from '../../testing/synthetic';
import { invertSpdInPlace, invertSpdSmall, type SpdInverseOptions } from './spdInverse';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** An n × n SPD matrix: a synthetic Gram matrix plus `ridge` on the diagonal. */
function spdMatrix(n: number, ridge: number, seed: number): Float64Array[] {
  const g = gram(denseBinary(syntheticSplit(3 * n, n, 12, seed).train), n);
  for (let i = 0; i < n; i++) g[i][i] += ridge;
  return g;
}

/** Largest |a − b| over the upper triangles, relative to the largest |b|. */
function upperRelErr(a: Float32Array, b: Float64Array[], n: number): number {
  let err = 0,
    scale = 0;
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      err = Math.max(err, Math.abs(a[i * n + j] - b[i][j]));
      scale = Math.max(scale, Math.abs(b[i][j]));
    }
  return err / scale;
}

const ROUTES: { name: string; opts: SpdInverseOptions }[] = [
  { name: "route 'tfjs'", opts: { route: 'tfjs' } },
  { name: "route 'wasm', 1 thread", opts: { route: 'wasm', threads: 1 } },
  { name: "route 'wasm', 2 threads", opts: { route: 'wasm', threads: 2 } },
];

describe.each(ROUTES)('invertSpdInPlace, $name', ({ opts }) => {
  // 37: blocks and strips that do not divide n; 150: several 64-row passes, 4-row tiles plus leftovers.
  it.each([
    { n: 37, block: 8, strip: 5 },
    { n: 150, block: 40, strip: 64 },
  ])('matches a float64 Gauss–Jordan inverse (n $n, block $block), upper triangle only', async ({ n, block, strip }) => {
    const g = spdMatrix(n, 5, n);
    const a = new Float32Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = j >= i ? g[i][j] : 99; // lower triangle ignored
    const fractions: number[] = [];
    await invertSpdInPlace(a, n, { ...opts, block, strip, onProgress: (f) => fractions.push(f) });
    expect(upperRelErr(a, gaussJordanInverse(g), n)).toBeLessThan(1e-5);
    for (let i = 1; i < n; i++) for (let j = 0; j < i; j++) expect(a[i * n + j]).toBe(99);
    expect(fractions.at(-1)).toBe(1);
    expect(fractions.length).toBe(Math.ceil(n / block));
  });

  it('rejects a matrix that is not positive definite, and stops when aborted', async () => {
    await expect(invertSpdInPlace(Float32Array.from([1, 2, 2, 1]), 2, opts)).rejects.toThrow(/not positive definite \(pivot 1 is -3\)/);
    const ac = new AbortController();
    ac.abort(new Error('cancelled'));
    await expect(invertSpdInPlace(Float32Array.from([2, 0, 0, 2]), 2, { ...opts, signal: ac.signal })).rejects.toThrow('cancelled');
  });
});

describe('invertSpdSmall', () => {
  it('inverts in float64 (full storage in and out) and names the failing pivot with its offset', () => {
    const n = 23;
    const g = spdMatrix(n, 2, 7);
    const m = new Float64Array(n * n);
    for (let i = 0; i < n; i++) m.set(g[i], i * n);
    invertSpdSmall(m, n);
    const inv = gaussJordanInverse(g);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(m[i * n + j]).toBeCloseTo(inv[i][j], 12);
    expect(() => invertSpdSmall(Float64Array.from([4, 0, 0, 0]), 2, 10)).toThrow('matrix is not positive definite (pivot 11 is 0)');
  });
});
