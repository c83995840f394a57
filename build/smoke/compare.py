"""Reads the smoke app's key=value outputs. Usage:
  compare.py same A B            A and B gave the same emotion, provider aside, and probabilities within 1e-5
  compare.py get FILE KEY        prints the value of KEY
  compare.py missing NAME...     prints, comma-separated, the libraries the dynamic loader cannot load here"""
import ctypes, sys

def read(path):
    values = {}
    for line in open(path, encoding="utf-8"):
        key, sep, value = line.rstrip("\n").partition("=")
        if sep:
            values.setdefault(key, value)
    return values

command = sys.argv[1]
if command == "get":
    value = read(sys.argv[2]).get(sys.argv[3])
    if value is None:
        sys.exit(f"smoke: {sys.argv[2]} has no {sys.argv[3]}")
    print(value)
elif command == "same":
    a, b = read(sys.argv[2]), read(sys.argv[3])
    pa = [float(x) for x in a["probabilities"].split()]
    pb = [float(x) for x in b["probabilities"].split()]
    if a["emotion"] != b["emotion"] or len(pa) != 7 or len(pb) != 7 or max(abs(x - y) for x, y in zip(pa, pb)) > 1e-5:
        sys.exit(f"smoke: results differ: {a['emotion']} {pa} vs {b['emotion']} {pb}")
elif command == "missing":
    missing = []
    for name in sys.argv[2:]:
        try:
            ctypes.CDLL(name)
        except OSError:
            missing.append(name)
    print(",".join(missing))
