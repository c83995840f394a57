#!/usr/bin/env bash
# ARM64 check on an x64 Linux machine: the feature kernels' 128-bit (NEON) and scalar paths, run on an emulated ARM64 CPU (QEMU user
# mode), must give the features the x64 build gives. Publishes tests/EmotionRecognition.FeatureCheck for linux-x64 and linux-arm64,
# writes the x64 reference, then compares the ARM64 run with NEON on and with hardware intrinsics off. Emulated timings mean
# nothing, so none are printed. Needs: apt-get install qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross
# Usage: bash build/arm64-check.sh   (reads ../shared/data/ravdess, or EMOTION_SHARED_DATA)
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
sysroot=/usr/aarch64-linux-gnu
if ! command -v qemu-aarch64-static >/dev/null || [ ! -e "$sysroot/lib/ld-linux-aarch64.so.1" ]; then
  echo "arm64-check: needs qemu-aarch64-static and an ARM64 C/C++ runtime under $sysroot:"
  echo "arm64-check: apt-get install qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross"
  exit 2
fi
# The published checker runs outside the repository, so it is told where the data is.
export EMOTION_SHARED_DATA="${EMOTION_SHARED_DATA:-$(pwd)/../shared}"
project=tests/EmotionRecognition.FeatureCheck/EmotionRecognition.FeatureCheck.csproj
for rid in linux-x64 linux-arm64; do
  dotnet publish "$project" -c Release -r "$rid" --self-contained -o "$work/$rid" -nologo -v quiet
done
"$work/linux-x64/EmotionRecognition.FeatureCheck" "$work/reference.bin"
# QEMU's user mode cannot double-map executable memory the way the runtime's W^X scheme wants; ICU is not in the sysroot.
export DOTNET_EnableWriteXorExecute=0 DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
echo "arm64-check: ARM64, NEON on"
qemu-aarch64-static -L "$sysroot" "$work/linux-arm64/EmotionRecognition.FeatureCheck" "$work/reference.bin"
echo "arm64-check: ARM64, hardware intrinsics off (scalar)"
DOTNET_EnableHWIntrinsic=0 qemu-aarch64-static -L "$sysroot" "$work/linux-arm64/EmotionRecognition.FeatureCheck" "$work/reference.bin"
echo "arm64-check: ok"
