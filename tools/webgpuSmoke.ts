/**
 * WebGPU smoke run for Node through Dawn (used by backend.test.ts in a child process, because Dawn
 * needs LD_LIBRARY_PATH / VK_ICD_FILENAMES at process start):
 *   LD_LIBRARY_PATH=/usr/lib/chromium VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json \
 *     npx tsx tools/webgpuSmoke.ts
 * Prints one JSON line: the auto choice and reason, then the losses of a short forced-WebGPU run next
 * to the same run on CPU.
 */
import { registerNodeBackends } from '../src/backends/node.ts';
import { selectBackend } from '../src/backends/backend';
import { defaultRunConfig } from '../src/engine/config';
import type { BackendName } from '../src/engine/engine';
import { InProcessEngine } from '../src/engine/inProcessEngine';
import { syntheticSplit } from '../testing/synthetic';

async function losses(backend: BackendName): Promise<{ losses: number[]; precision: number; device?: string }> {
  const engine = new InProcessEngine(registerNodeBackends());
  const info = await engine.init(backend);
  const c = defaultRunConfig('seed');
  Object.assign(c.model, { epochs: 2, batchSize: 20, learningRate: 0.3 });
  c.k = 5;
  await engine.load(syntheticSplit(60, 30, 8, 2), c);
  const out: number[] = [];
  let precision = 0;
  const state = await engine.train({
    onEpoch: (r) => {
      out.push(r.loss);
      precision = r.test.precision;
    },
  });
  await engine.dispose();
  if (state !== 'done') throw new Error(`${backend} training ended ${state}`);
  return { losses: out, precision, device: info.device };
}

const auto = await selectBackend('auto', registerNodeBackends());
const webgpu = await losses('webgpu');
const cpu = await losses('cpu');
console.log(JSON.stringify({ auto, webgpu, cpu }));
process.exit(0);
