"""Lists an app's restored packages from obj/project.assets.json with the licence each one's own .nuspec declares, and fails
on forbidden ones. Usage: ASSETS_JSON [--no-model-licence] [--require ID]..."""
import json, os, sys, xml.etree.ElementTree as ET

assets = json.load(open(sys.argv[1]))
folders = list(assets["packageFolders"])
forbid_model = "--no-model-licence" in sys.argv
required = [sys.argv[i + 1] for i, a in enumerate(sys.argv) if a == "--require"]
packages = {}
for key, library in assets["libraries"].items():
    if library.get("type") != "package":
        continue
    name, version = key.split("/")
    nuspec = None
    for folder in folders:
        candidate = os.path.join(folder, library["path"], name.lower() + ".nuspec")
        if os.path.exists(candidate):
            nuspec = candidate
            break
    if nuspec is None:
        sys.exit(f"smoke: no .nuspec found for {key}")
    meta = ET.parse(nuspec).getroot().find("{*}metadata")
    licence = meta.find("{*}license")
    packages[name] = licence.text if licence is not None else (meta.findtext("{*}licenseUrl") or "unknown")
problems = [f"{name} is in the graph" for name in packages if name.lower().startswith("torchsharp")]
problems += [f"{name} ({licence}) is in the graph" for name, licence in packages.items() if forbid_model and "NC" in licence.upper().split("-")]
problems += [f"{name} is not in the graph" for name in required if name not in packages]
print(f"smoke: {len(packages)} packages in the graph; model licence present: "
      f"{sorted(n for n, l in packages.items() if 'NC' in l.upper().split('-')) or 'none'}")
for p in problems:
    print("smoke:", p)
sys.exit(1 if problems else 0)
