#!/usr/bin/env bash
# Package smoke test: packs every package into a temporary local feed, checks what really got packed (each .nupkg's own .nuspec:
# licences, dependencies, sibling packages pinned to exactly this version, files), then builds fresh console apps from those
# packages (dependencies from the usual NuGet source):
#   cpu   references EmotionRecognition only: classifies on the CPU, with a model by path and with LoadDefault();
#   gpu   references EmotionRecognition.Gpu only, same code: asks for CUDA; where CUDA libraries are missing it falls back to the
#         CPU with a logged warning naming them and gives the CPU app's results, and with FallbackToCpu off it throws naming them;
#         where they all load it runs on CUDA:0;
#   both  references both: the build must fail with EMOTION001;
#   core  references EmotionRecognition.Core + Microsoft.ML.OnnxRuntime: classifies with a model by path, LoadDefault() says no
#         default model is installed, and no CC BY-NC-SA package is in its graph.
# No app may have TorchSharp in its graph. Prints each app's linux-x64 publish size. Exits 0 iff every check passed.
# Usage: bash build/package-smoke.sh [AUDIO_FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
audio="${1:-$repo/../shared/data/ravdess/Actor_01/03-01-05-01-01-01-01.flac}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
source build/smoke/common.sh

pack EmotionRecognition.Audio EmotionRecognition EmotionRecognition.Models.Default EmotionRecognition.Cpu EmotionRecognition.Gpu \
  EmotionRecognition.Evaluation EmotionRecognition.Extensions.DependencyInjection EmotionRecognition.Training EmotionRecognition.Cli
for package in EmotionRecognition.Audio EmotionRecognition.Core EmotionRecognition.Evaluation \
  EmotionRecognition.Extensions.DependencyInjection EmotionRecognition.Training EmotionRecognition.Cli; do
  test -f "$feed/$package.$version.snupkg" || fail "$package.$version.snupkg (symbols) was not packed"
done
python3 "$smoke/check_packages.py" "$feed" "$version" "$ort" || fail "the packed packages are not what they must be"

# The small test model committed by the test projects (made by tests/EmotionRecognition.TestModel with our own exporter).
model="$repo/tests/models/test.emotion"
test -s "$model" || fail "the committed test model $model is missing"

echo "smoke: cpu app (EmotionRecognition)"
new_app cpu EmotionRecognition
restore_app cpu
python3 "$smoke/check_graph.py" "$work/cpu/obj/project.assets.json" --require EmotionRecognition.Models.Default --require Microsoft.ML.OnnxRuntime \
  || fail "cpu: dependency graph"
run_app cpu "$work/cpu-path.txt" path "$model" "$audio"
[ "$(cat "$work/cpu-path.txt.code")" = 0 ] || fail "cpu: classifying with a model by path failed"
[ "$(value "$work/cpu-path.txt" provider)" = CPU ] || fail "cpu: not on the CPU"
run_app cpu "$work/cpu-default.txt" default - "$audio"
[ "$(cat "$work/cpu-default.txt.code")" = 0 ] || fail "cpu: LoadDefault() failed"
[ "$(value "$work/cpu-default.txt" provider)" = CPU ] || fail "cpu: the default model is not on the CPU"

echo "smoke: gpu app (EmotionRecognition.Gpu)"
new_app gpu EmotionRecognition.Gpu
restore_app gpu
python3 "$smoke/check_graph.py" "$work/gpu/obj/project.assets.json" --require EmotionRecognition.Models.Default --require Microsoft.ML.OnnxRuntime.Gpu.Linux \
  || fail "gpu: dependency graph"
missing="$(missing_cuda_libraries)"
echo "smoke: CUDA libraries the loader cannot find here: ${missing:-none}"
run_app gpu "$work/gpu-path.txt" path "$model" "$audio"
[ "$(cat "$work/gpu-path.txt.code")" = 0 ] || fail "gpu: classifying failed"
python3 -c 'import json, sys; sys.exit(json.load(open(sys.argv[1]))["runtimeOptions"]["configProperties"].get("EmotionRecognition.DefaultExecutionProvider") != "CUDA")' \
  "$work/gpu/bin/Release/net10.0/gpu.runtimeconfig.json" || fail "gpu: the package did not make CUDA the app's default provider"
if [ -n "$missing" ]; then
  [ "$(value "$work/gpu-path.txt" provider)" = CPU ] || fail "gpu: expected the CPU fallback without CUDA"
  warning="$(value "$work/gpu-path.txt" log-Warning)" || fail "gpu: the fallback logged no warning"
  [[ "$warning" == *"Missing here: ${missing//,/, } ("* ]] || fail "gpu: the warning does not name exactly the missing libraries ($missing)"
  python3 "$smoke/compare.py" same "$work/cpu-path.txt" "$work/gpu-path.txt" || fail "gpu: results differ from the cpu app's"
  run_app gpu "$work/gpu-default.txt" default - "$audio"
  python3 "$smoke/compare.py" same "$work/cpu-default.txt" "$work/gpu-default.txt" || fail "gpu: default-model results differ from the cpu app's"
  run_app gpu "$work/gpu-strict.txt" strict "$model" "$audio"
  [ "$(cat "$work/gpu-strict.txt.code")" = 3 ] || fail "gpu: with FallbackToCpu off it did not throw ExecutionProviderUnavailableException"
  [ "$(value "$work/gpu-strict.txt" unavailable)" = "$missing" ] || fail "gpu: the exception does not list the missing libraries"
  for library in ${missing//,/ }; do
    [[ "$(value "$work/gpu-strict.txt" message)" == *"$library"* ]] || fail "gpu: the exception message does not name $library"
  done
else
  [ "$(value "$work/gpu-path.txt" provider)" = CUDA:0 ] || fail "gpu: every CUDA library loads but the app did not run on CUDA:0"
fi

echo "smoke: both app (EmotionRecognition + EmotionRecognition.Gpu)"
new_app both EmotionRecognition EmotionRecognition.Gpu
if (cd "$work/both" && dotnet build -c Release) > "$work/both.txt" 2>&1; then fail "both: an app referencing both runtimes built"; fi
grep -q "error EMOTION001" "$work/both.txt" || { cat "$work/both.txt"; fail "both: the build failed, but not with EMOTION001"; }
echo "    $(grep -m1 -o 'error EMOTION001.*' "$work/both.txt" | cut -c1-160)…"

echo "smoke: core app (EmotionRecognition.Core + Microsoft.ML.OnnxRuntime, no default model)"
new_app core EmotionRecognition.Core Microsoft.ML.OnnxRuntime
restore_app core
python3 "$smoke/check_graph.py" "$work/core/obj/project.assets.json" --no-model-licence --require Microsoft.ML.OnnxRuntime \
  || fail "core: dependency graph"
run_app core "$work/core-path.txt" path "$model" "$audio"
[ "$(cat "$work/core-path.txt.code")" = 0 ] || fail "core: classifying with a model by path failed"
python3 "$smoke/compare.py" same "$work/cpu-path.txt" "$work/core-path.txt" || fail "core: results differ from the cpu app's"
run_app core "$work/core-default.txt" default - "$audio"
[ "$(cat "$work/core-default.txt.code")" = 4 ] || fail "core: LoadDefault() did not report the missing default model"

for app in cpu gpu core; do publish_app "$app"; done
echo "smoke: ok ($version)"
