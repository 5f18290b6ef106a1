/**
 * Backend selection: auto takes the first usable backend of BACKEND_ORDER (WebGPU → WebGL → WASM → CPU),
 * but never a software-emulated GPU (WebGPU fallback adapter, SwiftShader/llvmpipe WebGL): WASM beats
 * those. Environment-specific probes (browser: browser.ts, Node: node.ts) register the backends and
 * describe them.
 */
import * as tf from '@tensorflow/tfjs-core';
import { BACKEND_LABEL as LABEL, BACKEND_ORDER, type BackendChoice, type BackendInfo, type BackendName } from '../engine/engine';

/** What a probe learnt about one backend. */
export interface ProbeResult {
  /** The backend is registered and looks usable. */
  ok: boolean;
  /** A software-emulated GPU (WebGPU fallback adapter, SwiftShader / llvmpipe WebGL renderer). */
  software?: boolean;
  /** Short description for the reason string, e.g. "SwiftShader", "nvidia ampere", "SIMD". */
  detail?: string;
  /** Full adapter / renderer description when known (BackendInfo.device). */
  device?: string;
  /** Why the backend is unusable (when !ok). */
  why?: string;
}

/** Registers a backend (side-effect import) and inspects the device. A probe that throws counts as unavailable. */
export type BackendProbe = () => Promise<ProbeResult>;
/** The probes an environment offers; a missing entry means "not available here". */
export type BackendProbes = Partial<Record<BackendName, BackendProbe>>;

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|software|basic render driver/i;
const SOFTWARE_NAMES: Record<string, string> = { swiftshader: 'SwiftShader', 'basic render driver': 'Microsoft Basic Render Driver' };

/** True when an adapter / renderer string names a software rasteriser. */
export function isSoftwareRenderer(description: string | undefined): boolean {
  return !!description && SOFTWARE.test(description);
}

/** The software rasteriser's name in a description ("SwiftShader", "llvmpipe", …), or undefined. */
export function softwareName(description: string | undefined): string | undefined {
  const m = description?.match(SOFTWARE)?.[0];
  return m ? (SOFTWARE_NAMES[m.toLowerCase()] ?? m.toLowerCase()) : undefined;
}

/** Minimal shape of a WebGPU adapter, enough to detect a fallback (software) adapter. */
export interface AdapterLike {
  isFallbackAdapter?: boolean;
  info?: { isFallbackAdapter?: boolean; vendor?: string; architecture?: string; device?: string; description?: string };
}

/** Probe result for a WebGPU adapter: software when it is a fallback adapter or names a software rasteriser. */
export function describeAdapter(adapter: AdapterLike | null | undefined): ProbeResult {
  if (!adapter) return { ok: false, why: 'no WebGPU adapter' };
  const info = adapter.info ?? {};
  const device =
    [info.vendor, info.architecture, info.device, info.description]
      .filter((s) => s)
      .join(' ')
      .trim() || undefined;
  const fallback = info.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false;
  const software = fallback || isSoftwareRenderer(device);
  const detail = software
    ? (softwareName(device) ?? 'software')
    : info.vendor && info.architecture
      ? `${info.vendor} ${info.architecture}`
      : device;
  return { ok: true, software, detail, device };
}

async function tryProbe(probe: BackendProbe): Promise<ProbeResult> {
  try {
    return await probe();
  } catch (e) {
    return { ok: false, why: e instanceof Error ? e.message : String(e) };
  }
}

async function activate(name: BackendName): Promise<string | null> {
  try {
    if (!(await tf.setBackend(name))) return 'failed to initialise';
    await tf.ready();
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

function chosen(name: BackendName, r: ProbeResult): string {
  return r.detail ? `${LABEL[name]} ${r.detail}` : LABEL[name];
}

/**
 * Selects and initialises a backend (tf.setBackend).
 *
 * @param choice 'auto' or a backend name; a forced backend that is unavailable throws a clear Error.
 * @param probes the environment's probes (only these backends are considered).
 * @returns the backend, a reason naming what was skipped and why (e.g. "WebGPU: fallback adapter
 *   skipped (SwiftShader); WebGL: software renderer skipped (SwiftShader); WASM SIMD") and the device.
 */
export async function selectBackend(choice: BackendChoice, probes: BackendProbes): Promise<BackendInfo> {
  if (choice !== 'auto') {
    const probe = probes[choice];
    if (!probe) throw new Error(`Backend ${LABEL[choice] ?? choice} is not available in this environment`);
    const r = await tryProbe(probe);
    if (!r.ok) throw new Error(`Backend ${LABEL[choice]} is unavailable: ${r.why ?? 'unknown reason'}`);
    const err = await activate(choice);
    if (err) throw new Error(`Backend ${LABEL[choice]} could not be initialised: ${err}`);
    const soft = r.software ? ' — software-emulated, expect it to be slow' : '';
    return { name: choice, reason: `${chosen(choice, r)} (forced)${soft}`, device: r.device };
  }
  const notes: string[] = [];
  for (const name of BACKEND_ORDER) {
    const probe = probes[name];
    if (!probe) {
      if (name !== 'cpu') notes.push(`${LABEL[name]}: not available here`);
      continue;
    }
    const r = await tryProbe(probe);
    if (!r.ok) {
      notes.push(`${LABEL[name]}: unavailable (${r.why ?? 'unknown reason'})`);
      continue;
    }
    if (r.software) {
      const what = name === 'webgpu' ? 'fallback adapter' : 'software renderer';
      notes.push(`${LABEL[name]}: ${what} skipped (${r.detail ?? 'software'})`);
      continue;
    }
    const err = await activate(name);
    if (err) {
      notes.push(`${LABEL[name]}: failed to initialise (${err})`);
      continue;
    }
    return { name, reason: [...notes, chosen(name, r)].join('; '), device: r.device };
  }
  throw new Error(`No usable backend: ${notes.join('; ')}`);
}
