import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { describeAdapter, isSoftwareRenderer, selectBackend, type BackendProbes } from './backend';
import { registerNodeBackends } from './node.ts';
import { defaultRunConfig } from '../engine/config';
import type { EpochReport } from '../engine/engine';
import { InProcessEngine } from '../engine/inProcessEngine';
import { syntheticSplit } from '../../testing/synthetic';

const node = registerNodeBackends({ webgpu: false });
const swiftshader = async () => ({ ok: true, software: true, detail: 'SwiftShader' });

describe('selectBackend', () => {
  it('auto never picks a software GPU over WASM, and says why', async () => {
    const probes: BackendProbes = { ...node, webgpu: swiftshader, webgl: swiftshader };
    const info = await selectBackend('auto', probes);
    expect(info.name).toBe('wasm');
    expect(info.reason).toBe('WebGPU: fallback adapter skipped (SwiftShader); WebGL: software renderer skipped (SwiftShader); WASM SIMD');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('auto falls through unavailable backends to CPU', async () => {
    const probes: BackendProbes = {
      webgl: async () => ({ ok: false, why: 'no WebGL context' }),
      wasm: async () => ({ ok: false, why: 'blocked' }),
      cpu: node.cpu,
    };
    const info = await selectBackend('auto', probes);
    expect(info).toMatchObject({
      name: 'cpu',
      reason: 'WebGPU: not available here; WebGL: unavailable (no WebGL context); WASM: unavailable (blocked); CPU',
    });
  });

  it('a forced backend is that backend or a clear error', async () => {
    expect((await selectBackend('cpu', node)).name).toBe('cpu');
    await expect(selectBackend('webgl', node)).rejects.toThrow('Backend WebGL is not available in this environment');
    await expect(selectBackend('webgpu', { webgpu: async () => ({ ok: false, why: 'no WebGPU adapter' }) })).rejects.toThrow(
      'Backend WebGPU is unavailable: no WebGPU adapter',
    );
    // Registered probe but no tfjs backend behind it.
    await expect(selectBackend('webgl', { webgl: async () => ({ ok: true }) })).rejects.toThrow(/WebGL could not be initialised/);
    // Forcing a software GPU is allowed but flagged.
    const soft = await selectBackend('wasm', { wasm: async () => ({ ok: true, software: true, detail: 'SwiftShader' }) });
    expect(soft.reason).toMatch(/forced.*software-emulated/);
  });

  it('detects fallback adapters and software renderers', () => {
    expect(
      describeAdapter({
        info: { isFallbackAdapter: true, vendor: 'google', architecture: 'swiftshader', description: 'SwiftShader Device' },
      }),
    ).toMatchObject({ ok: true, software: true, detail: 'SwiftShader' });
    expect(describeAdapter({ isFallbackAdapter: true })).toMatchObject({ software: true, detail: 'software' });
    expect(describeAdapter({ info: { vendor: 'nvidia', architecture: 'ampere' } })).toMatchObject({
      ok: true,
      software: false,
      detail: 'nvidia ampere',
    });
    expect(describeAdapter(null)).toMatchObject({ ok: false });
    expect(isSoftwareRenderer('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)')).toBe(true);
    expect(isSoftwareRenderer('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe(true);
    expect(isSoftwareRenderer('ANGLE (NVIDIA, NVIDIA GeForce RTX 3080 Direct3D11)')).toBe(false);
  });
});

describe('WASM in Node', () => {
  it('trains like CPU (the .wasm binaries load from node_modules)', async () => {
    const run = async (backend: 'cpu' | 'wasm') => {
      const e = new InProcessEngine(node);
      const info = await e.init(backend);
      const c = defaultRunConfig('seed');
      Object.assign(c.model, { epochs: 3, batchSize: 20, learningRate: 0.3 });
      c.k = 5;
      await e.load(syntheticSplit(60, 300, 20, 2), c); // 300 items: the explicit [dWᵀ | db] layout runs on WASM
      const reports: EpochReport[] = [];
      const tensors: number[] = [];
      expect(
        await e.train({
          onEpoch: (r) => {
            reports.push(r);
            tensors.push(tf.memory().numTensors);
          },
        }),
      ).toBe('done');
      expect(new Set(tensors).size).toBe(1);
      const rec = await e.recommend(Int32Array.from([0, 1, 2]), 5);
      await e.dispose();
      return { info, losses: reports.map((r) => r.loss), p: reports[2].test.precision, rec };
    };
    const wasm = await run('wasm'),
      cpu = await run('cpu');
    expect(wasm.info.reason).toBe('WASM SIMD (forced)');
    for (let i = 0; i < 3; i++) expect(wasm.losses[i]).toBeCloseTo(cpu.losses[i], 5);
    expect(wasm.p).toBeCloseTo(cpu.p, 6);
    expect([...wasm.rec.items]).toEqual([...cpu.rec.items]);
  });
});

const ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
describe.runIf(existsSync(ICD))('WebGPU in Node (Dawn + SwiftShader, child process)', () => {
  it('auto skips the fallback adapter; forced WebGPU trains like CPU', async () => {
    const env = { ...process.env, LD_LIBRARY_PATH: '/usr/lib/chromium', VK_ICD_FILENAMES: ICD };
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile('npx', ['tsx', 'tools/webgpuSmoke.ts'], { env, timeout: 120_000 }, (err, out, errOut) =>
        err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out),
      ),
    );
    const r = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(r.auto.name).toBe('wasm');
    expect(r.auto.reason).toMatch(/^WebGPU: fallback adapter skipped \(SwiftShader\); .*WASM SIMD$/);
    expect(r.webgpu.device).toMatch(/swiftshader/i);
    for (let i = 0; i < 2; i++) expect(r.webgpu.losses[i]).toBeCloseTo(r.cpu.losses[i], 5);
    expect(r.webgpu.precision).toBeCloseTo(r.cpu.precision, 6);
  }, 150_000);
});
