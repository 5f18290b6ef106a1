/// <reference lib="webworker" />
/**
 * References worker (thin adapter): computes most-popular, item-kNN and EASE for a split off the UI
 * thread and off the training worker, with progress and cancel. EASE's dense solve runs on tfjs-wasm
 * (XNNPACK), or on the CPU backend where WASM is unavailable.
 */
import { registerBrowserBackends } from '../backends/browser';
import { selectBackend } from '../backends/backend';
import { computeReferences } from '../references/references';
import { collectBuffers } from './protocol';
import type { ReferencesApi, ReferencesEvent } from './referencesProtocol';
import { serve, withTransfer } from './rpc';

declare const self: DedicatedWorkerGlobalScope;

const running = new Map<number, AbortController>();
let backend: Promise<string> | null = null;

/** WASM, else CPU (once per worker). */
function ensureBackend(): Promise<string> {
  backend ??= (async () => {
    const probes = registerBrowserBackends();
    try {
      return (await selectBackend('wasm', probes)).name;
    } catch {
      return (await selectBackend('cpu', probes)).name;
    }
  })();
  return backend;
}

serve<ReferencesApi, ReferencesEvent>(self, {
  async compute(req, ctx) {
    const ac = new AbortController();
    running.set(ctx.id, ac);
    try {
      const name = await ensureBackend();
      let last = 0;
      const results = await computeReferences(req, {
        signal: ac.signal,
        onProgress: (ref, fraction) => {
          const now = performance.now();
          if (now - last < 100 && fraction < 1) return;
          last = now;
          ctx.emit({ kind: 'progress', id: ctx.id, name: ref, fraction });
        },
      });
      return withTransfer({ results, backend: name }, collectBuffers(results.map((r) => [r.topK, r.scores])));
    } finally {
      running.delete(ctx.id);
    }
  },
  cancel({ target }) {
    const ac = running.get(target);
    if (!ac) return false;
    ac.abort(new DOMException('References cancelled', 'AbortError'));
    return true;
  },
});
