#!/usr/bin/env bash
# GPU check, for a machine with an NVIDIA GPU and the CUDA 13 + cuDNN 9 libraries: packs the libraries, publishes (linux-x64) an
# app that references only EmotionRecognition.Gpu and one that references only EmotionRecognition, classifies the same clips
# with the default model in both, and prints the provider, the per-clip latency and how often the GPU and CPU agree.
# Fails (exit 2) at once, saying why, where there is no GPU or a CUDA library is missing. Exits 1 if the GPU app does not run on
# CUDA:0. Usage: bash build/gpu-check.sh [CLIPS (240)] [DATA_DIR (../shared/data/ravdess)]
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
clips="${1:-240}"
data="${2:-$repo/../shared/data/ravdess}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
source build/smoke/common.sh

if ! command -v nvidia-smi >/dev/null || ! nvidia-smi -L > "$work/gpus.txt" 2>&1 || ! grep -q '^GPU ' "$work/gpus.txt"; then
  echo "gpu-check: no NVIDIA GPU here (nvidia-smi is missing or lists no GPU); run this on a machine with an NVIDIA GPU,"
  echo "gpu-check: its driver, the CUDA 13 runtime (cuBLAS, cuRAND) and cuDNN 9."
  exit 2
fi
missing="$(missing_cuda_libraries)"
if [ -n "$missing" ]; then
  echo "gpu-check: $(head -1 "$work/gpus.txt"), but these libraries cannot be loaded: $missing"
  echo "gpu-check: install the CUDA 13 runtime with cuBLAS and cuRAND and cuDNN 9 (or add their folder to LD_LIBRARY_PATH)."
  exit 2
fi
echo "gpu-check: $(head -1 "$work/gpus.txt")"

find "$data" -name '*.flac' -o -name '*.wav' | sort | head -n "$clips" > "$work/clips.txt"
[ "$(wc -l < "$work/clips.txt")" -eq "$clips" ] || fail "fewer than $clips clips under $data"

pack EmotionRecognition.Audio EmotionRecognition EmotionRecognition.Models.Default EmotionRecognition.Cpu EmotionRecognition.Gpu
for kind in gpu cpu; do
  package=EmotionRecognition; [ "$kind" = gpu ] && package=EmotionRecognition.Gpu
  new_app "$kind" "$package"
  restore_app "$kind"
  publish_app "$kind"
  echo "gpu-check: $kind app ($package), $clips clips"
  code=0
  "$work/$kind-publish/$kind" timed - "$work/clips.txt" > "$work/$kind.txt" 2>&1 || code=$?
  grep -v '^clip=' "$work/$kind.txt" | sed 's/^/    /'
  [ "$code" = 0 ] || fail "$kind: the app failed (exit $code)"
done
[ "$(value "$work/gpu.txt" provider)" = CUDA:0 ] || fail "the GPU app did not run on CUDA:0"
python3 "$smoke/compare.py" agree "$work/gpu.txt" "$work/cpu.txt" | sed 's/^/gpu-check: GPU vs CPU /'
echo "gpu-check: ok"
