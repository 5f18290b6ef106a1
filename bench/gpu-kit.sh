#!/usr/bin/env bash
# Builds a GPU kit: everything bench/gpu-seed.sh needs, for a GPU machine with no npm and no network.
# The kit holds the engine child (bench/node-engine.ts) and the report bundled with esbuild, Dawn (the
# `webgpu` package's linux-x64 dawn.node, gzip), this machine's Node binary (xz), the ML-1M-sized
# generated ratings.dat (gzip, seed 1: the same file as the other benchmarks) and a Vulkan loader, about
# 40 MB. Copy the folder to the GPU machine and run KIT/run.sh there (see bench/README.md).
#
#   bench/gpu-kit.sh [KIT_DIR]        # default .gpu-kit (gitignored)
set -euo pipefail
cd "$(dirname "$0")/.."
KIT="${1:-.gpu-kit}"
rm -rf "$KIT"
mkdir -p "$KIT/lib" "$KIT/node_modules/webgpu/dist/linux-x64"

bundle() {
  node_modules/.bin/esbuild "$1" --bundle --platform=node --format=esm --target=node20 --main-fields=module,main \
    --external:webgpu --external:node-fetch --log-level=warning --outfile="$2" \
    --banner:js="import { createRequire as __kitRequire } from 'node:module'; const require = __kitRequire(import.meta.url);"
}
bundle bench/node-engine.ts "$KIT/engine.mjs"
bundle bench/gpu-kit-report.ts "$KIT/report.mjs"
bundle tools/webgpuFusedCheck.ts "$KIT/check.mjs"   # fused vs generic WebGPU kernels (webgpuFused.test.ts's check)
cp bench/gpu-kit-run.sh "$KIT/run.sh"
cp node_modules/webgpu/package.json node_modules/webgpu/index.js node_modules/webgpu/LICENSE.md "$KIT/node_modules/webgpu/"
gzip -6 -c node_modules/webgpu/dist/linux-x64/dawn.node >"$KIT/dawn.node.gz"

npx tsx -e "import('./bench/data.ts').then((m) => m.ensureData('ml-1m', '.bench-data', (s) => console.error(s)))"
gzip -6 -c .bench-data/ml-1m/ratings.dat >"$KIT/ratings.dat.gz"

NODE_BIN="$(command -v node)"
xz -T0 -6 -c "$NODE_BIN" >"$KIT/node.xz"
for lib in /usr/lib/chromium/libvulkan.so.1 /usr/lib/x86_64-linux-gnu/libvulkan.so.1; do
  if [ -e "$lib" ]; then cp -L "$lib" "$KIT/lib/libvulkan.so.1"; break; fi
done
du -sh "$KIT" >&2
