#!/usr/bin/env bash
# The full Seed run (100 epochs, evaluation after each) on ML-1M-sized generated data with the CLI's
# engine on WebGPU in Node (Dawn through the `webgpu` npm package and the machine's Vulkan driver).
# Prints one JSON line on stdout (total_s, dispatches_per_step, …) and a summary on stderr.
#
#   bench/gpu-seed.sh                        # after `npm ci` on a GPU machine
#   bench/gpu-seed.sh --gpu-epochs 2 --size tiny   # smoke test (here: SwiftShader, see below)
#
# Extra arguments go to `bench/run.ts --only gpu-seed` (--gpu-epochs N, --size ml-1m|sample|tiny, --data DIR).
# Without a system Vulkan driver the engine falls back to SwiftShader (Debian chromium's ICD), like the
# CLI does; the JSON line's `device` names the adapter that actually ran.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules/webgpu ]; then
  echo "gpu-seed: node_modules/webgpu is missing: run npm ci first" >&2
  exit 2
fi

# Dawn needs the Vulkan loader (libvulkan.so.1). Without a system one, borrow chromium's copy (it loads
# whatever ICD the system registers, e.g. NVIDIA's); otherwise say how to get it.
if ! ldconfig -p 2>/dev/null | grep -q 'libvulkan\.so\.1'; then
  if [ -e /usr/lib/chromium/libvulkan.so.1 ]; then
    export LD_LIBRARY_PATH="/usr/lib/chromium${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  else
    echo "gpu-seed: no Vulkan loader (libvulkan.so.1) found: install it (Debian/Ubuntu: apt-get install libvulkan1)" >&2
  fi
fi
if command -v nvidia-smi >/dev/null 2>&1; then
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader >&2 || true
fi

exec node_modules/.bin/tsx bench/run.ts --only gpu-seed "$@"
