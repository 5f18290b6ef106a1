/**
 * Vulkan set-up for `--backend webgpu` in Node (Dawn via the `webgpu` package). On a machine without a
 * GPU driver, Dawn can run on SwiftShader, which Debian's chromium ships with its own Vulkan loader:
 * VK_ICD_FILENAMES must name SwiftShader's ICD and, when the system has no libvulkan.so.1, the
 * process must start with LD_LIBRARY_PATH holding chromium's directory (the dynamic loader reads it
 * only at start-up, so the CLI entry re-executes itself; see main.ts).
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** SwiftShader's Vulkan ICD as shipped by Debian's chromium package. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

const ICD_DIRS = ['/usr/share/vulkan/icd.d', '/etc/vulkan/icd.d', '/usr/local/share/vulkan/icd.d'];
const LOADER_PATHS = [
  '/usr/lib/x86_64-linux-gnu/libvulkan.so.1',
  '/lib/x86_64-linux-gnu/libvulkan.so.1',
  '/usr/lib/aarch64-linux-gnu/libvulkan.so.1',
  '/usr/lib64/libvulkan.so.1',
  '/usr/lib/libvulkan.so.1',
];

/** True when the system registers a Vulkan driver of its own (a real GPU, or lavapipe). */
export function hasSystemVulkanDriver(): boolean {
  return ICD_DIRS.some((d) => {
    try {
      return readdirSync(d).some((f) => f.endsWith('.json'));
    } catch {
      return false;
    }
  });
}

/** What prepareVulkanEnv did. */
export interface VulkanSetup {
  /** VK_ICD_FILENAMES was set to SwiftShader by this call. */
  icdSet: boolean;
  /** A directory that LD_LIBRARY_PATH must hold at process start for Dawn to find libvulkan.so.1, or null. */
  needsLibraryDir: string | null;
}

/**
 * When VK_ICD_FILENAMES is unset, the system has no Vulkan driver and SwiftShader's ICD exists, points
 * VK_ICD_FILENAMES at it (mutates `env`). Reports whether LD_LIBRARY_PATH still lacks the loader's directory.
 */
export function prepareVulkanEnv(env: NodeJS.ProcessEnv = process.env, icd = SWIFTSHADER_ICD): VulkanSetup {
  let icdSet = false;
  if (!env.VK_ICD_FILENAMES && existsSync(icd) && !hasSystemVulkanDriver()) {
    env.VK_ICD_FILENAMES = icd;
    icdSet = true;
  }
  let needsLibraryDir: string | null = null;
  if (env.VK_ICD_FILENAMES === icd) {
    const dir = dirname(icd);
    const onPath = (env.LD_LIBRARY_PATH ?? '').split(':').includes(dir);
    const systemLoader = LOADER_PATHS.some((p) => existsSync(p));
    if (!onPath && !systemLoader && existsSync(`${dir}/libvulkan.so.1`)) needsLibraryDir = dir;
  }
  return { icdSet, needsLibraryDir };
}
