"""Checks what really got packed: each .nupkg's own .nuspec (licence, dependencies, exact sibling versions) and files.
Usage: FEED VERSION ORT_VERSION"""
import sys, zipfile, xml.etree.ElementTree as ET

feed, version, ort = sys.argv[1:4]
MODEL_LICENCE = "CC-BY-NC-SA-4.0"
# id: (licence expression, files that must be inside, dependencies that must be declared, dependencies that must not)
expected = {
    "EmotionRecognition.Audio": ("MIT", ["lib/net10.0/EmotionRecognition.Audio.dll"], [], []),
    "EmotionRecognition.Core": ("MIT", ["lib/net10.0/EmotionRecognition.dll", "lib/net10.0/EmotionRecognition.xml",
        "buildTransitive/EmotionRecognition.Core.targets"], ["Microsoft.ML.OnnxRuntime.Managed"],
        ["Microsoft.ML.OnnxRuntime", "Microsoft.ML.OnnxRuntime.Gpu", "EmotionRecognition.Models.Default"]),
    "EmotionRecognition.Models.Default": (MODEL_LICENCE, ["lib/net10.0/EmotionRecognition.Models.Default.dll", "model-card.md",
        "buildTransitive/EmotionRecognition.Models.Default.targets"], [], []),
    "EmotionRecognition": ("MIT", [], ["EmotionRecognition.Core", "EmotionRecognition.Models.Default", "Microsoft.ML.OnnxRuntime"],
        ["Microsoft.ML.OnnxRuntime.Gpu"]),
    "EmotionRecognition.Gpu": ("MIT", ["buildTransitive/EmotionRecognition.Gpu.targets"],
        ["EmotionRecognition.Core", "EmotionRecognition.Models.Default", "Microsoft.ML.OnnxRuntime.Gpu"], ["Microsoft.ML.OnnxRuntime"]),
    "EmotionRecognition.Evaluation": ("MIT", ["lib/net10.0/EmotionRecognition.Evaluation.dll"], ["EmotionRecognition.Core"],
        ["EmotionRecognition.Models.Default", "Microsoft.ML.OnnxRuntime", "Microsoft.ML.OnnxRuntime.Gpu", "TorchSharp-cpu"]),
    "EmotionRecognition.Extensions.DependencyInjection": ("MIT", ["lib/net10.0/EmotionRecognition.Extensions.DependencyInjection.dll"],
        ["EmotionRecognition.Core"], ["EmotionRecognition.Models.Default", "Microsoft.ML.OnnxRuntime", "Microsoft.ML.OnnxRuntime.Gpu"]),
    "EmotionRecognition.Training": ("MIT", ["lib/net10.0/EmotionRecognition.Training.dll"], ["EmotionRecognition.Evaluation"],
        ["EmotionRecognition.Models.Default"]),
    "EmotionRecognition.Cli": ("MIT AND " + MODEL_LICENCE, ["tools/net10.0/any/EmotionRecognition.Models.Default.dll"], [], []),
}
problems = []
for package, (licence, files, needs, forbids) in expected.items():
    path = f"{feed}/{package}.{version}.nupkg"
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        nuspec = ET.fromstring(z.read(f"{package}.nuspec"))
    meta = nuspec.find("{*}metadata")
    found = meta.find("{*}license")
    declared = found.text if found is not None and found.get("type") == "expression" else None
    deps = {d.get("id"): d.get("version") for d in meta.iter() if d.tag.endswith("}dependency")}
    carries_model = any(n.endswith(".emotion") or n.endswith("EmotionRecognition.Models.Default.dll") for n in names)
    if declared != licence:
        problems.append(f"{package}: licence expression {declared!r}, expected {licence!r}")
    if carries_model and MODEL_LICENCE not in (declared or ""):
        problems.append(f"{package}: carries the CC BY-NC-SA model but declares {declared!r}")
    if not carries_model and declared != "MIT":
        problems.append(f"{package}: carries no model, so its licence must be MIT, not {declared!r}")
    problems += [f"{package}: {f} is not packed" for f in files if f not in names]
    problems += [f"{package}: does not depend on {d}" for d in needs if d not in deps]
    problems += [f"{package}: depends on {d}" for d in forbids if d in deps]
    problems += [f"{package}: {d} {v}, expected {ort}" for d, v in deps.items() if d.startswith("Microsoft.ML.OnnxRuntime") and v != ort]
    # Siblings share internals (InternalsVisibleTo), so each must pin the exact build of the others it was packed with.
    problems += [f"{package}: sibling {d} {v}, expected exactly [{version}]" for d, v in deps.items()
                 if d.startswith("EmotionRecognition") and v != f"[{version}]"]
    print(f"smoke: {package} {version}: licence {declared}, {len(names)} files, depends on {', '.join(sorted(deps)) or 'nothing'}")
for p in problems:
    print("smoke:", p)
sys.exit(1 if problems else 0)
