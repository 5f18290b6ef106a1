import { describe, expect, it } from 'vitest';
import { DEFAULT_REFERENCES, defaultRunConfig, validateRunConfig } from './config';
import { runConfigFromParams, runConfigToParams } from './configParams';

describe('references settings in the run config', () => {
  it('default to all, 100 neighbours, λ 500, and stay out of the URL at their defaults', () => {
    const c = defaultRunConfig('seed');
    expect(c.references).toEqual({ set: 'all', knnNeighbours: 100, easeLambda: 500 });
    expect(DEFAULT_REFERENCES).toEqual(c.references);
    expect([...runConfigToParams(c).keys()]).toEqual(['preset']);
  });

  it('round-trip through the URL, auto λ included', () => {
    for (const references of [
      { set: 'popular', knnNeighbours: 20, easeLambda: 'auto' },
      { set: 'none', knnNeighbours: 7, easeLambda: 250 },
    ] as const) {
      const c = { ...defaultRunConfig('seed'), references };
      const p = runConfigToParams(c);
      expect(runConfigFromParams(new URLSearchParams(p.toString())).references).toEqual(references);
    }
    expect(runConfigFromParams(new URLSearchParams('ease-lambda=AUTO')).references.easeLambda).toBe('auto');
  });

  it('are validated', () => {
    const bad = (r: object) => validateRunConfig({ ...defaultRunConfig('seed'), references: { ...DEFAULT_REFERENCES, ...r } });
    expect(bad({})).toEqual([]);
    expect(bad({ set: 'some' })).toEqual(['references must be none, popular or all']);
    expect(bad({ knnNeighbours: 1.5 })).toEqual(['item-kNN neighbours must be an integer in [1, 10000]']);
    expect(bad({ easeLambda: 0 })).toEqual(['EASE λ must be a number > 0 or auto']);
    expect(bad({ easeLambda: Number.NaN })).toEqual(['EASE λ must be a number > 0 or auto']);
    expect(() => runConfigFromParams(new URLSearchParams('ease-lambda=big'))).toThrow(/--ease-lambda must be a number/);
  });
});
