import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Content-Security-Policy of the built app: only the app's own origin, plus what WebAssembly
 * ('wasm-unsafe-eval'), module/blob workers and recharts' inline style attributes need.
 * connect-src 'self' keeps every fetch (the .wasm files) on the app's origin: data never leaves the tab.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

/**
 * COOP/COEP make the page cross-origin isolated (SharedArrayBuffer, precise timers).
 * The CSP goes in a header on `vite preview` (it covers the workers too) and in a <meta> of the built
 * index.html (for static hosting). The dev server gets none: React Fast Refresh injects inline scripts.
 */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

function cspMeta(): Plugin {
  return {
    name: 'csp-meta',
    apply: 'build',
    transformIndexHtml: (html) => html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`),
  };
}

export default defineConfig({
  plugins: [react(), cspMeta()],
  base: './',
  worker: { format: 'es' },
  server: { headers: isolationHeaders },
  preview: { headers: { ...isolationHeaders, 'Content-Security-Policy': CSP } },
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
});
