/**
 * Evaluates every activation's WGSL forms (src/nn/activations.ts) on WebGPU through Dawn (run by
 * activations.test.ts in a child process, because Dawn needs LD_LIBRARY_PATH / VK_ICD_FILENAMES at
 * process start):
 *   LD_LIBRARY_PATH=/usr/lib/chromium VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json \
 *     npx tsx tools/webgpuActivationsCheck.ts '[-1, 0.5, 2]'
 * Prints one JSON line: per activation, act(z) and act'(Z) from act(z), both computed on the GPU.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from '../src/engine/config';
import { registerNodeBackends } from '../src/backends/node.ts';
import { ACTIVATIONS } from '../src/nn/activations';
import { flat } from '../src/kernels/webgpu/webgpuKernels';
import { runWebGPUProgram } from '../src/backends/tfjsInternals';

const z = JSON.parse(process.argv[2] ?? '[]') as number[];
const n = z.length;
const probe = await registerNodeBackends().webgpu!();
if (!probe.ok) throw new Error(`no WebGPU: ${probe.why}`);
await tf.setBackend('webgpu');

const out: Partial<Record<Activation, { act: number[]; dact: number[] }>> = {};
for (const name of Object.keys(ACTIVATIONS) as Activation[]) {
  const f = ACTIVATIONS[name];
  // [2n]: act(z) then act'(Z) computed from the f32 act(z).
  const program = flat(`recsysActivationCheck_${name}`, 2 * n, ['x']);
  program.dispatch = [Math.ceil(n / 64), 1, 1];
  program.uniforms = 'n : i32,'; // tfjs binds a uniform buffer, so the shader must use one
  program.getUserCode = () => `
  fn main(index : i32) {
    if (index >= uniforms.n) { return; }
    let z = x[index];
    let a = ${f.wgsl('z')};
    result[index] = a;
    result[uniforms.n + index] = ${f.wgslDerivative('a')};
  }`;
  const r = Array.from(await tf.tidy(() => runWebGPUProgram(program, [tf.tensor1d(z)], [{ type: 'int32', data: [n] }])).data());
  out[name] = { act: r.slice(0, n), dact: r.slice(n) };
}
console.log(JSON.stringify(out));
