"""Reads the smoke app's key=value outputs. Usage:
  compare.py same A B            A and B gave the same emotion, provider aside, and probabilities within 1e-5
  compare.py get FILE KEY        prints the value of KEY
  compare.py agree A B           the clip=NAME EMOTION P… lines of A and B: how many clips got the same emotion, and the
                                 largest probability difference
  compare.py missing NAME...     prints, comma-separated, the libraries the dynamic loader cannot load here"""
import ctypes, sys

def clips(path):
    rows = {}
    for line in open(path, encoding="utf-8"):
        if line.startswith("clip="):
            name, emotion, *probabilities = line[5:].split()
            rows[name] = (emotion, [float(p) for p in probabilities])
    return rows

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
elif command == "agree":
    a, b = clips(sys.argv[2]), clips(sys.argv[3])
    if not a or a.keys() != b.keys():
        sys.exit(f"smoke: the runs classified different clips ({len(a)} vs {len(b)})")
    same = sum(a[n][0] == b[n][0] for n in a)
    largest = max(abs(x - y) for n in a for x, y in zip(a[n][1], b[n][1]))
    print(f"agreement: {same}/{len(a)} clips ({100 * same / len(a):.1f} %) get the same emotion; largest probability difference {largest:.2e}")
elif command == "missing":
    missing = []
    for name in sys.argv[2:]:
        try:
            ctypes.CDLL(name)
        except OSError:
            missing.append(name)
    print(",".join(missing))
