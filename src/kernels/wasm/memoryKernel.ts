/**
 * Loading of a WebAssembly kernel module that works in place in tfjs-backend-wasm's memory (imported
 * as env.memory): compiled synchronously once (the kernels are well under every engine's
 * synchronous-compile limit), instantiated once per memory. Unavailable (null) where WebAssembly SIMD
 * is missing or the memory cannot be imported (e.g. a shared one); callers then use their JS or tfjs path.
 */

/** One kernel module, bound on demand to the memories it runs in. */
export interface MemoryKernel<T> {
  /** The module's exports bound to `memory`, or null where they cannot run. */
  bind(memory: WebAssembly.Memory): T | null;
  /** True when the module compiles here (WebAssembly with SIMD). */
  available(): boolean;
}

/** A MemoryKernel for a module's bytes; `T` types its exports. */
export function memoryKernel<T>(bytes: Uint8Array<ArrayBuffer>): MemoryKernel<T> {
  let module: WebAssembly.Module | null | undefined;
  const instances = new WeakMap<WebAssembly.Memory, T | null>();
  const compiled = (): WebAssembly.Module | null => {
    if (module !== undefined) return module;
    module = null;
    try {
      if (typeof WebAssembly === 'object' && WebAssembly.validate(bytes)) module = new WebAssembly.Module(bytes);
    } catch {
      module = null;
    }
    return module;
  };
  return {
    bind(memory) {
      const cached = instances.get(memory);
      if (cached !== undefined) return cached;
      let exports: T | null = null;
      const m = compiled();
      if (m) {
        try {
          exports = new WebAssembly.Instance(m, { env: { memory } }).exports as unknown as T;
        } catch {
          exports = null;
        }
      }
      instances.set(memory, exports);
      return exports;
    },
    available: () => compiled() !== null,
  };
}
