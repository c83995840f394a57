#!/usr/bin/env bash
# Trim check: publishes samples/TrimmedClassifier self-contained for linux-x64, untrimmed and trimmed (PublishTrimmed), and
# proves that
#   - the trimmer reports no warning from our assemblies (EmotionRecognition, EmotionRecognition.Audio);
#   - the trimmed app classifies real RAVDESS clips exactly as the untrimmed one (same emotions, same probabilities bit for bit);
#   - classifying with a format-2 model loads no ML.NET assembly.
# The default model is re-saved in the current model format first (it may still be format 1, which loads through ML.NET).
# With --aot it also tries a Native AOT publish and reports what happens. Prints the size of each app. Exit 0 when all holds.
# Usage: bash build/trim-check.sh [--aot]    (SHARED=path/to/shared, default ../shared; OUT=folder, default a temp folder)
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${SHARED:-../shared}"
out="${OUT:-$(mktemp -d)}"
mkdir -p "$out"
app=samples/TrimmedClassifier/TrimmedClassifier.csproj
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
fail() { echo "trim-check: FAILED: $*"; exit 1; }

mapfile -t clips < <(find "$shared/data/ravdess" -name '*.flac' | sort | awk 'NR % 120 == 7')
[ "${#clips[@]}" -ge 10 ] || fail "fewer than 10 RAVDESS clips under $shared/data/ravdess"
model_v1="$(git ls-files '*default.emotion' | head -1)"
[ -f "$model_v1" ] || fail "no default.emotion in the repository"

publish() { # name, extra properties...
  local name="$1"; shift
  dotnet publish "$app" -c Release -r linux-x64 --self-contained -o "$out/$name/" -p:TreatWarningsAsErrors=false "$@" >"$out/$name.log" 2>&1 \
    || { tail -30 "$out/$name.log"; return 1; }
}

publish untrimmed || fail "untrimmed publish"
publish trimmed -p:PublishTrimmed=true -p:TrimmerSingleWarn=false || fail "trimmed publish"
# A warning names the member it is about right after its code (or the assembly, for a collapsed one).
ours="$(grep -E "warning IL[23][0-9]{3}: (EmotionRecognition[.:]|Assembly 'EmotionRecognition)" "$out/trimmed.log" | sort -u || true)"
[ -z "$ours" ] || { echo "$ours"; fail "trim warnings from our assemblies"; }
others="$(grep -oE "warning IL[23][0-9]{3}: [A-Za-z]+\.[A-Za-z]+(\.[A-Za-z]+)?" "$out/trimmed.log" | sort -u | awk '{print $3}' | sort | uniq -c | awk '{printf "%s %s; ", $2, $1}' || true)"
echo "trim warnings from our assemblies: none"
echo "trim warnings from other assemblies (namespace: distinct warnings): ${others:-none}"

"$out/untrimmed/TrimmedClassifier" --resave "$model_v1" "$out/default-v2.emotion"
"$out/untrimmed/TrimmedClassifier" "$out/default-v2.emotion" "${clips[@]}" >"$out/untrimmed.txt"
"$out/trimmed/TrimmedClassifier" "$out/default-v2.emotion" "${clips[@]}" >"$out/trimmed.txt"
cmp -s "$out/untrimmed.txt" "$out/trimmed.txt" || { diff "$out/untrimmed.txt" "$out/trimmed.txt" | head; fail "trimmed and untrimmed outputs differ"; }
grep -qx 'ML.NET assemblies loaded: none' "$out/trimmed.txt" || { tail -1 "$out/trimmed.txt"; fail "the trimmed app loaded ML.NET"; }
grep -qx 'ML.NET assemblies loaded: none' "$out/untrimmed.txt" || { tail -1 "$out/untrimmed.txt"; fail "the untrimmed app loaded ML.NET"; }
head -3 "$out/trimmed.txt" | cut -c1-80
echo "classified ${#clips[@]} clips: trimmed output identical to untrimmed; ML.NET assemblies loaded: none"
# A format-1 model still works untrimmed (converted through ML.NET); trimmed, ML.NET's reflection may not survive: report only.
if "$out/trimmed/TrimmedClassifier" "$model_v1" "${clips[0]}" >"$out/trimmed-v1.txt" 2>&1; then
  echo "trimmed app with the format-1 model: $(tail -1 "$out/trimmed-v1.txt")"
else
  echo "trimmed app with the format-1 model: refused: $(head -1 "$out/trimmed-v1.txt" | cut -c1-160)"
fi
printf 'size: untrimmed %s, trimmed %s (self-contained linux-x64)\n' "$(du -sh "$out/untrimmed" | cut -f1)" "$(du -sh "$out/trimmed" | cut -f1)"

if [ "${1:-}" = "--aot" ]; then
  # Native AOT compiles for the baseline x64 instruction set unless told otherwise, so vectorised sums may take other paths
  # than the JIT's: emotions must agree, probabilities to float rounding. (An AOT image lists every assembly compiled into it
  # as loaded, so the ML.NET line proves nothing there.)
  if publish aot -p:PublishAot=true; then
    "$out/aot/TrimmedClassifier" "$out/default-v2.emotion" "${clips[@]}" >"$out/aot.txt" 2>&1 || true
    if paste "$out/untrimmed.txt" "$out/aot.txt" | awk -F'\t' -v n="${#clips[@]}" '
        NF == 6 { if ($2 != $5) bad = 1; split($3, a, " "); split($6, b, " ");
                  for (i in a) { d = a[i] - b[i]; if (d < 0) d = -d; if (d > max) max = d }; rows++ }
        END { printf "Native AOT: %d clips, same emotions: %s, max |probability difference| %.1e\n", rows, bad ? "no" : "yes", max;
              exit (bad || rows != n || max > 1e-5) }'; then
      echo "Native AOT: works, size $(du -sh "$out/aot" | cut -f1)"
    else
      echo "Native AOT: publishes but does not classify as the JIT build does:"; head -3 "$out/aot.txt"
    fi
  else
    echo "Native AOT: publish fails"
  fi
  echo "AOT warnings (namespace: distinct warnings): $(grep -oE "warning IL[23][0-9]{3}: [A-Za-z]+\.[A-Za-z]+(\.[A-Za-z]+)?" "$out/aot.log" | sort -u | awk '{print $3}' | sort | uniq -c | awk '{printf "%s %s; ", $2, $1}')"
  ! grep -qE "warning IL[23][0-9]{3}: (EmotionRecognition[.:]|Assembly 'EmotionRecognition)" "$out/aot.log" || fail "AOT warnings from our assemblies"
fi
echo "trim-check: OK"
