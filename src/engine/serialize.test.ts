import { describe, expect, it } from 'vitest';
import { defaultRunConfig } from './config';
import type { ModelSnapshot } from './engine';
import { ARTIFACT_FORMAT, artifactsToSnapshot, snapshotToArtifacts } from './serialize';

const snapshot: ModelSnapshot = {
  config: defaultRunConfig('seed'),
  epoch: 7,
  items: 3,
  tensors: [
    { name: 'W1', shape: [3, 2], data: Float32Array.from([1, 2, 3, 4, 5, 6]) },
    { name: 'b1', shape: [2], data: Float32Array.from([-1, 0.5]) },
    { name: 'opt/step', shape: [1], data: Float32Array.from([42]) },
  ],
};

describe('snapshot ⇄ tf.io.ModelArtifacts', () => {
  it('round-trips names, shapes, values and metadata', () => {
    const a = snapshotToArtifacts(snapshot);
    expect(a.format).toBe(ARTIFACT_FORMAT);
    expect(a.weightSpecs!.map((s) => [s.name, s.shape, s.dtype])).toEqual([
      ['W1', [3, 2], 'float32'],
      ['b1', [2], 'float32'],
      ['opt/step', [1], 'float32'],
    ]);
    expect((a.weightData as ArrayBuffer).byteLength).toBe(9 * 4);
    // modelTopology is plain JSON (what tf.io stores in model.json).
    const json = JSON.parse(JSON.stringify(a.modelTopology));
    expect(json).toMatchObject({ format: ARTIFACT_FORMAT, version: 1, epoch: 7, items: 3 });
    const back = artifactsToSnapshot({
      ...a,
      modelTopology: json,
      weightData: [(a.weightData as ArrayBuffer).slice(0, 8), (a.weightData as ArrayBuffer).slice(8)],
    });
    expect(back).toEqual(snapshot);
  });

  it('rejects foreign or damaged artifacts with a clear message', () => {
    expect(() => artifactsToSnapshot({ modelTopology: { class_name: 'Sequential' } })).toThrow(/not a recsys-trainer model/);
    const a = snapshotToArtifacts(snapshot);
    expect(() => artifactsToSnapshot({ ...a, weightData: new ArrayBuffer(8) })).toThrow(/weight data too short/);
    expect(() => snapshotToArtifacts({ ...snapshot, tensors: [{ name: 'x', shape: [2], data: new Float32Array(3) }] })).toThrow(
      /does not match/,
    );
  });
});
