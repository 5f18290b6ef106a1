/**
 * The fused WebGPU programs compute what the generic kernels compute: same epoch losses, parameters
 * and top-k lists after three epochs, in 7 dispatches per training step. Runs webgpuFusedCheck.ts in
 * a child process on Dawn + SwiftShader (Debian chromium's Vulkan loader and ICD).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { maxViolation } from '../../../testing/fastPath';

interface PathResult {
  losses: number[];
  params: number[];
  perStep: number;
  topk: number[];
  topkScores: number[];
  topkList: number[];
}

const ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
describe.runIf(existsSync(ICD))('fused WebGPU path (Dawn + SwiftShader, child process)', () => {
  it('matches the generic WebGPU kernels in 7 dispatches per step', async () => {
    const env = { ...process.env, LD_LIBRARY_PATH: '/usr/lib/chromium', VK_ICD_FILENAMES: ICD };
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile('npx', ['tsx', 'tools/webgpuFusedCheck.ts'], { env, timeout: 240_000, maxBuffer: 64 << 20 }, (err, out, errOut) =>
        err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out),
      ),
    );
    const cases = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { name: string; device: string; fused: PathResult; generic: PathResult });
    expect(cases.map((c) => c.name)).toEqual(['seed', 'one-hidden']);
    for (const { name, device, fused, generic } of cases) {
      expect(device, name).toMatch(/swiftshader/i);
      expect(fused.perStep, name).toBe(7);
      expect(generic.perStep, name).toBeGreaterThan(30);
      expect(fused.losses.length, name).toBe(3);
      expect(maxViolation(fused.losses, generic.losses, 1e-7, 1e-5), name).toBeLessThanOrEqual(1);
      expect(fused.losses[2], name).toBeLessThan(fused.losses[0]);
      expect(maxViolation(fused.params, generic.params, 1e-4, 1e-3), name).toBeLessThanOrEqual(1);
      expect(fused.topk, name).toEqual(generic.topk);
      expect(fused.topkList, name).toEqual(generic.topkList);
      expect(maxViolation(fused.topkScores, generic.topkScores, 1e-5, 1e-4), name).toBeLessThanOrEqual(1);
    }
    // Users with fewer unseen items than k get −1 entries, the same ones on both paths.
    const short = cases[1].fused.topk.filter((i) => i < 0).length;
    expect(short).toBeGreaterThan(0);
    expect(cases[1].generic.topk.filter((i) => i < 0).length).toBe(short);
  }, 300_000);
});
