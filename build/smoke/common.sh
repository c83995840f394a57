# Shared by build/package-smoke.sh and build/gpu-check.sh (sourced, with $repo and $work set): pack the libraries into a local
# feed and build fresh console apps that run build/smoke/Program.cs from it.
smoke="$repo/build/smoke"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
fail() { echo "smoke: $*"; exit 1; }

# The one ONNX Runtime version every package pins (Directory.Packages.props).
ort="$(python3 -c 'import sys, xml.etree.ElementTree as ET; print(ET.parse(sys.argv[1]).getroot().findtext("PropertyGroup/OnnxRuntimeVersion"))' \
  "$repo/Directory.Packages.props")"
[[ "$ort" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "cannot read OnnxRuntimeVersion from Directory.Packages.props ($ort)"
# The native CUDA libraries ONNX Runtime's CUDA provider needs (as src/EmotionRecognition/Inference/CudaLibraries.cs names them).
cuda_libraries=(libcuda.so.1 libcudart.so.13 libcublas.so.13 libcublasLt.so.13 libcurand.so.10 libcudnn.so.9)

# A version of its own, so the global package cache can never serve an older build of the same number.
version="0.2.0-smoke.$(date +%Y%m%d%H%M%S)"
feed="$work/feed"

# pack PROJECT...: packs src/PROJECT into the feed.
pack() {
  local project
  for project in "$@"; do
    dotnet pack "$repo/src/$project" -c Release -o "$feed" -p:Version="$version" --nologo -v quiet > "$work/pack.log" 2>&1 \
      || { cat "$work/pack.log"; fail "packing $project failed"; }
  done
}

# new_app NAME PACKAGE...: a fresh console app running build/smoke/Program.cs, referencing the given packages (restored).
new_app() {
  local app="$work/$1"; shift
  dotnet new console -o "$app" --framework net10.0 >/dev/null
  cat > "$app/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="smoke-feed" value="$feed" />
  </packageSources>
</configuration>
XML
  cp "$smoke/Program.cs" "$app/Program.cs"
  local package v
  for package in "$@"; do
    v="$version"; [[ "$package" == Microsoft.* ]] && v="$ort"
    (cd "$app" && dotnet add package "$package" --version "$v" --no-restore >/dev/null)
  done
}

# restore_app NAME: restores the app (apps that must fail to build are not restored on their own).
restore_app() { (cd "$work/$1" && dotnet restore -v quiet >/dev/null) || fail "$1: restore failed"; }

# run_app NAME OUTFILE ARGS...: builds (once) and runs the app, echoing its output; its exit code goes to OUTFILE.code.
run_app() {
  local app="$work/$1" out="$2"; shift 2
  local code=0
  (cd "$app" && dotnet run -c Release --no-restore -- "$@") > "$out" 2>&1 || code=$?
  echo "$code" > "$out.code"
  sed 's/^/    /' "$out" | grep -v '^    clip=' || true
}

# publish_app NAME: framework-dependent linux-x64 publish into $work/NAME-publish; prints its size.
publish_app() {
  (cd "$work/$1" && dotnet publish -c Release -r linux-x64 --self-contained false -o "$work/$1-publish" -v quiet >/dev/null 2>&1) \
    || fail "$1: linux-x64 publish failed"
  echo "smoke: $1 app, linux-x64 publish (framework-dependent): $(du -sm "$work/$1-publish" | cut -f1) MB"
}

value() { python3 "$smoke/compare.py" get "$@"; }
missing_cuda_libraries() { python3 "$smoke/compare.py" missing "${cuda_libraries[@]}"; }
