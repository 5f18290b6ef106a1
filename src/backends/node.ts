/**
 * Backend probes for Node (tests, CLI, benchmarks): CPU, WASM (the .wasm files load from
 * node_modules/@tensorflow/tfjs-backend-wasm/dist by themselves), and WebGPU through Dawn
 * (the `webgpu` package). Without a GPU, Dawn finds SwiftShader when started with
 *   LD_LIBRARY_PATH=/usr/lib/chromium VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json
 * (Debian's chromium ships both); that adapter is a fallback adapter, so auto skips it.
 * Never import this file from browser code.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { describeAdapter, type AdapterLike, type BackendProbes, type ProbeResult } from './backend';

interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<AdapterLike | null>;
}

let gpu: GpuLike | null = null;
let webgpuImported = false;

/** Installs Dawn's navigator.gpu and WebGPU globals once (before tfjs-backend-webgpu is imported). */
async function installDawn(): Promise<GpuLike> {
  if (gpu) return gpu;
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  const g = globalThis as unknown as { navigator?: { gpu?: unknown } };
  const instance = create([]) as unknown as GpuLike;
  if (!g.navigator) Object.defineProperty(globalThis, 'navigator', { value: { gpu: instance }, configurable: true, writable: true });
  else if (!g.navigator.gpu) Object.defineProperty(g.navigator, 'gpu', { value: instance, configurable: true });
  gpu = (g.navigator!.gpu as GpuLike) ?? instance;
  return gpu;
}

async function probeWebGpu(): Promise<ProbeResult> {
  let g: GpuLike;
  try {
    g = await installDawn();
  } catch (e) {
    return { ok: false, why: `Dawn (webgpu package) failed to load: ${e instanceof Error ? e.message : e}` };
  }
  const adapter = await g.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return { ok: false, why: 'no WebGPU adapter (no Vulkan driver; see src/backends/node.ts for SwiftShader)' };
  const r = describeAdapter(adapter);
  if (!webgpuImported) {
    await import('@tensorflow/tfjs-backend-webgpu');
    webgpuImported = true;
  }
  if (!tf.findBackendFactory('webgpu')) return { ok: false, why: 'tfjs-backend-webgpu did not register' };
  return r;
}

async function probeWasm(): Promise<ProbeResult> {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  return { ok: !!tf.findBackendFactory('wasm'), detail: simd ? 'SIMD' : 'no SIMD', why: 'not registered' };
}

/**
 * The Node probe set. `webgpu: false` leaves WebGPU out (it loads a native module), e.g. in unit tests.
 */
export function registerNodeBackends(options: { webgpu?: boolean } = {}): BackendProbes {
  const probes: BackendProbes = {
    wasm: probeWasm,
    cpu: async () => ({ ok: true }),
  };
  if (options.webgpu !== false) probes.webgpu = probeWebGpu;
  return probes;
}
