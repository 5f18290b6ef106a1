/**
 * Backend probes for the browser (page or worker). Vite serves the WASM binaries through `?url`
 * imports; WASM threads stay off (the threaded build crashes when minified under COOP/COEP).
 * WebGPU/WebGL probes detect software emulation (fallback adapter, SwiftShader/llvmpipe renderer) so
 * auto selection can skip it. Never import this file from Node code.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { describeAdapter, isSoftwareRenderer, softwareName, type AdapterLike, type BackendProbes, type ProbeResult } from './backend';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
});
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);

interface GpuLike {
  requestAdapter(options?: {
    powerPreference?: string;
  }): Promise<(AdapterLike & { requestAdapterInfo?(): Promise<AdapterLike['info']> }) | null>;
}

async function probeWebGpu(): Promise<ProbeResult> {
  const gpu = (globalThis.navigator as unknown as { gpu?: GpuLike } | undefined)?.gpu;
  if (!gpu) return { ok: false, why: 'navigator.gpu is missing' };
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return { ok: false, why: 'no WebGPU adapter' };
  const info = adapter.info ?? (adapter.requestAdapterInfo ? await adapter.requestAdapterInfo() : undefined);
  const r = describeAdapter({ isFallbackAdapter: adapter.isFallbackAdapter, info });
  await import('@tensorflow/tfjs-backend-webgpu');
  if (!tf.findBackendFactory('webgpu')) return { ok: false, why: 'tfjs-backend-webgpu did not register' };
  return r;
}

function probeWebGl(): Promise<ProbeResult> {
  const canvas: OffscreenCanvas | HTMLCanvasElement | null =
    typeof OffscreenCanvas !== 'undefined'
      ? new OffscreenCanvas(1, 1)
      : typeof document !== 'undefined'
        ? document.createElement('canvas')
        : null;
  if (!canvas) return Promise.resolve({ ok: false, why: 'no canvas' });
  const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
  if (!gl) return Promise.resolve({ ok: false, why: 'no WebGL context' });
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  const software = isSoftwareRenderer(renderer);
  return Promise.resolve({ ok: true, software, detail: software ? softwareName(renderer) : undefined, device: renderer || undefined });
}

async function probeWasm(): Promise<ProbeResult> {
  await import('@tensorflow/tfjs-backend-wasm');
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  return { ok: true, detail: simd ? 'SIMD' : 'no SIMD' };
}

/** The browser probe set (WebGPU, WebGL, WASM, CPU); pass the function to `new InProcessEngine(registerBrowserBackends)` inside the worker. */
export function registerBrowserBackends(): BackendProbes {
  return {
    webgpu: probeWebGpu,
    webgl: probeWebGl,
    wasm: probeWasm,
    cpu: async () => ({ ok: true }),
  };
}
