"""Writes seed inputs for a fuzz target from the shared vectors: python3 fuzz_seeds.py TARGET DIR."""
import json, os, sys

target, out = sys.argv[1], sys.argv[2]
here = os.path.dirname(os.path.abspath(__file__))
cases = json.load(open(os.path.join(here, "..", "tests", "vectors", "checksum.json")))["cases"]
for i, c in enumerate(cases):
    if target == "checksum_open" and c["kind"] == "string":
        p = c["params"].encode()[:200]
        # The target splits its input at len/3: params first, checksum after.
        ck = c["checksum"].encode()
        data = p + ck if len(p) * 2 == len(ck) else (b"x" * (len(ck) // 2)) + ck
    elif target == "params_json" and c["kind"] == "map":
        data = json.dumps(c["params"]).encode()
    else:
        continue
    open(os.path.join(out, "seed-%02d" % i), "wb").write(data)
