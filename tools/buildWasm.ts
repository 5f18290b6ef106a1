/**
 * `npm run build:wasm`: compiles the AssemblyScript kernels and writes src/kernels/wasm/wasmModules.generated.ts
 * (their bytes, imported by the runtime code, so Vite, the CLI and vitest need no build step).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildGeneratedModule, GENERATED_MODULE } from './wasmKernels';

const target = fileURLToPath(new URL(`../${GENERATED_MODULE}`, import.meta.url));
writeFileSync(target, await buildGeneratedModule());
console.log(`wrote ${GENERATED_MODULE}`);
