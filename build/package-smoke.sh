#!/usr/bin/env bash
# Package smoke test: packs the libraries into a temporary local feed, creates a fresh console app that references ONLY the
# EmotionRecognition package (dependencies come from the usual NuGet source), classifies a RAVDESS clip with the small test
# model on the CPU, and checks that TorchSharp is not in the app's dependency graph.
# Exits 0 iff the app printed an emotion and the graph is clean. Usage: bash build/package-smoke.sh [AUDIO_FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
audio="${1:-$repo/../shared/data/ravdess/Actor_01/03-01-05-01-01-01-01.flac}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# A version of its own, so the global package cache can never serve an older build of the same number.
version="0.1.0-smoke.$(date +%Y%m%d%H%M%S)"
feed="$work/feed"
for project in EmotionRecognition.Audio EmotionRecognition EmotionRecognition.Training EmotionRecognition.Cli; do
  dotnet pack "src/$project" -c Release -o "$feed" -p:Version="$version" --nologo -v quiet
done
for package in EmotionRecognition.Audio EmotionRecognition EmotionRecognition.Training EmotionRecognition.Cli; do
  test -f "$feed/$package.$version.nupkg" || { echo "smoke: $package.$version.nupkg was not packed"; exit 1; }
  test -f "$feed/$package.$version.snupkg" || { echo "smoke: $package.$version.snupkg (symbols) was not packed"; exit 1; }
done
python3 -c 'import sys, zipfile; sys.exit("lib/net10.0/EmotionRecognition.xml" not in zipfile.ZipFile(sys.argv[1]).namelist())' \
  "$feed/EmotionRecognition.$version.nupkg" \
  || { echo "smoke: EmotionRecognition package has no XML docs"; exit 1; }

dotnet run -c Release -v quiet --project tests/EmotionRecognition.TestModel -- "$work/test.emotion" 2>&1 | grep -v NU1603

app="$work/app"
dotnet new console -o "$app" --framework net10.0 >/dev/null
cat > "$app/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="smoke-feed" value="$feed" />
  </packageSources>
</configuration>
XML
cat > "$app/Program.cs" <<'CS'
using EmotionRecognition;

using var classifier = EmotionClassifier.Load(args[0]);
var prediction = classifier.Classify(args[1]);
Console.WriteLine($"emotion: {prediction} on {classifier.ExecutionProvider}");
CS
(cd "$app" && dotnet add package EmotionRecognition --version "$version" >/dev/null)

graph="$(cd "$app" && dotnet list package --include-transitive)"
echo "$graph" | grep -q 'Microsoft.ML.OnnxRuntime' || { echo "smoke: could not read the app's dependency graph"; exit 1; }
if echo "$graph" | grep -i torchsharp; then
  echo "smoke: TorchSharp is in the dependency graph of an app that only classifies"; exit 1
fi

output="$(cd "$app" && dotnet run -c Release -- "$work/test.emotion" "$audio")"
echo "$output"
echo "$output" | grep -Eq '^emotion: (angry|disgust|fear|happy|neutral|sad|surprise) .* on CPU$' \
  || { echo "smoke: the app printed no emotion"; exit 1; }
echo "smoke: ok ($version)"
