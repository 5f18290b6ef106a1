#!/usr/bin/env bash
# Runs inside a GPU kit made by bench/gpu-kit.sh, on a machine with no npm and no network: the full Seed
# run (100 epochs + evaluation after each) on WebGPU through Dawn and the machine's Vulkan driver.
# Prints the gpu-seed JSON line on stdout; the engine's log goes to stderr and, with $OUT set, to $OUT.
#
#   KIT/run.sh [EPOCHS [ENGINE FLAGS…]]   # default 100 epochs; e.g. `run.sh 100 --fused off` for the generic kernels
#   VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json KIT_DATA=.bench-data/tiny/ratings.dat KIT_SIZE=tiny \
#     .gpu-kit/run.sh 2        # smoke test on a machine without a GPU
set -uo pipefail
KIT="$(cd "$(dirname "$0")" && pwd)"
EPOCHS="${1:-100}"
shift || true
OUTDIR="${OUT:-$KIT/out}"
mkdir -p "$OUTDIR"
say() { printf 'gpu-kit: %s\n' "$*" >&2; }

# Node: the machine's own when it is 20 or newer, else the kit's (xz; python3's lzma when xz is missing).
NODE="$(command -v node || true)"
if [ -z "$NODE" ] || [ "$("$NODE" -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  NODE=/tmp/gpu-kit-node
  if [ ! -x "$NODE" ]; then
    if command -v xz >/dev/null; then xz -dc "$KIT/node.xz" >"$NODE"
    else python3 -c 'import lzma,sys,shutil; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$KIT/node.xz" "$NODE"; fi
    chmod +x "$NODE"
  fi
fi
say "node $("$NODE" -v) at $NODE"

# KIT_DATA (a ratings file, with KIT_SIZE naming its shape) replaces the kit's ML-1M-sized data, e.g. for a smoke test.
DATA="${KIT_DATA:-/tmp/gpu-kit-ratings.dat}"
[ -s "$DATA" ] || gzip -dc "$KIT/ratings.dat.gz" >"$DATA"
[ -s "$KIT/node_modules/webgpu/dist/linux-x64/dawn.node" ] || gzip -dc "$KIT/dawn.node.gz" >"$KIT/node_modules/webgpu/dist/linux-x64/dawn.node"

# Vulkan: the system loader, else the kit's copy; NVIDIA's ICD where the driver mounts it.
if ! ldconfig -p 2>/dev/null | grep -q 'libvulkan\.so\.1'; then
  export LD_LIBRARY_PATH="$KIT/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  say "no system libvulkan.so.1: using the kit's loader"
fi
for icd in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json; do
  if [ -z "${VK_ICD_FILENAMES:-}" ] && [ -e "$icd" ]; then export VK_ICD_FILENAMES="$icd" VK_DRIVER_FILES="$icd"; fi
done
say "VK_ICD_FILENAMES=${VK_ICD_FILENAMES:-(unset)}"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv,noheader >&2

LOAD0="$(cut -d' ' -f1 /proc/loadavg)"
cd "$KIT"
"$NODE" engine.mjs --backend webgpu --data "$DATA" --epochs "$EPOCHS" --count-dispatches "$@" >"$OUTDIR/engine-result.txt" 2> >(tee "$OUTDIR/engine-log.txt" >&2)
rc=$?
if [ $rc -ne 0 ]; then say "engine failed (exit $rc)"; exit $rc; fi
"$NODE" report.mjs "$OUTDIR/engine-result.txt" "$DATA" "${KIT_SIZE:-ml-1m}" "$LOAD0" | tee "$OUTDIR/gpu-seed.jsonl"
