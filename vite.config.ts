import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * COOP/COEP make the page cross-origin isolated (SharedArrayBuffer, precise timers);
 * the CSP allows only the app's own origin, plus what WebAssembly and blob/module workers need.
 */
const securityHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react()],
  base: './',
  worker: { format: 'es' },
  server: { headers: securityHeaders },
  preview: { headers: securityHeaders },
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
});
